"""A reader opens the plan from disk (file://) and searches it, in English, Polish and Chinese.

Type a word (Polish without its accents, Chinese without spaces), see the hit
with the word marked, follow it to the page it names; '/' reaches the box from
anywhere. The MiniSearch the theme ships is the one package.json pins.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.e2e

# What a reader of each example types, and what the marked hit then says.
QUERIES = {"en": ("webinar", "webinar"), "pl": ("budzet", "budżet"), "zh": ("拜访", "拜访")}
VENDORED = ROOT / "themes" / "default" / "static" / "vendor" / "minisearch.js"


def test_search_from_disk_finds_marks_and_follows(page, built_site):
    typed, shown = QUERIES[built_site.name]
    page.visit(built_site.path("index.html").resolve().as_uri())
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "sg-search-input"
    page.keyboard.type(typed)
    first = page.locator(".sg-search-results a").first
    first.wait_for()
    marks = [m.lower() for m in page.locator(".sg-search-results mark").all_inner_texts()]
    assert any(shown in m for m in marks), f"{typed!r}: no hit marks {shown!r} ({marks[:5]})"
    href = first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.sg-search-results') !== null")
    page.keyboard.press("Enter")
    target = unquote(href.split("#")[0]).lstrip("./")
    page.wait_for_url(lambda url: unquote(url).split("#")[0].endswith(target))
    assert shown in page.locator("main").inner_text().lower()
    page.assert_clean()


def test_search_says_when_nothing_matches(page, built_site):
    page.visit(built_site.url("index.html"))
    page.fill("#sg-search-input", "zzqxj")
    status = page.locator("#sg-search-status")
    status.wait_for()
    page.wait_for_function("document.getElementById('sg-search-status').textContent.includes('zzqxj')")
    assert page.locator(".sg-search-results a").count() == 0
    page.assert_clean()


def test_the_vendored_minisearch_is_the_pinned_package():
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["minisearch"]
    installed = ROOT / "node_modules" / "minisearch"
    assert installed.is_dir(), "node_modules has no minisearch: run ./scripts/test.sh (npm ci)"
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    assert (installed / "dist" / "umd" / "index.js").read_bytes() == VENDORED.read_bytes()
