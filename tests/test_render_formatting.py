"""Money, numbers and dates formatted per plan locale, exactly, from Decimal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sitegen.site.engine.formatter import MISSING, Formatter, locale_for

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "currency", "amount", "expected"),
    [
        ("en", "USD", Decimal("1050000"), "$1,050,000"),
        ("pl", "PLN", Decimal("1050000"), f"1{NBSP}050{NBSP}000{NBSP}zł"),
        ("zh", "CNY", Decimal("2100000"), "¥2,100,000"),
        ("en", "USD", Decimal("0.005"), "$0.01"),
        # cents only when the amount has them and is under 1,000
        ("en", "USD", Decimal("1440000.00"), "$1,440,000"),
        ("en", "USD", Decimal("12.5"), "$12.50"),
        ("pl", "PLN", Decimal("999.99"), f"999,99{NBSP}zł"),
        ("en", "USD", Decimal("1234.56"), "$1,235"),
        ("en", "USD", Decimal("-5000"), "-$5,000"),
        ("en", "JPY", Decimal("12.5"), "¥13"),  # a currency without minor units
    ],
)
def test_money(language: str, currency: str, amount: Decimal, expected: str) -> None:
    assert Formatter(language, currency).money(amount) == expected


def test_locales() -> None:
    assert [locale_for(x) for x in ("en", "pl", "zh")] == ["en_US", "pl_PL", "zh_Hans_CN"]
    with pytest.raises(ValueError):
        locale_for("xx")


def test_numbers_round_half_up_without_trailing_zeros() -> None:
    en, pl = Formatter("en", "USD"), Formatter("pl", "PLN")
    assert en.number(Decimal("3.41666")) == "3.42"
    assert en.number(Decimal("2.675")) == "2.68"  # a float would give 2.67
    assert en.number(Decimal("3.40")) == "3.4"
    assert en.number(Decimal("60.00")) == "60"
    assert en.number(Decimal("1E+3")) == "1,000"
    assert pl.number(Decimal("1234.5")) == f"1{NBSP}234,5"
    assert en.integer(Decimal("1234567")) == "1,234,567"
    # below 1, two significant digits: 0.03 visits a day is not 0
    assert en.number(Decimal("0.03"), 1) == "0.03"
    assert en.number(Decimal("0.0312"), 1) == "0.031"
    assert en.number(Decimal("0.26"), 1) == "0.26"
    assert en.number(Decimal("1.26"), 1) == "1.3"
    assert en.number(Decimal(0), 1) == "0"
    assert en.integer(Decimal("0.4")) == "0"  # counts stay whole
    assert en.number(None) == MISSING


def test_percent() -> None:
    en = Formatter("en", "USD")
    assert en.percent(Decimal("0.35")) == "35%"
    assert en.percent(Decimal("0.355")) == "36%"
    assert en.percent(Decimal("0.345")) == "35%"  # half-up, not Babel's half-even
    assert en.percent(Decimal("1.08333"), 1) == "108.3%"
    assert Formatter("pl", "PLN").percent(Decimal("1.08333"), 1) == "108,3%"
    assert en.percent(None) == MISSING


def test_compact_money() -> None:
    assert Formatter("en", "USD").money_compact(Decimal("1050000")) == "$1.05M"
    assert Formatter("zh", "CNY").money_compact(Decimal("2100000")) == "¥210万"


def test_dates() -> None:
    day = dt.date(2027, 1, 5)
    assert Formatter("en", "USD").date(day) == "Jan 5, 2027"
    assert Formatter("pl", "PLN").date(day, "long") == "5 stycznia 2027"
    assert Formatter("zh", "CNY").date(day) == "2027年1月5日"
    # Polish: a month standing alone (a heading) starts with a capital, in a date it does not
    assert Formatter("pl", "PLN").month_year(day) == "Styczeń 2027"
    assert Formatter("pl", "PLN").month(day) == "Styczeń 2027" and Formatter("pl", "PLN").month(day, True) == "Sty 2027"
    assert Formatter("en", "USD").month_year(day) == "January 2027" and Formatter("zh", "CNY").month(day) == "2027年1月"
    assert Formatter("en", "USD").date(None) == MISSING


def test_calendar_names_and_first_weekday() -> None:
    en, pl, zh = Formatter("en", "USD"), Formatter("pl", "PLN"), Formatter("zh", "CNY")
    assert en.first_weekday() == 6 and pl.first_weekday() == 0
    assert en.weekday_names()[0] == "Sun"
    assert pl.weekday_names()[0] == "pon."
    assert zh.weekday_names("wide")[0] == "星期一"
    assert pl.month_names()[0] == "Styczeń" and len(zh.month_names()) == 12


def test_filters_are_bound_methods() -> None:
    filters = Formatter("en", "USD").filters()
    assert set(filters) >= {"money", "number", "percent", "date"}
    assert filters["money"](Decimal("5")) == "$5"
