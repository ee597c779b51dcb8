"""A scenario applied to the plan (§9): `adjust(plan, scenario)` → another plan, the base untouched.

The scenario's numbers then come from the very same `compute_plan` as the
base: no formula exists twice. Items a scenario does not change stay the
same objects, so the compute memo (`compute.memo`) reuses their results.

With a `segment`, only that segment's goals (sub-segments included) change,
and the funnels and prices as *those goals* use them: a funnel shared with
other goals is copied for the segment's goals (`Plan.goal_funnels`), the
shared one keeps its base values.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TypeVar

from sitegen.compute.goaltree import goal_tree
from sitegen.model.kinds import FunnelSection, Goal, Package, Product, TeamMember
from sitegen.model.plan import GoalLinks, Placed, Plan
from sitegen.model.scenario import Adjust, Scenario

ONE = Decimal(1)
Item = TypeVar("Item")


def _scaled(value: Decimal | None, change: Decimal | None) -> Decimal | None:
    return value if value is None or change is None else value * (ONE + change)


def adjusted_funnel(funnel: FunnelSection, change: Adjust) -> FunnelSection:
    """Conversions (capped at 100 %) and the deal size changed; the rest as written."""
    stages = tuple(
        stage if (c := change.conversion_of(stage.id)) is None
        else stage.model_copy(update={"conversion": min(ONE, stage.conversion * (ONE + c))})
        for stage in funnel.stages
    )
    deal_size = _scaled(funnel.deal_size, change.deal_size)
    if deal_size == funnel.deal_size and all(a is b for a, b in zip(stages, funnel.stages, strict=True)):
        return funnel
    return funnel.model_copy(update={"stages": stages, "deal_size": deal_size})


def _placed(placed: Placed[Item], item: Item) -> Placed[Item]:
    return placed if item is placed.item else Placed(item, placed.section, placed.path)


def _price(product: Product | Package, change: Adjust) -> Product | Package:
    return product if change.deal_size is None else product.model_copy(update={"price": _scaled(product.price, change.deal_size)})


def _goal(placed: Placed[Goal], change: Adjust) -> Placed[Goal]:
    goal = placed.item
    if change.target is None:
        return placed
    return _placed(placed, goal.model_copy(update={"target": _scaled(goal.target, change.target)}))


def _team(plan: Plan, change: Adjust) -> tuple[Placed[TeamMember], ...]:
    heads = change.headcount or {}
    return tuple(
        _placed(p, p.item.model_copy(update={"headcount": p.item.headcount + heads[p.item.id]}))
        if p.item.id in heads else p
        for p in plan.team
    )


def segment_and_below(plan: Plan, segment: str) -> set[str]:
    """The segment and its sub-segments, at any depth."""
    children: dict[str, list[str]] = {}
    for p in plan.segments:
        if p.item.parent:
            children.setdefault(p.item.parent, []).append(p.item.id)
    found, todo = set(), [segment]
    while todo:
        one = todo.pop()
        if one not in found:
            found.add(one)
            todo += children.get(one, [])
    return found


def adjust(plan: Plan, scenario: Scenario) -> Plan:
    """The plan as the scenario changes it."""
    change = scenario.adjust
    team = _team(plan, change)
    if scenario.segment is None:
        return dataclasses.replace(
            plan,
            funnels=tuple(_placed(f, adjusted_funnel(f.item, change)) for f in plan.funnels),
            products=tuple(_placed(p, _price(p.item, change)) for p in plan.products),
            goals=tuple(_goal(g, change) for g in plan.goals),
            team=team,
        )
    return _adjust_segment(plan, scenario, team)


def _adjust_segment(plan: Plan, scenario: Scenario, team: tuple[Placed[TeamMember], ...]) -> Plan:
    change, scope = scenario.adjust, segment_and_below(plan, scenario.segment or "")
    links = GoalLinks(plan)
    funnels: dict[int, Placed[FunnelSection]] = {}  # one adjusted copy per shared funnel
    own_funnels, own_products = dict(plan.goal_funnels), dict(plan.goal_products)
    goals: list[Placed[Goal] | None] = []
    for placed in plan.goals:
        goal = placed.item
        if goal.segment not in scope:
            goals.append(None)  # its target may move with the goals it contains (below)
            continue
        funnel = links.funnel(goal)
        if funnel is not None:
            if id(funnel) not in funnels:
                funnels[id(funnel)] = _placed(funnel, adjusted_funnel(funnel.item, change))
            own_funnels[goal.id] = funnels[id(funnel)]
        product = links.product(goal)
        if product is not None:
            own_products[goal.id] = _price(product, change)
        goals.append(_goal(placed, change))
    return dataclasses.replace(
        plan, goals=_with_parents_moved(plan, goals), team=team, goal_funnels=own_funnels, goal_products=own_products
    )


def _with_parents_moved(plan: Plan, changed: list[Placed[Goal] | None]) -> tuple[Placed[Goal], ...]:
    """A goal outside the segment (None in `changed`) that contains changed goals moves by the same
    absolute difference (§9): the sum of what its children in the goal tree (§7) moved by."""
    tree = goal_tree([p.item for p in plan.goals], {p.item.id: p.item.parent for p in plan.segments})
    moved: dict[int, Decimal] = {}

    def by(i: int) -> Decimal:  # children before parents: a tree of goals is shallow
        if i not in moved:
            own = changed[i]
            moved[i] = (own.item.target - plan.goals[i].item.target if own is not None
                        else sum((by(c) for c in tree.children[i]), Decimal(0)))
        return moved[i]

    out = []
    for i, placed in enumerate(plan.goals):
        if (own := changed[i]) is not None:
            out.append(own)
        elif by(i):
            out.append(Placed(placed.item.model_copy(update={"target": placed.item.target + by(i)}), placed.section, placed.path))
        else:
            out.append(placed)
    return tuple(out)
