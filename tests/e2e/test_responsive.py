"""A sales lead opens the plan on a phone (390 px) and on a wide desktop (1440 px).

Every page of the three example sites is measured at both widths during the
one crawl (crawl.py, `_LAYOUT_JS`): the page itself never scrolls sideways,
every table scrolls inside its own focusable region, and a table that does not
fit says so above it. The drawer is tried by hand on a phone.
"""

from __future__ import annotations

import pytest

from .crawl import LAYOUT_WIDTHS

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _per_page(crawl, key: str, width: int) -> dict[str, object]:
    found = {}
    for rel, report in crawl.pages.items():
        value = report.layout.get(width, {}).get(key)
        if value:
            found[rel] = value
    return found


@pytest.mark.parametrize("width", LAYOUT_WIDTHS)
def test_no_page_scrolls_sideways(built_site, crawl, width):
    measured = {rel: r.layout.get(width) for rel, r in crawl.pages.items()}
    assert all(measured.values()), f"pages not measured at {width} px: " + str(
        [rel for rel, m in measured.items() if not m]
    )
    wide = {rel: m["page"] for rel, m in measured.items() if m["page"] > m["inner"]}
    assert not wide, f"pages wider than the {width} px window (scrollWidth): {wide}"


@pytest.mark.parametrize("width", LAYOUT_WIDTHS)
def test_every_table_scrolls_in_its_own_labelled_region(built_site, crawl, width):
    assert not _per_page(crawl, "loose", width), "tables outside a scroll region"
    assert not _per_page(crawl, "unfocusable", width), "scroll regions keyboards cannot reach"
    assert not _per_page(crawl, "unhinted", width), "tables cut off without the sideways hint"


# Pages whose tables must fit a 1440 px window whole (issue #20: the campaigns table hid
# Expected leads, the territories table Reps needed — both last columns). Polish labels
# are longer: there the tables scroll with the hint (test above).
FIT_AT_1440 = {"en": ("campaigns/h1.html", "campaigns/h2.html", "execution/territories.html")}


def test_wide_desktop_shows_the_key_columns_without_scrolling(built_site, crawl):
    pages = FIT_AT_1440.get(built_site.name, ())
    assert set(pages) <= set(crawl.pages), "the pages this test names were not built"
    hidden = _per_page(crawl, "hidden", 1440)
    cut = {rel: hidden[rel] for rel in pages if rel in hidden}
    assert not cut, f"key columns need scrolling at 1440 px: {cut}"


def test_phone_navigation_is_a_drawer(browser, built_site):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(built_site.url("index.html"))
        toggle = page.locator(".sg-nav-toggle")
        nav = page.locator("#sg-nav")
        assert toggle.is_visible() and not nav.is_visible(), "the navigation fills the phone's first screen"
        assert toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == "sg-nav"

        toggle.click()
        assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        assert page.evaluate("document.getElementById('sg-nav').contains(document.activeElement)"), (
            "focus stays outside the opened drawer"
        )
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('sg-nav-toggle')")
        nav.wait_for(state="hidden")

        toggle.click()
        link = nav.locator("a.sg-nav-link").nth(1)
        target = link.get_attribute("href")
        link.click()
        page.wait_for_url(f"**/{target}")
        assert page.locator(".sg-nav-toggle").get_attribute("aria-expanded") == "false"
    finally:
        context.close()


def test_phone_navigation_without_scripts_is_a_plain_list(browser, built_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(built_site.url("index.html"))
        assert not page.locator(".sg-nav-toggle").is_visible()
        assert page.locator("#sg-nav a.sg-nav-link").first.is_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    finally:
        context.close()
