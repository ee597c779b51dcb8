"""Numbers, money and dates as a reader of the plan's language expects them.

Babel (CLDR data) does the locale work: `$1,050,000.00`, `1 050 000,00 zł`,
`¥2,100,000.00`. The computed model is exact `Decimal`; rounding for display
happens here and only here, with half-up rounding (what people do by hand),
never by converting to float first.

How much precision a reader needs (docs/plan-format.md §5, "How amounts are shown"):
money is shown in whole units (`$1,440,000`, `$24,000`), with cents only
when the amount has cents and is under 1,000 (`$12.50`, `$0.99`) — a cent
on a million is noise, a cent on a price is not. Decimal numbers below 1
keep two significant digits whatever `digits` asks (0.03 visits a day is
`0.03`, not `0`): a small rate rounded to nothing reads as "no work".

A `Formatter` is bound once per build to the plan's (language, currency) and
its methods become the Jinja filters `money`, `money_compact`, `number`,
`integer`, `percent` and `date`. `None` renders as an em dash, so "not
computed" (`won: null`) reads as a gap rather than as zero.

Each number method runs in a decimal context wide enough for its value:
Babel and ``quantize`` use the current context, whose default 28 digits
cannot hold 10^27 leads with two decimals (``decimal.InvalidOperation``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal, TypeVar

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names, get_month_names
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
)

from sitegen.model.period import Period
from sitegen.site.engine.periods import month_label, period_label, standalone

__all__ = ["LOCALES", "MISSING", "Formatter", "Number", "locale_for"]

LOCALES: dict[str, str] = {"en": "en_US", "pl": "pl_PL", "zh": "zh_Hans_CN"}
MISSING = "—"

Number = Decimal | int | float | Fraction
CENTS_BELOW = Decimal(1000)  # amounts with cents show them below this; larger ones in whole units
SIGNIFICANT = 2  # decimal numbers below 1 keep at least this many significant digits
DateStyle = Literal["short", "medium", "long", "full"]
NameWidth = Literal["wide", "abbreviated", "narrow"]


def locale_for(language: str) -> str:
    """Plan language → Babel locale identifier."""
    try:
        return LOCALES[language]
    except KeyError:
        raise ValueError(
            f"unsupported language {language!r}; expected one of {tuple(LOCALES)}"
        ) from None


def _exact(value: Number) -> Decimal:
    """Decimal view of a number; floats go through `str` so 0.1 stays 0.1; §7's exact fractions
    are divided out with enough digits for any display rounding."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _rounded(value: Number, places: int) -> Decimal:
    return _exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


_M = TypeVar("_M", bound=Callable[..., str])


def _precision(value: Number) -> int:
    """Digits enough for `value` with any shown fraction (and Babel's ×100 for percentages)."""
    if isinstance(value, Decimal):
        return max(28, value.adjusted() + 24) if value.is_finite() else 28
    if isinstance(value, int):
        return max(28, value.bit_length() * 3 // 10 + 25)
    return 28 + 300  # a float reaches 1.8e308


def _decimal_of(value: Fraction) -> Decimal:
    """An exact fraction as a decimal with more digits than any place shown."""
    with localcontext() as context:
        context.prec = max(28, (abs(value.numerator) // value.denominator).bit_length() * 3 // 10 + 30)
        return Decimal(value.numerator) / Decimal(value.denominator)


def _wide(method: _M) -> _M:
    """Run a number method in a context that holds its value exactly (see the module docstring);
    a number that is not finite (a float inf) shows as missing rather than failing a build."""

    @functools.wraps(method)
    def run(self: Formatter, value: Number | None, *args: Any, **kwargs: Any) -> str:
        if isinstance(value, Fraction):  # §7's exact shares: shown like any decimal
            value = _decimal_of(value)
        if value is None or (isinstance(value, (Decimal, float)) and not _exact(value).is_finite()):
            return MISSING
        with localcontext() as context:
            context.prec = _precision(value)
            return method(self, value, *args, **kwargs)

    return run  # type: ignore[return-value]  # `method`'s signature: functools.wraps does not tell mypy


@functools.cache
def _parsed_locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


@functools.cache
def _whole_pattern(locale: Locale) -> str:
    """The locale's currency pattern without minor units: `¤#,##0.00` → `¤#,##0`."""
    return re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)


@dataclass(frozen=True, slots=True)
class Formatter:
    """Locale-aware formatting for one plan: its language and its currency."""

    language: str
    currency: str

    @property
    def locale(self) -> Locale:
        """The parsed Babel locale (parsed once per language: Babel re-parses a string on every call)."""
        return _parsed_locale(locale_for(self.language))

    # -- numbers ---------------------------------------------------------
    @_wide
    def money(self, value: Number | None) -> str:
        """Full amount: `$1,050,000`, `1 050 000 zł`; `$12.50` (cents when it has them and is under 1,000)."""
        if value is None:
            return MISSING
        places = get_currency_precision(self.currency)
        rounded = _rounded(value, places)
        if rounded != rounded.to_integral_value() and abs(rounded) < CENTS_BELOW:
            return format_currency(rounded, self.currency, locale=self.locale)
        return format_currency(_rounded(value, 0), self.currency, locale=self.locale,
                               format=_whole_pattern(self.locale), currency_digits=False)

    @_wide
    def money_compact(self, value: Number | None, digits: int = 2) -> str:
        """Short amount for KPI tiles: `$1.05M`, `1,05 mln zł`, `¥210万`."""
        if value is None:
            return MISSING
        return format_compact_currency(
            _exact(value), self.currency, locale=self.locale, fraction_digits=digits
        )

    @_wide
    def number(self, value: Number | None, digits: int = 2) -> str:
        """Grouped decimal with at most `digits` fraction digits, no trailing zeros."""
        if value is None:
            return MISSING
        exact = _exact(value)
        if digits > 0 and exact and abs(exact) < 1:  # 0.03, not 0: two significant digits
            digits = max(digits, SIGNIFICANT - 1 - exact.adjusted())
        rounded = _rounded(value, digits).normalize()
        if rounded == rounded.to_integral_value():
            rounded = rounded.quantize(Decimal(1))
        return format_decimal(rounded, locale=self.locale, decimal_quantization=False)

    def integer(self, value: Number | None) -> str:
        """Grouped whole number (counts of deals, visits, accounts)."""
        return self.number(value, digits=0)

    @_wide
    def percent(self, value: Number | None, digits: int = 0) -> str:
        """A rate in [0, 1] (or beyond, for attainment) as a percentage: `35%`."""
        if value is None:
            return MISSING
        rounded = _rounded(_exact(value) * 100, digits) / 100
        pattern = None if digits == 0 else "#,##0." + "0" * digits + "%"
        return format_percent(rounded, format=pattern, locale=self.locale)

    # -- dates -----------------------------------------------------------
    def date(self, value: dt.date | None, style: DateStyle = "medium") -> str:
        """`Jan 5, 2027` / `5 sty 2027` / `2027年1月5日` (medium); long spells the month."""
        if value is None:
            return MISSING
        return format_date(value, style, locale=self.locale)

    def period(self, value: Period | None) -> str:
        """`Q1 2027`, `I kw. 2027`, `2027年第一季度`, `FY2028 Q1` — never the raw `2027-Q1`."""
        return MISSING if value is None else period_label(value, self.language, self.locale)

    def month(self, value: dt.date, short: bool = False) -> str:
        """A month of the monthly plan: `March 2027` (`Mar 2027` short)."""
        return month_label(value, self.locale, short)

    def month_year(self, value: dt.date) -> str:
        """Calendar heading: `January 2027`, `Styczeń 2027`, `2027年1月`."""
        return standalone(format_skeleton("yMMMM", value, locale=self.locale), self.locale)

    def month_names(self, width: NameWidth = "wide") -> tuple[str, ...]:
        """Stand-alone month names, January first (index 0): `Styczeń` in Polish (see `standalone`)."""
        names = get_month_names(width, context="stand-alone", locale=self.locale)
        return tuple(standalone(names[m], self.locale) for m in range(1, 13))

    def first_weekday(self) -> int:
        """First day of the week for calendars, 0 = Monday … 6 = Sunday (US: Sunday)."""
        return Locale.parse(self.locale).first_week_day

    def weekday_names(self, width: NameWidth = "abbreviated") -> tuple[str, ...]:
        """Stand-alone weekday names in calendar column order (from `first_weekday`)."""
        names = get_day_names(width, context="stand-alone", locale=self.locale)
        first = self.first_weekday()
        return tuple(names[(first + i) % 7] for i in range(7))

    def filters(self) -> dict[str, object]:
        """The Jinja filters this formatter provides."""
        return {
            "money": self.money,
            "money_compact": self.money_compact,
            "number": self.number,
            "integer": self.integer,
            "percent": self.percent,
            "date": self.date,
            "month_year": self.month_year,
            "period": self.period,
        }
