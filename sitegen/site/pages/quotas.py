"""Quotas on the resources page (§9): quota capacity per month and role, coverage, reps needed.

Every figure comes computed (`compute.quota`); here it is only formatted.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from sitegen.model.kinds import ResourcesSection
from sitegen.model.plan import Section
from sitegen.site.engine.components import Table
from sitegen.site.pages.scope import Scope

__all__ = ["quota_tables"]


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def quota_tables(section: Section, scope: Scope) -> dict[str, Any]:
    """The quota tables of the roles this section's team entries belong to (none without quotas)."""
    ids = {m.id for m in section.data_as(ResourcesSection).team}
    roles = [r for r in scope.computed.quotas if ids & set(r.teams)]
    if not roles:
        return {"quota_months": None, "quota_coverage": None}
    t, fmt = scope.t, scope.fmt
    months = [month for month, _ in roles[0].months]
    by_role = [dict(r.months) for r in roles]
    rows = [(month, *(fmt.money(_decimal(found[month])) for found in by_role)) for month in months]
    rows.append((t("quota.plan_period"), *(fmt.money(_decimal(r.capacity)) for r in roles)))
    per_month = Table([t("quota.month"), *(r.role for r in roles)], rows, (False, *(True,) * len(roles)))
    coverage = Table(
        [t("field.role"), t("quota.per_head"), t("quota.capacity"), t("quota.goals"), t("quota.target"),
         t("quota.coverage"), t("quota.reps_needed")],
        [(r.role, fmt.money(_decimal(r.quota_per_head)), fmt.money(_decimal(r.capacity)), ", ".join(r.goals) or "—",
          fmt.money(_decimal(r.target)), fmt.percent(_decimal(r.coverage)) if r.coverage is not None else "—",
          "; ".join(f"{goal}: {fmt.integer(n)}" for goal, n in r.reps_needed) or "—")
         for r in roles],
        (False, True, True, False, True, True, False),
    )
    return {"quota_months": per_month, "quota_coverage": coverage}
