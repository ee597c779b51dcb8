"""One crawl of a built site that every crawl-based check reads.

Loading a page is the expensive part of the browser suite (Plotly alone is
several MB of script), so each page of a site is loaded ONCE over HTTP and
once from file://, and everything the tests want is recorded during that
visit: problems (console/page errors, failed and external requests), what
every chart drew and its data table says, axe's serious/critical violations,
and screenshots of index.html, a funnel page and calendar.html. The tests in
test_sites.py and test_charts.py then only read these results, so each
failure still names its page.

`crawl_sites` does it for every site in a process of its own (its own
Playwright and Chromium), started by conftest.py as soon as the sites are
built: the crawl then runs on one core while the interactive tests run on the
other, instead of after them.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .helpers import (
    CONTEXT_OPTIONS,
    PageProblems,
    StaticServer,
    axe_check,
    chart_reports,
    launch_browser,
    new_recording_page,
    screenshot,
    wait_for_charts,
)

if TYPE_CHECKING:
    from .conftest import BuiltSite

# A drawn funnel: a Plotly trace of type "funnel" in a page's chart figure JSON.
_FUNNEL_CHART = re.compile(r'"type"\s*:\s*"funnel"')
_CHART_MARK = re.compile(r'<figure class="sg-chart"')
_TILE_MARK = re.compile(r'<figure class="sg-chart-tile')  # a big number in a chart's place: nothing to draw

# The widths a phone and a wide desktop show (issue #20): every page is measured at each.
LAYOUT_WIDTHS = (390, 1440)

# After a resize: Plotly redrawn at the new width, then what a reader would see.
# `page` = how far the page itself scrolls sideways; `loose` = tables NOT inside a
# region that scrolls them; `hidden` = tables whose last column is cut at this width
# (a class name and the last column's header, so a test can say which).
_LAYOUT_JS = """async () => {
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  if (window.Plotly && plots.length) await Promise.all(plots.map(p => window.Plotly.Plots.resize(p)));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const tables = Array.from(document.querySelectorAll('table')).filter(t => t.offsetParent);
  const scroller = t => { for (let a = t.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return a; } return null; };
  const label = t => (t.closest('[class*="sg-"][class*="-table"], .sg-card, section')?.className || '') + ' | ' +
      (t.querySelector('thead th:last-child, tr th:last-child')?.textContent.trim() || '');
  return {
    page: document.scrollingElement.scrollWidth, inner: window.innerWidth,
    loose: tables.filter(t => !scroller(t)).map(label),
    hidden: tables.filter(t => { const s = scroller(t); return s && s.scrollWidth > s.clientWidth + 1; }).map(label),
    unhinted: tables.filter(t => { const s = scroller(t); return s && s.scrollWidth > s.clientWidth + 1 &&
      !(s.previousElementSibling && s.previousElementSibling.matches('.sg-table-hint:not([hidden])')); }).map(label),
    unfocusable: tables.filter(t => { const s = scroller(t); return s && s.tabIndex < 0; }).map(label),
  };
}"""


def funnel_page(site: BuiltSite) -> str | None:
    """The first page that really draws a funnel chart (a folder named "funnels" may not),
    other than the board pack, which holds every page's charts."""
    for rel in site.html_files:
        if rel == "report.html":
            continue
        if _FUNNEL_CHART.search(site.path(rel).read_text(encoding="utf-8", errors="replace")):
            return rel
    return None


@dataclass
class PageReport:
    """What one page showed: over HTTP (sub-path) and opened from disk (file://)."""

    problems: PageProblems
    axe: list[dict]
    file_problems: PageProblems = field(default_factory=PageProblems)
    # What the page showed at each of LAYOUT_WIDTHS (see _LAYOUT_JS).
    layout: dict[int, dict] = field(default_factory=dict)


@dataclass
class SiteCrawl:
    pages: dict[str, PageReport] = field(default_factory=dict)
    screenshots: dict[str, Path] = field(default_factory=dict)
    # Pages holding charts (or big numbers in their place): Plotly figures in the HTML file, and the
    # browser's report per chart and tile.
    chart_counts: dict[str, int] = field(default_factory=dict)
    charts: dict[str, list[dict]] = field(default_factory=dict)


def _crashed(page: Any, exc: Exception) -> PageProblems:
    """A page that hangs or crashes the tab: its problems, plus the crawler's own error."""
    problems = page.reset()
    problems.page_errors.append(f"crawler: {type(exc).__name__}: {exc}")
    return problems


def crawl_site(site: BuiltSite, context: Any, disk_context: Any) -> SiteCrawl:
    """Visit every page of `site` once over HTTP and once from file://; see the module doc.

    The file:// tab lives in a context (a window) of its own: two tabs of one
    window leave one in the background, where Chromium runs animation frames
    about once a second and every measurement at a new width waited for them."""
    crawl = SiteCrawl()
    wanted_shots = {"index.html": "index", "calendar.html": "calendar"}
    funnel = funnel_page(site)
    if funnel:
        wanted_shots.setdefault(funnel, "funnel")
    for rel in site.html_files:
        html = site.path(rel).read_text(encoding="utf-8")
        found = len(_CHART_MARK.findall(html))
        if found or _TILE_MARK.search(html):
            crawl.chart_counts[rel] = found
    # Two tabs that stay on their origin: the browser keeps one renderer (and its
    # compiled Plotly) per site instead of swapping processes on every page.
    page = new_recording_page(context)
    disk = new_recording_page(disk_context)
    try:
        for rel in site.html_files:
            try:
                page.visit(site.url(rel))
                if rel in crawl.chart_counts:
                    wait_for_charts(page)
                    crawl.charts[rel] = chart_reports(page)
                violations = axe_check(page)
                if rel in wanted_shots:
                    page.wait_for_load_state("networkidle")
                    crawl.screenshots[rel] = screenshot(page, f"{site.name}-{wanted_shots[rel]}")
                layout = _layouts(page)
                # Anything logged while charts drew, axe ran or the screenshot was taken counts too.
                report = PageReport(problems=page.reset(), axe=violations, layout=layout)
            except Exception as exc:
                report = PageReport(problems=_crashed(page, exc), axe=[])
            try:
                disk.visit(site.path(rel).resolve().as_uri())
                report.file_problems = disk.reset()
            except Exception as exc:
                report.file_problems = _crashed(disk, exc)
            crawl.pages[rel] = report
    finally:
        page.close()
        disk.close()
    return crawl


def _layouts(page: Any) -> dict[int, dict]:
    """The page measured at each of LAYOUT_WIDTHS, then put back at the suite's size."""
    found = {}
    try:
        for width in LAYOUT_WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found[width] = page.evaluate(_LAYOUT_JS)
    finally:
        page.set_viewport_size(CONTEXT_OPTIONS["viewport"])
    return found


def crawl_sites(sites: list[BuiltSite], root: Path) -> dict[str, SiteCrawl]:
    """Crawl every site in `sites` (built under `root`, each served from the
    sub-path /<name>/) in a browser of its own; meant to run in a child process."""
    from playwright.sync_api import sync_playwright

    server = StaticServer(root)
    pw = sync_playwright().start()
    try:
        with tempfile.TemporaryDirectory(prefix="sitegen-crawl-profile-") as profile:
            context = launch_browser(pw, profile)
            try:
                # file:// pages have no code cache to keep: an incognito window will do
                disk_context = context.browser.new_context(**CONTEXT_OPTIONS)
                crawls = {}
                for site in sites:
                    site.base_url = f"{server.url}{site.name}/"
                    crawls[site.name] = crawl_site(site, context, disk_context)
                return crawls
            finally:
                context.close()
    finally:
        pw.stop()
        server.close()
