"""The reverse funnel (PLAN_FORMAT §3): target → won deals → required per stage → activities.

All arithmetic is Decimal and rounds up at every stage: half a lead is a lead.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from sitegen.compute.results import ActivityNeed, StageNeed
from sitegen.model.kinds import Activity, FunnelSection, Goal, Package, Product


class Work(NamedTuple):
    """An activity's hours for a goal, with what places them: its role and its stage."""

    role: str | None
    stage: str
    hours: Decimal


def ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def deal_value(goal: Goal, product: Product | Package | None, funnel: FunnelSection | None) -> Decimal | None:
    """What one won deal is worth: the named product's price, else the funnel's deal size."""
    if product is not None:
        return product.price
    return funnel.deal_size if funnel is not None else None


def won_deals(goal: Goal, value: Decimal | None, margin: Decimal | None) -> int | None:
    if goal.metric == "revenue":
        return ceil(goal.target / value) if value else None
    if goal.metric == "profit":
        return ceil(goal.target / (value * margin)) if value and margin else None
    return ceil(goal.target)


def required_per_stage(won: int, funnel: FunnelSection) -> tuple[StageNeed, ...]:
    """Walk up from the last stage: required(k) = ceil(required(k+1) / conversion(k))."""
    needs: list[StageNeed] = []
    below = won
    for stage in reversed(funnel.stages):
        below = ceil(Decimal(below) / stage.conversion)
        needs.append(StageNeed(stage.id, stage.name, stage.conversion, below))
    return tuple(reversed(needs))


def activity_hours(activity: Activity, required: Mapping[str, int]) -> tuple[int, Decimal]:
    """How many times an activity is done for the stages' required entries, and its hours."""
    count = ceil(activity.per_unit * required.get(activity.stage, 0))
    return count, Decimal(count) * activity.minutes / 60


def activity_work(funnel: FunnelSection, stages: tuple[StageNeed, ...]) -> tuple[Work, ...]:
    """`activity_needs`' hours alone (its role, stage and hours per activity): what the
    sensitivity runs (§9) read of a goal's activities."""
    required = {s.id: s.required for s in stages}
    return tuple(Work(a.role, a.stage, activity_hours(a, required)[1]) for a in funnel.activities)


def activity_needs(
    funnel: FunnelSection, stages: tuple[StageNeed, ...], working_days: int, headcount_of: dict[str | None, Decimal]
) -> tuple[ActivityNeed, ...]:
    required = {s.id: s.required for s in stages}
    out = []
    for activity in funnel.activities:
        count, hours = activity_hours(activity, required)
        per_day = Decimal(count) / working_days if working_days else Decimal(0)
        heads = headcount_of.get(activity.role, Decimal(0))
        out.append(
            ActivityNeed(
                name=activity.name,
                stage=activity.stage,
                role=activity.role,
                minutes=activity.minutes,
                count=count,
                hours=hours,
                per_day=per_day,
                per_rep_per_day=per_day / heads if heads else None,
                headcount=heads,
            )
        )
    return tuple(out)
