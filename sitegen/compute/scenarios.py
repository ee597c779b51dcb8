"""Each scenario of plan.yaml (§9) computed: `adjust` the plan, then the base's own compute."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from sitegen.compute.adjust import adjust
from sitegen.compute.results import ComputedPlan, ScenarioResult
from sitegen.model.plan import Plan

Compute = Callable[[Plan, MutableMapping[str, Any] | None], ComputedPlan]


def scenario_results(plan: Plan, memo: MutableMapping[str, Any], compute: Compute) -> tuple[ScenarioResult, ...]:
    """`memo`: what computing the base left (see `compute.memo`). Each scenario starts from a
    copy of it, so the goals, campaigns and territories a scenario leaves as they are (the same
    objects) keep the base's results, and the base's memo stays the base's."""
    out = []
    for scenario in plan.settings.scenarios:
        computed = compute(adjust(plan, scenario), dict(memo))
        out.append(ScenarioResult(scenario.id, scenario.name, scenario.segment, computed))
    return tuple(out)
