"""The fiscal-year and CRM example plans, opened on a phone.

The full crawl (crawl.py: every page over HTTP and from file://, axe, two
widths, chart data against plan.json) covers the en, pl and zh sites. The
fiscal-year plan (examples/fiscal: fiscal quarters, a leaver and a hire) and
the CRM plan (examples/crm: HubSpot and Salesforce exports as actuals) draw
pages the others do not, and crawling them as fully costs more than the suite
can spare (benchmarks/README.md, "Browser tests of the fiscal and CRM
examples"). Here each of their pages (but the board pack, the whole plan in
one page, and the page of each recorded change) is opened once at 390 px, in
the dark scheme: it must load without a script error or a failed request,
draw its charts, and never scroll sideways.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, new_recording_page, wait_for_charts

pytestmark = pytest.mark.e2e

EXAMPLES = ("fiscal", "crm")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def example_sites(tmp_path_factory, serve_dir) -> dict[str, tuple[str, list[str]]]:
    """name -> (base URL, pages to open); both plans built at once."""
    root = tmp_path_factory.mktemp("examples")
    builds = {
        name: subprocess.Popen(
            [sys.executable, "-m", "sitegen", "build", "--plan", str(ROOT / "examples" / name),
             "--out", str(root / name)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for name in EXAMPLES
    }
    for name, build in builds.items():
        output, _ = build.communicate(timeout=600)
        assert build.returncode == 0, f"examples/{name} did not build:\n{output}"
    base = serve_dir(root)
    return {name: (f"{base}{name}/", _main_pages(root / name)) for name in EXAMPLES}


def _main_pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [rel for rel in pages if rel != "report.html" and not rel.startswith("history/")]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_page_opens_cleanly_on_a_phone_in_the_dark(browser, example_sites, name):
    base, pages = example_sites[name]
    assert "index.html" in pages and len(pages) > 5, pages
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    try:
        page = new_recording_page(context)
        troubles = {}
        for rel in pages:
            problems = page.visit(base + rel)
            wait_for_charts(page)
            wide = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
            fallbacks = page.locator(".sg-chart-fallback:not([hidden])").count()
            if problems or wide > 0 or fallbacks:
                troubles[rel] = (problems.format(), f"{wide} px too wide", f"{fallbacks} charts not drawn")
        assert not troubles, troubles
    finally:
        context.close()
