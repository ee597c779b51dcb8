"""CPU time of `check`'s stages (load, validate, compute) in-process, for A/B comparisons.

    .venv/bin/python benchmarks/check_stages.py [--sections 1000] [--source DIR] [--repeat 7]

``--source`` is a sitegen source tree to time instead of this one (made with
``git archive REV | tar -x -C DIR``), so two revisions run on the same
generated plan. Process CPU time (best of ``--repeat``) rather than wall
time: on a shared, loaded machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--source", type=Path, default=HERE.parent, help="sitegen source tree to time")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from benchmarks.generate import generate_plan  # the plan comes from this tree's generator

    with tempfile.TemporaryDirectory() as tmp:
        plan = generate_plan(Path(tmp) / "plan", args.sections)
        sys.path.insert(0, str(args.source.resolve()))
        for name in [m for m in sys.modules if m == "sitegen" or m.startswith("sitegen.")]:
            del sys.modules[name]
        from sitegen.compute import compute_plan
        from sitegen.load import load_sources, plan_sources
        from sitegen.validate import validate_plan

        best = {"load": 9e9, "validate": 9e9, "compute": 9e9}
        for _ in range(args.repeat + 1):  # the first round warms caches and imports
            sources = plan_sources(plan)
            start = time.process_time()
            raw, _ = load_sources(sources)
            loaded = time.process_time()
            checked, _ = validate_plan(raw)
            validated = time.process_time()
            compute_plan(checked)
            done = time.process_time()
            for stage, took in (("load", loaded - start), ("validate", validated - loaded), ("compute", done - validated)):
                best[stage] = min(best[stage], took)
    figures = ", ".join(f"{stage} {seconds * 1000:.0f} ms" for stage, seconds in best.items())
    print(f"{args.source}: {args.sections} sections, CPU best of {args.repeat}: {figures}")


if __name__ == "__main__":
    main()
