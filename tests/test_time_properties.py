"""Properties of the §7 time arithmetic that must hold for every plan, not just the worked examples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from conftest import analyse_files, md
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.compute.lag import shift, split_at
from sitegen.compute.monthly_capacity import available_hours, year_working_days
from sitegen.compute.phasing import month_weights, shares
from sitegen.model.kinds import TeamMember
from sitegen.model.period import parse_period
from sitegen.model.settings import PlanSettings
from sitegen.model.workdays import Calendar

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CAL = Calendar(PlanSettings.model_validate({"title": "T", "period": {"start": "2027-01-01", "end": "2027-12-31"}}))
PERIODS = st.sampled_from(["2027", "2027-H1", "2027-H2", *(f"2027-Q{q}" for q in range(1, 5)),
                           *(f"2027-{m:02d}" for m in range(1, 13))])
WEIGHTS = st.decimals(Decimal(0), Decimal(1000), places=3)


@SETTINGS
@given(PERIODS, st.one_of(st.none(), st.lists(WEIGHTS, min_size=12, max_size=12)))
def test_the_shares_of_a_goal_sum_to_one(label, weights):
    period = parse_period(label)
    phasing = None
    if weights is not None:
        months = [f"2027-{m:02d}" for m in range(period.start.month, period.end.month + 1)]
        phasing = dict(zip(months, weights, strict=False))
    found = shares(month_weights(period, phasing, CAL))
    assert found == {} or sum(found.values()) == 1
    if phasing is None:
        assert sum(found.values()) == 1  # every period of 2027 has working days


AMOUNTS = st.dictionaries(st.integers(24270, 24300), st.fractions(0, 1000), max_size=12)


@SETTINGS
@given(AMOUNTS, st.fractions(0, 400), st.integers(24270, 24300))
def test_lagged_work_plus_the_opening_pipeline_is_all_the_work(amounts, lead, first):
    inside, before = split_at(shift(amounts, lead), first)
    assert sum(inside.values(), Fraction(0)) + before == sum(amounts.values(), Fraction(0))
    assert all(m >= first for m in inside)


MEMBERS = st.builds(
    TeamMember,
    id=st.just("t"), role=st.just("R"), headcount=st.integers(0, 20),
    hours_per_week=st.integers(0, 60), selling_share=st.sampled_from(["50%", "85%", 1]),
    start=st.one_of(st.none(), st.dates(dt.date(2026, 6, 1), dt.date(2027, 12, 31))),
    leave_days=st.integers(0, 30),
).flatmap(lambda m: st.lists(st.sampled_from(["0", "0.25", "0.5", "1"]), max_size=4).map(
    lambda ramp: m.model_copy(update={"ramp": tuple(Fraction(r) for r in ramp) if m.start else ()})))


@SETTINGS
@given(MEMBERS)
def test_month_sums_are_the_quarter_and_year_figures(member):
    year = year_working_days(CAL, dt.date(2027, 1, 1))

    def hours(first: dt.date, last: dt.date) -> Fraction:
        return available_hours(member, first, last, CAL, year)

    months = [parse_period(f"2027-{m:02d}") for m in range(1, 13)]
    by_month = [hours(p.start, p.end) for p in months]
    for q in range(4):
        quarter = parse_period(f"2027-Q{q + 1}")
        assert sum(by_month[3 * q: 3 * q + 3]) == hours(quarter.start, quarter.end)
    assert sum(by_month) == hours(dt.date(2027, 1, 1), dt.date(2027, 12, 31))


FUNNEL = md(
    "title: F\nkind: funnel\ndeal_size: 1000\nstages:\n  - {id: a, name: A, conversion: 40%}\n"
    "  - {id: b, name: B, conversion: 55%}\nactivities:\n  - {name: Call, stage: a, per_unit: 3, minutes: 5, role: sdr}\n"
    "  - {name: Demo, stage: b, per_unit: 1, minutes: 60, role: ae}\n"
)
TEAM = md("title: T\nkind: resources\nteam:\n  - {id: sdr, role: SDR, headcount: 2}\n  - {id: ae, role: AE, headcount: 1}\n")
DISJOINT = st.lists(st.sampled_from(["2027-H1", "2027-Q3", "2027-10", "2027-11", "2027-12"]), min_size=1, max_size=5, unique=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DISJOINT, st.lists(st.integers(1, 10**6), min_size=5, max_size=5))
def test_without_lag_phasing_or_nesting_the_v1_figures_stay(periods, targets):
    lines = "".join(
        f"  - {{id: g{i}, metric: revenue, target: {t}, period: {p}}}\n"
        for i, (p, t) in enumerate(zip(periods, targets, strict=False))
    )
    analysis = analyse_files({"f.md": FUNNEL, "t.md": TEAM, "g.md": md(f"title: G\nkind: goals\ngoals:\n{lines}")})
    computed = analysis.computed
    # every goal is a top goal: the headline is the sum of targets, each deal counted once
    assert computed.totals.targets == {"revenue": sum(Decimal(t) for t in targets[: len(periods)])}
    for goal in computed.goals:
        assert sum(m.target for m in goal.months) == goal.target and sum(m.won for m in goal.months) == goal.won
        assert goal.opening_pipeline == ()
    # the month-by-month hours add up to v1's hours per goal period, role by role
    for role, team_id in (("SDR", "sdr"), ("AE", "ae")):
        monthly = sum(r.needed for r in computed.capacity_months if r.role == role)
        assert monthly == sum(Fraction(c.needed_hours) for c in computed.capacity if c.role == team_id)
