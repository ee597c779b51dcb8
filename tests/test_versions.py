"""One site per quarter (PLAN_FORMAT §10): `build --versions` builds each tagged plan beside the
current one, with a version menu on every page and "what changed since the previous version"."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import md

GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: smb-2027, metric: revenue, target: TARGET, period: 2027}\n"
)
FUNNEL = md(
    "title: Funnel\nkind: funnel\ndeal_size: 10000\nstages:\n  - {id: lead, name: Lead, conversion: 0.5}\n"
)


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.com", "GIT_COMMITTER_NAME": "Ana",
           "GIT_COMMITTER_EMAIL": "ana@example.com", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _save(repo: Path, target: str, subject: str, tag: str | None = None) -> None:
    (repo / "plan" / "goals.md").write_text(GOALS.replace("TARGET", target), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", subject)
    if tag:
        _git(repo, "tag", tag)


@pytest.fixture
def quarters(tmp_path, write_plan):
    write_plan(tmp_path, {"funnel.md": FUNNEL})
    _git(tmp_path, "init", "-q")
    _save(tmp_path, "1000000", "Plan for Q1", "v2027-q1")
    _save(tmp_path, "1200000", "Raise the target after Q1", "v2027-q2")
    _save(tmp_path, "1300000", "Work in progress")
    return tmp_path


def _menu(page: Path) -> list[tuple[str, str, bool]]:
    html = page.read_text(encoding="utf-8")
    block = re.search(r'<details class="sg-versions">(.*?)</details>', html, re.S).group(1)
    return [(label, href, bool(current)) for href, current, label in
            re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', block)]


def test_each_tag_is_built_beside_the_current_plan_with_a_menu_on_every_page(quarters, run_cli):
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2027-*", cwd=quarters)
    assert code == 0, err
    site = quarters / "public"
    assert "Built 3 versions (current, v2027-q2, v2027-q1)" in out
    pages = sorted(site.rglob("*.html"))
    assert {p.relative_to(site).parts[0] for p in pages} >= {"index.html", "v2027-q1", "v2027-q2"}
    for page in pages:
        menu = _menu(page)
        assert [label for label, _, _ in menu] == ["Current", "v2027-q2", "v2027-q1"], page
        for _, href, _ in menu:
            assert (page.parent / unquote(href)).resolve().is_file(), (page, href)
    assert [c for *_, c in _menu(site / "v2027-q2" / "index.html")] == [False, True, False]


def test_every_version_is_its_own_plan_and_says_what_changed_since_the_one_before(quarters, run_cli):
    run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2027-*", cwd=quarters)
    site = quarters / "public"
    assert '"target": 1200000' in (site / "v2027-q2" / "plan.json").read_text(encoding="utf-8")
    assert '"target": 1300000' in (site / "plan.json").read_text(encoding="utf-8")
    q2 = (site / "v2027-q2" / "index.html").read_text(encoding="utf-8")
    assert "What changed since v2027-q1" in q2
    assert "What changed since" not in (site / "v2027-q1" / "index.html").read_text(encoding="utf-8")
    changes = (site / "v2027-q2" / "changes.html").read_text(encoding="utf-8")
    assert "$1,000,000" in changes and "$1,200,000" in changes and "$1,300,000" not in changes
    assert "What changed since v2027-q2" in (site / "index.html").read_text(encoding="utf-8")


def test_a_version_history_ends_at_its_tag(quarters, run_cli):
    run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2027-*", cwd=quarters)
    site = quarters / "public"
    assert "Raise the target after Q1" in (site / "v2027-q2" / "history.html").read_text(encoding="utf-8")
    assert "Raise the target after Q1" not in (site / "v2027-q1" / "history.html").read_text(encoding="utf-8")
    assert "Work in progress" in (site / "history.html").read_text(encoding="utf-8")


def test_a_pattern_that_matches_no_tag_writes_nothing(quarters, run_cli):
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2026-*", cwd=quarters)
    assert code == 2
    assert "--versions 'v2026-*': no git tag matches (tags: v2027-q2, v2027-q1)" in err
    assert not (quarters / "public").exists()


def test_a_tag_whose_plan_has_errors_is_reported_and_the_others_are_built(quarters, run_cli):
    (quarters / "plan" / "goals.md").write_text(GOALS.replace("TARGET", "1000000").replace("metric:", "metrc:"),
                                                encoding="utf-8")
    _git(quarters, "commit", "-qam", "A typo")
    _git(quarters, "tag", "v2027-q3")
    _save(quarters, "1400000", "Fix the typo")
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2027-*", cwd=quarters)
    assert code == 1
    assert re.search(r"^v2027-q3:plan/goals\.md:5:\d+: error: .*'metrc'.*\[unknown-field\]$", err, re.M), err
    assert "Version v2027-q3 left out" in err
    site = quarters / "public"
    assert not (site / "v2027-q3").exists()
    assert (site / "v2027-q2" / "index.html").is_file() and (site / "index.html").is_file()
    assert [label for label, *_ in _menu(site / "index.html")] == ["Current", "v2027-q2", "v2027-q1"]


def test_versions_cannot_be_mixed_with_an_audience(quarters, run_cli):
    code, _, err = run_cli("build", "--plan", "plan", "--versions", "v*", "--audience", "x", cwd=quarters)
    assert code == 2 and "--versions" in err


def test_a_current_plan_with_errors_leaves_the_published_versions_as_they_were(quarters, run_cli):
    assert run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2027-*", cwd=quarters)[0] == 0
    site = quarters / "public"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (quarters / "plan" / "goals.md").write_text(GOALS.replace("TARGET", "1.4 million"), encoding="utf-8")
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", "--versions", "v2027-*", cwd=quarters)
    assert code == 1 and out == ""
    assert re.search(r"^plan/goals\.md:5:\d+: error: .*'1\.4 million'.*\[type\]$", err, re.M), err
    assert "Build stopped: nothing written, public/ left as it was." in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_versions_never_replace_a_folder_the_user_keeps(quarters, run_cli):
    for out in (".", "plan", ""):
        code, _, err = run_cli("build", "--plan", "plan", "--out", out, "--versions", "v2027-*", cwd=quarters)
        assert code == 2 and err.startswith("error: --out"), err
    assert (quarters / "plan" / "goals.md").is_file() and (quarters / ".git").is_dir()
