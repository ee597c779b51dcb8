"""Hostile or broken input: each gets a located error and exit 1, quickly, never a traceback.

Also the friendly side of the same coin: BOM and CRLF files are read as the
author sees them, with the same line numbers.
"""

from __future__ import annotations

import pytest
from conftest import md

BOMB = (
    "title: Laughs\nextra:\n"
    "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
)


def test_a_tag_that_would_run_a_command_runs_nothing(tmp_path, check_plan):
    marker = tmp_path / "pwned"
    front = f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    code, lines, _ = check_plan({"a.md": md(front)})
    assert code == 1
    assert lines[0] == (
        "plan/a.md:2:8: error: YAML tag '!!python/object/apply:os.system' is not allowed; remove it [yaml-tag]"
    )
    assert not marker.exists()


def test_a_python_name_tag_on_a_scalar_is_refused(check_plan):
    code, lines, _ = check_plan({"a.md": md("title: A\nowner: !!python/name:os.system ''\n")})
    assert code == 1
    assert lines[0].startswith("plan/a.md:3:8: error: YAML tag '!!python/name:os.system' is not allowed")


def test_billion_laughs_is_stopped_at_a_limit(check_plan):
    code, lines, _ = check_plan({"bomb.md": md(BOMB)})
    assert code == 1
    assert lines[0] == (
        "plan/bomb.md:9:10: error: aliases ('*e') repeat more than 100,000 values; "
        "write the values out [yaml-limit]"
    )


def test_5000_deep_flow_nesting_is_a_limit_not_a_recursion_error(check_plan):
    code, lines, _ = check_plan({"deep.md": md("title: Deep\nextra: " + "[" * 5000 + "]" * 5000 + "\n")})
    assert code == 1
    assert len(lines) == 2
    assert lines[0].startswith("plan/deep.md:3:")
    assert lines[0].endswith("[yaml-limit]")


def test_5000_deep_mapping_nesting_is_a_limit(check_plan):
    front = "title: Deep\nextra:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(5000))
    code, lines, _ = check_plan({"deep.md": md(front)})
    assert code == 1
    assert lines[0] == "plan/deep.md:67:65: error: nesting deeper than 64 levels [yaml-limit]"


def test_crlf_and_bom_are_accepted_with_true_line_numbers(check_plan):
    front = "title: Goals\r\nkind: goals\r\ngoals:\r\n  - {id: g, metric: units, target: 0, period: 2027}\r\n"
    text = "\ufeff---\r\n" + front + "---\r\nBody.\r\n"
    code, lines, _ = check_plan({"goals.md": text.encode("utf-8")})
    assert lines[0] == "plan/goals.md:5:36: error: the value must be above 0, got 0 [range]"
    assert code == 1


def test_a_clean_crlf_bom_plan_checks(check_plan):
    plan_yaml = "\ufefftitle: T\r\nperiod:\r\n  start: 2027-01-01\r\n  end: 2027-12-31\r\n"
    section = "\ufeff---\r\ntitle: About\r\n---\r\nHello.\r\n"
    code, lines, _ = check_plan({"about.md": section}, plan_yaml)
    assert (code, lines) == (0, ["0 errors, 0 warnings in 2 files"])


@pytest.mark.parametrize("closing", ["---", "---  ", "...", "...\t"])
def test_front_matter_closed_by_any_fence_keeps_the_body_lines(check_plan, closing):
    """`---` or YAML's `...`, trailing blanks allowed; a `---` further down the body is the
    body's (a Markdown rule), and a warning in the body names the line the author sees."""
    text = f"---\ntitle: About\nowner: Ana\n{closing}\nIntro.\n\n---\n\nSee [x](missing.md).\n"
    code, lines, _ = check_plan({"about.md": text})
    assert code == 0
    assert lines[0].startswith("plan/about.md:9:9: warning: link to 'missing.md'")


def test_an_empty_plan_yaml(check_plan):
    code, lines, _ = check_plan({}, "")
    assert code == 1
    assert lines[0] == "plan/plan.yaml:1:1: error: plan.yaml is empty; add at least 'title: ...' [missing-field]"


def test_plan_yaml_missing_its_period(check_plan):
    code, lines, _ = check_plan({}, "title: T\n")
    assert code == 1
    assert lines[0] == "plan/plan.yaml:1:1: error: missing required field 'period' [missing-field]"


def test_a_broken_plan_yaml_is_reported_once(check_plan):
    code, lines, _ = check_plan({}, "- title: T\nperiod: 2027\n")
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith("plan/plan.yaml:2:1: error: invalid YAML")


def test_front_matter_that_is_a_list(check_plan):
    code, lines, _ = check_plan({"a.md": md("- a\n- b\n")})
    assert code == 1
    assert lines[0] == (
        "plan/a.md:2:1: error: the front matter must be 'key: value' lines, not a list or a single value [type]"
    )


def test_an_impossible_date(check_plan):
    front = "title: A\nkind: actuals\nactuals:\n  - {goal: g, value: 1, as_of: 2027-02-30}\n"
    code, lines, _ = check_plan({"a.md": md(front)})
    assert code == 1
    assert "plan/a.md:5:32: error: '2027-02-30' is not a date in the calendar (day is out of range for month) [range]" in lines


def test_a_control_character_is_located(check_plan):
    code, lines, _ = check_plan({"a.md": md("title: A\nowner: Ann\x07\n")})
    assert code == 1
    assert lines[0] == (
        "plan/a.md:3:11: error: invalid YAML: character U+0007 is not allowed (a control character); "
        "delete it [yaml-syntax]"
    )


def test_a_merge_key_is_refused(check_plan):
    code, lines, _ = check_plan({"a.md": md("title: A\nextra:\n  <<: {a: 1}\n")})
    assert code == 1
    assert lines[0] == "plan/a.md:4:3: error: merge keys ('<<') are not supported; write the fields out [yaml-tag]"


def test_a_number_too_large_to_be_a_plan_figure(check_plan):
    front = "title: G\nkind: goals\ngoals:\n  - {id: g, metric: units, target: 1e400, period: 2027}\n"
    code, lines, _ = check_plan({"g.md": md(front)})
    assert code == 1
    assert lines[0] == (
        "plan/g.md:5:36: error: 1E+400 is too large; a number in a plan must stay below 10^15 [range]"
    )


def test_a_week_without_working_days(check_plan):
    code, lines, _ = check_plan({}, "title: T\nperiod: {start: 2027-01-01, end: 2027-12-31}\nworking_days: []\n")
    assert code == 1
    assert lines[0] == (
        "plan/plan.yaml:3:15: error: 'working_days' needs at least one day, e.g. [mon, tue, wed, thu, fri] [range]"
    )


def test_a_plan_spanning_centuries(check_plan):
    code, lines, _ = check_plan({}, "title: T\nperiod: {start: 0001-01-01, end: 9999-12-31}\n")
    assert code == 1
    assert lines[0] == (
        "plan/plan.yaml:2:34: error: the plan period 0001-01-01 – 9999-12-31 spans more than 10 years [range]"
    )


def test_duplicate_stage_ids_in_one_funnel(check_plan):
    front = (
        "title: F\nkind: funnel\ndeal_size: 10\nstages:\n"
        "  - {id: lead, name: Lead, conversion: 50%}\n"
        "  - {id: lead, name: Again, conversion: 50%}\n"
    )
    code, lines, _ = check_plan({"f.md": md(front)})
    assert code == 1
    assert lines[0] == (
        "plan/f.md:7:10: error: duplicate stage id 'lead' in funnel 'f' (also defined at plan/f.md:6) [duplicate-id]"
    )


def test_a_broken_only_stage_is_one_error_not_two(check_plan):
    front = "title: F\nkind: funnel\ndeal_size: 10\nstages:\n  - {id: s, name: S, conversion: 2}\n"
    code, lines, _ = check_plan({"f.md": md(front)})
    assert code == 1
    assert lines == [
        "plan/f.md:6:34: error: a rate must be between 0% and 100% (0 to 1), got 2 [range]",
        "1 error, 0 warnings in 2 files",
    ]


def test_the_real_program_never_prints_a_traceback(tmp_path, run_module):
    from conftest import write_plan

    write_plan(
        tmp_path,
        {
            "bomb.md": md(BOMB),
            "utf16.md": b"\xff\xfe---\n",
            "object-new.md": md("title: !!python/object/new:os.system [echo]\n"),
            "deep-indent.md": "---\n" + "  " * 3000 + "x: 1\n---\n",
        },
    )
    code, out, err = run_module("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1
    assert "Traceback" not in err + out
    located = {line.split(":")[0] for line in out.splitlines()[:-1]}
    assert located == {"plan/bomb.md", "plan/deep-indent.md", "plan/object-new.md", "plan/utf16.md"}


def test_an_unknown_product_or_funnel_is_one_error_not_two(check_plan):
    front = (
        "title: G\nkind: goals\ngoals:\n"
        "  - {id: a, metric: profit, target: 10, period: 2027, product: siute}\n"
        "  - {id: b, metric: revenue, target: 10, period: 2027, funnel: nowhere}\n"
    )
    code, lines, _ = check_plan({"g.md": md(front)})
    assert code == 1
    assert lines == [
        "plan/g.md:5:64: error: unknown product 'siute' [unknown-ref]",
        "plan/g.md:6:64: error: unknown funnel 'nowhere' [unknown-ref]",
        "2 errors, 0 warnings in 2 files",
    ]


def test_an_empty_kind(check_plan):
    code, lines, _ = check_plan({"a.md": md("title: A\nkind:\n")})
    assert code == 1
    assert lines[0].startswith("plan/a.md:3:6: error: 'kind' is empty; use one of page, positioning,")
