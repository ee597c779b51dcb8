"""Field work per territory over the plan period (PLAN_FORMAT §3)."""

from __future__ import annotations

from collections.abc import MutableMapping
from decimal import ROUND_FLOOR
from typing import Any

from sitegen.compute.funnel import ceil
from sitegen.compute.memo import Reuse
from sitegen.compute.plain_numbers import num
from sitegen.compute.results import TerritoryResult
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.period import months_touched
from sitegen.model.plan import Placed, Plan
from sitegen.model.workdays import Calendar
from sitegen.translation import N_


def territory_result(plan: Plan, placed: Placed, cal: Calendar) -> TerritoryResult:
    t = placed.item
    span = plan.settings.period
    months = len(months_touched(span.start, span.end))
    days = cal.working_days(span.start, span.end)
    per_visit = t.visit_minutes + t.travel_minutes
    c = int((t.field_hours_per_day * 60 / per_visit).to_integral_value(rounding=ROUND_FLOOR))
    n = t.accounts * t.visits_per_month * months
    load = n / (t.reps * days) if t.reps and days else None
    needed = ceil(n / (c * days)) if c and days else None
    return TerritoryResult(t.id, t.name, t.accounts, t.reps, months, days, n, c, load, needed)


def fieldwork_warning(placed: Placed, r: TerritoryResult) -> Diagnostic | None:
    if r.visits_needed == 0:
        return None
    if r.capacity_per_rep_per_day == 0:
        return warning(placed.at("visit_minutes"), "field-work", N_("territory '%(territory)s': one visit plus travel takes longer than a field day; no visit fits", territory=r.id))
    over = r.load_per_rep_per_day is None or r.load_per_rep_per_day > r.capacity_per_rep_per_day
    if not over:
        return None
    load = N_("no reps") if r.load_per_rep_per_day is None else N_(
        "%(visits)s visits per rep per day", visits=num(r.load_per_rep_per_day, 2))
    return warning(
        placed.at("reps"),
        "field-work",
        N_("territory '%(territory)s' needs %(visits)s visits over %(days)s working days: %(load)s, "
           "but a rep can make %(capacity)s a day; %(needed)s reps needed, %(planned)s planned",
           territory=r.id, visits=num(r.visits_needed), days=r.working_days, load=load,
           capacity=r.capacity_per_rep_per_day, needed=r.reps_needed, planned=r.reps),
    )


def territories(
    plan: Plan, cal: Calendar, memo: MutableMapping[str, Any] | None = None
) -> tuple[tuple[TerritoryResult, ...], list[Diagnostic]]:
    """Each territory's result and warning; `memo`: see `compute.memo`."""
    results, diags = [], []
    reuse = Reuse(memo, "territories")
    for placed in plan.territories:

        def make(placed: Placed = placed) -> tuple[TerritoryResult, Diagnostic | None]:
            result = territory_result(plan, placed, cal)
            return result, fieldwork_warning(placed, result)

        inputs = (placed.item, placed.section, placed.path, plan.settings, cal)
        result, found = reuse.get(inputs, make)
        results.append(result)
        if found:
            diags.append(found)
    reuse.done()
    return tuple(results), diags


__all__ = ["territories"]
