"""plan.yaml: plan-wide settings (PLAN_FORMAT §1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, cast

from pydantic import BeforeValidator, PrivateAttr, ValidationInfo, field_validator, model_validator

from sitegen.diagnostics import suggest
from sitegen.library_cache import library_stamp, remembered
from sitegen.load.yamlmarks import NumberText
from sitegen.model.kinds import Strict
from sitegen.model.scenario import Scenario
from sitegen.model.types import (
    Date,
    Id,
    Rate,
    Text,
    _date,
    choice,
    describe,
    range_error,
    type_error,
    unquote_hint,
    worded_error,
)
from sitegen.translation import N_

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Language = Annotated[str, choice("en", "pl", "zh")]
Weekday = Annotated[str, choice(*WEEKDAYS)]


def _currency(value: Any) -> str:
    if not isinstance(value, str):
        raise type_error(N_("a currency code like USD, PLN or CNY"), value)
    code = value.strip().upper()
    known = _currencies()
    if code not in known:
        raise range_error(N_("'%(code)s' is not an ISO 4217 currency code%(suggestion)s", code=str(value),
                             suggestion=suggest(code, known)))
    return code


@cache
def _currencies() -> frozenset[str]:
    """Babel's ISO 4217 codes, kept between runs (`sitegen.library_cache`): reading Babel's
    global data for them was the only Babel work of a `check`."""
    return frozenset(remembered("currencies", library_stamp("babel"), _babel_currencies))


def _babel_currencies() -> list[str]:
    from babel.numbers import list_currencies  # here: a remembered list needs no Babel at all

    return sorted(list_currencies())


def _supported_countries() -> set[str]:
    """Country codes the holidays package knows, read from its registry.

    ``holidays.list_supported_countries()`` imports every one of its ~250
    country modules (a fifth of a second); the registry table says the same.
    """
    try:
        from holidays.registry import COUNTRIES

        return {code for names in COUNTRIES.values() for code in names[1:] if code.isupper()}
    except (ImportError, AttributeError):  # pragma: no cover - another holidays layout
        import holidays

        return set(holidays.list_supported_countries())


def _subdivisions(country: str) -> list[str]:
    """The subdivision codes (`ENG`, `BY`, `CA`) the holidays package knows for one country,
    kept between runs: importing one country module costs a few milliseconds."""
    # `remembered` gives back (the JSON of) what the function made: a list of str
    found = remembered("subdivisions", (country, library_stamp("holidays")), lambda: _library_subdivisions(country))
    return cast(list[str], found)


def _library_subdivisions(country: str) -> list[str]:
    import holidays

    return sorted(str(code) for code in getattr(getattr(holidays, country, None), "subdivisions", ()))


def holiday_code(value: Any) -> str:
    """`PL`, or a subdivision `GB-ENG` / `DE-BY` / `US-CA` (§7), normalised; else a range error."""
    if not isinstance(value, str):
        raise type_error(N_("a country code like PL or a subdivision like GB-ENG"), value)
    code = value.strip().upper()
    country, _, subdivision = code.partition("-")
    known = _supported_countries()
    if country not in known:
        raise range_error(N_("'%(code)s' is not a supported country code%(suggestion)s", code=str(value),
                             suggestion=suggest(country, known)))
    if subdivision:
        subdivisions = _subdivisions(country)
        if subdivision not in subdivisions:
            listed = ", ".join(f"{country}-{s}" for s in subdivisions[:12])
            raise range_error(N_(
                "'%(code)s' is not a subdivision of %(country)s that the holidays package knows%(suggestion)s; it knows %(listed)s",
                code=str(value), country=country, suggestion=suggest(code, [f"{country}-{s}" for s in subdivisions]),
                listed=(listed + (", …" if len(subdivisions) > 12 else "")) if listed else N_("none")))
    return code


class HolidaySet(Strict):
    """`holidays: {country: GB-ENG, closed: [dates], open: [dates]}` (§7): public holidays, plus
    company closure days, minus make-up working days."""

    country: Annotated[str, BeforeValidator(holiday_code)] | None = None
    closed: tuple[Date, ...] = ()
    open: tuple[Date, ...] = ()


def _holidays(value: Any) -> str | tuple[dt.date, ...] | HolidaySet:
    if isinstance(value, str):
        return holiday_code(value)
    if isinstance(value, list):
        return tuple(_date(item) for item in value)
    if isinstance(value, (dict, HolidaySet)):
        return value if isinstance(value, HolidaySet) else HolidaySet.model_validate(value)
    raise type_error(N_("a country code like PL, a subdivision like GB-ENG, a list of dates or a mapping"), value)


def _month_number(value: Any) -> int:
    if isinstance(value, NumberText) and value.isdigit():
        value = int(value)  # `04` for April: the month as written (YAML 1.1 reads 08 and 09 as text)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        quoted = isinstance(value, str)  # `'4'`: text, said as text ("got text '4'"), not as the number 4
        raise worded_error("type" if quoted else "range", N_(
            "'fiscal_year_start' is the first month of the fiscal year, 1 to 12 (4 = April), got %(value)s%(hint)s",
            value=describe(value) if quoted else str(value), hint=unquote_hint(value)))
    return value


MAX_YEARS = 10


class PlanPeriod(Strict):
    start: Date
    end: Date

    @field_validator("end")
    @classmethod
    def _not_decades(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        """A sales plan spans a year or a few; centuries are a typo (and a slow calendar)."""
        start = info.data.get("start")
        if start is not None and (end - start).days > 366 * MAX_YEARS:
            raise range_error(N_("the plan period %(start)s – %(end)s spans more than %(years)s years",
                                 start=str(start), end=str(end), years=MAX_YEARS))
        return end


class Audience(Strict):
    """Who may see which part of the plan (PLAN_FORMAT §10); absent lists mean "all"."""

    id: Id
    name: Text
    segments: tuple[Id, ...] | None = None
    territories: tuple[Id, ...] | None = None
    sections: tuple[Text, ...] | None = None


class ReviewSettings(Strict):
    """`review:` (§8): the review date and the pace thresholds of a goal's status."""

    as_of: Date | None = None
    at_risk: Rate = Decimal("0.9")
    off_track: Rate = Decimal("0.75")

    @model_validator(mode="after")
    def _ordered(self) -> ReviewSettings:
        """Below `off_track` is worse than below `at_risk`: reversed thresholds would make
        'at risk' impossible and is a typo."""
        if self.off_track > self.at_risk:
            raise range_error(N_("'off_track' (%(off_track)s) must not be above 'at_risk' (%(at_risk)s)",
                                 off_track=str(self.off_track), at_risk=str(self.at_risk)))
        return self


class PlanSettings(Strict):
    title: Text
    organization: Text | None = None
    language: Language = "en"
    currency: Annotated[str, BeforeValidator(_currency)] = "USD"
    period: PlanPeriod
    working_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    holidays: Annotated[str | tuple[dt.date, ...] | HolidaySet, BeforeValidator(_holidays)] | None = None
    fiscal_year_start: Annotated[int, BeforeValidator(_month_number)] = 1
    fiscal_year_label: Annotated[str, choice("end", "start")] = "end"
    compare_to: Text | None = None
    review: ReviewSettings = ReviewSettings()
    theme: Text | None = None
    scenarios: tuple[Scenario, ...] = ()  # §9
    sensitivity: bool = True  # with scenarios: the ±10 % tornado (re-computes the plan twice per driver)
    audiences: tuple[Audience, ...] = ()
    extra: dict[str, Any] | None = None
    # per list field, the index in the file of each valid item (broken ones are dropped): set by validation
    _kept: dict[str, list[int]] = PrivateAttr(default_factory=dict)

    def item_path(self, name: str, index: int) -> tuple[str, int]:
        """Where the index-th valid item of a list sits in plan.yaml (as `Section.item_path`)."""
        kept = self._kept.get(name)
        return (name, kept[index] if kept and index < len(kept) else index)

    @field_validator("working_days")
    @classmethod
    def _some_working_day(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        """Every per-day figure divides by working days: a week without one is a mistake."""
        if not days:
            raise range_error(N_("'working_days' needs at least one day, e.g. [mon, tue, wed, thu, fri]"))
        return days
