"""The prose build before and after a change, and Hugo, in turns on one machine.

    .venv/bin/python benchmarks/prose_ab.py --before REV [--sizes 1000,5000] [--repeat 5]

Generates the prose corpus of `benchmarks/run.py` (`generate_prose`) at each
size, exports sitegen as it was at ``--before`` next to the working tree, and
runs cold builds in turns: before, after, Hugo, before, … (one warm-up round
first). Hugo runs twice: with a bare page (the title and the prose: the
figure the brief's "within 2x of Hugo" was first measured against) and with a
page like sitegen's (the section tree with the open chain, a table of
contents). sitegen builds with its worker processes, as a user's build does; the
CPU time (user + system) of the whole process tree is reported beside the wall
time, because on a shared machine the wall time follows the load of the
moment while the CPU time is the work done. Prints a table (medians, min–max)
and the ratios to Hugo's median wall time; nothing is written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_prose  # noqa: E402
from benchmarks.sandbox_bench import build_once, export, median_range, timed_run  # noqa: E402


def hugo_once(site: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one cold `hugo` build of the corpus' Hugo layout."""
    for made in ("public", "resources"):
        shutil.rmtree(site / made, ignore_errors=True)
    os.sync()
    return timed_run(["hugo", "--quiet", "-d", "public"], cwd=site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision of sitegen to compare with")
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-prose-ab-") as tmp:
        work = Path(tmp)
        (work / "before").mkdir()
        before = export(args.before, work / "before")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(before / "sitegen"), str(ROOT / "sitegen")],
                       check=True)
        for size in (int(s) for s in args.sizes.split(",")):
            dirs = generate_prose(work / f"corpus-{size}", size)
            tools = {"sitegen before": partial(build_once, before, dirs.plan, work / "out", jobs=None),
                     "sitegen after": partial(build_once, ROOT, dirs.plan, work / "out", jobs=None),
                     "Hugo": partial(hugo_once, dirs.hugo),
                     "Hugo, a page like sitegen's": partial(hugo_once, dirs.hugo_nav)}
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
            for round_ in range(args.repeat + 1):
                for name, once in tools.items():
                    result = once()
                    if round_:  # round 0 warms caches
                        runs[name].append(result)
            hugo = statistics.median(w for w, _ in runs["Hugo"])
            print(f"\n{size} pages, {args.repeat} rounds; load: {os.getloadavg()}")
            print("| tool | wall | CPU | wall ÷ Hugo's |\n|---|---:|---:|---:|")
            for name, found in runs.items():
                walls = [w for w, _ in found]
                print(f"| {name} | {median_range(walls)} | {median_range([c for _, c in found])} |"
                      f" {statistics.median(walls) / hugo:.2f}× |")
            like = statistics.median(w for w, _ in runs["Hugo, a page like sitegen's"])
            after = statistics.median(w for w, _ in runs["sitegen after"])
            print(f"sitegen after ÷ Hugo with a page like sitegen's: {after / like:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
