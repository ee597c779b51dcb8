"""Capacity as a roles × months heat map (PLAN_FORMAT §7 on the site).

One row per role title, one column per month of the plan, then the quarters
and years (fiscal when the plan has a fiscal year), each the sum of its
months: use = Σ hours needed ÷ Σ hours available. The colour turns from
green through amber at 100 % to red above it; overloaded cells are also
outlined and marked ▲ so the heat map reads without colour, and the data
table lists every cell's hours.
"""

from __future__ import annotations

import datetime as dt
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

__all__ = ["Column", "capacity_columns", "capacity_heatmap"]

OVER = "▲"


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
    """(z in %, the cell's text, overloaded?): no hours but work is overloaded, not infinite."""
    if not available:
        return (None, f"<b>— {OVER}</b>", True) if needed else (None, "—", False)
    use = needed / available
    over = needed > available
    shown = f"<b>{fmt.percent(use)} {OVER}</b>" if over else fmt.percent(use)  # readable without colour
    return float(round(use * 100, 1)), shown, over


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
    top = max([100.0, *(v for line in z for v in line if v is not None)])
    full = 100 / top
    figure = {
        "data": [{
            "type": "heatmap", "x": [c.label for c in columns], "y": labels, "z": z, "text": text,
            "customdata": [[name] * len(columns) for name in names],
            "texttemplate": "%{text}", "hovertemplate": "%{customdata}<br>%{x}: %{text}<extra></extra>",
            "zmin": 0, "zmax": top, "xgap": 2, "ygap": 2,
            "colorscale": [[0, "var(--good-soft)"], [full * 0.85, "var(--good-soft)"], [full, "var(--warn-soft)"],
                           [min(1, full + 1e-6), "var(--bad-soft)"], [1, "var(--bad-soft)"]],
            "colorbar": _colour_bar(top, fmt),
            "textfont": {"color": "var(--text)", "size": 10},
        }],
        "layout": {
            "margin": {"l": 48, "r": 16, "t": 8, "b": 8},
            "xaxis": {"type": "category", "automargin": True, "side": "top", "tickangle": -45},
            "yaxis": {"type": "category", "automargin": True, "autorange": "reversed"},
            "shapes": [*outlines, *_dividers(columns, len(roles))],
            # full names for the labels a phone shows above the rows while the cells scroll (sitegen.js)
            "meta": {"row_labels": names},
        },
    }
    # One row per month, quarter and year, one column per role: it fits a printed page and a phone.
    headers = [t("field.period"), *names]
    table_rows = [(c.label, *(cells[x] for cells in cells_by_role)) for x, c in enumerate(columns)]
    table = Table(headers, table_rows, (False, *(True,) * len(names)))
    return Chart(chart_id, t("chart.capacity_title"), figure, table, t("chart.capacity_note"), height=140 + 44 * len(roles))


def _table_cell(needed: Fraction, available: Fraction, fmt: Formatter) -> str:
    """The data table's cell: use, then hours needed / available ("129% ▲ · 806 / 626 h")."""
    use = fmt.percent(needed / available) if available else "—"
    mark = f" {OVER}" if needed > available else ""
    return f"{use}{mark} · {fmt.number(needed, 0)} / {fmt.number(available, 0)} h"


def _outline(x: int, y: int) -> dict[str, Any]:
    return {"type": "rect", "xref": "x", "yref": "y", "x0": x - 0.5, "x1": x + 0.5, "y0": y - 0.5, "y1": y + 0.5,
            "line": {"color": "var(--bad)", "width": 2}}


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
