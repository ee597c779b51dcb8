"""Warnings of the goal tree and the opening pipeline (PLAN_FORMAT §7).

- `goal-duplicate`: two goals contain each other (same dates and scope);
- `goal-overlap`: two children of one goal overlap in dates and scope;
- `goal-sum`: a goal's children add up to more than its target, or its
  same-scope children cover its whole period and do not add up to it
  (this replaces v1's grouping by calendar year);
- `pipeline-before-start`: deals closing early in the plan need pipeline
  before its first day that the funnel's `opening` does not give.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction

from sitegen.compute.goaltree import GoalTree, same_scope
from sitegen.compute.phasing import months_of
from sitegen.compute.plain_numbers import num
from sitegen.compute.results import Totals
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.plan import Placed, Plan
from sitegen.translation import N_, joined

__all__ = ["pipeline_warnings", "totals", "tree_warnings"]


def _at(placed: Placed) -> str:
    where = placed.at("id")
    return f"{where.path}:{where.line}"


def totals(plan: Plan, tree: GoalTree) -> Totals:
    """{metric: Σ target of the top goals}: every deal counted once."""
    found: dict[str, Decimal] = {}
    for i in tree.top:
        goal = plan.goals[i].item
        found[goal.metric] = found.get(goal.metric, Decimal(0)) + goal.target
    return Totals(found)


def _sum_warning(plan: Plan, tree: GoalTree, i: int) -> Diagnostic | None:
    parent = plan.goals[i]
    kids = [plan.goals[k] for k in tree.children[i]]
    target = parent.item.target
    total = sum((k.item.target for k in kids), Decimal(0))
    names = joined(", ", (N_("%(name)s=%(value)s", name=k.item.id, value=num(k.item.target)) for k in kids))
    if total > target:
        return warning(parent.at("target"), "goal-sum", N_("the goals inside goal '%(goal)s' (%(names)s) add up to %(total)s, above its target %(target)s; lower them or raise the target", goal=parent.item.id, names=names, total=num(total), target=num(target)))
    alike = [k for k in kids if same_scope(parent.item, k.item)]
    period = parent.item.period
    covered = {m for k in alike for m in months_of(k.item.period.start, k.item.period.end)}
    same_total = sum((k.item.target for k in alike), Decimal(0))
    if alike and covered >= set(months_of(period.start, period.end)) and same_total != target:
        names = joined(", ", (N_("%(name)s=%(value)s", name=str(k.item.period), value=num(k.item.target)) for k in alike))
        return warning(parent.at("target"), "goal-sum", N_("goal '%(goal)s' (%(period)s, %(target)s) is covered by goals (%(names)s) that add up to %(total)s; make them add up to %(target)s", goal=parent.item.id, period=str(period), target=num(target), names=names, total=num(same_total)))
    return None


def tree_warnings(plan: Plan, tree: GoalTree) -> Iterator[Diagnostic]:
    goals = plan.goals
    for later, first in tree.duplicates:
        yield warning(goals[later].at("id"), "goal-duplicate", N_("goal '%(goal)s' has the period and scope of goal '%(first)s' (%(where)s); the first one counts as the parent — remove one or narrow its scope", goal=goals[later].item.id, first=goals[first].item.id, where=_at(goals[first])))
    for later, first in tree.overlaps:
        parent = goals[tree.parent[later]].item.id  # type: ignore[index]  # an overlap is between siblings: never a top goal
        yield warning(goals[later].at("id"), "goal-overlap", N_("goals '%(goal)s' and '%(first)s' (%(where)s) inside goal '%(parent)s' overlap in dates and scope, so a deal may count for both; split their periods or scopes", goal=goals[later].item.id, first=goals[first].item.id, where=_at(goals[first]), parent=parent))
    for i in range(len(goals)):
        if tree.children[i]:
            found = _sum_warning(plan, tree, i)
            if found is not None:
                yield found


def pipeline_warnings(plan: Plan, needed: Mapping[str, Mapping[str, Fraction]]) -> Iterator[Diagnostic]:
    """Per funnel: the stages whose pipeline before the plan's start is short of what the goals need."""
    start = plan.settings.period.start
    for funnel in plan.funnels:
        wanted = needed.get(funnel.section.id, {})
        given = funnel.item.opening or {}
        short = [
            N_("'%(stage)s' %(needed)s needed, %(given)s given", stage=stage.id, needed=num(wanted[stage.id]),
               given=num(given.get(stage.id, 0)))
            for stage in funnel.item.stages
            if wanted.get(stage.id, 0) > Fraction(given.get(stage.id, 0))
        ]
        if short:
            where = funnel.at("opening") if funnel.item.opening is not None else funnel.at("stages")
            yield warning(where, "pipeline-before-start", N_("funnel '%(funnel)s': deals closing early in the plan need entries before %(start)s that 'opening' does not give: %(short)s; add them under 'opening:' (stage: entries)", funnel=funnel.section.id, start=str(start), short=joined("; ", short)))
