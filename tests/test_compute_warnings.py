"""Each computed warning (PLAN_FORMAT §3) fires just past its boundary and not at it.

Every warning is located where a plan author would act, and carries the numbers.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import PLAN_YAML, analyse_files, md


def warnings(files: dict, code: str, plan_yaml: str = PLAN_YAML) -> list[str]:
    analysis = analyse_files(files, plan_yaml)
    assert not [d for d in analysis.diagnostics if d.severity == "error"], analysis.diagnostics
    return [d.line_text() for d in analysis.diagnostics if d.code == code]


# -- market size ------------------------------------------------------------
def market(size: int) -> dict:
    # deals 10 at 50% → the top stage needs ceil(10 / 0.5) = 20 accounts
    return {
        "s.md": md(f"title: S\nkind: segments\nsegments:\n  - {{id: smb, name: SMB, size: {size}}}\n"),
        "f.md": md("title: F\nkind: funnel\nsegment: smb\nstages:\n  - {id: s, name: S, conversion: 50%}\n"),
        "g.md": md("title: G\nkind: goals\ngoals:\n  - id: g\n    metric: deals\n    target: 10\n    period: 2027\n    segment: smb\n"),
    }


def test_market_size_boundary():
    assert warnings(market(20), "market-size") == []
    assert warnings(market(19), "market-size") == [
        "plan/g.md:9:14: warning: goal 'g' needs 20 accounts at stage 's' but segment 'smb' has only 19; "
        "widen the segment or raise conversions [market-size]"
    ]


# -- lead coverage ----------------------------------------------------------
def campaign(cid: str, plane: str = "prospecting", budget: int | None = None, extra: str = "") -> str:
    money = f", budget: {budget}" if budget is not None else ""
    return (
        f"  - {{id: {cid}, name: {cid}, type: marketing, plane: {plane}, "
        f"start: 2027-01-01, end: 2027-12-31{money}{extra}}}\n"
    )


def campaigns(*lines: str) -> str:
    return md("title: Campaigns\nkind: campaigns\ncampaigns:\n" + "".join(lines))


def leads(second: int) -> dict:
    files = market(1000)
    files["c.md"] = campaigns(
        campaign("c1", extra=", goal: g, expected_leads: 12"),
        campaign("c2", "sales", extra=f", goal: g, expected_leads: {second}"),
        campaign("c3", "cross-selling"),
        campaign("c4", "retention"),
    )
    return files


def test_lead_coverage_boundary():
    # the funnel needs 20 at the top; 12 + 8 = 20 covers it, 12 + 7 = 19 does not
    assert warnings(leads(8), "lead-coverage") == []
    assert warnings(leads(7), "lead-coverage") == [
        "plan/g.md:5:9: warning: campaigns feeding goal 'g' (c1, c2) expect 19 leads but the funnel needs 20 "
        "at stage 's'; plan more campaigns or raise expected_leads [lead-coverage]"
    ]


def test_no_lead_coverage_warning_when_no_campaign_feeds_the_goal():
    files = market(1000)
    files["c.md"] = campaigns(campaign("c1"))
    assert warnings(files, "lead-coverage") == []


# -- budget -----------------------------------------------------------------
def budget(campaign_budget: int) -> dict:
    # lines 600 + campaigns → against a total of 1,000
    return {
        "b.md": md("title: Budget\nkind: budget\ntotal: 1000\nlines:\n  - {name: Fair, amount: 600, period: 2027-Q2}\n"),
        "c.md": campaigns(campaign("c1", budget=campaign_budget)),
    }


def test_budget_overspend_boundary():
    assert warnings(budget(400), "budget-overspend") == []
    assert warnings(budget(401), "budget-overspend") == [
        "plan/b.md:4:8: warning: planned spending 1,001 (lines 600 + campaigns 401) exceeds the total "
        "budget 1,000 by 1 [budget-overspend]"
    ]


# -- balance across the four planes ------------------------------------------
def planes(prospecting: int, sales: int, missing_retention: bool = False) -> dict:
    lines = [campaign("p", "prospecting", prospecting), campaign("s", "sales", sales), campaign("x", "cross-selling", 10)]
    if not missing_retention:
        lines.append(campaign("r", "retention", 10))
    return {"c.md": campaigns(*lines)}


def test_a_plane_without_campaigns():
    assert warnings(planes(60, 20), "plane-missing") == []
    assert warnings(planes(60, 20, missing_retention=True), "plane-missing") == [
        "plan/c.md:4:1: warning: no campaign on the retention plane; sales effort should cover "
        "prospecting, sales, cross-selling and retention [plane-missing]"
    ]


def test_one_plane_over_60_percent_of_campaign_budget():
    # 60 of 100 is exactly 60%: allowed; 61 of 100 is over
    assert warnings(planes(60, 20), "plane-imbalance") == []
    assert warnings(planes(61, 19), "plane-imbalance") == [
        "plan/c.md:4:1: warning: the prospecting plane holds 61% of campaign budget (61), more than 60%; "
        "rebalance across the four planes [plane-imbalance]"
    ]


# -- goal sums --------------------------------------------------------------
def quarters(q4: int) -> dict:
    goals = ["id: y, metric: units, target: 100, period: 2027"]
    goals += [f"id: q{q}, metric: units, target: {25 if q < 4 else q4}, period: 2027-Q{q}" for q in (1, 2, 3, 4)]
    return {"g.md": md("title: G\nkind: goals\ngoals:\n" + "".join(f"  - {{{g}}}\n" for g in goals))}


def test_quarter_targets_must_add_up_to_the_year():
    assert warnings(quarters(25), "goal-sum") == []
    assert warnings(quarters(26), "goal-sum") == [
        "plan/g.md:5:36: warning: the goals inside goal 'y' (q1=25, q2=25, q3=25, q4=26) add up to 101, "
        "above its target 100; lower them or raise the target [goal-sum]"
    ]
    # below the year: the quarters cover the whole year, so the missing unit has no month to go to
    assert warnings(quarters(24), "goal-sum") == [
        "plan/g.md:5:36: warning: goal 'y' (2027, 100) is covered by goals (2027-Q1=25, 2027-Q2=25, "
        "2027-Q3=25, 2027-Q4=24) that add up to 99; make them add up to 100 [goal-sum]"
    ]


def test_a_segment_goal_inside_the_year_counts_towards_it_by_the_goal_tree():
    # §7: the company-wide year goal contains the SMB Q4 goal (a narrower scope), so 25 × 3 + 25 = 100
    # adds up; the three company quarters alone do not cover the year, so no warning either way
    files = quarters(25)
    files["g.md"] = files["g.md"].replace("period: 2027-Q4}", "period: 2027-Q4, segment: smb}")
    files["s.md"] = md("title: S\nkind: segments\nsegments:\n  - {id: smb, name: SMB}\n")
    assert warnings(files, "goal-sum") == []
    files["g.md"] = files["g.md"].replace("target: 25, period: 2027-Q4", "target: 30, period: 2027-Q4")
    assert warnings(files, "goal-sum") == [
        "plan/g.md:5:36: warning: the goals inside goal 'y' (q1=25, q2=25, q3=25, q4=30) add up to 105, "
        "above its target 100; lower them or raise the target [goal-sum]"
    ]


# -- field work -------------------------------------------------------------
def territory(accounts: int) -> dict:
    return {
        "t.md": md(
            "title: T\nkind: territories\nterritories:\n"
            f"  - {{id: north, name: North, accounts: {accounts}, visits_per_month: 1, "
            "visit_minutes: 60, travel_minutes: 30, reps: 1}\n"
        )
    }


def test_field_work_boundary():
    # c = floor(6 h × 60 / (60 + 30)) = 4 visits per rep per day
    # 87 accounts × 1 visit × 12 months = 1,044 visits; 1,044 / (1 rep × 261 days) = 4.0 → fits
    # 88 accounts → 1,056 visits; 1,056 / 261 = 4.05 > 4 → reps needed = ceil(1,056 / (4 × 261)) = 2
    assert warnings(territory(87), "field-work") == []
    assert warnings(territory(88), "field-work") == [
        "plan/t.md:5:110: warning: territory 'north' needs 1,056 visits over 261 working days: 4.05 visits "
        "per rep per day, but a rep can make 4 a day; 2 reps needed, 1 planned [field-work]"
    ]
    (result,) = analyse_files(territory(88)).computed.territories
    assert (result.months, result.working_days, result.capacity_per_rep_per_day, result.reps_needed) == (12, 261, 4, 2)


def test_a_plan_period_touching_part_months_counts_them_whole():
    # 15 Jan – 14 Mar 2027 touches 3 calendar months: n = 10 × 2 × 3 = 60
    plan_yaml = "title: T\nperiod: {start: 2027-01-15, end: 2027-03-14}\n"
    files = territory(10)
    files["t.md"] = files["t.md"].replace("visits_per_month: 1", "visits_per_month: 2")
    (result,) = analyse_files(files, plan_yaml).computed.territories
    assert (result.months, result.visits_needed) == (3, 60)


# -- attainment ---------------------------------------------------------------
GOAL_Q1 = md("title: G\nkind: goals\ngoals:\n  - {id: rev-q1, metric: units, target: 300, period: 2027-Q1}\n")


def test_attainment_from_the_latest_inline_actual():
    # latest (31 March) value 150 of target 300 → 50%
    actuals = md(
        "title: A\nkind: actuals\nactuals:\n"
        "  - {goal: rev-q1, value: 150, as_of: 2027-03-31}\n"
        "  - {goal: rev-q1, value: 100, as_of: 2027-02-28}\n"
    )
    (goal,) = analyse_files({"g.md": GOAL_Q1, "a.md": actuals}).computed.goals
    assert (goal.actual, goal.attainment, str(goal.actual_as_of)) == (150, 0.5, "2027-03-31")


def test_attainment_from_a_csv_file():
    files = {
        "g.md": GOAL_Q1,
        "reviews/a.md": md("title: A\nkind: actuals\nsource: ../data/actuals.csv\n"),
        "data/actuals.csv": "goal,value,as_of\r\nrev-q1,90,2027-01-31\r\nrev-q1,240,2027-03-31\r\n",
    }
    (goal,) = analyse_files(files).computed.goals
    assert goal.attainment == Decimal("0.8")  # 240 / 300


def test_an_unknown_goal_in_a_csv_row_is_located_to_that_row():
    files = {
        "g.md": GOAL_Q1,
        "a.md": md("title: A\nkind: actuals\nsource: actuals.csv\n"),
        "actuals.csv": "goal,value,as_of\nrev-q1,90,2027-01-31\nrev-q2,240,2027-03-31\n",
    }
    analysis = analyse_files(files)
    assert [d.line_text() for d in analysis.diagnostics] == [
        "plan/actuals.csv:3:1: error: unknown goal 'rev-q2' (did you mean 'rev-q1'?) [unknown-ref]"
    ]


def test_a_goal_without_actuals_has_no_attainment():
    (goal,) = analyse_files({"g.md": GOAL_Q1}).computed.goals
    assert goal.attainment is None
