"""Per-goal results: deal value, won deals, stages, activities and attainment."""

from __future__ import annotations

from collections.abc import MutableMapping
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from sitegen.compute.funnel import (
    Work,
    activity_needs,
    activity_work,
    deal_value,
    required_per_stage,
    won_deals,
)
from sitegen.compute.memo import Reuse, same_items
from sitegen.compute.results import ActivityNeed, GoalResult, StageNeed
from sitegen.compute.team import staffing
from sitegen.model.kinds import Actual, FunnelSection, Goal
from sitegen.model.period import Period
from sitegen.model.plan import GoalLinks, Placed, Plan
from sitegen.model.workdays import Calendar


def _headcounts(plan: Plan, funnel: FunnelSection | None, period: Period, cal: Calendar) -> dict[str | None, Decimal]:
    return staffing(plan.team, cal).headcounts(tuple(a.role for a in funnel.activities) if funnel else (), period)


class _Index(GoalLinks):
    """Each goal's funnel, product and latest actual, found through indexes built once per plan
    (the actuals were scanned per goal: quadratic in a company-wide plan). Same answers."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.plan = plan
        self.latest: dict[str, Placed[Actual]] = {}
        for a in plan.actuals:
            best = self.latest.get(a.item.goal)
            if best is None or a.item.as_of > best.item.as_of:  # the first of equal dates, as max()
                self.latest[a.item.goal] = a


def _index(plan: Plan, cal: Calendar) -> _Index:
    found = cal.memo.get("goal-index")
    if found is None or found.plan is not plan:
        found = cal.memo["goal-index"] = _Index(plan)
    return found


def _reversed(plan: Plan, goal: Goal, cal: Calendar) -> tuple[Placed[FunnelSection] | None, Decimal | None, int | None, tuple[StageNeed, ...]]:
    """The goal's funnel, deal value, won deals and required entries per stage (§3)."""
    index = _index(plan, cal)
    product = index.product(goal)
    funnel = index.funnel(goal)
    value = deal_value(goal, product, funnel.item if funnel else None)
    won = won_deals(goal, value, product.margin if product is not None else None)
    stages = required_per_stage(won, funnel.item) if funnel is not None and won is not None else ()
    return funnel, value, won, stages


class GoalNeed(NamedTuple):
    """What §9's sensitivity runs read of a goal's result (`goal_need`), by `GoalResult`'s names."""

    metric: str
    product: str | None
    deal_value: Decimal | None
    won: int | None
    stages: tuple[StageNeed, ...]
    activities: tuple[Work, ...]

    @property
    def top_required(self) -> int | None:
        return self.stages[0].required if self.stages else None


def goal_need(plan: Plan, goal: Goal, cal: Calendar) -> GoalNeed:
    """`goal_result`'s won deals, stages and activity hours, from the same steps, alone."""
    funnel, value, won, stages = _reversed(plan, goal, cal)
    work = activity_work(funnel.item, stages) if funnel is not None and won is not None else ()
    return GoalNeed(goal.metric, goal.product, value if goal.metric in ("revenue", "profit") else None,
                    won, stages, work)


def goal_result(plan: Plan, placed: Placed[Goal], cal: Calendar) -> GoalResult:
    goal = placed.item
    funnel_placed, value, won, stages = _reversed(plan, goal, cal)
    funnel = funnel_placed.item if funnel_placed else None
    days = cal.working_days(goal.period.start, goal.period.end)
    activities: tuple[ActivityNeed, ...] = ()
    if funnel is not None and won is not None:
        activities = activity_needs(funnel, stages, days, _headcounts(plan, funnel, goal.period, cal))
    actual = _index(plan, cal).latest.get(goal.id)
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
        name=goal.name,
    )


def goal_results(plan: Plan, cal: Calendar, memo: MutableMapping[str, Any] | None = None) -> tuple[GoalResult, ...]:
    """Every goal's result, in plan order; with `memo` (see `compute.memo`) a goal whose goal,
    product, funnel, team, actual and calendar are the objects of last time keeps its result."""
    if memo is None:
        return tuple(goal_result(plan, placed, cal) for placed in plan.goals)
    team = same_items(memo, "team", tuple(p.item for p in plan.team))
    index = _index(plan, cal)
    reuse = Reuse(memo, "goals")
    out = []
    for placed in plan.goals:
        goal = placed.item
        funnel = index.funnel(goal)
        actual = index.latest.get(goal.id)
        inputs = (
            goal, placed.section.id, index.product(goal), funnel.item if funnel else None,
            funnel.section.id if funnel else None, team, cal,
            (str(actual.item.value), actual.item.as_of.isoformat()) if actual else None,
        )
        out.append(reuse.get(inputs, partial(goal_result, plan, placed, cal)))
    reuse.done()
    return tuple(out)
