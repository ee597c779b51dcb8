"""Chart builders: computed results → `Chart` (a plain Plotly figure dict + its data table).

Figures are plain dicts, never `plotly.graph_objects`: building a thousand
pages must stay cheap, and plain data serializes the same way every time.
Every number a reader sees in a hover label or a data table is formatted in
Python by the plan's `Formatter` (the figure's own numbers only place the
bars), so the chart, its hover and its table agree to the digit and follow the
locale. Colours are CSS variables that `sitegen.js` resolves per scheme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sitegen.compute.plain_numbers import quantized
from sitegen.compute.results import GoalResult, RoleCapacity, TerritoryResult
from sitegen.site.charts.axes import (
    granularity_breaks,
    period_order,
    short_labels,
    value_axis,
    wrapped_labels,
)
from sitegen.site.charts.status import OVER, TONE_COLOURS, goal_tone, single_number
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translate

__all__ = [
    "amount_chart",
    "attainment_chart",
    "capacity_chart",
    "funnel_chart",
    "targets_chart",
    "territory_chart",
]

# Plotly's `separators`: decimal mark, then thousands separator.
SEPARATORS = {"en": ".,", "pl": ",\u00a0", "zh": ".,"}
MONEY_METRICS = ("revenue", "profit")


def _layout(fmt: Formatter, **extra: Any) -> dict[str, Any]:
    """Layout shared by every chart: locale separators, legend on top, axes that fit their labels."""
    layout: dict[str, Any] = {
        "separators": SEPARATORS.get(fmt.language, ".,"),
        "margin": {"l": 48, "r": 16, "t": 8, "b": 8},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    }
    layout.update(extra)
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {"automargin": True, **layout.get(axis, {})}
    return layout


def _pct(value: Decimal | None) -> Decimal | None:
    """A rate as a percentage number for an axis (rounded for the plot only)."""
    return None if value is None else quantized(value * 100, Decimal("0.1"))


def _hundred_line(axis: str = "y") -> dict[str, Any]:
    """The 100 % reference line (capacity limit, target reached)."""
    other = "x" if axis == "y" else "y"
    return {
        "type": "line", f"{other}ref": "paper", f"{axis}ref": axis,
        f"{other}0": 0, f"{other}1": 1, f"{axis}0": 100, f"{axis}1": 100,
        "line": {"color": "var(--bad)", "width": 2, "dash": "dash"},
    }


def computed_text(metric: str, fmt: Formatter) -> Callable[[Any], str]:
    """How a computed figure of a goal reads (the plan to date, expected by now, forecast,
    variance): money in the currency; units, deals and customers whole, as the site shows
    every count ("30", not "30.12"). plan.json keeps the exact value."""
    return fmt.money if metric in MONEY_METRICS else fmt.integer


def target_text(goal: GoalResult, fmt: Formatter) -> str:
    """A goal's target as its metric reads: money for revenue/profit, a count otherwise."""
    return fmt.money(goal.target) if goal.metric in MONEY_METRICS else fmt.number(goal.target)


def _money_axis(fmt: Formatter, values: Any, **extra: Any) -> dict[str, Any]:
    """Money ticks as the KPI tiles write them (`$1.5M`, `1,5 mln zł`, `¥150万`)."""
    return value_axis(values, lambda v: fmt.money_compact(v, 1), **extra)


def _number_axis(fmt: Formatter, values: Any, **extra: Any) -> dict[str, Any]:
    return value_axis(values, fmt.number, **extra)


def _percent_axis(fmt: Formatter, values: Any, **extra: Any) -> dict[str, Any]:
    """0 % up to the largest value, always including the 100 % line."""
    return value_axis([*values, 100], lambda v: fmt.percent(v / 100), **extra)


def _group_lines(periods: list[str]) -> list[dict[str, Any]]:
    """Dotted lines between the year, half-year, quarter and month groups of a category axis."""
    return [
        {"type": "line", "xref": "x", "yref": "paper", "x0": i - 0.5, "x1": i - 0.5, "y0": 0, "y1": 1,
         "line": {"color": "var(--muted)", "width": 1, "dash": "dot"}}
        for i in granularity_breaks(periods)
    ]


def targets_chart(
    chart_id: str, goals: Sequence[GoalResult], metric: str, t: Translate, fmt: Formatter,
    segment_names: Mapping[str, str],
) -> Chart | None:
    """Targets of one metric by period, one bar colour per segment (None when no such goal)."""
    mine = [g for g in goals if g.metric == metric]
    if not mine:
        return None
    order = period_order(g.period.label for g in mine)
    shown = {g.period.label: fmt.period(g.period) for g in mine}  # "Q1 2027", never "2027-Q1"
    periods = [shown[p] for p in order]
    none_label = t("chart.no_segment")
    segments = list(dict.fromkeys(g.segment for g in mine))
    totals: dict[tuple[str | None, str], Decimal] = {}
    for g in mine:
        key = (g.segment, shown[g.period.label])
        totals[key] = totals.get(key, Decimal(0)) + g.target
    money = metric in MONEY_METRICS
    show = fmt.money if money else fmt.number
    data, rows = [], []
    for i, segment in enumerate(segments):
        name = segment_names.get(segment, segment) if segment else none_label
        xs = [p for p in periods if (segment, p) in totals]
        data.append({
            "type": "bar", "name": name, "x": xs, "y": [totals[(segment, p)] for p in xs],
            "customdata": [show(totals[(segment, p)]) for p in xs],
            "hovertemplate": f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
            "marker": {"color": f"var(--chart-{i % 8 + 1})"},
        })
        rows += [(p, name, show(totals[(segment, p)])) for p in xs]
    rows.sort(key=lambda row: (periods.index(row[0]), row[1]))
    table = Table([t("field.period"), t("field.segment"), t("field.target")], rows, (False, False, True))
    if len(totals) == 1:  # one goal (or one period and segment): its number, not a lone bar
        ((segment, period), total), = totals.items()
        label = f"{period} · {segment_names.get(segment, segment)}" if segment else period
        return single_number(chart_id, t("chart.target_single", metric=t("metric." + metric)), table, show(total), label)
    axis = f"{t('metric.' + metric)} ({fmt.currency})" if money else t("metric." + metric)
    figure = {
        "data": data,
        "layout": _layout(
            fmt, barmode="group", shapes=_group_lines(order),
            xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods},
            yaxis=(_money_axis if money else _number_axis)(fmt, totals.values(), title={"text": axis}),
            showlegend=len(segments) > 1,
        ),
    }
    title = t("chart.targets_by_period", metric=t("metric." + metric))
    return Chart(chart_id, title, figure, table, t("chart.targets_by_period_note"))


STAGE_STEPS = 6  # --stage-1 … --stage-6 in the theme; deeper stages keep the last step


def stage_colours(count: int) -> list[str]:
    """The site's one stage scale: stage k of any funnel takes step k of one ramp (the first stage
    the same colour on every funnel), and won deals take the theme's "good" colour."""
    return [f"var(--stage-{min(i, STAGE_STEPS - 1) + 1})" for i in range(count)] + ["var(--good)"]


def funnel_chart(chart_id: str, goal: GoalResult, t: Translate, fmt: Formatter, name: str | None = None) -> Chart:
    """The reverse funnel of one goal: how many must enter each stage to win its deals
    (`name`: the goal's name, shown instead of its id). On a phone the axis shows stage names
    cut to fit (`meta.short_y`, see sitegen.js); the hover and the table give them whole."""
    names = [s.name for s in goal.stages] + [t("funnel.won_deals")]
    counts = [s.required for s in goal.stages] + [goal.won or 0]
    texts = [fmt.integer(c) for c in counts]
    figure = {
        "data": [{
            "type": "funnel", "y": names, "x": counts, "text": texts, "meta": {"short_y": short_labels(names)},
            "textinfo": "text", "textposition": _count_positions(counts, texts), "cliponaxis": False, "customdata": names, "hovertemplate": "%{customdata}: %{text}<extra></extra>",
            "marker": {"color": stage_colours(len(goal.stages))},
            "connector": {"fillcolor": "var(--chart-grid)"},
        }],
        "layout": _layout(fmt, yaxis={"automargin": True}, showlegend=False, uniformtext={"minsize": 11, "mode": "show"}),
    }
    rows = [(s.name, fmt.percent(s.conversion), fmt.integer(s.required)) for s in goal.stages]
    rows.append((t("funnel.won_deals"), "", fmt.integer(goal.won)))
    table = Table([t("funnel.stage"), t("funnel.conversion"), t("funnel.required")], rows, (False, True, True))
    title = t("chart.funnel_title", goal=name or goal.id, period=fmt.period(goal.period))
    height = 120 + 44 * len(counts)
    return Chart(chart_id, title, figure, table, t("chart.funnel_note"), height=height)


# A funnel's widest bar on a 390 px phone, and the room a count needs in the chart's 13 px text
# (stage names take their share of the width); a grouping mark (`,` or a space) is narrower than a digit
_PHONE_BAR_PX, _DIGIT_PX, _MARK_PX, _TEXT_PAD_PX = 110, 8, 3, 8


def _count_positions(counts: Sequence[Any], texts: Sequence[str]) -> list[str]:
    """Each count inside its bar where it fits on a phone, else beside the bar: a deep funnel's
    last bars are a sliver, and a count forced inside one ran over its edges. The same figure
    serves every width, so a bar is judged at the narrowest (a desktop has room to spare)."""
    widest = max((Fraction(c) for c in counts), default=Fraction(0))
    def needs(text: str) -> int:
        digits = sum(ch.isdigit() for ch in text)
        return digits * _DIGIT_PX + (len(text) - digits) * _MARK_PX + _TEXT_PAD_PX

    return ["inside" if widest and Fraction(c) / widest * _PHONE_BAR_PX >= needs(text) else "outside"
            for c, text in zip(counts, texts, strict=True)]


# A role's bars keep their pattern: colour is left to the status (within / over capacity).
_PATTERNS = ("", "/", ".", "x", "-", "|", "+", "\\")


def _over(c: RoleCapacity) -> bool:
    return c.use is not None and c.use > 1


def capacity_chart(chart_id: str, capacity: Sequence[RoleCapacity], t: Translate, fmt: Formatter) -> Chart | None:
    """Hours needed as a share of hours available, per role and goal period; 100 % is full.
    An overloaded bar is red and marked ▲ (its role keeps its pattern); one bar is a big number."""
    if not capacity:
        return None
    periods = period_order(c.period for c in capacity)
    rank = {p: i for i, p in enumerate(periods)}
    capacity = sorted(capacity, key=lambda c: rank[c.period])
    rows = [(c.label, c.period, fmt.number(c.needed_hours, 0), fmt.number(c.available_hours, 0),
             fmt.percent(c.use) + (f" {OVER}" if _over(c) else "")) for c in capacity]
    headers = [t("field.role"), t("field.period"), t("capacity.needed_hours"), t("capacity.available_hours"), t("capacity.use")]
    table = Table(headers, rows, (False, False, True, True, True))
    if len(capacity) == 1:
        c = capacity[0]
        tone, mark = ("bad", OVER) if _over(c) else ("good", "")
        note = f"{rows[0][2]} / {rows[0][3]} h · {t('capacity.over' if _over(c) else 'capacity.within')}"
        return single_number(chart_id, t("chart.capacity_title"), table, fmt.percent(c.use), f"{c.label}, {c.period}",
                             note, tone, mark, t("chart.capacity_note"))
    data = []
    roles = list(dict.fromkeys(c.label for c in capacity))
    for i, label in enumerate(roles):
        mine = [c for c in capacity if c.label == label]
        data.append({
            "type": "bar", "name": label, "x": [c.period for c in mine], "y": [_pct(c.use) for c in mine],
            "text": [OVER if _over(c) else "" for c in mine], "textposition": "outside",
            "customdata": [[fmt.percent(c.use), fmt.number(c.needed_hours, 0), fmt.number(c.available_hours, 0),
                            t("capacity.over" if _over(c) else "capacity.within")] for c in mine],
            "hovertemplate": (
                f"{label}<br>%{{x}}: %{{customdata[0]}} %{{text}}<br>{t('capacity.needed_hours')}: %{{customdata[1]}}"
                f"<br>{t('capacity.available_hours')}: %{{customdata[2]}}<br>%{{customdata[3]}}<extra></extra>"
            ),
            "marker": {"color": [TONE_COLOURS["bad" if _over(c) else "neutral"] for c in mine],
                       "pattern": {"shape": _PATTERNS[i % len(_PATTERNS)], "fgcolor": "var(--surface)"},
                       "line": {"color": "var(--text)", "width": 1}},
        })
    figure = {
        "data": data,
        "layout": _layout(
            fmt, barmode="group", bargap=0.18, bargroupgap=0.04,
            shapes=[*_group_lines(periods), _hundred_line()],
            xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods},
            yaxis=_percent_axis(fmt, (_pct(c.use) for c in capacity), title={"text": t("capacity.use")}),
        ),
    }
    return Chart(chart_id, t("chart.capacity_title"), figure, table, t("chart.capacity_note"))


def _status_words(goal: GoalResult, t: Translate) -> str:
    """"✕ Off track": the goal's §8 status as a mark and words ("" when it has none)."""
    if not goal.status:
        return ""
    _, mark = goal_tone(goal.status)
    return f"{mark} {t('review.status.' + goal.status)}"


def attainment_chart(chart_id: str, goals: Sequence[GoalResult], t: Translate, fmt: Formatter,
                     names: Mapping[str, str] | None = None) -> Chart | None:
    """Latest actual as a share of target, one bar per goal (by its name in `names`, else its id),
    coloured by the goal's §8 status and labelled with it (mark and words); the dashed line is 100 %.
    One goal: its attainment as a big number."""
    mine = [g for g in goals if g.attainment is not None]
    label = {g.id: (names or {}).get(g.id, g.id) for g in mine}
    if not mine:
        return None
    rows = [
        (label[g.id], fmt.period(g.period), target_text(g, fmt),
         fmt.money(g.actual) if g.metric in MONEY_METRICS else fmt.number(g.actual),
         fmt.date(g.actual_as_of), _status_words(g, t) or "–", fmt.percent(g.attainment))
        for g in mine
    ]
    headers = [t("field.goal"), t("field.period"), t("field.target"), t("field.actual"), t("field.as_of"),
               t("review.status"), t("field.attainment")]
    table = Table(headers, rows, (False, False, True, True, False, False, True))
    title = t("chart.attainment_title")
    if len(mine) == 1:
        g = mine[0]
        tone, mark = goal_tone(g.status)
        note = " · ".join(x for x in (f"{rows[0][3]} / {rows[0][2]}", rows[0][4], _status_words(g, t)[2:]) if x)
        return single_number(chart_id, title, table, fmt.percent(g.attainment), f"{label[g.id]} ({rows[0][1]})",
                             note, tone, mark)
    labels = [label[g.id] for g in mine]
    short = wrapped_labels(labels)
    data = []
    for status in dict.fromkeys(g.status for g in mine):  # one trace per status: the legend explains colour and mark
        tone, mark = goal_tone(status)
        shown = [g if g.status == status else None for g in mine]
        data.append({
            "type": "bar", "orientation": "h", "y": labels, "x": [_pct(g.attainment) if g else None for g in shown],
            "name": _status_words(next(g for g in shown if g is not None), t) or t("field.attainment"),
            "text": [mark if g else "" for g in shown], "textposition": "outside", "cliponaxis": False,
            "customdata": [[fmt.percent(g.attainment), target_text(g, fmt), fmt.date(g.actual_as_of)] if g else None
                           for g in shown],
            "hovertemplate": "%{y}: %{customdata[0]} (" + t("field.target") + " %{customdata[1]}, %{customdata[2]})"
                             "<extra>%{fullData.name}</extra>",
            "marker": {"color": TONE_COLOURS[tone]}, "meta": {"short_y": short},  # a phone's two-line names
        })
    figure = {
        "data": data,
        "layout": _layout(
            fmt, barmode="overlay", shapes=[_hundred_line("x")], showlegend=any(g.status for g in mine),
            meta={"short_categories": short},
            xaxis=_percent_axis(fmt, (_pct(g.attainment) for g in mine), title={"text": t("field.attainment")}),
            yaxis={"automargin": True, "autorange": "reversed", "type": "category", "categoryorder": "array",
                   "categoryarray": labels},
        ),
    }
    return Chart(chart_id, title, figure, table, height=120 + 36 * len(mine))


def amount_chart(
    chart_id: str, title: str, label_header: str, items: Sequence[tuple[str, Decimal]], t: Translate,
    fmt: Formatter, colors: Sequence[str] | None = None,
) -> Chart | None:
    """Money per category (budget by category, period or plane) as horizontal bars + shares."""
    if not items:
        return None
    total = sum((amount for _, amount in items), Decimal(0))
    texts = [fmt.money(amount) for _, amount in items]
    rows = [(label, text, fmt.percent(amount / total if total else None)) for (label, amount), text in zip(items, texts, strict=True)]
    table = Table([label_header, t("budget.planned"), t("chart.share")], rows, (False, True, True))
    if len(items) == 1:  # the whole amount in one category: the number says it
        return single_number(chart_id, title, table, texts[0], items[0][0])
    trace: dict[str, Any] = {
        "type": "bar", "orientation": "h", "y": [label for label, _ in items], "x": [amount for _, amount in items],
        "customdata": texts, "hovertemplate": "%{y}: %{customdata}<extra></extra>",
        "marker": {"color": list(colors) if colors else "var(--chart-1)"},
    }
    figure = {
        "data": [trace],
        "layout": _layout(
            fmt, showlegend=False, xaxis=_money_axis(fmt, (amount for _, amount in items), count=3),
            yaxis={"automargin": True, "autorange": "reversed", "type": "category"},
        ),
    }
    return Chart(chart_id, title, figure, table, height=100 + 34 * len(items))


def _overloaded(x: TerritoryResult) -> bool:
    return x.load_per_rep_per_day is not None and x.load_per_rep_per_day > x.capacity_per_rep_per_day


def territory_chart(chart_id: str, territories: Sequence[TerritoryResult], t: Translate, fmt: Formatter) -> Chart | None:
    """Visits each rep must make per day against the visits a rep can make per day; an
    overloaded territory's bar is red and marked ▲ (colour is never the only signal)."""
    if not territories:
        return None
    names = [x.name for x in territories]
    over = [_overloaded(x) for x in territories]

    def bars(label: str, values: list, shown: list[str], colour: str) -> dict:
        return {
            "type": "bar", "name": label, "x": names, "y": values, "customdata": shown,
            "hovertemplate": "%{x}: %{customdata}<extra>" + label + "</extra>",
            "marker": {"color": colour}, "meta": {"short_x": wrapped_labels(names, 20, 3)},  # a phone's x axis
        }

    loads = [x.load_per_rep_per_day for x in territories]
    limits = [x.capacity_per_rep_per_day for x in territories]
    shown = [fmt.number(v) for v in loads]
    # two traces in one slot per territory: the legend names both colours, the ▲ says it without colour
    fits = bars(t("territory.visits_per_rep_per_day"), [None if o else v for v, o in zip(loads, over, strict=True)],
                shown, "var(--chart-1)")
    overloaded = bars(f"▲ {t('capacity.over')}", [v if o else None for v, o in zip(loads, over, strict=True)],
                      shown, "var(--bad)")
    overloaded.update(text=["▲" if o else "" for o in over], textposition="outside", showlegend=any(over))
    capacity = bars(t("territory.capacity_per_rep_per_day"), limits, [fmt.integer(v) for v in limits], "var(--chart-8)")
    for trace, group in ((fits, "needed"), (overloaded, "needed"), (capacity, "capacity")):
        trace["offsetgroup"] = group
    figure = {
        "data": [fits, overloaded, capacity],
        "layout": _layout(fmt, barmode="group", xaxis={"type": "category", "automargin": True},
                          yaxis=_number_axis(fmt, [*loads, *limits], title={"text": t("territory.visits")})),
    }
    rows = [
        (x.name, fmt.number(x.load_per_rep_per_day), fmt.integer(x.capacity_per_rep_per_day), fmt.integer(x.reps),
         fmt.integer(x.reps_needed))  # numbers only: the table is read back as numbers (reps needed says it)
        for x in territories
    ]
    headers = [t("field.territory"), t("territory.visits_per_rep_per_day"), t("territory.capacity_per_rep_per_day"),
               t("territory.reps"), t("territory.reps_needed")]
    return Chart(chart_id, t("chart.territory_title"), figure, Table(headers, rows, (False, True, True, True, True)))
