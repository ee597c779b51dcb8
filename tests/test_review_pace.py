"""Pace, forecast and status worked by hand (PLAN_FORMAT §8).

The goal: Q2 2027, target 300, planned 100 a month. Working days Monday to
Friday, no holidays: April 2027 has 22 (the 1st is a Thursday), May 21 (the
1st is a Saturday), June 22.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from sitegen.compute.review import Review, Thresholds, even_months, expected_to_date, review_goal

D = dt.date
MONTHS = [(D(2027, 4, 1), Decimal(100)), (D(2027, 5, 1), Decimal(100)), (D(2027, 6, 1), Decimal(100))]
Q2 = (D(2027, 4, 1), D(2027, 6, 30))
DEFAULT = Thresholds()


def weekdays(start: dt.date, end: dt.date) -> int:
    return sum((start + dt.timedelta(n)).weekday() < 5 for n in range((end - start).days + 1))


def review(value: int | None, as_of: dt.date, months=MONTHS, limits: Thresholds = DEFAULT) -> Review:
    number = Decimal(value) if value is not None else None
    return review_goal(number, Decimal(300), Q2, months, as_of, weekdays, limits)


def test_the_calendar_of_the_worked_cases() -> None:
    assert [weekdays(D(2027, 4, 1), D(2027, 4, 30)), weekdays(D(2027, 5, 1), D(2027, 5, 31)),
            weekdays(D(2027, 6, 1), D(2027, 6, 30))] == [22, 21, 22]


def test_before_the_period_nothing_is_judged() -> None:
    assert review(10, D(2027, 3, 31)) == Review(None, None, None, None)


def test_on_the_first_day_one_working_day_of_april_is_due() -> None:
    # E = 100 × 1/22; pace = 5 ÷ (100/22) = 1.1; forecast = 5 × 300 ÷ (100/22) = 330
    result = review(5, D(2027, 4, 1))
    assert result.expected == Decimal(100) / 22
    assert result.pace == Decimal("1.1")
    assert result.forecast == Decimal(330)
    assert result.status == "on-track"


def test_mid_may_april_is_due_and_ten_of_mays_21_working_days() -> None:
    # 14 May 2027 is a Friday: 10 working days of May. E = 100 + 100 × 10/21 = 3100/21
    # pace = 120 ÷ 3100/21 = 2520/3100 = 0.8129… (between 0.75 and 0.9: at risk)
    # forecast = 120 × 300 ÷ 3100/21 = 243.87…
    result = review(120, D(2027, 5, 14))
    assert Fraction(result.expected).limit_denominator(1000) == Fraction(3100, 21)
    assert round(result.pace, 4) == Decimal("0.8129")
    assert round(result.forecast, 2) == Decimal("243.87")
    assert result.status == "at-risk"


def test_a_weekend_review_date_adds_no_working_day() -> None:
    assert review(60, D(2027, 5, 1)).expected == Decimal(100)
    assert review(60, D(2027, 5, 1)).status == "off-track"  # 60 ÷ 100 < 0.75


def test_on_the_last_day_the_whole_target_is_due_and_the_period_still_runs() -> None:
    result = review(280, D(2027, 6, 30))
    assert (result.expected, result.forecast, result.status) == (Decimal(300), Decimal(280), "on-track")


@pytest.mark.parametrize(("value", "status"), [(280, "missed"), (300, "achieved"), (310, "achieved")])
def test_after_the_period_a_goal_is_achieved_or_missed(value: int, status: str) -> None:
    result = review(value, D(2027, 7, 1))
    assert result.status == status
    assert result.expected == Decimal(300)


def test_no_pace_while_nothing_is_expected_yet() -> None:
    months = [(D(2027, 4, 1), Decimal(0)), *MONTHS[1:]]  # phased to start in May
    assert review(10, D(2027, 4, 15), months) == Review(Decimal(0), None, None, None)


def test_no_value_no_review() -> None:
    assert review(None, D(2027, 5, 14)) == Review(None, None, None, None)


@pytest.mark.parametrize(
    ("value", "status"),
    [(90, "on-track"), (89, "at-risk"), (75, "at-risk"), (74, "off-track"), (0, "off-track")],
)
def test_the_thresholds_are_inclusive_at_their_lower_bound(value: int, status: str) -> None:
    assert review(value, D(2027, 4, 30)).status == status  # E = 100 exactly


def test_thresholds_from_the_plan() -> None:
    strict = Thresholds(at_risk=Decimal("0.95"), off_track=Decimal("0.9"))
    assert [review(v, D(2027, 4, 30), limits=strict).status for v in (95, 94, 90, 89)] == [
        "on-track", "at-risk", "at-risk", "off-track"]


def test_the_default_phasing_follows_working_days() -> None:
    months = even_months(*Q2, Decimal(650), weekdays)
    assert months == [(D(2027, 4, 1), Fraction(220)), (D(2027, 5, 1), Fraction(210)), (D(2027, 6, 1), Fraction(220))]
    assert expected_to_date(months, D(2027, 6, 30), weekdays) == Decimal(650)
