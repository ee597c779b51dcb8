"""Per-goal results: deal value, won deals, stages, activities and attainment."""

from __future__ import annotations

from decimal import Decimal

from sitegen.compute.funnel import activity_needs, deal_value, required_per_stage, won_deals
from sitegen.compute.results import GoalResult
from sitegen.compute.team import ALL, staffing
from sitegen.compute.workdays import Calendar
from sitegen.model.plan import Placed, Plan, funnel_for, product_for


def _headcounts(plan: Plan, funnel, period, cal: Calendar) -> dict[str | None, Decimal]:
    staff = staffing(plan.team, cal)
    roles = {a.role for a in funnel.activities} if funnel else set()
    return {role: staff.headcount(role, period) for role in roles | {ALL}}


def _latest_actual(plan: Plan, goal_id: str) -> Placed | None:
    mine = [a for a in plan.actuals if a.item.goal == goal_id]
    return max(mine, key=lambda a: a.item.as_of) if mine else None


def goal_result(plan: Plan, placed: Placed, cal: Calendar) -> GoalResult:
    goal = placed.item
    product = product_for(plan, goal)
    funnel_placed = funnel_for(plan, goal)
    funnel = funnel_placed.item if funnel_placed else None
    value = deal_value(goal, product, funnel)
    margin = product.margin if product is not None else None
    won = won_deals(goal, value, margin)
    days = cal.working_days(goal.period.start, goal.period.end)
    stages, activities = (), ()
    if funnel is not None and won is not None:
        stages = required_per_stage(won, funnel)
        activities = activity_needs(funnel, stages, days, _headcounts(plan, funnel, goal.period, cal))
    actual = _latest_actual(plan, goal.id)
    return GoalResult(
        id=goal.id,
        section=placed.section.id,
        metric=goal.metric,
        target=goal.target,
        period=goal.period,
        segment=goal.segment,
        product=goal.product,
        funnel=funnel_placed.section.id if funnel_placed else None,
        deal_value=value if goal.metric in ("revenue", "profit") else None,
        working_days=days,
        won=won,
        stages=stages,
        activities=activities,
        actual=actual.item.value if actual else None,
        actual_as_of=actual.item.as_of if actual else None,
        attainment=actual.item.value / goal.target if actual else None,
    )
