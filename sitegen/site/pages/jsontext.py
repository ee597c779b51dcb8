"""`indented(value)`: `json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)`, faster.

Python's json encoder is C only without `indent`; with it, every value goes
through pure-Python generators, and plan.json (§6, several megabytes at
1,000 sections with scenarios) spent most of its time there. The layout of
`indent=2` is simple: each item of a non-empty container on its own line,
two spaces deeper than the container. So every container whose items are all
scalars — most of plan.json: stages, activities, months, diagnostics — is
encoded by the C encoder with `",\\n" + that depth's indent` as its item
separator, and only the containers holding containers are laid out here.
Every scalar is still written by the stdlib's own code (`float.__repr__`,
`encode_basestring`), so the text is the very text `json.dumps` gives
(`tests/test_planjson.py` holds it to that on random values).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["indented"]

_SCALARS = frozenset({str, int, float, bool, type(None)})
_STANDARD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, indent=2)
_SCALAR = json.JSONEncoder(ensure_ascii=False, check_circular=False)
_FLAT: dict[int, json.JSONEncoder] = {}  # depth → C encoder of a container of scalars at that depth


def _flat(depth: int) -> json.JSONEncoder:
    """The encoder of a container of scalars `depth` levels down: its items one per line."""
    found = _FLAT.get(depth)
    if found is None:
        found = _FLAT[depth] = json.JSONEncoder(
            ensure_ascii=False, sort_keys=True, check_circular=False, separators=(",\n" + "  " * (depth + 1), ": "))
    return found


def indented(value: Any, depth: int = 0) -> str:
    """The JSON text of `value` as `json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)`
    writes it, `depth` levels down (its lines after the first indented by 2 × depth spaces)."""
    cls = type(value)
    if cls in _SCALARS:
        return _SCALAR.encode(value)
    if cls is dict:
        if not value:
            return "{}"
        if not all(type(k) is str for k in value):  # keys json turns into strings: its own encoder
            return _standard(value, depth)
        outer = "\n" + "  " * depth
        if all(type(v) in _SCALARS for v in value.values()):
            return "{" + outer + "  " + _flat(depth).encode(value)[1:-1] + outer + "}"
        inner = ",\n" + "  " * (depth + 1)
        return ("{" + inner[1:] + inner.join(
            _SCALAR.encode(k) + ": " + indented(v, depth + 1) for k, v in sorted(value.items())) + outer + "}")
    if cls is list or cls is tuple:
        if not value:
            return "[]"
        outer = "\n" + "  " * depth
        if all(type(v) in _SCALARS for v in value):
            return "[" + outer + "  " + _flat(depth).encode(value)[1:-1] + outer + "]"
        inner = ",\n" + "  " * (depth + 1)
        return "[" + inner[1:] + inner.join(indented(v, depth + 1) for v in value) + outer + "]"
    return _standard(value, depth)


def _standard(value: Any, depth: int) -> str:
    """What json itself writes (dict subclasses, keys it converts, values it refuses), nested."""
    return _STANDARD.encode(value).replace("\n", "\n" + "  " * depth)
