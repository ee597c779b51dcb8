"""A head of sales runs `sitegen build --pdf` and hands the board `report.pdf`.

The PDF is printed by the machine's Chromium (/usr/bin/chromium here) from the
site's board pack: the dashboard on one landscape page, then every section from
a new portrait page, in the order of the navigation; each page numbered "n / N"
and dated in its margin. Read back with poppler's pdfinfo/pdftotext
(Debian's poppler-utils, installed by scripts/test.sh).
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import SITE_PLANS
from .helpers import ROOT

pytestmark = pytest.mark.e2e

PRINTED_ON = {"en": "Printed on", "pl": "Wydrukowano", "zh": "打印于"}


class _Contents(HTMLParser):
    """The section titles of the board pack's contents list, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "nav" and "sg-report-contents" in (dict(attrs).get("class") or ""):
            self.depth = 1
        elif self.depth and tag == "a":
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth and self.titles:
            self.titles[-1] += data


def _build_pdf(plan: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen", "build", "--plan", str(plan), "--out", str(out), "--pdf"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def _pages(pdf: Path) -> tuple[list[tuple[float, float]], list[str]]:
    """Each page's size (width, height) and text."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return sizes, text.split("\f")[: len(sizes)]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)  # pdftotext spaces CJK and wrapped titles its own way


def _assert_numbered_and_dated(texts: list[str], language: str) -> None:
    total = len(texts)
    for number, text in enumerate(texts, 1):
        footer = [line for line in text.splitlines() if line.strip()][-1]
        assert re.search(rf"\b{number} ?/ ?{total}\s*$", footer), f"page {number}'s footer: {footer!r}"
        assert PRINTED_ON[language] in footer, f"page {number} is not dated: {footer!r}"


@pytest.mark.parametrize("language", list(SITE_PLANS))
def test_build_pdf_prints_the_dashboard_then_every_section(language, tmp_path):
    out = tmp_path / "site"
    done = _build_pdf(ROOT / SITE_PLANS[language], out)
    assert done.returncode == 0, done.stderr
    assert "Printing the board pack" in done.stdout and "report.pdf" in done.stdout
    contents = _Contents()
    contents.feed((out / "report.html").read_text(encoding="utf-8"))
    titles = [t.strip() for t in contents.titles]
    sizes, texts = _pages(out / "report.pdf")
    assert len(sizes) >= 1 + len(titles)
    (width, height), *rest = sizes
    assert width > height, "the dashboard page is not landscape"
    assert all(w < h for w, h in rest), "a section page is not portrait"
    assert len(_squeezed(texts[1])) > 0 and _squeezed(titles[0]) in _squeezed(texts[1])[:200]
    # each section starts a page, in the order of the navigation
    starts = [n for n, text in enumerate(texts) if n > 0]
    page = 0
    for title in titles:
        found = next((n for n in starts if n > page and _squeezed(texts[n]).startswith(_squeezed(title))), None)
        assert found is not None, f"section {title!r} does not start a page after page {page + 1}"
        page = found
    _assert_numbered_and_dated(texts, language)


def test_a_short_plan_prints_one_page_per_section(tmp_path, write_plan):
    plan = write_plan(tmp_path, {
        "a.md": "---\ntitle: Alpha section\norder: 1\n---\nShort.\n",
        "b.md": "---\ntitle: Beta section\norder: 2\n---\nShort.\n",
        "c/d.md": "---\ntitle: Gamma section\n---\nShort.\n",
    })
    done = _build_pdf(plan, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    sizes, texts = _pages(tmp_path / "site" / "report.pdf")
    assert len(sizes) == 4, texts
    assert sizes[0][0] > sizes[0][1] and all(w < h for w, h in sizes[1:])
    assert [t.split()[0] for t in texts[1:]] == ["Alpha", "Beta", "Gamma"]
    _assert_numbered_and_dated(texts, "en")
