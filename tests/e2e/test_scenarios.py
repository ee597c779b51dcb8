"""The scenario switch in a real browser (§9), over HTTP and from file://.

A sales lead opens the dashboard, picks "Two more SDRs" and sees that
scenario's numbers; the choice is in the address (a link to send round), and
follows the reader to the goal pages. Every number was rendered at build time:
the switch only shows one block and hides the others.
"""

from __future__ import annotations

import pytest

from tests.conftest import run_cli, write_plan

from .helpers import wait_for_charts

pytestmark = pytest.mark.e2e

FUNNEL = (
    "---\ntitle: Funnel\nkind: funnel\nid: main\ndeal_size: 10000\nstages:\n"
    "  - {id: lead, name: Lead, conversion: 20%}\n  - {id: proposal, name: Proposal, conversion: 50%}\n"
    "activities:\n  - {name: Calls, stage: lead, per_unit: 1, minutes: 60, role: sdr}\n---\nHow we win.\n"
)
TEAM = "---\ntitle: Team\nkind: resources\nteam:\n  - {id: sdr, role: SDR, headcount: 2}\n---\nWho.\n"
GOALS = (
    "---\ntitle: Goals\nkind: goals\ngoals:\n"
    "  - {id: rev-2027, metric: revenue, target: 1000000, period: 2027}\n---\nWhat.\n"
)
PLAN_YAML = (
    "title: Switch plan\nperiod: {start: 2027-01-01, end: 2027-12-31}\nscenarios:\n"
    "  - {id: worse, name: Conversion down, adjust: {conversion: '-20%'}}\n"
    "  - {id: hire, name: Two more SDRs, adjust: {headcount: {sdr: +2}}}\n"
)
VISIBLE_KPIS = ".sg-scenario-block:not([hidden]) .sg-kpi"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("switch")
    write_plan(root, {"funnel.md": FUNNEL, "team.md": TEAM, "goals.md": GOALS}, PLAN_YAML)
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=root)
    assert code == 0, out + err
    return root / "public"


def leads_shown(page) -> str:
    tile = page.locator(VISIBLE_KPIS).filter(has_text="Leads needed")
    assert tile.count() == 1
    return tile.locator(".sg-kpi-value").inner_text()


def test_the_switch_shows_a_scenario_and_keeps_it_in_the_url(page, site, serve_dir):
    base = serve_dir(site)
    page.visit(base + "index.html")
    assert leads_shown(page) == "1,000"  # won 100, proposal 200, lead 1,000
    page.select_option("#sg-scenario-select", "worse")
    assert page.url.endswith("index.html?scenario=worse")
    assert leads_shown(page) == "1,563"  # 16 % and 40 %: ceil(250 / 0.16)
    assert "Showing scenario: Conversion down" in page.locator(".sg-scenario-block:not([hidden])").inner_text()
    # the choice follows the reader to the goal page, whose table shows the scenario's figures
    page.locator("#sg-nav a", has_text="Goals").click()
    page.wait_for_url("**/goals.html?scenario=worse")
    assert "1,563" in page.locator(".sg-scenario-block:not([hidden]) table").inner_text()
    assert page.locator("#sg-scenario-select").input_value() == "worse"
    # back to the plan as written: the address loses the parameter
    page.select_option("#sg-scenario-select", "")
    assert page.url.endswith("goals.html")
    assert "1,000" in page.locator(".sg-scenario-block:not([hidden]) table").inner_text()
    page.assert_clean()


def test_the_switch_works_from_file_urls(page, site):
    url = (site / "index.html").as_uri()
    page.visit(url + "?scenario=hire")
    assert page.locator("#sg-scenario-select").input_value() == "hire"
    assert "Two more SDRs" in page.locator(".sg-scenario-block:not([hidden])").inner_text()
    page.select_option("#sg-scenario-select", "worse")
    page.wait_for_function("() => location.search === '?scenario=worse'")
    assert leads_shown(page) == "1,563"
    href = page.locator("#sg-nav a", has_text="Goals").get_attribute("href")
    assert href == "goals.html?scenario=worse"
    page.assert_clean()


def test_an_unknown_scenario_in_the_url_shows_the_plan_as_written(page, site, serve_dir):
    page.visit(serve_dir(site) + "index.html?scenario=nope")
    assert page.locator("#sg-scenario-select").input_value() == ""
    assert leads_shown(page) == "1,000"
    page.assert_clean()


# Each tornado's driver labels as drawn: their text, and whether each lies inside its figure.
_TORNADO_LABELS_JS = """() => [...document.querySelectorAll('figure.sg-chart[id^="sg-tornado-"]')].map(f => {
  const box = f.getBoundingClientRect();
  const ticks = [...f.querySelectorAll('.ytick text')];
  const plot = f.querySelector('.nsewdrag').getBoundingClientRect();
  return {id: f.id, labels: ticks.map(t => t.textContent), plot_width: plot.width, box_width: box.width,
          cut: ticks.filter(t => { const r = t.getBoundingClientRect();
                                   return r.left < box.left - 0.5 || r.right > box.right + 0.5; }).map(t => t.textContent)};
})"""


def test_on_a_phone_the_tornado_names_every_driver_and_leaves_the_bars_room(page, built_sites, sites_base_url):
    """"Conversion: Workshop and proof of concept" on one line took most of a phone's width and
    ran off the card's left edge; the bars were a thumb wide. (The example plan has the most
    drivers; the layout does not depend on the language.)"""
    assert not built_sites["en"].error, built_sites["en"].output
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.visit(f"{sites_base_url}en/scenarios.html")
    wait_for_charts(page)
    tornadoes = page.evaluate(_TORNADO_LABELS_JS)
    assert [t["id"] for t in tornadoes] == ["sg-tornado-leads", "sg-tornado-use"]
    for tornado in tornadoes:
        assert tornado["cut"] == [], f"{tornado['id']}: labels run off the card: {tornado['cut']}"
        assert tornado["plot_width"] >= tornado["box_width"] / 3, tornado
    page.assert_clean()
