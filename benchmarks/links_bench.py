"""Plans whose prose links its sections: `check` and `build` before and after a change, in turns.

    .venv/bin/python benchmarks/links_bench.py --before REV [--pages 1000] [--repeat 3] [--broken]

The prose corpus of `benchmarks/run.py` (`generate_prose`) has no links between
sections, but a real plan does ("see [our funnel](funnels/smb.md)"), and `check`
reads every body that names a `.md` file with a Markdown parser to find them.
This adds one such link at the end of every section (to the next section) and
times cold `sitegen check` and `sitegen build` runs of sitegen as it was at
``--before`` and of the working tree, taking turns after a warm-up round
(median, min–max; CPU is user + system of the whole process tree). With
``--broken`` every link names the next section as it was before a rename
(`q1-old.md` for `q1.md`): every link is a `broken-link` warning with a
suggestion. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_prose  # noqa: E402
from benchmarks.sandbox_bench import _FROM_TREE, build_once, export, median_range, timed_run  # noqa: E402


def link_sections(plan: Path, broken: bool = False) -> int:
    """End each section with a link to the next one (relative to its folder; `broken`: to its
    name before a rename); how many."""
    sections = sorted(path for path in plan.rglob("*.md"))
    for number, section in enumerate(sections):
        target = sections[(number + 1) % len(sections)]
        href = os.path.relpath(target, section.parent).replace(os.sep, "/")
        if broken:
            href = href.removesuffix(".md") + "-old.md"
        with section.open("a", encoding="utf-8") as text:
            text.write(f"\nSee also [the next section]({href}).\n")
    return len(sections)


def check_once(tree: Path, plan: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one `sitegen check` run from ``tree``."""
    return timed_run([sys.executable, "-c", _FROM_TREE, str(tree), "check", "--plan", str(plan)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision of sitegen to compare with")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--broken", action="store_true", help="every link broken, as after renaming every file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-links-bench-") as tmp:
        work = Path(tmp)
        (work / "before").mkdir()
        trees = {"before": export(args.before, work / "before"), "after": ROOT}
        plan = generate_prose(work / "corpus", args.pages).plan
        linked = link_sections(plan, args.broken)
        runs: dict[str, list[tuple[float, float]]] = {}
        for round_ in range(args.repeat + 1):
            for name, tree in trees.items():
                for command, once in (("check", lambda t=tree: check_once(t, plan)),
                                      ("build", lambda t=tree: build_once(t, plan, work / "out", jobs=None))):
                    result = once()
                    if round_:  # round 0 warms caches
                        runs.setdefault(f"{command}, {name}", []).append(result)
        print(f"{linked} sections, each linking the next{' as it was named before a rename' if args.broken else ''}; {args.repeat} rounds; load: {os.getloadavg()}")
        print("| run | wall | CPU |\n|---|---:|---:|")
        for name, found in sorted(runs.items()):
            print(f"| {name} | {median_range([w for w, _ in found])} | {median_range([c for _, c in found])} |")
        for command in ("check", "build"):
            before, after = (statistics.median(w for w, _ in runs[f"{command}, {n}"]) for n in trees)
            print(f"{command}: {before:.2f} s → {after:.2f} s ({after / before - 1:+.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
