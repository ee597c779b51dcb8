"""Story: before the quarterly review, a lead asks what changed since last quarter — and what follows."""

from __future__ import annotations

import json
from pathlib import Path

from test_history_fixtures import GOALS, git, make_repo, write


def test_diff_between_two_tags_shows_target_consequences_move_rename_and_prose(
    tmp_path: Path, run_cli
) -> None:
    repo = make_repo(tmp_path)
    code, out, err = run_cli("diff", "q1", "q2", "--plan", "plan", "--format", "json", cwd=repo)
    assert code == 0, err
    data = json.loads(out)
    goal = next(i for i in data["items"] if i["kind"] == "goal")
    assert goal["id"] == "revenue-2027" and goal["status"] == "changed"
    assert goal["fields"] == [{"field": "target", "old": 1000000, "new": 1200000, "pct": 20.0}]
    campaign = next(i for i in data["items"] if i["kind"] == "campaign")
    assert campaign["status"] == "moved"
    assert (
        campaign["fields"][0]["old"] == "2027-03-01"
        and campaign["fields"][0]["new"] == "2027-04-01"
    )
    won = next(c for c in data["consequences"] if c["scope"] == "goal" and c["measure"] == "won")
    assert (won["old"], won["new"]) == (100, 120)
    stages = {
        c["detail"]: (c["old"], c["new"])
        for c in data["consequences"]
        if c["measure"] == "required"
    }
    assert stages == {"deal": (200, 240), "lead": (400, 480)}
    assert any(c["measure"] == "per_rep_per_day" for c in data["consequences"])
    renamed = data["sections"][0]
    assert (renamed["status"], renamed["old_path"], renamed["path"]) == (
        "renamed",
        "overview.md",
        "summary.md",
    )
    assert "+Now with a second paragraph." in data["prose"][0]["diff"]
    assert list(data) == sorted(data)


def test_text_markdown_and_html_formats(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    code, text, _ = run_cli("diff", "q1", "q2", "--plan", "plan", cwd=repo)
    assert code == 0
    assert "target: 1000000 → 1200000 (+20%)" in text and "\033[" not in text
    assert "renamed  overview.md → summary.md" in text
    code, md, _ = run_cli("diff", "q1", "q2", "--plan", "plan", "--format", "markdown", cwd=repo)
    assert md.index("| Revenue target | 1000000 | 1200000 | +20% |") < md.index("<details>")
    assert "```diff" in md and "<summary>Consequences" in md
    code, html, _ = run_cli("diff", "q1", "q2", "--plan", "plan", "--format", "html", cwd=repo)
    assert html.startswith("<!DOCTYPE html>") and "summary.md" in html and "http" not in html


def test_working_tree_is_the_default_second_side(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    write(repo, {"goals.md": GOALS.format(target="1500000")})
    code, out, _ = run_cli("diff", "q2", "--plan", "plan", "--format", "json", cwd=repo)
    data = json.loads(out)
    assert code == 0 and data["after"] == "working tree"
    assert data["key_after"]["revenue_target"] == 1500000


def test_unknown_ref_and_broken_side_exit_1_with_a_clear_message(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    code, out, err = run_cli("diff", "nope", "--plan", "plan", cwd=repo)
    assert code == 1 and "unknown git ref 'nope'" in err and out == ""
    write(
        repo,
        {"goals.md": GOALS.format(target="1200000").replace("metric: revenue", "metric: revnue")},
    )
    git(repo, "commit", "-q", "-a", "-m", "typo")
    git(repo, "tag", "broken")
    code, _, err = run_cli("diff", "q1", "broken", "--plan", "plan", cwd=repo)
    assert code == 1 and "the plan at broken has errors" in err
    assert "broken:plan/goals.md:" in err and "[" in err


def test_identical_refs_report_no_changes(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    code, out, _ = run_cli("diff", "q2", "HEAD", "--plan", "plan", cwd=repo)
    assert code == 0 and "No changes." in out


def test_plan_outside_git_cannot_be_diffed(tmp_path: Path, run_cli, write_plan) -> None:
    write_plan(tmp_path)
    code, _, err = run_cli("diff", "HEAD", "--plan", "plan", cwd=tmp_path)
    assert code == 1 and "not inside a git repository" in err
