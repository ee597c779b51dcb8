"""The unit of rendering: one file of the site, as bytes at a site-relative path.

Rendering produces a flat list of these and nothing else; only `sitegen.write`
turns them into files. Keeping output as plain data is what lets `build`,
`serve` (rewrite only what changed) and golden-tree tests share one renderer.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, init=False, eq=False)
class Output:
    """One file of the generated site.

    `path` is POSIX-style and relative to the site root (`strategy/goals.html`,
    `assets/sitegen.css`); it may contain any Unicode letters. `content` is
    the file's bytes.

    A large build holds every page in memory until the site is written (a
    5,000-section site is ~250 MB of HTML, most of it the repeated sidebar),
    so pages rendered by worker processes travel and wait `packed`:
    zlib-compressed, about a tenth of the size, expanded once when written.
    """

    path: str
    _data: bytes
    _packed: bool

    def __init__(self, path: str, content: bytes, *, _packed: bool = False) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "_data", content)
        object.__setattr__(self, "_packed", _packed)

    @property
    def content(self) -> bytes:
        return zlib.decompress(self._data) if self._packed else self._data

    def packed(self) -> Output:
        """The same file, compressed in memory (fast level: this is about memory, not disk)."""
        if self._packed or len(self._data) < 4096:
            return self
        return Output(self.path, zlib.compress(self._data, 1), _packed=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Output):
            return NotImplemented
        return self.path == other.path and self.content == other.content

    def __hash__(self) -> int:
        return hash((self.path, self.content))

    def __repr__(self) -> str:
        return f"Output({self.path!r}, <{len(self.content)} bytes>)"

    def __reduce__(self):  # pickled packed as it is, for the trip from a worker
        return (_unpickle, (self.path, self._data, self._packed))

    @classmethod
    def text(cls, path: str, text: str) -> Output:
        """Build an output from text; the site is UTF-8 with LF line endings throughout."""
        return cls(path, text.encode("utf-8"))


def _unpickle(path: str, data: bytes, packed: bool) -> Output:
    return Output(path, data, _packed=packed)
