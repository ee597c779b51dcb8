"""A sales lead prints the dashboard and a section (Chromium's own PDF printing).

Each printed page carries its number of the total and the day it was printed
(margin boxes of @page in sitegen.css, the date stamped by sitegen.js); the
dashboard prints landscape. Read back with poppler's pdfinfo/pdftotext
(Debian's poppler-utils, installed by scripts/test.sh).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.e2e

PRINTED_ON = {"en": "Printed on", "pl": "Wydrukowano", "zh": "打印于"}
# The browser's clock is fixed: the machine's clock (and a CI runner's) is not ours to trust.
PRINT_DAY = dt.datetime(2030, 7, 15, 12, 0, tzinfo=dt.UTC)
PRINT_DAY_SHOWN = {"en": "July 15, 2030", "pl": "15 lipca 2030", "zh": "2030年7月15日"}


def _pdf(page, url: str, path) -> tuple[str, str]:
    page.visit(url)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return info, text


def test_printed_pages_are_numbered_and_dated(page, built_site, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils missing: run ./scripts/test.sh"
    page.clock.set_fixed_time(PRINT_DAY)
    info, text = _pdf(page, built_site.url("index.html"), tmp_path / "dashboard.pdf")
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    assert width > height, "the dashboard does not print landscape"
    footers = re.findall(r"(\d+) ?/ ?(\d+)\s*$", text, re.M)  # pdftotext drops the spaces
    # (figures like "22 / 25" in the review tiles may end a line too)
    assert {(n, pages) for n in range(1, pages + 1)} <= {(int(a), int(b)) for a, b in footers}
    assert text.count(PRINTED_ON[built_site.name]) == pages
    assert text.count(PRINT_DAY_SHOWN[built_site.name]) == pages
    page.assert_clean()


def _first_with_body(site, pattern: str) -> str:
    found = (rel for rel in site.html_files
             if re.search(pattern, re.search(r"<body[^>]*>", site.path(rel).read_text(encoding="utf-8"))[0]))
    return next(found)


def test_a_section_prints_portrait_and_a_quarter_review_landscape(page, built_site, tmp_path):
    """Only the pages made for a wide sheet print landscape; prose reads on a portrait page."""
    section = _first_with_body(built_site, r'class="sg-page sg-kind-swot"')
    quarter = _first_with_body(built_site, r"sg-review-quarter")
    for rel, landscape in ((section, False), (quarter, True)):
        info, _ = _pdf(page, built_site.url(rel), tmp_path / "page.pdf")
        width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
        assert (width > height) == landscape, f"{rel} prints {'landscape' if width > height else 'portrait'}"
    page.assert_clean()


def test_the_printed_heat_map_leaves_its_figures_to_the_table(page, built_site):
    """On paper a month's cell is narrower than "138%": the heat map prints its colours and
    outlines only (its table prints with it), and shows its figures again on screen."""
    page.visit(built_site.url("index.html"))
    figures = "() => [...document.querySelectorAll('.heatmaplayer text')].filter(t => t.textContent).length"
    on_screen = page.evaluate(figures)  # every example plan has a team, so a heat map on its dashboard
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(f"({figures})() === 0")
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function(f"({figures})() === {on_screen}")
    assert on_screen > 0
    page.assert_clean()
