"""The scenarios on the site (§9): the scenarios page, the switch's blocks, the tornado's numbers."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import analyse_files
from test_scenarios import BASE_FILES, with_scenarios

from sitegen.compute.sensitivity import Outcome

SCENARIOS = (
    "  - {id: worse, name: Conversion down, adjust: {conversion: '-20%'}}\n"
    "  - {id: hire, name: Two more SDRs, adjust: {headcount: {sdr: +2}}}\n"
)


def build(tmp_path, run_cli, write_plan, plan_yaml: str):
    write_plan(tmp_path, BASE_FILES, plan_yaml)
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, out + err
    return tmp_path / "public"


def test_the_scenarios_page_shows_the_plan_and_each_scenario(tmp_path, run_cli, write_plan):
    site = build(tmp_path, run_cli, write_plan, with_scenarios(SCENARIOS))
    page = (site / "scenarios.html").read_text()
    assert "Plan as written" in page and "Conversion down" in page and "Two more SDRs" in page
    # leads: 2 goals × 1,000 at the base; at -20 %: 2 × 1,563 = 3,126 (+56.3 %)
    assert "2,000" in page and "3,126" in page and "+56.3%" in page
    assert "conversion (all stages) -20%" in page and "headcount sdr +2" in page
    # the sensitivity charts are there, with their data tables
    assert 'id="sg-tornado-leads"' in page and 'id="sg-tornado-use"' in page
    # every page links to it
    assert 'href="scenarios.html"' in (site / "index.html").read_text()


def test_the_dashboard_and_goal_pages_hold_every_scenarios_numbers(tmp_path, run_cli, write_plan):
    site = build(tmp_path, run_cli, write_plan, with_scenarios(SCENARIOS))
    dashboard = (site / "index.html").read_text()
    assert 'data-sg-scenario-switch' in dashboard and 'assets/scenarios.js' in dashboard
    assert dashboard.count('data-sg-scenario="') == 3
    worse = dashboard.split('data-sg-scenario="worse"')[1].split('data-sg-scenario="hire"')[0]
    assert "3,126" in worse and "Showing scenario: Conversion down" in worse
    goals = (site / "goals.html").read_text()
    worse_goals = goals.split('data-sg-scenario="worse"')[1].split('data-sg-scenario="hire"')[0]
    assert "1,563" in worse_goals
    assert (site / "assets" / "scenarios.js").is_file()


def test_a_plan_without_scenarios_has_no_scenarios_page_nor_switch(tmp_path, run_cli, write_plan):
    from conftest import PLAN_YAML

    site = build(tmp_path, run_cli, write_plan, PLAN_YAML)
    assert not (site / "scenarios.html").exists()
    assert "data-sg-scenario" not in (site / "index.html").read_text()
    assert json.loads((site / "plan.json").read_text())["scenarios"] == []


def test_sensitivity_is_computed_by_running_the_plan_again():
    analysis = analyse_files(BASE_FILES, with_scenarios(SCENARIOS))
    found = analysis.computed.sensitivity
    assert found.base == Outcome(2000, found.base.peak_use)
    drivers = {(d.kind, d.key): d for d in found.drivers}
    assert set(drivers) == {("conversion", "lead"), ("conversion", "proposal"), ("deal_size", None),
                            ("headcount", "SDR"), ("headcount", "AE"), ("target", None)}
    # lead 20 % → 18 %: ceil(200 / 0.18) = 1,112 per goal; → 22 %: ceil(200 / 0.22) = 910
    lead = drivers[("conversion", "lead")]
    assert (lead.low.leads, lead.high.leads) == (2 * 1112, 2 * 910)
    # deal size 9,000: won ceil(111.1) = 112, proposal 224, lead 1,120; 11,000: won 91, 182, 910
    deal = drivers[("deal_size", None)]
    assert (deal.low.leads, deal.high.leads) == (2 * 1120, 2 * 910)
    # SDR hours: 2,000 calls of 1 h against 2 SDRs × 40 h/5 × 261 days = 4,176 h; 1.8 SDRs → 3,758.4 h
    sdr = drivers[("headcount", "SDR")]
    assert found.base.peak_use == Decimal(2000) / Decimal(4176)
    assert sdr.low.peak_use == Decimal(2000) / Decimal("3758.4")
    assert sdr.low.leads == sdr.high.leads == 2000


def test_the_resources_page_shows_quota_capacity_coverage_and_reps_needed(tmp_path, run_cli, write_plan):
    from test_scenarios import QUOTA_TEAM

    write_plan(tmp_path, dict(BASE_FILES, **{"team.md": QUOTA_TEAM}))
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, out + err
    page = (tmp_path / "public" / "team.html").read_text()
    assert "Quotas against the top revenue goals" in page and "Quota capacity per month" in page
    # Enterprise AE: 1,200,000 a year against ent-2027's 1,000,000: 120 %, 1 rep needed
    assert "$1,200,000" in page and "120%" in page and "ent-2027: 1" in page
    # AE: the month the hire starts at half speed, 2 × 300,000 × 22 / 261 + 300,000 × 11 / 261
    assert "$63,218" in page and "smb-2027: 4" in page
    data = json.loads((tmp_path / "public" / "plan.json").read_text())
    assert [q["role"] for q in data["quotas"]] == ["AE", "Enterprise AE"]
    assert data["quotas"][1]["coverage"] == 1.2


def test_sensitivity_false_leaves_the_tornado_out(tmp_path, run_cli, write_plan):
    site = build(tmp_path, run_cli, write_plan, with_scenarios(SCENARIOS) + "sensitivity: false\n")
    page = (site / "scenarios.html").read_text()
    assert "Conversion down" in page and "sg-tornado" not in page


def test_the_sensitivity_counts_leads_as_the_headline_does():
    analysis = analyse_files(BASE_FILES, with_scenarios(SCENARIOS))
    assert analysis.computed.sensitivity.base.leads == analysis.computed.headline.leads
