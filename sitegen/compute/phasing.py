"""Monthly phasing (PLAN_FORMAT §7): how a goal's target spreads over the months of its period.

A month's weight is the goal's `phasing` weight for it (unlisted months weigh
0), else its working days inside the goal's period; a month's share is its
weight over the sum of weights. Exact fractions: the shares of a goal sum to 1.
Months are numbered `year × 12 + month − 1` so that lags can subtract them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

from sitegen.model.period import Period
from sitegen.model.workdays import Calendar

__all__ = ["month_index", "month_label", "month_span", "month_weights", "months_of", "shares"]


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    """'YYYY-MM' of a month number."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_span(index: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month number."""
    first = dt.date(index // 12, index % 12 + 1, 1)
    following = index + 1
    return first, dt.date(following // 12, following % 12 + 1, 1) - dt.timedelta(days=1)


def months_of(start: dt.date, end: dt.date) -> range:
    """The month numbers a date span touches."""
    return range(month_index(start), month_index(end) + 1)


def working_days_in(index: int, start: dt.date, end: dt.date, cal: Calendar) -> int:
    """Working days of month `index` inside `start`…`end`."""
    first, last = month_span(index)
    first, last = max(first, start), min(last, end)
    return cal.working_days(first, last) if first <= last else 0


def month_weights(period: Period, phasing: Mapping[str, Decimal] | None, cal: Calendar) -> dict[int, Fraction]:
    """Weight of every month of the period: `phasing` as written, else working days (§7)."""
    months = months_of(period.start, period.end)
    if phasing is not None:
        return {m: Fraction(phasing.get(month_label(m), Decimal(0))) for m in months}
    return {m: Fraction(working_days_in(m, period.start, period.end, cal)) for m in months}


def shares(weights: Mapping[int, Fraction], only: Iterable[int] | None = None) -> dict[int, Fraction]:
    """Each month's weight over their sum (restricted to `only` months when given); {} when all weigh 0."""
    chosen = {m: w for m, w in weights.items() if only is None or m in set(only)}
    total = sum(chosen.values(), Fraction(0))
    return {m: w / total for m, w in chosen.items()} if total else {}
