"""Compute stage: the numbers a sales plan lives on, as pure Decimal arithmetic (§3)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import MutableMapping
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

from sitegen.compute.budget import balance_warnings, budget_result, budget_warnings, plane_results
from sitegen.compute.calendar import calendar_warnings
from sitegen.compute.capacity import role_capacity
from sitegen.compute.checks import lead_warnings, market_warnings, segment_results
from sitegen.compute.fieldwork import territories
from sitegen.compute.frozen import Later, replaced
from sitegen.compute.goals import goal_results
from sitegen.compute.goaltree import GoalTree, plan_tree
from sitegen.compute.memo import Reuse
from sitegen.compute.monthly import MonthlyPlan, monthly_plan
from sitegen.compute.monthly_capacity import capacity_months, capacity_warnings
from sitegen.compute.quota import quota_gap_warnings, quota_roles
from sitegen.compute.results import (
    BudgetResult,
    CampaignResult,
    CapacityMonth,
    ComputedPlan,
    GoalResult,
    Headline,
    Totals,
)
from sitegen.compute.reviewed import apply_review
from sitegen.compute.scenarios import scenario_results
from sitegen.compute.sensitivity import sensitivity
from sitegen.compute.tree_checks import pipeline_warnings, totals, tree_warnings
from sitegen.diagnostics import sorted_diagnostics
from sitegen.model.kinds import Campaign
from sitegen.model.plan import GoalLinks, Plan
from sitegen.model.workdays import Calendar

__all__ = ["ComputedPlan", "compute_plan"]


def _campaign(c: Campaign, section: str) -> CampaignResult:
    return CampaignResult(
        c.id, c.name, section, c.type, c.plane, c.start, c.end, (c.end - c.start).days + 1,
        c.segment, c.goal, c.channel, c.owner, c.budget, c.expected_leads,
    )


def _campaigns(plan: Plan, memo: MutableMapping[str, Any] | None = None) -> tuple[CampaignResult, ...]:
    """With `memo`: the campaigns of last time while the plan's list is the same tuple (a scenario's
    plan shares the base's), else each campaign's result of last time while it is the same object."""
    last: tuple[object, tuple[CampaignResult, ...]] | None = memo.get("campaign-list") if memo is not None else None
    if last is not None and last[0] is plan.campaigns:
        return last[1]
    reuse = Reuse(memo, "campaigns")
    ordered = sorted(plan.campaigns, key=lambda p: (p.item.start, p.item.end, p.item.id))
    out = tuple(
        reuse.get((p.item, p.section.id), partial(_campaign, p.item, p.section.id)) for p in ordered
    )
    reuse.done()
    if memo is not None:
        memo["campaign-list"] = (plan.campaigns, out)
    return out


def _headline(
    goals: tuple[GoalResult, ...], budget: BudgetResult, capacity: tuple[CapacityMonth, ...], total: Totals
) -> Headline:
    """Dashboard figures from the top revenue goals (§7 `totals`: every deal counted once)."""
    main = [g for g in goals if g.metric == "revenue" and g.parent is None]
    per_role: dict[str | None, Decimal] = {}
    for a in (a for g in main for a in g.activities):
        if (per_day := a.per_rep_per_day) is not None:
            per_role[a.role] = per_role.get(a.role, Decimal(0)) + per_day
    uses = [c.use for c in capacity if c.use is not None]
    peak = max(uses) if uses else None
    return Headline(
        revenue_target=total.targets.get("revenue", Decimal(0)),
        deals=sum(g.won or 0 for g in main),
        leads=sum(g.top_required or 0 for g in main),
        activity_hours=sum((a.hours for g in main for a in g.activities), Decimal(0)),
        activities_per_rep_per_day=max(per_role.values()) if per_role else None,  # the busiest role
        budget_planned=budget.planned,
        budget_available=budget.total,
        capacity_use=Decimal(peak.numerator) / Decimal(peak.denominator) if peak is not None else None,  # the busiest role-month
    )


def _calendar(plan: Plan, memo: MutableMapping[str, Any] | None) -> Calendar:
    """The working-day calendar, kept while plan.yaml's settings are the same object."""
    last: tuple[object, Calendar] | None = memo.get("calendar") if memo is not None else None
    if last is not None and last[0] is plan.settings:
        return last[1]
    cal = Calendar(plan.settings)
    if memo is not None:
        memo["calendar"] = (plan.settings, cal)
    return cal


def compute_plan(plan: Plan, memo: MutableMapping[str, Any] | None = None) -> ComputedPlan:
    """The computed plan, and each of its scenarios (§9) computed the same way on the adjusted plan.
    `memo` (a dict `serve` keeps between saves, see `compute.memo`) lets results whose inputs
    are the same objects as last time be reused; same result either way."""
    cal = _calendar(plan, memo)
    if not plan.settings.scenarios:
        return _computed(plan, cal, memo)
    memo = {} if memo is None else memo  # the scenarios reuse what they leave unchanged
    base = _computed(plan, cal, memo)
    # one calendar for the base, the scenarios and the sensitivity runs: what they share is
    # kept in it (`compute.kept`), worked out once
    # made when first read (`Later`): only the scenarios page shows it
    tornado = Later(partial(sensitivity, plan, base, cal, memo)) if plan.settings.sensitivity else None
    scenarios = scenario_results(plan, memo, lambda adjusted, kept: _computed(adjusted, cal, kept))
    return dataclasses.replace(base, scenarios=scenarios, tornado=tornado)


def _computed(plan: Plan, cal: Calendar, memo: MutableMapping[str, Any] | None = None) -> ComputedPlan:
    """The computed plan without its scenarios."""
    tree = plan_tree(plan, cal)
    results = goal_results(plan, cal, memo)
    monthly = monthly_plan(plan, results, tree, cal)
    goals, review, actual_warnings = apply_review(plan, _with_time(plan, results, tree, monthly, memo), cal, memo)
    campaigns = _campaigns(plan, memo)
    capacity = role_capacity(plan, goals, cal)
    per_month = capacity_months(plan, cal, monthly.needed, monthly.unassigned)
    total = totals(plan, tree)
    quotas = quota_roles(plan, tree, cal)
    terr, field_diags = territories(plan, cal, memo)
    planes = plane_results(campaigns)
    budget = budget_result(plan, campaigns)
    diags = [
        *capacity_warnings(plan, per_month),
        *market_warnings(plan, goals),
        *lead_warnings(plan, goals, {g.id: monthly.top_opening.get(i, Fraction(0)) for i, g in enumerate(goals)}),
        *tree_warnings(plan, tree),
        *pipeline_warnings(plan, monthly.funnel_opening),
        *field_diags,
        *budget_warnings(plan, budget),
        *balance_warnings(plan, planes),
        *calendar_warnings(plan, _top_lead_days(plan)),
        *actual_warnings,
        *quota_gap_warnings(plan, quotas),
    ]
    span = plan.settings.period
    return ComputedPlan(
        title=plan.settings.title,
        organization=plan.settings.organization,
        language=plan.settings.language,
        currency=plan.settings.currency,
        period=(span.start, span.end),
        working_days=cal.working_days(span.start, span.end),
        goals=goals,
        campaigns=campaigns,
        segments=segment_results(plan, goals, memo),
        capacity=capacity,
        territories=terr,
        planes=planes,
        budget=budget,
        headline=_headline(goals, budget, per_month, total),
        diagnostics=tuple(sorted_diagnostics(diags)),
        review=review,
        totals=total,
        holidays=tuple(cal.holidays_between(span.start, span.end)),
        capacity_months=per_month,
        quotas=quotas,
    )


def _with_time(
    plan: Plan, goals: tuple[GoalResult, ...], tree: GoalTree, monthly: MonthlyPlan,
    memo: MutableMapping[str, Any] | None = None,
) -> tuple[GoalResult, ...]:
    """Each goal's §3 result with its place in the tree, its monthly plan and its opening pipeline;
    the same object as last time when none of these changed (`serve` recognises results by identity)."""
    ids = [p.item.id for p in plan.goals]
    remainders = {s.goal: s.target for s in monthly.spreads if s.remainder}
    reuse = Reuse(memo, "goal-time")
    out = []
    for i, g in enumerate(goals):
        left, parent = remainders.get(i), tree.parent[i]
        time = {
            "months": monthly.months.get(i, ()),
            "opening_pipeline": monthly.opening.get(i, ()),
            "parent": ids[parent] if parent is not None else None,
            "children": tuple(ids[k] for k in tree.children[i]),
            "remainder": Decimal(left.numerator) / Decimal(left.denominator) if left is not None else None,
        }
        inputs = (g, *(str(v) if isinstance(v, Decimal) else v for v in time.values()))
        out.append(reuse.get(inputs, partial(replaced, g, **time)))
    reuse.done()
    return tuple(out)


def _top_lead_days(plan: Plan) -> dict[str, int]:
    """Goal id → whole days from entering its funnel's top stage to closing (campaign timing, §7)."""
    links = GoalLinks(plan)
    out: dict[str, int] = {}
    for placed in plan.goals:
        funnel = links.funnel(placed.item)
        if funnel is not None:
            out[placed.item.id] = math.floor(sum((s.days for s in funnel.item.stages), Decimal(0)))
    return out
