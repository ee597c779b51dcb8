"""A scenario that changes nothing is the base plan, whatever the plan (§9).

Written with no `adjust`, or with every change at zero (`+0%`, headcount
`+0`), with or without a segment: the scenario's whole computation —
goals, capacity, budget, headline, warnings — equals the base's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from conftest import ROOT, analyse_files, md
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.load import plan_sources
from sitegen.load.sources import PlanSources
from sitegen.pipeline import analyse

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERCENT = st.integers(1, 100).map(lambda p: f"{p}%")
MONEY = st.integers(1, 10**7)
SEGMENT = st.sampled_from([None, "smb", "smb-retail", "enterprise"])
NOTHING = st.sampled_from([
    "",
    "adjust: {}",
    "adjust: {conversion: '+0%', deal_size: '-0%', target: '+0%', headcount: {sdr: 0, ae: +0}}",
    "adjust: {conversion: {lead: '+0%', won: '-0%'}}",
])


def plan_files(rates: list[str], deal_size: int, targets: list[int], heads: list[int], segments: list,
               year_target: int | None = None) -> dict:
    funnel = md(
        f"title: F\nkind: funnel\ndeal_size: {deal_size}\nstages:\n"
        f"  - {{id: lead, name: Lead, conversion: '{rates[0]}'}}\n"
        f"  - {{id: won, name: Won, conversion: '{rates[1]}'}}\n"
        "activities:\n  - {name: Calls, stage: lead, per_unit: 2, minutes: 20, role: sdr}\n"
        "  - {name: Demos, stage: won, per_unit: 1, minutes: 90, role: ae}\n"
        "  - {name: Notes, stage: won, per_unit: '0.5', minutes: 7}\n"
    )
    segs = md(
        "title: S\nkind: segments\nsegments:\n  - {id: smb, name: SMB, size: 300}\n"
        "  - {id: smb-retail, name: Retail, parent: smb}\n  - {id: enterprise, name: Enterprise}\n"
    )
    team = md(f"title: T\nkind: resources\nteam:\n  - {{id: sdr, role: SDR, headcount: {heads[0]}}}\n"
              f"  - {{id: ae, role: AE, headcount: {heads[1]}}}\n")
    offer = md("title: O\nkind: offer\nproducts:\n  - {id: suite, name: Suite, price: 25000, margin: 40%}\n")
    lines = "".join(
        f"  - {{id: g{i}, metric: revenue, target: {t}, period: 2027-Q{i % 4 + 1}"
        f"{f', segment: {s}' if s else ''}{', product: suite' if i % 3 == 2 else ''}}}\n"
        for i, (t, s) in enumerate(zip(targets, segments, strict=False))
    )
    if year_target is not None:  # a goal holding the quarters' goals: its remainder is spread too (§7)
        lines += f"  - {{id: year, metric: revenue, target: {year_target}, period: 2027}}\n"
    goals = md("title: G\nkind: goals\ngoals:\n" + lines)
    return {"f.md": funnel, "s.md": segs, "t.md": team, "o.md": offer, "g.md": goals}


def scenario_yaml(segment: str | None, nothing: str) -> str:
    fields = ", ".join(f for f in ("id: same", "name: Same", f"segment: {segment}" if segment else "", nothing) if f)
    return "title: P\nperiod: {start: 2027-01-01, end: 2027-12-31}\nscenarios:\n  - {" + fields + "}\n"


def assert_same_as_base(analysis) -> None:
    assert not [d for d in analysis.diagnostics if d.severity == "error"]
    base = dataclasses.replace(analysis.computed, scenarios=(), tornado=None)
    (only,) = analysis.computed.scenarios
    assert only.computed == base


@SETTINGS
@given(
    st.lists(PERCENT, min_size=2, max_size=2), MONEY,
    st.lists(MONEY, min_size=1, max_size=6), st.lists(st.integers(0, 5), min_size=2, max_size=2),
    st.lists(SEGMENT, min_size=6, max_size=6), SEGMENT, NOTHING,
)
def test_a_scenario_without_changes_equals_the_base(rates, deal_size, targets, heads, segments, segment, nothing):
    files = plan_files(rates, deal_size, targets, heads, segments)
    assert_same_as_base(analyse_files(files, scenario_yaml(segment, nothing)))


def test_the_example_plan_with_a_scenario_of_no_changes_equals_its_base():
    sources = plan_sources(Path(ROOT / "plan"))
    files = dict(sources.files)
    written = files["plan.yaml"].partition(b"\nscenarios:")[0]  # its own scenarios are the last block
    files["plan.yaml"] = written + b"\nscenarios:\n  - {id: same, name: Same, adjust: {target: '+0%'}}\n"
    assert_same_as_base(analyse(PlanSources(files=files, display_root="plan")))


def alone(adjusted):
    """A fresh compute of an adjusted plan: its own calendar, nothing kept from the base."""
    from sitegen.compute import compute_plan

    settings = adjusted.settings.model_copy(update={"scenarios": ()})
    return compute_plan(dataclasses.replace(adjusted, settings=settings))


def assert_tornado_computed_alone(plan, computed) -> None:
    """Each ±10 % figure of the tornado equals its adjusted plan computed alone."""
    from sitegen.compute.adjust import adjust
    from sitegen.compute.sensitivity import STEP, _changes, outcome
    from sitegen.model.scenario import Scenario

    for (kind, key, change), driver in zip(_changes(plan), computed.sensitivity.drivers, strict=True):
        assert (driver.kind, driver.key) == (kind, key)
        for step, found in ((-STEP, driver.low), (STEP, driver.high)):
            moved = adjust(plan, Scenario.model_construct(id=kind, name=kind, adjust=change(step)))
            assert outcome(alone(moved)) == found, (kind, key, step)


def test_each_scenario_and_tornado_figure_equals_a_computation_of_its_own():
    """The base, the scenarios and the sensitivity runs share one calendar and what it keeps
    (`compute.kept`: shares, timings, monthly plans, hours available): each scenario of the
    example plan, and each ±10 % figure of its tornado, equals its adjusted plan computed alone."""
    from sitegen.compute.adjust import adjust

    analysis = analyse(plan_sources(Path(ROOT / "plan")))
    plan, computed = analysis.plan, analysis.computed
    assert plan is not None and computed is not None and computed.scenarios and computed.sensitivity
    for scenario, result in zip(plan.settings.scenarios, computed.scenarios, strict=True):
        assert alone(adjust(plan, scenario)) == result.computed
    assert_tornado_computed_alone(plan, computed)


@SETTINGS
@given(
    st.lists(PERCENT, min_size=2, max_size=2), MONEY,
    st.lists(MONEY, min_size=1, max_size=6), st.lists(st.integers(0, 5), min_size=2, max_size=2),
    st.lists(SEGMENT, min_size=6, max_size=6), st.none() | st.integers(1, 6 * 10**7),
)
def test_each_tornado_figure_equals_a_computation_of_its_own(rates, deal_size, targets, heads, segments, year):
    """The tornado's runs compute only what its two figures read (won deals, entries per stage,
    activity hours, hours per month, capacity): whatever the plan, each figure is the one the
    whole computation of its adjusted plan gives."""
    files = plan_files(rates, deal_size, targets, heads, segments, year)
    analysis = analyse_files(files, scenario_yaml(None, "adjust: {target: '+5%'}"))
    assert not [d for d in analysis.diagnostics if d.severity == "error"]
    assert_tornado_computed_alone(analysis.plan, analysis.computed)
