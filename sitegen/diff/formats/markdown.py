"""A ``PlanDiff`` as Markdown: a pull-request comment, key numbers first, details folded.

Everything that comes from the plan or from git (names, ids, values, paths,
messages, refs) is shown as plain text: a PR comment must not run the HTML,
links or images a value holds, nor notify the people or cross-reference the
issues it names. So plan text is HTML-escaped, Markdown's inline punctuation is
backslash-escaped, and ``@`` and ``#`` before a digit get a zero-width space
(``&#8203;``, what Renovate and Dependabot write in their PR comments): GitHub
then links no mention and no issue, and the reader sees ``@ana`` unchanged.
Names in code spans are fenced with more backticks than they hold.
"""

from __future__ import annotations

import html
import re

from sitegen.diff.formats.labels import (
    consequence_label,
    counts_line,
    item_rows,
    pct_text,
    side,
    summary_rows,
    word,
)
from sitegen.diff.model import (
    PlanDiff,
    SectionChange,
    show,
)
from sitegen.translation import N_, Message

_INLINE = re.compile(r"([\\`*_\[\]~!|])")  # what starts emphasis, code, links, images, tables
_BACKTICKS = re.compile(r"`+")


def _unlinked(text: str) -> str:
    """No @mention, no #123 issue link: a zero-width space after the sign."""
    return re.sub(r"#(?=\d)", "#&#8203;", text).replace("@", "@&#8203;")  # # first: "&#8203;" has one


def _html_text(value: str) -> str:
    """Plan text inside HTML (a ``<summary>``): escaped, mentions broken."""
    return _unlinked(html.escape(" ".join(value.split()), quote=False))


def _text(value: str) -> str:
    """Plan text in Markdown as plain text (see the module docstring)."""
    return _unlinked(_INLINE.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False)))


def _code(value: str) -> str:
    """``value`` as a code span however many backticks it holds (CommonMark: a longer fence)."""
    value = " ".join(value.split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _details(title: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{title}</summary>", "", *body, "", "</details>", ""]


def _folded(title: str, head: list[str], rows: list[str]) -> list[str]:
    """Rows (one a change) under their head, folded and titled with their count; nothing when none."""
    return _details(f"{title} ({len(rows)})", [*head, *rows]) if rows else []


def _md_where(s: SectionChange) -> str:
    return f"{_code(s.old_path)} → {_code(s.path)}" if s.old_path else _code(s.path)


def render_markdown(diff: PlanDiff, language: str = "en") -> str:
    """A pull-request comment in the plan's ``language``: key numbers first, every detail folded."""
    def say(message: Message) -> str:
        return message.text(language)

    def cols(*names: Message) -> str:
        return "| " + " | ".join(say(n) for n in names) + " |"

    before, after = side(diff.before, language), side(diff.after, language)
    title = N_("Sales plan changes: %(before)s → %(after)s", before=_code(before), after=_code(after))
    out = [f"### {title.text(language)}", "", counts_line(diff, language), ""]
    if diff.empty:
        return "\n".join([*out, say(N_("No changes to the plan.")), ""])
    change = say(N_("Change"))
    out += [f"| | {_text(before)} | {_text(after)} | {change} |", "|---|---:|---:|---:|"]
    out += [
        f"| {label} | {old} | {new} | {change} |" for label, old, new, change in summary_rows(diff, language)
    ]
    out.append("")
    out += _folded(
        say(N_("Sections")),
        [cols(N_("Section"), N_("Change")), "|---|---|"],
        [f"| {_md_where(s)} | {word(s.status, language)} |" for s in diff.sections],
    )
    out += _folded(
        say(N_("Changed fields")),
        [cols(N_("What"), N_("Change"), N_("Fields")), "|---|---|---|"],
        [
            f"| {word(item.kind, language)} {_code(item.id)} | {word(item.status, language)} | "
            f"{_text('; '.join(item_rows(item)))} |"
            for item in diff.items
        ],
    )
    out += _folded(
        say(N_("Consequences")),
        [cols(N_("Consequence"), N_("Before"), N_("After"), N_("Change")), "|---|---:|---:|---:|"],
        [
            f"| {_text(consequence_label(c, language))} | {_text(show(c.old))} | {_text(show(c.new))} | {pct_text(c.pct)} |"
            for c in diff.consequences
        ],
    )
    out += _folded(
        say(N_("Warnings")),
        [],
        [
            f"- **{word(w.status, language)}** {_code(w.path)}: {_text(w.text(language))} `[{w.code}]`"
            for w in diff.warnings
        ],
    )
    for p in diff.prose:
        out += _details(
            say(N_("Prose")) + f": <code>{_html_text(p.path)}</code>", ["```diff", p.diff.replace("```", "ˋˋˋ"), "```"]
        )
    return "\n".join(out)
