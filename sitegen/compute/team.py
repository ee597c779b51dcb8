"""Headcount and selling hours per role, counting a hire only from their start date."""

from __future__ import annotations

from decimal import Decimal

from sitegen.compute.workdays import Calendar
from sitegen.model.kinds import TeamMember
from sitegen.model.period import Period

ALL = None  # key for "all team members" (activities without a role)


def _active_days(member: TeamMember, period: Period, cal: Calendar) -> int:
    start = max(period.start, member.start) if member.start else period.start
    return cal.working_days(start, period.end) if start <= period.end else 0


def role_members(team: list[TeamMember], role_id: str | None) -> list[TeamMember]:
    """Team entries sharing the role of team entry ``role_id`` (so a later hire adds to it)."""
    if role_id is ALL:
        return list(team)
    named = next((m for m in team if m.id == role_id), None)
    return [m for m in team if named is not None and m.role == named.role]


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
