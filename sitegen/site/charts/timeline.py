"""The campaign timeline: a Plotly Gantt chart as a plain figure dict.

Rows are campaigns grouped by segment: one label column, where each segment
is a bold heading row above its campaigns (a second label column would eat
most of a narrow page), each campaign's name stands whole on one or more even
lines and its row is as high as its lines (so the y axis is counted in px from
the top, not in categories; on a phone each name stands on its own lines above
its bar: `timeline_phone`), bars are coloured by plane, and the periods of the goals the
campaigns feed are shaded bands behind them, so a reader sees at once whether
the actions line up with the goals. The figure is plain JSON data (no
`plotly.graph_objects`), which keeps the build fast and the output stable;
`timeline_chart` gives it with its data table for the calendar page and the
campaigns section pages.

Bars on a date axis are drawn as `base` = start date and `x` = length in
milliseconds, up to the end of the last day (end + 1 day), as Plotly's own
`px.timeline` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen.compute.results import CampaignResult, GoalResult
from sitegen.model.period import Period
from sitegen.site.charts.axes import month_ticks
from sitegen.site.charts.timeline_phone import (
    BAR_PX,
    CHROME_PX,
    Entry,
    around_names,
    name_lines,
    stack_rows,
    stacked_axis,
)
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.formatter import Formatter

__all__ = ["PLANES", "goal_bands", "timeline_chart"]

PLANES = ("prospecting", "sales", "cross-selling", "retention")
DAY_MS = 86_400_000
ROW_PX = 26  # a row of a one-line name
LINE_PX = 17  # each further line of a name (13 px tick labels)
BAR_WIDTH = 20  # px, as the bars were on a category axis: 0.8 of a one-line row
WRAP = 34  # Latin widths on a line of a y-axis name (CJK count double): about 220 px, as wide as the cut names were


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _segment_label(c: CampaignResult, names: Mapping[str, str], none_label: str) -> str:
    return names.get(c.segment, c.segment) if c.segment else none_label


def _ordered(campaigns: Iterable[CampaignResult], names: Mapping[str, str], none_label: str) -> list[CampaignResult]:
    """Grouped by segment (plan order of segments, campaigns without one last), then by date."""
    rank = {segment: i for i, segment in enumerate(names)}
    return sorted(
        campaigns,
        key=lambda c: (c.segment is None, rank.get(c.segment or "", len(rank)), _segment_label(c, names, none_label), c.start, c.end, c.id),
    )


@dataclass
class Rows:
    """The y axis, counted in px from the top: each row's centre and tick text (segment headings
    in bold) and each campaign's row (top, bottom). A row is as high as its name's lines, so a
    long name takes two or three lines of its own, never another row's room."""

    centres: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    height: float = 0

    def add(self, text: str) -> tuple[float, float]:
        top = self.height
        self.height += ROW_PX + LINE_PX * text.count("<br>")
        self.centres.append((top + self.height) / 2)
        self.texts.append(text)
        return top, self.height


def _rows(rows: Sequence[CampaignResult], names: Mapping[str, str], none_label: str) -> Rows:
    """Every campaign's row under its segment's heading, its whole name on lines of `WRAP` widths;
    a row per campaign even where names repeat (its own place on the axis, not its label)."""
    out = Rows()
    segment: object = object()
    for c in rows:
        mine = _segment_label(c, names, none_label)
        if mine != segment:
            segment = mine
            out.add(f"<b>{name_lines(mine, WRAP)}</b>")
        out.spans[c.id] = out.add(name_lines(c.name, WRAP))
    return out


GoalBand = tuple[str, "str | None", Period]  # a goal's id, name and period: all the timeline reads of it


def _goal_label(c: CampaignResult, goals: Mapping[str, GoalBand], fmt: Formatter) -> str:
    goal = goals.get(c.goal) if c.goal else None
    return f"{goal[1] or goal[0]} ({fmt.period(goal[2])})" if goal else (c.goal or "—")


def _trace(
    plane: str,
    rows: Sequence[CampaignResult],
    t: Callable[..., str],
    fmt: Formatter,
    names: Mapping[str, str],
    none_label: str,
    goals: Mapping[str, GoalBand],
    y_of: Mapping[str, float],
) -> dict[str, Any]:
    hover = (
        "<b>%{customdata[0]}</b><br>%{customdata[1]} – %{customdata[2]}<br>"
        + f"{t('field.segment')}: %{{customdata[3]}}<br>{t('field.owner')}: %{{customdata[4]}}<br>"
        + f"{t('field.channel')}: %{{customdata[5]}}<br>{t('field.budget')}: %{{customdata[6]}}<br>"
        + f"{t('field.goal')}: %{{customdata[7]}}<extra>{t(f'plane.{plane}')}</extra>"
    )
    return {
        "type": "bar",
        "orientation": "h",
        "name": t(f"plane.{plane}"),
        "legendgroup": plane,
        "marker": {"color": f"var(--plane-{plane})"},
        "base": [_iso(c.start) for c in rows],
        "x": [(c.end - c.start).days * DAY_MS + DAY_MS for c in rows],
        "y": [y_of[c.id] for c in rows],
        "width": BAR_WIDTH,
        "customdata": [
            [c.name, fmt.date(c.start), fmt.date(c.end), _segment_label(c, names, none_label),
             c.owner or "—", c.channel or "—", fmt.money(c.budget), _goal_label(c, goals, fmt)]
            for c in rows
        ],
        "hovertemplate": hover,
    }


def _bands(
    rows: Sequence[CampaignResult], goals: Mapping[str, GoalBand], spans: Mapping[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    """A shaded goal period behind each run of rows that feed that goal.

    Drawn per row rather than across the whole chart, so that a plan with many
    goals still reads: each campaign sits on the period of its own goal, and a
    bar sticking out of its band is visibly mistimed.
    """
    shapes: list[dict[str, Any]] = []
    for c in rows:
        top, bottom = spans[c.id]
        goal = goals.get(c.goal) if c.goal else None
        if goal is None:
            continue
        x0, x1 = _iso(goal[2].start), _iso(goal[2].end + dt.timedelta(days=1))
        last = shapes[-1] if shapes else None
        if last and last["x0"] == x0 and last["x1"] == x1 and last["y1"] == top:
            last["y1"] = bottom
            continue
        shapes.append({
            "type": "rect", "xref": "x", "yref": "y", "layer": "below",
            "x0": x0, "x1": x1, "y0": top, "y1": bottom,
            "fillcolor": "var(--chart-8)", "opacity": 0.18, "line": {"width": 0},
        })
    return shapes


def _review_marker(review: dt.date, late: bool, t: Callable[..., str], fmt: Formatter) -> tuple[dict[str, Any], dict[str, Any]]:
    """A dashed line at the review date (§8) and its label: where "now" is for this plan, from the
    plan itself, so two builds stay byte-identical."""
    line = {"type": "line", "xref": "x", "yref": "paper", "x0": _iso(review), "x1": _iso(review), "y0": 0, "y1": 1,
            "line": {"color": "var(--warn)", "width": 2, "dash": "dash"}}
    # in the first row, a segment heading that never holds a bar: clear of the bars and the axis ticks
    label = {"xref": "x", "yref": "paper", "x": _iso(review), "y": 1, "yanchor": "top", "showarrow": False,
             "xanchor": "right" if late else "left",  # the label runs into the period, never off the chart
             "text": f"◆ {fmt.date(review)}", "hovertext": t("calendar.review_date", date=fmt.date(review)), "font": {"color": "var(--warn)", "size": 11},
             "bgcolor": "var(--surface)"}
    return line, label


def _figure(rows: Sequence[CampaignResult], by_id: Mapping[str, GoalBand], period: tuple[dt.date, dt.date],
            t: Callable[..., str], fmt: Formatter, segment_names: Mapping[str, str], none_label: str,
            review: dt.date | None) -> dict[str, Any]:
    """The Gantt figure of `rows` (in `_ordered` order); goal bands for the goals that the shown
    campaigns feed; a marker at the review date when the plan has one inside its period."""
    axis = _rows(rows, segment_names, none_label)
    shapes = _bands(rows, by_id, axis.spans)
    centre = {c: (top + bottom) / 2 for c, (top, bottom) in axis.spans.items()}
    by_plane = [mine for plane in PLANES if (mine := [c for c in rows if c.plane == plane])]
    data = [_trace(mine[0].plane, mine, t, fmt, segment_names, none_label, by_id, centre) for mine in by_plane]
    layout = {
        "barmode": "overlay",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "normal"},
        "margin": {"l": 8, "r": 16, "t": 8, "b": 32},
        "xaxis": {"type": "date", "range": [_iso(period[0]), _iso(period[1] + dt.timedelta(days=1))],
                  "automargin": True, **month_ticks(period, fmt)},
        "yaxis": {"type": "linear", "range": [axis.height, 0], "automargin": True, "zeroline": False,
                  "tickmode": "array", "tickvals": axis.centres, "ticktext": axis.texts},
        "shapes": shapes,
    }
    marker: tuple[dict[str, Any], ...] = ()
    if review is not None and period[0] <= review <= period[1]:
        marker = _review_marker(review, review > period[0] + (period[1] - period[0]) / 2, t, fmt)
        layout["shapes"] = [*shapes, marker[0]]
        layout["annotations"] = [marker[1]]
    # the plot area's height in px (the rows' own): sitegen.js sets the figure's height again to make it so
    layout["meta"] = {"narrow": _narrow(rows, by_id, by_plane, segment_names, none_label, marker),
                      "plot_height": round(axis.height)}
    return {"data": data, "layout": layout}


def _narrow(rows: Sequence[CampaignResult], by_id: Mapping[str, GoalBand], by_plane: Sequence[Sequence[CampaignResult]],
            segment_names: Mapping[str, str], none_label: str, marker: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """The phone's layout (sitegen.js merges it over the desktop's below a plot width): names on
    their own lines above the bars (`timeline_phone`); `traces` go over the traces one by one."""
    entries: list[Entry] = []
    segment: object = object()
    for c in rows:
        mine = _segment_label(c, segment_names, none_label)
        if mine != segment:
            segment = mine
            entries.append(Entry("", mine))
        entries.append(Entry(c.id, c.name))
    stack = stack_rows(entries, review=bool(marker))
    layout = stacked_axis(stack)
    layout["shapes"] = [*_bands(rows, by_id, stack.spans), *(around_names(marker[0], stack) if marker else ())]
    layout["annotations"] = [*stack.names, *marker[1:]]
    traces = [{"y": [stack.bars[c.id] for c in mine], "width": BAR_PX} for mine in by_plane]
    # the plot area's height in px: sitegen.js sets the figure's height again to make it so
    return {"layout": layout, "traces": traces, "plot_height": round(stack.height)}


def timeline_chart(
    chart_id: str,
    campaigns: Sequence[CampaignResult],
    goals: Iterable[GoalBand],
    period: tuple[dt.date, dt.date],
    t: Callable[..., str],
    fmt: Formatter,
    segment_names: Mapping[str, str],
    review: dt.date | None = None,
) -> Chart:
    """The timeline with its numbers as a table (campaign, segment, plane, dates, budget);
    `goals`: (id, name, period) of the plan's goals (`goal_bands`), all it reads of them;
    `review`: the plan's review date (§8), marked on the time axis."""
    none_label = t("calendar.no_segment")
    rows = _ordered(campaigns, segment_names, none_label)
    by_id = {g[0]: g for g in goals}
    table = Table(
        headers=[t("kind.campaigns"), t("field.segment"), t("field.plane"), t("field.start"),
                 t("field.end"), t("field.goal"), t("field.budget")],
        rows=[
            [c.name, _segment_label(c, segment_names, none_label), t(f"plane.{c.plane}"),
             fmt.date(c.start), fmt.date(c.end), _goal_label(c, by_id, fmt), fmt.money(c.budget)]
            for c in rows
        ],
        numeric=[False, False, False, False, False, False, True],
    )
    figure = _figure(rows, by_id, period, t, fmt, segment_names, none_label, review)
    return Chart(
        id=chart_id,
        title=t("calendar.timeline_title"),
        figure=figure,
        table=table,
        description=t("calendar.timeline_description_review" if review is not None and period[0] <= review <= period[1]
                      else "calendar.timeline_description"),
        height=max(240, CHROME_PX + figure["layout"]["meta"]["plot_height"]),
    )


def goal_bands(goals: Iterable[GoalResult]) -> tuple[GoalBand, ...]:
    """What the timeline reads of the plan's goals: a target edit leaves it (and the pages
    showing a timeline) unchanged."""
    return tuple((g.id, g.name, g.period) for g in goals)
