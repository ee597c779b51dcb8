"""What the e2e crawl (tests/e2e/crawl.py) would cost for more example plans.

Builds each named example into one folder and times `crawl_sites` over them,
as the e2e suite runs it (its own Playwright and Chromium, every page over
HTTP and from file://, axe, two widths). The figure decides whether a plan
joins the crawl or gets a cheaper test (benchmarks/README.md).

Run: ``.venv/bin/python benchmarks/crawl_cost.py fiscal crm``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import BuiltSite  # noqa: E402
from tests.e2e.crawl import crawl_sites  # noqa: E402


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sites = []
        for name in names:
            out = root / name
            subprocess.run([sys.executable, "-m", "sitegen", "build", "--plan", str(ROOT / "examples" / name),
                            "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
            site = BuiltSite(name=name, plan=ROOT / "examples" / name, out=out, cmd=[])
            site.html_files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
            sites.append(site)
        started = time.monotonic()
        crawl_sites(sites, root)
        pages = sum(len(s.html_files) for s in sites)
        print(f"crawl of {', '.join(names)} ({pages} pages): {time.monotonic() - started:.1f} s wall")


if __name__ == "__main__":
    main(sys.argv[1:] or ["fiscal", "crm"])
