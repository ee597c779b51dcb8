"""Section prose → safe HTML, with stable heading anchors and a table of contents.

Plan prose is written by many people and published as a site, so it is treated
as untrusted: raw HTML is escaped (never passed through) and links with
script-capable or local schemes are dropped. Rendering is a pure function of
the text.

The parser (`sitegen.commonmark`, shared with `check`, which reads the same
links) is markdown-it-pyrs, the Rust port of markdown-it. It renders straight to
HTML; the few site rules below are applied to that HTML, whose tags both
parsers write in one fixed form (`<a href="…">`, `<img src="…" alt="…" />`,
`<hN>`), so the patterns are exact, not guesses at arbitrary HTML.

Why the Rust parser, and why its HTML is post-processed: markdown-it-pyrs
renders in Rust and has no render rules (its `Node` tree cannot be rendered
back), and markdown-it-py, which has them, renders the 1,000-section
benchmark's prose in 1.9 s instead of 0.14 s — more than the whole CPU of a
1,000-page prose build today (benchmarks/README.md, "Markdown parser").

Heading ids keep letters of every script (`## Grupy klientów` → `grupy-klientów`,
`## 目标` → `目标`), so anchors are readable and stable across builds.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from sitegen.commonmark import to_html

__all__ = ["Heading", "RenderedMarkdown", "render_markdown", "render_with_toc", "slugify"]

# Schemes that can run code or reach the reader's disk. Everything else
# (http, https, mailto, tel, relative paths, #fragments) is allowed.
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")

_IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"((?: title="[^"]*")?) />')
_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)

LinkResolver = Callable[[str], "str | None"]

# `slugify` for ASCII text: letters, digits, `-` and `_` kept, whitespace → `-`, the rest dropped
_ASCII_SLUG = {
    code: (chr(code) if chr(code).isalnum() or chr(code) in "-_" else "-" if chr(code).isspace() else None)
    for code in range(128)
}
_DASHES = re.compile(r"-{2,}")


@dataclass(frozen=True, slots=True)
class Heading:
    """One entry of a page's table of contents."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    """HTML of a section body and the headings found in it, in document order."""

    html: str
    toc: tuple[Heading, ...]


@lru_cache(maxsize=8192)  # pure; the same headings recur on many pages
def slugify(title: str) -> str:
    """Heading text → anchor id, keeping letters and digits of any script.

    NFC first so that a heading typed on macOS (decomposed accents) gets the
    same id as the same heading typed elsewhere. The id is never empty: an
    HTML id must have at least one character.
    """
    if title.isascii():  # most headings: the same rule by a translation table
        slug = _DASHES.sub("-", title.strip().lower().translate(_ASCII_SLUG)).strip("-")
        return slug or "section"
    text = unicodedata.normalize("NFC", title).strip().lower()
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LNM" or char in "-_":
            kept.append(char)
        elif char.isspace():
            kept.append("-")
    slug = _DASHES.sub("-", "".join(kept)).strip("-")
    return slug or "section"


def is_safe_url(url: str) -> bool:
    """False for links that could run script or read local files.

    Browsers ignore whitespace and control characters inside a scheme
    (`java\\tscript:`), so they are removed (after undoing the percent-encoding
    the parser applies) before the check.
    """
    compact = _INVISIBLE.sub("", unquote(url)).lower()
    return not _UNSAFE_SCHEME.match(compact)


def _attribute(value: str) -> str:
    return html.escape(value, quote=True).replace("&#x27;", "'")


def _image(match: re.Match[str]) -> str:
    """An unsafe image shows its alt text; one from another host would make the
    site request outside itself, so it becomes a plain link (alt text, or its
    address) instead."""
    src, alt = html.unescape(match[1]), match[2]
    if not is_safe_url(src):
        return alt
    if _REMOTE.match(src):
        return f'<a href="{match[1]}" class="sg-remote-image">{alt or match[1]}</a>'
    return match[0]


def _links(resolve: LinkResolver | None) -> Callable[[re.Match[str]], str]:
    """Unsafe links keep only their text; the caller may turn `other-section.md`
    links into site URLs."""

    def link(match: re.Match[str]) -> str:
        href = html.unescape(match[1])
        if not is_safe_url(href):
            return match[3]
        resolved = resolve(href) if resolve is not None else None
        if resolved is None:
            return match[0]
        return f'<a href="{_attribute(resolved)}"{match[2]}>{match[3]}</a>'

    return link


def _anchors(body: str, toc: list[Heading]) -> str:
    """Give every heading a unique id (`-1`, `-2` … on repeats) and list it.

    The smallest free suffix is searched from the last one a slug took (the
    ones below it stay taken), so 20,000 equal headings cost linear time.
    """
    taken: set[str] = set()
    last_repeat: dict[str, int] = {}

    def heading(match: re.Match[str]) -> str:
        text = html.unescape(_TAGS.sub("", match[2]))
        slug = anchor = slugify(text)
        repeat = last_repeat.get(slug, 0)
        if repeat:
            anchor = f"{slug}-{repeat}"
        while anchor in taken:
            repeat += 1
            anchor = f"{slug}-{repeat}"
        last_repeat[slug] = repeat
        taken.add(anchor)
        toc.append(Heading(int(match[1]), text, anchor))
        return f'<h{match[1]} id="{anchor}">{match[2]}</h{match[1]}>'

    return _HEADING.sub(heading, body)


def render_with_toc(text: str, resolve_link: LinkResolver | None = None) -> RenderedMarkdown:
    """Render prose and collect its headings.

    `resolve_link(href)` may return a replacement href (e.g. a relative URL of
    the section a `goals.md` link points to) or None to keep the link as written.
    """
    body = to_html(text)
    if "<img " in body:
        body = _IMAGE.sub(_image, body)
    if "<a " in body:
        body = _LINK.sub(_links(resolve_link), body)
    toc: list[Heading] = []
    if "<h" in body:
        body = _anchors(body, toc)
    return RenderedMarkdown(body, tuple(toc))


def render_markdown(text: str, resolve_link: LinkResolver | None = None) -> str:
    """Render prose to HTML (see `render_with_toc`)."""
    return render_with_toc(text, resolve_link).html
