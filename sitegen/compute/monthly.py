"""The monthly plan (PLAN_FORMAT §7): each goal's target, deals, pipeline and work by month.

Every leaf goal, and every parent's *remainder* (its target above the sum of
its children's), is a *spread*: a target worked through a funnel and shared
over months. A parent's monthly plan is its children's plus its remainder's;
its own `won`, `stages` and `activities` stay as §3 computes them. Stage
entries and activity hours move earlier by the sales-cycle lag (`lag`);
what lands before the plan's first month is the opening pipeline.

Scenarios and the sensitivity runs (§9) compute the monthly plan again and
again with the same calendar. What a spread's months depend on besides its
amounts — its shares, and how they shift by a lead time — is kept in the
calendar's memo by those inputs (`compute.kept`), and work is summed per
timing profile before it is spread: `Σ amount × share = (Σ amount) × share`
holds exactly in fractions, so the figures are the very same numbers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, Inexact, localcontext
from fractions import Fraction
from functools import partial
from typing import Protocol

from sitegen.compute.funnel import activity_needs, required_per_stage, won_deals
from sitegen.compute.goaltree import GoalTree, same_scope
from sitegen.compute.kept import Kept
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
from sitegen.model.kinds import Stage
from sitegen.model.period import Period
from sitegen.model.plan import GoalLinks, Placed, Plan
from sitegen.model.workdays import Calendar

__all__ = ["MonthlyPlan", "Spread", "monthly_hours", "monthly_plan"]

# Sums of hours as written (Decimals) without rounding: Σ Fraction(h) = Fraction(Σ h) exactly,
# at a fraction of the cost of adding fractions. Inexact is trapped: a rounding would be a bug.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[Inexact])


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
    activities: Sequence[Worked] = ()
    shape: Hashable = None  # what `shares` are made from: equal shapes, equal shares (`Kept`)
    # stage id (None: no lead time) → (the share of its entries that falls before the plan,
    # each plan month's share of its work): how the stage's lead time moves the shares
    timing: Mapping[str | None, tuple[Fraction, Mapping[int, Fraction]]] = field(default_factory=dict)


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


def _valued_like(parent: Funnelled, children: Sequence[Funnelled]) -> bool:
    """Children's deals are worth what the parent's are: the parent's won deals can be split between them."""
    if parent.metric not in ("revenue", "profit"):
        return True
    return all(c.deal_value == parent.deal_value and c.product == parent.product for c in children)


def _remainder(plan: Plan, placed: Placed, result: Funnelled, kids: Sequence[Funnelled],
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


def _remainder_shares(period: Period, phasing: Mapping[str, Decimal] | None, covered: frozenset[int],
                      cal: Calendar) -> dict[int, Fraction]:
    """The parent's weights over its months no same-scope child covers (all months when none does)."""
    weights = month_weights(period, phasing, cal)
    free = [m for m in weights if m not in covered] or list(weights)
    found = shares(weights, free)
    if not found:  # the phasing gives the free months no weight: spread them by working days
        found = shares({m: Fraction(working_days_in(m, period.start, period.end, cal)) for m in free})
    return found or shares(weights)


Made = tuple[Period, Mapping[str, Decimal] | None, frozenset[int] | None]  # see `_shape`


class Worked(Protocol):
    """What the hours per month read of an activity's need (`ActivityNeed`, or §9's `Work`)."""

    @property
    def role(self) -> str | None: ...
    @property
    def stage(self) -> str: ...
    @property
    def hours(self) -> Decimal: ...


class Funnelled(Protocol):
    """What the monthly plan reads of a goal's §3 result (`GoalResult`, or §9's `GoalNeed`)."""

    @property
    def metric(self) -> str: ...
    @property
    def product(self) -> str | None: ...
    @property
    def deal_value(self) -> Decimal | None: ...
    @property
    def won(self) -> int | None: ...
    @property
    def stages(self) -> tuple[StageNeed, ...]: ...
    @property
    def activities(self) -> Sequence[Worked]: ...


def _sources(plan: Plan, results: Sequence[Funnelled], tree: GoalTree, links: GoalLinks,
             ) -> Iterator[tuple[int, Made, tuple[Decimal | Fraction, int | Fraction, tuple[StageNeed, ...], Sequence[Worked]]]]:
    """Each spread's goal index, what its shares are made from (see `_shape`) and its amounts:
    target, won deals, stages and activities."""
    for i, placed in enumerate(plan.goals):
        goal, result, kids = placed.item, results[i], tree.children[i]
        if not kids:
            yield i, (goal.period, goal.phasing, None), (goal.target, result.won or 0, result.stages, result.activities)
            continue
        with localcontext(EXACT):  # exact: Σ of Decimals as written
            left = goal.target - sum((plan.goals[k].item.target for k in kids), Decimal(0))
        if left <= 0:
            continue
        won, stages, activities = _remainder(plan, placed, result, [results[k] for k in kids], links, Fraction(left))
        covered = frozenset(m for k in kids if same_scope(goal, plan.goals[k].item)
                            for m in months_of(plan.goals[k].item.period.start, plan.goals[k].item.period.end))
        yield i, (goal.period, goal.phasing, covered), (Fraction(left), won, stages, activities)


def _spreads(plan: Plan, results: Sequence[GoalResult], tree: GoalTree, cal: Calendar) -> list[Spread]:
    links = GoalLinks(plan)
    kept = Kept(cal, "spreads")
    first = month_index(plan.settings.period.start)
    out = []
    for i, made, (target, won, stages, activities) in _sources(plan, results, tree, links):
        funnel = links.funnel(plan.goals[i].item)
        share, shape, timing = _shape(made, funnel.item.stages if funnel else (), first, cal, kept)
        out.append(Spread(i, made[2] is not None, Fraction(target), Fraction(won), share,
                          funnel.section.id if funnel else None, stages, activities, shape, timing))
    return out


def _shape(made: Made, stages: Sequence[Stage], first: int, cal: Calendar, kept: Kept,
           ) -> tuple[dict[int, Fraction], Hashable, Mapping]:
    """A spread's shares, its shape and its timing (see `Spread`) from its period, phasing and the
    months its same-scope children cover (None: a leaf goal), kept by those and the stages' days."""
    period, phasing, covered = made
    shape = (period, None if phasing is None else tuple(phasing.items()), covered)
    days = tuple((s.id, s.days) for s in stages)
    return kept.get((shape, days, first), partial(_shaped, made, shape, stages, first, cal))


def _shaped(made: Made, shape: Hashable, stages: Sequence[Stage], first: int, cal: Calendar,
            ) -> tuple[dict[int, Fraction], Hashable, Mapping]:
    period, phasing, covered = made
    share = (shares(month_weights(period, phasing, cal)) if covered is None
             else _remainder_shares(period, phasing, covered, cal))
    return share, shape, _timing(share, stages, first)


def _timing(share: Mapping[int, Fraction], stages: Sequence[Stage], first: int,
            ) -> dict[str | None, tuple[Fraction, dict[int, Fraction]]]:
    leads: dict[str | None, Fraction] = {None: Fraction(0)}
    leads.update(lead_times(stages))
    return {stage: (_before(share, lead, first), _after(share, lead, first)) for stage, lead in leads.items()}


def _goal_months(plan: Plan, tree: GoalTree, spreads: Sequence[Spread], kept: Kept) -> dict[int, tuple[MonthPlan, ...]]:
    """Each goal's months: its own spread, plus (for a parent) its children's months. Kept by what
    they are made of — the goal's dates and the shapes, targets and won deals of its subtree's
    spreads — so a scenario that leaves those alone (conversion, heads) finds them made."""
    own = {s.goal: s for s in spreads}
    keys: dict[int, tuple] = {}
    found: dict[int, tuple[dict[int, tuple[Fraction, Fraction]], tuple[MonthPlan, ...]]] = {}

    def key(i: int) -> tuple:
        if i not in keys:
            s = own.get(i)
            keys[i] = (plan.goals[i].item.period, (s.shape, s.target, s.won) if s else None,
                       tuple(key(k) for k in tree.children[i]))
        return keys[i]

    def of(i: int) -> tuple[dict[int, tuple[Fraction, Fraction]], tuple[MonthPlan, ...]]:
        if i not in found:
            found[i] = kept.get(("months", key(i)), lambda: _months(
                plan.goals[i].item.period, own.get(i), [of(k)[0] for k in tree.children[i]]))
        return found[i]

    return {i: of(i)[1] for i in range(len(plan.goals))}


def _months(period: Period, spread: Spread | None, children: Sequence[Mapping[int, tuple[Fraction, Fraction]]],
            ) -> tuple[dict[int, tuple[Fraction, Fraction]], tuple[MonthPlan, ...]]:
    """(month → (target, won deals), the goal's monthly plan) of a goal: its spread's and its children's."""
    months = {m: [Fraction(0), Fraction(0)] for m in months_of(period.start, period.end)}
    mine = [{m: (share * spread.target, share * spread.won) for m, share in spread.shares.items()}] if spread else []
    for source in (*mine, *children):
        for m, (target, won) in source.items():
            cell = months.setdefault(m, [Fraction(0), Fraction(0)])
            cell[0] += target
            cell[1] += won
    totals = {m: (target, won) for m, (target, won) in months.items()}
    return totals, tuple(MonthPlan(month_label(m), t, w) for m, (t, w) in sorted(totals.items()))


def monthly_plan(plan: Plan, results: Sequence[GoalResult], tree: GoalTree, cal: Calendar) -> MonthlyPlan:
    """Spreads, monthly plans, opening pipelines and the hours each role needs per month."""
    spreads = _spreads(plan, results, tree, cal)
    funnel_opening: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    opening: dict[int, tuple[StageEntries, ...]] = {}
    top: dict[int, Fraction] = {}
    for s in spreads:
        entries = _opening(s)
        for entry in entries:
            funnel_opening[s.funnel or ""][entry.stage] += entry.entries
        opening[s.goal] = entries
        if s.stages and entries and entries[0].stage == s.stages[0].id:
            top[s.goal] = entries[0].entries
    return MonthlyPlan(
        tuple(spreads), _goal_months(plan, tree, spreads, Kept(cal, "months")), opening,
        *_hours(plan, ((s.timing, s.activities) for s in spreads)),
        {f: dict(stages) for f, stages in funnel_opening.items()}, _subtree_top(tree, top),
    )


def monthly_hours(plan: Plan, results: Sequence[Funnelled], tree: GoalTree, cal: Calendar,
                  ) -> tuple[dict[tuple[str | None, int], Fraction], bool]:
    """`monthly_plan`'s hours per role and month and whether some work names no role, alone:
    all that §9's sensitivity runs read (`results`: their `GoalNeed`s)."""
    links = GoalLinks(plan)
    kept = Kept(cal, "spreads")
    first = month_index(plan.settings.period.start)
    work = []
    for i, made, amounts in _sources(plan, results, tree, links):
        funnel = links.funnel(plan.goals[i].item)
        work.append((_shape(made, funnel.item.stages if funnel else (), first, cal, kept)[2], amounts[3]))
    return _hours(plan, work)


def _hours(plan: Plan, spreads: Iterable[tuple[Mapping[str | None, tuple[Fraction, Mapping[int, Fraction]]],
                                               Sequence[Worked]]]) -> tuple[dict[tuple[str | None, int], Fraction], bool]:
    """Hours per (role title or None, month) and whether some activity names no role, from each
    spread's (timing, activities). Each role's hours are summed per profile (how a spread's work
    falls on the months), then spread: exact."""
    title_of = {p.item.id: p.item.role for p in plan.team}
    work: dict[tuple[str | None, int], Decimal] = defaultdict(Decimal)  # (role, id of a profile) → hours
    profiles: dict[int, Mapping[int, Fraction]] = {}
    unassigned = False
    with localcontext(EXACT):
        for timing, activities in spreads:
            for a in activities:
                unassigned |= a.role is None
                profile = timing.get(a.stage, timing[None])[1]
                profiles[id(profile)] = profile
                work[(title_of.get(a.role) if a.role else None, id(profile))] += a.hours
    needed: dict[tuple[str | None, int], Fraction] = defaultdict(Fraction)
    for (role, profile_id), hours in work.items():
        total = Fraction(hours)
        for month, share in profiles[profile_id].items():
            needed[(role, month)] += total * share
    return dict(needed), unassigned


def _opening(s: Spread) -> tuple[StageEntries, ...]:
    """A spread's entries per stage before the plan's first month: required × the share of its
    entries that the lead time moves before the plan (the same for every amount of one shape)."""
    entries = []
    for stage in s.stages:
        before = stage.required * s.timing.get(stage.id, s.timing[None])[0]
        if before:
            entries.append(StageEntries(stage.id, before))
    return tuple(entries)


def _before(shares: Mapping[int, Fraction], lead: Fraction, first: int) -> Fraction:
    """The share of a spread's stage entries that falls before the plan. Entries for months beyond
    `reach` land inside the plan whatever their amount."""
    reach = first + math.floor(lead / DAYS_PER_MONTH) + 1
    return split_at(shift({m: share for m, share in shares.items() if m < reach}, lead), first)[1]


def _after(shares: Mapping[int, Fraction], lead: Fraction, first: int) -> dict[int, Fraction]:
    """Each plan month's share of a spread's work that the lead time moves there (from the first month on)."""
    return {m: share for m, share in (shift(shares, lead) if lead else shares).items() if m >= first}


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
