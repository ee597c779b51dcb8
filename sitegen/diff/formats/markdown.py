"""A ``PlanDiff`` as Markdown: a pull-request comment, key numbers first, details folded."""

from __future__ import annotations

from sitegen.diff.formats.labels import (
    consequence_label,
    counts_line,
    item_rows,
    pct_text,
    summary_rows,
)
from sitegen.diff.model import (
    PlanDiff,
    SectionChange,
    show,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _details(title: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{title}</summary>", "", *body, "", "</details>", ""]


def _folded(title: str, head: list[str], rows: list[str]) -> list[str]:
    """Rows (one a change) under their head, folded and titled with their count; nothing when none."""
    return _details(f"{title} ({len(rows)})", [*head, *rows]) if rows else []


def _md_where(s: SectionChange) -> str:
    return f"`{s.old_path}` → `{s.path}`" if s.old_path else f"`{s.path}`"


def render_markdown(diff: PlanDiff) -> str:
    """A pull-request comment: key numbers first, every detail folded."""
    out = [f"### Sales plan changes: `{diff.before}` → `{diff.after}`", "", counts_line(diff), ""]
    if diff.empty:
        return "\n".join([*out, "No changes to the plan.", ""])
    out += [f"| | {_cell(diff.before)} | {_cell(diff.after)} | Change |", "|---|---:|---:|---:|"]
    out += [
        f"| {label} | {old} | {new} | {change} |" for label, old, new, change in summary_rows(diff)
    ]
    out.append("")
    out += _folded(
        "Sections",
        ["| Section | Change |", "|---|---|"],
        [f"| {_md_where(s)} | {s.status} |" for s in diff.sections],
    )
    out += _folded(
        "Changed fields",
        ["| What | Change | Fields |", "|---|---|---|"],
        [
            f"| {item.kind} `{_cell(item.id)}` | {item.status} | {_cell('; '.join(item_rows(item)))} |"
            for item in diff.items
        ],
    )
    out += _folded(
        "Consequences",
        ["| Consequence | Before | After | Change |", "|---|---:|---:|---:|"],
        [
            f"| {_cell(consequence_label(c))} | {show(c.old)} | {show(c.new)} | {pct_text(c.pct)} |"
            for c in diff.consequences
        ],
    )
    out += _folded(
        "Warnings",
        [],
        [f"- **{w.status}** `{w.path}`: {w.message} `[{w.code}]`" for w in diff.warnings],
    )
    for p in diff.prose:
        out += _details(
            f"Prose: <code>{p.path}</code>", ["```diff", p.diff.replace("```", "ˋˋˋ"), "```"]
        )
    return "\n".join(out)
