"""Per-page input fingerprints: after a front-matter edit, re-render only the pages that changed.

A save that changes numbers, dates or titles changes the model, and the
model is recomputed from the whole plan (one target in `goals.md` moves
figures on many pages). Rendering every page again is what is slow, so each
section page's *inputs* — its section, its kind's display context (every
figure, table and chart it shows, computed from the new model), its
warnings, history and sidebar — are hashed, and only pages whose hash
differs from the last written site are rendered (Markdown and Jinja run for
those only). The calendar page and the ICS files are kept the same way, on
the inputs `calendar_inputs` names (`reuse`). The other plan-wide pages
(dashboard, history, plan.json) are few and always rendered; `update_site`
writes what differs.

Correct by construction rather than by a dependency map: a page is skipped
only when everything it is rendered from pickles to the same bytes. Inputs
that cannot be pickled make the page always render. When the set of pages
changes (a file added, removed or renamed, an id changed), every page is
rendered and stale files pruned, as in a full build.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

from sitegen.render.output import Output
from sitegen.render.site import SiteBuild, section_page

__all__ = ["PageFingerprints"]


def fingerprint(salt: bytes, inputs: Any) -> bytes | None:
    """A digest of `inputs`, or None when they cannot be serialized (then: always render)."""
    try:
        data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable value: no fingerprint, the page is rendered
        return None
    return hashlib.blake2b(data, key=salt, digest_size=20).digest()


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

    def forget(self) -> None:
        """Render every page next time (theme changed, or the last write failed)."""
        self.written, self.site_paths, self.kept = {}, None, {}

    def pages(self, diagnostics, environment: tuple) -> Callable[[SiteBuild], list[Output]]:
        """The `pages` hook for `build_outputs`: render the section pages whose inputs changed."""
        self._salt = hashlib.blake2b(pickle.dumps(environment)).digest()[:32]
        self._kept = {}

        def render(build: SiteBuild) -> list[Output]:
            salt = hashlib.blake2b(pickle.dumps((environment, sorted(build.pages.items())))).digest()[:32]
            self._pending, self._renders, outputs = {}, {}, []
            for section in build.sections:
                path, inputs, render_page = section_page(build, section, diagnostics)
                digest = fingerprint(salt, inputs)
                self._pending[path], self._renders[path] = digest, render_page
                if digest is None or self.written.get(path) != digest:
                    outputs.append(render_page())
            self.rendered = [output.path for output in outputs]
            return outputs

        return render

    def reuse(self, name: str, inputs: Any, make: Callable[[], list[Output]]) -> list[Output]:
        """The `reuse` hook for `build_outputs`: last time's outputs of `name` if its inputs are equal."""
        digest = fingerprint(self._salt, inputs)
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
