"""`sitegen build --versions`: N versions of a big plan against one (PLAN_FORMAT §10).

Generates the 1,000-section benchmark plan in a git repository, tags three
quarters (each changes a few goals' targets), edits the working tree once more,
and times, as whole programs, `sitegen build` of the working tree alone and
`sitegen build --versions 'v2027-*'` (the working tree + 3 tags = 4 versions),
interleaved, `--repeat` times each; the target is 4 versions in < 4x one.

Run: ``.venv/bin/python benchmarks/versions_bench.py [--sections 1000] [--repeat 3] [--no-readme]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan  # noqa: E402
from benchmarks.history_bench import write_readme  # noqa: E402
from benchmarks.measure import run  # noqa: E402

BEGIN, END = "<!-- versions-bench -->", "<!-- /versions-bench -->"
TAGS = ("v2027-q1", "v2027-q2", "v2027-q3")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def _bump_targets(plan: Path, step: int) -> None:
    """A quarter's change: every 10th goals file raises its first target."""
    for n, path in enumerate(sorted(plan.rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        if n % 10 == 0 and "target:" in text:
            path.write_text(re.sub(r"target: (\d+)", lambda m: f"target: {int(m.group(1)) + step}", text, count=1),
                            encoding="utf-8")


def make_repo(workdir: Path, sections: int) -> Path:
    repo = workdir / "repo"
    plan = generate_plan(repo / "plan", sections)
    _git(repo, "init", "-q")
    for n, tag in enumerate(TAGS, 1):
        if n > 1:
            _bump_targets(plan, 1000 * n)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", f"Plan at {tag}")
        _git(repo, "tag", tag)
    _bump_targets(plan, 5000)
    return repo


Times = dict[str, list[float]]
ONE = "`sitegen build` (working tree)"
FOUR = "`sitegen build --versions 'v2027-*'` (working tree + 3 tags = 4 versions)"


def measure(repo: Path, repeat: int) -> tuple[Times, Times]:
    """Wall and CPU seconds (the build's whole process tree) of one version and of four."""
    sitegen = [sys.executable, "-m", "sitegen", "build", "--plan", "plan"]
    one: Times = {"wall": [], "cpu": []}
    four: Times = {"wall": [], "cpu": []}
    for n in range(repeat):
        for times, extra in ((one, []), (four, ["--versions", "v2027-*"])):
            done = run([*sitegen, "--out", f"out-{len(extra)}-{n}", *extra], cwd=repo)
            times["wall"].append(done.seconds)
            times["cpu"].append(done.cpu_seconds)
    return one, four


def _row(label: str, times: list[float]) -> str:
    return f"{label} | {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"


def report(sections: int, one: Times, four: Times, load: tuple[float, float]) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    ratio = {kind: statistics.median(four[kind]) / statistics.median(one[kind]) for kind in ("wall", "cpu")}
    return "\n".join([
        BEGIN,
        "## Versions (`benchmarks/versions_bench.py`)",
        "",
        f"Plan of {sections} sections in git, 3 tags; {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores; {when}, 1-minute load average "
        f"{load[0]:.1f} before and {load[1]:.1f} after; median of {len(one['wall'])} interleaved runs (min–max). "
        "CPU is user + system time of the build's whole process tree: on a shared machine it is "
        "the figure to compare, the wall time is mostly other work's.",
        "",
        "| build | wall | CPU |",
        "|---|---:|---:|",
        f"| {_row(ONE, one['wall'])} | {statistics.median(one['cpu']):.2f} s |",
        f"| {_row(FOUR, four['wall'])} | {statistics.median(four['cpu']):.2f} s |",
        f"| ratio (target < 4x) | {ratio['wall']:.2f}x | {ratio['cpu']:.2f}x |",
        "",
        "Reproduce: `.venv/bin/python benchmarks/versions_bench.py --repeat 3`.",
        "",
        "The history is read once (one `git log`) and cut at each tag with one `git rev-list`;",
        "each tag's plan is read from git objects (`git ls-tree` + one `git cat-file --batch`).",
        END,
        "",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="versions-bench-") as tmp:
        repo = make_repo(Path(tmp), args.sections)
        before = os.getloadavg()[0]
        one, four = measure(repo, args.repeat)
    text = report(args.sections, one, four, (before, os.getloadavg()[0]))
    print(text)
    if not args.no_readme:
        write_readme(text, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
