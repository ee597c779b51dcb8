"""plan.json (PLAN_FORMAT §6): the computed model, complete, typed, sorted and reproducible.

And the other half of `build`'s promise: a plan with errors writes nothing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, md, write_plan
from hypothesis import given, settings
from hypothesis import strategies as st

MINI = FIXTURES / "mini"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = (int, float)


def build(run_cli, plan: Path, out: Path) -> dict:
    code, stdout, stderr = run_cli("build", "--plan", plan, "--out", out)
    assert code == 0, stdout + stderr
    return json.loads((out / "plan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini_json(tmp_path_factory) -> tuple[dict, bytes]:
    from conftest import run_cli

    out = tmp_path_factory.mktemp("site") / "public"
    data = build(run_cli, MINI, out)
    return data, (out / "plan.json").read_bytes()


def test_plan_json_has_the_contract_keys_with_their_types(mini_json):
    data, _ = mini_json
    assert (data["title"], data["currency"], data["language"]) == ("Mini Co — Sales Plan 2027", "USD", "en")
    assert data["period"] == {"start": "2027-01-01", "end": "2027-12-31"}
    assert data["goals"] and data["campaigns"]
    for goal in data["goals"]:
        assert isinstance(goal["id"], str) and isinstance(goal["metric"], str) and isinstance(goal["period"], str)
        assert isinstance(goal["target"], NUMBER) and isinstance(goal["working_days"], int)
        assert goal["won"] is None or isinstance(goal["won"], int)
        assert goal["attainment"] is None or isinstance(goal["attainment"], NUMBER)
        for stage in goal["stages"]:
            assert isinstance(stage["id"], str) and isinstance(stage["required"], int)
        for act in goal["activities"]:
            assert isinstance(act["name"], str) and isinstance(act["count"], int)
            assert isinstance(act["hours"], NUMBER) and isinstance(act["per_day"], NUMBER)
            assert act["per_rep_per_day"] is None or isinstance(act["per_rep_per_day"], NUMBER)
    for campaign in data["campaigns"]:
        assert isinstance(campaign["id"], str) and isinstance(campaign["plane"], str)
        assert DATE.match(campaign["start"]) and DATE.match(campaign["end"])
        assert campaign["budget"] is None or isinstance(campaign["budget"], NUMBER)
    assert data["diagnostics"] == []


def test_plan_json_figures_match_the_hand_computation(mini_json):
    data, _ = mini_json
    goals = {g["id"]: g for g in data["goals"]}
    rev = goals["revenue-2027"]
    # 2027 has 261 weekdays; 1 Jan (Fri) is a holiday, 25 Dec is a Saturday → 260 working days
    # won = ceil(1,200,000 / 10,000) = 120; proposal ceil(120/0.3) = 400; meeting 800; lead 4,000
    assert (rev["target"], rev["working_days"], rev["won"]) == (1200000, 260, 120)
    assert [(s["id"], s["required"]) for s in rev["stages"]] == [("lead", 4000), ("meeting", 800), ("proposal", 400)]
    call = rev["activities"][0]
    # Call: 2 per lead × 4,000 = 8,000; 8,000 × 10 min / 60 = 1,333.333333 h;
    # per day 8,000 / 260 = 30.769231; per SDR (2 heads) 15.384615
    assert call == {**call, "name": "Call", "count": 8000, "hours": 1333.333333, "per_day": 30.769231, "per_rep_per_day": 15.384615}
    # attainment: the CSV's latest row (31 March) 310,000 / 1,200,000 = 0.258333
    assert rev["attainment"] == 0.258333
    assert goals["revenue-q1"]["attainment"] == 0.5  # inline actual 150,000 / 300,000
    # profit 48,000 / (12,000 × 40%) = 10 deals
    assert goals["profit-2027"]["won"] == 10


def test_plan_json_keys_are_sorted_and_numbers_are_json_numbers(mini_json):
    data, raw = mini_json
    text = raw.decode("utf-8")
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert '"target": 1200000' in text  # not "1200000" nor 1200000.0
    assert not re.search(r'"(target|count|hours|per_day|required|budget|won)": "', text)


def test_two_builds_are_byte_identical(tmp_path, run_cli, mini_json):
    _, first = mini_json
    build(run_cli, MINI, tmp_path / "again")
    assert (tmp_path / "again" / "plan.json").read_bytes() == first


def test_plan_json_lists_the_warnings(tmp_path, run_cli):
    budget = md("title: Budget\nkind: budget\ntotal: 100\nlines:\n  - {name: Fair, amount: 150}\n")
    write_plan(tmp_path, {"budget.md": budget})
    code, stdout, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, stdout + stderr
    data = json.loads((tmp_path / "public" / "plan.json").read_text(encoding="utf-8"))
    assert data["diagnostics"] == [
        {
            "path": "plan/budget.md",
            "line": 4,
            "column": 8,
            "severity": "warning",
            "code": "budget-overspend",
            "message": "planned spending 150 (lines 150 + campaigns 0) exceeds the total budget 100 by 50",
        }
    ]


def test_a_plan_with_errors_writes_nothing_and_keeps_the_old_site(tmp_path, run_cli):
    plan = tmp_path / "plan"
    shutil.copytree(MINI, plan)
    out = tmp_path / "public"
    build(run_cli, plan, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    goals = plan / "sales" / "goals.md"
    goals.write_text(goals.read_text(encoding="utf-8").replace("target: 48000", "tagret: 48000"), encoding="utf-8")
    code, stdout, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 1
    assert "plan/sales/goals.md:17:5: error: unknown field 'tagret' (did you mean 'target'?) [unknown-field]" in stderr
    assert "Traceback" not in stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_a_plan_with_errors_creates_no_output_folder(tmp_path, run_cli):
    write_plan(tmp_path, {"a.md": md("title: A\nkind: nope\n")})
    code, _, _ = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 1
    assert not (tmp_path / "public").exists()


def test_build_strict_refuses_a_plan_with_warnings(tmp_path, run_cli):
    budget = md("title: Budget\nkind: budget\ntotal: 100\nlines:\n  - {name: Fair, amount: 150}\n")
    write_plan(tmp_path, {"budget.md": budget})
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", "--strict", cwd=tmp_path)
    assert code == 1
    assert "plan/budget.md:4:8: warning: planned spending 150" in stderr
    assert not (tmp_path / "public").exists()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.integers(0, 3), st.booleans())
def test_a_piece_nested_deeper_reads_as_json_dumps_of_the_whole(value, depth, in_list):
    """`serve` joins plan.json from kept pieces (`planjson._joined`), each indented once and
    nested deeper by two spaces after each of its newlines (a JSON string holds no raw
    newline): for any JSON value at any depth, in an object or a list, that is the text
    `json.dumps(indent=2)` gives of the whole."""
    from sitegen.site.pages.planjson import indented

    whole, piece = value, indented(value)
    for _ in range(depth):
        whole = [whole] if in_list else {"k": whole}
        inner = piece.replace("\n", "\n  ")
        piece = f"[\n  {inner}\n]" if in_list else f'{{\n  "k": {inner}\n}}'
    assert piece == json.dumps(whole, ensure_ascii=False, indent=2, sort_keys=True)
