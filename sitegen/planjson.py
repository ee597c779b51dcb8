"""plan.json (PLAN_FORMAT §6): the computed model as stable, sorted JSON.

Keys are sorted and numbers are JSON numbers (integral decimals as integers),
so the file diffs cleanly between builds and commits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from decimal import Context, Decimal
from typing import Any

from sitegen.compute.results import ComputedPlan, GoalResult
from sitegen.diagnostics import Diagnostic
from sitegen.model.period import Period


def number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    # Enough precision that rounding to 6 places never overflows the context.
    places = Context(prec=max(28, value.adjusted() + 10))
    return float(value.quantize(Decimal("0.000001"), context=places))


def plain(value: Any) -> Any:
    """Dataclasses, Decimals, dates and periods → JSON-ready values."""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, Period):
        return value.label
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _goal(goal: GoalResult) -> dict:
    data = plain(goal)
    data["period_start"] = goal.period.start.isoformat()
    data["period_end"] = goal.period.end.isoformat()
    return data


def _capacity(computed: ComputedPlan) -> list[dict]:
    return [{**plain(c), "use": number(c.use)} for c in computed.capacity]


def plan_data(computed: ComputedPlan, diagnostics: Iterable[Diagnostic]) -> dict:
    return {
        "title": computed.title,
        "organization": computed.organization,
        "currency": computed.currency,
        "language": computed.language,
        "period": {"start": computed.period[0].isoformat(), "end": computed.period[1].isoformat()},
        "working_days": computed.working_days,
        "goals": [_goal(g) for g in computed.goals],
        "campaigns": plain(computed.campaigns),
        "segments": plain(computed.segments),
        "capacity": _capacity(computed),
        "territories": plain(computed.territories),
        "planes": plain(computed.planes),
        "budget": plain(computed.budget),
        "headline": plain(computed.headline),
        "diagnostics": [dataclasses.asdict(d) for d in diagnostics],
    }


def plan_json(computed: ComputedPlan, diagnostics: Iterable[Diagnostic]) -> bytes:
    text = json.dumps(plan_data(computed, diagnostics), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")
