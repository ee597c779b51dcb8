"""Market size and lead coverage checks (PLAN_FORMAT §3 warnings; goal sums: `tree_checks`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, MutableMapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sitegen.compute.memo import Reuse
from sitegen.compute.plain_numbers import num
from sitegen.compute.results import GoalResult, SegmentResult
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.kinds import Segment
from sitegen.model.plan import Plan
from sitegen.translation import N_


def segment_results(
    plan: Plan, goals: tuple[GoalResult, ...], memo: MutableMapping[str, Any] | None = None
) -> tuple[SegmentResult, ...]:
    """Each segment's coverage; `memo`: see `compute.memo`."""
    most: dict[str, int] = {}  # segment → the most accounts any of its goals needs at the top
    for g in goals:
        if g.segment is not None:
            most[g.segment] = max(most.get(g.segment, 0), g.top_required or 0)
    reuse = Reuse(memo, "segments")
    out = []
    for placed in plan.segments:
        seg = placed.item
        required = most.get(seg.id, 0)

        def make(seg: Segment = seg, required: int = required) -> SegmentResult:
            coverage = Decimal(required) / seg.size if seg.size else None
            return SegmentResult(seg.id, seg.name, seg.parent, seg.size, required, coverage)

        out.append(reuse.get((seg, required), make))
    reuse.done()
    return tuple(out)


def market_warnings(plan: Plan, goals: tuple[GoalResult, ...]) -> Iterator[Diagnostic]:
    segments = plan.by_id("segments")
    placed_goals = plan.by_id("goals")
    for goal in goals:
        seg = segments.get(goal.segment) if goal.segment else None
        size = seg.item.size if seg else None
        if size is not None and goal.top_required is not None and goal.top_required > size:
            stage = goal.stages[0]
            yield warning(
                placed_goals[goal.id].at("segment"),
                "market-size",
                N_("goal '%(goal)s' needs %(required)s accounts at stage '%(stage)s' "
                   "but segment '%(segment)s' has only %(size)s; widen the segment or raise conversions",
                   goal=goal.id, required=num(stage.required), stage=stage.id, segment=goal.segment, size=num(size)),
            )


def lead_warnings(
    plan: Plan, goals: tuple[GoalResult, ...], before_start: Mapping[str, Fraction] | None = None
) -> Iterator[Diagnostic]:
    """Campaign leads against the top-stage entries needed inside the plan (entries the sales
    cycle puts before the plan's start, `before_start`, are the opening pipeline's: §7)."""
    leads: dict[str, int] = defaultdict(int)
    feeding: dict[str, list[str]] = defaultdict(list)
    for placed in plan.campaigns:
        c = placed.item
        if c.goal:
            leads[c.goal] += c.expected_leads or 0
            feeding[c.goal].append(c.id)
    placed_goals = plan.by_id("goals")
    for goal in goals:
        if goal.id not in feeding or goal.top_required is None:
            continue
        need = goal.top_required - (before_start or {}).get(goal.id, Fraction(0))
        if leads[goal.id] < need:
            yield warning(
                placed_goals[goal.id].at("id"),
                "lead-coverage",
                N_("campaigns feeding goal '%(goal)s' (%(campaigns)s) expect %(leads)s leads "
                   "but the funnel needs %(need)s at stage '%(stage)s'; plan more campaigns or raise expected_leads",
                   goal=goal.id, campaigns=", ".join(feeding[goal.id]), leads=num(leads[goal.id]), need=num(need),
                   stage=goal.stages[0].id),
            )
