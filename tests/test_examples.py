"""The example plans shipped in the repository check and build with no error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"plan": "en", "examples/pl": "pl", "examples/zh": "zh", "examples/fiscal": "en"}


@pytest.mark.parametrize("folder", sorted(EXAMPLES))
def test_example_plan_builds_with_no_error(tmp_path, capsys, folder):
    out = tmp_path / "public"
    assert main(["check", "--plan", str(ROOT / folder)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 errors")

    assert main(["build", "--plan", str(ROOT / folder), "--out", str(out)]) == 0
    model = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert model["language"] == EXAMPLES[folder]
    assert not [d for d in model["diagnostics"] if d["severity"] == "error"]
    assert model["goals"] and model["campaigns"]


def test_the_crm_exports_build_as_the_docs_say(tmp_path, capsys):
    """examples/crm: a HubSpot export, a US Salesforce export and a German Excel one (BOM, `;`,
    decimal commas, day-first dates), each mapped with `columns:` (docs/actuals.md)."""
    out = tmp_path / "public"
    assert main(["build", "--plan", str(ROOT / "examples" / "crm"), "--out", str(out)]) == 0
    model = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    goals = {g["id"]: g for g in model["goals"]}
    assert goals["mid-market-q1"]["actual"] == 108250.5  # 42.000,00 + 27.350,50 + 38.900,00
    assert goals["mid-market-q1"]["status"] == "missed"
    assert goals["mid-market-q2"]["actual"] == 95000.5  # four HubSpot deals, 19500.50 among them
    assert goals["mid-market-q2"]["status"] == "on-track"
    # docs/actuals.md's worked example, figure by figure: expected $73,846, pace 129 %, forecast $192,970
    q2 = goals["mid-market-q2"]
    assert (round(q2["expected"]), round(q2["pace"], 2), round(q2["forecast"])) == (73846, 1.29, 192970)
    assert goals["smb-2027"]["actual"] == 45350  # "12,400.00" + … from the US export, dates 2/11/2027 …
    assert goals["smb-2027"]["status"] == "off-track"
    meetings = goals["mid-market-q2"]["stage_actuals"][0]
    assert (meetings["actual"], meetings["conversion"], meetings["actual_conversion"]) == (21, 0.5, 0.285714)
    assert not [d for d in model["diagnostics"] if d["severity"] == "error" or d["code"] == "actual-date"]


def test_the_fiscal_year_example_plans_april_to_march_in_englands_working_days(tmp_path, capsys):
    """examples/fiscal (#17): FY2028 from April, England's bank holidays and a Christmas closure,
    stage days with an opening pipeline, a leaver, a ramped hire and a year-end push."""
    out = tmp_path / "public"
    assert main(["build", "--plan", str(ROOT / "examples" / "fiscal"), "--out", str(out)]) == 0
    model = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    goals = {g["id"]: g for g in model["goals"]}
    assert (goals["revenue-fy2028-q1"]["period_start"], goals["revenue-fy2028-q1"]["period_end"]) == ("2027-04-01", "2027-06-30")
    assert goals["revenue-fy2028-q1"]["parent"] == "revenue-fy2028" and model["totals"] == {"targets": {"revenue": 1440000}}
    assert "2027-08-30" in model["holidays"] and "2027-12-30" in model["holidays"]  # GB-ENG's August bank holiday; closed
    assert goals["revenue-fy2028-q1"]["opening_pipeline"]  # 65 days of cycle reach before 1 April
    assert (goals["revenue-fy2028"]["status"], goals["revenue-fy2028-q1"]["status"]) == ("at-risk", "missed")
    (capacity,) = [d for d in model["diagnostics"] if d["severity"] == "warning"]
    assert capacity["code"] == "capacity" and "2028-01" in capacity["message"]  # the work for March's deals
    assert (out / "review-fy2028-q1.html").is_file()

