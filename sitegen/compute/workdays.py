"""Working days: the denominator of every per-day figure (PLAN_FORMAT §3)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sitegen.cache import library_stamp, remembered
from sitegen.model.settings import WEEKDAYS, PlanSettings


@lru_cache(maxsize=64)
def _country_holidays(code: str, first: int, last: int) -> frozenset[dt.date]:
    """The `holidays` package's dates, kept between runs (`sitegen.cache`: ~0.2 s a run)."""
    key = (code, first, last, library_stamp("holidays"))
    days = remembered("holidays", key, lambda: _library_holidays(code, first, last))
    return frozenset(dt.date.fromisoformat(day) for day in days)


def _library_holidays(code: str, first: int, last: int) -> list[str]:
    import holidays as holidays_lib  # here, not at the top: a plan without `holidays:` never pays its import

    found = holidays_lib.country_holidays(code, years=range(first, last + 1))
    return sorted(day.isoformat() for day in found)


class Calendar:
    """Counts working days of any span of the plan, holidays excluded."""

    def __init__(self, settings: PlanSettings):
        self.weekdays = frozenset(WEEKDAYS.index(d) for d in settings.working_days)
        self.days_per_week = len(set(settings.working_days))
        span = settings.period
        if isinstance(settings.holidays, str):
            self.holidays = _country_holidays(settings.holidays, span.start.year - 1, span.end.year + 1)
        else:
            self.holidays = frozenset(settings.holidays or ())
        self._cache: dict[tuple[dt.date, dt.date], int] = {}
        # Lookups derived once (team by role, ...), each keyed by what it is derived from: `serve`
        # keeps the Calendar while plan.yaml's settings are unchanged (see `compute.memo`).
        self.memo: dict = {}

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def working_days(self, start: dt.date, end: dt.date) -> int:
        key = (start, end)
        if key not in self._cache:
            days = (end - start).days + 1
            self._cache[key] = sum(
                self.is_working(start + dt.timedelta(n)) for n in range(max(days, 0))
            )
        return self._cache[key]
