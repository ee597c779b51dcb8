"""A number means what its author wrote (PLAN_FORMAT §2 "every number is read exactly").

YAML 1.1 reads `045000` as octal 18944, `1:30:00` as 5400 and `0x1F` as 31;
sitegen reads the decimal the author wrote or says why it cannot, at the value.
Numbers too large (or too precise) for a plan are a located `range` error at
`check`, and whatever `check` accepts builds: no traceback, ever.
"""

from __future__ import annotations

import json

import pytest
from conftest import md, write_plan

CAMPAIGN = (
    "title: Campaigns\nkind: campaigns\ncampaigns:\n"
    "  - id: fair\n    name: {name}\n    type: sales\n    plane: sales\n"
    "    start: 2027-03-01\n    end: 2027-03-31\n    budget: {budget}\n    expected_leads: {leads}\n"
)


def _campaign(budget: str = "1000", leads: str = "10", name: str = "Fair") -> dict[str, str]:
    return {"campaigns.md": md(CAMPAIGN.format(budget=budget, leads=leads, name=name))}


def _built_campaign(tmp_path, run_cli, files) -> dict:
    write_plan(tmp_path, files)
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, out + err
    plan = json.loads((tmp_path / "public" / "plan.json").read_text(encoding="utf-8"))
    return plan["campaigns"][0]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("045000", 45000), ("0045000", 45000), ("+12", 12), ("1_000", 1000), ("1e3", 1000), ("1_000.5", 1000.5),
     (".5", 0.5)],
)
def test_a_budget_is_the_decimal_its_author_wrote(tmp_path, run_cli, written, meant):
    campaign = _built_campaign(tmp_path, run_cli, _campaign(budget=written))
    assert campaign["budget"] == meant


def test_a_count_written_with_a_leading_zero_is_that_count(tmp_path, run_cli):
    from conftest import analyse_files

    analysis = analyse_files(_campaign(leads="01400"))
    assert not analysis.failed()
    assert analysis.plan.campaigns[0].item.expected_leads == 1400


def test_text_that_looks_like_a_number_stays_as_written():
    from conftest import analyse_files

    analysis = analyse_files(_campaign(name="007"))
    assert analysis.plan.campaigns[0].item.name == "007"  # not octal 7
    analysis = analyse_files(_campaign(name="1:30"))
    assert analysis.plan.campaigns[0].item.name == "1:30"  # not 90


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("0x1F", "write it with the digits 0-9 (hexadecimal, binary and octal forms are not read)"),
        ("0b101", "write it with the digits 0-9 (hexadecimal, binary and octal forms are not read)"),
        ("1:30:00", "a value with ':' (a time like 1:30) is not a number: write one number, e.g. the minutes"),
        ("1:30.5", "a value with ':' (a time like 1:30) is not a number: write one number, e.g. the minutes"),
    ],
)
def test_a_number_in_another_notation_is_a_located_type_error(check_plan, written, hint):
    code, lines, _ = check_plan(_campaign(budget=written))
    assert code == 1
    assert lines[0] == f"plan/campaigns.md:11:13: error: expected a number, got text '{written}'; {hint} [type]"


def test_a_fiscal_year_start_in_quotes_is_shown_as_text_with_the_fix(check_plan):
    # `'4'` is text to YAML: the message used to say "got 4", which looks like the allowed value
    from conftest import PLAN_YAML

    code, lines, _ = check_plan({}, PLAN_YAML + "fiscal_year_start: '4'\n")
    assert code == 1
    assert lines[0] == (
        "plan/plan.yaml:6:20: error: 'fiscal_year_start' is the first month of the fiscal year, 1 to 12 "
        "(4 = April), got text '4'; write 4 without quotes [type]"
    )


def test_a_count_in_quotes_says_to_write_it_without_quotes(check_plan):
    # whole-number fields refuse text as fiscal_year_start does; both say how to fix it
    code, lines, _ = check_plan(_campaign(leads='"10"'))
    assert code == 1
    assert lines[0] == "plan/campaigns.md:12:21: error: expected a whole number, got text '10'; write 10 without quotes [type]"


@pytest.mark.parametrize("written", ["yes", "no", "on", "off"])
def test_a_yes_no_word_in_a_number_field_is_a_type_error_not_one_or_zero(check_plan, written):
    code, lines, _ = check_plan(_campaign(leads=written))
    assert code == 1
    assert lines[0] == (
        "plan/campaigns.md:12:21: error: expected a whole number, got a yes/no value "
        "(YAML reads yes, no, on, off, true and false as yes/no) [type]"
    )


def test_a_target_of_5000_digits_is_a_range_error_not_a_traceback(check_plan):
    goals = "title: Goals\nkind: goals\ngoals:\n  - id: g\n    metric: deals\n    target: " + "9" * 5000
    code, lines, _ = check_plan({"goals.md": md(goals + "\n    period: 2027\n")})
    assert code == 1
    assert lines[0] == (
        "plan/goals.md:7:13: error: a number with 5,000 digits is too large; "
        "a number in a plan must stay below 10^15 [range]"
    )


FUNNEL = (
    "title: Funnel\nkind: funnel\ndeal_size: {deal}\nstages:\n"
    "  - {{id: lead, name: Lead, conversion: {first}}}\n"
    "  - {{id: won, name: Won, conversion: {second}}}\n"
    "activities:\n  - {{name: Call, stage: lead, per_unit: {per_unit}, minutes: {minutes}}}\n"
)
GOAL = md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: revenue, target: 1000000, period: 2027}\n")
TEAM = md("title: Team\nkind: resources\nteam:\n  - {id: rep, role: Rep, headcount: 1, hours_per_week: {hours}}\n")


def _funnel(deal="1000", first="0.5", second="0.5", per_unit="2", minutes="10", hours="40") -> dict[str, str]:
    return {
        "funnel.md": md(FUNNEL.format(deal=deal, first=first, second=second, per_unit=per_unit, minutes=minutes)),
        "goals.md": GOAL,
        "team.md": TEAM.replace("{hours}", hours),
    }


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ({"per_unit": "999999999999999"}, "plan/funnel.md:9:41: error: the value must be at most 1,000,000, got 999999999999999 [range]"),
        ({"minutes": "100001"}, "plan/funnel.md:9:53: error: minutes must be at most 100,000, got 100001 [range]"),
        ({"hours": "169"}, "plan/team.md:5:56: error: hours per week must be at most 168, got 169 [range]"),
        ({"deal": "1000000000000000"}, "plan/funnel.md:4:12: error: 1000000000000000 is too large; a number in a plan must stay below 10^15 [range]"),
        ({"deal": "1e1000000"}, "plan/funnel.md:4:12: error: 1E+1000000 is too large; a number in a plan must stay below 10^15 [range]"),
        ({"deal": "0.0000000000001"}, "plan/funnel.md:4:12: error: 0.0000000000001 has more than 12 digits after the decimal point; round it [range]"),
    ],
)
def test_a_number_out_of_its_fields_range_is_refused_at_check(check_plan, change, line):
    code, lines, _ = check_plan(_funnel(**change))
    assert code == 1
    assert lines[0] == line


def test_a_funnel_that_converts_less_than_one_in_a_billion_is_a_typo(check_plan):
    code, lines, _ = check_plan(_funnel(first="0.000001", second="0.000001"))
    assert code == 1
    assert lines[0] == (
        "plan/funnel.md:7:38: error: funnel 'funnel' converts less than one in 1,000,000,000 by stage 'won' "
        "(conversions multiply from stage to stage); check the rates: 0.35 and \"35%\" both mean 35% [range]"
    )


def test_the_largest_figures_check_accepts_are_built_and_formatted(tmp_path, run_cli):
    """0.000001 converts (one in a million is allowed) with the smallest deal and the most work:
    leads, hours and capacity run past 10^28, where Babel needs a wider decimal context."""
    files = _funnel(deal="0.000000000001", first="0.000001", second="0.001", per_unit="1000000", minutes="100000")
    write_plan(tmp_path, files)
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert (code, err) == (0, ""), out
    dashboard = (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    assert ">1,000,000,000,000,000,000,000,000,000<" in dashboard  # leads: target ÷ deal ÷ conversions
    goal = json.loads((tmp_path / "public" / "plan.json").read_text(encoding="utf-8"))["goals"][0]
    assert (goal["won"], goal["stages"][0]["required"]) == (10**18, 10**27)


def test_the_formatter_rounds_any_size_of_number():
    from decimal import Decimal

    from sitegen.site.engine.formatter import Formatter

    fmt = Formatter("pl", "PLN")
    shown = fmt.number(Decimal("1" + "0" * 30 + ".5")).replace("\xa0", " ")
    assert shown == "1 000 000 000 000 000 000 000 000 000 000,5"
    assert fmt.money(Decimal(10) ** 40).replace("\xa0", " ") == "10" + " 000" * 13 + " zł"
    assert fmt.integer(10**60).count("000") == 20
    assert fmt.percent(Decimal("1e30")).endswith("%")
    assert fmt.number(float("inf")) == "—"
    from fractions import Fraction

    assert fmt.number(Fraction(1, 3)) == "0,33"  # §7's exact shares format like decimals
    assert fmt.integer(Fraction(10**40, 3)).replace("\xa0", " ").startswith("3 333 333")


def test_a_file_of_20000_campaigns_is_a_big_plan_not_an_alias_bomb(check_plan):
    rows = "".join(
        f"  - {{id: c{i}, name: C {i}, type: sales, plane: sales, start: 2027-01-04, end: 2027-12-31}}\n"
        for i in range(20_000)
    )
    code, lines, _ = check_plan({"campaigns.md": md("title: Campaigns\nkind: campaigns\ncampaigns:\n" + rows)})
    assert not any("[yaml-limit]" in line for line in lines)
    assert code == 0, lines[:3]


def test_100000_list_items_in_one_file_are_read():
    from conftest import analyse_files

    items = "".join(f"    - {{n: {i}}}\n" for i in range(100_000))
    analysis = analyse_files({"data.md": md("title: Data\nextra:\n  rows:\n" + items)})
    assert not analysis.failed(), analysis.diagnostics[:3]
    assert len(analysis.plan.sections[0].data.extra["rows"]) == 100_000


def test_a_small_file_whose_aliases_repeat_a_list_many_times_is_still_refused(check_plan):
    front = "title: A\nextra:\n  a: &a [" + ", ".join(["x"] * 1000) + "]\n  b: [" + ", ".join(["*a"] * 200) + "]\n"
    code, lines, _ = check_plan({"a.md": md(front)})
    assert code == 1
    assert lines[0] == (
        "plan/a.md:5:403: error: aliases ('*a') repeat more than 100,000 values; write the values out [yaml-limit]"
    )


@pytest.mark.parametrize(("written", "month"), [("04", 4), ("09", 9), ("4", 4)])
def test_a_fiscal_year_starting_in_month_04_or_09_starts_then(written, month):
    from conftest import PLAN_YAML, analyse_files

    analysis = analyse_files({}, plan_yaml=PLAN_YAML + f"fiscal_year_start: {written}\n")
    assert not analysis.failed(), [d.line_text() for d in analysis.diagnostics]
    assert analysis.plan.settings.fiscal_year_start == month
