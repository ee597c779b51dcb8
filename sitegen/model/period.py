"""Calendar periods as plan authors write them: 2027, 2027-H1, 2027-Q3, 2027-03."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["year", "half", "quarter", "month"]

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    granularity: Granularity

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and self.start <= end

    @property
    def year(self) -> int:
        return self.start.year

    def __str__(self) -> str:
        return self.label


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def parse_period(text: object) -> Period | None:
    """The period, or None when the text is not one of the four forms."""
    match = _PATTERN.match(str(text).strip())
    if not match:
        return None
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if year < 1:
        return None
    if not part:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}", "year")
    if part[0] == "H":
        half = int(part[1])
        start, end = _month_span(year, 6 * half - 5, 6 * half)
        return Period(start, end, f"{year}-H{half}", "half")
    if part[0] == "Q":
        q = int(part[1])
        start, end = _month_span(year, 3 * q - 2, 3 * q)
        return Period(start, end, f"{year}-Q{q}", "quarter")
    month = int(part)
    if not 1 <= month <= 12:
        return None
    start, end = _month_span(year, month, month)
    return Period(start, end, f"{year}-{month:02d}", "month")


def months_touched(start: dt.date, end: dt.date) -> list[Period]:
    """Every calendar month that a date span touches, in order."""
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(parse_period(f"{year:04d}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
