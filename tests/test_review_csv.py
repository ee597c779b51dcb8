"""A CRM export read as it is: its headers mapped with `columns:`, a BOM, `;` separators,
decimal commas and its date format — or a located `csv` error naming the row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import analyse_files, md
from hypothesis import given
from hypothesis import strategies as st

from sitegen.validate.csv_values import parse_amount

GOALS = md("title: Goals\nkind: goals\ngoals:\n  - {id: mm-q2, metric: revenue, target: 300000, period: 2027-Q2}\n")
FUNNEL = md("title: Funnel\nkind: funnel\ndeal_size: 10000\nstages:\n  - {id: offers, name: Offers, conversion: 50%}\n")
MAPPED = 'columns: {goal: "Plan Goal", value: "Amount", as_of: "Close Date"}\n'


def read(csv: str | bytes, extra: str = MAPPED):
    section = md(f"title: Deals\nkind: actuals\nsource: deals.csv\naggregate: sum\n{extra}")
    return analyse_files({"g.md": GOALS, "f.md": FUNNEL, "a.md": section, "deals.csv": csv})


def actual(csv: str | bytes, extra: str = MAPPED):
    analysis = read(csv, extra)
    assert [d.line_text() for d in analysis.diagnostics if d.severity == "error"] == []
    return analysis.computed.goals[0].actual


def errors(csv: str | bytes, extra: str = MAPPED) -> list[str]:
    return [d.line_text() for d in read(csv, extra).diagnostics if d.severity == "error"]


def test_a_hubspot_export_keeps_its_headers_and_extra_columns() -> None:
    csv = ("Record ID,Deal Name,Plan Goal,Amount,Close Date,Deal Stage\n"
           "101,Acme,mm-q2,12500,2027-04-14 09:32,Closed won\n"
           "102,Globex,mm-q2,7500.50,2027-05-02 16:05,Closed won\n")
    assert actual(csv) == 20000.50


def test_a_european_excel_export_with_bom_semicolons_and_decimal_commas() -> None:
    csv = "\ufeffPlan Goal;Amount;Close Date\r\nmm-q2;12.500,00;14.04.2027\r\nmm-q2;7 500,50;02.05.2027\r\n"
    assert actual(csv.encode("utf-8")) == 20000.50


def test_us_dates_need_the_date_format_said() -> None:
    csv = "Plan Goal,Amount,Close Date\nmm-q2,\"12,500.00\",4/12/2027\n"
    assert errors(csv) == [
        "plan/deals.csv:2:19: error: row 1, column 'Close Date': '4/12/2027' could be month/day or day/month; "
        "set `date_format: \"%m/%d/%Y\"` (US) or `date_format: \"%d/%m/%Y\"` in the section [csv]"]
    assert actual(csv, MAPPED + 'date_format: "%m/%d/%Y"\n') == 12500


@pytest.mark.parametrize(("cell", "says"), [
    ("4/14/2027", "is written month/day (US); set `date_format: \"%m/%d/%Y\"`"),
    ("14/04/2027", "is written day/month; set `date_format: \"%d/%m/%Y\"`"),
])
def test_a_slashed_date_that_can_only_be_one_order_says_which(cell: str, says: str) -> None:
    # still refused (the next row may be 4/5), but the fix named is the one that reads this cell
    (message,) = errors(f"Plan Goal,Amount,Close Date\nmm-q2,1,{cell}\n")
    assert f"'{cell}' {says} in the section [csv]" in message


def test_a_decimal_comma_in_a_comma_separated_file_is_refused_not_misread() -> None:
    csv = 'Plan Goal,Amount,Close Date\nmm-q2,"12,5",2027-04-14\n'
    assert errors(csv) == [
        "plan/deals.csv:2:7: error: row 1, column 'Amount': '12,5' is not a number with decimal mark '.' "
        "(thousands must come in groups of 3); if this file writes decimal commas, set `decimal: \",\"` in the section [csv]"]
    assert actual(csv, MAPPED + 'decimal: ","\n') == 12.5


def test_a_funnel_report_maps_its_stage_and_activity_columns_too() -> None:
    # a CRM funnel report: entries into a stage and an activity's count, next to the goal value
    funnel = FUNNEL.replace("conversion: 50%}\n", "conversion: 50%}\nactivities:\n  - {name: Call, stage: offers, per_unit: 2}\n")
    csv = ("Goal;Stage;Activity;Count;Date\n"
           "mm-q2;;;12.500,00;14.05.2027\nmm-q2;offers;;4;14.05.2027\nmm-q2;;Call;9;14.05.2027\n")
    section = md('title: Report\nkind: actuals\nsource: report.csv\n'
                 'columns: {goal: Goal, stage: Stage, activity: Activity, value: Count, as_of: Date}\n')
    analysis = analyse_files({"g.md": GOALS, "f.md": funnel, "a.md": section, "report.csv": csv})
    assert [d.line_text() for d in analysis.diagnostics] == []
    (goal,) = analysis.computed.goals
    assert goal.actual == 12500  # only the row without a stage or an activity counts for attainment
    assert [(s.stage, s.actual) for s in goal.stage_actuals] == [("offers", 4)]
    assert [(a.name, a.actual) for a in goal.activity_actuals] == [("Call", 9)]


def test_a_mapped_header_missing_from_the_file_names_the_closest() -> None:
    csv = "Plan Goal,Amount,Closed Date\nmm-q2,1,2027-04-14\n"
    assert errors(csv) == [
        "plan/deals.csv:1:1: error: column 'Close Date' (columns.as_of) is not in the header (did you mean "
        "'Closed Date'?); headers: Plan Goal, Amount, Closed Date [csv]"]


def test_without_columns_an_unknown_header_is_an_error_with_a_hint() -> None:
    assert errors("goal,amount,as_of\nmm-q2,1,2027-04-14\n", "") == [
        "plan/deals.csv:1:1: error: the first line must be the header 'goal,value,as_of' (optionally 'stage' or "
        "'activity'), got 'goal,amount,as_of' ('amount' is not one of them); a CRM export can keep its own headers: "
        "map them with `columns:` in the section [csv]"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("mm-q2,100,2027-02-30", "plan/deals.csv:2:11: error: row 1, column 'Close Date': '2027-02-30' is not a date "
         "in the calendar (day is out of range for month) [csv]"),
        ("mm-q2,-100,2027-04-14", "plan/deals.csv:2:7: error: row 1, column 'Amount': the value must be at least 0, "
         "got -100 [csv]"),
        ("mm-q2,(100),2027-04-14", "plan/deals.csv:2:7: error: row 1, column 'Amount': the value must be at least 0, "
         "got -100 [csv]"),
        ("mm-q2,,2027-04-14", "plan/deals.csv:2:7: error: row 1, column 'Amount': is empty; write a number [csv]"),
        ("mm-q2,100", "plan/deals.csv:2:1: error: row 1, column 'Close Date': missing (the row has 2 values, the "
         "header 3 or more) [csv]"),
        ("mm q2,100,2027-04-14", "plan/deals.csv:2:1: error: row 1, column 'Plan Goal': 'mm q2' is not a valid id; "
         "use letters, digits, '-' and '_' [csv]"),
    ],
)
def test_a_bad_cell_is_located_and_named(row: str, message: str) -> None:
    assert errors(f"Plan Goal,Amount,Close Date\n{row}\n") == [message]


def test_an_unknown_goal_in_a_mapped_export_is_located_to_its_row() -> None:
    assert errors("Plan Goal,Amount,Close Date\nmm-q2,1,2027-04-14\nmm-q3,1,2027-04-14\n") == [
        "plan/deals.csv:3:1: error: unknown goal 'mm-q3' (did you mean 'mm-q2'?) [unknown-ref]"]


def test_a_mapping_without_a_goal_column_says_what_to_add() -> None:
    assert errors("Amount,Close Date\n1,2027-04-14\n", 'columns: {value: "Amount", as_of: "Close Date"}\n') == [
        "plan/deals.csv:1:1: error: no column for 'goal': add `goal: \"<header>\"` under `columns:` "
        "(headers: Amount, Close Date) [csv]"]


def test_csv_settings_without_a_csv_are_an_error() -> None:
    section = md('title: Deals\nkind: actuals\ncolumns: {goal: "Plan Goal"}\nactuals:\n  - {goal: mm-q2, value: 1, as_of: 2027-04-14}\n')
    analysis = analyse_files({"g.md": GOALS, "f.md": FUNNEL, "a.md": section})
    assert [d.line_text() for d in analysis.diagnostics] == [
        "plan/a.md:2:1: error: 'columns' says how to read a CSV file; name the file with 'source:' [range]"]


@given(st.decimals(min_value=0, max_value=10**12, places=2), st.sampled_from([".", ","]), st.booleans())
def test_an_amount_written_with_grouping_reads_back_exactly(amount: Decimal, decimal: str, grouped: bool) -> None:
    group = "," if decimal == "." else "."
    whole, _, cents = f"{amount:.2f}".partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", group)
    assert parse_amount(f"{whole}{decimal}{cents}", decimal) == amount


def test_an_actual_dated_after_the_review_is_located_at_its_date_cell(tmp_path, run_cli) -> None:
    # the warning points at the date the user has to look at, as the `csv` errors point at their cell
    from conftest import PLAN_YAML, write_plan

    section = md(f"title: Deals\nkind: actuals\nsource: deals.csv\naggregate: sum\n{MAPPED}")
    csv = "Plan Goal,Amount,Close Date\nmm-q2,12500,2027-04-14\nmm-q2,7500,2027-06-10\n"
    write_plan(tmp_path, {"g.md": GOALS, "f.md": FUNNEL, "a.md": section, "deals.csv": csv},
               PLAN_YAML + "review:\n  as_of: 2027-05-31\n")
    code, out, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 0, out
    assert [line for line in out.splitlines() if "[actual-date]" in line] == [
        "plan/deals.csv:3:12: warning: actual for goal 'mm-q2' is dated 2027-06-10, after the review date 2027-05-31 "
        "(review.as_of in plan.yaml); not counted [actual-date]"]


def test_an_unknown_stage_in_a_row_is_located_at_its_stage_cell() -> None:
    csv = "goal,value,as_of,stage\nmm-q2,3,2027-04-14,ofers\n"
    analysis = read(csv, "")
    assert [d.line_text() for d in analysis.diagnostics if d.code == "unknown-ref"] == [
        "plan/deals.csv:2:20: error: funnel 'f' of goal 'mm-q2' has no stage 'ofers' (did you mean 'offers'?) [unknown-ref]"]
