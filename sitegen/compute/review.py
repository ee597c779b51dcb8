"""The quarterly review's arithmetic (PLAN_FORMAT §8): expected to date, pace, forecast, status.

Pure functions over a goal's monthly plan — a list of (first day of month,
target) — and a working-day counter, so each case can be worked by hand:
expected to date `E` = the targets of months wholly before the review date
plus the review month's target × its working days up to and including the
review date ÷ its working days; `pace = value / E`; `forecast = value ×
target / E` (the run rate carried to the period's end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

WorkingDays = Callable[[dt.date, dt.date], int]  # working days from..to, both inclusive
# (first day of the month, that month's planned target); exact fractions keep Σ months = target exactly
MonthTarget = tuple[dt.date, Fraction | Decimal]

ON_TRACK, AT_RISK, OFF_TRACK, ACHIEVED, MISSED = "on-track", "at-risk", "off-track", "achieved", "missed"


@dataclass(frozen=True)
class Thresholds:
    at_risk: Decimal = Decimal("0.9")  # pace below this: at risk
    off_track: Decimal = Decimal("0.75")  # pace below this: off track


@dataclass(frozen=True)
class Review:
    expected: Decimal | None
    pace: Decimal | None
    forecast: Decimal | None
    status: str | None


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def expected_to_date(months: Sequence[MonthTarget], as_of: dt.date, working_days: WorkingDays) -> Decimal:
    """Σ targets of months ending before `as_of` + the month of `as_of` pro rata by working days."""
    return decimal(_expected(months, as_of, working_days))


def decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _expected(months: Sequence[MonthTarget], as_of: dt.date, working_days: WorkingDays) -> Fraction:
    expected = Fraction(0)
    for first, target in months:
        last = month_end(first)
        if last <= as_of:
            expected += Fraction(target)
        elif first <= as_of:
            total = working_days(first, last)
            # A month without a working day (all holidays) has nothing to prorate: none of it is due yet.
            expected += Fraction(target) * Fraction(working_days(first, as_of), total) if total else 0
    return expected


def status_of(pace: Fraction | Decimal | None, value: Decimal, target: Decimal, ended: bool, limits: Thresholds) -> str | None:
    """After the period: achieved or missed; while it runs: the exact pace against the thresholds."""
    if ended:
        return ACHIEVED if value >= target else MISSED
    if pace is None:
        return None
    if Fraction(pace) >= Fraction(limits.at_risk):
        return ON_TRACK
    return AT_RISK if Fraction(pace) >= Fraction(limits.off_track) else OFF_TRACK


def review_goal(
    value: Decimal | None, target: Decimal, period: tuple[dt.date, dt.date], months: Sequence[MonthTarget],
    as_of: dt.date | None, working_days: WorkingDays, limits: Thresholds = Thresholds(),
) -> Review:
    """A goal's review at `as_of`: nothing without a value or review date, or before the period
    starts; no pace while nothing is expected yet (E = 0)."""
    start, end = period
    if value is None or as_of is None or as_of < start:
        return Review(None, None, None, None)
    expected = _expected(months, as_of, working_days)
    ended = as_of > end
    if expected == 0:
        return Review(Decimal(0), None, None, status_of(None, value, target, ended, limits) if ended else None)
    pace = Fraction(value) / expected  # compared with the thresholds before any rounding
    status = status_of(pace, value, target, ended, limits)
    return Review(decimal(expected), decimal(pace), decimal(Fraction(value) * Fraction(target) / expected), status)


def even_months(start: dt.date, end: dt.date, target: Decimal, working_days: WorkingDays) -> list[MonthTarget]:
    """A monthly plan by working days (§7's default phasing of a goal without `phasing`), used only
    when the computed plan carries no monthly plan of its own for the goal."""
    firsts = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        firsts.append(day)
        day = month_end(day) + dt.timedelta(days=1)
    weights = [working_days(max(f, start), min(month_end(f), end)) for f in firsts]
    total = sum(weights)
    if not total:
        return [(f, Fraction(0)) for f in firsts]
    return [(f, Fraction(target) * w / total) for f, w in zip(firsts, weights, strict=True)]
