"""What scenarios (PLAN_FORMAT §9) add to a build: the same plan with and without three scenarios.

    .venv/bin/python benchmarks/scenarios_bench.py [--sections 1000] [--repeat 5]

Generates one synthetic plan (``benchmarks/generate.py``) and a copy whose
plan.yaml adds three scenarios (conversion −20 % everywhere, +2 heads on one
team, a segment's target +15 % and deal size +5 %), and a second copy that also
sets `sensitivity: false` (no tornado). It times:

- the cold ``sitegen build`` of each (the real command line, no output, no
  cache), runs alternating between the two so that a change in the
  machine's load hits both alike;
- in-process, ``compute_plan`` of each (best of ``--repeat``): the compute
  share of the difference (the three scenarios and the sensitivity runs).

Prints a small Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate_plan  # noqa: E402
from benchmarks.measure import run  # noqa: E402

WORK = HERE / "_work" / "scenarios"


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


def compute_seconds(plan: Path, repeat: int) -> float:
    from sitegen.compute import compute_plan
    from sitegen.pipeline import analyse_folder

    analysis = analyse_folder(plan)
    assert analysis.plan is not None and not analysis.failed(), [d.line_text() for d in analysis.diagnostics[:3]]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        compute_plan(analysis.plan)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    base = generate_plan(WORK / "base", args.sections)
    plans = {"base": base, "with": WORK / "with", "no-tornado": WORK / "no-tornado"}
    for name, extra in (("with", ""), ("no-tornado", "sensitivity: false\n")):
        shutil.copytree(base, plans[name])
        (plans[name] / "plan.yaml").write_text((base / "plan.yaml").read_text() + three_scenarios(base) + extra)
    builds: dict[str, list[float]] = {name: [] for name in plans}
    for index in range(args.repeat + 1):  # the first round warms the OS cache and byte-compiled modules
        for name, plan in plans.items():
            out = WORK / f"out-{name}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [sys.executable, "-m", "sitegen", "build", "--plan", str(plan), "--out", str(out)]
            result = run(cmd, cwd=HERE.parent)
            if index:
                builds[name].append(result.seconds)
            print(f"  build {name}: {result.seconds:.2f} s", flush=True)
    compute = {name: compute_seconds(plan, args.repeat) for name, plan in plans.items()}
    build = {name: statistics.median(found) for name, found in builds.items()}
    print(f"\n| {args.sections:,} sections | without scenarios | three scenarios (added) | "
          "three, `sensitivity: false` (added) |")
    print("|---|---|---|---|")
    print(f"| cold `sitegen build`, median of {args.repeat} | {build['base']:.2f} s | "
          f"{build['with']:.2f} s ({build['with'] - build['base']:+.2f} s) | "
          f"{build['no-tornado']:.2f} s ({build['no-tornado'] - build['base']:+.2f} s) |")
    print(f"| `compute_plan` in-process, best of {args.repeat} | {compute['base']:.3f} s | "
          f"{compute['with']:.3f} s ({compute['with'] - compute['base']:+.3f} s) | "
          f"{compute['no-tornado']:.3f} s ({compute['no-tornado'] - compute['base']:+.3f} s) |")


if __name__ == "__main__":
    main()
