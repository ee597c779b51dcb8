"""Every chart of every example site is drawn, and its data table says what plan.json says.

A sales lead reads the chart; a screen-reader user or a reviewer checking
the numbers opens the data table under it. Both must show the computed
plan: the reverse funnel of each goal, capacity use per role and period,
budget by plane/period/category, targets by period and segment, field work
per territory. Each site (en, pl, zh) is crawled once per session (crawl.py,
shared with test_sites.py): on every page holding a chart the charts are
awaited, and what the browser drew and the table cells (locale-formatted
text) are recorded; the tests then compare those numbers with the site's own
plan.json.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from .crawl import SiteCrawl
from .helpers import PageProblems, parse_number, period_text, site_messages

pytestmark = pytest.mark.e2e

MONEY = Decimal("0.005")  # money shows 2 decimals
ROUNDED = Decimal("0.5")  # numbers shown rounded to a whole number (or a whole percent)


@dataclass
class ChartCrawl:
    """What the browser showed on each page that has charts (read from the site's crawl)."""

    charts: dict[str, list[dict]] = field(default_factory=dict)  # page → chart reports
    problems: dict[str, PageProblems] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)  # page → figures in the HTML file

    def all(self) -> list[tuple[str, dict]]:
        return [(rel, c) for rel, charts in self.charts.items() for c in charts]

    def by_id(self, *ids: str) -> list[tuple[str, dict]]:
        return [(rel, c) for rel, c in self.all() if c["id"] in ids]


@pytest.fixture
def charts(crawl: SiteCrawl) -> ChartCrawl:
    return ChartCrawl(
        charts=crawl.charts,
        problems={rel: crawl.pages[rel].problems for rel in crawl.chart_counts},
        expected=crawl.chart_counts,
    )


@pytest.fixture
def plan(built_site) -> dict:
    return json.loads(built_site.path("plan.json").read_text(encoding="utf-8"))


def _shown(built_site) -> tuple[dict[str, str], dict[str, str]]:
    """Goal id → the label the site shows (its `name`, else the id), and budget category →
    its label, read from the plan the site was built from (plan.json keeps ids only)."""
    from sitegen.pipeline import analyse_folder
    from sitegen.site.pages.execution import category_label

    plan = analyse_folder(built_site.plan).plan
    goals = {p.item.id: getattr(p.item, "name", None) or p.item.id for p in plan.goals}
    names: dict[str, str] = {}
    for placed in plan.budgets:
        names.update(placed.item.categories or {})
    categories = {c: category_label(c, names) for p in plan.budget_lines if (c := p.item.category)}
    return goals, categories


def _num(text: str, language: str) -> Decimal:
    value = parse_number(text, language)
    assert value is not None, f"no number in table cell {text!r}"
    return value


def _close(shown: Decimal, expected: float | int, tolerance: Decimal) -> bool:
    return abs(shown - Decimal(str(expected))) <= tolerance


# --------------------------------------------------------------------------
# Drawn
# --------------------------------------------------------------------------


def test_every_chart_is_drawn_with_marks(built_site, charts):
    assert charts.expected, f"{built_site.name}: no page has a chart"
    bad = []
    for rel, problems in charts.problems.items():
        if problems:
            bad.append(f"{rel}: page problems\n{problems.format()}")
    for rel, expected in charts.expected.items():
        drawn = len([c for c in charts.charts.get(rel, []) if not c["tile"]])
        if drawn != expected:
            bad.append(f"{rel}: {expected} charts in the HTML, {drawn} in the DOM")
    for rel, chart in charts.all():
        where = f"{rel}#{chart['id']}"
        if chart["tile"]:  # one bar's number, shown large: nothing drawn, the number is there
            if not (chart["value"] or "").strip():
                bad.append(f"{where}: a big number without its number")
        elif chart["fallback_shown"] or chart["svgs"] == 0:
            bad.append(f"{where}: not drawn (fallback shown: {chart['fallback_shown']})")
        elif not chart["marks"] or 0 in chart["marks"]:
            bad.append(f"{where}: a trace without marks: {chart['marks']}")
        if not chart["rows"]:
            bad.append(f"{where}: empty data table")
    assert not bad, f"{built_site.name}:\n" + "\n".join(bad)


def test_funnel_charts_draw_one_mark_per_table_row(built_site, charts):
    funnels = [(rel, c) for rel, c in charts.all() if c["id"].startswith("sg-funnel-")]
    assert funnels, f"{built_site.name}: no funnel chart"
    for rel, chart in funnels:
        assert sum(chart["marks"]) == len(chart["rows"]), f"{rel}#{chart['id']}"


# --------------------------------------------------------------------------
# Tables match plan.json
# --------------------------------------------------------------------------


def test_funnel_tables_show_the_required_count_of_every_stage(built_site, charts, plan):
    lang = plan["language"]
    title = site_messages(lang)["chart.funnel_title"]
    funnels = [c for _, c in charts.all() if c["id"].startswith("sg-funnel-")]
    goals = [g for g in plan["goals"] if g.get("stages") and g.get("won") is not None]
    assert goals, "plan.json has no goal with a funnel"
    shown_goals = _shown(built_site)[0]
    for goal in goals:
        caption = title.format(goal=shown_goals[goal["id"]], period=period_text(goal["period"], lang))
        mine = [c for c in funnels if c["caption"].startswith(caption)]
        assert len(mine) == 1, f"{goal['id']}: {len(mine)} funnel charts titled {caption!r}"
        rows = mine[0]["rows"]
        expected = [(s["name"], s["required"]) for s in goal["stages"]]
        expected.append((site_messages(lang)["funnel.won_deals"], goal["won"]))
        shown = [(row[0], _num(row[-1], lang)) for row in rows]
        assert shown == [(name, Decimal(n)) for name, n in expected], goal["id"]
    assert len(funnels) == len(goals), "a funnel chart for a goal plan.json does not list"


@pytest.mark.parametrize("chart_id", ["sg-capacity", "sg-dash-capacity"])
def test_capacity_tables_show_hours_and_use_per_role_and_month(built_site, charts, plan, chart_id):
    """One row per month (then quarters and years, sums of months), one column per role:
    each cell reads "use · needed / available h", as plan.json's capacity_months say."""
    lang = plan["language"]
    found = charts.by_id(chart_id)
    assert found, f"{built_site.name}: no #{chart_id} chart"
    months = list(dict.fromkeys(c["month"] for c in plan["capacity_months"]))
    whole_team = site_messages(lang)["activity.whole_team"]
    cells = {(c["role"] or whole_team, c["month"]): c for c in plan["capacity_months"]}
    for rel, chart in found:
        roles = chart["headers"][1:]
        assert roles and len(chart["rows"]) > len(months), f"{rel}#{chart_id}"
        year_row = chart["rows"][-1]
        for row, month in zip(chart["rows"], months, strict=False):
            for role, cell in zip(roles, row[1:], strict=True):
                use, hours = cell.split("·")
                needed, available = hours.replace("h", "").split("/")
                entry = cells[(role, month)]
                assert _close(_num(needed, lang), entry["needed"], ROUNDED), (rel, role, month, cell)
                assert _close(_num(available, lang), entry["available"], ROUNDED), (rel, role, month, cell)
                if entry["use"] is not None:
                    assert _close(_num(use.replace("▲", ""), lang), entry["use"] * 100, ROUNDED), (role, month, cell)
        for role, cell in zip(roles, year_row[1:], strict=True):  # the last row: the year, Σ of its months
            needed = sum(Decimal(str(cells[(role, m)]["needed"])) for m in months)
            assert _close(_num(cell.split("·")[1].split("/")[0], lang), needed, ROUNDED), (rel, role, cell)


def _amount_rows(chart: dict, lang: str) -> dict[str, Decimal]:
    return {row[0]: _num(row[1], lang) for row in chart["rows"]}


def test_budget_by_plane_matches_plan_json(built_site, charts, plan):
    lang = plan["language"]
    t = site_messages(lang)
    found = charts.by_id("sg-budget-plane")
    assert found, f"{built_site.name}: no budget-by-plane chart"
    expected = {t[f"plane.{p}"]: Decimal(str(v)) for p, v in plan["budget"]["by_plane"].items()}
    for rel, chart in found:
        assert _amount_rows(chart, lang) == expected, rel
    # and the planes list agrees with the budget's split
    assert {p["plane"]: p["budget"] for p in plan["planes"] if p["budget"]} == plan["budget"][
        "by_plane"
    ]


def test_budget_by_period_and_category_match_plan_json(built_site, charts, plan):
    lang = plan["language"]
    t = site_messages(lang)
    by_period = {
        (t["budget.whole_plan"] if k == "unscheduled" else period_text(k, lang)): Decimal(str(v))
        for k, v in plan["budget"]["by_period"].items()
    }
    labels = _shown(built_site)[1]
    by_category = {
        (
            t["budget.campaigns_category"] if k == "campaigns" else labels.get(k, k) or t["budget.uncategorized"]
        ): Decimal(str(v))
        for k, v in plan["budget"]["by_category"].items()
    }
    for chart_id, expected in (
        ("sg-budget-period", by_period),
        ("sg-budget-category", by_category),
    ):
        found = charts.by_id(chart_id)
        assert found, f"{built_site.name}: no #{chart_id} chart"
        for rel, chart in found:
            assert _amount_rows(chart, lang) == expected, f"{rel}#{chart_id}"


def _targets(plan: dict, metric: str) -> Counter:
    """(period, segment label) → summed target, as the targets chart groups goals."""
    none_label = site_messages(plan["language"])["chart.no_segment"]
    names = {s["id"]: s["name"] for s in plan["segments"]}
    sums: Counter = Counter()
    for g in plan["goals"]:
        if g["metric"] == metric:
            segment = names.get(g["segment"], g["segment"]) if g["segment"] else none_label
            sums[(period_text(g["period"], plan["language"]), segment)] += Decimal(str(g["target"]))
    return sums


def test_revenue_targets_on_the_dashboard_match_plan_json(built_site, charts, plan):
    lang = plan["language"]
    found = charts.by_id("sg-dash-targets")
    assert found, f"{built_site.name}: the dashboard has no targets chart"
    ((rel, chart),) = found
    shown = Counter({(p, s): _num(v, lang) for p, s, v in chart["rows"]})
    assert shown == _targets(plan, "revenue"), rel
    assert sum(shown.values()) > 0


def test_targets_per_metric_on_the_goals_page_match_plan_json(built_site, charts, plan):
    lang = plan["language"]
    metrics = sorted({g["metric"] for g in plan["goals"]})
    for metric in metrics:
        found = charts.by_id(f"sg-targets-{metric}")
        assert found, f"{built_site.name}: no targets chart for {metric}"
        for rel, chart in found:
            shown = {(p, s): _num(v, lang) for p, s, v in chart["rows"]}
            expected = _targets(plan, metric)
            assert set(shown) == set(expected), f"{rel}#{chart['id']}"
            for key, value in expected.items():
                assert _close(shown[key], value, MONEY), (metric, key, shown[key], value)


def test_territory_tables_match_plan_json(built_site, charts, plan):
    lang = plan["language"]
    if not plan["territories"]:
        assert not charts.by_id("sg-territories")
        return
    found = charts.by_id("sg-territories")
    assert found, f"{built_site.name}: territories in plan.json but no territory chart"
    expected = {x["name"]: x for x in plan["territories"]}
    for rel, chart in found:
        assert {row[0] for row in chart["rows"]} == set(expected), rel
        for name, load, capacity, reps, needed in chart["rows"]:
            x = expected[name]
            assert _close(_num(load, lang), x["load_per_rep_per_day"], MONEY), (name, load)
            assert _num(capacity, lang) == x["capacity_per_rep_per_day"], (name, capacity)
            assert _num(reps, lang) == x["reps"], (name, reps)
            assert _num(needed, lang) == x["reps_needed"], (name, needed)


def test_attainment_tables_name_real_goals_and_their_targets(built_site, charts, plan):
    lang = plan["language"]
    goals = {g["id"]: g for g in plan["goals"]}
    found = charts.by_id("sg-attainment", "sg-dash-attainment")
    by_label = {label: goal_id for goal_id, label in _shown(built_site)[0].items()}
    with_actuals = [g for g in plan["goals"] if g.get("attainment") is not None]
    assert bool(found) == bool(with_actuals), (
        f"{built_site.name}: attainment chart vs plan.json actuals"
    )
    for rel, chart in found:
        for goal_id, period, target, *_rest, attainment in chart["rows"]:
            goal = goals.get(by_label.get(goal_id, goal_id))
            assert goal is not None, f"{rel}: unknown goal {goal_id!r}"
            assert period == period_text(goal["period"], lang), (goal_id, period)
            assert _close(_num(target, lang), goal["target"], MONEY), (goal_id, target)
            assert 0 <= _num(attainment, lang) <= 1000, (goal_id, attainment)


# --------------------------------------------------------------------------
# Phone and desktop
# --------------------------------------------------------------------------

# Each funnel's stage labels: the text drawn on the axis and whether it lies inside its figure;
# and the counts that run over their bar's edge (a count is inside its bar or wholly beside it).
_FUNNEL_LABELS_JS = """() => [...document.querySelectorAll('figure.sg-chart')].filter(f => f.id.startsWith('sg-funnel-')).map(f => {
  const box = f.getBoundingClientRect();
  const ticks = [...f.querySelectorAll('.ytick text')];
  const straddling = [...f.querySelectorAll('.point')].filter(p => p.querySelector('text')).filter(p => {
    const bar = p.querySelector('path').getBoundingClientRect(), r = p.querySelector('text').getBoundingClientRect();
    const within = r.left >= bar.left - 0.5 && r.right <= bar.right + 0.5;
    return !within && r.left < bar.right - 0.5;
  }).map(p => p.querySelector('text').textContent);
  return {id: f.id, labels: ticks.map(t => t.textContent), straddling,
          inside: ticks.every(t => { const r = t.getBoundingClientRect(); return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; })};
})"""


@pytest.mark.parametrize("width", [390, 1440])
def test_funnel_stage_labels_and_counts_fit_on_a_phone_and_are_whole_on_a_desktop(page, built_site, width):
    from .crawl import funnel_page
    from .helpers import wait_for_charts

    rel = funnel_page(built_site)
    assert rel, f"{built_site.name}: no funnel page"
    page.page.set_viewport_size({"width": width, "height": 900})
    problems = page.visit(built_site.url(rel))
    assert not problems, problems.format()
    wait_for_charts(page)
    funnels = page.page.evaluate(_FUNNEL_LABELS_JS)
    assert funnels
    for funnel in funnels:
        assert funnel["inside"], f"{rel}#{funnel['id']} at {width}px: a stage label is cut ({funnel['labels']})"
        assert funnel["straddling"] == [], f"{rel}#{funnel['id']} at {width}px: counts run over their bar's edges"
        whole = width == 1440
        assert all(not label.endswith("…") for label in funnel["labels"]) or not whole, (rel, funnel["labels"])
    page.assert_clean()
