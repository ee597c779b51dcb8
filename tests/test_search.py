"""A reader searches the plan: `search-index.js` holds what the search box finds.

The browser side (typing a word, following a hit, from file://, in en/pl/zh)
is tests/e2e/test_search.py; here the index a build writes is read as data.
"""

from __future__ import annotations

import json

from conftest import md, run_cli, write_plan

GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: smb-revenue, metric: deals, target: 100, period: 2027}\n",
    "## Why these targets\n\nThe board wants **recurring** revenue.\n",
)
SEGMENTS = md(
    "title: Customers\nkind: segments\nsegments:\n"
    "  - {id: bakeries, name: Craft bakeries, who: Family-owned bakeries, needs: [Flour forecasts]}\n",
    "Bakeries buy in spring.\n",
)
CAMPAIGNS = md(
    "title: Campaigns\nkind: campaigns\ncampaigns:\n"
    "  - {id: fair, name: Baking fair stand, type: marketing, plane: prospecting,"
    " start: 2027-03-01, end: 2027-03-03, segment: bakeries}\n",
)
INTRO = md("title: Wstęp i cele\n", "# Wstęp i cele\n\nBudżet na rok 2027.\n\n## 销售目标\n\n深圳客户\n")


def _index(site) -> dict:
    text = (site / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.SITEGEN_SEARCH=") and text.endswith(";\n")
    data = json.loads(text[len("window.SITEGEN_SEARCH="):-2])
    data["entries"] = [dict(zip(data["fields"], row, strict=True)) for row in data["docs"]]
    return data


def _build(tmp_path, name="public"):
    plan = write_plan(tmp_path, {"goals.md": GOALS, "market/segments.md": SEGMENTS,
                                 "campaigns.md": CAMPAIGNS, "intro.md": INTRO})
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / name))
    assert code == 0, err
    return tmp_path / name


def test_sections_headings_and_named_things_are_found_where_they_are_shown(tmp_path):
    entries = {e["title"]: e for e in _index(_build(tmp_path))["entries"]}
    assert entries["Goals"]["url"] == "goals.html"
    assert entries["Why these targets"]["url"] == "goals.html#why-these-targets"
    assert "recurring revenue" in entries["Why these targets"]["text"]
    assert entries["Why these targets"]["where"] == "Goals"
    assert entries["smb-revenue"]["url"] == "goals.html#goal-smb-revenue"
    bakery = entries["Craft bakeries"]
    assert bakery["url"] == "market/segments.html#segment-bakeries" and bakery["keys"] == "bakeries"
    assert "Flour forecasts" in bakery["text"] and bakery["where"] == "Customers"
    assert entries["Baking fair stand"]["url"] == "campaigns.html#campaign-fair"


def test_a_hit_shows_the_plans_words_and_finds_its_codes_without_showing_them(tmp_path):
    """The format's English codes (a goal's metric and period, a campaign's type and plane)
    and other items' ids are no words for a Polish or Chinese reader: found, not shown."""
    entries = {e["title"]: e for e in _index(_build(tmp_path))["entries"]}
    goal, fair = entries["smb-revenue"], entries["Baking fair stand"]
    assert goal["text"] == "" and goal["keys"] == "smb-revenue deals 2027 year"
    assert fair["text"] == "" and fair["keys"] == "fair marketing prospecting bakeries"


def test_polish_and_chinese_words_are_kept_as_written(tmp_path):
    entries = {e["title"]: e for e in _index(_build(tmp_path))["entries"]}
    # the prose's own first heading repeats the title: one entry, not two
    assert [e for e in entries if e == "Wstęp i cele"] == ["Wstęp i cele"]
    assert entries["Wstęp i cele"]["text"] == "Budżet na rok 2027."
    assert entries["销售目标"]["url"] == "intro.html#销售目标"
    assert entries["销售目标"]["text"] == "深圳客户"


def test_the_same_plan_gives_the_same_bytes(tmp_path):
    first = (_build(tmp_path, "one") / "search-index.js").read_bytes()
    assert (_build(tmp_path, "two") / "search-index.js").read_bytes() == first


def test_every_page_has_the_search_box_and_the_vendored_library_ships(tmp_path):
    site = _build(tmp_path)
    page = (site / "market" / "segments.html").read_text(encoding="utf-8")
    assert 'data-sg-index="../search-index.js"' in page and 'src="../assets/search.js"' in page
    assert (site / "assets" / "vendor" / "minisearch.js").read_bytes().startswith(b"(function (global, factory)")
    assert "Permission is hereby granted" in (site / "assets" / "vendor" / "minisearch.LICENSE.txt").read_text()


def test_a_page_s_own_prose_gives_the_index_what_its_markdown_gives():
    """`sitegen build` takes each section's search text from the prose its page worker
    rendered (links to other sections resolved), instead of rendering the Markdown again."""
    from sitegen.site.engine.markdown import render_markdown, render_with_toc
    from sitegen.site.pages.search import prose_parts

    body = ("Lead with [the funnel](../sales/funnel.md#stages) and ![a chart](chart.png).\n\n"
            "## Targets &amp; *risks*\n\n| a | b |\n|---|---|\n| [x](javascript:alert(1)) | `code` |\n\n"
            "## Targets &amp; *risks*\n\n![remote](https://example.com/x.png)\n")
    on_the_page = render_with_toc(body, lambda href: "../../sales/funnel.html#stages" if href.endswith("#stages") else None)
    assert "funnel.html" in on_the_page.html
    assert prose_parts(on_the_page.html) == prose_parts(render_markdown(body))
    assert [anchor for _, anchor, _ in prose_parts(on_the_page.html)] == ["", "targets-risks", "targets-risks-1"]
