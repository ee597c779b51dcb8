"""The review chart of one goal: cumulative phased plan vs actual, expected-by-now, forecast (§8).

The plan line climbs month by month as the goal is phased; the actual line
follows the reported values to date; a marker shows what was expected by the
review date, and a dashed line carries the run rate to the period's end (the
forecast). Hover labels and the data table use the plan's formatter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sitegen.compute.results import GoalResult
from sitegen.site.charts.axes import month_ticks
from sitegen.site.charts.figures import (
    MONEY_METRICS,
    _layout,
    _money_axis,
    _number_axis,
    computed_text,
)
from sitegen.site.charts.status import TONE_COLOURS, goal_tone
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translate


def _series(name: str, points: list[tuple[dt.date, Decimal]], show: Callable[[Decimal], str], **style: Any) -> dict:
    return {
        "type": "scatter", "name": name, "x": [d.isoformat() for d, _ in points], "y": [v for _, v in points],
        "customdata": [show(v) for _, v in points],
        "hovertemplate": f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>", **style,
    }


def review_chart(chart_id: str, goal: GoalResult, as_of: dt.date, t: Translate, fmt: Formatter) -> Chart:
    """Plan vs actual to date for a goal with actuals; the forecast once there is a pace."""
    show = fmt.money if goal.metric in MONEY_METRICS else fmt.number  # what was reported, as written
    computed = computed_text(goal.metric, fmt)  # the plan line, expected and forecast: whole for counts
    start = goal.period.start - dt.timedelta(days=1)  # nothing is planned or won before the period
    plan = [(start, Decimal(0)), *goal.plan_points]
    actual = [(start, Decimal(0)), *[(d, v) for d, v in goal.actual_points if d >= goal.period.start]]
    # the actual line takes the goal's status colour, and its legend entry says the status in words
    tone, mark = goal_tone(goal.status)
    actual_name = t("review.series_actual")
    if goal.status:
        actual_name += f" ({mark} {t('review.status.' + goal.status)})"
    data = [
        _series(t("review.series_plan"), plan, computed, mode="lines", line={"color": "var(--muted)", "width": 2}),
        _series(actual_name, actual, show, mode="lines+markers",
                line={"color": "var(--accent)" if tone == "neutral" else TONE_COLOURS[tone], "width": 3},
                marker={"size": 7}),
    ]
    rows = [(fmt.date(d), t("review.series_plan"), computed(v)) for d, v in plan[1:]]
    rows += [(fmt.date(d), t("review.series_actual"), show(v)) for d, v in actual[1:]]
    if goal.expected is not None:
        point = [(min(as_of, goal.period.end), goal.expected)]
        data.append(_series(t("review.series_expected"), point, computed, mode="markers",
                            marker={"color": "var(--warn)", "size": 13, "symbol": "diamond"}))
        rows.append((fmt.date(point[0][0]), t("review.series_expected"), computed(goal.expected)))
    if goal.forecast is not None and goal.actual is not None and as_of < goal.period.end:
        line = [(as_of, goal.actual), (goal.period.end, goal.forecast)]
        data.append(_series(t("review.series_forecast"), line, computed, mode="lines",
                            line={"color": "var(--accent)", "width": 2, "dash": "dash"}))
        rows.append((fmt.date(goal.period.end), t("review.series_forecast"), computed(goal.forecast)))
    values = [v for trace in data for v in trace["y"]]
    axis = (_money_axis if goal.metric in MONEY_METRICS else _number_axis)(fmt, values)
    figure = {"data": data, "layout": _layout(fmt, xaxis={"type": "date", **month_ticks((goal.period.start, goal.period.end), fmt)},
                                                       yaxis=axis, hovermode="closest")}
    table = Table([t("review.date"), t("review.series"), t("review.actual")], rows, (False, False, True))
    return Chart(chart_id, t("review.chart_title"), figure, table, t("review.chart_note"), height=320)
