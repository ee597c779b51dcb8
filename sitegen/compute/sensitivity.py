"""Sensitivity (the "tornado"): what ±10 % of each driver does to leads needed and peak capacity use.

Each driver is moved down and up by 10 % as a scenario would move it (a
conversion per stage id, the deal size, the headcount of each role, the
target) and the computation that makes the two figures is run again on the
adjusted plan — the funnels, the monthly plan, the monthly capacity (`_run`):
the swings are computed, never estimated from a formula.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from sitegen.compute.adjust import adjust
from sitegen.compute.goals import goal_need
from sitegen.compute.goaltree import plan_tree
from sitegen.compute.memo import same_items
from sitegen.compute.monthly import monthly_hours
from sitegen.compute.monthly_capacity import capacity_months
from sitegen.compute.results import CapacityMonth, ComputedPlan, Driver, Outcome, Sensitivity
from sitegen.model.kinds import TeamMember
from sitegen.model.plan import Plan
from sitegen.model.scenario import Adjust, Scenario
from sitegen.model.workdays import Calendar

STEP = Decimal("0.1")


def peak_use_by_role(computed: ComputedPlan) -> dict[str | None, Decimal | None]:
    """Each role title's highest use of its capacity in any month (§7), None when it never has
    hours to compare with; the key None is the whole team (activities without a role)."""
    return _peaks(computed.capacity_months)


def _peaks(rows: Sequence[CapacityMonth]) -> dict[str | None, Decimal | None]:
    peaks: dict[str | None, Decimal | None] = {}
    for row in rows:
        use = row.use
        peak = peaks.get(row.role)
        if use is not None and (peak is None or use > peak):
            peaks[row.role] = Decimal(use.numerator) / Decimal(use.denominator)
        else:
            peaks.setdefault(row.role, None)
    return peaks


def _peak(rows: Sequence[CapacityMonth]) -> Decimal | None:
    uses = [use for use in _peaks(rows).values() if use is not None]
    return max(uses) if uses else None


def outcome(computed: ComputedPlan) -> Outcome:
    return Outcome(computed.headline.leads, _peak(computed.capacity_months))


def _run(plan: Plan, cal: Calendar) -> Outcome:
    """The two figures of an adjusted plan, from the computation's own steps — each goal's won
    deals, entries per stage and activity hours (§3, `goal_need`), the monthly plan's hours per
    role and month, the monthly capacity (§7) — without what neither figure reads (the goals'
    per-day figures, months and opening pipelines, campaigns, budget, territories, review,
    warnings). Leads: the top stage of the top revenue goals, as the headline counts them."""
    tree = plan_tree(plan, cal)
    needs = [goal_need(plan, placed.item, cal) for placed in plan.goals]
    rows = capacity_months(plan, cal, *monthly_hours(plan, needs, tree, cal))
    leads = sum(needs[i].top_required or 0 for i in tree.top if needs[i].metric == "revenue")
    return Outcome(leads, _peak(rows))


def _heads_run(plan: Plan, base: ComputedPlan, cal: Calendar) -> Outcome:
    """A headcount driver: heads enter only the hours available (activity counts and their hours,
    hence the hours needed per month and the leads, do not depend on them), so the monthly
    capacity is computed again on the adjusted team against the plan's own hours needed."""
    needed = {(row.role, int(row.month[:4]) * 12 + int(row.month[5:]) - 1): row.needed
              for row in base.capacity_months if row.needed}
    unassigned = any(row.role is None for row in base.capacity_months)
    rows = capacity_months(plan, cal, needed, unassigned)
    return Outcome(base.headline.leads, _peak(rows))


def _conversion(stage: str, step: Decimal) -> Adjust:
    return Adjust.model_construct(conversion={stage: step})


def _headcount(members: list[TeamMember], step: Decimal) -> Adjust:
    return Adjust.model_construct(headcount={m.id: m.headcount * step for m in members})


def _changes(plan: Plan) -> list[tuple[str, str | None, Callable[[Decimal], Adjust]]]:
    """(kind, key, the change at a step of ±10 %) for every driver the plan has."""
    stages = dict.fromkeys(s.id for f in plan.funnels for s in f.item.stages)
    roles: dict[str, list[TeamMember]] = {}
    for p in plan.team:
        roles.setdefault(p.item.role, []).append(p.item)
    found: list[tuple[str, str | None, Callable[[Decimal], Adjust]]] = [
        ("conversion", stage, partial(_conversion, stage)) for stage in stages
    ]
    found.append(("deal_size", None, lambda step: Adjust.model_construct(deal_size=step)))
    found += [
        ("headcount", role, partial(_headcount, members))
        for role, members in roles.items() if any(m.headcount for m in members)
    ]
    found.append(("target", None, lambda step: Adjust.model_construct(target=step)))
    return found


def sensitivity(plan: Plan, base: ComputedPlan, cal: Calendar, memo: MutableMapping[str, Any]) -> Sensitivity:
    """`cal`: the base's calendar; `memo`: what computing the base left; each run starts from a
    copy of it (see `scenarios`).

    The two figures follow from the goals, funnels, prices, team and calendar alone: while those
    are the same objects (`serve`, after a save of prose, a campaign or a budget), the last
    result is kept (see `compute.memo`)."""
    inputs = (plan.settings, *(p.item for p in (*plan.goals, *plan.funnels, *plan.products, *plan.team)))
    token = same_items(memo, "sensitivity-inputs", inputs)
    last: tuple[object, Sensitivity] | None = memo.get("sensitivity")
    if last is not None and last[0] is token:
        return last[1]
    found = _sensitivity(plan, base, cal, memo)
    memo["sensitivity"] = (token, found)
    return found


def _sensitivity(plan: Plan, base: ComputedPlan, cal: Calendar, memo: MutableMapping[str, Any]) -> Sensitivity:
    drivers = []
    for kind, key, change in _changes(plan):
        low, high = (
            _heads_run(adjusted, base, cal) if kind == "headcount" else _run(adjusted, cal)
            for adjusted in (adjust(plan, Scenario.model_construct(id=kind, name=kind, adjust=change(step)))
                             for step in (-STEP, STEP))
        )
        drivers.append(Driver(kind, key, low, high))
    return Sensitivity(outcome(base), tuple(drivers))
