"""Properties of the reverse funnel that must hold for every plan, not just the worked examples."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.compute.funnel import activity_needs, required_per_stage, won_deals
from sitegen.model.kinds import Activity, FunnelSection, Goal, Stage

PERCENT = st.integers(1, 100).map(lambda p: Decimal(p) / 100)
RATES = st.one_of(PERCENT, st.decimals(Decimal("0.0001"), Decimal(1), places=4))
TARGETS = st.decimals(Decimal("0.01"), Decimal(10) ** 9, places=2)
SETTINGS = settings(max_examples=100, deadline=None)


def funnel(rates: list[Decimal], per_unit: Decimal = Decimal(1)) -> FunnelSection:
    stages = [Stage(id=f"s{i}", name=f"S{i}", conversion=r) for i, r in enumerate(rates)]
    acts = [Activity(name="Call", stage=s.id, per_unit=per_unit, minutes=Decimal(15)) for s in stages]
    return FunnelSection(title="F", kind="funnel", deal_size=Decimal(1000), stages=stages, activities=acts)


def goal(metric: str, target: Decimal) -> Goal:
    return Goal(id="g", metric=metric, target=target, period="2027")


def needs(metric: str, target: Decimal, rates: list[Decimal]) -> list[int]:
    won = won_deals(goal(metric, target), Decimal(1000), Decimal("0.4"))
    return [won, *(s.required for s in required_per_stage(won, funnel(rates)))]


@SETTINGS
@given(st.sampled_from(["revenue", "profit", "units", "deals", "customers"]), TARGETS, TARGETS, st.lists(RATES, min_size=1, max_size=6))
def test_a_higher_target_never_needs_fewer_at_any_stage(metric, a, b, rates):
    low, high = sorted((a, b))
    assert all(x <= y for x, y in zip(needs(metric, low, rates), needs(metric, high, rates), strict=True))


@SETTINGS
@given(TARGETS, st.lists(st.tuples(RATES, RATES), min_size=1, max_size=6))
def test_a_higher_conversion_never_needs_more(target, pairs):
    worse = [min(p) for p in pairs]
    better = [max(p) for p in pairs]
    assert all(x >= y for x, y in zip(needs("deals", target, worse), needs("deals", target, better), strict=True))


@SETTINGS
@given(st.integers(0, 10**6), st.lists(RATES, min_size=1, max_size=6))
def test_each_stage_needs_at_least_as_many_as_the_next(won, rates):
    required = [s.required for s in required_per_stage(won, funnel(rates))]
    chain = [*required, won]
    assert all(chain[k] >= chain[k + 1] for k in range(len(required)))
    assert all(isinstance(r, int) for r in required)


@SETTINGS
@given(
    st.integers(0, 10**6),
    st.lists(RATES, min_size=1, max_size=4),
    st.decimals(Decimal(0), Decimal(50), places=3),
    st.integers(1, 366),
)
def test_per_day_times_working_days_recovers_the_count(won, rates, per_unit, days):
    shape = funnel(rates, per_unit)
    stages = required_per_stage(won, shape)
    for need in activity_needs(shape, stages, days, {None: Decimal(3)}):
        # exact up to Decimal's 28 significant digits
        tolerance = max(need.count, 1) * Decimal("1e-25")
        assert abs(need.per_day * days - need.count) <= tolerance
        assert need.count >= per_unit * next(s.required for s in stages if s.id == need.stage)
        assert abs(need.per_rep_per_day * 3 - need.per_day) <= tolerance


def test_a_replaced_result_is_what_dataclasses_replace_makes():
    """`results.replaced` (the goals' results are replaced twice per computation, once more per
    scenario) makes the very result `dataclasses.replace` makes, and refuses a field it lacks."""
    import dataclasses

    import pytest

    from sitegen.compute.frozen import replaced
    from sitegen.compute.results import GoalResult

    made = GoalResult("g", "s", "revenue", Decimal(10), goal("revenue", Decimal(10)).period, None, None, None,
                      Decimal(5), 20, 2)
    assert replaced(made, won=3, pace=Decimal(1)) == dataclasses.replace(made, won=3, pace=Decimal(1))
    assert replaced(made, won=3).won == 3 and made.won == 2
    with pytest.raises(TypeError):
        replaced(made, wins=3)
