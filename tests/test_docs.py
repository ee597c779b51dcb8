"""The docs must not fall out of date with the code (Datasette's habit).

Every diagnostic code the code can emit is explained in docs/plan-format.md,
every section kind has its own heading there, and every command and option of
the CLI appears in the README and in the guide's command list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitegen.cli import build_parser
from sitegen.model.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

# (callable name, index of the positional argument holding the code)
_CODE_ARG = {"error": 1, "warning": 1, "fail": 1, "YamlProblem": 2, "PydanticCustomError": 0}
_NOT_FOR_USERS = {"internal"}  # a bug in sitegen itself, shown only by `serve`


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def emitted_codes() -> set[str]:
    codes = set()
    for path in (ROOT / "sitegen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in _CODE_ARG:
                index = _CODE_ARG[_name(node.func)]
                if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    codes.add(node.args[index].value)
    return {c for c in codes if isinstance(c, str) and c.replace("-", "").isalpha()} - _NOT_FOR_USERS


def test_the_scan_finds_the_codes_we_know() -> None:
    assert {"unknown-ref", "capacity", "yaml-tag", "campaign-gap", "type", "range"} <= emitted_codes()


@pytest.mark.parametrize("code", sorted(emitted_codes()))
def test_every_diagnostic_code_is_explained_in_the_guide(code: str) -> None:
    assert f"`{code}`" in GUIDE, f"docs/plan-format.md does not explain [{code}]"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_heading_in_the_guide(kind: str) -> None:
    assert f"### `{kind}`" in GUIDE


def _commands() -> dict[str, list[str]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {
        name: [opt for a in p._actions for opt in a.option_strings if opt.startswith("--") and opt != "--help"]
        for name, p in sub.choices.items()
    }


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_option_is_documented(command: str) -> None:
    for text, where in ((README, "README.md"), (GUIDE, "docs/plan-format.md")):
        lines = [line for line in text.splitlines() if line.startswith(f"sitegen {command}")]
        assert lines, f"{where} does not list `sitegen {command}`"
        for option in _commands()[command]:
            assert any(option in line for line in lines), f"{where}: `sitegen {command}` lacks {option}"
