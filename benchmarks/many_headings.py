"""One page of 20,000 identical ``## headings``: `sitegen build` must stay linear in them.

    .venv/bin/python benchmarks/many_headings.py [--headings 20000]

Each repeat of a heading gets the next free id (`same`, `same-1`, …); the
search used to start from `-1` for every heading (quadratic: 35 s at 20,000).
Prints the time of the Markdown step in process (`render_with_toc`: parse,
ids, table of contents) and the wall-clock time of the real command line,
each the median of three runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAN_YAML = "title: Headings\nlanguage: en\ncurrency: USD\nperiod: {start: 2027-01-01, end: 2027-12-31}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headings", type=int, default=20_000)
    args = parser.parse_args(argv)
    body = "## Same\n\ntext\n\n" * args.headings
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from sitegen.site.engine.markdown import render_with_toc

    markdown = []
    for _ in range(3):
        started = time.perf_counter()
        toc = render_with_toc(body).toc
        markdown.append(time.perf_counter() - started)
    assert toc[-1].anchor == f"same-{args.headings - 1}"
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp, "plan")
        plan.mkdir()
        (plan / "plan.yaml").write_text(PLAN_YAML)
        (plan / "notes.md").write_text("---\ntitle: Notes\n---\n" + body)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sitegen", "build", "--plan", str(plan), "--out", f"{tmp}/out"],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    print(f"{args.headings} identical headings: Markdown {statistics.median(markdown):.2f} s, sitegen build {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
