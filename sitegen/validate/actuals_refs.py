"""Stage and activity actuals must name a stage or an activity of the goal's funnel (§8)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitegen.diagnostics import Diagnostic, error, suggest
from sitegen.model.plan import GoalLinks, Plan


def check_actual_measures(plan: Plan) -> Iterator[Diagnostic]:
    """An `unknown-ref` error for a `stage`/`activity` row the goal's funnel does not have (rows of
    unknown goals already have theirs)."""
    links = GoalLinks(plan)
    goals = plan.by_id("goals")
    for row in plan.actuals:
        kind, name = row.item.measure
        goal = goals.get(row.item.goal)
        if not kind or goal is None:
            continue
        funnel = links.funnel(goal.item)
        if funnel is None:
            yield error(row.at(kind), "unknown-ref", f"goal '{row.item.goal}' has no funnel, so it has no {kind} '{name}'")
            continue
        names: Iterable[str] = ([s.id for s in funnel.item.stages] if kind == "stage"
                                else [a.name for a in funnel.item.activities])
        if name not in names:
            yield error(row.at(kind), "unknown-ref",
                        f"funnel '{funnel.section.id}' of goal '{row.item.goal}' has no {kind} '{name}'{suggest(name, names)}")
