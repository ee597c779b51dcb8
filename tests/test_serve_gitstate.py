"""`serve` reads the plan's git history once per commit: a save alone does not run `git log`,
and a commit made while the preview runs shows on its history page at the next save."""

from __future__ import annotations

from pathlib import Path

from test_history_fixtures import base_files, commit_all, git, write

from sitegen.serve.gitstate import git_signature
from sitegen.serve.rebuild import Rebuilder


def _repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    write(tmp_path, base_files())
    git(tmp_path, "add", "-A")
    commit_all(tmp_path, "First plan", "2027-01-05T10:00:00+00:00", "Ana Nowak")
    return tmp_path / "plan"


def test_a_save_keeps_the_git_signature_and_a_commit_changes_it(tmp_path: Path) -> None:
    plan = _repo(tmp_path)
    before = git_signature(plan)
    assert before is not None and before != ("no git",)
    write(tmp_path, base_files(target="1200000"))
    assert git_signature(plan) == before  # saved, not committed
    commit_all(tmp_path, "Raise the target", "2027-01-06T10:00:00+00:00", "Ana Nowak")
    assert git_signature(plan) != before


def test_a_folder_outside_git_has_a_signature_that_git_init_changes(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    outside = git_signature(tmp_path / "plan")
    git(tmp_path, "init", "-q")
    assert git_signature(tmp_path / "plan") != outside


def test_a_commit_during_serve_appears_on_the_history_page_at_the_next_save(tmp_path: Path) -> None:
    plan = _repo(tmp_path)
    rebuilder = Rebuilder(plan, tmp_path / "site")
    assert rebuilder.rebuild().ok
    history = tmp_path / "site" / "history.html"
    assert "First plan" in history.read_text(encoding="utf-8")
    write(tmp_path, base_files(target="1200000"))
    commit_all(tmp_path, "Raise the target", "2027-01-06T10:00:00+00:00", "Ana Nowak")
    assert rebuilder.rebuild(["goals.md"]).ok
    assert "Raise the target" in history.read_text(encoding="utf-8")
