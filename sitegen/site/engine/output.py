"""The unit of rendering: one file of the site, as bytes at a site-relative path.

Rendering produces a stream of these and nothing else; only `sitegen.write`
turns them into files. Keeping output as plain data is what lets `build`,
`serve` (rewrite only what changed) and golden-tree tests share one renderer.
"""

from __future__ import annotations

from dataclasses import dataclass


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
