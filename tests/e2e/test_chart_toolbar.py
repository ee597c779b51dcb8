"""No button of a chart's toolbar can send the plan anywhere.

The site promises that no request leaves it, and its charts show real plan
numbers. Plotly's mode bar offers "Share chart…" (an upload of the figure to
Plotly's cloud), a logo linking to plotly.com and, in older bundles, "Edit in
Chart Studio"; box and lasso select only dim bars. Every chart on every page of
every example site is checked (from the shared crawl), and on a page with bar
charts every button is clicked while the browser records requests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .crawl import SiteCrawl
from .helpers import wait_for_charts

pytestmark = pytest.mark.e2e

# Titles of the buttons that upload or link out, in any Plotly version.
CLOUD_TITLE = re.compile(r"share|cloud|chart studio|edit in|plotly\.com|produced with", re.I)
SELECTING = {"select", "lasso"}


def _leaves(button: dict, site_url: str) -> str | None:
    """Why a mode bar button can leave the site (None when it acts in the page)."""
    if CLOUD_TITLE.search(button["title"]):
        return "a cloud or link-out button"
    href = button["href"]
    if href and urlsplit(href).netloc != urlsplit(site_url).netloc:
        return f"links to {href}"
    if button["attr"] == "dragmode" and button["val"] in SELECTING:
        return "box/lasso select"
    return None


def test_no_toolbar_button_on_any_chart_can_leave_the_site(built_site, crawl: SiteCrawl):
    assert crawl.charts, f"{built_site.name}: no page has a chart"
    bad, buttons = [], 0
    for rel, charts in crawl.charts.items():
        for chart in charts:
            toolbar = chart["toolbar"]
            buttons += len(toolbar["buttons"])
            if toolbar["server"]:
                bad.append(f"{rel}#{chart['id']}: Plotly may upload to {toolbar['server']}")
            for button in toolbar["buttons"]:
                if why := _leaves(button, built_site.url()):
                    bad.append(f"{rel}#{chart['id']}: {button['title']!r}: {why}")
    assert buttons, f"{built_site.name}: no chart has a toolbar (is the mode bar still drawn?)"
    assert not bad, f"{built_site.name}:\n" + "\n".join(sorted(set(bad)))


def _bar_chart_page(site) -> str:
    for rel in site.html_files:
        if '"type":"bar"' in site.path(rel).read_text(encoding="utf-8"):
            return rel
    raise AssertionError(f"{site.name}: no page draws a bar chart")


def test_clicking_every_toolbar_button_sends_no_request_out(built_sites, sites_base_url, page):
    site = built_sites["en"]
    assert not site.error, site.output
    url = f"{sites_base_url}en/{_bar_chart_page(site)}"
    popups: list[str] = []
    page.page.context.on("page", lambda p: popups.append(p.url))
    page.visit(url)
    wait_for_charts(page)
    figure = page.locator("figure.sg-chart").first
    count = figure.locator(".modebar-btn").count()
    assert count, "the first chart has no toolbar"
    for index in range(count):
        figure.locator(".sg-chart-plot").hover()
        button = figure.locator(".modebar-btn").nth(index)
        title = button.get_attribute("data-title")
        button.click()
        assert not page.locator(".plotly-cloud-dialog").count(), f"{title!r} offers an upload"
    page.wait_for_timeout(300)  # let a click's request (if any) reach the router
    assert not page.problems.external_requests, page.problems.external_requests
    assert not popups, f"a toolbar button opened {popups}"
    page.reset()
