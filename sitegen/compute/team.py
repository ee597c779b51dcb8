"""Headcount and selling hours per role, counting a hire only from their start date."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sitegen.model.kinds import TeamMember
from sitegen.model.period import Period
from sitegen.model.workdays import Calendar

ALL = None  # key for "all team members" (activities without a role)


def _active_days(member: TeamMember, period: Period, cal: Calendar) -> int:
    """Working days of the period inside the entry's `start`…`end` (no ramp, no leave: §7 per_rep_per_day)."""
    start = max(period.start, member.start) if member.start else period.start
    end = min(period.end, member.end) if member.end else period.end
    return cal.working_days(start, end) if start <= end else 0


def headcount(members: list[TeamMember], period: Period, cal: Calendar) -> Decimal:
    """Average heads over the period: a hire on 1 July counts about half in a year."""
    days = cal.working_days(period.start, period.end)
    if not days:
        return Decimal(0)
    return sum((m.headcount * _active_days(m, period, cal) / days for m in members), Decimal(0))


def available_hours(members: list[TeamMember], period: Period, cal: Calendar) -> Decimal:
    """headcount × hours_per_week / len(working_days) × working days × selling_share (§3)."""
    return sum(
        (
            m.headcount * m.hours_per_week / cal.days_per_week * _active_days(m, period, cal) * m.selling_share
            for m in members
        ),
        Decimal(0),
    )


class Staffing:
    """Members, headcount and hours per (role, period), each worked out once per plan.

    A company-wide plan has thousands of goals and hundreds of team entries:
    scanning the whole team for every goal and role made compute quadratic.
    A role's members are the entries sharing the role of the team entry a goal
    names (so a later hire adds to it); ``headcount`` and ``available_hours``
    are worked out on them.
    """

    def __init__(self, team: list[TeamMember], cal: Calendar):
        self.team, self.cal = team, cal
        self._by_role: dict[str, list[TeamMember]] = defaultdict(list)
        self._role_of: dict[str, str] = {}
        for member in team:
            self._by_role[member.role].append(member)
            self._role_of.setdefault(member.id, member.role)  # the first entry names the role
        # each worked out once per (role group, period), or per (funnel's roles, period)
        self._heads: dict[tuple[object, Period], Decimal] = {}
        self._hours: dict[tuple[object, Period], Decimal] = {}
        self._funnel_heads: dict[tuple[tuple[str | None, ...], Period], dict[str | None, Decimal]] = {}

    def members(self, role_id: str | None) -> list[TeamMember]:
        if role_id is ALL:
            return self.team
        role = self._role_of.get(role_id)
        return self._by_role[role] if role is not None else []

    def _group(self, role_id: str | None) -> object:
        """Memo key of a role id: ids of one role text share their members (and their sums)."""
        return ALL if role_id is ALL else self._role_of.get(role_id, ("no such id", role_id))

    def headcount(self, role_id: str | None, period: Period) -> Decimal:
        key = (self._group(role_id), period)
        if key not in self._heads:
            self._heads[key] = headcount(self.members(role_id), period, self.cal)
        return self._heads[key]

    def headcounts(self, roles: tuple[str | None, ...], period: Period) -> dict[str | None, Decimal]:
        """`headcount` of each of `roles` and of the whole team (`ALL`), for a funnel's activities:
        one lookup per goal (goals share their funnels' roles and periods)."""
        key = (roles, period)
        if key not in self._funnel_heads:
            self._funnel_heads[key] = {role: self.headcount(role, period) for role in {*roles, ALL}}
        return self._funnel_heads[key]

    def available_hours(self, role_id: str | None, period: Period) -> Decimal:
        key = (self._group(role_id), period)
        if key not in self._hours:
            self._hours[key] = available_hours(self.members(role_id), period, self.cal)
        return self._hours[key]


def staffing(team: tuple, cal: Calendar) -> Staffing:
    """The plan's ``Staffing`` (``team`` = ``plan.team``), kept in the calendar's memo.

    Kept while the team entries are the same objects: `serve` keeps the
    calendar and unchanged files' entries from one save to the next.
    """
    found = cal.memo.get("staffing")
    if found is not None and found[0] is not team:
        members = found[1].team
        if len(members) == len(team) and all(m is p.item for m, p in zip(members, team, strict=True)):
            found = cal.memo["staffing"] = (team, found[1])
    if found is None or found[0] is not team:
        found = cal.memo["staffing"] = (team, Staffing([p.item for p in team], cal))
    return found[1]
