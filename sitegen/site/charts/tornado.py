"""Tornado charts: the computed swing of leads needed and peak capacity use per driver (±10 %).

The bars start at the plan's own figure and end where the driver moved down
(−10 %) or up (+10 %) takes it; the widest swing is on top. Every number in a
hover label or the data table is formatted here (see `site.charts.figures`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sitegen.compute.results import Driver, Sensitivity
from sitegen.model.plan import Plan
from sitegen.site.charts.axes import wrapped_labels
from sitegen.site.charts.figures import _layout, _pct
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translate

__all__ = ["driver_label", "tornado_charts"]


def driver_label(driver: Driver, stage_names: dict[str, str], t: Callable[..., str]) -> str:
    if driver.kind == "conversion":
        return t("driver.conversion", stage=stage_names.get(driver.key or "", driver.key))
    if driver.kind == "headcount":
        return t("driver.headcount", role=driver.key)
    return t(f"driver.{driver.kind}")


def _figure(labels: list[str], base: Decimal, lows: list, highs: list, shown: Callable[[Any], str],
            plotted: Callable[[Any], Any], t: Translate, fmt: Formatter, axis_title: str, axis: dict[str, Any]) -> dict[str, Any]:
    def trace(name: str, values: list, colour: str) -> dict[str, Any]:
        return {
            "type": "bar", "orientation": "h", "name": name, "y": labels,
            "x": [plotted(v) - plotted(base) if v is not None else 0 for v in values],
            "base": plotted(base),
            "customdata": [[label, shown(v)] for label, v in zip(labels, values, strict=True)],
            "hovertemplate": f"%{{customdata[0]}}<br>{name}: %{{customdata[1]}}<extra></extra>",
            "marker": {"color": colour},
            # a phone's axis: each driver on two short lines, the bars keep the width (sitegen.js)
            "meta": {"short_y": wrapped_labels(labels)},
        }

    return {
        "data": [trace(t("sensitivity.minus"), lows, "var(--chart-2)"), trace(t("sensitivity.plus"), highs, "var(--chart-1)")],
        "layout": _layout(
            fmt, barmode="overlay",
            shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": plotted(base), "x1": plotted(base),
                     "y0": 0, "y1": 1, "line": {"color": "var(--muted)", "width": 2}}],
            xaxis={"title": {"text": axis_title}, "zeroline": False, "nticks": 5, **axis},
            yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        ),
    }


def _chart(chart_id: str, title: str, drivers: list[tuple[str, Any, Any]], base: Any, shown: Callable[[Any], str],
           plotted: Callable[[Any], Any], t: Translate, fmt: Formatter,
           axis: dict[str, Any]) -> Chart | None:
    """`drivers`: (label, value at −10 %, value at +10 %); the chart shows those that move the
    figure, widest swing first (the table lists every driver)."""
    def swing(item: tuple[str, Any, Any]) -> Decimal:
        return max(abs(Decimal(v) - Decimal(base)) if v is not None else Decimal(0) for v in item[1:])

    ordered = sorted(drivers, key=swing, reverse=True)
    moving = [item for item in ordered if swing(item)]
    if not moving:
        return None
    labels = [label for label, _, _ in moving]
    figure = _figure(labels, base, [lo for _, lo, _ in moving], [hi for _, _, hi in moving],
                     shown, plotted, t, fmt, title, axis)
    rows = [(label, shown(lo), shown(base), shown(hi)) for label, lo, hi in ordered]
    table = Table([t("sensitivity.driver"), t("sensitivity.minus"), t("sensitivity.base"), t("sensitivity.plus")],
                  rows, (False, True, True, True))
    return Chart(chart_id, title, figure, table, t("sensitivity.note"), height=max(240, 36 * len(labels) + 110))


def tornado_charts(plan: Plan, found: Sensitivity | None, t: Translate, fmt: Formatter) -> list[Chart]:
    """Leads needed and peak capacity use; a chart is left out when the plan has no such figure."""
    if found is None or not found.drivers:
        return []
    stage_names: dict[str, str] = {}
    for funnel in plan.funnels:
        for stage in funnel.item.stages:
            stage_names.setdefault(stage.id, stage.name)
    labels = [driver_label(d, stage_names, t) for d in found.drivers]
    charts: list[Chart | None] = []
    if found.base.leads:
        leads = [(label, d.low.leads, d.high.leads) for label, d in zip(labels, found.drivers, strict=True)]
        charts.append(_chart("sg-tornado-leads", t("sensitivity.leads"), leads, found.base.leads,
                             fmt.integer, lambda v: v, t, fmt, {"tickformat": ",d"}))
    if found.base.peak_use is not None:
        uses = [(label, d.low.peak_use, d.high.peak_use) for label, d in zip(labels, found.drivers, strict=True)]
        charts.append(_chart("sg-tornado-use", t("sensitivity.peak_use"), uses, found.base.peak_use,
                             lambda v: fmt.percent(v, 1) if v is not None else "—",
                             lambda v: _pct(v) if v is not None else 0, t, fmt, {"ticksuffix": "%"}))
    return [c for c in charts if c is not None]
