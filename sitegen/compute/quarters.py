"""The review of each quarter that has actuals: every goal's result at the quarter's end (§8).

A quarter's review is judged at its last day, or at the review date when the
quarter is still running: the Q1 review of a plan reviewed in May shows Q1 as
it closed. Calendar quarters (fiscal quarters once §7's fiscal year is set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sitegen.compute.actuals import GOAL_VALUE, reported
from sitegen.compute.results import GoalResult, QuarterGoal, QuarterReview
from sitegen.compute.review import MonthTarget, Thresholds, review_goal, status_of
from sitegen.model.period import Period, parse_period
from sitegen.model.plan import Plan
from sitegen.model.workdays import Calendar


def quarter_of(day: dt.date, fiscal_year_start: int = 1, fiscal_year_label: str = "end") -> Period | None:
    """The calendar quarter holding `day`, or the fiscal one (`FY2028-Q1`) when the fiscal year
    does not start in January (§7: quarter figures are fiscal then)."""
    if fiscal_year_start == 1:
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    starts = day.year if day.month >= fiscal_year_start else day.year - 1
    name = starts + 1 if fiscal_year_label == "end" else starts
    number = (day.month - fiscal_year_start) % 12 // 3 + 1
    return parse_period(f"FY{name}-Q{number}", fiscal_year_start, fiscal_year_label)


def _quarters_with_actuals(plan: Plan, as_of: dt.date) -> list[Period]:
    settings = plan.settings
    days = {p.item.as_of for p in plan.actuals if not p.item.measure[0] and p.item.as_of <= as_of}
    # each day once: a CRM export has tens of thousands of rows over a few hundred days
    found = {quarter_of(day, settings.fiscal_year_start, settings.fiscal_year_label) for day in days}
    return sorted((q for q in found if q is not None), key=lambda q: q.start)


def quarter_reviews(
    plan: Plan, goals: Sequence[GoalResult], months_of: Callable[[GoalResult], list[MonthTarget]], cal: Calendar, as_of: dt.date | None, limits: Thresholds,
) -> tuple[QuarterReview, ...]:
    """One review per quarter in which a goal value is reported; `months_of(goal)` is its monthly plan."""
    if as_of is None:
        return ()
    out = []
    for quarter in _quarters_with_actuals(plan, as_of):
        day = min(quarter.end, as_of)
        values, _ = reported(plan, day, warn=False)  # the warnings are the whole plan's, reported once elsewhere
        rows = []
        for goal in goals:
            own = values.get((goal.id, GOAL_VALUE, GOAL_VALUE))
            if own is None or not goal.period.overlaps(quarter.start, quarter.end):
                continue
            period = (goal.period.start, goal.period.end)
            result = review_goal(own.value, goal.target, period, months_of(goal), day, cal.working_days, limits)
            status = result.status
            if goal.period.end <= day < as_of:  # the goal closed with the quarter, and the review is after it
                status = status_of(result.pace, own.value, goal.target, True, limits)
            rows.append(QuarterGoal(goal.id, goal.metric, goal.period, goal.target, own.value,
                                    result.expected, result.pace, status))
        if rows:
            out.append(QuarterReview(quarter, day, tuple(rows)))
    return tuple(out)
