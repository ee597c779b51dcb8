"""The campaign calendar as data: month grids with bars, and two timing checks.

A month grid is what a wall calendar shows: weeks × seven days, starting on
the locale's first weekday, with leading and trailing days of the adjacent
months. Each campaign running in a week becomes a *bar* there, clipped to the
month's own days and placed in a *lane* (a row under the day numbers) so that
bars never overlap. A bar that goes on before or after the month says so
(`continues_before` / `continues_after`), which is how a campaign crossing a
month boundary reads on paper.

The checks (PLAN_FORMAT §3 lets us add warnings):
- `campaign-outside-goal`: a campaign feeds a goal but runs entirely outside
  the goal's period, so it cannot contribute to it;
- `campaign-gap`: months of the plan period in which a plane that has
  campaigns in other months has none at all — a hole in the system of actions.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from sitegen.compute.results import CampaignResult
from sitegen.diagnostics import Diagnostic, warning
from sitegen.model.period import Period, months_touched
from sitegen.model.plan import Placed, Plan
from sitegen.translation import N_

__all__ = [
    "Bar",
    "Day",
    "MonthGrid",
    "MonthRow",
    "Week",
    "calendar_warnings",
    "gap_warnings",
    "month_grid",
    "month_grids",
    "month_row",
    "outside_goal_warnings",
    "week_reach",
]

PLANES = ("prospecting", "sales", "cross-selling", "retention")


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool  # False for the leading/trailing days of the adjacent months


@dataclass(frozen=True)
class Bar:
    """One campaign's piece inside one week: columns are 0-based, `span` ≥ 1."""

    campaign: CampaignResult
    column: int
    span: int
    lane: int
    continues_before: bool  # the campaign started before this piece
    continues_after: bool  # the campaign goes on after this piece
    first_in_month: bool  # the campaign's first piece in this month grid


@dataclass(frozen=True)
class Week:
    days: tuple[Day, ...]
    bars: tuple[Bar, ...]

    @property
    def lanes(self) -> int:
        return max((bar.lane + 1 for bar in self.bars), default=0)


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: tuple[Week, ...]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, pycal.monthrange(self.year, self.month)[1])

    def campaigns(self) -> tuple[CampaignResult, ...]:
        """Campaigns with at least one day in this month, in calendar order."""
        seen: dict[str, CampaignResult] = {}
        for week in self.weeks:
            for bar in week.bars:
                seen.setdefault(bar.campaign.id, bar.campaign)
        return tuple(sorted(seen.values(), key=_order))


def _order(c: CampaignResult) -> tuple[dt.date, dt.date, str]:
    return (c.start, c.end, c.id)


def _week_starts(first: dt.date, last: dt.date, first_weekday: int) -> Iterator[dt.date]:
    start = first - dt.timedelta(days=(first.weekday() - first_weekday) % 7)
    while start <= last:
        yield start
        start += dt.timedelta(days=7)


def _month_lanes(campaigns: Sequence[CampaignResult], first: dt.date, last: dt.date) -> dict[str, int]:
    """One lane per campaign for the whole month (lowest free one, in calendar order).

    Keeping a campaign in one lane for the month, rather than packing each
    week separately, keeps its bar in the same relative row week after week.
    """
    return _lanes((c.id, max(c.start, first), min(c.end, last)) for c in campaigns)


Point = TypeVar("Point", dt.date, int)  # where a span starts and ends: a day, or a column of a row


def _lanes(spans: Iterable[tuple[str, Point, Point]]) -> dict[str, int]:
    """Each (id, first, last) span in the lowest lane free from `first` on; `spans` in order of
    their `first`, so that a lane free for one is free for the rest."""
    busy: list[tuple[Point, int]] = []  # (last taken, lane), soonest free first
    free: list[int] = []  # lanes free before the next start, lowest first
    count = 0
    lanes: dict[str, int] = {}
    for key, start, end in spans:
        while busy and busy[0][0] < start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, count = count, count + 1
        heapq.heappush(busy, (end, lane))
        lanes[key] = lane
    return lanes


def _first_fit(spans: Sequence[tuple[str, int, int]]) -> dict[str, int]:
    """Each (id, first, last) span, taken in the given order, in the lowest lane whose spans all
    end before its `first`. Spans come in the order of a point each of them covers (a campaign's
    start), so a span never fits before one already in a lane: a lane's last end decides.

    Unlike `_lanes`, the spans' `first`s need not grow (a quarter row's name may stand before its
    bar), so lanes freed for one span are not free for the next: the lanes' last ends sit in a
    tree of minima, and the lowest lane free at `first` is found in log(lanes) steps."""
    size = 1 << max(len(spans) - 1, 0).bit_length()  # leaves: at least one lane per span
    ends = [-1] * (2 * size)  # ends[node]: the earliest last end under `node`; -1 = an unused lane
    lanes: dict[str, int] = {}
    for key, start, end in spans:
        node = 1
        while node < size:  # down towards the lowest lane that ends before `start`
            node = 2 * node if ends[2 * node] < start else 2 * node + 1
        lanes[key] = node - size
        ends[node] = end
        while node > 1:
            node //= 2
            ends[node] = min(ends[2 * node], ends[2 * node + 1])
    return lanes


def _week(
    week_start: dt.date,
    first: dt.date,
    last: dt.date,
    campaigns: Sequence[CampaignResult],
    lanes: dict[str, int],
    seen: set[str],
) -> Week:
    days = tuple(Day(d, first <= d <= last) for d in (week_start + dt.timedelta(days=i) for i in range(7)))
    shown_from = max(week_start, first)
    shown_to = min(week_start + dt.timedelta(days=6), last)
    running = [c for c in campaigns if c.start <= shown_to and c.end >= shown_from]
    compact = {lane: i for i, lane in enumerate(sorted({lanes[c.id] for c in running}))}
    bars = []
    for c in running:
        start, end = max(c.start, shown_from), min(c.end, shown_to)
        column = (start - week_start).days
        span = (end - start).days + 1
        lane = compact[lanes[c.id]]
        bars.append(Bar(c, column, span, lane, c.start < start, c.end > end, c.id not in seen))
        seen.add(c.id)
    return Week(days, tuple(bars))


def week_reach(week: Week, need: Mapping[str, int]) -> dict[str, tuple[int, int]]:
    """The columns (first, count) that each bar of `week` takes with its name (by campaign id):
    as in a quarter row (`name_reach`), within the days its lane leaves free around it — from the
    end of the box before it in that lane to the next bar. Lanes are kept for the whole month,
    so a name takes the room that is free rather than a lane of its own; where it still does not
    fit, it wraps (calendar.css) and its lane grows."""
    reach: dict[str, tuple[int, int]] = {}
    bars = sorted(week.bars, key=lambda b: (b.lane, b.column))
    for i, bar in enumerate(bars):
        before = bars[i - 1] if i and bars[i - 1].lane == bar.lane else None
        after = bars[i + 1] if i + 1 < len(bars) and bars[i + 1].lane == bar.lane else None
        low = sum(reach[before.campaign.id]) if before else 0
        high = after.column if after else len(week.days)
        at, count = name_reach(bar.column - low, bar.span, need.get(bar.campaign.id, 0), high - low)
        reach[bar.campaign.id] = (at + low, count)
    return reach


def month_grid(year: int, month: int, campaigns: Iterable[CampaignResult], first_weekday: int = 0) -> MonthGrid:
    """One month's weeks with the bars of the campaigns that touch it.

    `first_weekday` is 0 = Monday … 6 = Sunday (Babel's `first_week_day`).
    """
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycal.monthrange(year, month)[1])
    running = sorted((c for c in campaigns if c.start <= last and c.end >= first), key=_order)
    lanes = _month_lanes(running, first, last)
    seen: set[str] = set()
    weeks = tuple(_week(ws, first, last, running, lanes, seen) for ws in _week_starts(first, last, first_weekday))
    return MonthGrid(year, month, weeks)


def month_grids(
    campaigns: Iterable[CampaignResult], start: dt.date, end: dt.date, first_weekday: int = 0
) -> tuple[MonthGrid, ...]:
    """A grid for every calendar month that the plan period touches."""
    items = tuple(campaigns)
    return tuple(month_grid(m.start.year, m.start.month, items, first_weekday) for m in months_touched(start, end))


@dataclass(frozen=True)
class MonthRow:
    """One month as a single row of days (the quarter view): a campaign running in it is one bar,
    however many weeks it spans — an all-year campaign is one bar a month, not five."""

    year: int
    month: int
    days: tuple[dt.date, ...]
    bars: tuple[Bar, ...]  # `column` = day of the month − 1
    reach: Mapping[str, tuple[int, int]]  # campaign id → the columns its bar and name take (`name_reach`)

    @property
    def lanes(self) -> int:
        return max((bar.lane + 1 for bar in self.bars), default=0)


def name_reach(column: int, span: int, need: int, days: int) -> tuple[int, int]:
    """The columns (first, count) that a bar and its name take in a row of `days` columns. The
    name (`need` columns on one line) starts at the bar's start and runs on to the right, wrapping
    at the row's end; when there is more room before the bar than after it and the name does not
    fit after it, the name stands before the bar instead (`first` < `column`)."""
    after = days - column
    if need <= after or after >= column:
        return column, max(span, min(need, after))
    first = max(0, column - need)
    return first, column + span - first


def month_row(year: int, month: int, campaigns: Iterable[CampaignResult],
              need: Mapping[str, int] | None = None) -> MonthRow:
    """The month's days and one bar per campaign touching it, in lanes that never overlap; a bar
    keeps its name's room in its lane too (`need`: columns per campaign id, see `name_reach`).
    Bars take their lanes in date order, each the highest one that the campaigns started before
    it leave free, a name standing before its bar included: a later campaign never pushes an
    earlier one down."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycal.monthrange(year, month)[1])
    running = sorted((c for c in campaigns if c.start <= last and c.end >= first), key=_order)
    bars = [Bar(c, (max(c.start, first) - first).days, (min(c.end, last) - max(c.start, first)).days + 1, 0,
                c.start < first, c.end > last, True) for c in running]
    reach = {b.campaign.id: name_reach(b.column, b.span, (need or {}).get(b.campaign.id, 0), last.day) for b in bars}
    lanes = _first_fit([(key, at, at + count - 1) for key, (at, count) in reach.items()])  # in date order
    days = tuple(first + dt.timedelta(days=i) for i in range(last.day))
    return MonthRow(year, month, days, tuple(replace(b, lane=lanes[b.campaign.id]) for b in bars), reach)


# -- checks -------------------------------------------------------------------


def outside_goal_warnings(plan: Plan, lead_days: Mapping[str, int] | None = None) -> Iterator[Diagnostic]:
    """A campaign that feeds a goal must run at least one day inside the goal's period, moved earlier
    by the goal's top-stage lead time (`lead_days`, §7): leads for a March deal come in before March."""
    goals = plan.by_id("goals")
    for placed in plan.campaigns:
        c = placed.item
        goal = goals.get(c.goal) if c.goal else None
        if goal is None:
            continue
        period: Period = goal.item.period
        lead = dt.timedelta(days=(lead_days or {}).get(goal.item.id, 0))
        start, end = period.start - lead, period.end - lead
        if not (c.start <= end and start <= c.end):
            moved = N_(", moved %(days)s days earlier for the sales cycle", days=lead.days) if lead else ""
            yield warning(
                placed.at("goal"),
                "campaign-outside-goal",
                N_("campaign '%(campaign)s' runs %(start)s – %(end)s, entirely outside the period %(period)s "
                   "(%(goal_start)s – %(goal_end)s%(moved)s) of goal '%(goal)s' it feeds; "
                   "move its dates or point it at a goal of that time",
                   campaign=c.id, start=str(c.start), end=str(c.end), period=str(period), goal_start=str(start),
                   goal_end=str(end), moved=moved, goal=goal.item.id),
            )


def _runs(months: Sequence[Period]) -> Iterator[list[Period]]:
    """Consecutive months grouped: [Mar, Apr, Jul] → [Mar, Apr], [Jul]."""
    run: list[Period] = []
    for month in months:
        if run and month.start != run[-1].end + dt.timedelta(days=1):
            yield run
            run = []
        run.append(month)
    if run:
        yield run


def _nearest_before(placed: Sequence[Placed], day: dt.date) -> Placed:
    """The campaign whose end is closest before `day` (else the earliest): where to point the author."""
    before = [p for p in placed if p.item.end < day]
    if before:
        return max(before, key=lambda p: (p.item.end, p.item.id))
    return min(placed, key=lambda p: (p.item.start, p.item.id))


def gap_warnings(plan: Plan) -> Iterator[Diagnostic]:
    """Months of the plan period without any campaign on a plane that is otherwise active."""
    span = plan.settings.period
    months = months_touched(span.start, span.end)
    for plane in PLANES:
        mine = [p for p in plan.campaigns if p.item.plane == plane]
        if not mine:
            continue  # a plane with no campaign at all is `plane-missing`, not a gap
        empty = [m for m in months if not any(m.overlaps(p.item.start, p.item.end) for p in mine)]
        for run in _runs(empty):
            label = str(run[0]) if len(run) == 1 else N_(
                "%(first)s – %(last)s (%(count)s months)", first=str(run[0]), last=str(run[-1]), count=len(run))
            where = _nearest_before(mine, run[0].start)
            yield warning(
                where.at("plane"),
                "campaign-gap",
                N_("no %(plane)s campaign runs in %(months)s although the plane "
                   "has campaigns in other months; plan one to keep the system of actions continuous",
                   plane=plane, months=label),
            )


def calendar_warnings(plan: Plan, lead_days: Mapping[str, int] | None = None) -> list[Diagnostic]:
    """Both calendar checks, for `compute_plan`."""
    return [*outside_goal_warnings(plan, lead_days), *gap_warnings(plan)]
