"""A ``PlanDiff`` as text for a terminal (coloured when it is one).

Plan text (names, values, paths, prose) is printed through `visible`, as
diagnostics are: an escape sequence or a bidi override in the plan shows as
``\\x1b`` / ``\\u202e`` instead of acting on the terminal.
"""

from __future__ import annotations

from sitegen.diagnostics import visible
from sitegen.diff.formats.labels import (
    consequence_label,
    counts_line,
    field_text,
    item_rows,
    pct_text,
    summary_rows,
)
from sitegen.diff.model import (
    PlanDiff,
    show,
)

_STYLE = {
    "added": "\033[32m",
    "appeared": "\033[33m",
    "removed": "\033[31m",
    "disappeared": "\033[32m",
    "head": "\033[1m",
}
_RESET = "\033[0m"


def _paint(text: str, style: str, colour: bool) -> str:
    text = visible(text)
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
                + (f"  ({visible(extra)})" if extra else "")
            )
    if diff.items:
        out += ["", _paint("Changes", "head", colour)]
        for item in diff.items:
            out.append(_paint(f"  {item.status:<8} {item.kind} {item.id}", item.status, colour))
            out += [f"             {visible(row)}" for row in item_rows(item)]
    if diff.consequences:
        out += ["", _paint("Consequences", "head", colour)]
        for c in diff.consequences:
            pct = pct_text(c.pct)
            out.append(
                visible(f"  {consequence_label(c)}: {show(c.old)} → {show(c.new)}")
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
