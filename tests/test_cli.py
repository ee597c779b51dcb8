"""`sitegen check` as a user and a CI job see it: formats, exit codes, summary, paths."""

from __future__ import annotations

import json
import os
import shutil

from conftest import ROOT, md

from sitegen.diagnostics import Diagnostic, format_text

OVERSPENT = md("title: Budget\nkind: budget\ntotal: 100\nlines:\n  - {name: Fair, amount: 150}\n")
OVERSPENT_LINE = (
    "plan/budget.md:4:8: warning: planned spending 150 (lines 150 + campaigns 0) exceeds the total "
    "budget 100 by 50 [budget-overspend]"
)
TWO_ERRORS = {
    "b.md": md("title: B\nowner: [x]\n"),
    "a.md": md("title: A\nowner: Ann\nstatus: done\nordr: 1\n"),
}


def test_a_clean_plan_exits_0_with_a_summary(check_plan):
    assert check_plan({"about.md": md("title: About\n")}) == (0, ["0 errors, 0 warnings in 2 files"], "")


def test_warnings_alone_exit_0_and_strict_turns_them_into_failure(check_plan, run_cli, tmp_path):
    code, lines, _ = check_plan({"budget.md": OVERSPENT})
    assert (code, lines) == (0, [OVERSPENT_LINE, "0 errors, 1 warning in 2 files"])
    code, out, _ = run_cli("check", "--plan", "plan", "--strict", cwd=tmp_path)
    assert code == 1
    assert out.splitlines() == [OVERSPENT_LINE, "0 errors, 1 warning in 2 files"]


def test_all_problems_at_once_sorted_by_file_then_line(check_plan):
    code, lines, _ = check_plan(TWO_ERRORS)
    assert code == 1
    assert lines == [
        "plan/a.md:4:9: error: 'done' is not one of draft, review, approved [range]",
        "plan/a.md:5:1: error: unknown field 'ordr' (did you mean 'order'?) [unknown-field]",
        "plan/b.md:3:8: error: expected text, got a list [type]",
        "3 errors, 0 warnings in 3 files",
    ]


def test_summary_line_counts_both_severities():
    diags = [
        Diagnostic("plan/a.md", 1, 1, "error", "type", "x"),
        Diagnostic("plan/a.md", 2, 1, "error", "type", "y"),
        Diagnostic("plan/b.md", 1, 1, "warning", "capacity", "z"),
    ]
    assert format_text(diags, 14).splitlines()[-1] == "2 errors, 1 warning in 14 files"
    assert format_text([], 1) == "0 errors, 0 warnings in 1 file\n"


def test_json_format_lists_every_field(check_plan):
    code, lines, _ = check_plan(TWO_ERRORS, *_plan_yaml_and("--format", "json"))
    assert code == 1
    data = json.loads("\n".join(lines))
    assert data[0] == {
        "path": "plan/a.md",
        "line": 4,
        "column": 9,
        "severity": "error",
        "code": "range",
        "message": "'done' is not one of draft, review, approved",
    }
    assert [(d["path"], d["line"]) for d in data] == [("plan/a.md", 4), ("plan/a.md", 5), ("plan/b.md", 3)]


def test_json_format_of_a_clean_plan_is_an_empty_list(check_plan):
    code, lines, _ = check_plan({}, *_plan_yaml_and("--format", "json"))
    assert (code, json.loads("\n".join(lines))) == (0, [])


def test_github_format_prints_annotations(check_plan):
    code, lines, _ = check_plan({"budget.md": OVERSPENT}, *_plan_yaml_and("--format", "github"))
    assert code == 0
    assert lines == [
        "::warning file=plan/budget.md,line=4,col=8,title=budget-overspend::planned spending 150 "
        "(lines 150 + campaigns 0) exceeds the total budget 100 by 50"
    ]


def test_github_actions_environment_selects_annotations(tmp_path, run_module):
    from conftest import write_plan

    write_plan(tmp_path, TWO_ERRORS)
    code, out, err = run_module("check", "--plan", "plan", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=plan/a.md,line=4,col=9,title=range::'done' is not one of draft, review, approved"
    )
    code, out, _ = run_module("check", "--plan", "plan", "--format", "text", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert out.splitlines()[-1] == "3 errors, 0 warnings in 3 files"
    assert "\033[" not in out  # piped: no colour codes


def test_wrong_usage_exits_2(tmp_path, run_cli):
    for args in (("check", "--format", "xml"), ("check", "--bogus"), (), ("frobnicate",)):
        code, _, err = run_cli(*args, cwd=tmp_path)
        assert code == 2, args
        assert "usage:" in err


def test_paths_are_relative_to_the_current_directory(tmp_path, check_plan, run_cli):
    check_plan(TWO_ERRORS)
    elsewhere = tmp_path / "work" / "deeper"
    elsewhere.mkdir(parents=True)
    code, out, _ = run_cli("check", "--plan", "../../plan", cwd=elsewhere)
    assert code == 1
    assert out.splitlines()[0].startswith("../../plan/a.md:4:9: error:")
    code, out, _ = run_cli("check", "--plan", str(tmp_path / "plan"), cwd=elsewhere)
    assert out.splitlines()[0].startswith("../../plan/a.md:4:9: error:")
    code, out, _ = run_cli("check", "--plan", ".", cwd=tmp_path / "plan")
    assert out.splitlines()[0].startswith("a.md:4:9: error:")


def test_a_missing_plan_folder_is_a_located_error(tmp_path, run_cli):
    code, out, _ = run_cli("check", "--plan", "nowhere", cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[0].startswith("nowhere/plan.yaml:1:1: error: missing nowhere/plan.yaml")


def test_the_example_plan_checks_with_0_errors(run_module):

    code, out, err = run_module("check", "--plan", "plan", cwd=ROOT)
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("0 errors, ")
    assert " error:" not in out


def _plan_yaml_and(*options: str) -> tuple[str, ...]:
    from conftest import PLAN_YAML

    return (PLAN_YAML, *options)


def test_build_works_when_the_template_cache_cannot_be_written(tmp_path, run_module):
    """Compiled templates are cached under the temp folder; a read-only one only means compiling."""
    shutil.copytree(ROOT / "plan", tmp_path / "plan")
    temp = tmp_path / "tmp"
    temp.mkdir()
    (temp / f"_jinja2-cache-{os.getuid()}").write_text("not a folder")  # where Jinja would cache
    code, out, err = run_module("build", "--plan", "plan", "--out", "site", cwd=tmp_path, env={"TMPDIR": str(temp)})
    assert code == 0, err
    assert "Built " in out and (tmp_path / "site" / "index.html").is_file()


def test_exit_codes_and_output_survive_the_fast_exit(tmp_path, run_module):
    """`python -m sitegen` leaves without tearing its heap down: the report and the code still arrive."""
    (tmp_path / "plan").mkdir()
    code, out, err = run_module("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1 and "missing-plan" in out + err


def test_the_file_count_includes_the_actuals_csv_it_read(check_plan):
    """The summary counts what `ls plan/` shows: sections, plan.yaml and each CSV read once."""
    code, lines, _ = check_plan({
        "goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: units, target: 5, period: 2027}\n"),
        "q1.md": md("title: Q1\nkind: actuals\nsource: results.csv\n"),
        "q1-again.md": md("title: Q1 again\nkind: actuals\nsource: results.csv\n"),
        "results.csv": "goal,value,as_of\ng,3,2027-03-31\n",
    })
    assert code == 0
    assert lines[-1].endswith("in 5 files")
