"""Shared helpers for the plan tests: write a small plan, run the command line.

Fixtures:
  write_plan  write_plan(root, files, plan_yaml=PLAN_YAML) -> Path of the plan folder
              (``root/plan``); ``files`` maps paths under the plan folder to text or
              bytes; plan.yaml is written unless ``plan_yaml`` is None or ``files``
              holds its own "plan.yaml".
  chart_figure (a function) chart_figure(html, chart_id) -> the chart's Plotly figure dict.
  run_cli     run_cli(*args, cwd=path) -> (exit_code, stdout, stderr), in-process
              (``sitegen.cli.main``) for speed; usage errors give exit 2.
  run_module  the same through ``python -m sitegen`` in a subprocess: the real program,
              for tests about tracebacks, environment variables and the entry point.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

PLAN_YAML = """\
title: Test plan
currency: USD
period:
  start: 2027-01-01
  end: 2027-12-31
"""

Result = tuple[int, str, str]


def md(front: str, body: str = "Text.\n") -> str:
    """A section file: front matter lines (starting on line 2) between two '---' lines."""
    return f"---\n{front}---\n{body}"


def chart_figure(html: str, chart_id: str) -> dict:
    """The Plotly figure (`{"data", "layout"}`) of the chart `chart_id` on a built page."""
    import json
    import re

    start = html.index(f'id="{chart_id}"')
    found = re.compile(r'<script type="application/json" class="sg-chart-figure"[^>]*>(.*?)</script>', re.S).search(html, start)
    assert found, f"no figure for #{chart_id}"
    return json.loads(found.group(1))


def analyse_files(files: Mapping[str, str | bytes], plan_yaml: str | None = PLAN_YAML):
    """The whole pipeline in memory (no disk): ``files`` as in ``write_plan``; paths read ``plan/...``."""
    from sitegen.load import PlanSources
    from sitegen.pipeline import analyse

    data = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}
    if plan_yaml is not None:
        data.setdefault("plan.yaml", plan_yaml.encode("utf-8"))
    return analyse(PlanSources(files=data, display_root="plan"))


def site_files(analysis, compare_to: str | None = None) -> dict[str, bytes]:
    """Every file `sitegen build` writes for ``analysis`` (git read as the command reads it), by path."""
    from sitegen.git_inputs import site_inputs
    from sitegen.site.build import build_site

    return {o.path: o.content for o in build_site(analysis, *site_inputs(analysis, compare_to))}


def write_plan(
    root: Path, files: Mapping[str, str | bytes] | None = None, plan_yaml: str | None = PLAN_YAML
) -> Path:
    """Write ``root/plan`` with plan.yaml and the given sections; return the plan folder."""
    plan = root / "plan"
    plan.mkdir(parents=True, exist_ok=True)
    files = dict(files or {})
    if plan_yaml is not None and "plan.yaml" not in files:
        files["plan.yaml"] = plan_yaml
    for rel, content in files.items():
        path = plan / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return plan


def run_cli(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Result:
    """``sitegen ARGS`` in this process, from ``cwd``; returns (exit code, stdout, stderr)."""
    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_cwd = Path.cwd()
    old_env = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(old_cwd)
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return code, out.getvalue(), err.getvalue()


def run_module(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Result:
    """``python -m sitegen ARGS`` in a subprocess (GITHUB_ACTIONS cleared unless given)."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(name="write_plan")
def _write_plan_fixture() -> Callable[..., Path]:
    return write_plan


@pytest.fixture(name="run_cli")
def _run_cli_fixture(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return run_cli


@pytest.fixture(name="run_module")
def _run_module_fixture() -> Callable[..., Result]:
    return run_module


@pytest.fixture
def check_plan(tmp_path: Path, run_cli: Callable[..., Result]) -> Callable[..., tuple[int, list[str], str]]:
    """check_plan(files, plan_yaml=PLAN_YAML, *options) -> (exit code, output lines, stderr).

    Writes ``tmp_path/plan`` and runs ``sitegen check --plan plan`` from ``tmp_path``,
    so diagnostics read ``plan/<file>:line:col: ...``.
    """

    def check(files: Mapping[str, str | bytes], plan_yaml: str | None = PLAN_YAML, *options: str):
        write_plan(tmp_path, files, plan_yaml)
        code, out, err = run_cli("check", "--plan", "plan", *options, cwd=tmp_path)
        assert "Traceback" not in err and "Traceback" not in out
        return code, out.splitlines(), err

    return check
