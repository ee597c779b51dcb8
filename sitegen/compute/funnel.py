"""The reverse funnel (PLAN_FORMAT §3): target → won deals → required per stage → activities.

All arithmetic is Decimal and rounds up at every stage: half a lead is a lead.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from sitegen.compute.results import ActivityNeed, StageNeed
from sitegen.model.kinds import FunnelSection, Goal, Package, Product


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


def activity_needs(
    funnel: FunnelSection, stages: tuple[StageNeed, ...], working_days: int, headcount_of: dict[str | None, Decimal]
) -> tuple[ActivityNeed, ...]:
    required = {s.id: s.required for s in stages}
    out = []
    for activity in funnel.activities:
        count = ceil(activity.per_unit * required.get(activity.stage, 0))
        per_day = Decimal(count) / working_days if working_days else Decimal(0)
        heads = headcount_of.get(activity.role, Decimal(0))
        out.append(
            ActivityNeed(
                name=activity.name,
                stage=activity.stage,
                role=activity.role,
                minutes=activity.minutes,
                count=count,
                hours=Decimal(count) * activity.minutes / 60,
                per_day=per_day,
                per_rep_per_day=per_day / heads if heads else None,
                headcount=heads,
            )
        )
    return tuple(out)
