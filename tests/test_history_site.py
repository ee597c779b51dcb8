"""Story: readers of the site see the plan's history and, for a quarter review, what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import site_files
from test_history_fixtures import PLAN_YAML, git, make_repo, write

from sitegen.history import read_history
from sitegen.history.site import history_for_site
from sitegen.pipeline import analyse_folder
from sitegen.site.engine.urls import page_path


def test_build_writes_history_commit_and_changes_pages(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    code, _, err = run_cli(
        "build", "--plan", "plan", "--out", "public", "--compare-to", "q1", cwd=repo
    )
    assert code == 0, err
    public = repo / "public"
    history = (public / "history.html").read_text(encoding="utf-8")
    assert history.index("Rename overview to summary") < history.index("Initial plan")
    assert "Dana Lee" in history and "#7" in history
    pages = sorted(p.name for p in (public / "history").iterdir())
    assert len(pages) == 3  # three plan commits; the merge touched no file of its own
    changes = (public / "changes.html").read_text(encoding="utf-8")
    assert "$1,000,000" in changes and "$1,200,000" in changes and "+20.0%" in changes
    # only the key numbers that moved are drawn (budget planned stayed $0), money ticks in dollars
    assert changes.count('class="sg-chart"') == 3 and "Budget planned" not in changes.split('class="sg-chart"')[1]
    assert '"ticktext":["$0","$500K","$1M"]' in changes.replace(", ", ",").replace('": ', '":')
    assert "Moved in time" in changes and "summary.md" in changes


def test_section_view_says_last_changed_by_and_reviewed_by(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    analysis = analyse_folder(repo / "plan")
    view = history_for_site(read_history(repo / "plan"), analysis.plan, page_path)
    goals = view.sections["goals"]
    assert (goals.author, goals.reviewer, str(goals.date)) == (
        "Carl Diaz",
        "Dana Lee",
        "2027-04-02",
    )
    assert goals.count == 2 and goals.pull_requests == ("#7",)
    assert goals.changes[0].page.startswith("history/")


@pytest.mark.parametrize(("language", "word"), [("pl", "Historia planu"), ("zh", "计划变更历史")])
def test_pages_in_the_plan_language(tmp_path: Path, language: str, word: str) -> None:
    repo = make_repo(tmp_path)
    write(repo, {"plan.yaml": PLAN_YAML + f"language: {language}\ncompare_to: q1\n"})
    git(repo, "commit", "-q", "-a", "-m", "Language")
    outputs = {path: data.decode() for path, data in site_files(analyse_folder(repo / "plan")).items()}
    assert word in outputs["history.html"]
    assert "changes.html" in outputs and "q1" in outputs["changes.html"]


def test_missing_compare_ref_and_no_git_still_build(tmp_path: Path, write_plan) -> None:
    plan = write_plan(tmp_path)
    outputs = {path: data.decode() for path, data in site_files(analyse_folder(plan), "q9").items()}
    assert "not kept in git" in outputs["history.html"]
    assert "Could not compare with q9" in outputs["changes.html"]


def test_commit_pages_show_what_changed_in_numbers(tmp_path: Path, run_cli) -> None:
    """A reader opens "Raise the 2027 target" and sees the target's old and new value and
    what moved with it, as `sitegen diff` reports them; the first commit has nothing to compare."""
    repo = make_repo(tmp_path)
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)
    assert code == 0, err
    pages = {p.read_text(encoding="utf-8") for p in (repo / "public" / "history").iterdir()}
    raised = next(p for p in pages if "Raise the 2027 target</h1>" in p)
    assert "$1,000,000" in raised and "$1,200,000" in raised and "+20.0%" in raised
    assert "<code>target</code>" in raised and "Consequences" in raised
    code, out, _ = run_cli("diff", "--plan", "plan", "q1", "raise~1", cwd=repo)  # the diff command agrees
    assert "1000000" in out and "1200000" in out
    renamed = next(p for p in pages if "Rename overview to summary</h1>" in p)
    assert "No number of the plan changed" in renamed
    first = next(p for p in pages if "Initial plan</h1>" in p)
    assert "Changed fields" not in first and "No number" not in first


def test_older_commits_name_the_diff_command_instead(tmp_path: Path, monkeypatch) -> None:
    """A long history must not make every build slow: beyond the latest commits, the page
    tells the reader which `sitegen diff` shows the numbers."""
    import sitegen.git_inputs

    repo = make_repo(tmp_path)
    monkeypatch.setattr(sitegen.git_inputs, "COMMITS_COMPARED", 1)
    outputs = {path: data.decode() for path, data in site_files(analyse_folder(repo / "plan")).items()}
    raised = next(v for k, v in outputs.items() if k.startswith("history/") and "Raise the 2027 target</h1>" in v)
    assert "Changed fields" not in raised and "sitegen diff " in raised
