"""Month grid lanes: each campaign keeps the lowest lane free when it starts.

A large plan has hundreds of campaigns running in one month; lanes are found
with heaps instead of a scan of every lane per campaign, and must be exactly
the lanes the scan gave (bars would otherwise jump rows between builds).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.compute.calendar import _month_lanes, _order, month_row, name_reach

FIRST, LAST = dt.date(2027, 3, 1), dt.date(2027, 3, 31)


def _scan(campaigns, first, last):
    ends, lanes = [], {}
    for c in campaigns:
        start, end = max(c.start, first), min(c.end, last)
        lane = next((i for i, taken in enumerate(ends) if taken < start), len(ends))
        if lane == len(ends):
            ends.append(end)
        ends[lane] = end
        lanes[c.id] = lane
    return lanes


_spans = st.tuples(st.integers(-20, 40), st.integers(0, 45))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI runs two suites at once
@given(st.lists(_spans, max_size=80))
def test_lanes_are_those_of_the_scan(spans) -> None:
    campaigns = [
        SimpleNamespace(id=f"c{i}", start=FIRST + dt.timedelta(days=a), end=FIRST + dt.timedelta(days=a + b))
        for i, (a, b) in enumerate(spans)
    ]
    running = sorted((c for c in campaigns if c.start <= LAST and c.end >= FIRST), key=_order)
    assert _month_lanes(running, FIRST, LAST) == _scan(running, FIRST, LAST)


_bars = st.tuples(st.integers(-5, 30), st.integers(0, 12), st.integers(0, 40))  # start, days, name columns


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_bars, max_size=60))
def test_quarter_rows_take_their_lanes_in_date_order(bars) -> None:
    """Each bar of a month row (its name's room included) is in the lowest lane that the bars of
    the campaigns before it in date order leave free, wherever its name stands."""
    campaigns = [SimpleNamespace(id=f"c{i}", start=FIRST + dt.timedelta(days=a), end=FIRST + dt.timedelta(days=a + b))
                 for i, (a, b, _) in enumerate(bars)]
    need = {f"c{i}": n for i, (_, _, n) in enumerate(bars)}
    row = month_row(FIRST.year, FIRST.month, campaigns, need)
    assert [b.campaign for b in row.bars] == sorted((c for c in campaigns if c.end >= FIRST), key=_order)
    placed: list[tuple[int, int, int]] = []  # (lane, first, last column) of the bars before
    for bar in row.bars:
        at, count = name_reach(bar.column, bar.span, need[bar.campaign.id], len(row.days))
        taken = {lane for lane, a, z in placed if a <= at + count - 1 and at <= z}
        assert bar.lane == min(set(range(len(placed) + 1)) - taken)
        placed.append((bar.lane, at, at + count - 1))
