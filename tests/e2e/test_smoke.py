"""Smoke tests: the e2e tool chain itself works (chromium via Playwright, the
local server, external-request blocking, axe-core, vnu), on a tiny fixture site."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import axe_check, external_refs, format_axe, format_vnu, screenshot, vnu_check

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parent / "fixtures" / "mini-site"


@pytest.fixture(scope="module")
def mini_url(serve_dir) -> str:
    return serve_dir(MINI)


def test_smoke_chromium_loads_page_and_follows_link(page, mini_url):
    problems = page.visit(mini_url + "index.html")
    assert not problems, problems.format()
    assert page.title() == "Mini site"
    assert page.evaluate("document.documentElement.dataset.ready") == "yes", "app.js did not run"

    page.click("#about-link")
    page.wait_for_url("**/about.html")
    assert page.locator("h1").inner_text() == "About"
    page.assert_clean()

    shot = screenshot(page, "smoke-mini-about")
    assert shot.is_file() and shot.stat().st_size > 0


def test_smoke_missing_file_is_a_failed_request(page, mini_url):
    page.visit(mini_url + "no-such-page.html")
    assert any("HTTP 404" in f for f in page.problems.failed_requests), page.problems.format()


def test_smoke_external_request_is_blocked_and_recorded(page, mini_url):
    problems = page.visit(mini_url + "external.html")
    assert problems.external_requests == ["http://example.com/x.js"], problems.format()
    # The page itself still loaded (from 127.0.0.1).
    assert page.locator("h1").inner_text() == "External request"
    page.reset()  # consumed: the `page` fixture fails a test that leaves external requests


def test_smoke_static_scan_finds_external_reference():
    assert external_refs((MINI / "external.html").read_text()) == [
        "<script src='http://example.com/x.js'>"
    ]
    assert external_refs((MINI / "index.html").read_text()) == []


def test_smoke_axe(page, mini_url):
    page.visit(mini_url + "index.html")
    violations = axe_check(page)
    assert violations == [], format_axe(violations)

    page.visit(mini_url + "inaccessible.html")
    violations = axe_check(page)
    assert "label" in {v["id"] for v in violations}, format_axe(violations)


def test_smoke_vnu():
    valid = [MINI / "index.html", MINI / "about.html"]
    invalid = MINI / "invalid.html"
    errors = vnu_check([*valid, invalid])  # one JVM for all files
    by_file = {Path(e["path"]).name for e in errors}
    assert by_file == {"invalid.html"}, format_vnu(errors)
    assert any("span" in e["message"] for e in errors), format_vnu(errors)
