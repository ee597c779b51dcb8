"""What scenarios (PLAN_FORMAT §9) add to a build: the same plan with and without three scenarios.

    .venv/bin/python benchmarks/scenarios_bench.py [--sections 1000] [--repeat 5] [--against DIR]

Generates one synthetic plan (``benchmarks/generate.py``) and a copy whose
plan.yaml adds three scenarios (conversion −20 % everywhere, +2 heads on one
team, a segment's target +15 % and deal size +5 %), with the sensitivity
("tornado") chart on as by default, and a second copy that also sets
`sensitivity: false`. It times:

- the cold ``sitegen build`` of each (the real command line, no output, no
  cache): wall time, and CPU time of the whole process tree (the render
  workers included), which a shared machine's load disturbs less. Runs
  alternate between the plans (and, with ``--against``, between the two
  code trees) so that a change in the machine's load hits all alike;
  medians are reported;
- ``compute_plan`` of each, CPU time, best of ``--repeat`` in one process:
  the compute share of the difference (the three scenarios and the
  sensitivity runs).

``--against DIR``: another source tree of sitegen (e.g. ``git worktree add
/tmp/main main``), measured in the same rounds: before/after on one corpus.

Ends with the figure issue #19 sets a target for, "added by three scenarios",
and a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan  # noqa: E402
from benchmarks.measure import run  # noqa: E402

WORK = HERE / "_work" / "scenarios"
PLANS = ("base", "with", "no-tornado")
# compute_plan's CPU seconds, best of argv[2], run in the code tree given as the working directory
COMPUTE = """
import sys, time
from pathlib import Path
from sitegen.compute import compute_plan
from sitegen.pipeline import analyse_folder
analysis = analyse_folder(Path(sys.argv[1]))
assert analysis.plan is not None and not analysis.failed()
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.process_time()
    compute_plan(analysis.plan)
    best = min(best, time.process_time() - start)
print(best)
"""


def three_scenarios(plan: Path) -> str:
    """plan.yaml's scenarios, naming a team and a segment the generated plan has."""
    resources = sorted(plan.glob("regions/*/resources.md"))[0].read_text()
    segments = sorted(plan.glob("regions/*/segments.md"))[0].read_text()
    team = next(line.split("id:")[1].strip() for line in resources.splitlines() if "- id:" in line)
    segment = next(line.split("id:")[1].strip() for line in segments.splitlines() if "- id:" in line)
    return (
        "scenarios:\n"
        "  - {id: conversion-down, name: Conversion -20%, adjust: {conversion: '-20%'}}\n"
        f"  - {{id: two-more, name: Two more heads, adjust: {{headcount: {{{team}: +2}}}}}}\n"
        f"  - {{id: push, name: Segment push, segment: {segment}, adjust: {{target: '+15%', deal_size: '+5%'}}}}\n"
    )


def make_plans(sections: int) -> dict[str, Path]:
    shutil.rmtree(WORK, ignore_errors=True)
    base = generate_plan(WORK / "base", sections)
    plans = {"base": base, "with": WORK / "with", "no-tornado": WORK / "no-tornado"}
    for name, extra in (("with", ""), ("no-tornado", "sensitivity: false\n")):
        shutil.copytree(base, plans[name])
        (plans[name] / "plan.yaml").write_text((base / "plan.yaml").read_text() + three_scenarios(base) + extra)
    return plans


def timed_build(code: Path, plan: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU of the process tree) seconds of one cold `sitegen build` run from `code`."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run([sys.executable, "-m", "sitegen", "build", "--plan", str(plan), "--out", str(out)], cwd=code)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return result.seconds, cpu


def compute_seconds(code: Path, plan: Path, repeat: int) -> float:
    found = subprocess.run([sys.executable, "-c", COMPUTE, str(plan), str(repeat)], cwd=code,
                           capture_output=True, text=True, check=True)
    return float(found.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another sitegen source tree, measured alike (before/after)")
    args = parser.parse_args()
    plans = make_plans(args.sections)
    trees = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    wall: dict[tuple[str, str], list[float]] = {(t, p): [] for t in trees for p in plans}
    cpu: dict[tuple[str, str], list[float]] = {(t, p): [] for t in trees for p in plans}
    for index in range(args.repeat + 1):  # the first round warms the OS cache and byte-compiled modules
        for tree, code in trees.items():
            for name, plan in plans.items():
                seconds, used = timed_build(code, plan, WORK / f"out-{tree}-{name}")
                if index:
                    wall[(tree, name)].append(seconds)
                    cpu[(tree, name)].append(used)
                print(f"  {tree} build {name}: {seconds:.2f} s wall, {used:.2f} s CPU", flush=True)
    compute = {(t, p): compute_seconds(code, plans[p], args.repeat) for t, code in trees.items() for p in plans}
    print()
    for tree in trees:
        report(tree, args, {p: statistics.median(wall[(tree, p)]) for p in plans},
               {p: statistics.median(cpu[(tree, p)]) for p in plans}, {p: compute[(tree, p)] for p in plans})


def report(tree: str, args, wall: dict[str, float], cpu: dict[str, float], compute: dict[str, float]) -> None:
    print(f"{tree} ({ROOT if tree == 'this' else args.against}):")
    print(f"  ADDED BY THREE SCENARIOS (sensitivity chart on), {args.sections:,} sections, median of {args.repeat}: "
          f"{wall['with'] - wall['base']:+.2f} s wall, {cpu['with'] - cpu['base']:+.2f} s CPU "
          f"(target: < 1 s)\n")
    print(f"| {args.sections:,} sections ({tree}) | without scenarios | three scenarios (added) | "
          "three, `sensitivity: false` (added) |")
    print("|---|---|---|---|")
    for label, figures, digits in ((f"cold `sitegen build`, wall, median of {args.repeat}", wall, 2),
                                   (f"cold `sitegen build`, CPU of all processes, median of {args.repeat}", cpu, 2),
                                   (f"`compute_plan` CPU, best of {args.repeat}", compute, 3)):
        base = figures["base"]
        print(f"| {label} | {base:.{digits}f} s | {figures['with']:.{digits}f} s ({figures['with'] - base:+.{digits}f} s) | "
              f"{figures['no-tornado']:.{digits}f} s ({figures['no-tornado'] - base:+.{digits}f} s) |")
    print()


if __name__ == "__main__":
    main()
