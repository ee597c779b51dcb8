"""Plain data that the theme's macros display: tables, charts and links.

Page builders (one per section kind, later) compute these from the model and
pass them to templates; templates only lay them out. Cells are display
strings already formatted by `Formatter`, so templates never do arithmetic
and a chart's data table shows exactly the numbers the chart plots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BigNumber", "Cell", "Chart", "Link", "Table"]


@dataclass(frozen=True, slots=True)
class Link:
    """A reference as a page shows it: the thing's name, and an href relative to that page.

    `str(link)` is the name, so a theme that prints a table cell as text still reads well."""

    text: str
    href: str

    def __str__(self) -> str:
        return self.text


# A table cell: a display string, a reference shown as a link, or several of them in one cell.
Cell = str | Link | tuple[str | Link, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A data table: header labels, rows of display strings, which columns are numeric.

    A cell may also be a `Link` (a reference shown as a link) or a tuple of
    strings and links (several references in one cell): a `Cell`.

    With `row_headers`, each row's first cell is a `<th scope="row">`, which
    is what screen readers announce when moving along a row.
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    numeric: Sequence[bool] = ()
    caption: str | None = None
    row_headers: bool = True
    row_ids: Sequence[str] = ()  # HTML id of each row, so other pages can link to it ("" for none)

    def row_id(self, row: int) -> str:
        """The row's anchor, or "" (templates call this instead of indexing)."""
        return self.row_ids[row] if row < len(self.row_ids) else ""

    def is_numeric(self, column: int) -> bool:
        """Right-align this column? (Templates call this instead of indexing.)"""
        return column < len(self.numeric) and bool(self.numeric[column])


@dataclass(frozen=True, slots=True)
class BigNumber:
    """One figure shown large where a chart would draw a single bar: a lone bar compares
    nothing, and its axis makes the number harder to read than the number itself.

    `tone` (neutral | good | warn | bad) colours it; `mark` (▲, ✓, ✕ …) and the
    words of `note` say the same without colour.
    """

    value: str
    label: str = ""  # what the number is about ("Q1 2027 · Mid-market")
    note: str | None = None
    tone: str = "neutral"
    mark: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A Plotly figure (`{"data": [...], "layout": {...}}`) plus its numbers as a table.

    `id` must be unique on its page (it becomes the figure's HTML id). Colours
    may be written as `"var(--plane-sales)"`; `sitegen.js` resolves them from
    the stylesheet, so charts follow the light or dark scheme.
    """

    id: str
    title: str
    figure: Mapping[str, Any]
    table: Table
    description: str | None = None
    height: int = field(default=360)
    tile: BigNumber | None = None  # set: the theme shows this number instead of the figure (see BigNumber)
