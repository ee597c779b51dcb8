"""Story: a lead compares the plan with an earlier version — by any name git knows,
from a full or a CI-style shallow clone — and a wrong name is said, never published.

Real git repositories (tests/test_history_fixtures.make_repo: tags q1, q2, a
merged pull request) and a real shallow clone made with ``git clone --depth 1``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_history_fixtures import git, make_repo


def _site_texts(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes().decode("utf-8", errors="replace")
        for p in out.rglob("*")
        if p.is_file()
    }


def test_build_compare_to_an_unknown_ref_stops_with_a_usage_error(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    code, out, err = run_cli(
        "build", "--plan", "plan", "--out", "public", "--compare-to", "nosuchref", cwd=repo
    )
    assert code == 2
    assert err.startswith("error: --compare-to nosuchref: unknown git ref 'nosuchref'")
    assert "Built" not in out and not (repo / "public").exists()


def test_no_page_publishes_a_local_path_when_compare_to_names_no_commit(
    tmp_path: Path, run_cli
) -> None:
    repo = make_repo(tmp_path)
    with (repo / "plan" / "plan.yaml").open("a", encoding="utf-8") as plan_yaml:
        plan_yaml.write("compare_to: nosuchref\n")
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=repo)
    assert code == 0
    assert "warning: compare_to: unknown git ref 'nosuchref'" in err
    site = _site_texts(repo / "public")
    assert "unknown git ref &#39;nosuchref&#39;" in site["changes.html"]
    local = {str(tmp_path), str(tmp_path.resolve()), str(Path.home())}
    leaks = [(name, path) for name, text in site.items() for path in local if path in text]
    assert not leaks


@pytest.mark.parametrize(
    "rev", [":/Initial plan", "HEAD~1", "main@{1}", "q1^{commit}", "HEAD^{/Initial}", "q2^1"]
)
def test_diff_accepts_every_revision_git_accepts(tmp_path: Path, run_cli, rev: str) -> None:
    repo = make_repo(tmp_path)
    code, out, err = run_cli("diff", rev, "q2", "--plan", "plan", "--format", "json", cwd=repo)
    assert code == 0, err
    data = json.loads(out)
    assert data["before"] == rev
    assert (data["key_before"]["revenue_target"], data["key_after"]["revenue_target"]) == (
        1000000,
        1200000,
    )


def test_build_compares_with_a_commit_named_by_its_message(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    code, _, err = run_cli(
        "build", "--plan", "plan", "--out", "public", "--compare-to", ":/Initial plan", cwd=repo
    )
    assert code == 0, err
    changes = (repo / "public" / "changes.html").read_text(encoding="utf-8")
    assert "unknown git ref" not in changes and "revenue-2027" in changes


def test_diff_in_a_shallow_clone_says_the_history_is_shallow_and_how_to_fetch_it(
    tmp_path: Path, run_cli
) -> None:
    repo = make_repo(tmp_path)
    clone = tmp_path / "ci-checkout"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.resolve().as_uri(), str(clone))
    for rev in ("q1", "HEAD~1"):
        code, out, err = run_cli("diff", rev, "--plan", "plan", cwd=clone)
        assert code == 1 and out == ""
        assert f"'{rev}' is not in this clone's history: the clone is shallow" in err
        assert "git fetch --unshallow --tags" in err and "fetch-depth: 0" in err
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", "--compare-to", "q1", cwd=clone)
    assert code == 2 and "shallow" in err
    git(clone, "fetch", "-q", "--unshallow", "--tags")  # what the message says to do
    code, out, err = run_cli("diff", "q1", "--plan", "plan", cwd=clone)
    assert code == 0, err
    assert "1000000 → 1200000" in out
