"""A goal's status around the last day of its period (PLAN_FORMAT §8).

The head of sales reviews Q1 at 950 of 1,000 deals. On the quarter's last
day the period still runs: the whole target is due, the pace is 95 % and the
goal is on track. The next day the period has ended, nothing changed, and
the same 950 is a miss: after its end a goal is only achieved or missed. The
dashboard, plan.json and the quarter's review page say the same thing on each
day; a period that ends on a weekend runs until its last calendar day.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import analyse_files, md, site_files

GOALS = md("title: Goals\nkind: goals\ngoals:\n"
           "  - {id: q1, metric: deals, target: 1000, period: 2027-Q1}\n"
           "  - {id: july, metric: deals, target: 1000, period: 2027-07}\n")  # 31 July 2027 is a Saturday


def _site(review_date: str) -> dict[str, bytes]:
    rows = "  - {goal: q1, value: 950, as_of: 2027-03-31}\n"
    if review_date >= "2027-07-30":
        rows += "  - {goal: july, value: 950, as_of: 2027-07-30}\n"
    plan_yaml = ("title: Test plan\ncurrency: USD\nperiod:\n  start: 2027-01-01\n  end: 2027-12-31\n"
                 f"review:\n  as_of: {review_date}\n")
    analysis = analyse_files({"goals.md": GOALS, "actuals.md": md(f"title: Results\nkind: actuals\nactuals:\n{rows}")},
                             plan_yaml)
    assert not analysis.diagnostics, analysis.diagnostics
    return site_files(analysis)


def _statuses(files: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """(plan.json's status per goal, the dashboard tile's status per goal)."""
    plan = {g["id"]: g["status"] for g in json.loads(files["plan.json"])["goals"] if g["status"]}
    dashboard = files["index.html"].decode()
    tiles = dict(re.findall(r'data-goal="([^"]+)">.*?data-status="([^"]+)"', dashboard, re.S))
    return plan, tiles


def _quarter_page(files: dict[str, bytes]) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", files["review-2027-q1.html"].decode()))


@pytest.mark.parametrize(("review_date", "status", "words"), [
    ("2027-03-31", "on-track", "✓ On track"),  # the last day: the period runs, 95 % of what is due
    ("2027-04-01", "missed", "✕ Missed"),  # the day after: the period ended short of the target
])
def test_a_quarter_goal_is_judged_by_its_pace_on_the_last_day_and_by_its_target_after(review_date, status, words):
    files = _site(review_date)
    plan, tiles = _statuses(files)
    assert plan == tiles == {"q1": status}
    assert f"q1 Q1 2027 1,000 950 95% 1,000 -50 {words}" in _quarter_page(files)


@pytest.mark.parametrize(("review_date", "status"), [
    ("2027-07-30", "on-track"),  # the last working day: the whole target is due
    ("2027-07-31", "on-track"),  # Saturday, the last day of July: the month still runs
    ("2027-08-01", "missed"),
])
def test_a_month_ending_on_a_weekend_runs_until_its_last_calendar_day(review_date, status):
    plan, tiles = _statuses(_site(review_date))
    assert plan["july"] == tiles["july"] == status
