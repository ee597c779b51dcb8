"""The plan's prose as CommonMark: one parser, for the links `check` reads and the HTML the site shows.

Check and render must agree on what a body's links are (a `.md` in a code span
is no link to either), so both read the body with this one configuration:
CommonMark plus tables, raw HTML left out (it stays text and is escaped).

The parser is markdown-it-pyrs, the Rust port of markdown-it by the authors of
markdown-it-py: the same rules and HTML, about fourteen times faster to render
and seven times faster to read links with (benchmarks/README.md, "Markdown
parser" and "Links between sections"). Version 0.4 panics on some text with an
unclosed code span after a `[` (its code-span cache is read out of bounds) and
prints the panic on the process's stderr. Such a body is recognised before the
call (`may_panic_native`) and read by markdown-it-py instead — same rules, same
HTML — so the author's terminal stays clean without touching the process's file
descriptors (serve's other threads keep theirs).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it_pyrs import MarkdownIt as NativeMarkdownIt

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["Link", "links", "may_panic_native", "to_html"]

# CommonMark block and inline rules plus tables; `html_block`/`html_inline`
# are left out, so raw HTML stays text and is escaped.
_RULES = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
    "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image",
    "link", "newline", "table",
]  # fmt: skip
# the stub types `names` as a list of its plugin-name Literal; these are plain strings
_PARSER = NativeMarkdownIt("zero").enable_many(_RULES)  # type: ignore[arg-type]

Link = tuple[str, int, int]
"""A link's destination (as the renderer writes it in `href`) and where it is written: the
UTF-8 byte offsets of the link in the body, or of its block's lines when the body was read
by markdown-it-py (which keeps lines, not columns)."""


@lru_cache(maxsize=1)
def _reference_parser() -> MarkdownIt:
    """markdown-it-py, for the bodies the native parser cannot take (built on first need)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


_BACKTICKS = re.compile(r"`+")
_STRETCH_ENDS = re.compile(r"[|()]")


def _unpaired(lengths: list[int]) -> bool:
    """Whether a run of backticks finds no later run of its length (CommonMark pairs them so)."""
    i = 0
    while i < len(lengths):
        try:
            i = lengths.index(lengths[i], i + 1) + 1
        except ValueError:
            return True
    return False


def may_panic_native(text: str) -> bool:
    """True for every body with an unclosed code span and a `[` (what panics markdown-it-pyrs
    0.4), and for some others: runs are paired only within a stretch of a line between
    `|`, `(` and `)` (a table cell, a link destination may take a backtick), so a code
    span over two lines counts as unclosed. Those bodies go to markdown-it-py, which
    reads them the same, so a false alarm costs only speed. Lines without a backtick
    are passed over by `str.split` and `in`, in C."""
    if "`" not in text or "[" not in text:
        return False
    for line in text.split("\n"):
        if "`" in line:
            for stretch in _STRETCH_ENDS.split(line):
                if "`" in stretch and _unpaired([len(run) for run in _BACKTICKS.findall(stretch)]):
                    return True
    return False


def _is_panic(error: BaseException) -> bool:
    """pyo3's PanicException (a BaseException): a body `may_panic_native` did not foresee,
    whose panic Rust printed on stderr."""
    return type(error).__name__ == "PanicException"


def to_html(text: str) -> str:
    """CommonMark + tables → HTML; raw HTML escaped."""
    if not may_panic_native(text):
        try:
            return _PARSER.render(text)
        except BaseException as error:
            if not _is_panic(error):
                raise
    return _reference_parser().render(text)


def links(text: str) -> list[Link]:
    """Every link of `text` (inline, reference, in tables and headings; none in code), in
    document order. Images are no links."""
    if not may_panic_native(text):
        try:
            tree = _PARSER.tree(text)
        except BaseException as error:
            if not _is_panic(error):
                raise
        else:
            return [(str(node.meta["url"]), *node.srcmap) for node in tree.walk() if node.name == "link"
                    and node.srcmap is not None]
    return _reference_links(text)


def _reference_links(text: str) -> list[Link]:
    """`links` by markdown-it-py: each link placed at the lines of the block it is in."""
    starts = [0]
    for line in text.encode("utf-8").split(b"\n"):
        starts.append(starts[-1] + len(line) + 1)
    found: list[Link] = []
    for token in _reference_parser().parse(text):
        for child in token.children or ():
            if child.type == "link_open" and token.map:
                first, last = token.map
                found.append((str(child.attrs.get("href", "")), starts[first], starts[min(last, len(starts) - 1)]))
    return found

