"""A `serve` prose save before and after a change: CPU and wall per save, in turns on one machine.

    .venv/bin/python benchmarks/serve_prose_ab.py --before REV [--sections 1000] [--rounds 3] [--edits 8]

For the full generated plan and its prose variant (`benchmarks/generate.py`),
each tree in turn (before, after, before, ...) runs `Rebuilder.rebuild` in a
fresh process after appending a sentence to a mid-plan prose section, the
collector paused as `serve` pauses it; `time.process_time` per save is the
work done, which a loaded machine changes far less than the wall time. No
server and no event stream: `benchmarks/serve_latency.py` measures those.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan, generate_prose  # noqa: E402
from benchmarks.sandbox_bench import export  # noqa: E402
from benchmarks.serve_latency import _section  # noqa: E402

# Run in a fresh process with TREE first on the path (an editable install's hook taken out).
_SAVES = """
import gc, json, shutil, sys, tempfile, time
from pathlib import Path
tree, src, edits = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
rel = sys.argv[4]
sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in getattr(f, '__module__', '')]
sys.path.insert(0, tree)
from sitegen.serve.rebuild import Rebuilder
with tempfile.TemporaryDirectory() as tmp:
    plan = Path(tmp) / "plan"
    shutil.copytree(src, plan)
    rebuilder = Rebuilder(plan, Path(tmp) / "out")
    assert rebuilder.rebuild().ok
    cpu, wall = [], []
    for n in range(edits + 1):  # the first save warms what a first save warms
        path = plan / rel
        path.write_text(path.read_text(encoding="utf-8") + f"\\nEdit {n}, saved by the benchmark.\\n", encoding="utf-8")
        gc.disable()
        started, ticked = time.perf_counter(), time.process_time()
        result = rebuilder.rebuild([rel], complete=True)
        spent, took = time.process_time() - ticked, time.perf_counter() - started
        gc.enable()
        gc.collect()
        assert result.ok
        if n:
            cpu.append(spent * 1000)
            wall.append(took * 1000)
print(json.dumps({"cpu": cpu, "wall": wall}))
"""


def saves(tree: Path, plan: Path, rel: str, edits: int) -> dict[str, list[float]]:
    done = subprocess.run([sys.executable, "-c", _SAVES, str(tree), str(plan), str(edits), rel],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision of sitegen to compare with")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--edits", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-serve-ab-") as tmp:
        work = Path(tmp)
        (work / "before").mkdir()
        trees = {"before": export(args.before, work / "before"), "after": ROOT}
        plans = {"full plan": generate_plan(work / "full", args.sections),
                 "prose plan": generate_prose(work / "prose", args.sections).plan}
        print(f"{args.sections} sections, load {os.getloadavg()}")
        print("| plan | tree | CPU per save, median (run medians) | wall median |\n|---|---|---:|---:|")
        for label, plan in plans.items():
            rel = _section(plan)
            runs: dict[str, list[dict[str, list[float]]]] = {name: [] for name in trees}
            for _ in range(args.rounds):
                for name, tree in trees.items():
                    runs[name].append(saves(tree, plan, rel, args.edits))
            for name, found in runs.items():
                cpu = [c for run in found for c in run["cpu"]]
                wall = [w for run in found for w in run["wall"]]
                medians = ", ".join(f"{statistics.median(run['cpu']):.0f}" for run in found)
                print(f"| {label} | {name} | {statistics.median(cpu):.0f} ms ({medians}) |"
                      f" {statistics.median(wall):.0f} ms |", flush=True)
        print(f"load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
