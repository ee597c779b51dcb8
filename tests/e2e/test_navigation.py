"""Finding one's way through the plan in a real browser.

A reader starts on the dashboard and clicks through the sidebar: every
section is reachable, folder groups open when clicked, and the page they land
on is the one the sidebar marks as current (`aria-current="page"`). A sales
lead who sees a warning on the dashboard follows its link to the section
that causes it, and finds the same warning there.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e

NAV_LINKS = "#sg-nav a.sg-nav-link"

# Absolute URLs of the links matching a selector (the browser resolves them).
_HREFS_JS = "(sel) => [...document.querySelectorAll(sel)].map(a => a.href)"

# Marks the sidebar link to `url` and returns how many closed groups hide it.
_MARK_LINK_JS = """(url) => {
  document.querySelectorAll('[data-e2e-target]').forEach(e => e.removeAttribute('data-e2e-target'));
  const link = [...document.querySelectorAll('#sg-nav a.sg-nav-link')].find(a => a.href === url);
  if (!link) return -1;
  link.setAttribute('data-e2e-target', '');
  let closed = 0;
  for (let d = link.closest('details'); d; d = d.parentElement.closest('details')) {
    if (!d.open) closed++;
  }
  return closed;
}"""

_CURRENT_JS = (
    """() => [...document.querySelectorAll('#sg-nav [aria-current="page"]')].map(a => a.href)"""
)


def _open_groups_to(page, url: str) -> None:
    """Open the closed sidebar groups around the link to `url`, outermost first, by clicking."""
    closed = page.evaluate(_MARK_LINK_JS, url)
    assert closed >= 0, f"{page.url}: the sidebar has no link to {url}"
    for _ in range(closed):
        group = page.locator(
            "#sg-nav details.sg-nav-group:not([open]):has([data-e2e-target])"
        ).first
        group.locator(":scope > summary").click()
    assert page.locator("[data-e2e-target]").is_visible()


def test_clicking_through_the_sidebar_reaches_every_section(page, built_site):
    page.visit(built_site.url("index.html"))
    targets = list(dict.fromkeys(page.evaluate(_HREFS_JS, NAV_LINKS)))
    sections = page.evaluate(_HREFS_JS, ".sg-overview a")
    assert sections, "the dashboard's sections table is empty"
    missing = [u for u in sections if u not in targets]
    assert not missing, f"sections the sidebar does not link: {missing}"

    # The board pack holds every section's charts: it is checked by test_board_pack_pdf.py and
    # the crawl; here only that the sidebar links it (loading it would triple this test's time).
    board_pack = [u for u in targets if u.endswith("/report.html")]
    assert board_pack, "the sidebar does not link the board pack"
    for url in (u for u in targets if u not in board_pack):
        _open_groups_to(page, url)
        page.locator("[data-e2e-target]").click()
        page.wait_for_url(url)
        page.wait_for_load_state("load")
        assert page.evaluate(_CURRENT_JS) == [url], f"{url}: the sidebar does not mark it current"
        current = page.locator(f'{NAV_LINKS}[aria-current="page"]')
        assert current.is_visible(), f"{url}: its group is not open on its own page"
        assert page.locator("h1.sg-section-title").count() == 1, f"{url}: no page title, or more than one"
        assert page.title().strip(), f"{url}: empty <title>"
    page.assert_clean()


def test_brand_link_leads_back_to_the_dashboard(page, built_site):
    page.visit(built_site.url(built_site.html_files[-1]))
    page.click(".sg-brand-title")
    page.wait_for_url(built_site.url("index.html"))
    assert page.locator("body.sg-dashboard").count() == 1
    page.assert_clean()


def test_skip_link_moves_focus_to_the_content(page, built_site):
    page.visit(built_site.url("index.html"))
    page.keyboard.press("Tab")
    skip = page.locator(".sg-skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible(), "the skip link stays invisible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "sg-main"
    page.assert_clean()


def test_dashboard_warnings_link_to_the_section_that_causes_them(page, built_site):
    plan = json.loads(built_site.path("plan.json").read_text(encoding="utf-8"))
    warnings = [d for d in plan["diagnostics"] if d["severity"] == "warning"]
    page.visit(built_site.url("index.html"))
    items = page.locator("#sg-warnings .sg-diag")
    assert items.count() == len(warnings)
    if not warnings:
        assert page.locator("#sg-warnings .sg-diag-none").is_visible()
        page.assert_clean()
        return

    dashboard = page.url
    for i, diag in enumerate(warnings):
        where = f"{diag['path']}:{diag['line']}:{diag['column']}"
        link = page.locator("#sg-warnings .sg-diag-location a").nth(i)
        assert link.inner_text().strip() == where
        link.click()
        page.wait_for_load_state("load")
        assert page.url != dashboard, f"{where}: the link did not leave the dashboard"
        here = page.locator(".sg-section-warnings .sg-diag-location")
        assert where in [t.strip() for t in here.all_inner_texts()], (
            f"{where}: {page.url} does not show this warning"
        )
        assert page.evaluate(_CURRENT_JS) == [page.url.split("#")[0]]
        page.go_back()
        page.wait_for_url(dashboard)
    page.assert_clean()
