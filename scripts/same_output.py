"""Prove a refactoring changed no output byte: build reference plans, compare trees.

    .venv/bin/python scripts/same_output.py snapshot /tmp/before   # on the old code
    ... change the code ...
    .venv/bin/python scripts/same_output.py snapshot /tmp/after
    .venv/bin/python scripts/same_output.py compare /tmp/before /tmp/after

The reference plans are the three examples of the repository (plan/,
examples/pl, examples/zh) and the benchmark corpora (`benchmarks/generate.py`:
the full plan and the prose-only variant, ``--sections`` each, 300 by
default), generated into ``benchmarks/_work/same/`` at the same paths every
time, so that nothing but the code differs. Every site is built by the real
command line (`python -m sitegen build`) of the interpreter running this
script. ``compare`` lists every file that is missing, extra or different and
exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan, generate_prose  # noqa: E402

CORPORA = ROOT / "benchmarks" / "_work" / "same"
EXAMPLES = {"plan": ROOT / "plan", "pl": ROOT / "examples" / "pl", "zh": ROOT / "examples" / "zh"}


def plans(sections: int) -> dict[str, Path]:
    """Every reference plan by name; the benchmark corpora are (re)generated."""
    if CORPORA.exists():
        shutil.rmtree(CORPORA)
    full = generate_plan(CORPORA / "full", sections)
    prose = generate_prose(CORPORA / "prose", sections)
    return {**EXAMPLES, "bench-full": full, "bench-prose": prose.plan}


def snapshot(dest: Path, sections: int) -> int:
    dest.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, plan in plans(sections).items():
        out = dest / name
        if out.exists():
            shutil.rmtree(out)
        done = subprocess.run([sys.executable, "-m", "sitegen", "build", "--plan", str(plan), "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True)
        print(f"{name}: exit {done.returncode} {done.stdout.strip()}{done.stderr.strip()}")
        failed |= done.returncode != 0
    return 1 if failed else 0


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def compare(before: Path, after: Path) -> int:
    differences = 0
    for site in sorted(p.name for p in before.iterdir() if p.is_dir()):
        a, b = before / site, after / site
        old, new = _files(a), _files(b) if b.exists() else set()
        problems = [f"missing {p}" for p in sorted(old - new)] + [f"extra {p}" for p in sorted(new - old)]
        problems += [f"differs {p}" for p in sorted(old & new) if not filecmp.cmp(a / p, b / p, shallow=False)]
        print(f"{site}: {len(old)} files, {'identical' if not problems else f'{len(problems)} differences'}")
        for line in problems[:20]:
            print("   ", line)
        differences += len(problems)
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="build every reference plan into DEST/<name>/")
    snap.add_argument("dest", type=Path)
    snap.add_argument("--sections", type=int, default=300)
    cmp_ = sub.add_parser("compare", help="compare two snapshots file by file")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        return snapshot(args.dest, args.sections)
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
