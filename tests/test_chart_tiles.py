"""Story: a chart that would draw one bar shows its number large instead (a lone bar compares
nothing), and where a chart has a status — a goal off track, a role over capacity — the colour
says it, and a mark and words say it too."""

from __future__ import annotations

import html as html_module
import re
from decimal import Decimal
from pathlib import Path

from conftest import chart_figure, md

from sitegen.compute.results import RoleCapacity
from sitegen.site.charts.figures import capacity_chart
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import translator

GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: new-logos, name: New logos, metric: customers, target: 40, period: 2027}\n"
    "  - {id: q1-deals, metric: deals, target: 12, period: 2027-Q1}\n"
    "  - {id: q2-deals, metric: deals, target: 15, period: 2027-Q2}\n"
)
BUDGET = md("title: Budget\nkind: budget\ntotal: 50000\nlines:\n  - {name: Fair, amount: 12000, category: events}\n")
REVIEW_YAML = "title: T\ncurrency: USD\nperiod: {start: 2027-01-01, end: 2027-12-31}\nreview: {as_of: 2027-06-30}\n"


def _build(tmp_path: Path, write_plan, run_cli, files: dict, plan_yaml: str = REVIEW_YAML) -> Path:
    plan = write_plan(tmp_path, files, plan_yaml)
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    return tmp_path / "site"


def _tile(html: str, chart_id: str) -> str:
    found = re.search(rf'<figure class="sg-chart-tile[^"]*" id="{chart_id}">(.*?)</figure>', html, re.S)
    assert found, f"no big number #{chart_id}"
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip())




def test_one_goal_of_a_metric_is_a_big_number_and_two_are_a_chart(tmp_path: Path, write_plan, run_cli) -> None:
    site = _build(tmp_path, write_plan, run_cli, {"goals.md": GOALS})
    html = (site / "goals.html").read_text(encoding="utf-8")
    tile = _tile(html, "sg-targets-customers")
    assert tile.startswith("Customers target 40 2027 Show data table"), tile
    assert '<figure class="sg-chart" id="sg-targets-customers"' not in html  # no lone bar next to it
    deals = chart_figure(html, "sg-targets-deals")  # two periods: bars to compare
    assert [trace["y"] for trace in deals["data"]] == [[12, 15]]


def test_a_budget_spent_in_one_category_is_its_amount(tmp_path: Path, write_plan, run_cli) -> None:
    site = _build(tmp_path, write_plan, run_cli, {"budget.md": BUDGET})
    html = (site / "budget.html").read_text(encoding="utf-8")
    assert _tile(html, "sg-budget-category").startswith("Planned budget by category $12,000 Events"), _tile(html, "sg-budget-category")


ACTUALS_ONE = md("title: Results\nkind: actuals\nactuals:\n  - {goal: new-logos, value: 8, as_of: 2027-06-30}\n")
ACTUALS_TWO = md(
    "title: Results\nkind: actuals\nactuals:\n"
    "  - {goal: new-logos, value: 19, as_of: 2027-06-30}\n  - {goal: q1-deals, value: 6, as_of: 2027-03-31}\n"
)


def test_one_goals_attainment_is_a_big_number_with_its_status(tmp_path: Path, write_plan, run_cli) -> None:
    site = _build(tmp_path, write_plan, run_cli, {"goals.md": GOALS, "results.md": ACTUALS_ONE})
    html = (site / "results.html").read_text(encoding="utf-8")
    # 8 of 40 by mid-year, about 20 expected: off track — red, ✕, in words
    assert 'class="sg-chart-tile sg-tone-bad" id="sg-attainment"' in html
    assert _tile(html, "sg-attainment").startswith("Attainment: latest actual as a share of each goal's target 20% ✕ New logos (2027) 8 / 40"), _tile(html, "sg-attainment")
    assert "Off track" in _tile(html, "sg-attainment")


def test_attainment_bars_are_coloured_and_labelled_by_status(tmp_path: Path, write_plan, run_cli) -> None:
    site = _build(tmp_path, write_plan, run_cli, {"goals.md": GOALS, "results.md": ACTUALS_TWO})
    html = (site / "results.html").read_text(encoding="utf-8")
    on_track, missed = chart_figure(html, "sg-attainment")["data"]
    # New logos: 19 of ~20 expected → on track (green ✓); Q1 deals: 6 of 12 after the quarter → missed (red ✕);
    # one trace per status, so the legend names each colour and mark
    assert (on_track["name"], on_track["marker"]["color"], on_track["text"]) == ("✓ On track", "var(--good)", ["✓", ""])
    assert (missed["name"], missed["marker"]["color"], missed["text"]) == ("✕ Missed", "var(--bad)", ["", "✕"])
    assert on_track["y"] == missed["y"] == ["New logos", "q1-deals"] and on_track["x"][1] is None
    assert "✕ Missed" in html.split('id="sg-attainment"')[1]  # the data table says it too


def test_on_a_phone_attainment_bars_keep_the_width_and_their_order(tmp_path: Path, write_plan, run_cli) -> None:
    """A phone's axis shows each goal's name on two short lines (sitegen.js swaps `meta.short_y`
    in for `y`), and the category order it is given is the same names: one list for both."""
    goals = GOALS.replace("name: New logos,", "name: New logos won from the partner channel,")
    site = _build(tmp_path, write_plan, run_cli, {"goals.md": goals, "results.md": ACTUALS_TWO})
    figure = chart_figure((site / "results.html").read_text(encoding="utf-8"), "sg-attainment")
    short = ["New logos won from the<br>partner channel", "q1-deals"]
    assert [trace["meta"]["short_y"] for trace in figure["data"]] == [short, short]
    assert figure["layout"]["meta"]["short_categories"] == short


def _capacity(use_needed: list[tuple[str, str, int, int]]) -> list[RoleCapacity]:
    return [RoleCapacity(role, role.title(), period, Decimal(needed), Decimal(available), Decimal(1))
            for role, period, needed, available in use_needed]


def test_the_capacity_bar_chart_colours_by_status_not_by_role() -> None:
    t, fmt = translator("en"), Formatter("en", "USD")
    chart = capacity_chart("c", _capacity([("ae", "2027-Q1", 120, 100), ("ae", "2027-Q2", 50, 100),
                                            ("sdr", "2027-Q1", 90, 100)]), t, fmt)
    ae, sdr = chart.figure["data"]
    assert ae["marker"]["color"] == ["var(--bad)", "var(--chart-1)"] and ae["text"] == ["▲", ""]
    assert sdr["marker"]["color"] == ["var(--chart-1)"]
    assert ae["marker"]["pattern"]["shape"] != sdr["marker"]["pattern"]["shape"]  # roles told apart by pattern
    assert [row[-1] for row in chart.table.rows] == ["120% ▲", "90%", "50%"]
    single = capacity_chart("c", _capacity([("ae", "2027", 120, 100)]), t, fmt)
    assert single.tile is not None and (single.tile.value, single.tile.tone, single.tile.mark) == ("120%", "bad", "▲")


def _funnel(segment: str, stages: list[str]) -> str:
    lines = "".join(f"  - {{id: {s}, name: {s.title()} stage with a rather long name, conversion: 0.5}}\n" for s in stages)
    return md(f"title: {segment} funnel\nkind: funnel\nsegment: {segment}\ndeal_size: 1000\nstages:\n{lines}")


def test_every_funnel_uses_one_stage_scale(tmp_path: Path, write_plan, run_cli) -> None:
    segments = md("title: Segments\nkind: segments\nsegments:\n  - {id: smb, name: Small}\n  - {id: ent, name: Large}\n")
    goals = md("title: Goals\nkind: goals\ngoals:\n"
               "  - {id: smb-rev, metric: revenue, target: 10000, period: 2027, segment: smb}\n"
               "  - {id: ent-rev, metric: revenue, target: 50000, period: 2027, segment: ent}\n")
    site = _build(tmp_path, write_plan, run_cli, {
        "segments.md": segments, "goals.md": goals,
        "smb.md": _funnel("smb", ["lead", "demo"]), "ent.md": _funnel("ent", ["target", "meeting", "pilot", "deal"]),
    })
    small = chart_figure((site / "smb.html").read_text(encoding="utf-8"), "sg-funnel-0")["data"][0]
    large = chart_figure((site / "ent.html").read_text(encoding="utf-8"), "sg-funnel-0")["data"][0]
    # stage k is step k of one ramp on every funnel; won deals are the "good" colour
    assert small["marker"]["color"] == ["var(--stage-1)", "var(--stage-2)", "var(--good)"]
    assert large["marker"]["color"] == ["var(--stage-1)", "var(--stage-2)", "var(--stage-3)", "var(--stage-4)", "var(--good)"]
    # a phone's axis gets the names cut to fit; the hover keeps them whole
    assert large["meta"]["short_y"][0] == "Target stage with a ra…" and large["customdata"][0] == large["y"][0]


def test_a_deep_funnels_narrow_bars_carry_their_count_beside_them(tmp_path: Path, write_plan, run_cli) -> None:
    # 3,200 leads down to 100 deals: on a phone the last bars are slivers, and a count forced
    # inside one ran over its edges; the wide bars keep theirs inside (checked drawn in tests/e2e/test_charts.py)
    funnel = md("title: Funnel\nkind: funnel\ndeal_size: 1000\nstages:\n"
                "  - {id: lead, name: Lead, conversion: 0.5}\n  - {id: call, name: Call, conversion: 0.25}\n"
                "  - {id: demo, name: Demo, conversion: 0.5}\n")
    goals = md("title: Goals\nkind: goals\ngoals:\n  - {id: rev, metric: revenue, target: 100000, period: 2027}\n")
    site = _build(tmp_path, write_plan, run_cli, {"goals.md": goals, "funnel.md": funnel})
    trace = chart_figure((site / "funnel.html").read_text(encoding="utf-8"), "sg-funnel-0")["data"][0]
    assert trace["text"] == ["1,600", "800", "200", "100"]
    assert trace["textposition"] == ["inside", "inside", "outside", "outside"]
    assert trace["cliponaxis"] is False  # a count beside the bar is never cut by the plot area


def test_over_budget_is_red_marked_and_said_in_words(tmp_path: Path, write_plan, run_cli) -> None:
    over = md("title: Budget\nkind: budget\ntotal: 10000\nlines:\n  - {name: Fair, amount: 12000, category: events}\n")
    site = _build(tmp_path, write_plan, run_cli, {"budget.md": over})
    page = html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (site / "budget.html").read_text(encoding="utf-8"))))
    assert "Remaining -$2K ▲ Over budget by $2,000" in page
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    tile = re.search(r'<div class="sg-kpi sg-tone-bad[^"]*">\s*<dt class="sg-kpi-label"><a[^>]*>Budget planned</a></dt>(.*?)</div>',
                     dashboard, re.S)
    assert tile, "the dashboard's budget tile is not red"
    assert "$12K ▲" in tile.group(1) and "Over budget by $2,000" in tile.group(1)


def test_the_review_chart_draws_the_actual_line_in_its_status_colour(tmp_path: Path, write_plan, run_cli) -> None:
    site = _build(tmp_path, write_plan, run_cli, {"goals.md": GOALS, "results.md": ACTUALS_ONE})
    figure = chart_figure((site / "review.html").read_text(encoding="utf-8"), "sg-review-new-logos")
    actual = figure["data"][1]
    assert (actual["name"], actual["line"]["color"]) == ("Actual (✕ Off track)", "var(--bad)")
