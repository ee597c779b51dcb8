"""Periods as plan authors write them: 2027, 2027-H1, 2027-Q3, 2027-03 (calendar) and
FY2028, FY2028-H1, FY2028-Q1 (fiscal, PLAN_FORMAT §7).

A fiscal period's dates depend on plan.yaml's `fiscal_year_start` and
`fiscal_year_label`; a section is validated on its own, so its periods are
first read with the defaults (January, named by the end year) and resolved
again with the plan's settings once plan.yaml is known (`resolve_period`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["year", "half", "quarter", "month"]

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$", re.IGNORECASE)
_FISCAL = re.compile(r"^FY(\d{4})(?:-(H[12]|Q[1-4]))?$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    granularity: Granularity
    fiscal: bool = False  # written FY…: its dates follow the plan's fiscal year

    @property
    def dates(self) -> str:
        """The dates it covers, as a plan author checks them: "2027-04-01 – 2028-03-31"."""
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

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


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after the month of `first`."""
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_key(day: dt.date) -> str:
    """'YYYY-MM', the key of a month in phasing and plan.json."""
    return f"{day.year:04d}-{day.month:02d}"


def fiscal_year_first_day(year: int, fiscal_year_start: int = 1, fiscal_year_label: str = "end") -> dt.date:
    """First day of fiscal year `year`: named by the calendar year it ends in (`end`) or starts in."""
    starts_in = year - 1 if fiscal_year_label == "end" and fiscal_year_start != 1 else year
    return dt.date(starts_in, fiscal_year_start, 1)


def _fiscal(match: re.Match[str], fiscal_year_start: int, fiscal_year_label: str) -> Period | None:
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if year < 2:
        return None
    first = fiscal_year_first_day(year, fiscal_year_start, fiscal_year_label)
    if not part:
        offset, length, granularity = 0, 12, "year"
    elif part[0] == "H":
        offset, length, granularity = 6 * (int(part[1]) - 1), 6, "half"
    else:
        offset, length, granularity = 3 * (int(part[1]) - 1), 3, "quarter"
    start = add_months(first, offset)
    end = add_months(start, length) - dt.timedelta(days=1)
    label = f"FY{year}" + (f"-{part}" if part else "")
    # each branch assigns a Granularity literal; mypy widens the tuple's third item to str
    return Period(start, end, label, granularity, fiscal=True)  # type: ignore[arg-type]


def parse_period(text: object, fiscal_year_start: int = 1, fiscal_year_label: str = "end") -> Period | None:
    """The period, or None when the text is not one of the calendar or fiscal forms."""
    written = str(text).strip()
    fiscal = _FISCAL.match(written)
    if fiscal:
        return _fiscal(fiscal, fiscal_year_start, fiscal_year_label)
    match = _PATTERN.match(written)
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


def resolve_period(period: Period, fiscal_year_start: int, fiscal_year_label: str) -> Period:
    """A period read before plan.yaml was known, with the plan's fiscal year (calendar ones unchanged)."""
    if not period.fiscal:
        return period
    return parse_period(period.label, fiscal_year_start, fiscal_year_label) or period


def months_touched(start: dt.date, end: dt.date) -> list[Period]:
    """Every calendar month that a date span touches, in order."""
    out: list[Period] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first, last = _month_span(year, month, month)
        out.append(Period(first, last, f"{year:04d}-{month:02d}", "month"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
