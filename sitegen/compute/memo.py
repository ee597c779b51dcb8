"""Results kept from one `compute_plan` to the next (`serve`), reused while their inputs are the same.

`compute_plan(plan, memo)` is still a pure function of the plan: a result
is taken from `memo` only when every input it is made from is *the same
object* as last time (strings and tuples of strings: equal). `serve`
validates unchanged files once (`validate_plan`'s cache), so after a save
the goals, campaigns and territories of every other file are the very same
objects and their results come back unchanged — the same result objects,
which `serve` then recognises by identity when it hashes pages and
plan.json. Values compared by identity never give a stale result: an
edited item is a new object. The memo holds only what the last compute
used, so it does not grow.

Kept after measuring (issue #16): `serve`'s front-matter saves pay for it
well past the 10 % a speed trick must (benchmarks/README.md, "One build path").
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, TypeVar

__all__ = ["Reuse", "same_items"]

T = TypeVar("T")
_BY_VALUE = (str, tuple, type(None), int)


def _same(last: tuple, now: tuple) -> bool:
    return len(last) == len(now) and all(
        a is b or (type(a) in _BY_VALUE and type(a) is type(b) and a == b)
        for a, b in zip(last, now, strict=True)
    )


class Reuse:
    """One kind of result (`name`) in `memo`: `get(inputs, make)` is `make()` unless the same inputs
    made a result last time. Call `done()` after the last `get` to keep only this compute's entries."""

    def __init__(self, memo: MutableMapping[str, Any] | None, name: str) -> None:
        self.memo, self.name = memo, name
        self.last: dict[int, tuple[tuple, Any]] = memo.get(name, {}) if memo is not None else {}
        self.now: dict[int, tuple[tuple, Any]] = {}

    def get(self, inputs: tuple, make: Callable[[], T]) -> T:
        """`inputs[0]` names the entry (held by the memo, so its id stays its own)."""
        if self.memo is None:
            return make()
        hit = self.last.get(id(inputs[0]))
        result = hit[1] if hit is not None and _same(hit[0], inputs) else make()
        self.now[id(inputs[0])] = (inputs, result)
        return result

    def done(self) -> None:
        if self.memo is not None:
            self.memo[self.name] = self.now


def same_items(memo: MutableMapping[str, Any], name: str, items: tuple) -> object:
    """A token that stays the same object while `items` are the same objects, one by one."""
    last = memo.get(name)
    if last is not None and _same(last[0], items):
        return last[1]
    token = object()
    memo[name] = (items, token)
    return token
