"""A sales lead reports actuals — inline or exported from a CRM — and reads pace and status (§8)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from conftest import PLAN_YAML, analyse_files, md

FUNNEL = md(
    "title: Funnel\nkind: funnel\ndeal_size: 10\nstages:\n"
    "  - {id: meetings, name: Meetings, conversion: 50%}\n"
    "  - {id: offers, name: Offers, conversion: 50%}\n"
    "activities:\n  - {name: Calls, stage: meetings, per_unit: 2, minutes: 10}\n"
)
GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: q2, metric: revenue, target: 300, period: 2027-Q2}\n"
    "  - {id: q3, metric: revenue, target: 300, period: 2027-Q3}\n"
)
TEAM = md("title: Team\nkind: resources\nteam:\n  - {id: reps, role: Rep, headcount: 1}\n")
D = dt.date
REVIEWED = PLAN_YAML + "review:\n  as_of: 2027-05-14\n"


def actuals(rows: str, extra: str = "") -> str:
    return md(f"title: Actuals\nkind: actuals\n{extra}actuals:\n{rows}")


def lines(files: dict, plan_yaml: str = REVIEWED) -> list[str]:
    return [d.line_text() for d in analyse_files({"f.md": FUNNEL, "g.md": GOALS, "r.md": TEAM, **files}, plan_yaml).diagnostics]


def goal(files: dict, plan_yaml: str = REVIEWED, name: str = "q2"):
    computed = analyse_files({"f.md": FUNNEL, "g.md": GOALS, "r.md": TEAM, **files}, plan_yaml).computed
    return next(g for g in computed.goals if g.id == name)


def test_a_goal_behind_its_phased_plan_is_at_risk(tmp_path: Path, write_plan, run_cli) -> None:
    # Q2 by working days (22, 21, 22 of 65): April 101.54 + 10 of May's 21 days × 96.92 = 147.69 due.
    write_plan(tmp_path, {"f.md": FUNNEL, "g.md": GOALS, "r.md": TEAM,
                             "a.md": actuals("  - {goal: q2, value: 120, as_of: 2027-05-10}\n")},
               REVIEWED)
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, err
    data = json.loads((tmp_path / "public" / "plan.json").read_text())
    q2 = next(g for g in data["goals"] if g["id"] == "q2")
    assert (q2["expected"], q2["pace"], q2["status"]) == (147.692308, 0.8125, "at-risk")
    assert q2["forecast"] == 243.75  # 120 × 300 ÷ 147.69
    review = data["review"]
    assert {k: review[k] for k in ("as_of", "source", "at_risk", "off_track")} == {
        "as_of": "2027-05-14", "source": "review.as_of", "at_risk": 0.9, "off_track": 0.75}
    (quarter,) = review["quarters"]
    assert (quarter["quarter"], quarter["as_of"], [g["id"] for g in quarter["goals"]]) == ("2027-Q2", "2027-05-14", ["q2"])
    q3 = next(g for g in data["goals"] if g["id"] == "q3")
    assert (q3["expected"], q3["pace"], q3["forecast"], q3["status"]) == (None, None, None, None)


def test_without_review_as_of_the_latest_actual_is_the_review_date() -> None:
    rows = "  - {goal: q2, value: 100, as_of: 2027-04-30}\n  - {goal: q2, value: 150, as_of: 2027-05-31}\n"
    result = goal({"a.md": actuals(rows)}, PLAN_YAML)
    assert (result.actual, result.expected, result.status) == (150, Decimal("198.4615384615384615384615385"), "at-risk")


def test_thresholds_come_from_plan_yaml() -> None:
    rows = "  - {goal: q2, value: 120, as_of: 2027-05-10}\n"
    lenient = REVIEWED + "  at_risk: 80%\n  off_track: 0.5\n"
    assert goal({"a.md": actuals(rows)}, lenient).status == "on-track"


def test_reversed_thresholds_are_an_error() -> None:
    assert lines({}, PLAN_YAML + "review:\n  at_risk: 0.7\n") == [
        "plan/plan.yaml:7:3: error: 'off_track' (0.75) must not be above 'at_risk' (0.7) [range]"]


def test_an_actual_after_the_review_date_is_a_warning_and_not_counted() -> None:
    rows = "  - {goal: q2, value: 120, as_of: 2027-05-10}\n  - {goal: q2, value: 200, as_of: 2027-05-20}\n"
    assert lines({"a.md": actuals(rows)}) == [
        "plan/a.md:6:35: warning: actual for goal 'q2' is dated 2027-05-20, after the review date 2027-05-14 "
        "(review.as_of in plan.yaml); not counted [actual-date]"]
    assert goal({"a.md": actuals(rows)}).actual == 120


def test_an_actual_outside_the_goals_period_is_a_warning() -> None:
    rows = "  - {goal: q3, value: 120, as_of: 2027-05-10}\n"
    assert lines({"a.md": actuals(rows)}) == [
        "plan/a.md:5:35: warning: actual for goal 'q3' is dated 2027-05-10, outside the goal's period 2027-Q3 "
        "(2027-07-01 – 2027-09-30); not counted [actual-date]"]


def test_an_actual_before_the_plan_starts_is_a_warning() -> None:
    rows = "  - {goal: q2, value: 120, as_of: 2026-12-31}\n"
    assert lines({"a.md": actuals(rows)}) == [
        "plan/a.md:5:35: warning: actual for goal 'q2' is dated 2026-12-31, before the plan starts (2027-01-01); "
        "not counted [actual-date]"]


def test_a_negative_value_is_an_error() -> None:
    assert lines({"a.md": actuals("  - {goal: q2, value: -5, as_of: 2027-05-10}\n")}) == [
        "plan/a.md:5:23: error: the value must be at least 0, got -5 [range]"]


def test_a_stage_the_funnel_does_not_have_is_an_error() -> None:
    rows = "  - {goal: q2, value: 5, as_of: 2027-05-10, stage: meeting}\n  - {goal: q2, value: 5, as_of: 2027-05-10, activity: Visits}\n"
    assert lines({"a.md": actuals(rows)}) == [
        "plan/a.md:5:52: error: funnel 'f' of goal 'q2' has no stage 'meeting' (did you mean 'meetings'?) [unknown-ref]",
        "plan/a.md:6:55: error: funnel 'f' of goal 'q2' has no activity 'Visits' [unknown-ref]",
    ]


def test_stage_actuals_give_actual_conversions_next_to_planned_ones() -> None:
    rows = (
        "  - {goal: q2, value: 120, as_of: 2027-05-10}\n"
        "  - {goal: q2, value: 25, as_of: 2027-05-10, stage: meetings}\n"
        "  - {goal: q2, value: 7, as_of: 2027-05-10, stage: offers}\n"
        "  - {goal: q2, value: 40, as_of: 2027-05-10, activity: Calls}\n"
    )
    result = goal({"a.md": actuals(rows)})
    meetings, offers = result.stage_actuals
    assert (meetings.actual, meetings.conversion, meetings.actual_conversion) == (25, Decimal("0.5"), Decimal("0.28"))
    assert (offers.actual, offers.actual_conversion) == (7, None)
    (calls,) = result.activity_actuals
    assert (calls.actual, calls.planned) == (40, 240)  # 30 deals ← 60 offers ← 120 meetings × 2 calls
    assert round(calls.expected, 2) == Decimal("118.15")  # 240 × 147.69 ÷ 300
    assert result.actual == 120  # stage and activity rows never count for attainment


def test_aggregate_sum_adds_single_deals() -> None:
    rows = "  - {goal: q2, value: 50, as_of: 2027-04-10}\n  - {goal: q2, value: 70, as_of: 2027-05-10}\n"
    assert goal({"a.md": actuals(rows, "aggregate: sum\n")}).actual == 120
    assert goal({"a.md": actuals(rows)}).actual == 70  # latest: each row is the value to date


def test_a_parent_without_rows_takes_the_sum_of_its_children() -> None:
    year = md(
        "title: Year\nkind: goals\ngoals:\n"
        "  - {id: y, metric: revenue, target: 1200, period: 2027}\n"
        "  - {id: q1, metric: revenue, target: 300, period: 2027-Q1}\n"
        "  - {id: q4, metric: revenue, target: 300, period: 2027-Q4}\n"
    )
    rows = ("  - {goal: q1, value: 310, as_of: 2027-03-31}\n  - {goal: q2, value: 120, as_of: 2027-05-10}\n")
    files = {"f.md": FUNNEL, "r.md": TEAM, "g.md": GOALS, "y.md": year, "a.md": actuals(rows)}
    computed = analyse_files(files, REVIEWED).computed
    goals = {g.id: g for g in computed.goals}
    assert goals["q2"].parent == "y" and set(goals["y"].children) == {"q1", "q2", "q3", "q4"}
    assert goals["y"].actual == 430  # 310 (Q1) + 120 (Q2 so far); Q3 and Q4 not started
    assert goals["y"].actual_points == ((D(2027, 3, 31), 310), (D(2027, 5, 10), 430))
    assert goals["y"].status is not None


def test_a_parent_whose_children_leave_months_uncovered_keeps_no_value() -> None:
    half = md("title: Half\nkind: goals\ngoals:\n  - {id: h, metric: revenue, target: 900, period: 2027-H2}\n")
    rows = "  - {goal: q3, value: 120, as_of: 2027-08-10}\n"
    files = {"f.md": FUNNEL, "r.md": TEAM, "g.md": GOALS, "h.md": half, "a.md": actuals(rows)}
    computed = analyse_files(files, PLAN_YAML + "review:\n  as_of: 2027-08-14\n").computed
    goals = {g.id: g for g in computed.goals}
    assert goals["q3"].actual == 120 and goals["q3"].parent == "h" and goals["h"].actual is None  # Q4 is nobody's: H2 is not the sum


def test_quarter_reviews_follow_the_fiscal_year() -> None:
    fiscal = PLAN_YAML + "fiscal_year_start: 4\nreview:\n  as_of: 2027-05-14\n"
    rows = "  - {goal: q2, value: 120, as_of: 2027-05-10}\n  - {goal: q2, value: 50, as_of: 2027-04-10}\n"
    computed = analyse_files({"f.md": FUNNEL, "r.md": TEAM, "g.md": GOALS, "a.md": actuals(rows)}, fiscal).computed
    assert [q.quarter.label for q in computed.review.quarters] == ["FY2028-Q1"]  # April–June 2027


def test_the_last_stage_converts_into_the_deals_a_deal_goal_has_won() -> None:
    deals = md("title: Deals\nkind: goals\ngoals:\n  - {id: d, metric: deals, target: 30, period: 2027-Q2}\n")
    rows = ("  - {goal: d, value: 4, as_of: 2027-05-10}\n"
            "  - {goal: d, stage: offers, value: 20, as_of: 2027-05-10}\n")
    files = {"f.md": FUNNEL, "r.md": TEAM, "g.md": deals, "a.md": actuals(rows)}
    (offers,) = analyse_files(files, REVIEWED).computed.goals[0].stage_actuals
    assert (offers.stage, offers.conversion, offers.actual_conversion) == ("offers", Decimal("0.5"), Decimal("0.2"))
