"""A head of sales hands the board one document: the board pack (`report.html`, `build --pdf`).

Every built site has `report.html`: the dashboard's headline first, then every
section in navigation order, one document whose ids never clash and whose
links to its own sections stay inside it. `build --pdf` prints it with the
machine's Chromium; without one, the site is still written and one line says
how to get the PDF (the printing itself: tests/e2e/test_board_pack_pdf.py).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, md

from sitegen.site.pages.report_document import in_document

GOALS = md("title: Goals\nkind: goals\norder: 1\ngoals:\n  - {id: rev, metric: revenue, target: 100000, period: 2027}\n",
           "## Overview\n\nSee [the funnel](sales/funnel.md#stages) and [below](#overview).\n")
FUNNEL = md("title: Sales funnel\nkind: funnel\ndeal_size: 1000\nstages:\n  - {id: lead, name: Lead, conversion: 0.5}\n",
            "## Overview\n\n## Stages\n\nText.\n")
INTRO = md("title: Introduction\norder: 0\n", "## Overview\n\nWhy we sell.\n")


class _Tags(HTMLParser):
    """Ids, in-page links and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        href = found.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            self.fragments.append(href[1:])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(path: Path) -> _Tags:
    tags = _Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def _build(tmp_path: Path, write_plan, run_cli, *options: str) -> tuple[int, str, str, Path]:
    plan = write_plan(tmp_path, {"goals.md": GOALS, "sales/funnel.md": FUNNEL, "intro.md": INTRO})
    out = tmp_path / "public"
    code, stdout, stderr = run_cli("build", "--plan", plan, "--out", out, *options)
    return code, stdout, stderr, out


def test_the_board_pack_holds_every_section_in_navigation_order(tmp_path, write_plan, run_cli):
    code, _, stderr, out = _build(tmp_path, write_plan, run_cli)
    assert code == 0, stderr
    page = _read(out / "report.html")
    text = " ".join(" ".join(page.text).split())
    positions = [text.find(title) for title in ("Test plan", "Introduction", "Goals", "Sales funnel")]
    assert -1 not in positions and positions == sorted(positions), text[:500]
    assert "Why we sell." in text
    assert "report.html" in (out / "index.html").read_text(encoding="utf-8"), "the dashboard does not link the board pack"
    assert "Board pack" in text


def test_one_document_no_id_twice_and_every_inner_link_lands(tmp_path, write_plan, run_cli):
    code, _, stderr, out = _build(tmp_path, write_plan, run_cli)
    assert code == 0, stderr
    page = _read(out / "report.html")
    twice = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not twice, f"ids used twice in the board pack: {twice}"
    from urllib.parse import unquote

    missing = sorted({unquote(f) for f in page.fragments} - set(page.ids))
    assert not missing, f"links inside the board pack lead nowhere: {missing}"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="#sec-sales/funnel-stages"' in html, "a link to another section does not stay in the document"


@pytest.mark.parametrize(("page", "anchor", "html", "expected"), [
    pytest.param(  # ids get the part's prefix; links into the document follow; other text is kept
        "p.html", "sec-p",
        '<h2 id="a">A &amp; B</h2>\n<label for="x">X</label><input id="x">'
        '<a href="#a">up</a> <a href="goals.html#t">goal</a> <a href="calendar.html">cal</a>',
        '<h2 id="sec-p-a">A &amp; B</h2>\n<label for="sec-p-x">X</label><input id="sec-p-x">'
        '<a href="#sec-p-a">up</a> <a href="#sec-goals-t">goal</a> <a href="calendar.html">cal</a>',
        id="ids-prefixed-other-text-kept"),
    pytest.param(  # a page in a folder: its relative links and images are made relative to the document
        "market/segments.html", "sec-m/s",
        '<a href="../goals.html#t">goal</a> <a href="../calendar.html#c-1">cal</a> <img src="pics/a%20b.png" alt="">'
        ' <a href="https://example.com/x">out</a> <a href="mailto:a@b.c">mail</a>',
        '<a href="#sec-goals-t">goal</a> <a href="calendar.html#c-1">cal</a> <img src="market/pics/a%20b.png" alt="">'
        ' <a href="https://example.com/x">out</a> <a href="mailto:a@b.c">mail</a>',
        id="page-in-a-folder"),
    pytest.param(  # plain ids and fragments take the prefix as it stands; others are encoded as ever
        "p.html", "sec-ą&b",
        '<h2 id="same-1">S</h2><a href="#same-1">s</a><a href="#zażółć">z</a><h3 id="a&amp;b">A</h3>',
        '<h2 id="sec-ą&amp;b-same-1">S</h2><a href="#sec-%C4%85%26b-same-1">s</a>'
        '<a href="#sec-%C4%85%26b-za%C5%BC%C3%B3%C5%82%C4%87">z</a><h3 id="sec-ą&amp;b-a&amp;b">A</h3>',
        id="plain-anchors-fast-and-others-encoded"),
])
def test_a_section_page_put_in_the_document(page: str, anchor: str, html: str, expected: str) -> None:
    assert in_document(html, anchor, {"goals.html": "sec-goals"}, page) == expected


def test_pdf_without_a_browser_says_how_to_get_one_and_keeps_the_site(tmp_path, write_plan, run_cli, monkeypatch):
    empty = tmp_path / "no-browsers"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("SITEGEN_CHROMIUM", raising=False)
    code, stdout, stderr, out = _build(tmp_path, write_plan, run_cli, "--pdf")
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "apt install chromium" in lines[0] and "SITEGEN_CHROMIUM" in lines[0]
    assert (out / "report.html").is_file() and (out / "index.html").is_file(), "the site was not written"
    assert not (out / "report.pdf").exists()
    assert "Built " in stdout


def test_a_browser_named_that_does_not_exist_is_the_same_clear_line(tmp_path, write_plan, run_cli):
    plan = write_plan(tmp_path, {"intro.md": INTRO})
    code, _, stderr = run_cli("build", "--plan", plan, "--out", tmp_path / "site", "--pdf",
                              env={"SITEGEN_CHROMIUM": str(tmp_path / "nowhere" / "chrome")})
    assert code == 1
    assert stderr.count("\n") == 1 and "SITEGEN_CHROMIUM" in stderr
    assert (tmp_path / "site" / "report.html").is_file()


def test_help_names_the_pdf_option(run_cli):
    code, stdout, _ = run_cli("build", "--help")
    assert code == 0
    assert "--pdf" in stdout and "report.pdf" in stdout and "chromium" in stdout.lower()


class _Oracle(HTMLParser):
    """`in_document` written with the standard library's HTML parser: slow, but no pattern."""

    def __init__(self, prefix: str, anchors: dict[str, str], base: str):
        super().__init__(convert_charrefs=True)
        self.prefix, self.anchors, self.base, self.edits = prefix, anchors, base, []

    def handle_starttag(self, tag, attrs):
        new = [(n, self._value(n, v)) for n, v in attrs]
        if new != attrs:
            line, column = self.getpos()
            self.edits.append((line, column, len(self.get_starttag_text() or ""), tag, new))

    handle_startendtag = handle_starttag

    def _value(self, name, value):
        from urllib.parse import unquote

        from sitegen.site.pages.report_document import fragment_href

        if value is None:
            return None
        if name == "id":
            return f"{self.prefix}-{value}"
        if name in ("for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "headers", "list"):
            return " ".join(f"{self.prefix}-{v}" for v in value.split())
        if name not in ("href", "src"):
            return value
        if value.startswith("#") and len(value) > 1 and name == "href":
            return fragment_href(f"{self.prefix}-{unquote(value[1:])}")
        if value.startswith("#") or re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/)", value):
            return value
        path, hash_, fragment = value.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.base), unquote(path))) if path else self.base
        anchor = self.anchors.get(target) if name == "href" else None
        if anchor is None:
            return quote(target, safe="/") + hash_ + fragment
        return fragment_href(f"{anchor}-{unquote(fragment)}" if fragment else anchor)


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [(n, v) for n, v in attrs if n in ("id", "href", "for") or n.startswith("aria-")]

    handle_startendtag = handle_starttag


@pytest.mark.parametrize("plan", ["plan", "examples/pl", "examples/zh"])
def test_the_pattern_reads_the_example_sites_as_the_html_parser_does(plan):
    """`in_document` finds tags by a pattern (the renderer's escaping makes that exact): on every
    section of the example plans it changes the same attributes to the same values as a real parser."""
    from sitegen.pipeline import analyse_folder
    from sitegen.site.build import _link_resolver, prepare_site
    from sitegen.site.pages import report

    analysis = analyse_folder(ROOT / plan)
    build = prepare_site(analysis)
    env = build.bare_env
    anchors = {build.pages[s.rel]: report.section_anchor(s) for s in build.sections}
    for section in build.sections:
        html = report._article(build, env, section, _link_resolver)
        prefix = report.section_anchor(section)
        base = build.pages[section.rel]
        expected = _Oracle(prefix, anchors, base)
        expected.feed(html)
        expected.close()
        got = _Attrs()
        got.feed(in_document(html, prefix, anchors, base))
        wanted = _Attrs()
        wanted.feed(_apply(html, expected.edits))
        assert got.found == wanted.found, section.rel


def _apply(html: str, edits) -> str:
    from html import escape

    starts = [0]
    for line in html.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    pieces, done = [], 0
    for line, column, length, tag, attrs in edits:
        at = starts[line - 1] + column
        parts = "".join(f" {n}" if v is None else f' {n}="{escape(v, quote=True)}"' for n, v in attrs)
        pieces += [html[done:at], f"<{tag}{parts}>"]
        done = at + length
    return "".join(pieces) + html[done:]


AUDIENCES_YAML = """\
title: Test plan
currency: USD
period:
  start: 2027-01-01
  end: 2027-12-31
audiences:
  - id: north
    name: North team
    sections: ["intro.md", "goals.md", "sales/*"]
  - id: south
    name: South team
    sections: ["goals.md", "sales/*"]
"""


def test_pdf_for_every_audience_without_a_browser_writes_each_site_and_says_it_once(tmp_path, write_plan, run_cli,
                                                                                    monkeypatch):
    empty = tmp_path / "no-browsers"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("SITEGEN_CHROMIUM", raising=False)
    plan = write_plan(tmp_path, {"goals.md": GOALS, "sales/funnel.md": FUNNEL, "intro.md": INTRO}, AUDIENCES_YAML)
    out = tmp_path / "sites"
    code, _, stderr = run_cli("build", "--plan", plan, "--out", out, "--audience", "all", "--pdf")
    assert code == 1
    assert stderr.count("apt install chromium") == 1, stderr
    for audience in ("north", "south"):
        assert (out / audience / "report.html").is_file()
    north = (out / "north" / "report.html").read_text(encoding="utf-8")
    south = (out / "south" / "report.html").read_text(encoding="utf-8")
    assert "Why we sell." in north and "Why we sell." not in south, "an audience's board pack holds another's section"
