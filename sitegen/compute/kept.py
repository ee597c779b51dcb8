"""Results kept for the length of one calendar: `compute_plan` makes the monthly plan and the
monthly capacity once for the base, again for each scenario and twice per sensitivity driver
(§9), all with the same calendar. Most pieces of those runs have the same inputs each time (a
goal's shares of its months, a role's hours available): each is worked out once per distinct
input and kept in the calendar's memo. A pure cache: the key is everything the value is made
from besides the calendar (values compared by equality, or objects held by the key itself), so
a hit gives the very value a fresh computation would.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sitegen.model.workdays import Calendar

__all__ = ["Kept"]

T = TypeVar("T")
_MISSING = object()
LIMIT = 50_000  # `serve` keeps its calendar over many saves: entries of edited goals would pile up


class Kept:
    """One kind of piece (`name`) kept in `cal.memo`; `get(key, make)` makes it once per key."""

    def __init__(self, cal: Calendar, name: str) -> None:
        found = cal.memo.get(("kept", name))
        if found is None or len(found) > LIMIT:
            found = cal.memo[("kept", name)] = {}
        self.found: dict[Hashable, object] = found

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        found = self.found.get(key, _MISSING)
        if found is _MISSING:
            found = self.found[key] = make()
        return found  # type: ignore[return-value]  # what `make` made for this key: its T
