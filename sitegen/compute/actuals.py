"""Which actual rows count at the review date, and what they add up to (PLAN_FORMAT §8).

A row counts when it is dated inside its goal's period and on or before the
review date. Rows of an `aggregate: latest` section are values to date (the
latest one counts); rows of an `aggregate: sum` section are single deals (they
add up). Rows that do not count are warnings naming why — never a number
silently dropped or silently included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sitegen.compute.results import GoalResult
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.kinds import ActualsSection
from sitegen.model.plan import Placed, Plan
from sitegen.translation import N_, Message

GOAL_VALUE = ""  # the measure of rows without `stage` or `activity`


@dataclass(frozen=True)
class Reported:
    """A goal's (or one stage's, one activity's) actual at the review date."""

    value: Decimal
    as_of: dt.date  # the latest counted row's date
    points: tuple[tuple[dt.date, Decimal], ...] = ()  # the value to date on each reported date


def review_date(plan: Plan) -> dt.date | None:
    """`review.as_of`, else the latest `as_of` of any actual row; never the clock."""
    if plan.settings.review.as_of is not None:
        return plan.settings.review.as_of
    return max((p.item.as_of for p in plan.actuals), default=None)


def _why_not_counted(row: Placed, as_of: dt.date, plan: Plan, goals: dict[str, Placed]) -> Message | None:
    item = row.item
    explicit = plan.settings.review.as_of is not None
    if item.as_of > as_of:
        source = N_("review.as_of in plan.yaml") if explicit else N_("the latest actual")
        return N_("actual for goal '%(goal)s' is dated %(date)s, after the review date %(as_of)s (%(source)s); not counted",
                  goal=item.goal, date=str(item.as_of), as_of=str(as_of), source=source)
    span = plan.settings.period
    if item.as_of < span.start:
        return N_("actual for goal '%(goal)s' is dated %(date)s, before the plan starts (%(start)s); not counted",
                  goal=item.goal, date=str(item.as_of), start=str(span.start))
    period = goals[item.goal].item.period
    if not period.start <= item.as_of <= period.end:
        return N_("actual for goal '%(goal)s' is dated %(date)s, outside the goal's period %(period)s "
                  "(%(start)s – %(end)s); not counted", goal=item.goal, date=str(item.as_of), period=period.label,
                  start=str(period.start), end=str(period.end))
    return None


def counted_rows(plan: Plan, as_of: dt.date | None, warn: bool = True) -> tuple[dict[tuple[str, str, str], list[Placed]], list[Diagnostic]]:
    """Rows that count, by (goal, measure kind, stage id or activity name), and the `actual-date`
    warnings of those that do not (none unless `warn`: a quarter's review leaves out every later
    row of a CRM export, and the plan's own review reports the warnings). Rows of unknown goals
    are left out (an `unknown-ref` error)."""
    goals = plan.by_id("goals")
    rows: dict[tuple[str, str, str], list[Placed]] = defaultdict(list)
    warnings: list[Diagnostic] = []
    if as_of is None:
        return rows, warnings
    for row in plan.actuals:
        if row.item.goal not in goals:
            continue
        why = _why_not_counted(row, as_of, plan, goals)
        if why is None:
            rows[(row.item.goal, *row.item.measure)].append(row)
        elif warn:
            warnings.append(warning(row.at("as_of"), "actual-date", why))
    return rows, warnings


def aggregate(rows: Sequence[Placed]) -> Reported | None:
    """The latest to-date value, or the sum of single deals (`aggregate: sum`); a goal reported
    both ways takes its latest to-date value (a to-date figure already holds the deals)."""
    latest = [r for r in rows if r.section.data_as(ActualsSection).aggregate == "latest"]
    if latest:
        best = max(latest, key=lambda r: r.item.as_of)  # the first of equal dates, as v1
        by_date: dict[dt.date, Decimal] = {}
        for row in sorted(latest, key=lambda r: r.item.as_of, reverse=True):
            by_date[row.item.as_of] = row.item.value  # the first of equal dates wins
        return Reported(best.item.value, best.item.as_of, tuple(sorted(by_date.items())))
    if not rows:
        return None
    total, points = Decimal(0), {}
    for row in sorted(rows, key=lambda r: r.item.as_of):
        total += row.item.value
        points[row.item.as_of] = total
    return Reported(total, max(r.item.as_of for r in rows), tuple(points.items()))


def reported(plan: Plan, as_of: dt.date | None, warn: bool = True) -> tuple[dict[tuple[str, str, str], Reported], list[Diagnostic]]:
    rows, warnings = counted_rows(plan, as_of, warn)
    values = {key: found for key, group in rows.items() if (found := aggregate(group)) is not None}
    return values, warnings


def _covers(parts: Sequence[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    """Whether the spans `parts` together cover every day of start…end."""
    day = start
    for first, last in sorted(parts):
        if first > day:
            return False
        day = max(day, last + dt.timedelta(days=1))
    return day > end


def _summed(parts: Sequence[Reported]) -> Reported:
    """Children's values added up; on each date a child reported, the sum of every child's value to date."""
    dates = sorted({d for part in parts for d, _ in part.points})
    points = []
    for day in dates:
        total = Decimal(0)
        for part in parts:
            known = [v for d, v in part.points if d <= day]
            total += known[-1] if known else Decimal(0)
        points.append((day, total))
    return Reported(sum((p.value for p in parts), Decimal(0)), max(p.as_of for p in parts), tuple(points))


def with_children(goals: Sequence[GoalResult], values: dict[tuple[str, str, str], Reported]) -> dict[tuple[str, str, str], Reported]:
    """`values` plus, for each parent goal without rows of its own whose children cover its whole
    period, the sum of its children's values (§8); deepest parents first, so a parent of parents
    adds up sums."""
    by_id = {g.id: g for g in goals}
    out = dict(values)

    def depth(goal: GoalResult) -> int:
        return 0 if goal.parent is None or goal.parent not in by_id else 1 + depth(by_id[goal.parent])

    for goal in sorted((g for g in goals if g.children), key=depth, reverse=True):
        key = (goal.id, GOAL_VALUE, GOAL_VALUE)
        children = [by_id[c] for c in goal.children if c in by_id]
        spans = [(c.period.start, c.period.end) for c in children]
        if key in out or not _covers(spans, goal.period.start, goal.period.end):
            continue
        parts = [out[(c.id, GOAL_VALUE, GOAL_VALUE)] for c in children if (c.id, GOAL_VALUE, GOAL_VALUE) in out]
        if parts:
            out[key] = _summed(parts)
    return out
