"""Cross-file rules of plan.yaml's `scenarios` (§9): ids, segments, stages and team ids they name.

The shapes (signed percentages, numbers) are checked with the model; what
needs the whole plan is checked here, located in plan.yaml, with the closest
existing id suggested.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.diagnostics import Diagnostic, Location, error, suggest
from sitegen.model.plan import Plan
from sitegen.model.scenario import ALL_STAGES
from sitegen.translation import N_
from sitegen.validate.references import unknown


def _at(plan: Plan, path: tuple, key: bool = False) -> Location:
    marks = plan.settings_marks
    line, col = marks.key(path) if key else marks.value(path)
    return Location(plan.settings_path, line, col)


def check_scenarios(plan: Plan, segments: set[str], teams: set[str]) -> Iterator[Diagnostic]:
    """`segments`, `teams`: the ids that exist (ids of broken files included: no cascade)."""
    settings = plan.settings
    stages = {s.id for f in plan.funnels for s in f.item.stages}
    heads = {p.item.id: p.item.headcount for p in plan.team}
    first: dict[str, Location] = {}
    for index, scenario in enumerate(settings.scenarios):
        path = settings.item_path("scenarios", index)
        where = _at(plan, (*path, "id"))
        before = first.setdefault(scenario.id, where)
        if before is not where:
            yield error(where, "duplicate-id", N_("duplicate scenario id '%(id)s' (also defined at %(before)s)",
                                                  id=scenario.id, before=f"{before.path}:{before.line}"))
        if scenario.segment and scenario.segment not in segments:
            yield error(_at(plan, (*path, "segment")), "unknown-ref",
                        unknown("segment", scenario.segment, segments))
        adjust = (*path, "adjust")
        for stage in scenario.adjust.conversion or {}:
            if stage != ALL_STAGES and stage not in stages:
                yield error(_at(plan, (*adjust, "conversion", stage), key=True), "unknown-ref",
                            N_("unknown stage '%(stage)s' (no funnel has it)%(suggestion)s", stage=stage,
                               suggestion=suggest(stage, stages)))
        for team, change in (scenario.adjust.headcount or {}).items():
            at = (*adjust, "headcount", team)
            if team not in teams:
                yield error(_at(plan, at, key=True), "unknown-ref", unknown("team", team, teams))
            elif team in heads and heads[team] + change < 0:
                yield error(_at(plan, at), "range",
                            N_("scenario '%(scenario)s' changes the headcount of '%(team)s' by %(change)s to "
                               "%(result)s; a headcount cannot go below zero (it has %(heads)s)",
                               scenario=scenario.id, team=team, change=change, result=heads[team] + change,
                               heads=heads[team]))
