"""The one render cache: an output is made again only when what it is made from changed.

`build_site(..., cache=)` (`serve` keeps one `RenderCache` for the session;
`sitegen build` passes none and renders everything) asks the cache for each
output with what the output is rendered from:

- a section page: its file's bytes, its warnings, history, sidebar and site
  facts, and the values its kind's context read of the plan-wide scope the
  last time it was rendered (`reads`: recorded, not declared);
- a plan-wide output (dashboard, calendar, plan.json, history pages, ...):
  the arguments it is made from.

Each input is hashed once per rebuild (`Digests`, by identity), and an
immutable object that the last rebuild hashed too (an unchanged file's
section, a goal's result that `compute`'s memo kept) is not hashed again.
Anything that cannot be pickled makes its output always render. The cache
also keeps the sidebar tree and its pruned copies while the sections' titles
and order are the same, so they are the same objects (hashed once per
session), and plan.json's indented pieces (`plan_json`'s `fragments`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from sitegen.site.nav.tree import NavEntry, NavNode, build_nav
from sitegen.site.pages.reads import recording, value_at

__all__ = ["Digests", "RenderCache", "fingerprint"]

T = TypeVar("T")


def fingerprint(salt: bytes, inputs: Any) -> bytes | None:
    """A digest of `inputs`, or None when they cannot be serialized (then: always render)."""
    try:
        data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable value: no fingerprint, the output is rendered
        return None
    return hashlib.blake2b(data, key=salt, digest_size=20).digest()


_VALUES: frozenset[type] = frozenset({str, bytes, int, float, bool, type(None), frozenset, Decimal, dt.date})
_IMMUTABLE: dict[type, bool] = dict.fromkeys(_VALUES, True)


def _immutable(value: Any) -> bool:
    """A value that cannot change while it lives: frozen dataclasses and models, scalars (a tuple may
    hold a list: it is hashed again from its items' digests). Known per class, once."""
    cls = type(value)
    found = _IMMUTABLE.get(cls)
    if found is None:
        params = getattr(cls, "__dataclass_params__", None)
        config = getattr(cls, "model_config", None)
        found = _IMMUTABLE[cls] = bool(params.frozen) if params is not None else (
            isinstance(config, dict) and bool(config.get("frozen")))
    return found


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names (hashed field by field, so that the parts it shares with the
    last rebuild — a plan's kept goal results — are not hashed again); None for other types."""
    names = _FIELDS.get(cls, ())
    if names == ():
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
    return names


class Digests:
    """Digests of values, each distinct object hashed once (memoized by identity).

    Tuples and lists are hashed element by element, so a tuple of goal
    results shared with other pages costs one hash per goal. The memo holds
    the objects, so an id is never reused for another value while it lives.
    Given the `previous` rebuild's digests, an immutable object that is still
    used is not hashed again; only what this rebuild used is kept.
    """

    def __init__(self, previous: Digests | None = None) -> None:
        self._memo: dict[int, tuple[Any, bytes | None]] = {}
        self._previous = previous._memo if previous is not None else {}

    def of(self, value: Any) -> bytes | None:
        hit = self._memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        hit = self._previous.get(id(value))
        if hit is not None and hit[0] is value and _immutable(value):
            self._memo[id(value)] = hit
            return hit[1]
        cls = type(value)
        if cls in (tuple, list):
            digest = self._joined(cls.__name__.encode(), value)
        elif (names := _field_names(cls)) is not None:
            digest = self._joined(f"{cls.__module__}.{cls.__qualname__}".encode(), [getattr(value, name) for name in names])
        else:
            digest = fingerprint(b"", value)
        self._memo[id(value)] = (value, digest)
        return digest

    def _joined(self, label: bytes, items: Iterable[Any]) -> bytes | None:
        """One digest of `items`' digests: an item that is the very object of the last rebuild (a
        goal's result that `compute`'s memo kept) is not hashed again."""
        memo, parts = self._memo, []
        for item in items:  # the memo's hits inline: tuples of results are long
            hit = memo.get(id(item))
            parts.append(hit[1] if hit is not None and hit[0] is item else self.of(item))
        if None in parts:
            return None
        return hashlib.blake2b(label + b"".join(p for p in parts if p is not None), digest_size=20).digest()


class _FileDigests:
    """blake2b of each plan file's bytes, kept across rebuilds for the same bytes object."""

    def __init__(self) -> None:
        self._memo: dict[str, tuple[bytes, bytes]] = {}

    def of(self, files: Mapping[str, bytes]) -> dict[str, bytes]:
        memo = {}
        for rel, data in files.items():
            hit = self._memo.get(rel)
            memo[rel] = hit if hit is not None and hit[0] is data else (data, hashlib.blake2b(data).digest())
        self._memo = memo
        return {rel: digest for rel, (_, digest) in memo.items()}


def _identical(was: tuple, objects: tuple) -> bool:
    return len(was) == len(objects) and all(a is b for a, b in zip(was, objects, strict=True))


class RenderCache:
    """What the last rebuild rendered, by what it was rendered from (see the module)."""

    def __init__(self) -> None:
        # name or page path → (fingerprint, what was made); a page's fingerprint is a pair (see `page`)
        self._kept: dict[str, tuple[Any, ...]] = {}
        self._now: dict[str, tuple[Any, ...]] = {}
        self._digests = Digests()
        self._files = _FileDigests()
        self._contents: dict[str, bytes] = {}
        self._salt = b""
        self._nav: tuple[tuple[NavEntry, ...], tuple[NavNode, ...]] | None = None
        self._pruner: Any = None
        # name → (the objects, what was made from them, the names `same`/`equal` gave while it was made)
        self._same: dict[str, tuple[tuple, Any, tuple[str, ...]]] = {}
        self._same_now: dict[str, tuple[tuple, Any, tuple[str, ...]]] = {}
        self._taking: list[str] | None = None  # those names, while a `same` makes its value
        self._inner: list[str] | None = None  # names `made` while another `made` makes its result
        self.json_fragments: dict = {}  # plan.json's indented pieces (see `plan_json`)
        # a read of the scope → the digest of what it found, in the last build and in this one;
        # and whether it found the same in this build (see `page`)
        self._reads_kept: dict[Any, bytes | None] = {}
        self._reads_now: dict[Any, bytes | None] = {}
        self._verdicts: dict[Any, bool] = {}
        self.rendered: list[str] = []  # section pages rendered by the last build

    def forget(self) -> None:
        """Make everything again next time (a theme file changed)."""
        self._kept, self._nav, self._pruner, self.json_fragments = {}, None, None, {}
        self._reads_kept = {}
        self._same, self._same_now = {}, {}

    def start(self, environment: Any, files: Mapping[str, bytes] | None) -> None:
        """Begin one build: `environment` names what every output depends on (language,
        currency, theme); `files` (rel path → bytes) lets a section be hashed as its file."""
        self._salt = hashlib.blake2b(pickle.dumps(environment)).digest()[:32]
        self._digests = Digests(self._digests)
        self._contents = self._files.of(files) if files is not None else {}
        self._now, self.rendered = {}, []
        self._reads_now, self._verdicts = {}, {}

    def finish(self) -> None:
        """Keep only what this build used (a removed page's entry goes)."""
        self._kept, self._now = self._now, {}
        self._same, self._same_now = self._same_now, {}
        self._reads_kept, self._reads_now, self._verdicts = self._reads_now, {}, {}

    def last(self, name: str) -> Any:
        """What the last build made under `name` (None: nothing)."""
        found = self._kept.get(name)
        return None if found is None else found[1]

    def digest(self, value: Any) -> bytes | None:
        return self._digests.of(value)

    def file_digest(self, rel: str) -> bytes | None:
        return self._contents.get(rel)

    def _key(self, parts: Iterable[bytes | None]) -> bytes | None:
        parts = list(parts)
        if None in parts:
            return None
        return hashlib.blake2b(b"\0".join(p for p in parts if p is not None), key=self._salt,
                               digest_size=20).digest()

    def made(self, name: str, inputs: Any, make: Callable[[], T]) -> T:
        """`make()`, or what it made last time from equal `inputs`. What `make` itself took from
        the cache (one goal's part of the review page) is kept with it, for the next time
        `make` runs."""
        key = self._key([self._digests.of(inputs)])
        last = self._kept.get(name)
        if key is not None and last is not None and last[0] == key:
            self._keep(name)
            if self._inner is not None:
                self._inner.append(name)
            return last[1]
        outer, self._inner = self._inner, []
        try:
            result = make()
        finally:
            inner, self._inner = self._inner, outer
        self._now[name] = (key, result, tuple(inner))
        if outer is not None:
            outer.append(name)
        return result

    def _keep(self, name: str) -> None:
        """Keep `name`'s entry of the last build, and the entries its making took."""
        entry = self._now[name] = self._kept[name]
        for inner in entry[2]:
            if inner in self._kept:
                self._keep(inner)

    def same(self, name: str, objects: tuple, make: Callable[[], T]) -> T:
        """`make()`, or what it made last time while `objects` are the very objects of last time
        (a prose save keeps the computed plan and every unchanged section: nothing to hash).
        What `make` itself took through `same` and `equal` is kept with it, for the next time
        `make` runs (the link index, inside the scope)."""
        last = self._same.get(name)
        if last is None or not _identical(last[0], objects):
            outer, self._taking = self._taking, []
            try:
                made = make()
            finally:
                taken, self._taking = self._taking, outer
            last = (objects, made, tuple(taken))
        else:
            self._carry(last[2])
        self._give(name, last)
        return last[1]

    def equal(self, name: str, value: T) -> T:
        """`value`, or the equal object of last time (then known by identity, see `same`)."""
        last = self._same.get(name)
        if last is None or last[1] != value:
            last = ((), value, ())
        self._give(name, last)
        return last[1]

    def _give(self, name: str, entry: tuple[tuple, Any, tuple[str, ...]]) -> None:
        self._same_now[name] = self._same[name] = entry
        if self._taking is not None:
            self._taking.append(name)

    def _carry(self, names: tuple[str, ...]) -> None:
        """Keep the entries of `names` (taken while a kept value was made) for this build too."""
        for name in names:
            entry = self._same.get(name)
            if entry is not None:
                self._same_now[name] = entry
                self._carry(entry[2])

    def page(self, path: str, objects: tuple, key_parts: Callable[[], list[bytes | None]],
             render: Callable[[], tuple[T, tuple]], value_at: Callable[[Any], Any], listed: bool = True) -> T:
        """A section page: `render()` gives the page and what its context read (`reads`).

        The page is kept while it is made from the very `objects` of last time (the
        scope among them: nothing it reads can have moved), or else while its own
        inputs have the digests of last time (`key_parts()`: identical objects need
        no hashing) and each value its reads find now (`value_at(read)`) has the
        digest that read had in the last build. A read is looked up and hashed once
        per build however many pages made it, so a save that moves one goal costs
        each unchanged page a few dictionary lookups."""
        last = self._kept.get(path)
        if last is not None:
            (was, key), (output, reads) = last
            if key is not None and _identical(was, objects) and self._carried(reads):
                self._now[path] = last
                return output
            if key is not None and (_identical(was[:-1], objects[:-1]) or self._key(key_parts()) == key) \
                    and self._unchanged(reads, value_at):
                self._now[path] = ((objects, key), last[1])
                return output
        output, reads = render()
        if listed:  # a section page (`rendered`)
            self.rendered.append(path)
        key = self._key(key_parts()) if self._unchanged(reads, value_at, fresh=True) else None
        self._now[path] = ((objects, key), (output, reads))
        return output

    def reading(self, name: str, objects: tuple, key_parts: Callable[[], list[bytes | None]], scope: Any,
                make: Callable[[Any], T], listed: bool = True) -> T:
        """`make(scope)` through a stand-in that records what it reads of `scope`
        (`site.pages.reads`), kept as `page` keeps a page: while `objects` (or their digests,
        `key_parts()`) and what those reads find are those of last time."""
        def render() -> tuple[T, tuple]:
            recorder, reads = recording(scope)
            return make(recorder), tuple(dict.fromkeys(reads))

        return self.page(name, (*objects, scope), key_parts, render, partial(value_at, scope=scope), listed)

    def scoped(self, build: Any, name: str, make: Callable[[Any], T]) -> T:
        """`make(scope)` for a plan-wide output of `build` (a `SiteBuild`): made again only when what
        it read of the build's scope changed, or the site facts (`reading`)."""
        return self.reading(name, (build.site, build.env), lambda: [self.digest(build.site)], build.scope, make,
                            listed=False)

    def _carried(self, reads: tuple) -> bool:
        """The digests of `reads` taken into this build unchanged (the scope is the same object)."""
        kept, now = self._reads_kept, self._reads_now
        for read in reads:
            digest = kept.get(read)
            if digest is None:
                return False
            now[read] = digest
        return True

    def _unchanged(self, reads: tuple, value_at: Callable[[Any], Any], fresh: bool = False) -> bool:
        """Whether every read finds a value of the digest it had in the last build (`fresh`: the
        page was just rendered from these values: whether they could all be hashed)."""
        verdicts, unchanged = self._verdicts, True
        for read in reads:
            verdict = verdicts.get(read)
            if verdict is None:
                digest = self._reads_now[read] = self._digests.of(value_at(read))
                verdict = verdicts[read] = digest is not None and self._reads_kept.get(read) == digest
            unchanged = unchanged and (verdict or (fresh and self._reads_now[read] is not None))
        return unchanged

    def nav(self, entries: tuple[NavEntry, ...]) -> tuple[NavNode, ...]:
        """`build_nav(entries)`, the same tree again while the entries are equal."""
        if self._nav is None or self._nav[0] != entries:
            self._nav = (entries, build_nav(entries))
        return self._nav[1]

    def pruner(self, nav: tuple[NavNode, ...], make: Callable[[tuple[NavNode, ...]], T]) -> T:
        """`make(nav)`, the same pruner again while the tree is the same: its pruned trees are
        then the very objects of the last build, hashed once per session."""
        if self._pruner is None or self._pruner.nav is not nav:
            self._pruner = make(nav)
        return self._pruner
