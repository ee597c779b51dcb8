"""A ``PlanDiff`` as one standalone HTML page (no assets, no outside requests).

For attaching to a review or opening from CI artifacts; the site's own
"What changed" page is a theme template instead (``changes.html``).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from html import escape

from sitegen.diff.formats.labels import (
    consequence_label,
    counts_line,
    item_rows,
    pct_text,
    side,
    summary_rows,
    word,
)
from sitegen.diff.model import PlanDiff, show
from sitegen.translation import N_, Message

__all__ = ["render_html"]

CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccd;padding:.3rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.added,.appeared{color:#0a6a2a}.removed,.disappeared{color:#a0201a}
pre{background:#f5f6f8;padding:.6rem;overflow:auto}.ins{color:#0a6a2a}.del{color:#a0201a}
@media (prefers-color-scheme:dark){body{background:#111418;color:#e6e8eb}pre{background:#1c2026}}
"""


def _table(headers: list[str], rows: list[list[str]], numeric: AbstractSet[int] = frozenset()) -> str:
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _diff_lines(text: str) -> str:
    out = []
    for line in text.splitlines():
        cls = (
            "ins"
            if line.startswith("+") and not line.startswith("+++")
            else "del"
            if line.startswith("-") and not line.startswith("---")
            else ""
        )
        out.append(f"<span class='{cls}'>{escape(line)}</span>" if cls else escape(line))
    return "\n".join(out)


def render_html(diff: PlanDiff, language: str = "en") -> str:
    """The diff as a page in the plan's ``language``."""
    e = escape

    def say(message: Message) -> str:
        return message.text(language)

    sides = side(diff.before, language), side(diff.after, language)
    title = say(N_("Plan changes: %(before)s → %(after)s", before=sides[0], after=sides[1]))
    before, after = (f"<code>{e(ref)}</code>" for ref in sides)
    heading = say(N_("Plan changes: %(before)s → %(after)s", before=before, after=after))
    parts = [
        "<!DOCTYPE html>",
        f"<html lang='{e(language)}'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{heading}</h1>",
        f"<p>{e(counts_line(diff, language))}</p>",
    ]
    rows = [[e(a), e(b), e(c), e(d)] for a, b, c, d in summary_rows(diff, language)]
    parts.append(_table(["", *sides, say(N_("Change"))], rows, {1, 2, 3}))
    if diff.sections:
        rows = [
            [
                f"<span class='{s.status}'>{e(word(s.status, language))}</span>",
                e(f"{s.old_path} → {s.path}" if s.old_path else s.path),
                e(s.title),
            ]
            for s in diff.sections
        ]
        parts += [f"<h2>{e(say(N_('Sections')))}</h2>",
                  _table([say(N_("Change")), say(N_("File")), say(N_("Title"))], rows)]
    if diff.items:
        rows = [
            [
                e(f"{word(i.kind, language)} {i.id}"),
                f"<span class='{i.status}'>{e(word(i.status, language))}</span>",
                "<br>".join(e(r) for r in item_rows(i)),
            ]
            for i in diff.items
        ]
        parts += [f"<h2>{e(say(N_('Changed fields')))}</h2>",
                  _table([say(N_("What")), say(N_("Change")), say(N_("Fields"))], rows)]
    if diff.consequences:
        rows = [
            [e(consequence_label(c, language)), e(show(c.old)), e(show(c.new)), e(pct_text(c.pct))]
            for c in diff.consequences
        ]
        parts += [
            f"<h2>{e(say(N_('Consequences')))}</h2>",
            _table([say(N_("Number")), say(N_("Before")), say(N_("After")), say(N_("Change"))], rows, {1, 2, 3}),
        ]
    if diff.warnings:
        items = "".join(
            f"<li class='{w.status}'>{e(word(w.status, language))}: <code>{e(w.path)}</code> "
            f"{e(w.text(language))} [{e(w.code)}]</li>"
            for w in diff.warnings
        )
        parts += [f"<h2>{e(say(N_('Warnings')))}</h2>", f"<ul>{items}</ul>"]
    for p in diff.prose:
        parts += [f"<h2>{e(say(N_('Prose')))}: <code>{e(p.path)}</code></h2>", f"<pre>{_diff_lines(p.diff)}</pre>"]
    if diff.empty:
        parts.append(f"<p>{e(say(N_('No changes.')))}</p>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
