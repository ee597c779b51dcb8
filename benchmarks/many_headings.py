"""One page of 20,000 identical ``## headings``: `sitegen build` must stay linear in them.

    .venv/bin/python benchmarks/many_headings.py [--headings 20000]

Each repeat of a heading gets the next free id (`same`, `same-1`, …); the
search used to start from `-1` for every heading (quadratic: 35 s at 20,000).
Prints the time of the Markdown step in process (`render_with_toc`: parse,
ids, table of contents) and the wall-clock and CPU time (user + system of the
command and its workers) of the real command line, each the median of three
runs; `--headings 0,10000,20000` shows the growth beside the cost of a build
of the page without headings.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAN_YAML = "title: Headings\nlanguage: en\ncurrency: USD\nperiod: {start: 2027-01-01, end: 2027-12-31}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headings", default="20000", help="a count, or counts separated by commas")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f}")
    for count in (int(n) for n in args.headings.split(",")):
        _measure(count)
    return 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measure(headings: int) -> None:
    body = "## Same\n\ntext\n\n" * headings
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from sitegen.site.engine.markdown import render_with_toc

    markdown = []
    for _ in range(3):
        started = time.process_time()
        toc = render_with_toc(body).toc
        markdown.append(time.process_time() - started)
    assert not headings or toc[-1].anchor == f"same-{headings - 1}"
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp, "plan")
        plan.mkdir()
        (plan / "plan.yaml").write_text(PLAN_YAML)
        (plan / "notes.md").write_text("---\ntitle: Notes\n---\n" + body)
        times, cpu = [], []
        for _ in range(3):
            started, started_cpu = time.perf_counter(), _children_cpu()
            subprocess.run([sys.executable, "-m", "sitegen", "build", "--plan", str(plan), "--out", f"{tmp}/out"],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
            cpu.append(_children_cpu() - started_cpu)
    print(f"{headings} identical headings: Markdown {statistics.median(markdown):.2f} s CPU, sitegen build {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}), CPU {statistics.median(cpu):.2f} s")


if __name__ == "__main__":
    raise SystemExit(main())
