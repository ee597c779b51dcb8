"""Working days, holidays and team capacity, worked by hand (PLAN_FORMAT §3).

2027 Monday–Friday: 261 working days; 1 Jul – 31 Dec (H2): 132; January: 21.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import PLAN_YAML, analyse_files, md

from sitegen.model.settings import PlanSettings
from sitegen.model.workdays import Calendar

HIRE_TEAM = md(
    "title: Team\nkind: resources\nteam:\n"
    "  - {id: ae, role: Account executive, headcount: 2}\n"
    "  - {id: ae-hire, role: Account executive, headcount: 1, start: 2027-07-01}\n"
)


def hours_funnel(role: str = "ae", minutes: int = 60) -> str:
    return md(
        "title: F\nkind: funnel\nstages:\n  - {id: s, name: S, conversion: 100%}\n"
        f"activities:\n  - {{name: Visit, stage: s, per_unit: 1, minutes: {minutes}, role: {role}}}\n"
    )


def deals_goal(target: int, period: str = "2027") -> str:
    return md(f"title: Goals\nkind: goals\ngoals:\n  - {{id: g, metric: deals, target: {target}, period: {period}}}\n")


def test_a_mid_year_hire_counts_from_their_start():
    # available = headcount × 40 h / 5 days × working days × selling share
    #   ae:      2 × 8 × 261 = 4,176 h
    #   ae-hire: 1 × 8 × 132 (from 1 July) = 1,056 h   → 5,232 h for the role "Account executive"
    # (counted for the whole year the hire would add 2,088 h instead)
    analysis = analyse_files({"t.md": HIRE_TEAM, "f.md": hours_funnel(), "g.md": deals_goal(5232)})
    (cap,) = analysis.computed.capacity
    assert (cap.role, cap.label, cap.period) == ("ae", "Account executive", "2027")
    assert cap.needed_hours == 5232  # 5,232 visits × 60 min
    assert cap.available_hours == 5232
    # Month by month (§7) the year balances but the first half does not: the work is spread by
    # working days (5,232 / 261 = 20.05 h a day) and the role has 16 h a day until the hire starts.
    # March, 23 working days: 5,232 × 23 / 261 = 461.1 h needed, 2 × 8 × 23 = 368 h available → 125 %.
    assert [d.message for d in analysis.diagnostics if d.code == "capacity"] == [
        "Account executive (ae, ae-hire) is over capacity in 2027-01 – 2027-06 (peak 125% in 2027-03: "
        "461.1 h needed, 368 h available); add people, start hires earlier or lower the workload"
    ]
    # average heads over the year: 2 + 1 × 132 / 261 = 2.5057...
    assert abs(cap.headcount - (2 + Decimal(132) / 261)) < Decimal("1e-20")
    (visit,) = analysis.computed.goals[0].activities
    # per_rep_per_day = (5,232 / 261) / 2.5057... = 20.045977 / 2.505747 = 8.0
    assert abs(visit.per_rep_per_day - Decimal(5232) / 261 / (2 + Decimal(132) / 261)) < Decimal("1e-20")


def test_capacity_warning_fires_one_hour_over_the_boundary():
    # January 2027: 21 working days × 2 heads × 8 h = 336 h; the hire starts in July
    fits = analyse_files({"t.md": HIRE_TEAM, "f.md": hours_funnel(), "g.md": deals_goal(336, "2027-01")})
    assert [d for d in fits.diagnostics if d.code == "capacity"] == []
    analysis = analyse_files({"t.md": HIRE_TEAM, "f.md": hours_funnel(), "g.md": deals_goal(337, "2027-01")})
    assert [d.line_text() for d in analysis.diagnostics if d.code == "capacity"] == [
        "plan/t.md:5:50: warning: Account executive (ae, ae-hire) is over capacity in 2027-01 (peak 100% in 2027-01: "
        "337 h needed, 336 h available); add people, start hires earlier or lower the workload [capacity]"
    ]


def test_selling_share_and_hours_per_week_scale_capacity():
    # Q1 2027 has 64 working days: 2 × (30 h / 5) × 64 × 50% = 384 h
    team = md("title: Team\nkind: resources\nteam:\n  - {id: sdr, role: SDR, headcount: 2, hours_per_week: 30, selling_share: 50%}\n")
    analysis = analyse_files({"t.md": team, "f.md": hours_funnel("sdr"), "g.md": deals_goal(385, "2027-Q1")})
    (cap,) = analysis.computed.capacity
    assert cap.available_hours == 384 and cap.needed_hours == 385
    assert [d.code for d in analysis.diagnostics] == ["capacity"]


def test_activities_without_a_role_load_the_whole_team():
    # no role: every team member; H2 only: ae 2 × 8 × 132 + hire 1 × 8 × 132 = 3,168 h
    funnel = hours_funnel().replace(", role: ae", "")
    analysis = analyse_files({"t.md": HIRE_TEAM, "f.md": funnel, "g.md": deals_goal(3168, "2027-H2")})
    (cap,) = analysis.computed.capacity
    assert (cap.role, cap.label, cap.available_hours, cap.needed_hours) == ("*", "all team members", 3168, 3168)
    assert analysis.diagnostics == []


def settings(holidays: str) -> PlanSettings:
    return PlanSettings.model_validate(
        {"title": "T", "period": {"start": "2027-01-01", "end": "2027-12-31"}, "holidays": holidays}
    )


JANUARY = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
MAY = (dt.date(2027, 5, 1), dt.date(2027, 5, 31))


def test_a_holiday_on_a_weekday_removes_a_working_day_and_on_a_weekend_does_not():
    assert Calendar(settings(None)).working_days(*JANUARY) == 21
    assert Calendar(settings([dt.date(2027, 1, 6)])).working_days(*JANUARY) == 20  # Wednesday
    assert Calendar(settings([dt.date(2027, 1, 9)])).working_days(*JANUARY) == 21  # Saturday
    assert Calendar(settings([dt.date(2027, 1, 6), dt.date(2027, 1, 9)])).working_days(*JANUARY) == 20


def test_country_holidays():
    # Poland, January 2027: New Year (Fri 1st) and Epiphany (Wed 6th) → 21 − 2 = 19
    # May 2027: 21 weekdays; 1 May is a Saturday (no effect), 3 May (Mon) and Corpus Christi
    # (Thu 27th) fall on weekdays, Pentecost on a Sunday → 19
    cal = Calendar(settings("PL"))
    assert cal.working_days(*JANUARY) == 19
    assert cal.working_days(*MAY) == 19


def test_holidays_change_per_day_figures():
    # January 2027 with Wed 6 Jan off: 20 working days; 200 visits → 10 a day
    plan_yaml = PLAN_YAML + "holidays: [2027-01-06, 2027-01-09]\n"
    funnel = hours_funnel().replace(", role: ae", "")
    analysis = analyse_files({"f.md": funnel, "g.md": deals_goal(200, "2027-01")}, plan_yaml)
    (goal,) = analysis.computed.goals
    assert goal.working_days == 20
    assert goal.activities[0].per_day == 10


def test_custom_working_days():
    # Monday–Thursday in January 2027: 4–7, 11–14, 18–21, 25–28 = 16 days
    # (1 Jan is a Friday and does not count)
    plan_yaml = PLAN_YAML + "working_days: [mon, tue, wed, thu]\n"
    analysis = analyse_files({"g.md": deals_goal(16, "2027-01")}, plan_yaml)
    assert analysis.computed.goals[0].working_days == 16


def test_work_named_for_the_hire_loads_the_whole_role():
    # activities for 'ae' (5,000 h) and for 'ae-hire' (300 h) both load "Account executive":
    # 5,300 h needed > 5,232 h available → one warning, for the role as a whole
    funnel = hours_funnel().replace(
        "role: ae}\n", "role: ae}\n  - {name: Onboarding, stage: s, per_unit: 0.06, minutes: 60, role: ae-hire}\n"
    )
    analysis = analyse_files({"t.md": HIRE_TEAM, "f.md": funnel, "g.md": deals_goal(5000)})
    (cap,) = analysis.computed.capacity
    assert (cap.role, cap.needed_hours, cap.available_hours) == ("ae", 5300, 5232)
    assert [d.code for d in analysis.diagnostics] == ["capacity"]
