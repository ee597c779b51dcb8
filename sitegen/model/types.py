"""Field types of the plan format, with messages a plan author can act on.

Each type is an ``Annotated`` pydantic type whose before-validator accepts
exactly what PLAN_FORMAT §2 allows and raises a ``PydanticCustomError`` whose
type is our diagnostic code (``type`` or ``range``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sitegen.diagnostics import suggest
from sitegen.load.yamlmarks import NumberText
from sitegen.model.period import Period, parse_period
from sitegen.translation import N_, Message

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


def describe(value: Any) -> Message:
    if isinstance(value, bool):
        return N_("a yes/no value (YAML reads yes, no, on, off, true and false as yes/no)")
    if isinstance(value, dict):
        return N_("a mapping (key: value lines)")
    if isinstance(value, list):
        return N_("a list")
    if value is None:
        return N_("nothing")
    if isinstance(value, str):
        return N_("text '%(value)s'", value=value)
    if isinstance(value, dt.datetime):
        return N_("a date and time '%(value)s'", value=value.isoformat())
    return N_("'%(value)s'", value=_shown(value) if isinstance(value, (Decimal, int)) else value)


# What a field expects, named in `expected ..., got ...`
A_NUMBER, A_WHOLE_NUMBER, TEXT = N_("a number"), N_("a whole number"), N_("text")
A_RATE, A_DATE = N_("a rate like 0.35 or '35%%'"), N_("a date YYYY-MM-DD")


def type_error(expected: Message, value: Any, hint: Message | str = "") -> PydanticCustomError:
    if not hint and isinstance(value, bool) and expected not in (A_NUMBER, A_RATE, A_WHOLE_NUMBER):
        hint = N_("; put text like yes, no, on or off in quotes")
    return worded_error("type", N_("expected %(expected)s, got %(got)s%(hint)s", expected=expected,
                                   got=describe(value), hint=hint))


def unquote_hint(value: Any) -> Message | str:
    """`; write 4 without quotes` when a quoted value holds a whole number: quotes make YAML text,
    and a sales lead who wrote `'4'` meant the number."""
    if isinstance(value, str) and not isinstance(value, NumberText) and value.strip().isdecimal():
        return N_("; write %(number)s without quotes", number=value.strip())
    return ""


def worded_error(code: str, message: Message) -> PydanticCustomError:
    """A pydantic error whose English text is the message; `validate.fields` shows its wording."""
    # pydantic fills only `{wording}` in the template, so braces in a plan value stay as written
    return PydanticCustomError(code, str(message), {"wording": message})


def range_error(message: Message) -> PydanticCustomError:
    return worded_error("range", message)


def _shown(number: Decimal | int) -> str | Message:
    """A number for a message, as people write it (0.0000000001, not 1E-10); 5,000 digits are described."""
    text = str(number)
    if len(text) > 40:
        return N_("a number with %(digits)s digits", digits=f"{sum(c.isdigit() for c in text):,}")
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
        raise type_error(A_NUMBER, text, N_("; write it with the digits 0-9 (hexadecimal, binary and octal forms are not read)"))
    if _SEXAGESIMAL.fullmatch(stripped):
        raise type_error(A_NUMBER, text, N_("; a value with ':' (a time like 1:30) is not a number: write one number, e.g. the minutes"))
    raise type_error(A_NUMBER, text)


def _number(value: Any) -> Decimal:
    """Any number field: exact, finite, below 10^15, at most 12 decimals; never a float's guess."""
    if type(value) is int and -LARGEST < value < LARGEST:
        return Decimal(value)  # the common case: a plain whole number, nothing more to check
    if isinstance(value, str):
        number = _parse(value)
    elif isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise type_error(A_NUMBER, value)
    else:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return _finite(number)


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        shown = {"Infinity": ".inf", "-Infinity": "-.inf"}.get(str(value), ".nan")
        raise range_error(N_("expected a finite number, got '%(value)s'", value=shown))
    if value.copy_abs() >= LARGEST:  # copy_abs: abs() rounds to the context and overflows on 1e1000000
        raise range_error(TOO_LARGE(_shown(value)))
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # a letter ('n', 'N', 'F') only for NaN and infinity, refused above
    if exponent >= 0:
        return value.quantize(Decimal(1)) if exponent > 0 else value  # 1e3 → 1000
    if exponent < -MAX_DECIMALS:
        zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if -(exponent + zeros) > MAX_DECIMALS:
            raise range_error(N_("%(value)s has more than %(places)s digits after the decimal point; round it",
                                 value=_shown(value), places=MAX_DECIMALS))
    return value


def TOO_LARGE(value: str | Message) -> Message:  # noqa: N802 - one message, used thrice
    return N_("%(value)s is too large; a number in a plan must stay below 10^15", value=value)


_DAY_PROBLEMS = {
    "day is out of range for month": N_("day is out of range for month"),
    "month must be in 1..12": N_("month must be in 1..12"),
}


def day_problem(exc: ValueError) -> str | Message:
    """Python's reason for an impossible date, in words we can translate."""
    return _DAY_PROBLEMS.get(str(exc), str(exc))


def _between(low: Decimal, high: Decimal | None, strict: bool, what: Message) -> Callable[[object], Decimal]:
    """A number in [low, high] (low excluded when ``strict``)."""

    def check(value: Any) -> Decimal:
        number = _number(value)
        if number < low or (strict and number == low):
            if strict:
                raise range_error(N_("%(what)s must be above %(low)s, got %(value)s", what=what, low=str(low),
                                     value=_shown(number)))
            raise range_error(N_("%(what)s must be at least %(low)s, got %(value)s", what=what, low=str(low),
                                 value=_shown(number)))
        if high is not None and number > high:
            raise range_error(N_("%(what)s must be at most %(high)s, got %(value)s", what=what, high=f"{high:,}",
                                 value=_shown(number)))
        return number

    return check


def _whole(low: int, high: int) -> Callable[[object], int]:
    def check(value: Any) -> int:
        if isinstance(value, NumberText):  # `045000`: the decimal the author wrote
            value = _number(value)
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            if not -LARGEST < value < LARGEST:
                raise range_error(TOO_LARGE(_shown(value)))
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise type_error(A_WHOLE_NUMBER, value, unquote_hint(value))
        if value < low:
            raise range_error(N_("must be at least %(low)s, got %(value)s", low=f"{low:,}", value=_shown(value)))
        if value > high:
            raise range_error(N_("must be at most %(high)s, got %(value)s", high=f"{high:,}", value=_shown(value)))
        return value

    return check


def _rate(value: Any) -> Decimal:
    if isinstance(value, str) and not isinstance(value, NumberText):
        match = _PERCENT.match(value)
        if not match:
            raise type_error(A_RATE, value)
        number = _finite(Decimal(match.group(1))) / 100
    else:
        try:
            number = _number(value)
        except PydanticCustomError as exc:
            if exc.type == "range":  # .inf, .nan: say so rather than "not a rate"
                raise
            raise type_error(A_RATE, value) from None
    if not Decimal(0) <= number <= Decimal(1):
        raise range_error(N_("a rate must be between 0%% and 100%% (0 to 1), got %(value)s", value=str(value)))
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
    raise type_error(TEXT, value)


def _ident(pattern: re.Pattern[str], hint: Message) -> Callable[[object], str]:
    def check(value: Any) -> str:
        text = _text(value).strip()
        if not pattern.match(text):
            raise range_error(N_("'%(text)s' is not a valid id; use %(hint)s", text=text, hint=hint))
        return text

    return check


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise type_error(A_DATE, value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # right shape, impossible day
                raise range_error(N_("'%(text)s' is not a date in the calendar (%(reason)s)", text=text,
                                     reason=day_problem(exc))) from None
    raise type_error(A_DATE, value)


def _period(value: Any) -> Period:
    if isinstance(value, (dict, list, bool)) or value is None:
        raise type_error(N_("a period like 2027, 2027-H1, 2027-Q2, 2027-03 or FY2028"), value)
    period = parse_period(value)
    if period is None:
        raise worded_error("period", N_(
            "'%(value)s' is not a period; write 2027, 2027-H1, 2027-Q2, 2027-03 or a fiscal FY2028, FY2028-Q1",
            value=str(value)))
    return period


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month_key(value: Any) -> str:
    """A month as phasing keys are written: 'YYYY-MM' (§7)."""
    text = value.strip() if isinstance(value, str) else value
    match = _MONTH.match(text) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise range_error(N_("'%(value)s' is not a month; write it as YYYY-MM, e.g. 2027-03", value=str(value)))
    return text


def choice(*options: str) -> BeforeValidator:
    """A closed set of words; a near miss is suggested."""

    def check(value: Any) -> str:
        text = _text(value).strip() if not isinstance(value, str) else value.strip()
        if text not in options:
            raise range_error(N_("'%(text)s' is not one of %(options)s%(suggestion)s", text=text,
                                 options=", ".join(options), suggestion=suggest(text, options)))
        return text

    return BeforeValidator(check)


_ZERO = Decimal(0)
Number = Annotated[Decimal, BeforeValidator(_number)]
Money = Annotated[Decimal, BeforeValidator(_between(_ZERO, None, False, N_("an amount")))]
_VALUE, _MINUTES = N_("the value"), N_("minutes")
NonNegative = Annotated[Decimal, BeforeValidator(_between(_ZERO, None, False, _VALUE))]
Positive = Annotated[Decimal, BeforeValidator(_between(_ZERO, None, True, _VALUE))]
PerUnit = Annotated[Decimal, BeforeValidator(_between(_ZERO, MAX_PER_UNIT, False, _VALUE))]
Minutes = Annotated[Decimal, BeforeValidator(_between(_ZERO, MAX_MINUTES, False, _MINUTES))]
PositiveMinutes = Annotated[Decimal, BeforeValidator(_between(_ZERO, MAX_MINUTES, True, _MINUTES))]
HoursPerWeek = Annotated[Decimal, BeforeValidator(_between(_ZERO, HOURS_IN_WEEK, False, N_("hours per week")))]
HoursPerDay = Annotated[Decimal, BeforeValidator(_between(_ZERO, HOURS_IN_DAY, False, N_("hours per day")))]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
Count = Annotated[int, BeforeValidator(_whole(0, MAX_COUNT))]
Whole = Annotated[int, BeforeValidator(_whole(-MAX_ORDER, MAX_ORDER))]
Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_ident(ID_PATTERN, N_("letters, digits, '-' and '_'")))]
SectionId = Annotated[str, BeforeValidator(_ident(SECTION_ID_PATTERN, N_("letters, digits, '-', '_' and '/'")))]
Date = Annotated[dt.date, BeforeValidator(_date)]
PeriodField = Annotated[Period, BeforeValidator(_period)]
MonthKey = Annotated[str, BeforeValidator(_month_key)]
