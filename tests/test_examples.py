"""The example plans shipped in the repository check and build with no error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"plan": "en", "examples/pl": "pl", "examples/zh": "zh"}


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
