"""`--out` never costs the user a file: what it may name, and how the site is put there.

Each test is a small repository in tmp_path (real `git init`), a command run
from its top, and a look at what is left on disk.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import pytest
from conftest import write_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.outdir import MARKER, out_dir_problem


def _snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file (its bytes) and symlink (its target) under `root`, `.git` included."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
            else:
                found[rel + "/"] = b""
    return found


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding a plan and a README; HOME is a folder beside it."""
    top = tmp_path / "repo"
    top.mkdir()
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    write_plan(top, {"intro.md": "---\nkind: page\ntitle: Intro\n---\nHello.\n"})
    (top / "README.md").write_text("my notes\n", encoding="utf-8")
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return top


KEPT = [".", "", "plan", "plan/..", "./plan/../", "..", ".git", ".git/objects", "plan/site", "~"]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("out", KEPT)
def test_build_refuses_a_folder_the_user_keeps(repo: Path, run_cli, out: str, force: bool) -> None:
    before = _snapshot(repo.parent)
    out = str(repo.parent / "home") if out == "~" else out
    code, stdout, stderr = run_cli("build", "--plan", "plan", "--out", out, *(["--force"] * force), cwd=repo)
    assert code == 2, stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("error: --out ")
    assert f"--out {out}" in stderr and "e.g. --out public" in stderr
    assert _snapshot(repo.parent) == before


def test_the_folder_holding_the_repository_and_the_home_folder_are_named(repo: Path, run_cli) -> None:
    code, _, stderr = run_cli("build", "--out", str(repo.parent), cwd=repo / "plan")
    assert code == 2 and "holds the current folder" in stderr
    code, _, stderr = run_cli("build", "--plan", str(repo / "plan"), "--out", str(repo.parent / "home"))
    assert code == 2 and "is your home folder" in stderr


def test_a_symlink_to_the_repository_is_seen_through(repo: Path, run_cli, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "site").symlink_to(repo)
    before = _snapshot(repo)
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", str(tmp_path / "elsewhere" / "site"), cwd=repo)
    assert code == 2 and f"({repo})" in stderr and "is the current folder" in stderr
    assert _snapshot(repo) == before


def test_serve_refuses_the_same_folders(repo: Path, run_cli) -> None:
    before = _snapshot(repo)
    for out in ("plan", ".", ""):
        code, _, stderr = run_cli("serve", "--plan", "plan", "--out", out, "--port", "0", cwd=repo)
        assert code == 2 and stderr.startswith("error: --out"), stderr
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.txt").write_text("mine\n")
    code, _, stderr = run_cli("serve", "--plan", "plan", "--out", "docs", "--port", "0", cwd=repo)
    assert code == 2 and "--force" in stderr
    assert _snapshot(repo) == {**before, "docs/": b"", "docs/notes.txt": b"mine\n"}


def test_a_folder_of_other_files_is_replaced_only_with_force(repo: Path, run_cli) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.txt").write_text("mine\n")
    code, stdout, stderr = run_cli("build", "--plan", "plan", "--out", "docs", cwd=repo)
    assert code == 2 and stdout == ""
    assert stderr == (
        "error: --out docs already holds files sitegen did not write; nothing was written. "
        "Add --force to replace them with the site, or choose another folder\n"
    )
    assert (repo / "docs" / "notes.txt").read_text() == "mine\n"
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "docs", "--force", cwd=repo)
    assert code == 0, stderr
    assert not (repo / "docs" / "notes.txt").exists() and (repo / "docs" / "index.html").is_file()
    assert (repo / "docs" / MARKER).is_file()
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "docs", cwd=repo)
    assert code == 0, stderr  # sitegen wrote it: replaced without being asked


def test_an_empty_folder_or_a_new_one_is_fine(repo: Path, run_cli) -> None:
    (repo / "empty").mkdir()
    assert run_cli("build", "--plan", "plan", "--out", "empty", cwd=repo)[0] == 0
    assert run_cli("build", "--plan", "plan", "--out", "new/deeper", cwd=repo)[0] == 0
    assert (repo / "empty" / "index.html").is_file() and (repo / "new" / "deeper" / MARKER).is_file()


def test_every_site_carries_the_same_marker(repo: Path, run_cli) -> None:
    for out in ("one", "two"):
        assert run_cli("build", "--plan", "plan", "--out", out, cwd=repo)[0] == 0
    assert (repo / "one" / MARKER).read_bytes() == (repo / "two" / MARKER).read_bytes()
    assert b"sitegen" in (repo / "one" / MARKER).read_bytes()
    assert _snapshot(repo / "one") == _snapshot(repo / "two")


def _spelling(draw, target: list[str]) -> str:
    """A relative path from the repository top that resolves to `target` (segments)."""
    anywhere = [[], ["."], ["gone", ".."], ["gone", "..", "."]]  # `gone` does not exist
    at_top = [*anywhere, ["plan", ".."], ["here"], ["here", "here"], ["sub", "deeper", "..", ".."]]
    parts: list[str] = draw(st.sampled_from(at_top))  # `here` is a symlink to the top
    for segment in target:
        parts += [segment, *draw(st.sampled_from(anywhere))]
    text = "/".join(parts)
    return text + draw(st.sampled_from(["", "/", "//"])) if text else draw(st.sampled_from(["", "."]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), target=st.sampled_from([[], ["plan"], ["plan", "emea"], [".git"], [".."]]))
def test_no_spelling_of_a_kept_folder_is_accepted(repo: Path, data, target: list[str]) -> None:
    """Random relative spellings (`.`, `x/..`, a symlink to `.`, trailing slashes) of the
    repository, the plan, a folder inside it, git's folder and the folder above."""
    if not (repo / "here").exists():
        (repo / "here").symlink_to(".")
        (repo / "sub" / "deeper").mkdir(parents=True)
        (repo / "plan" / "emea").mkdir()
    spelling = _spelling(data.draw, target)
    old = Path.cwd()
    os.chdir(repo)
    try:
        for force in (False, True):
            assert out_dir_problem(spelling, Path("plan"), force) is not None, spelling
    finally:
        os.chdir(old)


def test_leftovers_of_an_interrupted_build_are_swept(repo: Path, run_cli) -> None:
    for name in (".sitegen-public-new-a1b2", ".sitegen-public-old-c3d4", ".sitegen-docs-new-e5f6"):
        (repo / name / "sub").mkdir(parents=True)
        (repo / name / "sub" / "page.html").write_text("half")
    busy = repo / ".sitegen-public-new-busy"  # another build is writing here right now
    busy.mkdir()
    handle = os.open(busy, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        assert run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)[0] == 0
    finally:
        os.close(handle)
    leftovers = sorted(p.name for p in repo.iterdir() if p.name.startswith(".sitegen-"))
    assert leftovers == [".sitegen-docs-new-e5f6", ".sitegen-public-new-busy"]


def test_an_out_folder_given_as_a_symlink_stays_one(repo: Path, run_cli, tmp_path: Path) -> None:
    target = tmp_path / "www" / "site"
    (repo / "public").symlink_to(target)  # dangling until the first build
    for _ in range(2):
        code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)
        assert code == 0, stderr
        assert (repo / "public").is_symlink() and os.readlink(repo / "public") == str(target)
        assert (target / "index.html").is_file() and (target / MARKER).is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"]
    assert not [p for p in repo.iterdir() if p.name.startswith(".sitegen-")]


@pytest.fixture(params=["tmpfs", "bind"])
def mounted(request: pytest.FixtureRequest, repo: Path, tmp_path: Path):
    """`repo/public` as a mount point: another file system (a volume), or a bind mount."""
    point = repo / "public"
    point.mkdir()
    if request.param == "tmpfs":
        command = ["mount", "-t", "tmpfs", "sitegen-test", str(point)]
    else:
        (tmp_path / "volume").mkdir()
        command = ["mount", "--bind", str(tmp_path / "volume"), str(point)]
    if os.geteuid() != 0 or subprocess.run(command, capture_output=True).returncode != 0:
        pytest.skip("mounting needs root and a kernel that lets this process mount")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


def _is_mount_point(path: Path) -> bool:
    return any(line.split()[4] == str(path) for line in Path("/proc/self/mountinfo").read_text().splitlines())


def test_a_mount_point_is_filled_in_place(repo: Path, run_cli, mounted: Path) -> None:
    """A container volume cannot be renamed (EBUSY): the site goes inside it instead."""
    (mounted / "old.html").write_text("from a previous build")
    (mounted / MARKER).write_text("")
    for _ in range(2):
        code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)
        assert code == 0, stderr
        assert _is_mount_point(mounted)
        assert (mounted / "index.html").is_file() and (mounted / MARKER).is_file()
        assert not (mounted / "old.html").exists()
        assert not [p for p in [*repo.iterdir(), *mounted.iterdir()] if p.name.startswith(".sitegen-") and p.name != MARKER]


def test_a_failure_while_filling_a_mount_point_keeps_the_old_site(
    repo: Path, run_cli, mounted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    assert run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)[0] == 0
    before = _snapshot(mounted)
    real_move, moves = shutil.move, []

    def failing_move(source, target):
        moves.append(target)
        if len(moves) == 3:
            raise OSError(28, "No space left on device")
        return real_move(source, target)

    monkeypatch.setattr(shutil, "move", failing_move)
    write_plan(repo, {"more.md": "---\nkind: page\ntitle: More\n---\nMore.\n"})
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)
    assert code == 1 and "No space left" in stderr
    assert _snapshot(mounted) == before and _is_mount_point(mounted)
    assert not [p for p in repo.iterdir() if p.name.startswith(".sitegen-")]


def test_audience_all_refuses_the_same_folders_and_checks_each_audience_folder(repo: Path, run_cli) -> None:
    plan_yaml = (repo / "plan" / "plan.yaml").read_text()
    (repo / "plan" / "plan.yaml").write_text(plan_yaml + "audiences:\n  - {id: team, name: Team, sections: ['*']}\n")
    before = _snapshot(repo)
    for out in (".", "plan", ""):
        code, _, stderr = run_cli("build", "--plan", "plan", "--out", out, "--audience", "all", cwd=repo)
        assert code == 2 and stderr.startswith("error: --out"), stderr
    assert _snapshot(repo) == before
    (repo / "sites" / "team").mkdir(parents=True)
    (repo / "sites" / "team" / "notes.txt").write_text("mine\n")
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=repo)
    assert code == 2 and "--out sites/team already holds files" in stderr
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", "--force", cwd=repo)
    assert code == 0 and (repo / "sites" / "team" / MARKER).is_file(), stderr


def test_a_folder_left_holding_only_sitegen_leftovers_is_sitegen_s(repo: Path, run_cli) -> None:
    """A fill in place killed halfway leaves only `.sitegen-old-…` inside: not the user's files."""
    (repo / "public" / ".sitegen-old-x1y2" / "assets").mkdir(parents=True)
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)
    assert code == 0, stderr
    assert not (repo / "public" / ".sitegen-old-x1y2").exists() and (repo / "public" / MARKER).is_file()
