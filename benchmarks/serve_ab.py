"""Two trees of sitegen through a real `serve`, in turns: each save's rebuild CPU and its latency.

    .venv/bin/python benchmarks/serve_ab.py --before REV [--after REV] [--sections 1000] \
        [--rounds 4] [--edits 10] [--modes prose,front]

Each round starts `sitegen serve` from each tree in turn (the order alternates
round by round) on one generated full plan (`benchmarks/generate.py`), saves
EDITS edits of each mode through the file system (`serve_latency`'s edits: the
watcher, the debouncer and the reload event all take part) and records, per
save, the CPU time of the rebuild in the server process (`time.process_time`
around `Rebuilder.rebuild`, all threads: the work, which a loaded machine
changes far less than the wall time) and the wall time from the write to the
reload event. Printed: medians over every save, the median of each round's
median, and the load. `--after` defaults to this checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan  # noqa: E402
from benchmarks.sandbox_bench import export  # noqa: E402
from benchmarks.serve_latency import _free_port, _section, serving, targets, timed_save  # noqa: E402

# `sitegen serve` from TREE (an editable install's hook taken out), printing each rebuild's CPU ms.
_SERVE = """
import runpy, sys, time
tree = sys.argv.pop(1)
sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in getattr(f, '__module__', '')]
sys.path.insert(0, tree)
from sitegen.serve import rebuild
made = rebuild.Rebuilder.rebuild
def timed(self, *args, **kwargs):
    started = time.process_time()
    try:
        return made(self, *args, **kwargs)
    finally:
        print(f"@cpu {(time.process_time() - started) * 1000:.2f}", file=sys.stderr, flush=True)
rebuild.Rebuilder.rebuild = timed
runpy.run_module('sitegen', run_name='__main__', alter_sys=True)
"""


def one_server(tree: Path, plan: Path, edited: dict[str, Path], edits: int, work: Path, first: int):
    """Mode → [(cpu ms, wall ms)] of `edits` saves of each mode on one server from `tree`."""
    port, errors = _free_port(), work / "stderr"
    command = [sys.executable, "-c", _SERVE, str(tree), "serve", "--plan", str(plan), "--port", str(port),
               "--out", str(work / "out")]
    with errors.open("w+") as stderr:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=work)
        try:
            client = serving(proc, port)
            walls = []
            for mode, target in edited.items():
                for _ in range(edits):
                    wall = timed_save(client, target, first + len(walls), mode, who=str(tree))
                    walls.append((mode, wall * 1000))
        finally:
            proc.send_signal(2)
            proc.wait(30)
        stderr.seek(0)
        cpu = [float(line.split()[1]) for line in stderr if line.startswith("@cpu ")][1:]  # [0]: the first build
    found: dict[str, list[tuple[float, float]]] = {mode: [] for mode in edited}
    for (mode, wall), spent in zip(walls, cpu, strict=True):
        found[mode].append((spent, wall))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision of sitegen to compare with")
    parser.add_argument("--after", help="git revision (default: this checkout)")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--modes", default="prose,front", help="comma list: prose, front, title")
    args = parser.parse_args(argv)
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory(prefix="sitegen-serve-ab-") as tmp:
        work = Path(tmp)
        trees = {"before": export(args.before, _folder(work / "before"))}
        trees["after"] = export(args.after, _folder(work / "after")) if args.after else ROOT
        plan = generate_plan(work / "full" / "plan", args.sections)
        edited = targets(plan, _section(plan), modes)
        runs: dict[str, dict[str, list[list[tuple[float, float]]]]] = {t: {m: [] for m in modes} for t in trees}
        saved = 0
        print(f"{args.sections} sections, {args.rounds} rounds of {args.edits} saves per mode, load {os.getloadavg()}")
        for round_ in range(args.rounds):
            order = list(trees.items())
            for name, tree in order if round_ % 2 == 0 else order[::-1]:
                for mode, saves in one_server(tree, plan, edited, args.edits, _folder(work / "run"), saved).items():
                    runs[name][mode].append(saves)
                saved += args.edits * len(modes)
        print("| edit | tree | CPU per save, median (round medians) | wall median | wall p90 |\n|---|---|---:|---:|---:|")
        for mode in modes:
            for name in trees:
                rounds = runs[name][mode]
                cpu = [c for saves in rounds for c, _ in saves]
                wall = sorted(w for saves in rounds for _, w in saves)
                medians = ", ".join(f"{statistics.median(c for c, _ in saves):.0f}" for saves in rounds)
                print(f"| {mode} | {name} | {statistics.median(cpu):.0f} ms ({medians}) | "
                      f"{statistics.median(wall):.0f} ms | {wall[int(len(wall) * 0.9)]:.0f} ms |", flush=True)
        print(f"load {os.getloadavg()}")
    return 0


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
