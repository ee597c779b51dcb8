"""Monthly capacity (PLAN_FORMAT §7): selling hours per role title and month, against the work.

For an entry and month m:
`headcount × hours_per_week / len(working_days) × Σ_d selling_share × ramp(d) × (1 − leave_days / W)`
over the working days d of m inside the plan period and the entry's
`start`…`end`; `W` = working days of the 12 months from the plan's start.
`ramped_working_days` and `year_working_days` are public: quota capacity
(§9) counts the same days without hours or leave.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import partial

from sitegen.compute.kept import Kept
from sitegen.compute.phasing import month_label, month_span, months_of
from sitegen.compute.plain_numbers import num, pct
from sitegen.compute.results import CapacityMonth
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.kinds import TeamMember
from sitegen.model.plan import Plan
from sitegen.model.settings import PlanPeriod
from sitegen.model.workdays import Calendar, year_working_days
from sitegen.translation import N_

__all__ = [
    "available_hours", "capacity_months", "capacity_warnings", "hours_per_day", "ramped_working_days",
    "tenure_month_start", "year_working_days",
]


def tenure_month_start(start: dt.date, months: int) -> dt.date:
    """First day on which `months` whole months have passed since `start` (31 Jan + 1 → 1 Mar)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if start.day <= pycal.monthrange(year, month)[1]:
        return dt.date(year, month, start.day)
    return dt.date(year + month // 12, month % 12 + 1, 1)


def ramped_working_days(member: TeamMember, first: dt.date, last: dt.date, cal: Calendar) -> Fraction:
    """Σ ramp(d) over the working days d of `first`…`last` inside the entry's `start`…`end`.

    A day counts at `ramp[i]`, i = whole months from `start` to it, and at 1 after the list.
    """
    first = max(first, member.start) if member.start else first
    last = min(last, member.end) if member.end else last
    if first > last:
        return Fraction(0)
    if not member.ramp or member.start is None:
        return Fraction(cal.working_days(first, last))
    total = Fraction(0)
    rates: tuple[Decimal, ...] = (*member.ramp, Decimal(1))
    for i, rate in enumerate(rates):
        begin = tenure_month_start(member.start, i)
        stop = last if i == len(member.ramp) else tenure_month_start(member.start, i + 1) - dt.timedelta(days=1)
        begin, stop = max(begin, first), min(stop, last)
        if begin <= stop:
            total += Fraction(rate) * cal.working_days(begin, stop)
    return total


def available_hours(member: TeamMember, first: dt.date, last: dt.date, cal: Calendar, year_days: int) -> Fraction:
    """Selling hours of one entry in `first`…`last` (§7), ramp and leave included."""
    return hours_per_day(member, cal, year_days) * ramped_working_days(member, first, last, cal)


def hours_per_day(member: TeamMember, cal: Calendar, year_days: int) -> Fraction:
    """Selling hours one working day at full productivity gives the entry, leave taken out."""
    return Fraction(member.headcount) * _per_head_day(member, cal, year_days)


def _per_head_day(member: TeamMember, cal: Calendar, year_days: int) -> Fraction:
    leave = 1 - Fraction(member.leave_days) / year_days if year_days else Fraction(1)
    return Fraction(member.hours_per_week) / cal.days_per_week * Fraction(member.selling_share) * leave


def capacity_months(
    plan: Plan, cal: Calendar, needed: Mapping[tuple[str | None, int], Fraction], unassigned: bool
) -> tuple[CapacityMonth, ...]:
    """One row per role title (and the whole team when some work names no role) per plan month.

    A scenario or a sensitivity run (§9) changes a few entries' heads or none: each role's
    hours are kept by its entries (`Kept`), and an entry's hours per head by all it is made of
    but its heads (hours = heads × hours per head, exact in fractions)."""
    span = plan.settings.period
    titles: dict[str, list[TeamMember]] = {}
    for placed in plan.team:
        titles.setdefault(placed.item.role, []).append(placed.item)
    kept = Kept(cal, "capacity")
    groups: list[tuple[str | None, list[TeamMember], list[Fraction]]] = [
        (role, members, kept.get((span.start, span.end, tuple(members)), partial(_available, members, span, cal, kept)))
        for role, members in titles.items()]
    months = [month_label(m) for m in months_of(span.start, span.end)]
    if unassigned:  # the whole team: every role's hours, month by month
        groups.append((None, [p.item for p in plan.team], _summed([a for _, _, a in groups], len(months))))
    return tuple(
        CapacityMonth(role, teams, label, needed.get((role, month), Fraction(0)), hours)
        for role, members, available in groups
        for teams in (tuple(m.id for m in members),)
        for label, month, hours in zip(months, months_of(span.start, span.end), available, strict=True)
    )


def _per_head_months(m: TeamMember, cal: Calendar, year_days: int, months: list[tuple[dt.date, dt.date]]) -> list[Fraction]:
    """One head's hours in each month of the plan period (`months`: each month's first and last day)."""
    return [_per_head_day(m, cal, year_days) * ramped_working_days(m, first, last, cal) for first, last in months]


def _available(members: list[TeamMember], span: PlanPeriod, cal: Calendar, kept: Kept) -> list[Fraction]:
    """The entries' hours available in each month of the plan period."""
    year_days = year_working_days(cal, span.start)
    months = [_clipped(m, span.start, span.end) for m in months_of(span.start, span.end)]
    per_member = []
    for m in members:
        key = (span.start, span.end, year_days, m.hours_per_week, m.selling_share, m.leave_days, m.start, m.end, m.ramp)
        per_head = kept.get(key, partial(_per_head_months, m, cal, year_days, months))
        heads = Fraction(m.headcount)
        per_member.append([heads * hours for hours in per_head])
    return _summed(per_member, len(months))


def _summed(rows: list[list[Fraction]], months: int) -> list[Fraction]:
    """Month by month, the sum of `rows` (each a value per month)."""
    return [sum(column, Fraction(0)) for column in zip(*rows, strict=True)] if rows else [Fraction(0)] * months


def _clipped(month: int, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The days of a month inside the plan period."""
    first, last = month_span(month)
    return max(first, start), min(last, end)


def _runs(months: list[str]) -> Iterator[str]:
    """'2027-03 – 2027-05' for consecutive months, single months alone."""
    run: list[str] = []
    for month in months:
        if run and _next(run[-1]) != month:
            yield run[0] if len(run) == 1 else f"{run[0]} – {run[-1]}"
            run = []
        run.append(month)
    if run:
        yield run[0] if len(run) == 1 else f"{run[0]} – {run[-1]}"


def _next(month: str) -> str:
    year, m = int(month[:4]), int(month[5:])
    return f"{year + m // 12:04d}-{m % 12 + 1:02d}"


def capacity_warnings(plan: Plan, rows: tuple[CapacityMonth, ...]) -> list[Diagnostic]:
    """One warning per role naming its overloaded months, the peak use and its hours (§7)."""
    team = plan.by_id("team")
    by_role: dict[str | None, list[CapacityMonth]] = {}
    for row in rows:
        if row.needed > row.available:
            by_role.setdefault(row.role, []).append(row)
    out = []
    for role, over in by_role.items():
        first_team = next((r.teams[0] for r in over if r.teams), None)
        where = team[first_team].at("headcount") if role is not None and first_team in team else plan.settings_at()
        name = (f"{role} ({', '.join(over[0].teams)})" if role is not None
                else N_("the whole team (activities without a role)"))
        with_hours = [r for r in over if r.use is not None]
        if with_hours:
            peak = max(with_hours, key=lambda r: (r.use, r.needed))
            detail = N_("peak %(use)s in %(month)s: %(needed)s h needed, %(available)s h available",
                        use=pct(peak.use), month=peak.month, needed=num(peak.needed), available=num(peak.available))
        else:
            detail = None
        empty = [r.month for r in over if r.use is None]
        none = N_("no hours available in %(months)s though work falls there",
                  months=", ".join(_runs(empty))) if empty else None
        parts = N_("%(first)s; %(second)s", first=detail, second=none) if detail and none else detail or none
        out.append(warning(
            where, "capacity",
            N_("%(name)s is over capacity in %(months)s (%(parts)s); add people, start hires earlier or lower the workload",
               name=name, months=", ".join(_runs([r.month for r in over])), parts=parts),
        ))
    return out
