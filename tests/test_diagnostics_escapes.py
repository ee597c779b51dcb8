"""A plan value can neither rewrite the terminal nor hide text in a diagnostic.

Diagnostics quote what the author wrote. A value holding a terminal escape
sequence (``\\e[2K`` clears the line in a terminal and in a CI log), a
zero-width joiner or a bidi override would be printed raw and act instead of
being seen. Text and GitHub output show such characters as escapes
(``\\x1b``, ``\\u200d``); JSON keeps the exact value, written with JSON's own
``\\uXXXX`` escapes.
"""

from __future__ import annotations

import json
import unicodedata

from conftest import PLAN_YAML, md
from hypothesis import given
from hypothesis import strategies as st
from test_history_fixtures import CAMPAIGNS, make_repo, write

from sitegen.diagnostics import Diagnostic, format_github, format_json, format_text

HOSTILE_KIND = 'kind: "go\\e[2Kals\\u200d"\n'  # YAML escapes: ESC and a zero-width joiner
ACTING = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _acting(text: str) -> list[str]:
    """Characters of printed output that act or hide instead of showing (newlines end lines)."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ACTING]


def test_check_shows_an_escape_sequence_and_a_zero_width_joiner_as_escapes(check_plan):
    code, lines, _ = check_plan({"a.md": md(HOSTILE_KIND)})
    assert code == 1
    assert lines[0].startswith(
        "plan/a.md:2:7: error: unknown kind 'go\\x1b[2Kals\\u200d' (did you mean 'goals'?)"
    )
    assert not _acting("\n".join(lines))


def test_a_bidi_override_cannot_reorder_the_line(check_plan):
    code, lines, _ = check_plan({"a.md": md('kind: "\\u202enosuch"\n')})
    assert code == 1 and "'\\u202enosuch'" in lines[0]
    assert not _acting("\n".join(lines))


def test_github_annotations_show_escapes_and_keep_their_one_line_format(check_plan):
    code, lines, _ = check_plan({"a.md": md(HOSTILE_KIND)}, PLAN_YAML, "--format", "github")
    assert lines[0].startswith("::error file=plan/a.md,line=2,col=7,title=unknown-kind::")
    assert "go\\x1b[2Kals\\u200d" in lines[0]
    assert not _acting("\n".join(lines))


def test_json_keeps_the_exact_value_with_json_escapes(check_plan):
    code, lines, _ = check_plan({"a.md": md(HOSTILE_KIND)}, PLAN_YAML, "--format", "json")
    text = "\n".join(lines)
    assert "\\u001b[2K" in text and "\\u200d" in text
    assert not _acting(text)
    found = [d for d in json.loads(text) if d["path"] == "plan/a.md"]
    assert "go\x1b[2Kals\u200d" in found[0]["message"]


@given(st.text(), st.text())
def test_no_message_or_path_can_act_on_the_terminal(message, path):
    diagnostic = Diagnostic(path or "plan/x.md", 1, 1, "error", "type", message)
    for output in (format_text([diagnostic], 1), format_text([diagnostic], 1, colour=True)):
        assert len(output.splitlines()) == 2
    assert not _acting(format_text([diagnostic], 1))
    assert not _acting(format_github([diagnostic]).rstrip("\n"))
    assert not _acting(format_json([diagnostic]))
    assert json.loads(format_json([diagnostic]))[0]["message"] == diagnostic.message


def test_diff_text_shows_escapes_from_plan_values(tmp_path, run_cli):
    repo = make_repo(tmp_path)
    hostile = CAMPAIGNS.format(start="2027-04-01").replace("Spring push", '"Spring\\e[2K push\\u202e"')
    write(repo, {"campaigns.md": hostile})
    code, out, err = run_cli("diff", "q2", "--plan", "plan", cwd=repo)
    assert code == 0, err
    assert "Spring\\x1b[2K push\\u202e" in out
    assert not _acting(out)


def test_json_escapes_a_delete_character_too():
    diagnostic = Diagnostic("\x7f", 1, 1, "error", "type", "a\x7fb")
    text = format_json([diagnostic])
    assert "\x7f" not in text and "\\u007f" in text
    assert json.loads(text)[0]["path"] == "\x7f"
