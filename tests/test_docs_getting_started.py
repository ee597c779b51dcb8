"""The getting-started guide shows what a new user really sees (Datasette's habit).

The story: a head of sales follows docs/getting-started.md literally — init,
check, serve, build, tag, diff — in an empty folder. Each command here is the
one the guide shows, run for real in tmp_path, and its output is compared
with the guide's code block. `...` in a block stands for lines left out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
FORMAT = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
NEXT_YEAR = str(dt.date.today().year + 1)  # init's default year; the guide is written for 2027
GIT = ("git", "-c", "user.name=Maria Chen", "-c", "user.email=maria@example.com", "-c", "commit.gpgsign=false")


def block_after(text: str, marker: str) -> list[str]:
    """The lines of the first plain code block after `marker` (dedented: blocks may sit in a list)."""
    start = text.index(marker) + len(marker)
    found = re.compile(r"^( *)```\n(.*?)^\1```", re.S | re.M).search(text, start)
    assert found, f"no code block after {marker!r}"
    return textwrap.dedent(found[2]).splitlines()


def assert_shows(shown: list[str], output: str) -> None:
    """The guide's lines are the output's: the first run at the top, each run after `...` in order."""
    lines = output.splitlines()
    runs, run = [], []
    for line in shown:
        if line.strip() == "...":
            runs.append(run)
            run = []
        else:
            run.append(line)
    runs.append(run)
    assert lines[: len(runs[0])] == runs[0], output
    at = len(runs[0])
    for run in runs[1:]:
        if not run:
            continue
        while at < len(lines) and lines[at : at + len(run)] != run:
            at += 1
        assert at < len(lines), f"the guide shows {run!r}; sitegen prints:\n{output}"
        at += len(run)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def test_init_prints_what_the_guide_shows(tmp_path: Path, run_cli) -> None:
    code, out, err = run_cli("init", "plan", "--language", "en", cwd=tmp_path)
    assert code == 0, err
    assert_shows(block_after(GUIDE, "tells you what it wrote:"), out.replace(NEXT_YEAR, "2027"))


def test_a_new_plan_checks_with_the_line_the_guide_shows(tmp_path: Path, run_cli) -> None:
    run_cli("init", "plan", "--language", "en", cwd=tmp_path)
    code, out, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 0
    assert_shows(block_after(GUIDE, "When everything is fine, you see one line:"), out)


@pytest.mark.parametrize(("language", "folder", "goals", "results"), [
    ("en", "plan", "04-goals.md", "results.csv"),
    ("pl", "plan", "04-cele.md", "wyniki.csv"),
    ("zh", "计划", "04-销售目标.md", "实际业绩.csv"),
])
def test_the_skeletons_have_the_files_the_guide_names(tmp_path: Path, run_cli, language, folder, goals, results) -> None:
    assert f"sitegen init {folder} --language {language}" in GUIDE
    assert f"`{goals}`" in GUIDE and f"`{results}`" in GUIDE
    code, _, err = run_cli("init", folder, "--language", language, cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / folder / goals).is_file() and (tmp_path / folder / results).is_file()


def test_pages_are_where_the_guides_say(tmp_path: Path, run_cli) -> None:
    """A page is at its file's path, or at its id: the skeleton's funnel sets `id: new-business`."""
    run_cli("init", "plan", "--language", "en", cwd=tmp_path)
    code, _, err = run_cli("build", "--plan", "plan", cwd=tmp_path)
    assert code == 0, err
    assert "`public/04-goals.html`" in GUIDE and "`public/new-business.html`" in GUIDE
    assert (tmp_path / "public" / "04-goals.html").is_file()
    assert (tmp_path / "public" / "new-business.html").is_file()
    assert "id: new-business" in (tmp_path / "plan" / "07-calculations.md").read_text(encoding="utf-8")
    assert "`execution/funnels/enterprise.md` with\n`id: enterprise-sales`" in FORMAT
    assert "is the page `enterprise-sales.html`" in FORMAT
    code, _, err = run_cli("build", "--plan", str(ROOT / "plan"), "--out", "example", cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / "example" / "enterprise-sales.html").is_file()


def test_the_quarterly_diff_is_what_the_guide_shows(tmp_path: Path, run_cli) -> None:
    _git(tmp_path, "init", "-q")
    run_cli("init", "plan", "--language", "en", cwd=tmp_path)
    _git(tmp_path, "add", "plan")
    _git(tmp_path, "commit", "-qm", "Start the sales plan from the sitegen skeleton")
    _git(tmp_path, "tag", "plan-2027-q1")
    goals = tmp_path / "plan" / "04-goals.md"
    text = goals.read_text(encoding="utf-8")
    assert text.count("target: 1200000\n") == 1 and text.count("target: 360000\n") == 1
    goals.write_text(text.replace("target: 1200000\n", "target: 1320000\n").replace(
        "target: 360000\n", "target: 480000\n"), encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "Raise the Q4 target after the new distributor deal")
    _git(tmp_path, "tag", "plan-2027-q2")
    code, out, err = run_cli("diff", "plan-2027-q1", "plan-2027-q2", cwd=tmp_path)
    assert code == 0, err
    assert_shows(block_after(GUIDE, "sitegen diff plan-2027-q1 plan-2027-q2\n   ```\n"), out)


def test_serve_on_a_taken_port_says_what_the_guide_shows(tmp_path: Path, run_cli) -> None:
    run_cli("init", "plan", "--language", "en", cwd=tmp_path)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--plan", "plan", "--port", str(port), "--out", "site"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Serving plan"):
                break
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
        taken.close()
    shown = block_after(GUIDE, "the next free\none is used and the terminal says which:")
    moved = int(re.search(r"using (\d+) instead", "\n".join(lines))[1])
    expected = [line.replace("8000", str(port)).replace("8001", str(moved)).replace("2027", NEXT_YEAR) for line in shown]
    assert lines[-2:] == expected


def test_output_cut_short_by_a_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    """`sitegen init plan | head -1`: the reader leaves early; the plan is still written, no traceback."""
    head = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    init = subprocess.run([sys.executable, "-m", "sitegen", "init", "计划", "--language", "zh"], cwd=tmp_path,
                          stdout=head.stdin, stderr=subprocess.PIPE, text=True)
    head.stdin.close()
    assert head.stdout.read().startswith("已在 计划/ 中创建")  # init speaks the plan's language
    head.wait()
    assert "Traceback" not in init.stderr
    assert (tmp_path / "计划" / "plan.yaml").is_file()
