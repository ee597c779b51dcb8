"""The prose build's wall time on a quiet machine, estimated from CPU times on a busy one.

    .venv/bin/python benchmarks/prose_path.py --before REV [--pages 1000] [--repeat 5]

A cold `sitegen build` of the prose corpus (`generate_prose`) is one process
that imports, reads and checks the plan, forks page workers, waits for them and
writes the last files (the search index, the board pack). On the 2-core machine
the workers run side by side, so the build's wall time on a quiet machine is
about the parent's own CPU time (everything before the fork and after the last
page, which nothing overlaps) plus half the workers' CPU time. On a loaded
machine wall times follow the load of the moment (see "Third look" in
benchmarks/README.md), but these CPU times do not: this runs sitegen as it was
at ``--before`` and the working tree in turns (one warm-up round first), each
build the real command line in a fresh interpreter that reports its own CPU
time and its children's at the end, and prints medians (min–max) of: the
parent's CPU, the part of it spent before the page workers fork (imports, reading,
checking and computing the plan), the workers' CPU, the process tree's CPU and the
estimate ``parent + workers / 2``. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_prose  # noqa: E402
from benchmarks.sandbox_bench import export, median_range  # noqa: E402

# `sitegen build` from TREE (the editable install's import hook taken out, as in
# sandbox_bench), then the CPU times of this process, of this process when it first
# forked (the page workers; `subprocess` runs git without these hooks) and of its
# reaped children as one JSON line on stderr; `cli.main` returns instead of
# leaving through `os._exit` like `python -m sitegen` does.
_DRIVER = (
    "import json, os, resource, sys, time; tree = sys.argv.pop(1); forked = []; "
    "os.register_at_fork(before=lambda: forked or forked.append(time.process_time())); "
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in getattr(f, '__module__', '')]; "
    "sys.path.insert(0, tree); from sitegen.cli import main; code = main(sys.argv[1:]); sys.stdout.flush(); "
    "cpu = lambda who: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(who)); "
    "print(json.dumps([cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN), (forked or [None])[0]]), file=sys.stderr); "
    "sys.stderr.flush(); os._exit(code)"
)


def build_once(tree: Path, plan: Path, out: Path) -> tuple[float, float, float]:
    """(parent CPU, workers' CPU, parent CPU before the workers forked) seconds of one cold
    build run from `tree`."""
    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    env = {key: value for key, value in os.environ.items() if key != "SITEGEN_JOBS"}
    done = subprocess.run([sys.executable, "-c", _DRIVER, str(tree), "build", "--plan", str(plan), "--out", str(out)],
                          env=env, check=True, capture_output=True, text=True)
    parent, workers, before_fork = json.loads(done.stderr.strip().splitlines()[-1])
    return parent, workers, before_fork


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision of sitegen to compare with")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-prose-path-") as tmp:
        work = Path(tmp)
        (work / "before").mkdir()
        trees = {"before": export(args.before, work / "before"), "after": ROOT}
        subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(t / "sitegen") for t in trees.values())],
                       check=True)
        plan = generate_prose(work / "corpus", args.pages).plan
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
        order = list(trees.items())
        for round_ in range(args.repeat + 1):
            # before, after, then after, before: neither side always runs right after the other
            for name, tree in order if round_ % 2 else order[::-1]:
                result = build_once(tree, plan, work / "out")
                if round_:  # round 0 warms caches
                    runs[name].append(result)
        print(f"\n{args.pages} pages, {args.repeat} rounds; load: {os.getloadavg()}")
        print("| sitegen | parent CPU | of it before the fork | workers' CPU | process tree CPU | parent + workers / 2 |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, found in runs.items():
            parents, workers, before_fork = ([run[i] for run in found] for i in range(3))
            forked = median_range(before_fork) if None not in before_fork else "no fork"
            print(f"| {name} | {median_range(parents)} | {forked} | {median_range(workers)} |"
                  f" {median_range([p + w for p, w, _ in found])} | {median_range([p + w / 2 for p, w, _ in found])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
