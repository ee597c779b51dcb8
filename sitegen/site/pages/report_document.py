"""Pages joined into one document: their ids kept apart, their links kept inside.

The board pack (`report.html`) holds every section page's article one after
another. Each page was written to stand alone: two funnel sections both draw
`sg-funnel-1`, two Markdown files both have an "Overview" heading, and a goal
links to `enterprise-sales.html#stages`. In one document those ids would
clash and those links would leave it (a printed PDF cannot follow them).

`in_document(html, prefix, anchors, base)` rewrites the start tags of one
page's fragment, rendered as the page at `base` (its links relative to it):
every id and every attribute that names an id gets the page's prefix, a link
to a page that is in the document becomes a link to that page's place in it,
and every other relative link or image source is made relative to the
document, which lies at the site's root. All other text is copied unchanged.

The fragment is this renderer's own output, which is what lets its start tags
be found by a pattern: the templates escape every attribute value and every
`<` and `"` of text (Jinja's autoescape, the Markdown renderer), and chart
data in `<script>` is JSON with `<` escaped (`json_script`), so each `<` that
starts a name is a tag and each `name="` inside one is an attribute. (The
standard library's HTMLParser gives the same result —
tests/test_board_pack.py holds the two together on the example plans — but
took half a minute on a 1,000-section plan.)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from html import escape, unescape
from urllib.parse import quote, unquote

__all__ = ["fragment_href", "in_document"]

# Attributes holding one id or a space-separated list of ids.
_ID_LISTS = frozenset({"for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "headers", "list"})
_NAMES = "id|href|src|for|aria-[a-z]+|headers|list"
# A start tag holding an attribute that `in_document` may change: the pattern passes over every
# other tag (most of them: `<p>`, `<td>`, `<li class="...">`) without calling back into Python.
_TAG = re.compile(rf'<[a-zA-Z][^<>]*?\s(?:{_NAMES})="[^<>]*>')
_ATTRIBUTE = re.compile(rf'(?<=\s)({_NAMES})="([^"]*)"')
# An id or fragment of letters, digits and `-._~/` only (every heading anchor of ASCII text):
# unescaping, percent-encoding and escaping leave it as it is, so it takes the prefix as it stands.
_PLAIN = re.compile(r"[A-Za-z0-9._~/-]+")
_ELSEWHERE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|/)")  # another site, mailto:, data:, an absolute path


def fragment_href(anchor: str) -> str:
    """`#anchor`, percent-encoded like every other href of the site."""
    return "#" + quote(anchor, safe="/-._~")


def in_document(html: str, prefix: str, anchors: Mapping[str, str], base: str) -> str:
    """`html` (the fragment of the page at site path `base`, links relative to it) with its
    ids prefixed by `prefix`, its links to the pages of `anchors` (site path → the id that
    page has in the document) pointing there — `goals.html#x` → `#<anchor of goals.html>-x`
    — and its other relative links made relative to the site's root."""
    folder = posixpath.dirname(base)

    def own(fragment: str) -> str:
        return f"{prefix}-{fragment}"

    def rebased(path: str) -> str:
        return posixpath.normpath(posixpath.join(folder, unquote(path))) if path else base

    def href(value: str) -> str:
        if value.startswith("#"):
            return fragment_href(own(unquote(value[1:]))) if len(value) > 1 else value
        if _ELSEWHERE.match(value):
            return value
        path, hash_, fragment = value.partition("#")
        target = rebased(path)
        anchor = anchors.get(target)
        if anchor is None:
            return quote(target, safe="/") + hash_ + fragment
        return fragment_href(f"{anchor}-{unquote(fragment)}" if fragment else anchor)

    def attribute(match: re.Match[str]) -> str:
        name, written = match[1], match[2]
        if name == "id" and _PLAIN.fullmatch(written):  # a page of 20,000 headings: no lookups
            return f'id="{plain_id}-{written}"'
        if name == "href" and written.startswith("#") and _PLAIN.fullmatch(written, 1):
            return f'href="#{plain_fragment}-{written[1:]}"'
        text = match[0]
        found = done.get(text)
        if found is None:  # a page repeats its links (a table's rows, the contents): each is worked out once
            found = done[text] = rewritten(match[1], unescape(match[2]), text)
        return found

    def rewritten(name: str, written: str, text: str) -> str:
        if name == "id":
            value = own(written)
        elif name == "href":
            value = href(written)
        elif name == "src":
            value = written if _ELSEWHERE.match(written) else quote(rebased(written), safe="/")
        elif name in _ID_LISTS:
            value = " ".join(own(v) for v in written.split())
        else:
            value = written
        return text if value == written else f'{name}="{escape(value, quote=True)}"'

    def tag(match: re.Match[str]) -> str:
        return _ATTRIBUTE.sub(attribute, match[0])

    done: dict[str, str] = {}  # `name="value"` as written → as in the document
    plain_id, plain_fragment = escape(prefix, quote=True), fragment_href(prefix)[1:]
    return _TAG.sub(tag, html)
