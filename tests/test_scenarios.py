"""Scenarios (PLAN_FORMAT §9) worked by hand: what if conversion drops, deals grow, two SDRs join?

A sales lead writes `scenarios:` in plan.yaml; each scenario is the whole
computation again on the adjusted plan, reported next to the base, which
stays exactly as it was.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from conftest import PLAN_YAML, analyse_files, md

FUNNEL = md(
    "title: Funnel\nkind: funnel\nid: main\ndeal_size: 10000\nstages:\n"
    "  - {id: lead, name: Lead, conversion: 20%}\n"
    "  - {id: proposal, name: Proposal, conversion: 50%}\n"
    "activities:\n  - {name: Calls, stage: lead, per_unit: 1, minutes: 60, role: sdr}\n"
)
SEGMENTS = md(
    "title: Segments\nkind: segments\nsegments:\n"
    "  - {id: smb, name: SMB}\n  - {id: smb-retail, name: SMB retail, parent: smb}\n"
    "  - {id: enterprise, name: Enterprise}\n"
)
TEAM = md("title: Team\nkind: resources\nteam:\n  - {id: sdr, role: SDR, headcount: 2}\n  - {id: ae, role: AE, headcount: 1}\n")


def goals(*lines: str) -> str:
    return md("title: Goals\nkind: goals\ngoals:\n" + "".join(f"  - {{{g}}}\n" for g in lines))


BASE_FILES = {
    "funnel.md": FUNNEL,
    "segments.md": SEGMENTS,
    "team.md": TEAM,
    "goals.md": goals(
        "id: smb-2027, metric: revenue, target: 1000000, period: 2027, segment: smb-retail",
        "id: ent-2027, metric: revenue, target: 1000000, period: 2027, segment: enterprise",
    ),
}


def with_scenarios(text: str) -> str:
    return PLAN_YAML + "scenarios:\n" + text


def analysed(scenarios: str, files: dict | None = None):
    analysis = analyse_files(files or BASE_FILES, with_scenarios(scenarios))
    errors = [d.line_text() for d in analysis.diagnostics if d.severity == "error"]
    assert not errors, errors
    return analysis


def scenario(analysis, scenario_id: str):
    return next(s.computed for s in analysis.computed.scenarios if s.id == scenario_id)


def by_goal(computed) -> dict:
    return {g.id: g for g in computed.goals}


def errors_of(scenarios: str, files: dict | None = None) -> list[str]:
    analysis = analyse_files(files or BASE_FILES, with_scenarios(scenarios))
    return [d.line_text() for d in analysis.diagnostics if d.severity == "error"]


def test_conversion_drop_needs_more_leads_and_the_base_is_untouched():
    # base: won = 1,000,000 / 10,000 = 100; proposal = 100 / 0.5 = 200; lead = 200 / 0.2 = 1,000
    # -20%: 50% → 40%, 20% → 16%: proposal = 100 / 0.4 = 250; lead = 250 / 0.16 = 1,562.5 → 1,563
    analysis = analysed("  - {id: worse, name: Conversion -20%, adjust: {conversion: '-20%'}}\n")
    base = by_goal(analysis.computed)["smb-2027"]
    worse = by_goal(scenario(analysis, "worse"))["smb-2027"]
    assert [s.required for s in base.stages] == [1000, 200]
    assert [s.required for s in worse.stages] == [1563, 250]
    assert worse.won == base.won == 100
    assert [a.count for a in worse.activities] == [1563]


def test_conversion_is_capped_at_100_percent():
    # proposal converts 50%: +150% would be 125%, capped at 100%: proposal = won = 100
    # lead only +10%: 20% → 22%: lead = ceil(100 / 0.22) = ceil(454.5) = 455
    analysis = analysed("  - {id: up, name: Up, adjust: {conversion: {proposal: '+150%', lead: '+10%'}}}\n")
    smb = by_goal(scenario(analysis, "up"))["smb-2027"]
    assert [(s.conversion, s.required) for s in smb.stages] == [(Decimal("0.22"), 455), (1, 100)]


def test_deal_size_and_target_changes():
    # deal size +25%: 12,500 a deal; target -10%: 900,000 → won = 900,000 / 12,500 = 72
    analysis = analysed("  - {id: mix, name: Mix, adjust: {deal_size: '+25%', target: '-10%'}}\n")
    smb = by_goal(scenario(analysis, "mix"))["smb-2027"]
    assert (smb.target, smb.deal_value, smb.won) == (900000, 12500, 72)


def test_a_scenario_per_segment_leaves_other_segments_alone_even_on_a_shared_funnel():
    # smb includes its sub-segment smb-retail; enterprise shares the funnel and keeps 20% / 50%
    analysis = analysed("  - {id: smb-worse, name: SMB worse, segment: smb, adjust: {conversion: '-20%', target: '+10%'}}\n")
    base, changed = by_goal(analysis.computed), by_goal(scenario(analysis, "smb-worse"))
    assert changed["ent-2027"] == base["ent-2027"]
    # smb-retail: target 1,100,000 → won 110; proposal 110 / 0.4 = 275; lead 275 / 0.16 = 1,718.75 → 1,719
    assert changed["smb-2027"].won == 110
    assert [s.required for s in changed["smb-2027"].stages] == [1719, 275]
    assert changed["smb-2027"].funnel == "main"


def test_headcount_change_moves_capacity_and_per_rep_figures():
    # 1,000 calls of 60 min = 1,000 h; 2 SDRs → per rep per day = 1,000 / 261 / 2; +2 SDRs → / 4
    analysis = analysed("  - {id: hire, name: Two more SDRs, adjust: {headcount: {sdr: +2}}}\n")
    base_call = by_goal(analysis.computed)["smb-2027"].activities[0]
    hired_call = by_goal(scenario(analysis, "hire"))["smb-2027"].activities[0]
    assert hired_call.headcount == 4 and base_call.headcount == 2
    assert hired_call.per_rep_per_day * 2 == base_call.per_rep_per_day


def test_headcount_down_to_zero_is_allowed_below_zero_is_an_error():
    analysis = analysed("  - {id: none, name: No AE, adjust: {headcount: {ae: -1}}}\n")
    assert by_goal(scenario(analysis, "none"))["smb-2027"].won == 100
    assert errors_of("  - {id: none, name: No AE, adjust: {headcount: {ae: -2}}}\n") == [
        "plan/plan.yaml:7:54: error: scenario 'none' changes the headcount of 'ae' by -2 to -1; "
        "a headcount cannot go below zero (it has 1) [range]"
    ]


def test_scenario_warnings_stay_under_the_scenario():
    # no SDRs at all: the calls cannot be made — a capacity warning of that scenario only
    analysis = analysed("  - {id: no-sdr, name: No SDRs, adjust: {headcount: {sdr: -2}}}\n")
    assert not [d for d in analysis.diagnostics if d.code == "capacity"]
    assert [d.code for d in scenario(analysis, "no-sdr").diagnostics if d.code == "capacity"]


def test_bad_scenarios_are_located_errors_in_plan_yaml():
    found = errors_of(
        "  - {id: a, name: A, adjust: {conversion: '10%'}}\n"
        "  - {id: a, name: Again, segment: smbb, adjust: {deal_size: 0.1, headcount: {sdrr: 1}}}\n"
        "  - {id: b, name: B, adjust: {target: '-100%', conversion: {leed: '+5%'}}}\n"
    )
    assert found == [
        "plan/plan.yaml:7:43: error: expected a signed percentage like '+10%' or '-20%' (did you mean '+10%'?), got text '10%' [type]",
        "plan/plan.yaml:8:61: error: expected a signed percentage like '+10%' or '-20%', got '0.1' [type]",
        "plan/plan.yaml:9:39: error: '-100%' would drive the value to zero or below; a decrease must stay above -100% [range]",
    ]
    # once the shapes are right, the references are checked
    found = errors_of(
        "  - {id: a, name: A, adjust: {conversion: '+10%'}}\n"
        "  - {id: a, name: Again, segment: smbb, adjust: {headcount: {sdrr: 1}}}\n"
        "  - {id: b, name: B, adjust: {conversion: {leed: '+5%'}}}\n"
    )
    assert found == [
        "plan/plan.yaml:8:10: error: duplicate scenario id 'a' (also defined at plan/plan.yaml:7) [duplicate-id]",
        "plan/plan.yaml:8:35: error: unknown segment 'smbb' (did you mean 'smb'?) [unknown-ref]",
        "plan/plan.yaml:8:62: error: unknown team 'sdrr' (did you mean 'sdr'?) [unknown-ref]",
        "plan/plan.yaml:9:44: error: unknown stage 'leed' (no funnel has it) (did you mean 'lead'?) [unknown-ref]",
    ]


def test_plan_json_lists_every_scenario(tmp_path, run_cli, write_plan):
    write_plan(tmp_path, BASE_FILES, with_scenarios(
        "  - {id: worse, name: Conversion -20%, adjust: {conversion: '-20%'}}\n"
        "  - {id: hire, name: Hire, adjust: {headcount: {sdr: +1}}}\n"))
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, out + err
    data = json.loads((tmp_path / "public" / "plan.json").read_text())
    assert [s["id"] for s in data["scenarios"]] == ["worse", "hire"]
    worse = data["scenarios"][0]
    goal = next(g for g in worse["goals"] if g["id"] == "smb-2027")
    assert goal["won"] == 100 and [s["required"] for s in goal["stages"]] == [1563, 250]
    assert {"id", "name", "goals", "diagnostics"} <= set(worse)


def test_a_parent_goal_moves_by_the_same_amount_as_the_segment_goals_it_contains():
    # the company's 2027 goal (no segment) contains both segment goals; +10 % on SMB's 1,000,000
    # is +100,000, so the company goal goes 2,500,000 → 2,600,000 (not +10 %); enterprise stays
    files = dict(BASE_FILES, **{"goals.md": goals(
        "id: all-2027, metric: revenue, target: 2500000, period: 2027",
        "id: smb-2027, metric: revenue, target: 1000000, period: 2027, segment: smb-retail",
        "id: ent-2027, metric: revenue, target: 1000000, period: 2027, segment: enterprise",
    )})
    analysis = analysed("  - {id: smb-up, name: SMB up, segment: smb, adjust: {target: '+10%'}}\n", files)
    changed = by_goal(scenario(analysis, "smb-up"))
    assert [changed[g].target for g in ("all-2027", "smb-2027", "ent-2027")] == [2600000, 1100000, 1000000]
    assert changed["all-2027"].won == 260


QUOTA_TEAM = md(
    "title: Team\nkind: resources\nteam:\n"
    "  - {id: sdr, role: SDR, headcount: 2}\n"
    "  - {id: ae, role: AE, headcount: 2, quota: 300000, segments: [smb]}\n"
    "  - {id: ae-hire, role: AE, headcount: 1, quota: 300000, segments: [smb], start: 2027-07-01, ramp: [0.5]}\n"
    "  - {id: ent-ae, role: Enterprise AE, headcount: 1, quota: 1200000, segments: [enterprise]}\n"
)


def test_quotas_cover_the_top_revenue_goals_of_their_segments():
    # W = 261 working days in 2027. AE: 2 heads × 300,000 over the year = 600,000; the hire
    # starts 1 July (132 working days left: Jul–Dec), July at ramp 0.5 (22 days → 11), then 110:
    # 300,000 × 121 / 261 = 139,080.4…; total 739,080.4… < 1,000,000 of smb-2027 → quota-gap.
    # Enterprise AE: 1,200,000 ≥ 1,000,000 of ent-2027: covered.
    analysis = analyse_files(dict(BASE_FILES, **{"team.md": QUOTA_TEAM}))
    roles = {r.role: r for r in analysis.computed.quotas}
    ae = roles["AE"]
    assert ae.goals == ("smb-2027",) and ae.target == 1000000
    assert ae.capacity == 600000 + Fraction(300000 * 121, 261)
    assert dict(ae.months)["2027-07"] == Fraction(2 * 300000 * 22, 261) + Fraction(300000 * 11, 261)
    # reps needed: ceil(1,000,000 ÷ (300,000 × 261 / 261)) = 4
    assert ae.reps_needed == (("smb-2027", 4),)
    assert roles["Enterprise AE"].goals == ("ent-2027",) and roles["Enterprise AE"].coverage == Fraction(6, 5)
    gaps = [d.line_text() for d in analysis.diagnostics if d.code == "quota-gap"]
    assert gaps == [
        "plan/team.md:6:45: warning: the quotas of AE (ae, ae-hire) add up to 739,080.5 over the plan period, "
        "less than the 1,000,000 of the top revenue goals they cover (smb-2027); reps needed at 300,000 a head: "
        "smb-2027: 4 [quota-gap]"
    ]


def test_diff_shows_what_a_change_does_to_each_scenario(tmp_path, run_cli, write_plan):
    from test_history_fixtures import git

    write_plan(tmp_path, BASE_FILES, with_scenarios("  - {id: worse, name: Conversion down, adjust: {conversion: '-20%'}}\n"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "plan")
    git(tmp_path, "tag", "before")
    # a later edit: the scenario is sharper, and a second one is added
    write_plan(tmp_path, BASE_FILES, with_scenarios(
        "  - {id: worse, name: Conversion down, adjust: {conversion: '-30%'}}\n"
        "  - {id: hire, name: Hire, adjust: {headcount: {sdr: +1}}}\n"))
    code, out, err = run_cli("diff", "before", "--plan", "plan", "--format", "json", cwd=tmp_path)
    assert code == 0, err
    data = json.loads(out)
    moved = {(c["subject"], c["measure"]): (c["old"], c["new"]) for c in data["consequences"] if c["scope"] == "scenario"}
    # -30 %: 35 % and 14 %: proposal ceil(100 / 0.35) = 286, lead ceil(286 / 0.14) = 2,043 a goal
    assert moved[("worse", "leads")] == (2 * 1563, 2 * 2043)
    assert moved[("hire", "leads")] == (None, 2000)
    setting = next(i for i in data["items"] if i["kind"] == "settings")
    assert any(f["field"].startswith("scenarios[worse].adjust.conversion") for f in setting["fields"])
    code, text, _ = run_cli("diff", "before", "--plan", "plan", cwd=tmp_path)
    assert "scenario worse: leads needed: 3126 → 4086" in text
