"""One command for every speed figure of sitegen, against MkDocs and Hugo.

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,5000] [--repeat 3]

For each size it generates a synthetic plan (``benchmarks/generate.py``) and
times, as the median (min–max) of ``--repeat`` runs of the real command line:
a cold ``sitegen build`` (no output, no cache), a rebuild with nothing
changed, a rebuild after editing one file, ``sitegen check``, and the peak
memory of the build. On the prose-only variant of the same Markdown it times
``sitegen build``, ``mkdocs build`` and ``hugo`` in the same run, so the
ratios compare like with like on one machine. The tables go into
``benchmarks/README.md`` between ``<!-- bench:start -->`` and
``<!-- bench:end -->``; the rest of that file is left alone.

A tool whose single run takes longer than ``--budget`` seconds is not
repeated (MkDocs' default theme puts every page in every page's navigation,
so its build time grows with the square of the page count); the table says
how many runs each median is over.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan, generate_prose  # noqa: E402
from benchmarks.measure import Run, Stat, run  # noqa: E402
from benchmarks.report import machine, render_tables, update_readme  # noqa: E402

WORK = HERE / "_work"
EDITED = "executive-summary.md"  # the one file the edit benchmark changes


@dataclass
class SizeResult:
    sections: int
    plan: dict[str, Stat] = field(default_factory=dict)  # cold, nochange, edit, check
    prose: dict[str, Stat] = field(default_factory=dict)  # sitegen, mkdocs, hugo
    pages: int = 0  # HTML pages in the full plan's site


def sitegen(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitegen", *args]


_warm: set[str] = set()


def warm_up(tool: str, once) -> None:
    """One unmeasured run per tool and session: byte-compiled modules, OS file cache."""
    if tool not in _warm:
        once()
        _warm.add(tool)


def repeat(label: str, times: int, budget: float, once) -> Stat:
    """Call ``once() -> Run`` up to ``times`` times; stop early past ``budget`` seconds a run."""
    runs: list[Run] = []
    for _ in range(times):
        runs.append(once())
        print(f"    {label}: {runs[-1].seconds:.2f} s, {runs[-1].tree_rss_mb:.0f} MB", flush=True)
        if runs[-1].seconds > budget:
            break
    return Stat(tuple(runs))


def fresh(*paths: Path) -> None:
    """Delete the outputs of the last run, and let the file system finish deleting them
    (``sync``) before the next run is timed: otherwise the journal work of removing
    the last site lands in the next run's time, more for the tool that wrote more."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
    os.sync()


def bench_plan(n: int, times: int, budget: float) -> tuple[dict[str, Stat], int]:
    plan = WORK / f"plan-{n}"
    fresh(plan)
    generate_plan(plan, n)
    out_root = WORK / f"out-{n}"  # the site and anything sitegen keeps next to it (cache)
    site = out_root / "site"
    build = sitegen("build", "--plan", str(plan), "--out", str(site))

    def cold(sample: bool = False) -> Run:
        fresh(out_root)
        return run(build, sample=sample)

    warm_up("sitegen", cold)
    stats = {"cold": repeat("cold build", times, budget, cold)}
    stats["memory"] = repeat("cold build, memory sampled", 1, budget, lambda: cold(sample=True))
    stats["nochange"] = repeat("no-change rebuild", times, budget, lambda: run(build))
    edited = plan / EDITED
    original = edited.read_text(encoding="utf-8")
    count = iter(range(1, 1_000_000))

    def edit() -> Run:
        edited.write_text(original + f"\nEdited paragraph number {next(count)}.\n", encoding="utf-8")
        return run(build)

    try:
        stats["edit"] = repeat("one-file edit", times, budget, edit)
    finally:
        edited.write_text(original, encoding="utf-8")
    stats["check"] = repeat("check", times, budget, lambda: run(sitegen("check", "--plan", str(plan))))
    pages = sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0
    return stats, pages


def bench_prose(n: int, times: int, budget: float, limit: float) -> dict[str, Stat]:
    root = WORK / f"prose-{n}"
    fresh(root)
    dirs = generate_prose(root, n)
    out_root = root / "sitegen-out"
    build = sitegen("build", "--plan", str(dirs.plan), "--out", str(out_root / "site"))
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-d", "site"]
    hugo = ["hugo", "--quiet", "-d", "public"]

    def sitegen_cold() -> Run:
        fresh(out_root)
        return run(build)

    def hugo_cold() -> Run:
        fresh(dirs.hugo / "public", dirs.hugo / "resources")
        return run(hugo, cwd=dirs.hugo)

    tools = [(name, once) for name, once in (
        ("sitegen", sitegen_cold), ("mkdocs", lambda: run(mkdocs, cwd=dirs.mkdocs, timeout=limit)), ("hugo", hugo_cold),
    ) if name == "sitegen" or tool_ready(name)]
    for name, once in tools:
        warm_up(name, once)
    # Interleaved (sitegen, MkDocs, Hugo, sitegen, ...): the disk and the machine drift
    # over minutes, and a tool measured in one block would get one state of them.
    runs: dict[str, list[Run]] = {name: [] for name, _ in tools}
    for _ in range(times):
        for name, once in tools:
            if runs[name] and runs[name][-1].seconds > budget:
                continue
            runs[name].append(once())
            print(f"    prose {name}: {runs[name][-1].seconds:.2f} s", flush=True)
    return {name: Stat(tuple(found)) for name, found in runs.items()}


def tool_ready(name: str) -> bool:
    if name == "mkdocs":
        return subprocess.run([sys.executable, "-c", "import mkdocs"], capture_output=True).returncode == 0
    return shutil.which(name) is not None


def ensure_tools() -> None:
    """Install MkDocs into this venv and Hugo from Debian when missing (benchmarks/setup.sh)."""
    if tool_ready("mkdocs") and tool_ready("hugo"):
        return
    print("installing the tools to compare against (benchmarks/setup.sh) ...", flush=True)
    result = subprocess.run(["sh", str(HERE / "setup.sh")], env={**os.environ, "PYTHON": sys.executable})
    if result.returncode != 0:
        print("warning: setup.sh failed; the missing tools are left out of the table", file=sys.stderr)


def compile_sitegen() -> None:
    """Byte-compile sitegen's modules, as `pip install` does for an installed package.

    An editable install (a fresh clone's `pip install -e .`) leaves that to
    Python's first import, which does not happen where PYTHONDONTWRITEBYTECODE
    is set (it is on some CI images and sandboxes): every run would then
    compile ~70 modules from source, ~0.15 s that no installed sitegen pays.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sitegen")], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="sitegen benchmarks (see benchmarks/README.md)")
    parser.add_argument("--sizes", default="100,1000,5000", help="section counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median, min–max)")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="stop repeating a measurement after a run slower than this (s)")
    parser.add_argument("--limit", type=float, default=600.0,
                        help="stop an MkDocs run after this many seconds (reported as a lower bound)")
    parser.add_argument("--no-readme", action="store_true", help="print the tables, do not edit the README")
    parser.add_argument("--no-setup", action="store_true", help="do not install MkDocs/Hugo when missing")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not args.no_setup:
        ensure_tools()
    compile_sitegen()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for n in sizes:
        print(f"== {n} sections", flush=True)
        result = SizeResult(n)
        result.plan, result.pages = bench_plan(n, args.repeat, args.budget)
        result.prose = bench_prose(n, args.repeat, args.budget, args.limit)
        results.append(result)
    command = (f"python benchmarks/run.py --sizes {','.join(map(str, sizes))} --repeat {args.repeat}"
               f" --limit {args.limit:g}")
    tables = render_tables(results, machine(ROOT), command)
    print(tables)
    if not args.no_readme:
        update_readme(HERE / "README.md", tables)
        print(f"updated {HERE / 'README.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
