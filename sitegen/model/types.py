"""Field types of the plan format, with messages a plan author can act on.

Each type is an ``Annotated`` pydantic type whose before-validator accepts
exactly what PLAN_FORMAT §2 allows and raises a ``PydanticCustomError`` whose
type is our diagnostic code (``type`` or ``range``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sitegen.diagnostics import suggest
from sitegen.model.period import Period, parse_period

ID_PATTERN = re.compile(r"^[\w\-]+$")
SECTION_ID_PATTERN = re.compile(r"^[\w\-]+(/[\w\-]+)*$")
_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")
# No sales figure comes near this; beyond it a number is a typo (and would make
# every per-day figure meaningless), so it is refused rather than computed with.
LARGEST = Decimal(10) ** 15


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}', a yes/no value (put text like yes, no, on or off in quotes)"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text '{value}'"
    if isinstance(value, dt.datetime):
        return f"a date and time '{value.isoformat()}'"
    return f"'{value}'"


def type_error(expected: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError("type", f"expected {expected}, got {_describe(value)}")


def range_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("range", message)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        if isinstance(value, str):
            try:
                return _finite(Decimal(value.replace(" ", "").replace("_", "")))
            except InvalidOperation:
                pass
        raise type_error("a number", value)
    return _finite(Decimal(str(value)) if isinstance(value, float) else Decimal(value))


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        shown = {"Infinity": ".inf", "-Infinity": "-.inf"}.get(str(value), ".nan")
        raise range_error(f"expected a finite number, got '{shown}'")
    if abs(value) > LARGEST:
        raise range_error(f"{value} is too large; a number in a plan must stay below 10^15")
    return value


def _at_least(low: Decimal, strict: bool, what: str):
    def check(value: Any) -> Decimal:
        number = _number(value)
        if number < low or (strict and number == low):
            raise range_error(f"{what} must be {'above' if strict else 'at least'} {low}, got {number}")
        return number

    return check


def _whole(low: int):
    def check(value: Any) -> int:
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise type_error("a whole number", value)
        if value < low:
            raise range_error(f"must be at least {low}, got {value}")
        if value > LARGEST:
            raise range_error(f"{value} is too large; a number in a plan must stay below 10^15")
        return value

    return check


def _rate(value: Any) -> Decimal:
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if not match:
            raise type_error("a rate like 0.35 or '35%'", value)
        number = Decimal(match.group(1)) / 100
    else:
        try:
            number = _number(value)
        except PydanticCustomError as exc:
            if exc.type == "range":  # .inf, .nan: say so rather than "not a rate"
                raise
            raise type_error("a rate like 0.35 or '35%'", value) from None
    if not Decimal(0) <= number <= Decimal(1):
        raise range_error(f"a rate must be between 0% and 100% (0 to 1), got {value}")
    return number


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # `title: 2027-01-01` is text to its author
    raise type_error("text", value)


def _ident(pattern: re.Pattern[str], hint: str):
    def check(value: Any) -> str:
        text = _text(value).strip()
        if not pattern.match(text):
            raise range_error(f"'{text}' is not a valid id; use {hint}")
        return text

    return check


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise type_error("a date YYYY-MM-DD", value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # right shape, impossible day
                raise range_error(f"'{text}' is not a date in the calendar ({exc})") from None
    raise type_error("a date YYYY-MM-DD", value)


def _period(value: Any) -> Period:
    if isinstance(value, (dict, list, bool)) or value is None:
        raise type_error("a period like 2027, 2027-H1, 2027-Q2, 2027-03 or FY2028", value)
    period = parse_period(value)
    if period is None:
        raise PydanticCustomError(
            "period", f"'{value}' is not a period; write 2027, 2027-H1, 2027-Q2, 2027-03 or a fiscal FY2028, FY2028-Q1"
        )
    return period


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month_key(value: Any) -> str:
    """A month as phasing keys are written: 'YYYY-MM' (§7)."""
    text = value.strip() if isinstance(value, str) else value
    match = _MONTH.match(text) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise PydanticCustomError("range", f"'{value}' is not a month; write it as YYYY-MM, e.g. 2027-03")
    return text


def choice(*options: str):
    """A closed set of words; a near miss is suggested."""

    def check(value: Any) -> str:
        text = _text(value).strip() if not isinstance(value, str) else value.strip()
        if text not in options:
            raise range_error(f"'{text}' is not one of {', '.join(options)}{suggest(text, options)}")
        return text

    return BeforeValidator(check)


Number = Annotated[Decimal, BeforeValidator(_number)]
Money = Annotated[Decimal, BeforeValidator(_at_least(Decimal(0), False, "an amount"))]
NonNegative = Annotated[Decimal, BeforeValidator(_at_least(Decimal(0), False, "the value"))]
Positive = Annotated[Decimal, BeforeValidator(_at_least(Decimal(0), True, "the value"))]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
Count = Annotated[int, BeforeValidator(_whole(0))]
Whole = Annotated[int, BeforeValidator(_whole(-(10**9)))]
Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_ident(ID_PATTERN, "letters, digits, '-' and '_'"))]
SectionId = Annotated[str, BeforeValidator(_ident(SECTION_ID_PATTERN, "letters, digits, '-', '_' and '/'"))]
Date = Annotated[dt.date, BeforeValidator(_date)]
PeriodField = Annotated[Period, BeforeValidator(_period)]
MonthKey = Annotated[str, BeforeValidator(_month_key)]
