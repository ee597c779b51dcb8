"""plan.json (PLAN_FORMAT §6): the computed model as stable, sorted JSON.

Keys are sorted and numbers are JSON numbers (integral decimals as integers),
so the file diffs cleanly between builds and commits.

The text is `json.dumps(indent=2, sort_keys=True, ensure_ascii=False)`'s
(`indented`). `serve` writes plan.json after
every front-matter edit; most of its text (one entry per goal, campaign,
segment, ...) is then unchanged. Given a `fragments` dict kept between
calls, `plan_json` indents only entries it has not seen and joins the rest
exactly as `json.dumps(indent=2)` does: the same bytes, with or without the
cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from sitegen.compute.results import (
    CapacityMonth,
    ComputedPlan,
    GoalResult,
    QuotaRole,
    RoleCapacity,
    ScenarioResult,
)
from sitegen.diagnostics import Diagnostic
from sitegen.model.period import Period

_INDENTED = json.JSONEncoder(ensure_ascii=False, sort_keys=True, indent=2)


def indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)`: plan.json's layout."""
    return _INDENTED.encode(value)


def number(value: Decimal | Fraction | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):  # §7 shares, lags, capacities: exact until written, then 6 decimals
        rounded = round(value, 6)
        return int(rounded) if rounded.denominator == 1 else float(rounded)
    if value == value.to_integral_value():
        return int(value)
    # Enough precision that rounding to 6 places never overflows the context.
    places = Context(prec=max(28, value.adjusted() + 10))
    return float(value.quantize(Decimal("0.000001"), context=places))


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The dataclass fields of `cls` (None if it is not a dataclass), looked up once per class."""
    try:
        return _FIELDS[cls]
    except KeyError:
        names = (
            tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("json", True))
            if dataclasses.is_dataclass(cls) else None
        )
        _FIELDS[cls] = names
        return names


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Dataclasses, Decimals, dates and periods → JSON-ready values."""
    cls = type(value)
    if cls in _SCALARS:
        return value
    if cls is Decimal or cls is Fraction:
        return number(value)
    if cls is tuple or cls is list:
        return [v if type(v) in _SCALARS else plain(v) for v in value]
    if isinstance(value, Period):
        return value.label
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    names = _field_names(cls)
    if names is not None:  # scalars inline: most fields are, and this runs ~60,000 times at 1,000 sections
        data = {}
        for name in names:
            field = getattr(value, name)
            data[name] = field if type(field) in _SCALARS else plain(field)
        return data
    if isinstance(value, Decimal):
        return number(value)
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


def _capacity_entry(c: RoleCapacity | CapacityMonth) -> dict:
    return {**plain(c), "use": number(c.use)}


def _scenario(scenario: ScenarioResult) -> dict:
    """A scenario (§9): its figures in the base's own shapes, and its own diagnostics."""
    computed = scenario.computed
    return {
        "id": scenario.id,
        "name": scenario.name,
        "segment": scenario.segment,
        "headline": plain(computed.headline),
        "budget": plain(computed.budget),
        "goals": [
            {"id": g.id, "target": number(g.target), "won": g.won, "stages": plain(g.stages),
             "activities": plain(g.activities)}
            for g in computed.goals
        ],
        "capacity": [_capacity_entry(c) for c in computed.capacity],
        "totals": _time(computed)["totals"],
        "capacity_months": [_capacity_entry(c) for c in computed.capacity_months],
        "diagnostics": [d.record() for d in computed.diagnostics],
    }


def _quota(role: QuotaRole) -> dict:
    """A role title's quotas (§9): capacity per month and over the plan period, coverage, reps needed."""
    return {
        "role": role.role, "teams": list(role.teams), "quota_per_head": number(role.quota_per_head),
        "months": [{"month": month, "capacity": number(amount)} for month, amount in role.months],
        "capacity": number(role.capacity), "goals": list(role.goals), "target": number(role.target),
        "coverage": number(role.coverage),
        "reps_needed": [{"goal": goal, "reps": reps} for goal, reps in role.reps_needed],
    }


def _time(computed: ComputedPlan) -> dict:
    """§7's top-level keys: totals, holidays (beside v1's; capacity_months is a list below)."""
    return {
        "totals": {"targets": {metric: number(v) for metric, v in sorted(computed.totals.targets.items())}},
        "holidays": [day.isoformat() for day in computed.holidays],
    }


def _fixed(computed: ComputedPlan) -> dict:
    """The top-level values that are not lists of results."""
    return {
        "title": computed.title,
        "organization": computed.organization,
        "currency": computed.currency,
        "language": computed.language,
        "period": {"start": computed.period[0].isoformat(), "end": computed.period[1].isoformat()},
        "working_days": computed.working_days,
        "budget": plain(computed.budget),
        "headline": plain(computed.headline),
        "review": plain(computed.review),
        **_time(computed),
    }


def _lists(computed: ComputedPlan, diagnostics: Iterable[Diagnostic]) -> dict[str, tuple[tuple, Callable[[Any], Any]]]:
    """The top-level lists: name → (the objects, how one becomes its JSON value)."""
    return {
        "goals": (tuple(computed.goals), _goal),
        "campaigns": (tuple(computed.campaigns), plain),
        "segments": (tuple(computed.segments), plain),
        "capacity": (tuple(computed.capacity), _capacity_entry),
        "capacity_months": (tuple(computed.capacity_months), _capacity_entry),
        "territories": (tuple(computed.territories), plain),
        "planes": (tuple(computed.planes), plain),
        "scenarios": (tuple(computed.scenarios), _scenario),
        "quotas": (tuple(computed.quotas), _quota),
        "diagnostics": (tuple(diagnostics), Diagnostic.record),
    }


def plan_data(computed: ComputedPlan, diagnostics: Iterable[Diagnostic]) -> dict:
    data = _fixed(computed)
    for name, (items, convert) in _lists(computed, diagnostics).items():
        data[name] = [convert(item) for item in items]
    return data


def plan_json(
    computed: ComputedPlan, diagnostics: Iterable[Diagnostic], fragments: dict | None = None,
    key: Callable[[Any], bytes | None] | None = None,
) -> bytes:
    """The file's bytes; `fragments` (kept by the caller between calls) saves re-indenting unchanged entries.

    `key(result)` may name a result object by content (`serve` has a digest
    of each already): an entry whose key was seen last time is not even
    converted to JSON values again.
    """
    if fragments is None:
        text = indented(plan_data(computed, diagnostics))
    else:
        text = _joined(computed, diagnostics, fragments, key)
    return (text + "\n").encode("utf-8")


_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _joined(computed: ComputedPlan, diagnostics: Iterable[Diagnostic], fragments: dict,
            key: Callable[[Any], bytes | None] | None) -> str:
    """`json.dumps(plan_data(...), ensure_ascii=False, indent=2, sort_keys=True)`, from cached pieces.

    Each top-level value, or each entry of a top-level list, is indented on
    its own and cached under its compact encoding (or, for list entries,
    under `key`, already nested at its depth); JSON strings hold no raw
    newline, so nesting a piece deeper is adding spaces after each newline.
    A whole list whose entries all have the keys of last time is kept as
    text (goals, campaigns, ... of a save that changed none of them).

    Kept after measuring (issue #16): without it `serve`'s front-matter save
    at 1,000 sections dumps the whole file each time, well past the 10 % a
    speed trick must pay (benchmarks/README.md, "One build path").
    """
    used: dict = {}

    def piece(value: Any) -> str:
        compact = _COMPACT.encode(value)
        text = used.get(compact) or fragments.get(compact)
        if text is None:
            text = indented(value)
        used[compact] = text
        return text

    def listed(name: str, items: tuple, convert: Callable[[Any], Any]) -> str:
        keys = tuple(key(item) for item in items) if key is not None else (None,) * len(items)
        whole = None not in keys
        last = fragments.get(("list", name))  # (keys, text, key → nested entry text)
        if whole and last is not None and last[0] == keys:
            used[("list", name)] = last
            return last[1]
        known = last[2] if last is not None else {}
        entries: dict[bytes, str] = {}
        parts = []
        for item, digest in zip(items, keys, strict=True):
            text = None if digest is None else entries.get(digest) or known.get(digest)
            if text is None:
                text = piece(convert(item)).replace("\n", "\n    ")
            if digest is not None:
                entries[digest] = text
            parts.append(text)
        text = "[\n    " + ",\n    ".join(parts) + "\n  ]"
        used[("list", name)] = (keys if whole else None, text, entries)
        return text

    data: dict[str, str] = {}
    for name, value in _fixed(computed).items():
        data[name] = piece(value).replace("\n", "\n  ")
    for name, (items, convert) in _lists(computed, diagnostics).items():
        data[name] = listed(name, items, convert) if items else "[]"
    fragments.clear()
    fragments.update(used)
    return "{\n  " + ",\n  ".join(json.dumps(name, ensure_ascii=False) + ": " + data[name] for name in sorted(data)) + "\n}"
