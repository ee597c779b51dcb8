"""What a page's context read of the plan-wide `Scope`, recorded while it was made.

`serve` re-renders a section page only when what the page is rendered from
changed. Its own section, warnings, history and sidebar are known; what its
kind's context builder reads of the scope (this funnel's goals, the segment
names, the plan's links) is recorded here as the builder runs, through a
thin stand-in for the scope: attribute reads of the scope, of
`scope.computed` and of `scope.plan`, and key lookups in the scope's
mappings. `value_at(read, scope)` reads the same place of another scope, so
a fingerprint of the value found says whether the page can be the same.
Nothing is declared by hand, so a builder that starts reading something new
is covered the first time it runs.

`t` and `fmt` are not recorded: they are fixed by the language and currency,
which the page cache's key holds.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

__all__ = ["Read", "recording", "value_at"]

Read = tuple[Any, ...]  # ("segment_names",), ("computed", "goals"), ("goals_by_section", KEY, "id")

_FIXED = frozenset({"t", "fmt"})
_OBJECTS = frozenset({"computed", "plan"})  # read attribute by attribute
KEY = "\0key"  # marks a key lookup in a read (no attribute name holds a NUL)


class _Keys(Mapping):
    """A mapping of the scope; lookups of one key are recorded as such, anything else as the whole."""

    __slots__ = ("_data", "_at", "_reads")

    def __init__(self, data: Mapping, at: Read, reads: list[Read]) -> None:
        self._data, self._at, self._reads = data, at, reads

    def __getitem__(self, key: Any) -> Any:
        self._reads.append((*self._at, KEY, key))
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._reads.append((*self._at, KEY, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._reads.append((*self._at, KEY, key))
        return key in self._data

    def _whole(self) -> Mapping:
        self._reads.append(self._at)
        return self._data

    def __iter__(self) -> Iterator:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self) -> KeysView[Any]:
        return self._whole().keys()

    def items(self) -> ItemsView[Any, Any]:
        return self._whole().items()

    def values(self) -> ValuesView[Any]:
        return self._whole().values()


class _Attributes:
    """`scope.computed` or `scope.plan`: each attribute read is recorded."""

    __slots__ = ("_data", "_at", "_reads")

    def __init__(self, data: Any, at: Read, reads: list[Read]) -> None:
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_at", at)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        self._reads.append((*self._at, name))
        return getattr(self._data, name)


class _Scope:
    """The scope as a context builder sees it while its reads are recorded."""

    __slots__ = ("_scope", "_reads")

    def __init__(self, scope: Any, reads: list[Read]) -> None:
        object.__setattr__(self, "_scope", scope)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._scope, name)
        if name in _FIXED:
            return value
        if name in _OBJECTS:
            return _Attributes(value, (name,), self._reads)
        if isinstance(value, Mapping):
            return _Keys(value, (name,), self._reads)
        self._reads.append((name,))
        return value


def recording(scope: Any) -> tuple[Any, list[Read]]:
    """A stand-in for `scope` and the list its reads are appended to."""
    reads: list[Read] = []
    return _Scope(scope, reads), reads


_ABSENT = ("absent",)  # what a key lookup of a missing key replays as


def value_at(read: Read, scope: Any) -> Any:
    """The value one recorded read finds in `scope` (a missing key as `_ABSENT`)."""
    value = scope
    parts = iter(read)
    for part in parts:
        if part == KEY:
            key = next(parts)
            value = value.get(key, _ABSENT) if isinstance(value, Mapping) else _ABSENT
        else:
            value = getattr(value, part)
    return value

