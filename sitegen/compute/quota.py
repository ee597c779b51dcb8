"""Quotas (PLAN_FORMAT §9): what the sellers' quotas cover of the top revenue goals.

An entry's quota capacity in month m = `quota × headcount × Σ_days ramp(d) / W`
over its working days d of m inside the plan period and its `start`…`end`
(as its selling hours count, without leave). Per role title, the plan
period's quota capacity is compared with the top revenue goals of the
entries' `segments` (every top revenue goal when an entry names none): a
`quota-gap` warning when the goals ask for more. Reps needed for a goal =
`ceil(target ÷ (quota per head × working days of the goal's period ÷ W))`.
Exact fractions throughout; compared before any rounding.
"""

from __future__ import annotations

import math
from fractions import Fraction

from sitegen.compute.adjust import segment_and_below
from sitegen.compute.goaltree import GoalTree
from sitegen.compute.monthly_capacity import ramped_working_days, year_working_days
from sitegen.compute.phasing import month_label, month_span, months_of
from sitegen.compute.plain_numbers import num
from sitegen.compute.results import QuotaRole
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.kinds import Goal, TeamMember
from sitegen.model.plan import Placed, Plan
from sitegen.model.workdays import Calendar
from sitegen.translation import N_

__all__ = ["quota_gap_warnings", "quota_roles"]


def _covers(members: list[TeamMember], plan: Plan) -> set[str] | None:
    """The segments (sub-segments included) the entries sell to; None: every segment."""
    if any(not m.segments for m in members):
        return None
    return {s for m in members for one in m.segments for s in segment_and_below(plan, one)}


def _reps(goal: Goal, per_head: Fraction, cal: Calendar, year_days: int) -> int:
    days = cal.working_days(goal.period.start, goal.period.end)
    per_rep = per_head * days / year_days if year_days else Fraction(0)
    return math.ceil(Fraction(goal.target) / per_rep) if per_rep else 0


def _role(plan: Plan, role: str, members: list[TeamMember], tops: list[Goal], cal: Calendar, year_days: int) -> QuotaRole:
    span = plan.settings.period
    with_quota = [(m, Fraction(m.quota)) for m in members if m.quota is not None]
    months = []
    for month in months_of(span.start, span.end):
        first, last = month_span(month)
        first, last = max(first, span.start), min(last, span.end)
        amount = sum((quota * Fraction(m.headcount) * ramped_working_days(m, first, last, cal)
                      for m, quota in with_quota), Fraction(0))
        months.append((month_label(month), amount / year_days if year_days else Fraction(0)))
    heads = sum((Fraction(m.headcount) for m, _ in with_quota), Fraction(0))
    per_head = (sum((quota * Fraction(m.headcount) for m, quota in with_quota), Fraction(0)) / heads if heads
                else sum((quota for _, quota in with_quota), Fraction(0)) / len(with_quota))
    covers = _covers(members, plan)
    goals = [g for g in tops if covers is None or g.segment in covers]
    return QuotaRole(
        role, tuple(m.id for m in members), per_head, tuple(months), sum((a for _, a in months), Fraction(0)),
        tuple(g.id for g in goals), sum((Fraction(g.target) for g in goals), Fraction(0)),
        tuple((g.id, _reps(g, per_head, cal, year_days)) for g in goals),
    )


def quota_roles(plan: Plan, tree: GoalTree, cal: Calendar) -> tuple[QuotaRole, ...]:
    """Every role title with a quota, in the order the team lists them."""
    titles: dict[str, list[TeamMember]] = {}
    for placed in plan.team:
        titles.setdefault(placed.item.role, []).append(placed.item)
    quota_titles = [(role, members) for role, members in titles.items() if any(m.quota is not None for m in members)]
    if not quota_titles:
        return ()
    tops = [plan.goals[i].item for i in tree.top if plan.goals[i].item.metric == "revenue"]
    year_days = year_working_days(cal, plan.settings.period.start)
    return tuple(_role(plan, role, members, tops, cal, year_days) for role, members in quota_titles)


def quota_gap_warnings(plan: Plan, roles: tuple[QuotaRole, ...]) -> list[Diagnostic]:
    """`quota-gap`: a role's quotas over the plan period cover less than its top revenue goals."""
    team: dict[str, Placed] = plan.by_id("team")
    out = []
    for role in roles:
        if role.target <= role.capacity:
            continue
        first = next(t for t in role.teams if t in team and team[t].item.quota is not None)
        reps = ", ".join(f"{goal}: {n}" for goal, n in role.reps_needed)
        out.append(warning(
            team[first].at("quota"), "quota-gap",
            N_("the quotas of %(role)s (%(teams)s) add up to %(capacity)s over the plan period, "
               "less than the %(target)s of the top revenue goals they cover (%(goals)s); "
               "reps needed at %(quota)s a head: %(reps)s",
               role=role.role, teams=", ".join(role.teams), capacity=num(role.capacity), target=num(role.target),
               goals=", ".join(role.goals), quota=num(role.quota_per_head), reps=reps),
        ))
    return out
