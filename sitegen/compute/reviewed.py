"""Each goal's review at the review date: actual, attainment, expected, pace, forecast, status,
and stage/activity actuals next to the plan (PLAN_FORMAT §8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import MutableMapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

from sitegen.compute.actuals import GOAL_VALUE, Reported, reported, review_date, with_children
from sitegen.compute.frozen import replaced
from sitegen.compute.memo import Reuse
from sitegen.compute.quarters import quarter_reviews
from sitegen.compute.results import ActivityActual, GoalResult, ReviewInfo, StageActual
from sitegen.compute.review import (
    MonthTarget,
    Review,
    Thresholds,
    decimal,
    even_months,
    expected_to_date,
    month_end,
    review_goal,
)
from sitegen.diagnostics import Diagnostic
from sitegen.model.plan import Plan
from sitegen.model.workdays import Calendar

Values = dict[tuple[str, str, str], Reported]


def monthly_plan(goal: GoalResult, cal: Calendar) -> list[MonthTarget]:
    """The goal's monthly targets: §7's `months` when the computed plan has them, else the default
    phasing by working days."""
    months = getattr(goal, "months", None)
    if months:
        return [(_first_day(m.month), m.target) for m in months]  # exact fractions (§7)
    return even_months(goal.period.start, goal.period.end, goal.target, cal.working_days)


def _first_day(month: str | dt.date) -> dt.date:
    if isinstance(month, dt.date):
        return month.replace(day=1)
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


def _cumulative(months: list[MonthTarget]) -> tuple[tuple[dt.date, Decimal], ...]:
    """The phased plan to date at each month's end (the review chart's plan line)."""
    total, points = Fraction(0), []
    for first, target in months:
        total += Fraction(target)
        points.append((month_end(first), decimal(total)))
    return tuple(points)


def _won_to_date(goal: GoalResult, value: Decimal | None) -> Decimal | None:
    """Deals won so far when the goal counts them (deal and customer goals); a revenue figure ÷ an
    average deal size is no count of deals (it gave conversions above 100 %), so: unknown."""
    return value if goal.metric in ("deals", "customers") else None


def _stages(goal: GoalResult, values: Values, value: Decimal | None) -> tuple[StageActual, ...]:
    """Reported stages with their actual conversion into the next reported stage (the last stage:
    into won deals)."""
    found = {s.id: values.get((goal.id, "stage", s.id)) for s in goal.stages}
    won = _won_to_date(goal, value)
    out = []
    for index, stage in enumerate(goal.stages):
        here = found[stage.id]
        if here is None:
            continue
        if index + 1 == len(goal.stages):
            after = won
        else:
            following = found[goal.stages[index + 1].id]
            after = following.value if following is not None else None
        rate = after / here.value if after is not None and here.value else None
        out.append(StageActual(stage.id, stage.name, here.value, stage.required, stage.conversion, rate))
    return tuple(out)


def _activities(goal: GoalResult, values: Values, share_due: Decimal | None) -> tuple[ActivityActual, ...]:
    out = []
    for activity in goal.activities:
        here = values.get((goal.id, "activity", activity.name))
        if here is not None:
            due = activity.count * share_due if share_due is not None else None
            out.append(ActivityActual(activity.name, here.value, activity.count, due))
    return tuple(out)


def review_one(goal: GoalResult, values: Values, as_of: dt.date | None, cal: Calendar, limits: Thresholds,
               against: Reuse | None = None) -> GoalResult:
    """The goal reviewed; `against` keeps its review against the phased plan (see `_against_plan`)."""
    own = values.get((goal.id, GOAL_VALUE, GOAL_VALUE))
    value = own.value if own else None
    inputs = (goal.id, goal.months, str(goal.target), goal.period, str(value), own is not None,
              str(as_of), str(limits.at_risk), str(limits.off_track), cal)
    make = partial(_against_plan, goal, value, own is not None, as_of, cal, limits)
    result, due, plan_points = against.get(inputs, make) if against is not None else make()
    return replaced(
        goal,
        actual=value,
        actual_as_of=own.as_of if own else None,
        attainment=own.value / goal.target if own else None,
        expected=result.expected,
        pace=result.pace,
        forecast=result.forecast,
        status=result.status,
        stage_actuals=_stages(goal, values, value),
        activity_actuals=_activities(goal, values, due),
        actual_points=own.points if own else (),
        plan_points=plan_points,
    )


def _against_plan(goal: GoalResult, value: Decimal | None, reported: bool, as_of: dt.date | None, cal: Calendar,
                  limits: Thresholds) -> tuple[Review, Decimal | None, tuple[tuple[dt.date, Decimal], ...]]:
    """The review of the goal's figure against its phased plan: expected, pace, forecast and status,
    the share of its work due by the review date, the plan line to date. Made of the goal's
    target, dates and months alone: a scenario that changes conversions or heads (§9) keeps them."""
    months = monthly_plan(goal, cal)
    result = review_goal(value, goal.target, (goal.period.start, goal.period.end), months, as_of, cal.working_days, limits)
    due: Decimal | None = None
    if as_of is not None and as_of >= goal.period.start:
        due = expected_to_date(months, as_of, cal.working_days) / goal.target
    return result, due, _cumulative(months) if reported else ()


def _reported_by_goal(values: Values) -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    """Each goal's counted figures as plain strings: what `serve`'s memo compares (see `compute.memo`)."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    for (goal, kind, name), one in values.items():
        found.setdefault(goal, []).append((kind, name, str(one.value), one.as_of.isoformat()))
    return {goal: tuple(sorted(rows)) for goal, rows in found.items()}


def apply_review(
    plan: Plan, goals: Sequence[GoalResult], cal: Calendar, memo: MutableMapping[str, Any] | None = None,
) -> tuple[tuple[GoalResult, ...], ReviewInfo, list[Diagnostic]]:
    """Every goal reviewed at the review date, the date and thresholds used, and the `actual-date`
    warnings of rows that do not count. With `memo`, a goal whose result, figures, date and
    calendar are those of last time keeps its reviewed result (the same object)."""
    settings = plan.settings.review
    as_of = review_date(plan)
    source = "review.as_of" if settings.as_of is not None else "actuals" if as_of is not None else "none"
    info = ReviewInfo(as_of, source, settings.at_risk, settings.off_track)
    if not plan.actuals:
        return tuple(goals), info, []
    values, warnings = reported(plan, as_of)
    values = with_children(goals, values)
    limits = Thresholds(settings.at_risk, settings.off_track)
    by_goal = _reported_by_goal(values)
    reuse, against = Reuse(memo, "reviewed goals"), Reuse(memo, "reviewed against plan")
    context = (str(as_of), str(limits.at_risk), str(limits.off_track))
    out = tuple(
        reuse.get((g, by_goal.get(g.id, ()), context, cal), partial(review_one, g, values, as_of, cal, limits, against))
        for g in goals
    )
    reuse.done()
    against.done()
    quarters = quarter_reviews(plan, out, lambda g: monthly_plan(g, cal), cal, as_of, limits)
    return out, dataclasses.replace(info, quarters=quarters), warnings
