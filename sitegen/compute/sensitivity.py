"""Sensitivity (the "tornado"): what ±10 % of each driver does to leads needed and peak capacity use.

Each driver is moved down and up by 10 % as a scenario would move it (a
conversion per stage id, the deal size, the headcount of each role, the
target) and the whole computation is run again: the swings are computed,
never estimated from a formula.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sitegen.compute.adjust import adjust
from sitegen.compute.memo import same_items
from sitegen.compute.results import ComputedPlan
from sitegen.model.plan import Plan
from sitegen.model.scenario import Adjust, Scenario

STEP = Decimal("0.1")
Compute = Callable[[Plan, MutableMapping[str, Any] | None], ComputedPlan]


@dataclass(frozen=True)
class Outcome:
    """The two figures the tornado compares: leads needed (the headline goals' top stage)
    and the peak use of any role's capacity (None when no role has hours)."""

    leads: int
    peak_use: Decimal | None


@dataclass(frozen=True)
class Driver:
    kind: str  # conversion | deal_size | headcount | target
    key: str | None  # the stage id (conversion), the role title (headcount)
    low: Outcome  # at -10 %
    high: Outcome  # at +10 %


@dataclass(frozen=True)
class Sensitivity:
    base: Outcome
    drivers: tuple[Driver, ...]


def peak_use_by_role(computed: ComputedPlan) -> dict[str | None, Decimal | None]:
    """Each role title's highest use of its capacity in any month (§7), None when it never has
    hours to compare with; the key None is the whole team (activities without a role)."""
    peaks: dict[str | None, Decimal | None] = {}
    for row in computed.capacity_months:
        use = row.use
        peak = peaks.get(row.role)
        if use is not None and (peak is None or use > peak):
            peaks[row.role] = Decimal(use.numerator) / Decimal(use.denominator)
        else:
            peaks.setdefault(row.role, None)
    return peaks


def outcome(computed: ComputedPlan) -> Outcome:
    uses = [use for use in peak_use_by_role(computed).values() if use is not None]
    return Outcome(computed.headline.leads, max(uses) if uses else None)


def _changes(plan: Plan) -> list[tuple[str, str | None, Callable[[Decimal], Adjust]]]:
    """(kind, key, the change at a step of ±10 %) for every driver the plan has."""
    stages = dict.fromkeys(s.id for f in plan.funnels for s in f.item.stages)
    roles: dict[str, list] = {}
    for p in plan.team:
        roles.setdefault(p.item.role, []).append(p.item)
    found: list[tuple[str, str | None, Callable[[Decimal], Adjust]]] = [
        ("conversion", stage, lambda step, stage=stage: Adjust.model_construct(conversion={stage: step}))
        for stage in stages
    ]
    found.append(("deal_size", None, lambda step: Adjust.model_construct(deal_size=step)))
    found += [
        ("headcount", role, lambda step, members=members: Adjust.model_construct(
            headcount={m.id: m.headcount * step for m in members}))
        for role, members in roles.items() if any(m.headcount for m in members)
    ]
    found.append(("target", None, lambda step: Adjust.model_construct(target=step)))
    return found


def sensitivity(plan: Plan, base: ComputedPlan, memo: MutableMapping[str, Any], compute: Compute) -> Sensitivity:
    """`memo`: what computing the base left; each run starts from a copy of it (see `scenarios`).

    The two figures follow from the goals, funnels, prices, team and calendar alone: while those
    are the same objects (`serve`, after a save of prose, a campaign or a budget), the last
    result is kept (see `compute.memo`)."""
    inputs = (plan.settings, *(p.item for p in (*plan.goals, *plan.funnels, *plan.products, *plan.team)))
    token = same_items(memo, "sensitivity-inputs", inputs)
    last = memo.get("sensitivity")
    if last is not None and last[0] is token:
        return last[1]
    found = _sensitivity(plan, base, memo, compute)
    memo["sensitivity"] = (token, found)
    return found


def _sensitivity(plan: Plan, base: ComputedPlan, memo: MutableMapping[str, Any], compute: Compute) -> Sensitivity:
    drivers = []
    for kind, key, change in _changes(plan):
        low, high = (
            outcome(compute(adjust(plan, Scenario.model_construct(id=kind, name=kind, adjust=change(step))), dict(memo)))
            for step in (-STEP, STEP)
        )
        drivers.append(Driver(kind, key, low, high))
    return Sensitivity(outcome(base), tuple(drivers))
