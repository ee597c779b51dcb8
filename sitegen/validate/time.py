"""Cross-file rules of PLAN_FORMAT §7 (time): fiscal periods, phasing, team dates, funnel openings.

`resolve_fiscal` comes first: a section is validated before plan.yaml's
fiscal year is applied, so its `FY…` periods are read again with it here,
and every later rule (periods inside the plan, phasing months) sees the
dates the author meant.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from typing import TypeVar

from sitegen.diagnostics import Diagnostic, error, suggest, warning
from sitegen.model.kinds import BudgetLine, Goal, TeamMember
from sitegen.model.period import month_key, months_touched, resolve_period
from sitegen.model.plan import Placed, Plan
from sitegen.model.workdays import Calendar, year_working_days
from sitegen.translation import N_
from sitegen.validate.references import unknown_stage

__all__ = ["check_time", "resolve_fiscal"]


Dated = TypeVar("Dated", Goal, BudgetLine)  # the items with a `period`


def _resolved(placed: Placed[Dated], start: int, label: str) -> Placed[Dated]:
    period = placed.item.period
    if period is None or not period.fiscal:
        return placed
    item = placed.item.model_copy(update={"period": resolve_period(period, start, label)})
    return dataclasses.replace(placed, item=item)


def resolve_fiscal(plan: Plan) -> Plan:
    """The plan with every `FY…` period given the dates of plan.yaml's fiscal year."""
    start, label = plan.settings.fiscal_year_start, plan.settings.fiscal_year_label
    if not any(p.item.period.fiscal for p in plan.goals) and not any(
        p.item.period is not None and p.item.period.fiscal for p in plan.budget_lines
    ):
        return plan
    return dataclasses.replace(
        plan,
        goals=tuple(_resolved(p, start, label) for p in plan.goals),
        budget_lines=tuple(_resolved(p, start, label) for p in plan.budget_lines),
    )


def fiscal_warnings(plan: Plan) -> Iterator[Diagnostic]:
    """`FY2028` without `fiscal_year_start` is the calendar year 2028: say so, once per file."""
    if "fiscal_year_start" in plan.settings.model_fields_set:
        return
    seen: set[str] = set()
    dated: tuple[Placed[Goal | BudgetLine], ...] = (*plan.goals, *plan.budget_lines)
    for placed in dated:
        period = placed.item.period
        if period is not None and period.fiscal and placed.section.path not in seen:
            seen.add(placed.section.path)
            yield warning(
                placed.at("period"), "fiscal-period",
                N_("period %(period)s covers %(dates)s because plan.yaml sets no 'fiscal_year_start'"
                   " (the fiscal year then starts in January); add e.g. 'fiscal_year_start: 4' for April",
                   period=str(period), dates=str(period.dates)),
            )


def goal_time_checks(plan: Plan, cal: Calendar) -> Iterator[Diagnostic]:
    """A goal needs a working day in its period, and phasing weights inside it that are not all zero."""
    for placed in plan.goals:
        goal = placed.item
        period = goal.period
        if cal.working_days(period.start, period.end) == 0:
            yield error(placed.at("period"), "period", N_(
                "goal '%(goal)s': period %(period)s (%(dates)s) has no working day; check 'working_days' and 'holidays' in plan.yaml",
                goal=goal.id, period=str(period), dates=str(period.dates)))
        if goal.phasing is None:
            continue
        months = {month_key(m.start) for m in months_touched(period.start, period.end)}
        outside = [m for m in goal.phasing if m not in months]
        for month in outside:
            where = placed.section.at((*placed.path, "phasing", month), key=True)
            yield error(where, "period", N_(
                "goal '%(goal)s': phasing month %(month)s lies outside its period %(period)s (%(dates)s)%(suggestion)s",
                goal=goal.id, month=month, period=str(period), dates=str(period.dates), suggestion=suggest(month, months)))
        if not outside and not any(goal.phasing.values()):
            yield error(placed.at("phasing"), "range", N_(
                "goal '%(goal)s': every phasing weight is 0; give at least one month a weight above 0", goal=goal.id))


def team_time_checks(plan: Plan, cal: Calendar) -> Iterator[Diagnostic]:
    """`ramp` needs a `start`; `end` comes after `start`; leave fits in a year's working days."""
    year = year_working_days(cal, plan.settings.period.start)
    for placed in plan.team:
        m = placed.item
        if m.ramp and m.start is None:
            yield error(placed.at("ramp"), "missing-field", N_(
                "team '%(team)s' has a 'ramp' but no 'start': the ramp counts months from the start date; add 'start: YYYY-MM-DD'",
                team=m.id))
        if m.start is not None and m.end is not None and m.end < m.start:
            yield error(placed.at("end"), "date-order", N_("team '%(team)s' ends (%(end)s) before it starts (%(start)s)",
                                                           team=m.id, end=str(m.end), start=str(m.start)))
        if m.leave_days > year:
            yield error(placed.at("leave_days"), "range", N_(
                "team '%(team)s': leave_days %(leave)s is more than the %(year)s working days of a year from the plan's start",
                team=m.id, leave=m.leave_days, year=year))


def funnel_time_checks(plan: Plan) -> Iterator[Diagnostic]:
    """`opening` names stages of its funnel."""
    for funnel in plan.funnels:
        stages = [s.id for s in funnel.item.stages]
        for stage in funnel.item.opening or {}:
            if stage not in stages:
                where = funnel.section.at(("opening", stage), key=True)
                yield error(where, "unknown-ref", unknown_stage(stage, funnel.section.id, stages))


def _folded(title: str) -> str:
    """A role title without case, spacing or punctuation: `Account Executive` = `account-executive`."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\W_]+", "", text)


def role_title_warnings(plan: Plan) -> Iterator[Diagnostic]:
    """Entries share a role by its exact title (§7); near-identical titles are most likely one role."""
    first: dict[str, Placed[TeamMember]] = {}
    for placed in plan.team:
        title = placed.item.role
        seen = first.setdefault(_folded(title), placed)
        if seen.item.role != title:
            yield warning(
                placed.at("role"), "role-title",
                N_("role '%(title)s' of team '%(team)s' differs from '%(other)s' (team '%(other_team)s') only in case,"
                   " spacing or punctuation, so they count as two roles; write the title the same way if they are one",
                   title=title, team=placed.item.id, other=seen.item.role, other_team=seen.item.id),
            )


def check_time(plan: Plan) -> list[Diagnostic]:
    cal = Calendar(plan.settings)
    return [
        *fiscal_warnings(plan),
        *goal_time_checks(plan, cal),
        *team_time_checks(plan, cal),
        *funnel_time_checks(plan),
        *role_title_warnings(plan),
    ]
