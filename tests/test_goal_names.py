"""Story: a head of sales names a goal ("Mid-market revenue 2027"); the site and plan.json say
that name wherever a reader meets the goal — the campaign timeline's hover too — while every
other section still refers to the goal by its id."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import chart_figure, md

GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: mm-rev, name: Mid-market revenue 2027, metric: customers, target: 12, period: 2027}\n"
    "  - {id: smb-deals, metric: deals, target: 10, period: 2027-Q1}\n"
)
CAMPAIGNS = md(
    "title: Campaigns\nkind: campaigns\ncampaigns:\n"
    "  - {id: push, name: Spring push, type: sales, plane: sales, start: 2027-03-01, end: 2027-03-31, goal: mm-rev}\n"
    "  - {id: calls, name: Cold calls, type: sales, plane: prospecting, start: 2027-01-04, end: 2027-01-29, goal: smb-deals}\n"
)




def test_plan_json_lists_a_goals_name_and_null_without_one(tmp_path: Path, write_plan, run_cli) -> None:
    plan = write_plan(tmp_path, {"goals.md": GOALS, "campaigns.md": CAMPAIGNS})
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    goals = {g["id"]: g for g in json.loads((tmp_path / "site" / "plan.json").read_text(encoding="utf-8"))["goals"]}
    assert goals["mm-rev"]["name"] == "Mid-market revenue 2027"
    assert goals["smb-deals"]["name"] is None


def test_the_timeline_hover_names_the_goal_a_campaign_feeds(tmp_path: Path, write_plan, run_cli) -> None:
    plan = write_plan(tmp_path, {"goals.md": GOALS, "campaigns.md": CAMPAIGNS})
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    for page in ("calendar.html", "campaigns.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        chart_id = "sg-campaign-timeline" if page == "calendar.html" else "sg-timeline"
        hovers = {row[0]: row[-1] for trace in chart_figure(html, chart_id)["data"] for row in trace["customdata"]}
        # named goal: its name; a goal without a name: its id — each with its period
        assert hovers == {"Spring push": "Mid-market revenue 2027 (2027)", "Cold calls": "smb-deals (Q1 2027)"}, page
    # the calendar feed's events name the goal too (an unnamed goal keeps its id)
    ics = (tmp_path / "site" / "calendar.ics").read_text(encoding="utf-8").replace("\n ", "")  # unfolded
    assert "Goal: Mid-market revenue 2027" in ics and "Goal: smb-deals" in ics


def test_the_review_names_goals_and_periods_as_people_read_them(tmp_path: Path, write_plan, run_cli) -> None:
    goals = md("title: Goals\nkind: goals\ngoals:\n"
               "  - {id: q1-logos, name: New logos in spring, metric: customers, target: 10, period: 2027-Q1}\n")
    actuals = md("title: Results\nkind: actuals\nactuals:\n  - {goal: q1-logos, value: 4, as_of: 2027-03-31}\n")
    plan = write_plan(tmp_path, {"goals.md": goals, "results.md": actuals})
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    dashboard = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    tile = re.search(r'<li class="sg-rv-tile[^"]*" data-goal="q1-logos">(.*?)</li>', dashboard, re.S).group(1)
    assert "New logos in spring" in tile and "Q1 2027" in tile and "2027-Q1" not in tile
    assert "New logos in spring (Q1 2027): Off track" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dashboard))
    quarter = (tmp_path / "site" / "review-2027-q1.html").read_text(encoding="utf-8")
    assert "Review Q1 2027" in quarter and "<th scope=\"row\">New logos in spring</th>" in quarter
