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
            yield error(where, "duplicate-id", f"duplicate scenario id '{scenario.id}' (also defined at {before.path}:{before.line})")
        if scenario.segment and scenario.segment not in segments:
            yield error(_at(plan, (*path, "segment")), "unknown-ref",
                        f"unknown segment '{scenario.segment}'{suggest(scenario.segment, segments)}")
        adjust = (*path, "adjust")
        for stage in scenario.adjust.conversion or {}:
            if stage != ALL_STAGES and stage not in stages:
                yield error(_at(plan, (*adjust, "conversion", stage), key=True), "unknown-ref",
                            f"unknown stage '{stage}' (no funnel has it){suggest(stage, stages)}")
        for team, change in (scenario.adjust.headcount or {}).items():
            at = (*adjust, "headcount", team)
            if team not in teams:
                yield error(_at(plan, at, key=True), "unknown-ref", f"unknown team '{team}'{suggest(team, teams)}")
            elif team in heads and heads[team] + change < 0:
                yield error(_at(plan, at), "range",
                            f"scenario '{scenario.id}' changes the headcount of '{team}' by {change} to "
                            f"{heads[team] + change}; a headcount cannot go below zero (it has {heads[team]})")
