"""The review screen in a real browser: a head of sales opens the dashboard of a plan with actuals,
sees every status in words, follows each tile to its goal, on a desktop and on a phone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, axe_check, format_axe, screenshot

pytestmark = pytest.mark.e2e

FIXTURE = ROOT / "tests" / "fixtures" / "review-plan"
STATUSES = {"north-q2": "On track", "south-q2": "At risk", "west-q2": "Off track",
            "north-deals-q1": "Achieved", "south-deals-q1": "Missed"}


@pytest.fixture(scope="module")
def review_url(tmp_path_factory, serve_dir) -> str:
    out = tmp_path_factory.mktemp("review-site") / "public"
    build = subprocess.run([sys.executable, "-m", "sitegen", "build", "--plan", str(FIXTURE), "--out", str(out)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return serve_dir(Path(out))


@pytest.mark.parametrize("width", [1440, 390])
def test_the_dashboard_shows_every_status_and_its_tiles_lead_to_their_goals(page, review_url, width) -> None:
    page.page.set_viewport_size({"width": width, "height": 900})
    problems = page.visit(review_url + "index.html")
    assert not problems, problems.format()
    for goal, word in STATUSES.items():
        tile = page.page.locator(f'.sg-rv-tile[data-goal="{goal}"]')
        assert tile.is_visible()
        assert word in tile.inner_text()  # the word, not only the colour
    screenshot(page.page, f"review-dashboard-{width}")
    violations = axe_check(page.page)
    assert not violations, format_axe(violations)

    for goal in STATUSES:
        page.visit(review_url + "index.html")
        page.page.locator(f'.sg-rv-tile[data-goal="{goal}"] a').click()
        page.page.wait_for_url(f"**/review.html#goal-{goal}")
        section = page.page.locator(f"#goal-{goal}")
        assert section.is_visible() and goal in section.locator("h2").inner_text()
        page.assert_clean()


def test_needs_attention_links_open_the_goal_and_the_warnings(page, review_url) -> None:
    page.visit(review_url + "index.html")
    items = page.page.locator("#sg-attention li a")
    assert items.count() == 3  # off track, missed, at risk: worst first
    assert "west-q2" in items.nth(0).inner_text()
    items.nth(0).click()
    page.page.wait_for_url("**/review.html#goal-west-q2")
    page.page.locator("#sg-review-west-q2 .sg-chart-plot .main-svg").first.wait_for()  # the chart is drawn
    assert "Meetings → Offers: 28% actual vs 50% planned" in page.page.locator("#goal-south-q2").inner_text()
    screenshot(page.page, "review-page-1440")
    page.assert_clean()


def test_a_quarter_review_prints_on_one_landscape_page(page, review_url) -> None:
    page.visit(review_url + "review-2027-q2.html")
    assert "Review Q2 2027" in page.page.locator("h1").inner_text()
    pdf = page.page.pdf(landscape=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    page.assert_clean()
