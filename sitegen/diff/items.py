"""Field-by-field changes of the plan's things (goals, products, funnels, team, campaigns, ...).

Each thing is flattened to ``{field path: scalar}`` — funnel stages become
``stages[lead].conversion`` — so one generic comparison covers every kind, and
a new optional field in the model shows up in diffs without touching this file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sitegen.diff.model import FieldChange, ItemChange
from sitegen.model.kinds import Common
from sitegen.model.plan import Plan, by_namespace

__all__ = ["flatten", "item_changes", "things"]

SECTION_FIELDS = {"title", "kind", "id", "owner", "order", "status", "extra"}
_SCALARS = (str, int, Decimal, dt.date, bool, type(None))


def _key(entry: dict, index: int) -> str:
    if entry.get("id") is not None:
        return str(entry["id"])
    if entry.get("name") is not None:
        return f"{entry['name']}" + (f"@{entry['stage']}" if entry.get("stage") else "")
    return str(index)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested model data → ``{"a.b[id].c": scalar}``; lists of scalars become one text value."""
    if hasattr(value, "model_dump"):
        value = {name: getattr(value, name) for name in type(value).model_fields}
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, item in value.items():
            out.update(flatten(item, f"{prefix}.{name}" if prefix else str(name)))
        return out
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, _SCALARS) or hasattr(v, "label") for v in value):
            return {prefix: ", ".join(str(v) for v in value) if value else None}
        out = {}
        for index, entry in enumerate(value):
            data = entry if isinstance(entry, dict) else flatten(entry)
            ident = _key(data, index) if isinstance(data, dict) else str(index)
            out.update(flatten(entry, f"{prefix}[{ident}]"))
        return out
    if isinstance(value, _SCALARS):
        return {prefix: value}
    if hasattr(value, "label"):  # Period
        return {prefix: str(value)}
    return {prefix: json.dumps(value, sort_keys=True, default=str)}


def things(plan: Plan) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """Every comparable thing of a plan: ``(kind, id) → (flat fields, section id)``."""
    found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}

    def add(kind: str, ident: str, data: dict[str, Any], section: str) -> None:
        key, n = (kind, ident), 2
        while key in found:  # two budget lines of one name: keep both
            key, n = (kind, f"{ident} ({n})"), n + 1
        found[key] = (data, section)

    settings = plan.settings
    add(
        "settings",
        "plan.yaml",
        {k: v for k, v in flatten(settings).items() if not k.startswith("extra")},
        "",
    )
    for kind, placed in by_namespace(plan).items():
        for p in placed:
            add(kind, str(p.item.id), flatten(p.item), p.section.id)
    for funnel in plan.funnels:
        add("funnel", funnel.section.id, _without_common(funnel.item), funnel.section.id)
    for budget in plan.budgets:
        data = {k: v for k, v in _without_common(budget.item).items() if not k.startswith("lines")}
        add("budget", budget.section.id, data, budget.section.id)
    for line in plan.budget_lines:
        add("budget_line", str(line.item.name), flatten(line.item), line.section.id)
    return found


def _without_common(section_data: Common) -> dict[str, Any]:
    flat = flatten(section_data)
    return {k: v for k, v in flat.items() if k.split(".")[0].split("[")[0] not in SECTION_FIELDS}


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = sorted(set(old) | set(new))
    return tuple(FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n))


def _present(data: dict[str, Any]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(n, None, v) for n, v in sorted(data.items()) if v is not None)


def item_changes(before: Plan, after: Plan) -> list[ItemChange]:
    """Things added, removed, changed — and campaigns moved in time — between two plans."""
    old, new = things(before), things(after)
    changes: list[ItemChange] = []
    for key in _ordered(old, new):
        kind, ident = key
        if key not in old:
            data, section = new[key]
            changes.append(ItemChange(kind, ident, "added", section, _present(data)))
        elif key not in new:
            data, section = old[key]
            removed = tuple(FieldChange(f.field, f.new, None) for f in _present(data))
            changes.append(ItemChange(kind, ident, "removed", section, removed))
        else:
            fields = _field_changes(old[key][0], new[key][0])
            if fields:
                moved = kind == "campaign" and any(f.field in ("start", "end") for f in fields)
                changes.append(
                    ItemChange(kind, ident, "moved" if moved else "changed", new[key][1], fields)
                )
    return changes


KIND_ORDER = (
    "settings",
    "goal",
    "segment",
    "product",
    "funnel",
    "team",
    "campaign",
    "territory",
    "budget",
    "budget_line",
    "competitor",
)


def _ordered(*maps: dict) -> Iterable[tuple[str, str]]:
    keys = set().union(*maps)
    return sorted(keys, key=lambda k: (KIND_ORDER.index(k[0]) if k[0] in KIND_ORDER else 99, k[1]))
