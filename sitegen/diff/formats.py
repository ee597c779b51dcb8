"""A ``PlanDiff`` as text (coloured on a terminal), Markdown (a pull-request comment) or JSON.

All formats read the same rows (``summary_rows``, ``item_rows``,
``consequence_rows``), so a number reads the same in a terminal, a PR comment
and the site.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

from sitegen.diff.model import (
    Consequence,
    FieldChange,
    ItemChange,
    PlanDiff,
    SectionChange,
    percent_change,
    plain_value,
    show,
)

__all__ = [
    "FORMATS",
    "consequence_label",
    "format_diff",
    "render_json",
    "render_markdown",
    "render_text",
]

MEASURES = {
    "won": "won deals",
    "required": "required at stage",
    "per_rep_per_day": "per rep per day",
    "use": "capacity use",
    "needed_hours": "hours needed",
    "total": "total",
    "lines": "budget lines",
    "campaigns": "campaign budgets",
    "planned": "planned",
    "remaining": "remaining",
    "revenue_target": "revenue target",
    "deals": "deals to win",
    "leads": "leads needed",
    "activities_per_rep_per_day": "activities per rep per day",
    "capacity_use": "capacity use",
}


def pct_text(pct: Decimal | None) -> str:
    return "" if pct is None else f"{'+' if pct > 0 else ''}{show(pct)}%"


def consequence_label(c: Consequence) -> str:
    """``goal smb-2027: required at stage lead`` — subject, measure, detail."""
    what = MEASURES.get(c.measure, c.measure.replace("_", " "))
    head = f"{c.scope} {c.subject}".strip() if c.scope != "headline" else "plan"
    return f"{head}: {what}" + (f" {c.detail}" if c.detail else "")


def field_text(f: FieldChange) -> str:
    pct = pct_text(f.pct)
    return f"{f.field}: {show(f.old)} → {show(f.new)}" + (f" ({pct})" if pct else "")


def summary_rows(diff: PlanDiff) -> list[tuple[str, str, str, str]]:
    """Key numbers before/after: (label, before, after, change)."""
    if diff.key_before is None or diff.key_after is None:
        return []
    labels = {
        "revenue_target": "Revenue target",
        "won_deals": "Won deals",
        "top_stage_leads": "Leads (top stage)",
        "budget_planned": "Budget planned",
    }
    rows = []
    for name, label in labels.items():
        old, new = getattr(diff.key_before, name), getattr(diff.key_after, name)
        change = "=" if old == new else pct_text(percent_change(old, new))
        rows.append((label, show(old), show(new), change))
    return rows


def item_rows(item: ItemChange) -> list[str]:
    return [field_text(f) for f in item.fields]


def counts_line(diff: PlanDiff) -> str:
    c = diff.counts()
    return (
        f"{c['sections']} section change(s), {c['fields']} changed item(s), "
        f"{c['consequences']} consequence(s), {c['warnings']} warning change(s), {c['prose']} prose change(s)"
    )


# -- text ----------------------------------------------------------------------------------

_STYLE = {
    "added": "\033[32m",
    "appeared": "\033[33m",
    "removed": "\033[31m",
    "disappeared": "\033[32m",
    "head": "\033[1m",
}
_RESET = "\033[0m"


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if colour and style in _STYLE else text


def render_text(diff: PlanDiff, colour: bool = False) -> str:
    out = [
        _paint(f"Plan changes: {diff.before} → {diff.after}", "head", colour),
        counts_line(diff),
        "",
    ]
    if diff.empty:
        return "\n".join([*out, "No changes.", ""])
    for label, old, new, change in summary_rows(diff):
        out.append(f"  {label:<20} {old:>16} → {new:<16} {change}")
    if diff.sections:
        out += ["", _paint("Sections", "head", colour)]
        for s in diff.sections:
            where = f"{s.old_path} → {s.path}" if s.old_path else s.path
            extra = "; ".join(field_text(f) for f in s.fields)
            out.append(
                _paint(f"  {s.status:<8} {where}", s.status, colour)
                + (f"  ({extra})" if extra else "")
            )
    if diff.items:
        out += ["", _paint("Changes", "head", colour)]
        for item in diff.items:
            out.append(_paint(f"  {item.status:<8} {item.kind} {item.id}", item.status, colour))
            out += [f"             {row}" for row in item_rows(item)]
    if diff.consequences:
        out += ["", _paint("Consequences", "head", colour)]
        for c in diff.consequences:
            pct = pct_text(c.pct)
            out.append(
                f"  {consequence_label(c)}: {show(c.old)} → {show(c.new)}"
                + (f" ({pct})" if pct else "")
            )
    if diff.warnings:
        out += ["", _paint("Warnings", "head", colour)]
        for w in diff.warnings:
            out.append(
                _paint(f"  {w.status:<11} {w.path}: {w.message} [{w.code}]", w.status, colour)
            )
    for p in diff.prose:
        out += ["", _paint(f"Prose: {p.path}", "head", colour)]
        for line in p.diff.splitlines():
            style = "added" if line.startswith("+") else "removed" if line.startswith("-") else ""
            out.append(_paint(line, style, colour and not line.startswith(("+++", "---"))))
    return "\n".join(out) + "\n"


# -- markdown ------------------------------------------------------------------------------


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


# -- json ----------------------------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """Dataclasses → dicts (with their ``pct``), decimals → numbers; stable for ``sort_keys``."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
        if hasattr(value, "pct"):
            data["pct"] = to_plain(value.pct)
        return data
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return plain_value(value)


def render_json(diff: PlanDiff) -> str:
    data = to_plain(diff)
    data["counts"] = diff.counts()
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def format_diff(diff: PlanDiff, fmt: str, colour: bool = False) -> str:
    if fmt == "json":
        return render_json(diff)
    if fmt == "markdown":
        return render_markdown(diff)
    if fmt == "html":
        from sitegen.diff.html import render_html

        return render_html(diff)
    return render_text(diff, colour)


FORMATS = ("text", "markdown", "json", "html")
