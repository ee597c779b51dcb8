"""Compute stage: the numbers a sales plan lives on, as pure Decimal arithmetic (§3)."""

from __future__ import annotations

import dataclasses
from collections.abc import MutableMapping
from decimal import Decimal
from typing import Any

from sitegen.compute.budget import balance_warnings, budget_result, budget_warnings, plane_results
from sitegen.compute.calendar import calendar_warnings
from sitegen.compute.capacity import capacity_warnings, role_capacity
from sitegen.compute.checks import (
    goal_sum_warnings,
    lead_warnings,
    market_warnings,
    segment_results,
)
from sitegen.compute.fieldwork import territories
from sitegen.compute.goals import goal_results
from sitegen.compute.memo import Reuse
from sitegen.compute.results import (
    BudgetResult,
    CampaignResult,
    ComputedPlan,
    GoalResult,
    Headline,
    RoleCapacity,
)
from sitegen.compute.reviewed import apply_review
from sitegen.compute.scenarios import scenario_results
from sitegen.compute.workdays import Calendar
from sitegen.diagnostics import sorted_diagnostics
from sitegen.model.plan import Plan

__all__ = ["ComputedPlan", "compute_plan"]


def _campaign(c, section: str) -> CampaignResult:
    return CampaignResult(
        c.id, c.name, section, c.type, c.plane, c.start, c.end, (c.end - c.start).days + 1,
        c.segment, c.goal, c.channel, c.owner, c.budget, c.expected_leads,
    )


def _campaigns(plan: Plan, memo: MutableMapping[str, Any] | None = None) -> tuple[CampaignResult, ...]:
    reuse = Reuse(memo, "campaigns")
    ordered = sorted(plan.campaigns, key=lambda p: (p.item.start, p.item.end, p.item.id))
    out = tuple(
        reuse.get((p.item, p.section.id), lambda p=p: _campaign(p.item, p.section.id)) for p in ordered
    )
    reuse.done()
    return out


def _headline(goals: tuple[GoalResult, ...], budget: BudgetResult, capacity: tuple[RoleCapacity, ...]) -> Headline:
    """Dashboard figures from the widest revenue goals (the year's, when there are any)."""
    revenue = [g for g in goals if g.metric == "revenue"]
    widest = max((g.period.end - g.period.start for g in revenue), default=None)
    main = [g for g in revenue if g.period.end - g.period.start == widest]
    per_role: dict[str | None, Decimal] = {}
    for a in (a for g in main for a in g.activities if a.per_rep_per_day is not None):
        per_role[a.role] = per_role.get(a.role, Decimal(0)) + a.per_rep_per_day
    uses = [c.use for c in capacity if c.use is not None]
    return Headline(
        revenue_target=sum((g.target for g in main), Decimal(0)),
        deals=sum(g.won or 0 for g in main),
        leads=sum(g.top_required or 0 for g in main),
        activities_per_rep_per_day=max(per_role.values()) if per_role else None,  # the busiest role
        budget_planned=budget.planned,
        budget_available=budget.total,
        capacity_use=max(uses) if uses else None,
    )


def _calendar(plan: Plan, memo: MutableMapping[str, Any] | None) -> Calendar:
    """The working-day calendar, kept while plan.yaml's settings are the same object."""
    last = memo.get("calendar") if memo is not None else None
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
    if not plan.settings.scenarios:
        return _computed(plan, memo)
    memo = {} if memo is None else memo  # the scenarios reuse what they leave unchanged
    base = _computed(plan, memo)
    return dataclasses.replace(base, scenarios=scenario_results(plan, memo, _computed))


def _computed(plan: Plan, memo: MutableMapping[str, Any] | None = None) -> ComputedPlan:
    """The computed plan without its scenarios."""
    cal = _calendar(plan, memo)
    goals, review, actual_warnings = apply_review(plan, goal_results(plan, cal, memo), cal, memo)
    campaigns = _campaigns(plan, memo)
    capacity = role_capacity(plan, goals, cal)
    terr, field_diags = territories(plan, cal, memo)
    planes = plane_results(campaigns)
    budget = budget_result(plan, campaigns)
    diags = [
        *capacity_warnings(plan, capacity),
        *market_warnings(plan, goals),
        *lead_warnings(plan, goals),
        *goal_sum_warnings(plan),
        *field_diags,
        *budget_warnings(plan, budget),
        *balance_warnings(plan, planes),
        *calendar_warnings(plan),
        *actual_warnings,
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
        headline=_headline(goals, budget, capacity),
        diagnostics=tuple(sorted_diagnostics(diags)),
        review=review,
    )
