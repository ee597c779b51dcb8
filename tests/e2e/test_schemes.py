"""The site in the reader's colour scheme and on paper.

Someone working late has their system in dark mode: the page turns dark,
the charts redraw in the dark palette, and nothing becomes unreadable (axe).
Someone preparing the quarterly review prints the plan: the sidebar goes,
every chart's data table is on the page, and nothing runs off the paper.
"""

from __future__ import annotations

import re

import pytest

from .helpers import (
    axe_check,
    chart_reports,
    format_axe,
    relative_luminance,
    screenshot,
    wait_for_charts,
)

pytestmark = pytest.mark.e2e

A4_VIEWPORT = {"width": 703, "height": 1000}  # A4 less the theme's 12 mm side margins, at 96 dpi
# the dashboard prints on landscape A4 (`@page dashboard`): 297 mm less the same margins
A4_LANDSCAPE = {"width": 1032, "height": 680}
_BODY_BG_JS = "() => getComputedStyle(document.body).backgroundColor"
_BODY_TEXT_JS = "() => getComputedStyle(document.body).color"
_KIND = re.compile(r'<body class="[^"]*\bsg-kind-(campaigns|budget)\b')


def funnel_page(site) -> str | None:
    """The first page that draws a reverse funnel (not merely a page named "funnels")."""
    for rel in site.html_files:
        if 'id="sg-funnel-0"' in site.path(rel).read_text(encoding="utf-8"):
            return rel
    return None


def _fonts(page) -> list[str | None]:
    return [c["font_color"] for c in chart_reports(page) if not c["tile"]]  # a big number has no plot


def _pages(site, *kinds: str) -> list[str]:
    """The dashboard, a funnel page and the first campaigns/budget pages: the widest content."""
    pages = ["index.html"]
    funnel = funnel_page(site)
    if funnel:
        pages.append(funnel)
    for kind in kinds:
        for rel in site.html_files:
            match = _KIND.search(site.path(rel).read_text(encoding="utf-8"))
            if match and match.group(1) == kind:
                pages.append(rel)
                break
    return pages


# --------------------------------------------------------------------------
# Dark scheme
# --------------------------------------------------------------------------


def test_dark_scheme_darkens_the_page_and_redraws_the_charts(page, built_site):
    page.visit(built_site.url("index.html"))
    wait_for_charts(page)
    light_bg = relative_luminance(page.evaluate(_BODY_BG_JS))
    light_fonts = _fonts(page)
    assert light_bg > 0.7, f"light scheme background is not light ({light_bg:.2f})"
    assert light_fonts and None not in light_fonts

    page.emulate_media(color_scheme="dark")
    page.wait_for_function(
        """(before) => [...document.querySelectorAll('.sg-chart-plot')]
             .every((p, i) => p._fullLayout && p._fullLayout.font.color !== before[i])""",
        arg=light_fonts,
    )
    dark_bg = relative_luminance(page.evaluate(_BODY_BG_JS))
    dark_text = relative_luminance(page.evaluate(_BODY_TEXT_JS))
    assert dark_bg < 0.05, f"dark scheme background is not dark ({dark_bg:.3f})"
    assert (dark_text + 0.05) / (dark_bg + 0.05) >= 7, "body text lacks contrast in the dark scheme"
    for chart in (c for c in chart_reports(page) if not c["tile"]):
        font = relative_luminance(chart["font_color"])
        assert font > 0.5, (
            f"#{chart['id']}: chart text stays dark on a dark page ({chart['font_color']})"
        )
        if chart["tick_fill"]:
            assert relative_luminance(chart["tick_fill"]) > 0.5, f"#{chart['id']}: dark axis labels"
    _assert_toolbar_readable(page)
    screenshot(page, f"{built_site.name}-index-dark")

    page.emulate_media(color_scheme="light")
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('.sg-chart-plot')]"
        ".every((p, i) => p._fullLayout.font.color === before[i])",
        arg=light_fonts,
    )
    page.assert_clean()


_TOOLBAR_COLOURS_JS = """() => ({
  icons: [...new Set([...document.querySelectorAll('.modebar-btn path')].map(p => getComputedStyle(p).fill))],
  surface: getComputedStyle(document.querySelector('figure.sg-chart')).backgroundColor,
})"""


def _assert_toolbar_readable(page) -> None:
    """The charts' toolbar icons (zoom, pan, download) stand out from the card as any
    graphic must (WCAG 1.4.11, 3:1): Plotly's own are 30 % grey, faint on a dark card."""
    colours = page.evaluate(_TOOLBAR_COLOURS_JS)
    assert colours["icons"], "no chart toolbar on the dashboard"
    surface = relative_luminance(colours["surface"])
    for fill in colours["icons"]:
        assert not re.match(r"rgba\(.*,\s*0?\.\d+\)$", fill), f"see-through toolbar icons ({fill})"
        icon = relative_luminance(fill)
        ratio = (max(icon, surface) + 0.05) / (min(icon, surface) + 0.05)
        assert ratio >= 3, f"toolbar icons {fill} on {colours['surface']}: contrast {ratio:.1f}"


@pytest.mark.parametrize("which", ["dashboard", "funnel"])
def test_dark_scheme_has_no_serious_accessibility_violations(page, built_site, which):
    rel = "index.html" if which == "dashboard" else funnel_page(built_site)
    assert rel, f"{built_site.name}: no funnel page"
    page.emulate_media(color_scheme="dark")
    page.visit(built_site.url(rel))
    wait_for_charts(page)
    assert relative_luminance(page.evaluate(_BODY_BG_JS)) < 0.05
    violations = axe_check(page)
    assert not violations, f"{built_site.name}/{rel} (dark):\n{format_axe(violations)}"
    if which == "funnel":
        screenshot(page, f"{built_site.name}-funnel-dark")
    page.assert_clean()


# --------------------------------------------------------------------------
# Print
# --------------------------------------------------------------------------


def test_print_drops_the_chrome_and_shows_every_data_table(page, built_site):
    problems = []
    for rel in _pages(built_site, "budget"):
        page.set_viewport_size(A4_LANDSCAPE if rel == "index.html" else A4_VIEWPORT)
        page.emulate_media(media="screen")
        page.visit(built_site.url(rel))
        wait_for_charts(page)
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.sg-chart-plot svg.main-svg')]"
            ".every(s => s.getBoundingClientRect().width <= 700)"
        )
        for selector in ("#sg-nav", ".sg-skip", ".sg-chart-data > summary"):
            if any(el.is_visible() for el in page.locator(selector).all()):
                problems.append(f"{rel}: {selector} is printed")
        tables = page.locator(".sg-chart-data table").all()
        hidden = [i for i, table in enumerate(tables) if not table.is_visible()]
        if hidden:
            problems.append(f"{rel}: data tables {hidden} of {len(tables)} are not printed")
        overflow = page.evaluate(
            """() => ({doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                      wide: [...document.querySelectorAll('.sg-main *')]
                        .filter(e => !e.closest('.draglayer, .hoverlayer, .sg-visually-hidden'))
                        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                        .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
                          + ' +' + Math.round(e.getBoundingClientRect().right - document.documentElement.clientWidth) + 'px')})"""
        )
        if overflow["doc"] > 1 or overflow["wide"]:
            problems.append(f"{rel}: runs {overflow['doc']}px off the page: {overflow['wide']}")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert not problems, f"{built_site.name} in print:\n" + "\n".join(problems)
    page.assert_clean()
