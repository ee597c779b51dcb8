"""Per-page input fingerprints: after a front-matter edit, re-render only the pages that changed.

A save that changes numbers, dates or titles changes the model, and the
model is recomputed from the whole plan (one target in `goals.md` moves
figures on many pages). Rendering every page again is what is slow, so each
section page's *inputs* are hashed and only pages whose hash differs from
the last written site are rendered (figures, Markdown and Jinja run for
those only). A page's inputs (`site.section_page`): its section — hashed as
its file's bytes, from which loading and validating make it —, the parts of
the model its kind's context reads (`kinds.kind_inputs`: this funnel's
goals, the segment names, ...), its warnings, history and sidebar. Hashing
stays cheap because shared objects (the sidebar tree, the segment names,
each goal result) are hashed once per rebuild (`Digests`, by identity), and
unchanged files' bytes once per serve session. The calendar page and the
ICS files are kept the same way, on the inputs `calendar_inputs` names, and
the history pages on theirs (`reuse`). The dashboard and plan.json are
plan-wide and always made; `update_site` writes what differs.

A page is skipped only when everything it is rendered from pickles to the
same bytes; inputs that cannot be pickled make the page always render.
When the set of pages changes (a file added, removed or renamed, an id
changed), every page is rendered and stale files pruned, as in a full build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from sitegen.site.build import SiteBuild, section_page
from sitegen.site.engine.output import Output

__all__ = ["Digests", "PageFingerprints"]


def fingerprint(salt: bytes, inputs: Any) -> bytes | None:
    """A digest of `inputs`, or None when they cannot be serialized (then: always render)."""
    try:
        data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable value: no fingerprint, the page is rendered
        return None
    return hashlib.blake2b(data, key=salt, digest_size=20).digest()


_VALUES = frozenset({str, bytes, int, float, bool, type(None), frozenset, Decimal, dt.date})


def _immutable(value: Any) -> bool:
    """A value that cannot change while it lives: frozen dataclasses and models, scalars (a tuple may
    hold a list: it is hashed again from its items' digests)."""
    cls = type(value)
    if cls in _VALUES:
        return True
    params = getattr(cls, "__dataclass_params__", None)
    if params is not None:
        return bool(params.frozen)
    config = getattr(cls, "model_config", None)
    return isinstance(config, dict) and bool(config.get("frozen"))


class Digests:
    """Digests of values, each distinct object hashed once (memoized by identity).

    Tuples and lists are hashed element by element, so a tuple of goal
    results shared with other pages costs one hash per goal. The memo holds
    the objects, so an id is never reused for another value while it lives.
    Given the `previous` rebuild's digests, an immutable object that is still
    used (an unchanged goal's result: `compute_plan` reuses them, see
    `compute.memo`) is not hashed again; only what this rebuild used is kept.
    """

    def __init__(self, salt: bytes, previous: Digests | None = None) -> None:
        self.salt = salt
        self._memo: dict[int, tuple[Any, bytes | None]] = {}
        self._previous = previous._memo if previous is not None and previous.salt == salt else {}

    def of(self, value: Any) -> bytes | None:
        hit = self._memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        hit = self._previous.get(id(value))
        if hit is not None and hit[0] is value and _immutable(value):
            self._memo[id(value)] = hit
            return hit[1]
        if type(value) in (tuple, list):
            memo, parts = self._memo, []
            for item in value:  # the memo's hits inline: tuples of results are long
                hit = memo.get(id(item))
                parts.append(hit[1] if hit is not None and hit[0] is item else self.of(item))
            digest = None if None in parts else hashlib.blake2b(
                type(value).__name__.encode() + b"".join(parts), key=self.salt, digest_size=20).digest()
        else:
            digest = fingerprint(self.salt, value)
        self._memo[id(value)] = (value, digest)
        return digest


class FileDigests:
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


class PageFingerprints:
    """Section page path → input fingerprint of the page as last written to the site."""

    def __init__(self) -> None:
        self.written: dict[str, bytes | None] = {}
        self.site_paths: frozenset[str] | None = None  # every output path of the last site
        self._pending: dict[str, bytes | None] = {}
        self._renders: dict[str, Callable[[], Output]] = {}
        self._paths: frozenset[str] = frozenset()
        self.rendered: list[str] = []  # section pages rendered by the last rebuild
        self.kept: dict[str, tuple[bytes | None, list[Output]]] = {}  # reuse name → (fingerprint, outputs)
        self._kept: dict[str, tuple[bytes | None, list[Output]]] = {}
        self._salt = b""
        self._digests = Digests(b"")
        self._files = FileDigests()
        self._trees: dict[int, tuple[Any, bytes | None]] = {}  # id → (sidebar tree, digest)

    def forget(self) -> None:
        """Render every page next time (theme changed, or the last write failed)."""
        self.written, self.site_paths, self.kept = {}, None, {}

    def pages(self, diagnostics, environment: tuple,
              files: Mapping[str, bytes] | None = None) -> Callable[[SiteBuild], list[Output]]:
        """The `pages` hook for `build_outputs`: render the section pages whose inputs changed.

        `files` (rel path → bytes, the plan the analysis was made from) lets
        a section be hashed as its file; without it the section is pickled.
        """
        self._salt = hashlib.blake2b(pickle.dumps(environment)).digest()[:32]
        self._kept = {}
        # shared by the pages and `reuse` of this rebuild; what the last one hashed is known
        self._digests = digests = Digests(b"", self._digests)
        contents = self._files.of(files) if files is not None else {}

        def render(build: SiteBuild) -> list[Output]:
            salt = hashlib.blake2b(pickle.dumps((environment, sorted(build.pages.items())))).digest()[:32]
            warnings: dict[str, list] = defaultdict(list)
            for d in diagnostics:
                warnings[d.path].append(d)
            self._pending, self._renders, outputs = {}, {}, []
            trees, self._trees = self._trees, {}
            for section in build.sections:
                path, inputs, render_page = section_page(build, section, warnings=warnings.get(section.path, []))
                self._pending[path], self._renders[path] = self._digest(digests, salt, contents, inputs, trees), render_page
                if self._pending[path] is None or self.written.get(path) != self._pending[path]:
                    outputs.append(render_page())
            self.rendered = [output.path for output in outputs]
            return outputs

        return render

    def _digest(self, digests: Digests, salt: bytes, contents: Mapping[str, bytes], inputs: tuple,
                trees: dict[int, tuple[Any, bytes | None]]) -> bytes | None:
        section, history, warnings, changes, site, nav, kind = inputs
        content = contents.get(section.rel)
        own = digests.of(section) if content is None else content + section.rel.encode() + section.path.encode()
        parts = [own, digests.of(history), digests.of(warnings), digests.of(changes), digests.of(site),
                 self._tree(nav, trees), digests.of(kind)]
        if None in parts:
            return None
        return hashlib.blake2b(b"\0".join(parts), key=salt, digest_size=20).digest()

    def _tree(self, nav: Any, trees: dict[int, tuple[Any, bytes | None]]) -> bytes | None:
        """A page's sidebar tree, hashed once per serve session while the plan's tree stays equal.

        `prepare_site` hands out the same pruned-tree objects then, so they
        are remembered by identity from one rebuild to the next.
        """
        hit = self._trees.get(id(nav)) or trees.get(id(nav))
        if hit is None or hit[0] is not nav:
            hit = (nav, fingerprint(b"", nav))
        self._trees[id(nav)] = hit
        return hit[1]

    def key(self, value: Any) -> bytes | None:
        """A digest of `value` from this rebuild's memo (plan.json names its entries by it)."""
        return self._digests.of(value)

    def reuse(self, name: str, inputs: Any, make: Callable[[], list[Output]]) -> list[Output]:
        """The `reuse` hook for `build_outputs`: last time's outputs of `name` if its inputs are equal."""
        shared = self._digests.of(inputs)
        digest = None if shared is None else hashlib.blake2b(shared, key=self._salt, digest_size=20).digest()
        last = self.kept.get(name)
        outputs = last[1] if digest is not None and last is not None and last[0] == digest else make()
        self._kept[name] = (digest, outputs)
        return outputs

    def complete(self, outputs: list[Output]) -> tuple[list[Output], bool]:
        """`outputs` made whole when the site's set of files changed; True if stale files must go.

        Call after `build_outputs(..., pages=self.pages(...))`.
        """
        rendered = {output.path for output in outputs}
        self._paths = frozenset(rendered | self._pending.keys())
        if self._paths == self.site_paths:
            return outputs, False
        missing = [path for path in self._pending if path not in rendered]
        self.rendered += missing
        return outputs + [self._renders[path]() for path in missing], True

    def commit(self) -> None:
        """The site now holds the pages as last fingerprinted (call after a successful write)."""
        self.written, self.site_paths, self.kept = self._pending, self._paths, self._kept
        self._renders = {}
