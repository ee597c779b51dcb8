"""The unit of rendering: one file of the site, as bytes at a site-relative path.

Rendering produces a stream of these and nothing else; only `sitegen.write`
turns them into files. Keeping output as plain data is what lets `build`,
`serve` (rewrite only what changed) and golden-tree tests share one renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitegen.compute.frozen import Later


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the generated site.

    `path` is POSIX-style and relative to the site root (`strategy/goals.html`,
    `assets/sitegen.css`); it may contain any Unicode letters. `content` is
    the file's bytes.
    """

    path: str
    content: bytes

    def __repr__(self) -> str:
        return f"Output({self.path!r}, <{len(self.content)} bytes>)"

    @classmethod
    def text(cls, path: str, text: str) -> Output:
        """Build an output from text; the site is UTF-8 with LF line endings throughout."""
        return cls(path, text.encode("utf-8"))


class Deferred:
    """A file whose bytes are made when first read (`content`), for an output that is costly to
    make and seldom looked at: the board pack, every section in one 15 MB page. `sitegen build`
    reads it at once like any other output; `serve` writes it after the reload went out, or
    when a browser asks for it (`Rebuilder.write_deferred`), so a save does not wait for it.
    The bytes are the same either way: `make` holds everything they are made from."""

    __slots__ = ("_bytes", "path")

    def __init__(self, path: str, make: Callable[[], bytes]) -> None:
        self.path = path
        self._bytes = Later(make)  # once made, what it was made from may go

    def __repr__(self) -> str:
        return f"Deferred({self.path!r}, {'made' if self.made else 'not made yet'})"

    @property
    def made(self) -> bool:
        return self._bytes.made

    @property
    def content(self) -> bytes:
        return self._bytes.value
