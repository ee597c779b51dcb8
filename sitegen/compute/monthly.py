"""The monthly plan (PLAN_FORMAT §7): each goal's target, deals, pipeline and work by month.

Every leaf goal, and every parent's *remainder* (its target above the sum of
its children's), is a *spread*: a target worked through a funnel and shared
over months. A parent's monthly plan is its children's plus its remainder's;
its own `won`, `stages` and `activities` stay as §3 computes them. Stage
entries and activity hours move earlier by the sales-cycle lag (`lag`);
what lands before the plan's first month is the opening pipeline.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

from sitegen.compute.funnel import activity_needs, required_per_stage, won_deals
from sitegen.compute.goaltree import GoalTree, same_scope
from sitegen.compute.lag import DAYS_PER_MONTH, lead_times, shift, split_at
from sitegen.compute.phasing import (
    month_index,
    month_label,
    month_weights,
    months_of,
    shares,
    working_days_in,
)
from sitegen.compute.results import ActivityNeed, GoalResult, MonthPlan, StageEntries, StageNeed
from sitegen.model.plan import GoalLinks, Placed, Plan
from sitegen.model.workdays import Calendar

__all__ = ["MonthlyPlan", "Spread", "monthly_plan"]


@dataclass(frozen=True)
class Spread:
    """A leaf goal, or a parent's remainder (`remainder=True`; `goal` is the parent's index)."""

    goal: int
    remainder: bool
    target: Fraction
    won: Fraction
    shares: dict[int, Fraction]  # month number → share, summing to 1 (or {} when nothing is left)
    funnel: str | None
    stages: tuple[StageNeed, ...] = ()
    activities: tuple[ActivityNeed, ...] = ()
    lead: dict[str, Fraction] = field(default_factory=dict)  # stage id → lead time in days


@dataclass(frozen=True)
class MonthlyPlan:
    """What the monthly plan gives the rest of compute (plain data; see `monthly_plan`)."""

    spreads: tuple[Spread, ...]
    months: dict[int, tuple[MonthPlan, ...]]  # goal index → its monthly plan
    opening: dict[int, tuple[StageEntries, ...]]  # spread's goal index → entries before the plan (remainder: the parent's)
    needed: dict[tuple[str | None, int], Fraction]  # (role title or None, month) → hours after the lag
    unassigned: bool  # some activity names no role: the whole team gets a row
    funnel_opening: dict[str, dict[str, Fraction]]  # funnel id → stage → entries needed before the start
    top_opening: dict[int, Fraction]  # goal index → top-stage entries before the start, over its whole subtree


def _valued_like(parent: GoalResult, children: Sequence[GoalResult]) -> bool:
    """Children's deals are worth what the parent's are: the parent's won deals can be split between them."""
    if parent.metric not in ("revenue", "profit"):
        return True
    return all(c.deal_value == parent.deal_value and c.product == parent.product for c in children)


def _remainder(plan: Plan, placed: Placed, result: GoalResult, kids: Sequence[GoalResult],
               links: GoalLinks, target: Fraction) -> tuple[Fraction, tuple[StageNeed, ...], tuple[ActivityNeed, ...]]:
    """Won deals, stages and activities of a parent's remainder (§7)."""
    if result.won is not None and _valued_like(result, kids):
        won = max(0, result.won - sum(k.won or 0 for k in kids))
    else:
        product = links.product(placed.item)
        margin = product.margin if product is not None else None
        goal = placed.item.model_copy(update={"target": _decimal(target)})
        won = won_deals(goal, result.deal_value, margin) or 0
    funnel = links.funnel(placed.item)
    if funnel is None or not won:
        return Fraction(won), (), ()
    stages = required_per_stage(won, funnel.item)
    return Fraction(won), stages, activity_needs(funnel.item, stages, 1, {})


def _decimal(value: Fraction) -> Decimal:
    """A remainder as the Decimal target §3 works with (exact for any target written in decimals)."""
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(value.numerator) / Decimal(value.denominator)


def _remainder_shares(placed: Placed, kids: Sequence[Placed], cal: Calendar) -> dict[int, Fraction]:
    """The parent's weights over its months no same-scope child covers (all months when none does)."""
    goal = placed.item
    weights = month_weights(goal.period, goal.phasing, cal)
    covered = {m for k in kids if same_scope(goal, k.item) for m in months_of(k.item.period.start, k.item.period.end)}
    free = [m for m in weights if m not in covered] or list(weights)
    found = shares(weights, free)
    if not found:  # the phasing gives the free months no weight: spread them by working days
        found = shares({m: Fraction(working_days_in(m, goal.period.start, goal.period.end, cal)) for m in free})
    return found or shares(weights)


def _spreads(plan: Plan, results: Sequence[GoalResult], tree: GoalTree, cal: Calendar) -> list[Spread]:
    links = GoalLinks(plan)
    out = []
    for i, placed in enumerate(plan.goals):
        goal, result = placed.item, results[i]
        funnel = links.funnel(goal)
        lead = lead_times(funnel.item.stages) if funnel else {}
        funnel_id = funnel.section.id if funnel else None
        kids = tree.children[i]
        if not kids:
            share = shares(month_weights(goal.period, goal.phasing, cal))
            out.append(Spread(i, False, Fraction(goal.target), Fraction(result.won or 0), share, funnel_id,
                              result.stages, result.activities, lead))
            continue
        left = Fraction(goal.target) - sum((Fraction(plan.goals[k].item.target) for k in kids), Fraction(0))
        if left <= 0:
            continue
        won, stages, activities = _remainder(plan, placed, result, [results[k] for k in kids], links, left)
        share = _remainder_shares(placed, [plan.goals[k] for k in kids], cal)
        out.append(Spread(i, True, left, won, share, funnel_id, stages, activities, lead))
    return out


def _goal_months(plan: Plan, tree: GoalTree, spreads: Sequence[Spread]) -> dict[int, tuple[MonthPlan, ...]]:
    """Each goal's months: its own spread, plus (for a parent) its children's months."""
    own: dict[int, dict[int, list[Fraction]]] = defaultdict(lambda: defaultdict(lambda: [Fraction(0), Fraction(0)]))
    for s in spreads:
        for month, share in s.shares.items():
            cell = own[s.goal][month]
            cell[0] += share * s.target
            cell[1] += share * s.won
    totals: dict[int, dict[int, list[Fraction]]] = {}

    def of(i: int) -> dict[int, list[Fraction]]:
        if i not in totals:
            period = plan.goals[i].item.period
            months = {m: [Fraction(0), Fraction(0)] for m in months_of(period.start, period.end)}
            for source in (own.get(i, {}), *(of(k) for k in tree.children[i])):
                for m, (target, won) in source.items():
                    cell = months.setdefault(m, [Fraction(0), Fraction(0)])
                    cell[0] += target
                    cell[1] += won
            totals[i] = months
        return totals[i]

    return {
        i: tuple(MonthPlan(month_label(m), t, w) for m, (t, w) in sorted(of(i).items()))
        for i in range(len(plan.goals))
    }


def monthly_plan(plan: Plan, results: Sequence[GoalResult], tree: GoalTree, cal: Calendar,
                 goal_months: bool = True) -> MonthlyPlan:
    """Spreads, monthly plans, opening pipelines and the hours each role needs per month.
    `goal_months=False` leaves each goal's own monthly plan out (§9's sensitivity runs need
    only the hours per role and month)."""
    spreads = _spreads(plan, results, tree, cal)
    first = month_index(plan.settings.period.start)
    title_of = {p.item.id: p.item.role for p in plan.team}
    needed: dict[tuple[str | None, int], Fraction] = defaultdict(Fraction)
    funnel_opening: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    opening: dict[int, tuple[StageEntries, ...]] = {}
    top: dict[int, Fraction] = {}
    unassigned = False
    for s in spreads:
        entries = []
        for stage in s.stages:
            lead = s.lead.get(stage.id, Fraction(0))
            reach = first + math.floor(lead / DAYS_PER_MONTH) + 1  # months from here on stay inside the plan
            amounts = {m: share * stage.required for m, share in s.shares.items() if m < reach}
            _, before = split_at(shift(amounts, lead), first)
            if before:
                entries.append(StageEntries(stage.id, before))
                funnel_opening[s.funnel or ""][stage.id] += before
        opening[s.goal] = tuple(entries)
        if s.stages and entries and entries[0].stage == s.stages[0].id:
            top[s.goal] = entries[0].entries
        hours: dict[tuple[str | None, Fraction], Fraction] = defaultdict(Fraction)
        for a in s.activities:
            unassigned |= a.role is None
            hours[(title_of.get(a.role) if a.role else None, s.lead.get(a.stage, Fraction(0)))] += Fraction(a.hours)
        for (role, lead), total in hours.items():
            spread = {m: share * total for m, share in s.shares.items()}
            for month, amount in (shift(spread, lead) if lead else spread).items():
                if month >= first:  # before the plan: the opening pipeline's work, done already
                    needed[(role, month)] += amount
    return MonthlyPlan(
        tuple(spreads), _goal_months(plan, tree, spreads) if goal_months else {}, opening, dict(needed), unassigned,
        {f: dict(stages) for f, stages in funnel_opening.items()}, _subtree_top(tree, top),
    )


def _subtree_top(tree: GoalTree, own: dict[int, Fraction]) -> dict[int, Fraction]:
    """Top-stage opening entries of each goal's whole subtree (lead coverage counts in-plan entries)."""
    found: dict[int, Fraction] = {}

    def of(i: int) -> Fraction:
        if i not in found:
            found[i] = own.get(i, Fraction(0)) + sum((of(k) for k in tree.children[i]), Fraction(0))
        return found[i]

    for i in range(len(tree.parent)):
        of(i)
    return found
