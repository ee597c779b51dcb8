"""Time in the plan (PLAN_FORMAT §7), worked by hand: fiscal years, holidays of a region,
remainder goals, the sales-cycle lag, ramps, leave, hires and leavers.

2027 Monday–Friday without holidays: 261 working days; January 21, February 20,
March 23, April 22, May 21, June 22, July 22, August 22, September 22, October 21,
November 22, December 23.
"""

from __future__ import annotations

import json
from fractions import Fraction

from conftest import PLAN_YAML, analyse_files, md, run_cli, write_plan

from sitegen.site.pages.planjson import plan_data


def goals(*lines: str) -> str:
    return md("title: Goals\nkind: goals\ngoals:\n" + "".join(f"  - {{{line}}}\n" for line in lines))


def funnel(days: tuple[int, ...] = (0,), opening: str = "", role: str = "ae") -> str:
    stages = "".join(f"  - {{id: s{i}, name: S{i}, conversion: 100%, days: {d}}}\n" for i, d in enumerate(days))
    return md(
        f"title: F\nkind: funnel\nstages:\n{stages}"
        f"activities:\n  - {{name: Call, stage: s0, per_unit: 1, minutes: 60, role: {role}}}\n{opening}"
    )


def team(*entries: str) -> str:
    return md("title: Team\nkind: resources\nteam:\n" + "".join(f"  - {{{e}}}\n" for e in entries))


def diags(analysis, code: str) -> list[str]:
    return [d.line_text() for d in analysis.diagnostics if d.code == code]


def months_of(analysis, goal_id: str) -> dict[str, tuple[Fraction, Fraction]]:
    goal = next(g for g in analysis.computed.goals if g.id == goal_id)
    return {m.month: (m.target, m.won) for m in goal.months}


# -- fiscal years -------------------------------------------------------------
FISCAL_YAML = "title: T\nperiod: {start: 2027-04-01, end: 2028-03-31}\nfiscal_year_start: 4\n"


def test_a_fiscal_year_runs_april_to_march_and_is_named_by_its_end():
    analysis = analyse_files({"g.md": goals("id: fy, metric: units, target: 120, period: FY2028",
                                            "id: q1, metric: units, target: 30, period: FY2028-Q1")}, FISCAL_YAML)
    assert analysis.diagnostics == []
    data = plan_data(analysis.computed, analysis.diagnostics)
    fy, q1 = data["goals"]
    assert (fy["period"], fy["period_start"], fy["period_end"]) == ("FY2028", "2027-04-01", "2028-03-31")
    assert (q1["period_start"], q1["period_end"]) == ("2027-04-01", "2027-06-30")
    assert q1["parent"] == "fy" and data["totals"] == {"targets": {"units": 120}}


def test_a_fiscal_year_named_by_its_start():
    analysis = analyse_files({"g.md": goals("id: fy, metric: units, target: 1, period: FY2027")},
                             FISCAL_YAML + "fiscal_year_label: start\n")
    (goal,) = analysis.computed.goals
    assert (goal.period.start.isoformat(), goal.period.end.isoformat()) == ("2027-04-01", "2028-03-31")


def test_fy_without_a_fiscal_year_start_says_which_dates_it_covers(tmp_path):
    plan = write_plan(tmp_path, {"g.md": goals("id: fy, metric: units, target: 1, period: FY2027")})
    code, out, _ = run_cli("check", "--plan", str(plan), "--format", "json", cwd=tmp_path)
    assert code == 0
    (found,) = json.loads(out)
    assert (found["code"], found["line"], found["column"]) == ("fiscal-period", 5, 48)
    assert "covers 2027-01-01 – 2027-12-31" in found["message"] and "fiscal_year_start: 4" in found["message"]


def test_a_fiscal_period_outside_the_plan_names_its_dates():
    analysis = analyse_files({"g.md": goals("id: fy, metric: units, target: 1, period: FY2027")}, FISCAL_YAML)
    assert diags(analysis, "period") == [
        "plan/g.md:5:48: error: period FY2027 (2026-04-01 – 2027-03-31) lies outside the plan period "
        "2027-04-01 – 2028-03-31 [period]"
    ]


# -- holidays of a region, closures, make-up days -------------------------------
def test_a_region_has_its_own_holidays():
    # England adds Easter Monday (29 March) and the late summer bank holiday (30 August) to GB's
    national = analyse_files({"g.md": goals("id: g, metric: units, target: 1, period: 2027")}, PLAN_YAML + "holidays: GB\n")
    england = analyse_files({"g.md": goals("id: g, metric: units, target: 1, period: 2027")}, PLAN_YAML + "holidays: GB-ENG\n")
    assert national.computed.goals[0].working_days - england.computed.goals[0].working_days == 2
    assert "2027-08-30" in plan_data(england.computed, [])["holidays"]
    assert "2027-08-30" not in plan_data(national.computed, [])["holidays"]


def test_an_unknown_region_suggests_the_closest(tmp_path):
    analysis = analyse_files({}, PLAN_YAML + "holidays: GB-ENX\n")
    (line,) = diags(analysis, "range")
    assert line.startswith("plan/plan.yaml:6:11: error: 'GB-ENX' is not a subdivision of GB that the holidays "
                           "package knows (did you mean 'GB-ENG'?)")


def test_closed_days_are_off_and_open_days_are_worked():
    # January 2027: 21 weekdays; closed Mon 4 Jan → 20; open Sat 9 Jan → 21 again
    yaml = PLAN_YAML + "holidays:\n  closed: [2027-01-04]\n  open: [2027-01-09]\n"
    analysis = analyse_files({"g.md": goals("id: g, metric: units, target: 1, period: 2027-01")}, yaml)
    assert analysis.computed.goals[0].working_days == 21
    assert plan_data(analysis.computed, [])["holidays"] == ["2027-01-04"]


def test_a_date_both_closed_and_open_is_an_error():
    yaml = PLAN_YAML + "holidays:\n  country: PL\n  closed: [2027-01-04]\n  open: [2027-01-09, 2027-01-04]\n"
    assert diags(analyse_files({}, yaml), "range") == [
        "plan/plan.yaml:9:22: error: 2027-01-04 is both closed and open in 'holidays'; keep it in one list [range]"
    ]


# -- remainder goals and phasing --------------------------------------------------
def test_a_remainder_spreads_over_the_months_no_quarter_covers():
    # year 100 units, Q1 40: the remainder 60 goes to April–December by working days (197 in all)
    analysis = analyse_files({"g.md": goals("id: y, metric: units, target: 100, period: 2027",
                                            "id: q1, metric: units, target: 40, period: 2027-Q1")})
    year = months_of(analysis, "y")
    assert year["2027-01"] == (Fraction(40 * 21, 64), Fraction(40 * 21, 64))  # Q1's own spread, 64 days
    assert year["2027-04"] == (Fraction(60 * 22, 197), Fraction(60 * 22, 197))
    assert sum(t for t, _ in year.values()) == 100
    assert analysis.computed.goals[0].remainder == 60
    assert analysis.computed.totals.targets == {"units": 100}


def test_a_narrower_child_leaves_a_remainder_over_all_months():
    segs = md("title: S\nkind: segments\nsegments:\n  - {id: smb, name: SMB}\n")
    analysis = analyse_files({"s.md": segs, "g.md": goals("id: y, metric: units, target: 261, period: 2027",
                                                          "id: s, metric: units, target: 61, period: 2027-Q1, segment: smb")})
    year = months_of(analysis, "y")
    # remainder 200 over all 261 days; SMB's 61 over Q1's 64 days
    assert year["2027-12"][0] == Fraction(200 * 23, 261)
    assert year["2027-01"][0] == Fraction(200 * 21, 261) + Fraction(61 * 21, 64)


def test_phasing_weights_replace_working_days():
    analysis = analyse_files({"g.md": goals("id: q, metric: units, target: 100, period: 2027-Q4, "
                                            "phasing: {2027-10: 1, 2027-11: 1, 2027-12: 2}")})
    assert months_of(analysis, "q") == {"2027-10": (25, 25), "2027-11": (25, 25), "2027-12": (50, 50)}


def test_bad_phasing_is_located():
    outside = analyse_files({"g.md": goals("id: q, metric: units, target: 1, period: 2027-Q4, phasing: {2027-09: 1}")})
    assert diags(outside, "period") == [
        "plan/g.md:5:66: error: goal 'q': phasing month 2027-09 lies outside its period 2027-Q4 "
        "(2027-10-01 – 2027-12-31) (did you mean '2027-10'?) [period]"
    ]
    zero = analyse_files({"g.md": goals("id: q, metric: units, target: 1, period: 2027-Q4, phasing: {2027-10: 0}")})
    assert diags(zero, "range") == [
        "plan/g.md:5:65: error: goal 'q': every phasing weight is 0; give at least one month a weight above 0 [range]"
    ]


def test_a_goal_period_without_a_working_day_is_an_error():
    yaml = PLAN_YAML + "working_days: [mon]\nholidays: [2027-02-01, 2027-02-08, 2027-02-15, 2027-02-22]\n"
    analysis = analyse_files({"g.md": goals("id: g, metric: units, target: 1, period: 2027-02")}, yaml)
    assert diags(analysis, "period") == [
        "plan/g.md:5:47: error: goal 'g': period 2027-02 (2027-02-01 – 2027-02-28) has no working day; "
        "check 'working_days' and 'holidays' in plan.yaml [period]"
    ]


def test_duplicate_and_overlapping_goals_are_warned():
    analysis = analyse_files({"g.md": goals("id: y, metric: units, target: 100, period: 2027",
                                            "id: y2, metric: units, target: 100, period: 2027",
                                            "id: h1, metric: units, target: 10, period: 2027-H1",
                                            "id: q2, metric: units, target: 10, period: 2027-Q2, product: p",
                                            ),
                              "o.md": md("title: O\nkind: offer\nproducts:\n  - {id: p, name: P, price: 1}\n")})
    assert diags(analysis, "goal-duplicate") == [
        "plan/g.md:6:10: warning: goal 'y2' has the period and scope of goal 'y' (plan/g.md:5); the first one "
        "counts as the parent — remove one or narrow its scope [goal-duplicate]"
    ]
    # q2 lies inside h1 (product p is narrower than none), so they do not overlap as siblings;
    # y2, already a duplicate, is not said to overlap h1 as well
    assert diags(analysis, "goal-overlap") == []
    assert [g.parent for g in analysis.computed.goals] == [None, "y", "y", "h1"]
    assert analysis.computed.totals.targets == {"units": 100}


# -- the sales-cycle lag -----------------------------------------------------------
def test_a_whole_month_lag_moves_work_one_month_earlier():
    # one stage, 30 days: the 10 calls for February's 10 deals are made in January
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1"), "f.md": funnel((30,)),
                              "g.md": goals("id: g, metric: deals, target: 10, period: 2027-02")})
    by_month = {r.month: r.needed for r in analysis.computed.capacity_months}
    assert by_month["2027-01"] == 10 and by_month["2027-02"] == 0
    assert analysis.computed.goals[0].opening_pipeline == ()


def test_a_fractional_lag_splits_work_and_what_falls_before_the_start_is_opening_pipeline():
    # 45 days = 1.5 months: March's 10 deals → 5 calls in February, 5 in January;
    # January's 10 deals → 5 in December 2026 and 5 in November 2026: all before the plan
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1"), "f.md": funnel((15, 30)),
                              "g.md": goals("id: mar, metric: deals, target: 10, period: 2027-03",
                                            "id: jan, metric: deals, target: 10, period: 2027-01")})
    by_month = {r.month: r.needed for r in analysis.computed.capacity_months}
    assert (by_month["2027-01"], by_month["2027-02"], by_month["2027-03"]) == (5, 5, 0)
    mar, jan = analysis.computed.goals
    assert mar.opening_pipeline == ()
    # s1 (30 days): January's 10 → December 2026; s0 (45 days): all before January
    assert [(e.stage, e.entries) for e in jan.opening_pipeline] == [("s0", 10), ("s1", 10)]
    assert diags(analysis, "pipeline-before-start") == [
        "plan/f.md:5:3: warning: funnel 'f': deals closing early in the plan need entries before 2027-01-01 that "
        "'opening' does not give: 's0' 10 needed, 0 given; 's1' 10 needed, 0 given; add them under 'opening:' "
        "(stage: entries) [pipeline-before-start]"
    ]
    given = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1"),
                           "f.md": funnel((15, 30), "opening: {s0: 10, s1: 10}\n"),
                           "g.md": goals("id: jan, metric: deals, target: 10, period: 2027-01")})
    assert diags(given, "pipeline-before-start") == []


def test_children_overlapping_in_dates_and_scope_are_warned():
    analysis = analyse_files({"g.md": goals("id: y, metric: units, target: 100, period: 2027",
                                            "id: h1, metric: units, target: 10, period: 2027-H1, product: p",
                                            "id: q2, metric: units, target: 10, period: 2027-Q2, funnel: f"),
                              "o.md": md("title: O\nkind: offer\nproducts:\n  - {id: p, name: P, price: 1}\n"),
                              "f.md": funnel(), "t.md": team("id: ae, role: AE, headcount: 9")})
    assert diags(analysis, "goal-overlap") == [
        "plan/g.md:7:10: warning: goals 'q2' and 'h1' (plan/g.md:6) inside goal 'y' overlap in dates and scope, "
        "so a deal may count for both; split their periods or scopes [goal-overlap]"
    ]


def test_negative_days_are_an_error():
    analysis = analyse_files({"f.md": funnel((-5,))})
    assert [d.code for d in analysis.diagnostics] == ["range"]


# -- monthly capacity: ramp, leave, hires and leavers -------------------------------
def capacity(analysis, month: str, role: str | None = "AE") -> Fraction:
    return next(r.available for r in analysis.computed.capacity_months if r.month == month and r.role == role)


def test_a_ramped_hire_counts_at_its_rates_by_month_of_tenure():
    # start 1 Feb, ramp [25%, 50%]: February 20 days × 8 h × 25% = 40 h; March 23 × 8 × 50% = 92 h;
    # April 22 × 8 = 176 h; January nothing
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1, start: 2027-02-01, ramp: [25%, 0.5]")})
    assert [capacity(analysis, m) for m in ("2027-01", "2027-02", "2027-03", "2027-04")] == [0, 40, 92, 176]


def test_a_ramp_counts_whole_months_from_a_mid_month_start():
    # start Mon 15 Feb, ramp [0.5]: 15–28 Feb (10 days) at 50% = 40 h; 1–12 Mar (10 days) at 50% = 40 h,
    # 15–31 Mar (13 days) at 100% = 104 h → March 144 h
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1, start: 2027-02-15, ramp: [0.5]")})
    assert (capacity(analysis, "2027-02"), capacity(analysis, "2027-03")) == (40, 144)


def test_leave_days_take_their_share_of_every_month():
    # 26.1 days of 261: 10% off; January 21 × 8 × 90% = 151.2 h
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1, leave_days: 26.1")})
    assert capacity(analysis, "2027-01") == Fraction("151.2")


def test_a_leaver_stops_counting_after_their_end_and_a_hire_joins_the_role():
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 2, end: 2027-06-30",
                                           "id: ae-new, role: AE, headcount: 1, start: 2027-06-01")})
    # June: 2 × 8 × 22 + 1 × 8 × 22 = 528 h; July: only the hire, 8 × 22 = 176 h
    assert (capacity(analysis, "2027-06"), capacity(analysis, "2027-07")) == (528, 176)
    row = next(r for r in analysis.computed.capacity_months if r.month == "2027-07")
    assert row.teams == ("ae", "ae-new")


def test_overloaded_months_are_one_warning_per_role_with_runs_and_the_peak():
    # 1 AE: 168 h in January, 160 h in February; 200 calls in each of January and February
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1"), "f.md": funnel(),
                              "g.md": goals("id: a, metric: deals, target: 200, period: 2027-01",
                                            "id: b, metric: deals, target: 200, period: 2027-02",
                                            "id: c, metric: deals, target: 200, period: 2027-04")})
    assert diags(analysis, "capacity") == [
        "plan/t.md:5:35: warning: AE (ae) is over capacity in 2027-01 – 2027-02, 2027-04 (peak 125% in 2027-02: "
        "200 h needed, 160 h available); add people, start hires earlier or lower the workload [capacity]"
    ]


def test_work_without_available_hours_is_said_and_use_is_null():
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1, start: 2027-03-01"), "f.md": funnel(),
                              "g.md": goals("id: a, metric: deals, target: 10, period: 2027-01")})
    row = next(r for r in analysis.computed.capacity_months if r.month == "2027-01")
    assert row.use is None
    (line,) = diags(analysis, "capacity")
    assert "no hours available in 2027-01 though work falls there" in line
    data = plan_data(analysis.computed, [])
    assert data["capacity_months"][0] == {"role": "AE", "teams": ["ae"], "month": "2027-01", "needed": 10,
                                          "available": 0, "use": None}


def test_bad_team_time_fields_are_located():
    analysis = analyse_files({"t.md": team(
        "id: a, role: AE, headcount: 1, ramp: [0.5]",
        "id: b, role: AE, headcount: 1, start: 2027-03-01, end: 2027-02-01",
        "id: c, role: AE, headcount: 1, leave_days: 300",
        "id: d, role: AE, headcount: 1, start: 2027-01-01, ramp: [1.5]",
    )})
    assert [d.line_text() for d in analysis.diagnostics] == [
        "plan/t.md:5:43: error: team 'a' has a 'ramp' but no 'start': the ramp counts months from the start "
        "date; add 'start: YYYY-MM-DD' [missing-field]",
        "plan/t.md:6:61: error: team 'b' ends (2027-02-01) before it starts (2027-03-01) [date-order]",
        "plan/t.md:7:49: error: team 'c': leave_days 300 is more than the 261 working days of a year from the "
        "plan's start [range]",
        "plan/t.md:8:63: error: a rate must be between 0% and 100% (0 to 1), got 1.5 [range]",
    ]


def test_role_titles_that_differ_only_in_spelling_are_warned():
    analysis = analyse_files({"t.md": team("id: a, role: Account Executive, headcount: 1",
                                           "id: b, role: account-executive, headcount: 1")})
    assert diags(analysis, "role-title") == [
        "plan/t.md:6:19: warning: role 'account-executive' of team 'b' differs from 'Account Executive' (team 'a') "
        "only in case, spacing or punctuation, so they count as two roles; write the title the same way if they "
        "are one [role-title]"
    ]


def test_plan_json_has_the_time_keys():
    analysis = analyse_files({"t.md": team("id: ae, role: AE, headcount: 1"), "f.md": funnel((45,)),
                              "g.md": goals("id: g, metric: deals, target: 3, period: 2027-Q1")})
    data = plan_data(analysis.computed, analysis.diagnostics)
    assert data["totals"] == {"targets": {"deals": 3}} and data["holidays"] == []
    assert len(data["capacity_months"]) == 12
    (goal,) = data["goals"]
    # 3 deals over 21/20/23 working days of 64: January 63/64 = 0.984375, February 60/64
    assert goal["months"][0] == {"month": "2027-01", "target": 0.984375, "won": 0.984375}
    # 45 days = 1.5 months: all of January's calls and half of February's fall before the start
    assert goal["opening_pipeline"] == [{"stage": "s0", "entries": 1.453125}]  # (63 + 30) / 64


def test_the_worked_example_of_the_guide():
    """docs/plan-format.md §6 'a fiscal year, a remainder, a lag and a ramped hire', figure by figure."""
    yaml = "title: Fiscal example\nperiod: {start: 2027-04-01, end: 2028-03-31}\nfiscal_year_start: 4\n"
    files = {
        "g.md": goals("id: fy2028, metric: deals, target: 120, period: FY2028",
                      "id: fy2028-q1, metric: deals, target: 36, period: FY2028-Q1"),
        "f.md": md("title: F\nkind: funnel\nstages:\n  - {id: demo, name: Demo, conversion: 50%, days: 45}\n"
                   "activities:\n  - {name: Demo, stage: demo, per_unit: 1, minutes: 60, role: ae}\n"),
        "t.md": team("id: ae, role: Account executive, headcount: 2",
                     "id: ae-new, role: Account executive, headcount: 1, start: 2027-07-01, ramp: [0.5]"),
    }
    analysis = analyse_files(files, yaml)
    year, quarter = analysis.computed.goals
    assert (quarter.parent, analysis.computed.totals.targets) == ("fy2028", {"deals": 120})
    assert months_of(analysis, "fy2028")["2027-04"][0] == Fraction(36 * 22, 65)
    assert (year.remainder, months_of(analysis, "fy2028")["2027-07"][0]) == (84, Fraction(84 * 22, 197))
    rows = {r.month: r for r in analysis.computed.capacity_months}
    assert rows["2027-04"].needed == Fraction(36 * 43, 65)
    assert rows["2027-07"].available == 440
    assert [(e.stage, e.entries) for e in quarter.opening_pipeline] == [("demo", 36)]
    files["f.md"] = files["f.md"].replace("activities:", "opening: {demo: 36}\nactivities:")
    assert [d.code for d in analyse_files(files, yaml).diagnostics] == []
