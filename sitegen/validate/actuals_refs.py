"""Stage and activity actuals must name a stage or an activity of the goal's funnel (§8)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitegen.diagnostics import Diagnostic, error, suggest
from sitegen.model.plan import GoalLinks, Plan
from sitegen.translation import N_, Message


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
            no_funnel = (N_("goal '%(goal)s' has no funnel, so it has no stage '%(name)s'") if kind == "stage"
                         else N_("goal '%(goal)s' has no funnel, so it has no activity '%(name)s'"))
            yield error(row.at(kind), "unknown-ref", _with(no_funnel, goal=row.item.goal, name=name))
            continue
        names: Iterable[str] = ([s.id for s in funnel.item.stages] if kind == "stage"
                                else [a.name for a in funnel.item.activities])
        if name not in names:
            yield error(row.at(kind), "unknown-ref",
                        _with(N_("funnel '%(funnel)s' of goal '%(goal)s' has no stage '%(name)s'%(suggestion)s")
                              if kind == "stage" else
                              N_("funnel '%(funnel)s' of goal '%(goal)s' has no activity '%(name)s'%(suggestion)s"),
                              funnel=funnel.section.id, goal=row.item.goal, name=name, suggestion=suggest(name, names)))


def _with(message: Message, **args: object) -> Message:
    """``message`` (one msgid of two, chosen by kind) with its arguments."""
    return Message(message.msgid, tuple(args.items()))
