"""Story: a sales lead opens the site and sees who changed each section, when, and who approved it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from test_history_fixtures import make_repo

from sitegen.history import read_history
from sitegen.history.log import parse_log, pull_request_of
from sitegen.history.snapshot import locate_plan, snapshot_sources
from sitegen.pipeline import analyse, analyse_folder


def test_one_pass_history_follows_renames_and_reads_trailers(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    history = read_history(repo / "plan")
    assert history.available and not history.partial
    goals = history.for_path("goals.md")
    assert goals.changes == 2
    assert goals.last.author == "Carl Diaz"
    assert goals.last.subject == "Raise the 2027 target"
    assert goals.last.date.date() == dt.date(2027, 4, 2)
    assert goals.contributors == ("Carl Diaz", "Eve Kim", "Ana Nowak")
    assert goals.reviewers == ("Dana Lee", "Bo Chen")
    assert [str(p) for p in goals.pull_requests] == ["#7"]
    summary = history.for_path("summary.md")  # renamed: older change filed under the new name
    assert summary.changes == 2 and "overview.md" not in history.sections
    assert history.for_path("team.md").pull_requests == ()
    merge = history.commits[0]
    assert merge.is_merge and str(merge.pull_request) == "#7" and merge.files == ()


def test_merge_request_numbers_from_github_and_gitlab() -> None:
    assert str(pull_request_of("Merge pull request #12 from a/b", "")) == "#12"
    assert (
        str(
            pull_request_of(
                "Merge branch 'x' into 'main'", "Raise target\n\nSee merge request sales/plan!34"
            )
        )
        == "sales/plan!34"
    )
    assert str(pull_request_of("Raise target (#41)", "")) == "#41"
    assert pull_request_of("Raise target", "") is None
    assert parse_log("") == []


def test_shallow_clone_says_history_is_partial(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    history = read_history(clone / "plan")
    assert history.partial and history.available
    assert history.for_path("goals.md") is not None


def test_plan_outside_git_has_empty_history(tmp_path: Path, write_plan) -> None:
    plan = write_plan(tmp_path)
    history = read_history(plan)
    assert not history.available and history.sections == {} and history.problem is None


def test_snapshot_reads_a_tag_without_touching_the_work_tree(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    before = sorted(p.name for p in (repo / "plan").iterdir())
    where = locate_plan(repo / "plan", "plan")
    sources = snapshot_sources(where, "q1")
    assert sources.origin == "q1" and "overview.md" in sources.files
    analysis = analyse(sources)
    assert not analysis.failed()
    assert analysis.computed.goals[0].target == 1000000
    assert sorted(p.name for p in (repo / "plan").iterdir()) == before
    assert analyse_folder(repo / "plan").computed.goals[0].target == 1200000
    missing = snapshot_sources(where, "no-such-tag")
    assert "unknown git ref 'no-such-tag'" in missing.message
