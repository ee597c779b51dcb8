"""What Jinja's sandbox costs a build: the same prose corpus built by two sitegen trees.

Generates the 1,000-page prose corpus of `benchmarks/run.py` (`generate_prose`),
exports sitegen as it was at ``--before`` (a git revision without the sandbox)
next to the working tree, and builds the corpus with each in turn
(before, after, before, …; `--repeat` times each, after one warm-up run each,
so both have their compiled templates cached). Each run is the real command
line, ``python -m sitegen build``, run from the chosen tree (`_FROM_TREE`), with
``SITEGEN_JOBS=1``: every page is rendered in the measured process, so its CPU
time holds all the template work (worker processes that the build does not
wait for would not be counted). Reported: wall time and CPU time (user +
system), median and min–max; CPU time is the steadier figure on a machine
shared with other work.

Run: ``.venv/bin/python benchmarks/sandbox_bench.py --before REV [--pages 1000] [--repeat 5] [--no-readme]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_prose  # noqa: E402
from benchmarks.history_bench import write_readme  # noqa: E402

BEGIN, END = "<!-- sandbox-bench -->", "<!-- /sandbox-bench -->"


def export(rev: str, dest: Path) -> Path:
    """The sitegen package as it was at ``rev`` (git archive: no checkout, no worktree)."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


# `python -m sitegen` from TREE: an editable install's import hook would win over
# PYTHONPATH, so it is taken out and TREE put first on the path.
_FROM_TREE = (
    "import runpy, sys; tree = sys.argv.pop(1); "
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in getattr(f, '__module__', '')]; "
    "sys.path.insert(0, tree); runpy.run_module('sitegen', run_name='__main__', alter_sys=True)"
)


def timed_run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of ``cmd``; CPU is user + system of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build_once(tree: Path, plan: Path, out: Path, jobs: str | None = "1") -> tuple[float, float]:
    """(wall, cpu) seconds of one cold ``sitegen build`` run from ``tree`` (`jobs`: SITEGEN_JOBS,
    None: as many worker processes as sitegen chooses; their CPU time is counted too)."""
    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    env = {key: value for key, value in os.environ.items() if key != "SITEGEN_JOBS"}
    if jobs:
        env["SITEGEN_JOBS"] = jobs
    return timed_run([sys.executable, "-c", _FROM_TREE, str(tree), "build", "--plan", str(plan), "--out", str(out)],
                     env=env)


def median_range(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision of sitegen without the sandbox")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-sandbox-bench-") as tmp:
        work = Path(tmp)
        plan = generate_prose(work / "corpus", args.pages).plan
        (work / "before").mkdir()
        trees = {"before (no sandbox)": export(args.before, work / "before"), "after (sandboxed)": ROOT}
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for tree in trees.values():
            build_once(tree, plan, work / "out")  # warm-up: bytecode caches, OS file cache
        for _ in range(args.repeat):
            for name, tree in trees.items():
                results[name].append(build_once(tree, plan, work / "out"))
                print(f"  {name}: {results[name][-1][0]:.2f} s wall, {results[name][-1][1]:.2f} s CPU", flush=True)
    rows = [f"| {name} | {median_range([w for w, _ in runs])} | {median_range([c for _, c in runs])} |"
            for name, runs in results.items()]
    cpu = [[c for _, c in runs] for runs in results.values()]
    change = statistics.median(cpu[1]) / statistics.median(cpu[0]) - 1
    spread = max(max(c) - min(c) for c in cpu) / statistics.median(cpu[0])
    verdict = (f"Sandboxed: {change:+.1%} CPU (median), against a run-to-run spread of {spread:.0%}: "
               + ("within the noise." if abs(change) < spread else "more than the noise."))
    table = "\n".join([
        BEGIN, "## Jinja's sandbox (`benchmarks/sandbox_bench.py`)", "",
        f"{args.pages} prose pages (`generate_prose`), cold `sitegen build` with `SITEGEN_JOBS=1`, "
        f"{args.repeat} runs each, interleaved; "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores.",
        "", "| sitegen | wall, median (min–max) | CPU, median (min–max) |", "|---|---:|---:|", *rows, "", verdict, END, "",
    ])
    print(table)
    if not args.no_readme:
        write_readme(table, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
