"""`sitegen serve` in a real browser: save a file, the open page follows by itself.

The author keeps the goals page open beside the editor, scrolled to the
part they work on. Saving a new title reloads the page on its own and keeps
the scroll position; saving a typo shows the error overlay naming
`path:line:col`; fixing it takes the overlay away. The server is the real
program (`python -m sitegen serve --port 0`) on a copy of the example plan,
stopped with Ctrl-C (SIGINT) at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.e2e

PATIENCE_MS = 30_000  # "eventually" for the browser; never a speed claim
SECTION = "strategy/goals.md"
PAGE = "strategy/goals.html"
SCROLL_Y = 700
_URL = re.compile(r"Serving plan .* at (http://127\.0\.0\.1:\d+/)")


@dataclass
class Preview:
    """A running `sitegen serve` and what it printed."""

    proc: subprocess.Popen
    plan: Path
    lines: list[str] = field(default_factory=list)
    url: str = ""
    ready: threading.Event = field(default_factory=threading.Event)

    def read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            found = _URL.search(line)
            if found and not self.url:
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()  # the program ended: stop waiting

    @property
    def output(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    cmd = [
        sys.executable,
        "-m",
        "sitegen",
        "serve",
        "--plan",
        "plan",
        "--port",
        "0",
        "--out",
        str(tmp_path / "site"),
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=tmp_path,
        env=env,
        text=True,
        encoding="utf-8",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    served = Preview(proc, plan)
    threading.Thread(target=served.read, daemon=True).start()
    try:
        assert served.ready.wait(PATIENCE_MS / 1000) and served.url, (
            f"`sitegen serve` did not say where it serves:\n{served.output}"
        )
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(PATIENCE_MS / 1000)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _save(path: Path, text: str) -> None:
    """Write the whole file at once, as an editor's save does."""
    path.write_text(text, encoding="utf-8")


def _real_problems(page) -> list[str]:
    """Recorded problems, minus the event stream a reload cuts off (expected).

    A favicon fetch cancelled by the reload is already ignored by the
    recording page itself (tests/e2e/helpers.py).
    """
    p = page.problems
    failed = [f for f in p.failed_requests if "/__sitegen__/events" not in f]
    return [*p.external_requests, *failed, *p.page_errors, *p.console_errors]


def test_saving_reloads_the_open_page_keeping_its_place_and_errors_show_an_overlay(page, preview):
    source = preview.plan / SECTION
    original = source.read_text(encoding="utf-8")
    assert "title: Goals 2027\n" in original

    page.visit(preview.url + PAGE)
    assert page.locator("h1.sg-section-title").inner_text().strip() == "Goals 2027"
    page.wait_for_function(
        "() => window.EventSource && document.querySelector('script[src*=\"__sitegen__\"]')"
    )
    page.evaluate(f"() => window.scrollTo(0, {SCROLL_Y})")
    assert page.evaluate("() => window.scrollY") == SCROLL_Y, (
        "the goals page is too short to scroll"
    )
    page.evaluate("() => { window.__beforeSave = true; }")

    # 1. a good edit: the page reloads by itself, at the same place
    _save(source, original.replace("title: Goals 2027\n", "title: Goals 2027, revised\n", 1))
    page.wait_for_function(
        "() => document.querySelector('h1.sg-section-title')?.textContent.trim() === 'Goals 2027, revised'",
        timeout=PATIENCE_MS,
    )
    assert page.evaluate("() => window.__beforeSave") is None, "the title changed without a reload"
    page.wait_for_function(
        f"() => Math.abs(window.scrollY - {SCROLL_Y}) <= 40", timeout=PATIENCE_MS
    )

    # 2. a broken edit: the overlay names the file, line and column
    broken = original.replace("title: Goals 2027\n", "title: Goals 2027, revised\n", 1)
    broken = broken.replace("target: 1440000", "target: abc", 1)
    line = broken[: broken.index("target: abc")].count("\n") + 1
    column = len(broken[: broken.index("abc")].rsplit("\n", 1)[-1]) + 1
    where = f"plan/{SECTION}:{line}:{column}"
    _save(source, broken)
    overlay = page.locator("#sitegen-overlay")
    overlay.wait_for(state="visible", timeout=PATIENCE_MS)
    assert where in overlay.inner_text(), f"overlay does not name {where}:\n{overlay.inner_text()}"
    assert page.locator("h1.sg-section-title").inner_text().strip() == "Goals 2027, revised", (
        "the last good page should stay under the overlay"
    )

    # 3. fixing it takes the overlay away (and the page shows the fixed plan)
    page.evaluate("() => { window.__beforeFix = true; }")
    _save(source, broken.replace("target: abc", "target: 1500000", 1))
    overlay.wait_for(state="detached", timeout=PATIENCE_MS)
    page.wait_for_function("() => window.__beforeFix === undefined", timeout=PATIENCE_MS)
    assert page.locator("#sitegen-overlay").count() == 0
    assert "1,500,000" in page.locator("main").inner_text()

    assert not _real_problems(page), "\n".join(_real_problems(page))
    page.reset()  # the aborted event streams are expected; nothing else was recorded
