"""The reverse funnel worked by hand (PLAN_FORMAT §3): target → won → required per stage → activities.

The plan year 2027 runs Friday 1 January to Friday 31 December: 365 days =
52 weeks + 1 Friday, so 52 × 5 + 1 = 261 working days Monday–Friday.
2027-Q1 (1 Jan Fri – 31 Mar Wed) has 64 of them.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import analyse_files, md

from sitegen.compute.results import GoalResult

SMB_FUNNEL = md(
    "title: SMB funnel\nkind: funnel\nid: smb-funnel\ndeal_size: 10000\nstages:\n"
    "  - {id: lead, name: Lead, conversion: 20%}\n"
    "  - {id: meeting, name: Meeting, conversion: 0.5}\n"
    "  - {id: proposal, name: Proposal, conversion: '30%'}\n"
)
OFFER = md(
    "title: Offer\nkind: offer\nproducts:\n"
    "  - {id: suite, name: Suite, price: 12000, margin: 40%}\n"
    "  - {id: cheap, name: Cheap, price: 999}\n"
    "packages:\n  - {id: bundle, name: Bundle, includes: [suite], price: 15000, margin: 0.25}\n"
)


def goals_md(*goals: str) -> str:
    return md("title: Goals\nkind: goals\ngoals:\n" + "".join(f"  - {{{g}}}\n" for g in goals))


def computed_goals(files: dict, plan_yaml: str | None = None) -> dict[str, GoalResult]:
    analysis = analyse_files(files) if plan_yaml is None else analyse_files(files, plan_yaml)
    errors = [d.line_text() for d in analysis.diagnostics if d.severity == "error"]
    assert not errors, errors
    return {g.id: g for g in analysis.computed.goals}


def required(goal: GoalResult) -> list[int]:
    return [s.required for s in goal.stages]


def one_stage_funnel(conversion: str, deal_size: str = "1000", activities: str = "") -> str:
    return md(
        f"title: F\nkind: funnel\ndeal_size: {deal_size}\n"
        f"stages:\n  - {{id: s, name: S, conversion: {conversion}}}\n{activities}"
    )


def test_revenue_through_the_funnel_deal_size():
    # won = ceil(1,200,000 / 10,000) = 120
    # proposal = ceil(120 / 0.30) = 400; meeting = ceil(400 / 0.5) = 800; lead = ceil(800 / 0.2) = 4,000
    g = computed_goals({"f.md": SMB_FUNNEL, "g.md": goals_md("id: rev, metric: revenue, target: 1200000, period: 2027")})["rev"]
    assert g.deal_value == 10000 and g.won == 120
    assert required(g) == [4000, 800, 400]
    assert g.working_days == 261 and g.funnel == "smb-funnel"


def test_revenue_rounds_up_to_whole_deals_and_whole_units_at_every_stage():
    # won = ceil(1,000,001 / 10,000) = ceil(100.0001) = 101
    # proposal = ceil(101 / 0.3) = ceil(336.67) = 337; meeting = ceil(337 / 0.5) = 674; lead = ceil(674 / 0.2) = 3,370
    g = computed_goals({"f.md": SMB_FUNNEL, "g.md": goals_md("id: rev, metric: revenue, target: 1000001, period: 2027")})["rev"]
    assert g.won == 101
    assert required(g) == [3370, 674, 337]


def test_a_product_price_wins_over_the_funnel_deal_size():
    # the product's price values a deal: won = ceil(120,000 / 12,000) = 10 (not 120,000 / 10,000 = 12)
    # proposal = ceil(10 / 0.3) = 34; meeting = 68; lead = 340
    files = {"f.md": SMB_FUNNEL, "o.md": OFFER, "g.md": goals_md("id: rev, metric: revenue, target: 120000, period: 2027, product: suite")}
    g = computed_goals(files)["rev"]
    assert g.deal_value == 12000 and g.won == 10
    assert required(g) == [340, 68, 34]


def test_a_package_price_values_its_deals():
    # won = ceil(150,000 / 15,000) = 10
    files = {"f.md": SMB_FUNNEL, "o.md": OFFER, "g.md": goals_md("id: rev, metric: revenue, target: 150000, period: 2027, product: bundle")}
    assert computed_goals(files)["rev"].won == 10


def test_profit_through_the_product_margin():
    # one deal earns 12,000 × 40% = 4,800; won = ceil(48,000 / 4,800) = 10
    # and for the package: 15,000 × 25% = 3,750; won = ceil(48,000 / 3,750) = ceil(12.8) = 13
    files = {
        "f.md": SMB_FUNNEL,
        "o.md": OFFER,
        "g.md": goals_md(
            "id: p1, metric: profit, target: 48000, period: 2027, product: suite",
            "id: p2, metric: profit, target: 48000, period: 2027, product: bundle",
        ),
    }
    goals = computed_goals(files)
    assert goals["p1"].won == 10 and required(goals["p1"]) == [340, 68, 34]
    assert goals["p2"].won == 13


def test_units_deals_and_customers_count_themselves():
    # won = ceil(target): 7.5 units → 8; 30 deals → 30; 20 customers → 20 (no deal value)
    files = {
        "f.md": SMB_FUNNEL,
        "g.md": goals_md(
            "id: u, metric: units, target: 7.5, period: 2027",
            "id: d, metric: deals, target: 30, period: 2027",
            "id: c, metric: customers, target: 20, period: 2027",
        ),
    }
    goals = computed_goals(files)
    assert [goals[k].won for k in "udc"] == [8, 30, 20]
    assert all(goals[k].deal_value is None for k in "udc")
    # customers: proposal = ceil(20 / 0.3) = 67; meeting = 134; lead = 670
    assert required(goals["c"]) == [670, 134, 67]


def test_decimal_trap_21_over_35_percent_is_60():
    # 21 / 0.35 = 60 exactly; binary floats give 60.000000000000007 and ceil 61
    for conversion in ("35%", "0.35", "'35 %'"):
        files = {"f.md": one_stage_funnel(conversion), "g.md": goals_md("id: g, metric: deals, target: 21, period: 2027")}
        assert required(computed_goals(files)["g"]) == [60], conversion


def test_decimal_trap_1_1_times_100_is_110():
    # required = ceil(100 / 1) = 100; calls = ceil(1.1 × 100) = 110 (floats: 110.00000000000001 → 111)
    activity = "activities:\n  - {name: Call, stage: s, per_unit: 1.1, minutes: 6}\n"
    files = {"f.md": one_stage_funnel("100%", activities=activity), "g.md": goals_md("id: g, metric: deals, target: 100, period: 2027")}
    (call,) = computed_goals(files)["g"].activities
    assert call.count == 110
    assert call.hours == 11  # 110 × 6 / 60


TEAM = md(
    "title: Team\nkind: resources\nteam:\n"
    "  - {id: sdr, role: SDR, headcount: 2}\n"
    "  - {id: ae, role: Account executive, headcount: 3}\n"
)
PER_REP_FUNNEL = one_stage_funnel(
    "50%",
    activities=(
        "activities:\n"
        "  - {name: Call, stage: s, per_unit: 2, minutes: 15, role: sdr}\n"
        "  - {name: Email, stage: s, per_unit: 1}\n"
    ),
)


def test_per_rep_figures_with_and_without_a_role():
    # Q1 2027: 64 working days. deals 130 → required = ceil(130 / 0.5) = 260 at stage s
    # Call (role sdr, 2 heads): count = 2 × 260 = 520; hours = 520 × 15 / 60 = 130
    #   per_day = 520 / 64 = 8.125; per_rep_per_day = 8.125 / 2 = 4.0625
    # Email (no role: all 5 team members): count 260; hours 0; per_day = 260 / 64 = 4.0625;
    #   per_rep_per_day = 4.0625 / 5 = 0.8125
    files = {"f.md": PER_REP_FUNNEL, "t.md": TEAM, "g.md": goals_md("id: g, metric: deals, target: 130, period: 2027-Q1")}
    g = computed_goals(files)["g"]
    assert g.working_days == 64 and required(g) == [260]
    call, email = g.activities
    assert (call.count, call.hours, call.per_day, call.per_rep_per_day) == (520, 130, Decimal("8.125"), Decimal("4.0625"))
    assert (email.count, email.hours, email.per_day, email.per_rep_per_day) == (260, 0, Decimal("4.0625"), Decimal("0.8125"))


def test_per_rep_is_unknown_without_a_team():
    files = {"f.md": PER_REP_FUNNEL.replace(", role: sdr", ""), "g.md": goals_md("id: g, metric: deals, target: 130, period: 2027-Q1")}
    assert [a.per_rep_per_day for a in computed_goals(files)["g"].activities] == [None, None]


def test_a_goal_without_a_segment_funnel_uses_the_default_funnel():
    files = {
        "f.md": SMB_FUNNEL.replace("deal_size: 10000", "segment: smb\ndeal_size: 10000"),
        "d.md": one_stage_funnel("50%", deal_size="500").replace("title: F", "title: Default"),
        "s.md": md("title: S\nkind: segments\nsegments:\n  - {id: smb, name: SMB}\n  - {id: big, name: Big}\n"),
        "g.md": goals_md(
            "id: a, metric: revenue, target: 10000, period: 2027, segment: smb",
            "id: b, metric: revenue, target: 10000, period: 2027, segment: big",
            "id: c, metric: revenue, target: 10000, period: 2027, funnel: smb-funnel",
        ),
    }
    goals = computed_goals(files)
    # a: its segment's funnel, 10,000 / 10,000 = 1 deal; b and c: the default funnel 'd', 10,000 / 500 = 20
    assert (goals["a"].funnel, goals["a"].won) == ("smb-funnel", 1)
    assert (goals["b"].funnel, goals["b"].won, required(goals["b"])) == ("d", 20, [40])
    assert goals["c"].funnel == "smb-funnel"
