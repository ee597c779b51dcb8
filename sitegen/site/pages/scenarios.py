"""The scenarios page (§9): the plan as written and every scenario side by side, and the tornado.

Every figure and every change against the plan is worked out and formatted
here; the template only lays out strings, and the scenario switch on the
dashboard and goal pages only shows or hides blocks rendered at build time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sitegen.compute.results import ComputedPlan
from sitegen.compute.sensitivity import peak_use_by_role
from sitegen.diagnostics import Diagnostic
from sitegen.model.plan import Plan
from sitegen.model.scenario import Scenario
from sitegen.site.charts.tornado import tornado_charts
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import render_page
from sitegen.site.engine.urls import SCENARIOS_PAGE
from sitegen.site.pages.building import PageBuild
from sitegen.site.pages.scope import Translate
from sitegen.site.pages.targets import diagnostic_targets

BASE = ""  # the switch's value for the plan as written

__all__ = ["BASE", "SCENARIOS_PAGE", "Cell", "Column", "render_scenarios", "scenario_columns"]


@dataclass(frozen=True)
class Column:
    id: str  # BASE for the plan as written
    name: str
    note: str  # what the scenario changes, in words
    computed: ComputedPlan


@dataclass(frozen=True)
class Cell:
    value: str
    change: str = ""  # against the plan as written: "+12 %", empty when equal or the base
    tone: str = "neutral"  # worse | better | neutral


def _describe(scenario: Scenario, t: Translate, segment_names: Mapping[str, str]) -> str:
    """'conversion −20 %; headcount sdr +2 (segment SMB)': what a reviewer checks first."""
    adjust, parts = scenario.adjust, []
    for stage, change in (adjust.conversion or {}).items():
        parts.append(t("scenario.change_conversion", stage=stage or t("scenario.all_stages"), change=_signed(change)))
    if adjust.deal_size is not None:
        parts.append(t("scenario.change_deal_size", change=_signed(adjust.deal_size)))
    if adjust.target is not None:
        parts.append(t("scenario.change_target", change=_signed(adjust.target)))
    for team, heads in (adjust.headcount or {}).items():
        parts.append(t("scenario.change_headcount", team=team, change=_plus(heads)))
    text = "; ".join(parts) or t("scenario.no_changes")
    if scenario.segment:
        text += " — " + t("scenario.only_segment", segment=segment_names.get(scenario.segment, scenario.segment))
    return text


def _signed(fraction: Decimal) -> str:
    """0.1 → '+10%', -0.205 → '-20.5%': as the plan author wrote it."""
    return _plus(fraction * 100) + "%"


def _plus(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if number < 0 else "+" + text


def scenario_columns(plan: Plan, computed: ComputedPlan, t: Translate, segment_names: Mapping[str, str]) -> tuple[Column, ...]:
    """The plan as written, then each scenario in plan.yaml order."""
    written = {s.id: s for s in plan.settings.scenarios}
    return (
        Column(BASE, t("scenario.base"), "", computed),
        *(Column(s.id, s.name, _describe(written[s.id], t, segment_names), s.computed) for s in computed.scenarios),
    )


def _change(value: Decimal | int | None, base: Decimal | int | None, fmt: Formatter, more_is_worse: bool,
            counted: bool = False) -> tuple[str, str]:
    """The change against the plan as a percentage, or as a difference (`counted`: warnings)."""
    if value is None or base is None or value == base:
        return "", "neutral"
    if counted:
        return ("+" if value > base else "−") + fmt.integer(value - base if value > base else base - value), "worse" if (value > base) == more_is_worse else "better"
    if not base:
        return ("+∞" if value > base else ""), "neutral"
    ratio = Decimal(value) / Decimal(base) - 1
    sign = "+" if ratio > 0 else "−"
    worse = (ratio > 0) == more_is_worse
    return f"{sign}{fmt.percent(abs(ratio), 1)}", "worse" if worse else "better"


def _row(label: str, columns: Sequence[Column], pick: Callable[[ComputedPlan], Any], show: Callable[[Any], str],
         fmt: Formatter,
         more_is_worse: bool = True, counted: bool = False) -> tuple[str, tuple[Cell, ...]]:
    base = pick(columns[0].computed)
    cells = []
    for index, column in enumerate(columns):
        value = pick(column.computed)
        change, tone = _change(value, base, fmt, more_is_worse, counted) if index else ("", "neutral")
        cells.append(Cell(show(value) if value is not None else "—", change, tone))
    return label, tuple(cells)


def comparison(columns: Sequence[Column], t: Translate, fmt: Formatter) -> list[tuple[str, tuple[Cell, ...]]]:
    """Rows of the side-by-side table: figure label, one cell per column (no cells: a heading row)."""
    rows = [
        _row(t("scenario.won_deals"), columns, lambda c: c.headline.deals, fmt.integer, fmt, more_is_worse=False),
        _row(t("scenario.leads"), columns, lambda c: c.headline.leads, fmt.integer, fmt),
        _row(t("scenario.activity_hours"), columns, lambda c: c.headline.activity_hours, lambda v: fmt.number(v, 0), fmt),
    ]
    rows.append(_row(t("scenario.budget"), columns, lambda c: c.headline.budget_planned, fmt.money, fmt))
    rows.append(_row(t("scenario.warnings"), columns, lambda c: sum(1 for d in c.diagnostics if d.severity == "warning"),
                     fmt.integer, fmt, counted=True))
    peaks = [peak_use_by_role(c.computed) for c in columns]
    roles = list(dict.fromkeys(role for found in peaks for role in found))
    if roles:
        rows.append((t("scenario.peak_use_by_role"), ()))  # a heading row over the roles
    for role in roles:
        label = role if role is not None else t("scenario.all_roles")
        rows.append(_row(label, columns, _peak_use_of(role), fmt.percent, fmt))
    return rows


def _peak_use_of(role: str | None) -> Callable[[ComputedPlan], Decimal | None]:
    """What a row of the role's peak use reads of one column's model."""
    return lambda computed: peak_use_by_role(computed).get(role)


@dataclass(frozen=True)
class WarningChanges:
    column: Column
    appear: tuple
    disappear: tuple
    changed: tuple  # the scenario's wording of a warning the plan has at the same place, with other numbers


def warning_changes(base: Sequence[Any], scenario: Sequence[Any]) -> tuple[tuple, tuple, tuple]:
    """Warnings of a scenario against the plan's: the same message is the same warning; one at the
    same place with the same code but other numbers has changed; the rest appear or disappear."""
    same = {(d.code, d.path, d.line, d.column, d.message) for d in base}
    mine = {(d.code, d.path, d.line, d.column, d.message) for d in scenario}
    left: dict[tuple, list] = defaultdict(list)
    for d in base:
        if (d.code, d.path, d.line, d.column, d.message) not in mine:
            left[(d.code, d.path, d.line, d.column)].append(d)
    appear: list[Any] = []
    changed: list[Any] = []
    for d in scenario:
        if (d.code, d.path, d.line, d.column, d.message) in same:
            continue
        place = left.get((d.code, d.path, d.line, d.column))
        (changed if place and place.pop(0) else appear).append(d)
    return tuple(appear), tuple(d for found in left.values() for d in found), tuple(changed)


def render_scenarios(build: PageBuild, diagnostics: Sequence[Diagnostic]) -> list[Output]:
    """`scenarios.html`; nothing when the plan has no scenarios."""
    scope = build.scope
    computed = scope.computed
    if not computed.scenarios:
        return []
    t, fmt = scope.t, scope.fmt
    columns = scenario_columns(scope.plan, computed, t, scope.segment_names)
    base_warnings = [d for d in computed.diagnostics if d.severity == "warning"]
    changes = []
    for column in columns[1:]:
        appear, disappear, changed = warning_changes(
            base_warnings, [d for d in column.computed.diagnostics if d.severity == "warning"])
        changes.append(WarningChanges(column, appear, disappear, changed))
    every = [d for c in changes for d in (*c.appear, *c.disappear, *c.changed)]
    return [render_page(
        build.env, "scenarios.html", SCENARIOS_PAGE, build.site,
        columns=columns, span=len(columns) + 1, rows=comparison(columns, t, fmt), changes=changes,
        charts=tornado_charts(scope.plan, computed.sensitivity, t, fmt),
        targets=diagnostic_targets([*diagnostics, *every], build.targets),
    )]
