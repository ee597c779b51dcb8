"""Section prose → safe HTML, with stable heading anchors and a table of contents.

Plan prose is written by many people and published as a site, so it is treated
as untrusted: raw HTML is escaped (never passed through) and links with
script-capable or local schemes are dropped. The parser is built once at import
time; rendering is a pure function of the text.

Heading ids keep letters of every script (`## Grupy klientów` → `grupy-klientów`,
`## 目标` → `目标`), so anchors are readable and stable across builds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

__all__ = ["Heading", "RenderedMarkdown", "render_markdown", "render_with_toc", "slugify"]

# Schemes that can run code or reach the reader's disk. Everything else
# (http, https, mailto, tel, relative paths, #fragments) is allowed.
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")

LinkResolver = Callable[[str], "str | None"]


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


def slugify(title: str) -> str:
    """Heading text → anchor id, keeping letters and digits of any script.

    NFC first so that a heading typed on macOS (decomposed accents) gets the
    same id as the same heading typed elsewhere. The id is never empty: an
    HTML id must have at least one character.
    """
    text = unicodedata.normalize("NFC", title).strip().lower()
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LNM" or char in "-_":
            kept.append(char)
        elif char.isspace():
            kept.append("-")
    slug = re.sub(r"-{2,}", "-", "".join(kept)).strip("-")
    return slug or "section"


def is_safe_url(url: str) -> bool:
    """False for links that could run script or read local files.

    Browsers ignore whitespace and control characters inside a scheme
    (`java\\tscript:`), so they are removed (after undoing the percent-encoding
    markdown-it applies) before the check.
    """
    compact = _INVISIBLE.sub("", unquote(url)).lower()
    return not _UNSAFE_SCHEME.match(compact)


def _build_parser() -> MarkdownIt:
    """CommonMark + tables, raw HTML off, anchors on h1–h6, strict link check."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=slugify)
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


_PARSER = _build_parser()


def _heading_text(inline: Token) -> str:
    return "".join(
        child.content for child in inline.children or () if child.type in ("text", "code_inline")
    )


def _table_of_contents(tokens: list[Token]) -> tuple[Heading, ...]:
    headings = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = str(token.attrGet("id") or "")
            headings.append(Heading(int(token.tag[1]), _heading_text(tokens[index + 1]), anchor))
    return tuple(headings)


def _rewrite_links(tokens: list[Token], resolve: LinkResolver) -> None:
    """Let the caller turn `other-section.md` links into site URLs."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                resolved = resolve(href)
                if resolved is not None:
                    child.attrSet("href", resolved)


_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _unload_remote_images(tokens: list[Token]) -> None:
    """An image from another host would make the site request outside itself:
    show it as a plain link (its alt text, or its address) instead."""
    for token in tokens:
        children = token.children
        if not children:
            continue
        for index, child in enumerate(children):
            src = str(child.attrGet("src") or "") if child.type == "image" else ""
            if src and _REMOTE.match(src):
                opening = Token("link_open", "a", 1, attrs={"href": src, "class": "sg-remote-image"})
                label = Token("text", "", 0, content=child.content or src)
                children[index : index + 1] = [opening, label, Token("link_close", "a", -1)]


def render_with_toc(text: str, resolve_link: LinkResolver | None = None) -> RenderedMarkdown:
    """Render prose and collect its headings.

    `resolve_link(href)` may return a replacement href (e.g. a relative URL of
    the section a `goals.md` link points to) or None to keep the link as written.
    """
    env: dict[str, object] = {}
    tokens = _PARSER.parse(text, env)
    _unload_remote_images(tokens)
    if resolve_link is not None:
        _rewrite_links(tokens, resolve_link)
    html = _PARSER.renderer.render(tokens, _PARSER.options, env)
    return RenderedMarkdown(html, _table_of_contents(tokens))


def render_markdown(text: str, resolve_link: LinkResolver | None = None) -> str:
    """Render prose to HTML (see `render_with_toc`)."""
    return render_with_toc(text, resolve_link).html
