"""Budget totals and the balance of campaigns across the four planes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sitegen.compute.plain_numbers import num, pct
from sitegen.compute.results import BudgetResult, CampaignResult, PlaneResult
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.kinds import PLANES
from sitegen.model.period import parse_period
from sitegen.model.plan import Plan
from sitegen.translation import N_

IMBALANCE = Decimal("0.6")
ZERO = Decimal(0)


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def budget_result(plan: Plan, campaigns: tuple[CampaignResult, ...]) -> BudgetResult:
    totals = [b.item.total for b in plan.budgets if b.item.total is not None]
    total = sum(totals, ZERO) if totals else None
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    by_period: dict[str, Decimal] = defaultdict(Decimal)
    by_plane: dict[str, Decimal] = {p: ZERO for p in PLANES}
    for placed in plan.budget_lines:
        line = placed.item
        by_category[line.category or "other"] += line.amount
        period = line.period
        key = _quarter(period.start) if period and period.granularity in ("quarter", "month") else (period.label if period else "unscheduled")
        by_period[key] += line.amount
    for c in campaigns:
        if c.budget:
            by_category["campaigns"] += c.budget
            by_period[_quarter(c.start)] += c.budget
            by_plane[c.plane] += c.budget
    lines = sum((p.item.amount for p in plan.budget_lines), ZERO)
    on_campaigns = sum((c.budget or ZERO for c in campaigns), ZERO)
    planned = lines + on_campaigns
    return BudgetResult(
        total=total,
        lines=lines,
        campaigns=on_campaigns,
        planned=planned,
        remaining=total - planned if total is not None else None,
        by_category=dict(sorted(by_category.items())),
        by_period=dict(sorted(by_period.items(), key=lambda kv: (parse_period(kv[0]) is None, kv[0]))),
        by_plane=by_plane,
    )


def budget_warnings(plan: Plan, budget: BudgetResult) -> list[Diagnostic]:
    if budget.total is None or budget.planned <= budget.total:
        return []
    where = next(b.at("total") for b in plan.budgets if b.item.total is not None)
    return [
        warning(
            where,
            "budget-overspend",
            N_("planned spending %(planned)s (lines %(lines)s + campaigns %(campaigns)s) "
               "exceeds the total budget %(total)s by %(over)s",
               planned=num(budget.planned), lines=num(budget.lines), campaigns=num(budget.campaigns),
               total=num(budget.total), over=num(budget.planned - budget.total)),
        )
    ]


def plane_results(campaigns: tuple[CampaignResult, ...]) -> tuple[PlaneResult, ...]:
    spent = sum((c.budget or ZERO for c in campaigns), ZERO)
    out = []
    for plane in PLANES:
        mine = [c for c in campaigns if c.plane == plane]
        budget = sum((c.budget or ZERO for c in mine), ZERO)
        out.append(PlaneResult(plane, len(mine), budget, budget / spent if spent else None))
    return tuple(out)


def balance_warnings(plan: Plan, planes: tuple[PlaneResult, ...]) -> list[Diagnostic]:
    if not plan.campaigns:
        return []
    first = plan.campaigns[0].section
    where = first.at(("campaigns",), key=True)  # the list the missing campaign belongs in
    out = []
    for p in planes:
        if p.campaigns == 0:
            out.append(warning(where, "plane-missing", N_("no campaign on the %(plane)s plane; sales effort should cover prospecting, sales, cross-selling and retention", plane=p.plane)))
        if p.share is not None and p.share > IMBALANCE:
            out.append(warning(where, "plane-imbalance", N_("the %(plane)s plane holds %(share)s of campaign budget (%(budget)s), more than 60%%; rebalance across the four planes", plane=p.plane, share=pct(p.share), budget=num(p.budget))))
    return out
