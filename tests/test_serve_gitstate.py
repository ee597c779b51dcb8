"""`serve` reads the plan's git history once per commit: a save alone does not run `git log`,
and a commit made while the preview runs shows on its history page at the next save."""

from __future__ import annotations

from pathlib import Path

from conftest import PLAN_YAML
from test_history_fixtures import base_files, commit_all, git, write

from sitegen.cli import main
from sitegen.serve.gitstate import git_signature
from sitegen.serve.rebuild import Rebuilder


def _repo(tmp_path: Path, **files: str) -> Path:
    git(tmp_path, "init", "-q")
    write(tmp_path, base_files() | files)
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


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_what_changed_follows_each_save_and_each_commit_as_a_full_build_shows_it(tmp_path: Path) -> None:
    plan = _repo(tmp_path, **{"plan.yaml": PLAN_YAML + "compare_to: HEAD\n"})
    rebuilder = Rebuilder(plan, tmp_path / "site")
    assert rebuilder.rebuild().ok
    steps = [("1200000", None), ("1300000", None), ("1400000", "Raise the target"), ("1500000", None)]
    for n, (target, message) in enumerate(steps):
        write(tmp_path, base_files(target=target) | {"plan.yaml": PLAN_YAML + "compare_to: HEAD\n"})
        if message:
            commit_all(tmp_path, message, "2027-01-06T10:00:00+00:00", "Ana Nowak")
        result = rebuilder.rebuild(["goals.md"])
        assert result.ok
        assert main(["build", "--plan", str(plan), "--out", str(tmp_path / f"built-{n}")]) == 0
        rebuilder.write_deferred()  # the board pack, written as a browser asking for it gets it
        assert _files(tmp_path / "site") == _files(tmp_path / f"built-{n}"), target
