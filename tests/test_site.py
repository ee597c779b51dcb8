"""The built site as a reader sees it: every page, its figures in the plan's language, safe links.

Builds the three example plans once (through the command line) and checks
what ends up in the HTML a reader opens.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import ROOT, md, run_cli, write_plan

from sitegen.pipeline import analyse_folder
from sitegen.site.engine.urls import page_path

EXAMPLES = {"en": ROOT / "plan", "pl": ROOT / "examples" / "pl", "zh": ROOT / "examples" / "zh"}
CURRENCY_MARK = {"en": "$", "pl": "zł", "zh": "¥"}
ATTR = re.compile(r"""<(a|script|link|img|iframe|source|video|audio)\b[^>]*?\s(href|src)="([^"]*)\"""", re.I)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for lang, plan in EXAMPLES.items():
        out = tmp_path_factory.mktemp(f"site-{lang}") / "public"
        code, stdout, stderr = run_cli("build", "--plan", str(plan), "--out", str(out))
        assert code == 0, stderr
        assert stdout.startswith("Built ")
        built[lang] = out
    return built


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("lang", EXAMPLES)
def test_every_section_has_a_page_with_owner_and_status(sites, lang):
    analysis = analyse_folder(EXAMPLES[lang])
    for section in analysis.plan.sections:
        page = (sites[lang] / page_path(section.id)).read_text(encoding="utf-8")
        assert "<h1 class=\"sg-section-title\">" in page
        if section.data.owner:
            assert section.data.owner.replace("&", "&amp;") in page
        if section.data.status:
            assert f"sg-status-{section.data.status}" in page


@pytest.mark.parametrize("lang", EXAMPLES)
def test_dashboard_shows_headline_figures_in_the_plan_currency(sites, lang):
    index = (sites[lang] / "index.html").read_text(encoding="utf-8")
    kpis = re.findall(r'<dd class="sg-kpi-value">([^<]*)</dd>', index)
    assert len(kpis) >= 6
    assert CURRENCY_MARK[lang] in kpis[0]  # the revenue target
    assert "sg-chart-figure" in index
    analysis = analyse_folder(EXAMPLES[lang])
    for d in analysis.diagnostics:  # every warning listed, linked to its section
        assert d.message.replace("'", "&#39;") in index
        section = next(s for s in analysis.plan.sections if s.path == d.path)
        assert f'href="{_href(page_path(section.id))}">{d.path}:{d.line}:{d.column}</a>' in index


def _href(path: str) -> str:
    from urllib.parse import quote

    return "/".join(quote(part, safe="") for part in path.split("/"))


def test_english_figures_are_formatted_for_the_locale(sites):
    index = (sites["en"] / "index.html").read_text(encoding="utf-8")
    assert "$5,500,000" in index and "$5.5M" in index
    goals = (sites["en"] / "strategy" / "goals.html").read_text(encoding="utf-8")
    assert "$1,440,000" in goals  # the SMB revenue target in the goals table
    funnel = (sites["en"] / "smb-velocity.html").read_text(encoding="utf-8")
    assert "4,445" in funnel and "26,670" in funnel  # leads needed; cold calls


def test_polish_and_chinese_numbers(sites):
    pl = (sites["pl"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\d\u00a0\d{3}\u00a0\d{3}\u00a0zł", pl)
    zh = (sites["zh"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r"¥\d{1,3}(,\d{3})+(?![.\d])", zh)


@pytest.mark.parametrize("lang", EXAMPLES)
def test_links_resolve_and_nothing_leaves_the_site(sites, lang):
    site = sites[lang]
    for page in html_files(site):
        html = page.read_text(encoding="utf-8")
        assert len(html.encode()) < 500_000, page
        for tag, _attr, value in ATTR.findall(html):
            if tag.lower() != "a":
                assert not re.match(r"^([a-z]+:|//)", value, re.I), (page, tag, value)
            if value.startswith(("#", "mailto:", "http://", "https://")) or not value:
                continue
            target = (page.parent / unquote(value.split("#")[0])).resolve()
            assert target.is_file(), (page, value)


@pytest.mark.parametrize("lang", EXAMPLES)
def test_no_two_regions_of_a_page_share_a_name(sites, lang):
    """A screen reader lists a page's regions by name: a card and the table inside it
    both named by the card's heading read as the same place twice (axe: landmark-unique)."""
    for page in html_files(sites[lang]):
        html = page.read_text(encoding="utf-8")
        named = re.findall(r'<(?:section|div)\b[^>]*\baria-labelledby="([^"]+)"', html)
        twice = sorted({name for name in named if named.count(name) > 1})
        assert not twice, (page.relative_to(sites[lang]), twice)


@pytest.mark.parametrize("lang", EXAMPLES)
def test_one_shared_plotly_bundle(sites, lang):
    site = sites[lang]
    assert [p.name for p in site.rglob("*plotly*")] == ["plotly.min.js"]
    for page in html_files(site):
        assert "Plotly.newPlot=" not in page.read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(sites, tmp_path):
    out = tmp_path / "again"
    code, _, err = run_cli("build", "--plan", str(EXAMPLES["en"]), "--out", str(out))
    assert code == 0, err
    first = {p.relative_to(sites["en"]): p.read_bytes() for p in sites["en"].rglob("*") if p.is_file()}
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_failing_build_leaves_the_old_site(tmp_path):
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLES["en"], plan)
    out = tmp_path / "public"
    assert run_cli("build", "--plan", str(plan), "--out", str(out))[0] == 0
    before = (out / "index.html").read_bytes()
    goals = plan / "strategy" / "goals.md"
    goals.write_text(goals.read_text(encoding="utf-8").replace("target: 1440000", "tagret: 1440000"), encoding="utf-8")
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(out))
    assert code == 1 and "tagret" in err
    assert (out / "index.html").read_bytes() == before


HOSTILE = {
    "notes.md": md(
        "title: \"<script>alert('title')</script> Notes\"\n",
        "Raw <b onclick=\"x()\">html</b> and <script>alert('body')</script>.\n\n"
        "[click](javascript:alert(1)) [goals](goals.md#targets) ![logo](https://cdn.example.com/logo.png)\n",
    ),
    "goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: deals, target: 10, period: 2027}\n", "## Targets\n"),
}


def test_hostile_titles_and_prose_are_inert(tmp_path):
    plan = write_plan(tmp_path, HOSTILE)
    out = tmp_path / "public"
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(out))
    assert code == 0, err
    page = (out / "notes.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    for html in (page, index):
        assert "<script>alert" not in html
        assert not re.search(r"""(href|src)=["']?\s*javascript:""", html, re.I)
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Notes" in html
    assert "[click](javascript:alert(1))" in page  # shown as text, not a link
    assert "&lt;b onclick=" in page and "<b onclick" not in page
    assert 'href="goals.html#targets"' in page  # a link to another section's file
    assert "<img" not in page and 'href="https://cdn.example.com/logo.png"' in page


def test_a_cached_build_renders_again_only_what_changed_and_makes_the_same_site(tmp_path):
    """`serve`'s build: the same `build_site` call with a cache. The second build of an
    unchanged plan renders no section page; after a prose edit only that page."""
    from sitegen.site.build import build_site
    from sitegen.site.cache import RenderCache

    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLES["en"], plan)
    cache = RenderCache()
    first = {o.path: o.content for o in build_site(analyse_folder(plan), cache=cache)}
    assert first == {o.path: o.content for o in build_site(analyse_folder(plan))}
    assert len(cache.rendered) == sum(1 for _ in plan.rglob("*.md"))
    list(build_site(analyse_folder(plan), cache=cache))
    assert cache.rendered == []
    goals = plan / "strategy" / "goals.md"
    goals.write_text(goals.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = {o.path: o.content for o in build_site(analyse_folder(plan), cache=cache)}
    assert cache.rendered == ["strategy/goals.html"]
    assert again == {o.path: o.content for o in build_site(analyse_folder(plan))}
    assert again["strategy/goals.html"] != first["strategy/goals.html"]


def test_a_section_that_would_overwrite_the_dashboard_is_a_plan_error(tmp_path):
    plan = write_plan(tmp_path, {"index.md": md("title: Home\n"), "Notes.md": md("title: A\n"), "notes.md": md("title: B\n")})
    code, out, _ = run_cli("check", "--plan", str(plan))
    assert code == 1
    assert "plan/index.md:2:1: error: section 'index' would be written to 'index.html'" in out
    assert "[path-clash]" in out and out.count("path-clash") == 2
