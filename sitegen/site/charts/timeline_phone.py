"""The campaign timeline on a phone: each campaign's name on its own line above its bar.

A phone's plot is about 330 px wide. With the names on the y axis the bars had
a third of it and every name was cut to a dozen characters. Below a plot
width set in sitegen.js (`NARROW_PLOT`) the timeline instead takes a second
layout that the figure carries in `layout.meta.narrow`: the y axis is counted
in pixels from the top, each name is an annotation, whole, on as many lines
as it needs over the full width, its bar sits under it, and a segment's name
heads its group. Only the names' room changes; the bars, goal bands and review
marker keep their dates, and the review date's line stops short of the names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

from sitegen.site.charts.axes import balanced_lines

__all__ = ["BAR_PX", "CHROME_PX", "Entry", "Stack", "around_names", "name_lines", "stack_rows", "stacked_axis"]

LINE_PX = 16  # a line of a name at 12 px
BAR_PX = 14
GAP_PX = 10  # under a bar, before the next name
HEADING_PX = 8  # more air above a segment's name
WRAP = 42  # Latin widths on a line (CJK count double): about 270 px of 12 px text, a 360 px phone's plot
REVIEW_PX = 18  # a row of room at the top for the review date's label
NAME_AIR = 2  # px between a name and the review line's pieces above and under it
CHROME_PX = 110  # the legend above the plot and the month axis under it, on a phone and a desktop: a first guess (sitegen.js)

# every name's annotation is placed the same way; the template says it once for all of them
_NAME = {"xref": "paper", "x": 0, "xanchor": "left", "yref": "y", "yanchor": "top", "showarrow": False,
         "align": "left", "font": {"size": 12}}


@dataclass(frozen=True)
class Entry:
    """A row of the timeline: a campaign (its id and name) or a segment's heading (id "")."""

    id: str
    name: str

    @property
    def heading(self) -> bool:
        return not self.id


@dataclass
class Stack:
    """Where each campaign's row (top, bottom) and bar (centre) are, in px from the top."""

    spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    bars: dict[str, float] = field(default_factory=dict)
    names: list[dict[str, Any]] = field(default_factory=list)  # annotations
    height: float = 0


def stack_rows(entries: Sequence[Entry], review: bool) -> Stack:
    """Each entry's name, then (for a campaign) its bar, top to bottom."""
    stack = Stack()
    cursor = float(REVIEW_PX if review else 0) + 4
    for entry in entries:
        if entry.heading:
            cursor += HEADING_PX if stack.names else 0
            stack.names.append({"y": cursor, "text": f"<b>{name_lines(entry.name, WRAP)}</b>"})
            cursor += LINE_PX * _lines(stack.names[-1]["text"])
            continue
        top = cursor
        stack.names.append({"y": cursor, "text": name_lines(entry.name, WRAP)})
        cursor += LINE_PX * _lines(stack.names[-1]["text"]) + 1
        stack.bars[entry.id] = cursor + BAR_PX / 2
        cursor += BAR_PX + GAP_PX
        stack.spans[entry.id] = (top, cursor)
    stack.height = cursor
    return stack


@lru_cache(maxsize=8192)  # a campaign's name is laid out on its section's timeline and the calendar's, for desktop and phone
def name_lines(name: str, width: int) -> str:
    """`name` whole, on even lines of at most `width` Latin widths (Plotly's `<br>`), each escaped
    (Plotly reads tick and annotation text as a little HTML)."""
    return "<br>".join(escape(line, quote=False) for line in balanced_lines(name, width))


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def around_names(line: dict[str, Any], stack: Stack) -> list[dict[str, Any]]:
    """The review date's line (a shape over the plot's height) in pieces that stop short of every
    name: a dashed line through a line of text makes both hard to read. It starts under its
    label (the date, in the row kept for it at the top)."""
    pieces: list[dict[str, Any]] = []
    top = float(REVIEW_PX)
    for name in stack.names:
        if name["y"] - NAME_AIR > top + 2:
            pieces.append({**line, "yref": "y", "y0": top, "y1": name["y"] - NAME_AIR})
        top = name["y"] + LINE_PX * _lines(name["text"]) + NAME_AIR
    return [*pieces, {**line, "yref": "y", "y0": top, "y1": stack.height}]


def stacked_axis(stack: Stack) -> dict[str, Any]:
    """The narrow layout's own keys: a y axis in px from the top without labels (the names are
    annotations), no room kept for it on the left, the names' shared placement, the height."""
    return {
        "height": round(stack.height) + CHROME_PX,
        "margin": {"l": 34},  # room for half the first month's name under the axis ("2027年1月")
        "yaxis": {"type": "linear", "range": [stack.height, 0], "showticklabels": False, "ticks": "",
                  "showgrid": False, "zeroline": False, "automargin": False},
        "template": {"layout": {"annotationdefaults": _NAME}},
    }
