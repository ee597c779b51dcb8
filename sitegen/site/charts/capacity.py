"""Capacity as a roles × months heat map (PLAN_FORMAT §7 on the site).

One row per role title, one column per month of the plan, then the quarters
and years (fiscal when the plan has a fiscal year), each the sum of its
months: use = Σ hours needed ÷ Σ hours available. The colour is green
up to 85 %, amber up to 100 % and red above it; overloaded cells are also
outlined and marked ▲ so the heat map reads without colour, and the data
table lists every cell's hours.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sitegen.compute.results import CapacityMonth
from sitegen.model.period import parse_period
from sitegen.site.charts.axes import short_labels
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translate

__all__ = ["NEAR_FULL", "Column", "capacity_columns", "capacity_heatmap"]

OVER = "▲"
EMPTY = "—"  # a cell without hours
NEAR_FULL = Fraction(85, 100)  # above this share of its hours a role is near full: amber here and on the dashboard


@dataclass(frozen=True)
class Column:
    """A heat-map column: a month, or a quarter or year made of months."""

    label: str
    months: tuple[str, ...]  # "YYYY-MM"
    kind: str = "month"  # "month", "quarter" or "year"


def _fiscal_year(month: dt.date, start: int, label: str) -> tuple[int, int]:
    """(FY number, quarter 1–4) of a month for a fiscal year starting in month `start`."""
    first_year = month.year if month.month >= start else month.year - 1
    quarter = ((month.month - start) % 12) // 3 + 1
    named = first_year + 1 if label == "end" and start != 1 else first_year
    return named, quarter


def capacity_columns(months: Sequence[str], fmt: Formatter, fiscal_start: int = 1, fiscal_label: str = "end") -> list[Column]:
    """Months, then the quarters, then the years they make up (fiscal when `fiscal_start` ≠ 1)."""
    days = [dt.date(int(m[:4]), int(m[5:]), 1) for m in months]
    columns = [Column(fmt.month(d, short=True), (m,)) for d, m in zip(days, months, strict=True)]
    quarters: dict[str, list[str]] = {}
    years: dict[str, list[str]] = {}
    for d, m in zip(days, months, strict=True):
        if fiscal_start == 1:
            quarter, year = f"{d.year}-Q{(d.month - 1) // 3 + 1}", f"{d.year}"
        else:
            fy, q = _fiscal_year(d, fiscal_start, fiscal_label)
            quarter, year = f"FY{fy}-Q{q}", f"FY{fy}"
        quarters.setdefault(quarter, []).append(m)
        years.setdefault(year, []).append(m)
    for kind, group in (("quarter", quarters), ("year", years)):
        for label, members in group.items():
            columns.append(Column(fmt.period(parse_period(label, fiscal_start, fiscal_label)), tuple(members), kind))
    return columns


def _sums(rows: Sequence[CapacityMonth], column: Column) -> tuple[Fraction, Fraction]:
    mine = [r for r in rows if r.month in column.months]
    return sum((r.needed for r in mine), Fraction(0)), sum((r.available for r in mine), Fraction(0))


def _cell(needed: Fraction, available: Fraction, fmt: Formatter) -> tuple[float | None, str, bool]:
    """(z in %, the cell's text, overloaded?): no hours but work is overloaded, not infinite.
    z is rounded up to a tenth, so that it is in the band the exact use is in: 85.04 % rounded
    was 85.0, green, while the dashboard called the role near full; 100.04 % was amber with ▲."""
    if not available:
        return (None, f"<b>{EMPTY} {OVER}</b>", True) if needed else (None, EMPTY, False)
    use = needed / available
    over = needed > available
    shown = f"<b>{fmt.percent(use)} {OVER}</b>" if over else fmt.percent(use)  # readable without colour
    return math.ceil(use * 1000) / 10, shown, over


def capacity_heatmap(
    chart_id: str, rows: Sequence[CapacityMonth], t: Translate, fmt: Formatter,
    fiscal_start: int = 1, fiscal_label: str = "end",
) -> Chart | None:
    """Roles × months (and quarters, years) of hours needed ÷ hours available; None without a team."""
    if not rows:
        return None
    roles = list(dict.fromkeys(r.role for r in rows))
    months = list(dict.fromkeys(r.month for r in rows))
    columns = capacity_columns(months, fmt, fiscal_start, fiscal_label)
    names = [role if role is not None else t("activity.whole_team") for role in roles]
    labels = short_labels(names)  # axis labels; the hover and the table give the full title
    z, text, outlines = [], [], []
    cells_by_role: list[list[str]] = []
    for y, role in enumerate(roles):
        mine = [r for r in rows if r.role == role]
        line_z, line_text, cells = [], [], []
        for x, column in enumerate(columns):
            needed, available = _sums(mine, column)
            value, shown, over = _cell(needed, available, fmt)
            line_z.append(value)
            line_text.append(shown)
            cells.append(_table_cell(needed, available, fmt))
            if over:
                outlines.append(_outline(x, y))
        z.append(line_z)
        text.append(line_text)
        cells_by_role.append(cells)
    top, z = _scale(z, text)
    hover = [[[name, shown] for shown in line] for name, line in zip(names, text, strict=True)]
    empty, shown_text = _empty_cells(text, columns, labels)  # the hover keeps "—"
    shown_text = _drawn(z, shown_text)
    figure = {
        "data": [{
            "type": "heatmap", "x": [c.label for c in columns], "y": labels, "z": z, "text": shown_text,
            "customdata": hover,
            "texttemplate": "%{text}", "hovertemplate": "%{customdata[0]}<br>%{x}: %{customdata[1]}<extra></extra>",
            "zmin": 0, "zmax": top, "xgap": 2, "ygap": 2,
            "colorscale": _bands(100 / top),
            "colorbar": _colour_bar(top, fmt),
            "textfont": {"color": "var(--heat-text)", "size": 10},
        }, *empty],
        "layout": {
            "margin": {"l": 48, "r": 16, "t": 8, "b": 8},
            # ranges set: the "—" marks' text trace would pad them
            "xaxis": {"type": "category", "automargin": True, "side": "top", "tickangle": -45,
                      "range": [-0.5, len(columns) - 0.5]},
            "yaxis": {"type": "category", "automargin": True, "range": [len(roles) - 0.5, -0.5]},
            "shapes": [*outlines, *_dividers(columns, len(roles))],
            # full names for the labels a phone shows above the rows while the cells scroll (sitegen.js);
            # on paper a month's cell is ~23 px, narrower than "138%", so the cells go without figures
            # (colour, outline and the table printed with the chart give them; sitegen.js `meta.print`)
            "meta": {"row_labels": names, "print": {"traces": [{"texttemplate": ""}]}},
        },
    }
    # One row per month, quarter and year, one column per role: it fits a printed page and a phone.
    headers = [t("field.period"), *names]
    table_rows = [(c.label, *(cells[x] for cells in cells_by_role)) for x, c in enumerate(columns)]
    table = Table(headers, table_rows, (False, *(True,) * len(names)))
    return Chart(chart_id, t("chart.capacity_title"), figure, table, t("chart.capacity_note"), height=140 + 44 * len(roles))


def _scale(z: list[list[float | None]], text: list[list[str]]) -> tuple[float, list[list[float | None]]]:
    """The scale's top in %, and the cells' values: a cell of work but no hours sits at the top
    of the scale (overloaded), with room above 100 % when no other cell is over."""
    top = max([100.0, *(v for line in z for v in line if v is not None)])
    if top == 100.0 and any(v is None and OVER in cell for line, shown in zip(z, text, strict=True)
                            for v, cell in zip(line, shown, strict=True)):
        top = 101.0
    filled = [[top if v is None and OVER in cell else v for v, cell in zip(line, shown, strict=True)]
              for line, shown in zip(z, text, strict=True)]
    return top, filled


def _empty_cells(text: list[list[str]], columns: Sequence[Column], labels: Sequence[str]) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """A text trace of "—" over the cells of a role without hours or work (none when every role has
    hours: a trace without marks draws nothing and reads as a broken chart), and the heat map's
    cell text without them. Those cells have no fill, so their mark takes the page's colours (the
    heat map's own text is dark on the coloured bands in dark mode, and vanished there)."""
    spots = [(column.label, label) for label, shown in zip(labels, text, strict=True)
             for column, cell in zip(columns, shown, strict=True) if cell == EMPTY]
    trace = {"type": "scatter", "mode": "text", "x": [x for x, _ in spots], "y": [y for _, y in spots],
             "text": [EMPTY] * len(spots), "textfont": {"color": "var(--muted)", "size": 10},
             "hoverinfo": "skip", "showlegend": False}
    return [trace] if spots else [], [["" if cell == EMPTY else cell for cell in shown] for shown in text]


def _band(value: float | None) -> str:
    """The band a cell's value is drawn in, as `_bands` draws it: "ok", "near" or "over"."""
    if value is not None and value > 100:
        return "over"
    return "near" if value is not None and value > float(NEAR_FULL * 100) else "ok"


def _drawn(z: list[list[float | None]], text: list[list[str]]) -> list[list[str]]:
    """Each cell's text as drawn: in its band's ink (`--heat-ok-text` …; in light mode the
    overloaded band is dark enough to stand off the page and takes light text, the others dark
    text, and Plotly draws one text colour per trace), and ▲ under the figure: "138% ▲" in bold
    is wider than a month's cell, and its edges were lost under the outline and on the next cell."""
    return [[f'<span style="color:var(--heat-{_band(v)}-text)">{cell.replace(f" {OVER}", f"<br>{OVER}")}</span>'
             if cell else cell for v, cell in zip(line, shown, strict=True)] for line, shown in zip(z, text, strict=True)]


def _bands(full: float) -> list[list[Any]]:
    """Three flat bands, no blend between them: room left (up to 85 %), near full, overloaded.
    A blend made a 92 % cell a colour of its own, between green and amber; the theme gives
    each band a colour that stands off the page in light and dark (`--heat-*`)."""
    step = 1e-6
    bands = [[0, "var(--heat-ok)"], [full * NEAR_FULL, "var(--heat-ok)"],
             [full * NEAR_FULL + step, "var(--heat-near)"], [full, "var(--heat-near)"]]
    if full < 1:  # some cell is over 100 %: the scale goes past it
        bands += [[full + step, "var(--heat-over)"], [1, "var(--heat-over)"]]
    return bands


def _table_cell(needed: Fraction, available: Fraction, fmt: Formatter) -> str:
    """The data table's cell: use, then hours needed / available ("129% ▲ · 806 / 626 h"; the
    unit tied to its number by a no-break space, so a narrow printed column never leaves it alone)."""
    use = fmt.percent(needed / available) if available else "—"
    mark = f" {OVER}" if needed > available else ""
    return f"{use}{mark} · {fmt.number(needed, 0)} / {fmt.number(available, 0)}\u00a0h"


def _outline(x: int, y: int) -> dict[str, Any]:
    """An overloaded cell's outline, in a colour that stands off the band's red (`--heat-over-line`):
    in `--bad` it was the red's own hue and vanished on it in both modes."""
    return {"type": "rect", "xref": "x", "yref": "y", "x0": x - 0.5, "x1": x + 0.5, "y0": y - 0.5, "y1": y + 0.5,
            "line": {"color": "var(--heat-over-line)", "width": 2}}


def _dividers(columns: Sequence[Column], roles: int) -> list[dict[str, Any]]:
    """Solid lines before the quarter columns and before the year columns."""
    starts = [next(i for i, c in enumerate(columns) if c.kind == kind) for kind in ("quarter", "year")]
    return [
        {"type": "line", "xref": "x", "yref": "y", "x0": i - 0.5, "x1": i - 0.5, "y0": -0.5, "y1": roles - 0.5,
         "line": {"color": "var(--text)", "width": 2}}
        for i in starts
    ]


def _colour_bar(top: float, fmt: Formatter) -> dict:
    """Ticks at 0 % and 100 %, and at the peak when it stands clear of 100 %: a peak of 106 %
    printed on a bar as short as one role's row sat on top of the 100 % label (the peak's own
    cell says it, with its ▲)."""
    ticks = [(0.0, fmt.percent(0)), (100.0, fmt.percent(1))]
    if top - 100 >= 0.15 * top:
        ticks.append((top, fmt.percent(top / 100)))
    return {"tickvals": [v for v, _ in ticks], "ticktext": [label for _, label in ticks], "thickness": 10}
