"""A head of sales opens the site before the quarterly review: the dashboard is the review screen."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import PLAN_YAML, md

FIXTURE = Path(__file__).parent / "fixtures" / "review-plan"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from sitegen.cli import main

    out = tmp_path_factory.mktemp("review") / "public"
    assert main(["build", "--plan", str(FIXTURE), "--out", str(out)]) == 0
    return out


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_dashboard_shows_one_tile_per_top_goal_with_its_status_in_words(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    tiles = re.findall(r'<li class="sg-rv-tile[^"]*" data-goal="([^"]+)">(.*?)</li>', html, re.S)
    statuses = {goal: re.search(r'data-status="([^"]+)"', body).group(1) for goal, body in tiles}
    assert statuses == {"north-q2": "on-track", "south-q2": "at-risk", "west-q2": "off-track",
                        "north-deals-q1": "achieved", "south-deals-q1": "missed"}
    words = text(html)
    for word in ("✓ On track", "! At risk", "✕ Off track", "★ Achieved", "✕ Missed"):
        assert word in words
    assert 'href="review.html#goal-south-q2"' in html
    assert "Results as of May 14, 2027" in words


def test_needs_attention_lists_the_goals_in_trouble_worst_first(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    attention = text(html.split('id="sg-attention"')[1].split("</section>")[0])
    assert attention.index("west-q2") < attention.index("south-deals-q1") < attention.index("south-q2")
    assert "west-q2 (Q2 2027): Off track — $60 of $147.69 expected by now" in attention
    assert "south-deals-q1 (Q1 2027): missed — 5 of 10" in attention
    assert "north-q2" not in attention


def test_the_review_page_names_the_biggest_conversion_gap(site: Path) -> None:
    html = (site / "review.html").read_text(encoding="utf-8")
    assert 'id="goal-south-q2"' in html and 'id="goal-north-deals-q1"' in html
    assert "Biggest gap: Meetings → Offers: 28% actual vs 50% planned" in text(html)
    assert "Biggest gap: Offers → Won deals: 25% actual vs 50% planned" in text(html)  # 5 deals of 20 offers
    assert 'id="sg-review-south-q2"' in html  # the plan vs actual chart


def test_a_printable_page_per_quarter_with_actuals(site: Path) -> None:
    q1 = text((site / "review-2027-q1.html").read_text(encoding="utf-8"))
    q2 = text((site / "review-2027-q2.html").read_text(encoding="utf-8"))
    assert "Review Q1 2027" in q1 and "north-deals-q1" in q1 and "★ Achieved" in q1 and "north-q2" not in q1
    assert "Review Q2 2027" in q2 and "west-q2" in q2 and "✕ Off track" in q2


def test_the_calendars_today_is_the_review_date(site: Path) -> None:
    assert 'data-today="2027-05-14"' in (site / "calendar.html").read_text(encoding="utf-8")


def test_without_actuals_the_dashboard_stays_the_plan_summary(tmp_path: Path, write_plan, run_cli) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURE, plan)
    (plan / "actuals.md").unlink()
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, err
    html = (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    assert "sg-rv-tile" not in html and "Quarterly review" not in html
    assert not (tmp_path / "public" / "review.html").exists()


def test_status_words_follow_the_plans_language(tmp_path: Path, run_cli) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURE, plan)
    yaml = (plan / "plan.yaml").read_text(encoding="utf-8")
    for language, words in (("pl", ("Zgodnie z planem", "Zagrożony", "Poza planem", "Osiągnięty", "Nieosiągnięty")),
                            ("zh", ("进度正常", "有风险", "严重落后", "已达成", "未达成"))):
        (plan / "plan.yaml").write_text(yaml + f"language: {language}\n", encoding="utf-8")
        assert run_cli("build", "--plan", "plan", "--out", language, cwd=tmp_path)[0] == 0
        shown = text((tmp_path / language / "index.html").read_text(encoding="utf-8"))
        assert all(word in shown for word in words), language


def test_a_section_cannot_take_the_review_pages_place(check_plan) -> None:
    code, lines, _ = check_plan({"review-2027-q1.md": md("title: Notes\n")}, PLAN_YAML)
    assert code == 1
    assert lines[0] == ("plan/review-2027-q1.md:2:1: error: section 'review-2027-q1' would be written to "
                        "'review-2027-q1.html', a page the site writes itself; give it another id or file name [path-clash]")


def test_diff_reports_status_changes_between_two_reviews(tmp_path: Path, run_cli) -> None:
    from test_history_fixtures import git

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo / "plan")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "May review")
    git(repo, "tag", "may")
    actuals = repo / "plan" / "actuals.md"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("south-q2, value: 120", "south-q2, value: 140"),
                       encoding="utf-8")
    code, out, err = run_cli("diff", "may", "--plan", "plan", cwd=repo)
    assert code == 0, err
    assert "goal south-q2: status: at risk → on track" in out
    code, out, _ = run_cli("diff", "may", "--plan", "plan", "--format", "json", cwd=repo)
    (status,) = [c for c in json.loads(out)["consequences"] if c["measure"] == "status"]
    assert (status["subject"], status["old"], status["new"]) == ("south-q2", "at risk", "on track")


def test_overloaded_months_are_named_per_role_in_runs() -> None:
    from fractions import Fraction

    from sitegen.compute.results import CapacityMonth
    from sitegen.site.pages.review import overloaded_months

    def row(role, month, needed):
        return CapacityMonth(role, ("x",), month, Fraction(needed), Fraction(100))

    rows = [row("SDR", "2027-03", 120), row("SDR", "2027-04", 130), row("SDR", "2027-05", 90), row("SDR", "2027-06", 101),
            row(None, "2027-03", 50)]
    assert overloaded_months(rows) == [("SDR", ["2027-03 – 2027-04", "2027-06"], Fraction(13, 10))]


def test_a_goal_in_units_shows_expected_and_forecast_whole_as_every_count(tmp_path: Path, write_plan, run_cli) -> None:
    # 100 units in Q2, 25 sold by 14 May: the pace gives fractions ("41.27"), the site counts whole units
    goals = md("title: Goals\nkind: goals\ngoals:\n  - {id: boxes, metric: units, target: 100, period: 2027-Q2}\n")
    actuals = md("title: Actuals\nkind: actuals\nactuals:\n  - {goal: boxes, value: 25, as_of: 2027-05-14}\n")
    write_plan(tmp_path, {"goals.md": goals, "actuals.md": actuals}, PLAN_YAML + "review:\n  as_of: 2027-05-14\n")
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, out + err
    goal = next(g for g in json.loads((tmp_path / "public" / "plan.json").read_text(encoding="utf-8"))["goals"]
                if g["id"] == "boxes")
    expected, forecast = goal["expected"], goal["forecast"]
    assert expected != int(expected) and forecast != int(forecast)  # plan.json keeps the exact values
    shown = (f"Expected by now {round(expected)} Forecast {round(forecast)}")
    assert shown in text((tmp_path / "public" / "index.html").read_text(encoding="utf-8"))
    review = (tmp_path / "public" / "review.html").read_text(encoding="utf-8")
    assert shown in text(review)
    assert not re.search(r"\b\d+\.\d+\b", text(review.split('id="goal-boxes"')[1].split("<figure")[0]))
