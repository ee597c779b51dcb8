"""Nothing from outside the plan folder is read: a link that leads out is named, never opened.

The story: a pull request adds `plan/results.csv -> /proc/self/environ` (or a link
to a secrets file). Before, the CSV header error quoted the target's first line,
and CI printed its environment into the log (also through the JSON and GitHub
formats and the serve overlay).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import md, write_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.load import plan_sources
from sitegen.serve.overlay import overlay_html
from sitegen.serve.rebuild import Rebuilder

SECRET = "SITEGEN_TEST_SECRET=hunter2-7f3a"
GOALS = md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: units, target: 5, period: 2027}\n")
ACTUALS = md("title: Actuals\nkind: actuals\nsource: results.csv\n")
RESULTS = "goal,value,as_of\ng,3,2027-03-31\n"


def _linked(root: Path, target: str | Path, link: str = "results.csv") -> Path:
    """A plan whose actuals section reads `link`, a symlink to `target`."""
    plan = write_plan(root, {"goals.md": GOALS, "actuals.md": ACTUALS})
    (plan / link).symlink_to(target)
    return plan


def _secret_file(root: Path) -> Path:
    secret = root / "outside" / "secrets.csv"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(f"{SECRET}\nAWS_KEY=abc\n")
    return secret


LINE = (
    "plan/results.csv:1:1: error: a link to a place outside plan/, which sitegen does not read; "
    "copy the file or folder into plan/ instead of linking to it [outside-plan]"
)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_link_out_of_the_plan_is_named_and_never_read(tmp_path: Path, run_cli, fmt: str) -> None:
    _linked(tmp_path, _secret_file(tmp_path))
    code, stdout, stderr = run_cli("check", "--plan", "plan", "--format", fmt, cwd=tmp_path)
    assert code == 1
    assert "hunter2" not in stdout + stderr and "AWS_KEY" not in stdout + stderr
    if fmt == "text":
        assert stdout.splitlines()[0] == LINE
        assert "missing-file" not in stdout  # the link is the one problem, told once
    elif fmt == "json":
        (problem,) = json.loads(stdout)
        assert (problem["path"], problem["code"]) == ("plan/results.csv", "outside-plan")
    else:
        assert "file=plan/results.csv,line=1" in stdout and "outside-plan" in stdout


def test_the_environment_of_the_ci_runner_stays_out_of_the_log(tmp_path: Path, run_module) -> None:
    """The real attack, in a real process: its environment holds the secret."""
    _linked(tmp_path, "/proc/self/environ")
    env = {"SITEGEN_TEST_SECRET": "hunter2-7f3a"}
    for command in (["check"], ["check", "--format", "json"], ["build", "--out", "public"]):
        code, stdout, stderr = run_module(*command, "--plan", "plan", cwd=tmp_path, env=env)
        assert code == 1, stderr
        assert "hunter2" not in stdout + stderr and "outside-plan" in stdout + stderr
    assert not (tmp_path / "public").exists()


def test_sections_and_folders_linked_from_outside_are_not_read(tmp_path: Path, run_cli) -> None:
    plan = write_plan(tmp_path, {"goals.md": GOALS})
    outside = tmp_path / "elsewhere"
    (outside / "team").mkdir(parents=True)
    (outside / "secret.md").write_text(md("title: hunter2 salaries\nkind: page\n"))
    (outside / "team" / "pay.md").write_text(md("title: hunter2 pay\nkind: page\n"))
    (plan / "secret.md").symlink_to(outside / "secret.md")
    (plan / "team").symlink_to(outside / "team")
    (plan / "chain.md").symlink_to("secret.md")  # a link to a link that leads out
    code, stdout, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1 and "hunter2" not in stdout
    named = sorted(line.split(":", 1)[0] for line in stdout.splitlines() if "[outside-plan]" in line)
    assert named == ["plan/chain.md", "plan/secret.md", "plan/team"]


def test_links_inside_the_plan_still_work(tmp_path: Path, run_cli) -> None:
    plan = _linked(tmp_path, "data/q1.csv")
    (plan / "data").mkdir()
    (plan / "data" / "q1.csv").write_text(RESULTS)
    (plan / "self").symlink_to(".")  # a folder link back into the plan: not followed, not an error
    code, stdout, stderr = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 0, stdout + stderr


def test_a_csv_header_error_quotes_at_most_a_short_piece(tmp_path: Path, run_cli) -> None:
    write_plan(tmp_path, {"goals.md": GOALS, "actuals.md": ACTUALS, "results.csv": "x" * 5000 + "\n"})
    code, stdout, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1 and "[csv]" in stdout
    assert "x" * 81 not in stdout and "…" in stdout


def _rebuilt(plan: Path, tmp_path: Path) -> Rebuilder:
    rebuilder = Rebuilder(plan, tmp_path / "site")
    assert rebuilder.rebuild().ok
    return rebuilder


def test_serve_names_a_file_that_became_a_link_out_of_the_plan(tmp_path: Path) -> None:
    """Saved over with a link: the quick re-read of known files must not open it either."""
    plan = write_plan(tmp_path, {"goals.md": GOALS, "actuals.md": ACTUALS, "results.csv": RESULTS})
    rebuilder = _rebuilt(plan, tmp_path)
    (plan / "results.csv").unlink()
    (plan / "results.csv").symlink_to(_secret_file(tmp_path))
    result = rebuilder.rebuild(["results.csv"], complete=True)
    assert not result.ok
    assert [(d.path, d.code) for d in result.diagnostics] == [(str(Path(rebuilder.display_root, "results.csv")), "outside-plan")]
    overlay = overlay_html(result.diagnostics, result.links, len(rebuilder.files))
    assert "hunter2" not in overlay and "outside-plan" in overlay
    assert "hunter2" not in "".join(p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.*"))


def test_serve_names_a_folder_link_added_without_other_changes(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, {"goals.md": GOALS})
    rebuilder = _rebuilt(plan, tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (plan / "shared").symlink_to(tmp_path / "elsewhere")
    result = rebuilder.rebuild(["shared"])
    assert not result.ok and [d.code for d in result.diagnostics] == ["outside-plan"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    ups=st.integers(min_value=0, max_value=3),
    detour=st.sampled_from(["", "./", "sub/../", "sub/./../", "here/"]),
    absolute=st.booleans(),
    inside=st.booleans(),
)
def test_any_spelling_of_a_link_target_is_judged_by_where_it_lands(
    tmp_path: Path, ups: int, detour: str, absolute: bool, inside: bool
) -> None:
    """Relative (`../..`), absolute, through detours and a link to the plan itself: only
    where the link lands counts (even a dangling link out of the plan is named)."""
    root = tmp_path / f"case-{ups}-{len(detour)}-{absolute}-{inside}"
    plan = root / "a" / "b" / "c" / "d" / "plan"
    if not plan.exists():
        (plan / "sub").mkdir(parents=True)
        (plan / "here").symlink_to(".")
        (plan / "data.csv").write_text(RESULTS)
        (root / "secret.csv").write_text(SECRET)
    if inside:
        target = str(plan / detour / "data.csv") if absolute else f"{detour}data.csv"
    else:  # five `..` reach `root`; more go above it, to a file that may not exist
        target = str(root / "secret.csv") if absolute else f"{detour}{'../' * (5 + ups)}secret.csv"
    link = plan / "link.csv"
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    sources = plan_sources(plan, cwd=root)
    if inside:
        assert sources.files["link.csv"] == RESULTS.encode() and sources.outside == ()
    else:
        assert "link.csv" not in sources.files and sources.outside == ("link.csv",)
        assert SECRET.encode() not in b"".join(sources.files.values())


@pytest.mark.parametrize("source", ["../../outside/secrets.csv", "{secret}", "../../../x.csv", "sub/../../../x.csv"])
def test_an_actuals_source_that_leaves_the_plan_is_named_and_never_read(tmp_path: Path, run_cli, source: str) -> None:
    """`source: ../../secrets.csv` from plan/reviews/, or an absolute path: not "not found" (it
    is there), but outside the plan."""
    secret = _secret_file(tmp_path)
    source = source.format(secret=secret)
    write_plan(tmp_path, {"goals.md": GOALS, "reviews/q1.md": md(f"title: Q1\nkind: actuals\nsource: {source}\n")})
    code, stdout, stderr = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1 and "hunter2" not in stdout + stderr
    assert stdout.splitlines()[0] == (
        f"plan/reviews/q1.md:4:9: error: actuals file '{source}' is outside plan/, which sitegen does not read; "
        "copy the file into plan/ and give its path from this section's folder [outside-plan]"
    )


def test_an_actuals_source_may_climb_to_another_folder_of_the_plan(tmp_path: Path, run_cli) -> None:
    write_plan(tmp_path, {"goals.md": GOALS, "reviews/q1.md": md("title: Q1\nkind: actuals\nsource: ../data/results.csv\n"),
                          "data/results.csv": RESULTS})
    code, stdout, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 0, stdout


def test_hidden_files_and_folders_are_not_part_of_the_plan(tmp_path: Path, run_cli) -> None:
    """An editor's `.obsidian/`, a `.drafts/` folder or a `.wip.md` note beside the sections
    is not a section: it is not read, checked or published, however broken it is."""
    broken = "no front matter at all\n"
    plan = write_plan(tmp_path, {"goals.md": GOALS, "notes/intro.md": md("title: Intro\n"),
                                 ".obsidian/workspace.md": broken, ".drafts/deep/q3.md": broken,
                                 "notes/.wip.md": broken, "notes/.old.csv": "x\n", ".secret.yaml": ":\n"})
    code, stdout, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, stdout + stderr
    assert list(plan_sources(plan).files) == ["goals.md", "notes/intro.md", "plan.yaml"]
    assert (tmp_path / "public" / "notes" / "intro.html").is_file()
    assert not [p for p in (tmp_path / "public").rglob("*") if "wip" in p.name or "workspace" in p.name or "q3" in p.name]


def test_files_are_read_in_the_order_of_their_folders(tmp_path: Path) -> None:
    """`a/b.md` comes before `a-b.md` (a folder's files before a name that merely starts
    like it), so the order does not depend on how the file system lists them."""
    plan = write_plan(tmp_path, {"a-b.md": md("title: AB\n"), "a/b.md": md("title: B\n"), "a.md": md("title: A\n"),
                                 "a/a/z.md": md("title: Z\n"), "A.md": md("title: Upper\n")})
    assert list(plan_sources(plan).files) == ["A.md", "a/a/z.md", "a/b.md", "a-b.md", "a.md", "plan.yaml"]
