"""The goal tree (PLAN_FORMAT §7): which goal contains which, parents, top goals, overlaps.

A goal's scope is its metric and its `segment`, `product` and `funnel` as
written. A *contains* B when A's dates contain B's, the metric is the same
and each of A's segment (or an ancestor of B's), product and funnel is empty
or B's. Pure: goals in file order in, a `GoalTree` out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sitegen.model.kinds import Goal
from sitegen.model.plan import Plan
from sitegen.model.workdays import Calendar

__all__ = ["Ancestry", "GoalTree", "contains", "goal_tree", "overlap", "plan_tree", "same_scope"]


class Ancestry:
    """Each segment with every segment above it, worked out once (a cycle stops the walk)."""

    def __init__(self, parent_of: Mapping[str, str | None]) -> None:
        self.parent_of = parent_of
        self._cache: dict[str | None, frozenset[str]] = {None: frozenset()}

    def of(self, segment: str | None) -> frozenset[str]:
        found = self._cache.get(segment)
        if found is None:
            seen: list[str] = []
            walk: str | None = segment
            while walk is not None and walk not in seen:
                seen.append(walk)
                walk = self.parent_of.get(walk)
            found = self._cache[segment] = frozenset(seen)
        return found


def contains(a: Goal, b: Goal, ancestry: Ancestry) -> bool:
    """A contains B (A ≠ B is the caller's): dates, metric and each scope field (§7)."""
    return (
        a.metric == b.metric
        and a.period.start <= b.period.start
        and b.period.end <= a.period.end
        and (a.segment is None or a.segment in ancestry.of(b.segment))
        and (a.product is None or a.product == b.product)
        and (a.funnel is None or a.funnel == b.funnel)
    )


def overlap(a: Goal, b: Goal, ancestry: Ancestry) -> bool:
    """Two goals that could count the same deal: dates overlap and every scope field is compatible."""
    if a.metric != b.metric or a.period.end < b.period.start or b.period.end < a.period.start:
        return False
    segments = (
        a.segment is None or b.segment is None
        or a.segment in ancestry.of(b.segment) or b.segment in ancestry.of(a.segment)
    )
    return (
        segments
        and (a.product is None or b.product is None or a.product == b.product)
        and (a.funnel is None or b.funnel is None or a.funnel == b.funnel)
    )


def same_scope(a: Goal, b: Goal) -> bool:
    return (a.metric, a.segment, a.product, a.funnel) == (b.metric, b.segment, b.product, b.funnel)


@dataclass(frozen=True)
class GoalTree:
    """Indexes into the goal list given to `goal_tree` (file order, then list order)."""

    parent: tuple[int | None, ...]
    children: tuple[tuple[int, ...], ...]
    duplicates: tuple[tuple[int, int], ...]  # (later goal, the earlier one it duplicates)
    overlaps: tuple[tuple[int, int], ...]  # (later child, earlier sibling) of one parent

    @property
    def top(self) -> tuple[int, ...]:
        return tuple(i for i, p in enumerate(self.parent) if p is None)


def _days(goal: Goal) -> int:
    return (goal.period.end - goal.period.start).days


def _parent(i: int, containers: list[int], goals: Sequence[Goal], ancestry: Ancestry) -> int | None:
    """The smallest container: none of the others lies inside it; then fewest days; then first written."""
    if not containers:
        return None
    inner = [
        c for c in containers
        if not any(o != c and contains(goals[c], goals[o], ancestry) and not contains(goals[o], goals[c], ancestry) for o in containers)
    ] or containers
    return min(inner, key=lambda c: (_days(goals[c]), c))


def _candidates(goal: Goal, by_scope: Mapping[tuple, list[int]], ancestry: Ancestry) -> list[int]:
    """Goals whose scope may contain this goal's (dates not yet compared)."""
    segments = (None, *ancestry.of(goal.segment))
    return [
        i
        for segment in segments
        for product in {None, goal.product}
        for funnel in {None, goal.funnel}
        for i in by_scope.get((goal.metric, segment, product, funnel), ())
    ]


def goal_tree(goals: Sequence[Goal], segment_parent: Mapping[str, str | None]) -> GoalTree:
    """Parents, children, duplicates and overlapping siblings of `goals` (in written order)."""
    ancestry = Ancestry(segment_parent)
    # Goals by their scope as written: a container of B has B's metric and, for each of segment,
    # product and funnel, nothing or B's (an ancestor segment too). Looking up only those
    # scopes keeps a company-wide plan (hundreds of goals) from comparing every pair.
    by_scope: dict[tuple, list[int]] = defaultdict(list)
    for i, goal in enumerate(goals):
        by_scope[(goal.metric, goal.segment, goal.product, goal.funnel)].append(i)
    parent: list[int | None] = [None] * len(goals)
    duplicates: list[tuple[int, int]] = []
    for b, goal in enumerate(goals):
        containers = []
        for a in _candidates(goal, by_scope, ancestry):
            if a == b or not contains(goals[a], goal, ancestry):
                continue
            if contains(goal, goals[a], ancestry):  # each contains the other: the first written is the parent
                if a > b:
                    continue
                duplicates.append((b, a))
            containers.append(a)
        parent[b] = _parent(b, sorted(containers), goals, ancestry)
    children: list[list[int]] = [[] for _ in goals]
    for i, p in enumerate(parent):
        if p is not None:
            children[p].append(i)
    dup = {later for later, _ in duplicates}  # already warned: its siblings would all "overlap" it
    overlaps = [
        (kids[j], kids[k])
        for kids in children
        for j in range(len(kids))
        for k in range(j)
        if kids[j] not in dup and kids[k] not in dup and overlap(goals[kids[j]], goals[kids[k]], ancestry)
    ]
    return GoalTree(tuple(parent), tuple(tuple(k) for k in children), tuple(sorted(set(duplicates))), tuple(overlaps))


def plan_tree(plan: Plan, cal: Calendar) -> GoalTree:
    """The plan's goal tree (§7), kept in the calendar's memo while the goals' scopes and dates and
    the segments' parents are the same: a scenario or a sensitivity run that changes targets,
    conversions or heads has the tree of the plan as written (targets do not place a goal)."""
    parents = {p.item.id: p.item.parent for p in plan.segments}
    key = (tuple((g.metric, g.period, g.segment, g.product, g.funnel) for g in (p.item for p in plan.goals)),
           tuple(sorted(parents.items(), key=str)))
    last: tuple[object, GoalTree] | None = cal.memo.get("goal-tree")
    if last is not None and last[0] == key:
        return last[1]
    tree = goal_tree([p.item for p in plan.goals], parents)
    cal.memo["goal-tree"] = (key, tree)
    return tree
