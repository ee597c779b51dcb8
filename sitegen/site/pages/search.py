"""The site's search index, `search-index.js`: what the search box on every page looks in.

Every section is an entry, so is each of its headings (the text below it, the
link to its anchor) and each thing it names — goals, segments, products,
campaigns, territories, roles — with the anchor of its row or card
(`campaign-webinars`). The browser indexes these entries with MiniSearch
(vendored in the theme) when the box is first used; the words are split there,
by one tokenizer for every language (Chinese by character pairs).

The file assigns a global instead of being JSON so that it loads with a
`<script>` tag from `file://`, where pages cannot fetch. It is a pure function
of the plan: same plan, same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any

from sitegen.site.engine.markdown import render_markdown
from sitegen.site.engine.output import Output

__all__ = ["SEARCH_INDEX", "Entry", "Parts", "item_entries", "prose_entries", "prose_parts", "search_index_output", "section_rows"]

SEARCH_INDEX = "search-index.js"
_GLOBAL = "SITEGEN_SEARCH"
# Collections of a section's data whose items are found by name, and the kind each
# item's anchor on its page is named after (`goal-smb-2027`, as the theme writes it).
_ITEMS: dict[str, str] = {
    "goals": "goal", "segments": "segment", "products": "product", "packages": "product",
    "campaigns": "campaign", "territories": "territory", "team": "team", "competitors": "", "stages": "",
}  # fmt: skip  ("": shown in a table without anchors; the hit leads to the page)
# Fields that hold the plan's codes, not words for a reader: the format's own English values
# (a goal's metric and period, a campaign's type and plane) and ids of other items. A hit's
# line showed them as written ("revenue 2027-Q1 quarter mid-market" under a Chinese goal);
# they stay searchable as the item's keys.
_CODES = frozenset({"metric", "period", "type", "plane", "segment", "segments", "product", "funnel", "goal", "stage"})
_BLOCKS = frozenset({"p", "li", "td", "th", "blockquote", "pre", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One search hit: its title, the line under it (which section), where it leads, its
    words, and `keys` found but not shown (an item's id, as the plan's files name it)."""

    title: str
    where: str
    url: str
    text: str
    keys: str = ""


# The rendered prose is our own renderer's HTML: headings carry their ids as
# `<hN id="...">`, raw HTML in the plan is escaped. A block tag separates words,
# an inline one (`<em>`) does not; everything between tags is text.
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\bid="([^"]*)"[^>]*>(.*?)</h\1\s*>', re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|li|td|th|blockquote|pre|tr|br|h[1-6])\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _text(html: str) -> str:
    return _squeeze(unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", html))))


Parts = tuple[tuple[str, str, str], ...]


def prose_parts(html: str) -> Parts:
    """A section's rendered prose → its text, cut at each heading that has an id:
    ((heading, anchor, text), …), the text before the first heading first (with no heading).

    Only the text and the heading ids are read, so the prose of the section's own
    page (links to other sections resolved) gives what the bare Markdown gives."""
    pieces = _HEADING.split(html)  # text, (level, id, heading, text) per heading
    texts = _texts(pieces[0::4] + pieces[3::4])
    count = len(pieces) // 4
    headings, anchors = [""] + texts[count + 1:], ["", *map(unescape, pieces[2::4])]
    return tuple(zip(headings, anchors, texts[: count + 1], strict=True))


_APART = "\x00"  # never in the renderer's HTML: markdown-it turns NUL into U+FFFD


def _texts(pieces: list[str]) -> list[str]:
    """`_text` of each piece, with one pass of each pattern over them all: a page of 20,000
    headings called it 40,000 times (#15). Every `<` of the HTML starts a tag that ends
    before the piece does, so no tag spans two pieces."""
    joined = unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", _APART.join(pieces))))
    return [_squeeze(text) for text in joined.split(_APART)]


@lru_cache(maxsize=4096)  # `serve`: a front-matter save makes a new section with the same body
def _prose_parts(body: str) -> Parts:
    return prose_parts(render_markdown(body))


def prose_entries(title: str, page: str, body: str, parts: Parts | None = None) -> list[Entry]:
    """The section itself (its text before the first heading) and one entry per heading.

    `parts`: `prose_parts` of the page's prose when the caller has rendered it already."""
    lead, *headed = _prose_parts(body) if parts is None else parts
    text = lead[2]
    if not text and headed and headed[0][0] == title:  # prose opening with the title as a heading
        text = headed.pop(0)[2]
    entries = [Entry(title, "", page, text)]
    entries += [Entry(heading or title, title, f"{page}#{anchor}", words) for heading, anchor, words in headed]
    return entries


def _words(value: Any) -> Iterator[str]:
    """The text of an item's fields (names, descriptions, lists of needs…), not its numbers."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _words(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _words(item)


def item_entries(title: str, page: str, data: Any) -> list[Entry]:
    """Goals, segments, campaigns… of one section, each leading to its row or card."""
    entries = []
    fields = vars(data)  # a kind without `goals` (most): pydantic raises a slow AttributeError for each absent one
    for field, kind in _ITEMS.items():
        for item in fields.get(field) or ():
            dumped = item.model_dump() if hasattr(item, "model_dump") else {}
            item_id = dumped.get("id")
            name = dumped.get("name") or dumped.get("role") or item_id or ""
            anchor = f"#{kind}-{item_id}" if item_id and kind else ""
            shown = {key: value for key, value in dumped.items() if key not in ("id", "name", *_CODES)}
            codes = [value for key, value in dumped.items() if key in _CODES]
            text = _squeeze(" ".join(_words(shown)))
            keys = _squeeze(" ".join([str(item_id or ""), *_words(codes)]))
            entries.append(Entry(str(name), title, page + anchor, text, keys))
    return entries


def section_rows(section: Any, page: str, parts: Parts | None = None) -> bytes:
    """One section's entries as rows of the index's `docs`: JSON, comma-separated, as the
    file's bytes.

    `parts`: `prose_parts` of the section's page when the caller rendered it
    already. The index is these rows joined, so `serve` keeps each section's
    rows while the section is the same object and a save makes only the edited
    sections' rows again; the rows are kept encoded, so that a save does not
    encode (or scan) the other sections' text again (3.7 MB at 1,000 sections)."""
    entries = prose_entries(section.title, page, section.body, parts)
    entries += item_entries(section.title, page, section.data)
    return _script_text(_json([[e.title, e.where, e.url, e.text, e.keys] for e in entries])[1:-1])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _script_text(text: str) -> bytes:
    """JSON text as the file holds it: UTF-8, with U+2028/2029 escaped (line breaks to older
    JavaScript parsers, even inside strings)."""
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")


def search_index_output(rows: Iterable[bytes], language: str) -> Output:
    """`search-index.js`: `window.SITEGEN_SEARCH = {language, fields, docs}`, docs as rows
    (`section_rows` of every section, in the plan's order)."""
    head = _json({"language": language, "fields": ("title", "where", "url", "text", "keys"), "docs": []})
    start = _script_text(f"window.{_GLOBAL}={head[:-2]}")  # head ends with `[]}`
    return Output(SEARCH_INDEX, b"".join((start, b",".join(row for row in rows if row), b"]};\n")))
