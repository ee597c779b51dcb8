"""What a change does to the computed plan: deals to win, stage needs, workload, capacity, budget.

Compares two ``ComputedPlan``s number by number. A changed target matters
because of what follows from it — more leads, more calls per rep per day — so
those follow-on numbers are reported next to the field that moved them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sitegen.compute.plain_numbers import quantized
from sitegen.compute.results import ComputedPlan
from sitegen.diff.model import Consequence, KeyNumbers, WarningChange
from sitegen.pipeline import Analysis
from sitegen.translation import Message

__all__ = ["consequences", "key_numbers", "warning_changes"]

MEASURE_ORDER = (
    "revenue_target",
    "deals",
    "leads",
    "status",
    "won",
    "required",
    "per_rep_per_day",
    "activities_per_rep_per_day",
    "use",
    "capacity_use",
    "needed_hours",
    "total",
    "planned",
    "lines",
    "campaigns",
    "remaining",
    "warnings",
)
Numbers = dict[tuple[str, str, str, str], Any]


def _goal_numbers(computed: ComputedPlan) -> Iterator[tuple[tuple[str, str, str, str], Any]]:
    for goal in computed.goals:
        yield ("goal", goal.id, "won", ""), goal.won
        if goal.status:  # §8: "at risk → on track" between two reviews
            yield ("goal", goal.id, "status", ""), goal.status.replace("-", " ")
        for stage in goal.stages:
            yield ("goal", goal.id, "required", stage.id), stage.required
        for activity in goal.activities:
            yield (
                ("goal", goal.id, "per_rep_per_day", activity.name),
                _round(activity.per_rep_per_day),
            )


def _round(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else quantized(value, Decimal(places))


def numbers(computed: ComputedPlan) -> Numbers:
    """Every number the diff watches, keyed ``(scope, subject, measure, detail)``."""
    found: Numbers = dict(_goal_numbers(computed))
    for cap in computed.capacity:
        subject = f"{cap.role} {cap.period}"
        found[("capacity", subject, "use", "")] = _round(cap.use, "0.001")
        found[("capacity", subject, "needed_hours", "")] = _round(cap.needed_hours, "1")
    budget = computed.budget
    for measure in ("total", "lines", "campaigns", "planned", "remaining"):
        found[("budget", "", measure, "")] = getattr(budget, measure)
    head = computed.headline
    found[("headline", "", "revenue_target", "")] = head.revenue_target
    found[("headline", "", "deals", "")] = head.deals
    found[("headline", "", "leads", "")] = head.leads
    found[("headline", "", "activities_per_rep_per_day", "")] = _round(
        head.activities_per_rep_per_day
    )
    found[("headline", "", "capacity_use", "")] = _round(head.capacity_use, "0.001")
    found.update(_scenario_numbers(computed))
    return found


def _scenario_numbers(computed: ComputedPlan) -> Iterator[tuple[tuple[str, str, str, str], Any]]:
    """Each scenario's headline (§9), so a diff shows what a change does to the what-ifs too;
    a scenario added or removed shows as numbers from or to nothing."""
    for scenario in getattr(computed, "scenarios", ()):
        head = scenario.computed.headline
        yield ("scenario", scenario.id, "deals", ""), head.deals
        yield ("scenario", scenario.id, "leads", ""), head.leads
        yield ("scenario", scenario.id, "activities_per_rep_per_day", ""), _round(head.activities_per_rep_per_day)
        yield ("scenario", scenario.id, "capacity_use", ""), _round(head.capacity_use, "0.001")
        yield ("scenario", scenario.id, "warnings", ""), sum(1 for d in scenario.computed.diagnostics if d.severity == "warning")


def consequences(before: ComputedPlan, after: ComputedPlan) -> list[Consequence]:
    """Computed numbers that differ (a goal or role present on one side only counts too)."""
    old, new = numbers(before), numbers(after)
    order = {"headline": 0, "goal": 1, "capacity": 2, "budget": 3, "scenario": 4}
    rank = {m: i for i, m in enumerate(MEASURE_ORDER)}
    keys = sorted(set(old) | set(new), key=lambda k: (order[k[0]], k[1], rank.get(k[2], 99), k[3]))
    return [
        Consequence(*key, old.get(key), new.get(key))
        for key in keys
        if old.get(key) != new.get(key)
    ]


def key_numbers(computed: ComputedPlan) -> KeyNumbers:
    head = computed.headline
    return KeyNumbers(head.revenue_target, head.deals, head.leads, head.budget_planned)


def _relative(path: str, display_root: str) -> str:
    root = display_root.rstrip("/")
    return path[len(root) + 1 :] if root and path.startswith(root + "/") else path


def _warnings(analysis: Analysis) -> dict[tuple[str, str, str], Message | None]:
    """(file, code, English message) → the message's wording, for each warning."""
    root = analysis.sources.display_root
    return {
        (_relative(d.path, root), d.code, d.message): d.wording
        for d in analysis.diagnostics
        if d.severity == "warning"
    }


def warning_changes(before: Analysis, after: Analysis) -> list[WarningChange]:
    """Warnings that appeared or disappeared (matched by file, code and message, not line)."""
    old, new = _warnings(before), _warnings(after)
    gone = [WarningChange("disappeared", *k, old[k]) for k in sorted(set(old) - set(new))]
    came = [WarningChange("appeared", *k, new[k]) for k in sorted(set(new) - set(old))]
    return came + gone
