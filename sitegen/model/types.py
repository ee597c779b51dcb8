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
from sitegen.load.yamlmarks import NumberText
from sitegen.model.period import Period, parse_period

ID_PATTERN = re.compile(r"^[\w\-]+$")
SECTION_ID_PATTERN = re.compile(r"^[\w\-]+(/[\w\-]+)*$")
_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")

# How big a number may be (docs/plan-format.md §5, "How big a number may be").
# No sales plan comes near these bounds; beyond them a number is a typo, and
# every figure computed from a plan that passes `check` stays small enough to
# be computed and formatted exactly.
LARGEST = Decimal(10) ** 15  # money, targets, actual values: below a quadrillion
MAX_DECIMALS = 12  # digits after the decimal point; 0.30000000000000004 is a float's noise
MAX_COUNT = 10**12  # accounts, leads, reps
MAX_ORDER = 10**9
MAX_PER_UNIT = Decimal(10) ** 6  # activities per unit, visits per account per month, heads
MAX_MINUTES = Decimal(100_000)  # one activity or visit: about a working year
HOURS_IN_WEEK, HOURS_IN_DAY = Decimal(168), Decimal(24)

# Forms that are numbers in other notations: refused with a hint, never converted.
_OTHER_BASE = re.compile(r"[-+]?0[xXbBoO][0-9a-fA-F_]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value (YAML reads yes, no, on, off, true and false as yes/no)"
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
    return f"'{_shown(value)}'" if isinstance(value, (Decimal, int)) else f"'{value}'"


def type_error(expected: str, value: Any, hint: str = "") -> PydanticCustomError:
    if not hint and isinstance(value, bool) and "number" not in expected and "rate" not in expected:
        hint = "; put text like yes, no, on or off in quotes"
    return PydanticCustomError("type", f"expected {expected}, got {_describe(value)}{hint}")


def range_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("range", message)


def _shown(number: Decimal | int) -> str:
    """A number for a message, as people write it (0.0000000001, not 1E-10); 5,000 digits are described."""
    text = str(number)
    if len(text) > 40:
        return f"a number with {sum(c.isdigit() for c in text):,} digits"
    plain = format(number, "f") if isinstance(number, Decimal) else text
    return plain if len(plain) <= 40 else text


def _parse(text: str) -> Decimal:
    """A number written as text: `045000`, `+12`, `1_000`, `1e3`, `" 1 000 "` — as a decimal."""
    try:
        return Decimal(text.replace(" ", "").replace("_", ""))
    except InvalidOperation:
        pass
    stripped = text.strip()
    if _OTHER_BASE.fullmatch(stripped):
        raise type_error("a number", text, "; write it with the digits 0-9 (hexadecimal, binary and octal forms are not read)")
    if _SEXAGESIMAL.fullmatch(stripped):
        raise type_error("a number", text, "; a value with ':' (a time like 1:30) is not a number: write one number, e.g. the minutes")
    raise type_error("a number", text)


def _number(value: Any) -> Decimal:
    """Any number field: exact, finite, below 10^15, at most 12 decimals; never a float's guess."""
    if type(value) is int and -LARGEST < value < LARGEST:
        return Decimal(value)  # the common case: a plain whole number, nothing more to check
    if isinstance(value, str):
        number = _parse(value)
    elif isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise type_error("a number", value)
    else:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return _finite(number)


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        shown = {"Infinity": ".inf", "-Infinity": "-.inf"}.get(str(value), ".nan")
        raise range_error(f"expected a finite number, got '{shown}'")
    if abs(value) >= LARGEST:
        raise range_error(f"{_shown(value)} is too large; a number in a plan must stay below 10^15")
    sign, digits, exponent = value.as_tuple()
    if exponent >= 0:
        return value.quantize(Decimal(1)) if exponent > 0 else value  # 1e3 → 1000
    if exponent < -MAX_DECIMALS:
        zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if -(exponent + zeros) > MAX_DECIMALS:
            raise range_error(
                f"{_shown(value)} has more than {MAX_DECIMALS} digits after the decimal point; round it"
            )
    return value


def _between(low: Decimal, high: Decimal | None, strict: bool, what: str):
    """A number in [low, high] (low excluded when ``strict``)."""

    def check(value: Any) -> Decimal:
        number = _number(value)
        if number < low or (strict and number == low):
            raise range_error(f"{what} must be {'above' if strict else 'at least'} {low}, got {_shown(number)}")
        if high is not None and number > high:
            raise range_error(f"{what} must be at most {high:,}, got {_shown(number)}")
        return number

    return check


def _whole(low: int, high: int):
    def check(value: Any) -> int:
        if isinstance(value, NumberText):  # `045000`: the decimal the author wrote
            value = _number(value)
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            if not -LARGEST < value < LARGEST:
                raise range_error(f"{_shown(value)} is too large; a number in a plan must stay below 10^15")
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise type_error("a whole number", value)
        if value < low:
            raise range_error(f"must be at least {low:,}, got {_shown(value)}")
        if value > high:
            raise range_error(f"must be at most {high:,}, got {_shown(value)}")
        return value

    return check


def _rate(value: Any) -> Decimal:
    if isinstance(value, str) and not isinstance(value, NumberText):
        match = _PERCENT.match(value)
        if not match:
            raise type_error("a rate like 0.35 or '35%'", value)
        number = _finite(Decimal(match.group(1))) / 100
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
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)  # `NumberText` ('007') as plain text
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


_ZERO = Decimal(0)
Number = Annotated[Decimal, BeforeValidator(_number)]
Money = Annotated[Decimal, BeforeValidator(_between(_ZERO, None, False, "an amount"))]
NonNegative = Annotated[Decimal, BeforeValidator(_between(_ZERO, None, False, "the value"))]
Positive = Annotated[Decimal, BeforeValidator(_between(_ZERO, None, True, "the value"))]
PerUnit = Annotated[Decimal, BeforeValidator(_between(_ZERO, MAX_PER_UNIT, False, "the value"))]
Minutes = Annotated[Decimal, BeforeValidator(_between(_ZERO, MAX_MINUTES, False, "minutes"))]
PositiveMinutes = Annotated[Decimal, BeforeValidator(_between(_ZERO, MAX_MINUTES, True, "minutes"))]
HoursPerWeek = Annotated[Decimal, BeforeValidator(_between(_ZERO, HOURS_IN_WEEK, False, "hours per week"))]
HoursPerDay = Annotated[Decimal, BeforeValidator(_between(_ZERO, HOURS_IN_DAY, False, "hours per day"))]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
Count = Annotated[int, BeforeValidator(_whole(0, MAX_COUNT))]
Whole = Annotated[int, BeforeValidator(_whole(-MAX_ORDER, MAX_ORDER))]
Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_ident(ID_PATTERN, "letters, digits, '-' and '_'"))]
SectionId = Annotated[str, BeforeValidator(_ident(SECTION_ID_PATTERN, "letters, digits, '-', '_' and '/'"))]
Date = Annotated[dt.date, BeforeValidator(_date)]
PeriodField = Annotated[Period, BeforeValidator(_period)]
MonthKey = Annotated[str, BeforeValidator(_month_key)]
