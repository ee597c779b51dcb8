"""Two tools for compute's frozen results: `replaced`, a cheap `dataclasses.replace`, and
`Later`, a value made when first read, then kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Generic, TypeVar

__all__ = ["Later", "replaced"]

T = TypeVar("T")
_FIELDS: dict[type, frozenset[str]] = {}


def replaced(result: T, **changes: Any) -> T:
    """`dataclasses.replace(result, **changes)` for the frozen results of `compute.results` (no
    `__post_init__`, no init-only fields, no slots): the same fields, the same object, at a fifth
    of the cost — every goal's result is replaced twice per computation, once more per scenario."""
    cls = type(result)
    names = _FIELDS.get(cls)
    if names is None:
        # T is any frozen result dataclass, which mypy cannot tell from an unbound T
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)}")
    made = object.__new__(cls)
    made.__dict__.update(result.__dict__, **changes)
    return made


class Later(Generic[T]):
    """A value made when first read (`value`), then kept. Equal, hashed and pickled as its
    value, so a `ComputedPlan` holding one compares and digests as if it held the value.

    §9's sensitivity runs are the one part of the computed plan only one page shows (the
    tornado on the scenarios page): `sitegen build` then works them out on the page worker
    that renders that page, while the other renders section pages, instead of before any
    page worker starts; `check` never reads them."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    @property
    def made(self) -> bool:
        return self._make is None

    @property
    def value(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]  # made: `make()`'s T (None only before)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Later) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __reduce__(self) -> tuple[Callable[[T], Later[T]], tuple[T]]:
        return _made, (self.value,)

    def __repr__(self) -> str:
        return f"Later({self.value!r})"


def _made(value: T) -> Later[T]:
    later = Later(lambda: value)
    later.value  # noqa: B018 - made now: a pickled value is no work left for later
    return later
