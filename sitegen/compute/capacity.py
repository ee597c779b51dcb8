"""Capacity per role and goal period: activity hours needed vs selling hours available."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sitegen.compute.plain_numbers import num, pct
from sitegen.compute.results import GoalResult, RoleCapacity
from sitegen.compute.team import ALL, staffing
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.plan import Plan
from sitegen.model.workdays import Calendar
from sitegen.translation import N_


def role_capacity(plan: Plan, goals: tuple[GoalResult, ...], cal: Calendar) -> tuple[RoleCapacity, ...]:
    team = [p.item for p in plan.team]
    # Entries sharing a role text are one role: work named for the hire loads the whole role.
    first_of_role: dict[str, str] = {}
    for member in team:
        first_of_role.setdefault(member.role, member.id)
    canonical = {m.id: first_of_role[m.role] for m in team}
    needed: dict[tuple[str | None, str], Decimal] = defaultdict(Decimal)
    periods = {}
    for goal in goals:
        periods[goal.period.label] = goal.period
        for activity in goal.activities:
            role = canonical.get(activity.role, activity.role) if activity.role else None
            needed[(role, goal.period.label)] += activity.hours
    labels = {m.id: m.role for m in team}
    staff = staffing(plan.team, cal)
    out = []
    for (role, label), hours in sorted(needed.items(), key=lambda kv: (periods[kv[0][1]], kv[0][0] or "")):
        period = periods[label]
        out.append(
            RoleCapacity(
                role=role or "*",
                label=labels.get(role, "all team members") if role else "all team members",
                period=label,
                needed_hours=hours,
                available_hours=staff.available_hours(role, period),
                headcount=staff.headcount(role, period),
            )
        )
    return tuple(out)


def capacity_warnings(plan: Plan, capacity: tuple[RoleCapacity, ...]) -> list[Diagnostic]:
    team = plan.by_id("team")
    out = []
    for cap in capacity:
        if cap.needed_hours <= cap.available_hours:
            continue
        where = team[cap.role].at("headcount") if cap.role in team else plan.settings_at()
        use = N_(" (%(use)s of capacity)", use=pct(cap.use)) if cap.use is not None else ""
        out.append(
            warning(
                where,
                "capacity",
                N_("%(label)s (%(role)s) needs %(needed)s h of activities in %(period)s "
                   "but has %(available)s h available%(use)s; add people or lower the workload",
                   label=cap.label, role=cap.role, needed=num(cap.needed_hours), period=str(cap.period),
                   available=num(cap.available_hours), use=use),
            )
        )
    return out


__all__ = ["ALL", "capacity_warnings", "role_capacity"]
