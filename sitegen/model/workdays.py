"""Working days: the denominator of every per-day figure (PLAN_FORMAT §3, §7).

Holidays come from plan.yaml: a country (`PL`) or subdivision (`GB-ENG`) as
the `holidays` package knows it, a list of dates, or a mapping that adds
company closure days (`closed`) and makes some dates working days (`open`).
It lives in `model` because validation counts working days too (a goal
period without one, leave beyond a year's).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sitegen.library_cache import library_stamp, remembered
from sitegen.model.settings import WEEKDAYS, HolidaySet, PlanSettings


@lru_cache(maxsize=64)
def _country_holidays(code: str, first: int, last: int) -> frozenset[dt.date]:
    """The `holidays` package's dates, kept between runs (`sitegen.library_cache`: ~0.2 s a run)."""
    key = (code, first, last, library_stamp("holidays"))
    days = remembered("holidays", key, lambda: _library_holidays(code, first, last))
    return frozenset(dt.date.fromisoformat(day) for day in days)


# The `holidays` package's names for each plan language, best first (it knows Polish and
# Chinese names for PL and CN, English for most countries; else the country's own language).
_NAME_LANGUAGES = {"en": ("en_US", "en_GB"), "pl": ("pl",), "zh": ("zh_CN", "zh_TW")}


@lru_cache(maxsize=64)
def _country_holiday_names(code: str, first: int, last: int, language: str) -> dict[dt.date, str]:
    """Date → the holiday's name, in `language` where the package has it (cached like the dates)."""
    key = (code, first, last, language, library_stamp("holidays"))
    pairs = remembered("holiday-names", key, lambda: _library_names(code, first, last, language))
    return {dt.date.fromisoformat(day): name for day, name in pairs}


def _library_names(code: str, first: int, last: int, language: str) -> list[tuple[str, str]]:
    import holidays as holidays_lib

    country, _, subdivision = code.partition("-")
    known = holidays_lib.list_localized_countries().get(country, [])
    chosen = next((lang for lang in _NAME_LANGUAGES.get(language, ()) if lang in known), None)
    found = holidays_lib.country_holidays(country, subdiv=subdivision or None, years=range(first, last + 1),
                                          language=chosen)
    return sorted((day.isoformat(), name) for day, name in found.items())


def _library_holidays(code: str, first: int, last: int) -> list[str]:
    import holidays as holidays_lib  # here, not at the top: a plan without `holidays:` never pays its import

    country, _, subdivision = code.partition("-")
    found = holidays_lib.country_holidays(country, subdiv=subdivision or None, years=range(first, last + 1))
    return sorted(day.isoformat() for day in found)


class Calendar:
    """Counts working days of any span of the plan, holidays excluded."""

    def __init__(self, settings: PlanSettings):
        self.weekdays = frozenset(WEEKDAYS.index(d) for d in settings.working_days)
        self.days_per_week = len(set(settings.working_days))
        span = settings.period
        given = settings.holidays
        country = given.country if isinstance(given, HolidaySet) else given if isinstance(given, str) else None
        self.country, self._years = country, (span.start.year - 1, span.end.year + 1)
        found = _country_holidays(country, *self._years) if country else frozenset()
        if isinstance(given, HolidaySet):
            self.holidays = found | frozenset(given.closed)
            self.open = frozenset(given.open)  # make-up working days: working although a holiday or weekend
        else:
            self.holidays = found | frozenset(given if isinstance(given, tuple) else ())
            self.open = frozenset()
        self._cache: dict[tuple[dt.date, dt.date], int] = {}
        # Lookups derived once (team by role, ...), each keyed by what it is derived from: `serve`
        # keeps the Calendar while plan.yaml's settings are unchanged (see `compute.memo`).
        self.memo: dict = {}

    def is_working(self, day: dt.date) -> bool:
        return day in self.open or (day.weekday() in self.weekdays and day not in self.holidays)

    def holidays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The holiday and closure dates of a span, make-up working days left out (plan.json)."""
        return sorted(d for d in self.holidays if start <= d <= end and d not in self.open)

    def holiday_names(self, language: str) -> dict[dt.date, str]:
        """The country's holidays by name, in `language` where the `holidays` package has it
        (the calendar page names them); company closure days are not in it."""
        return _country_holiday_names(self.country, *self._years, language) if self.country else {}

    def working_days(self, start: dt.date, end: dt.date) -> int:
        key = (start, end)
        if key not in self._cache:
            days = (end - start).days + 1
            self._cache[key] = sum(
                self.is_working(start + dt.timedelta(n)) for n in range(max(days, 0))
            )
        return self._cache[key]


def year_after(start: dt.date) -> dt.date:
    """The last day of the 12 months from `start` (2027-04-15 → 2028-04-14)."""
    try:
        return start.replace(year=start.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February: a year later there is no such day
        return dt.date(start.year + 1, 3, 1) - dt.timedelta(days=1)


def year_working_days(cal: Calendar, start: dt.date) -> int:
    """`W` of §7: the working days of the 12 months from the plan's start (leave and quotas are per year)."""
    return cal.working_days(start, year_after(start))
