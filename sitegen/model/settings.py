"""plan.yaml: plan-wide settings (PLAN_FORMAT §1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import holidays as holidays_lib
from babel.numbers import list_currencies
from pydantic import BeforeValidator

from sitegen.diagnostics import suggest
from sitegen.model.kinds import Strict
from sitegen.model.types import Date, Text, _date, choice, range_error, type_error

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Language = Annotated[str, choice("en", "pl", "zh")]
Weekday = Annotated[str, choice(*WEEKDAYS)]


def _currency(value: Any) -> str:
    if not isinstance(value, str):
        raise type_error("a currency code like USD, PLN or CNY", value)
    code = value.strip().upper()
    known = list_currencies()
    if code not in known:
        raise range_error(f"'{value}' is not an ISO 4217 currency code{suggest(code, known)}")
    return code


def _holidays(value: Any) -> str | tuple[dt.date, ...]:
    if isinstance(value, str):
        code = value.strip().upper()
        known = holidays_lib.list_supported_countries()
        if code not in known:
            raise range_error(f"'{value}' is not a supported country code{suggest(code, known)}")
        return code
    if isinstance(value, list):
        return tuple(_date(item) for item in value)
    raise type_error("a country code like PL or a list of dates", value)


class PlanPeriod(Strict):
    start: Date
    end: Date


class PlanSettings(Strict):
    title: Text
    organization: Text | None = None
    language: Language = "en"
    currency: Annotated[str, BeforeValidator(_currency)] = "USD"
    period: PlanPeriod
    working_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    holidays: Annotated[str | tuple[dt.date, ...], BeforeValidator(_holidays)] | None = None
    compare_to: Text | None = None
    theme: Text | None = None
    extra: dict[str, Any] | None = None
