"""A ``PlanDiff`` as JSON: every dataclass a dict, stable key order."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import Any

from sitegen.diff.model import (
    PlanDiff,
    plain_value,
)


def to_plain(value: Any) -> Any:
    """Dataclasses → dicts (with their ``pct``), decimals → numbers; stable for ``sort_keys``."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_plain(getattr(value, f.name)) for f in fields(value) if f.metadata.get("json", True)}
        if hasattr(value, "pct"):
            data["pct"] = to_plain(value.pct)
        return data
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return plain_value(value)


def render_json(diff: PlanDiff) -> str:
    data = to_plain(diff)
    data["counts"] = diff.counts()
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
