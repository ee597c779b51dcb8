"""Where the CPU of one serial prose build goes, stage by stage, without a profiler.

    .venv/bin/python benchmarks/prose_stages.py [--pages 1000] [--repeat 3]

cProfile inflates Python-heavy code (Jinja's generated functions, the sidebar
writer) several times more than C-heavy code (the Rust Markdown parser), so
its shares mislead; this wraps a few stage functions with `time.process_time`
instead and builds the `generate_prose` corpus in this process
(`SITEGEN_JOBS=1`). Stages nest: the page template includes the sidebar
(`nav`), `render_section` includes the page template. Prints one line per
run; nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_prose  # noqa: E402


def _timed(spent: dict[str, float], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started
    return timed


def _instrument(spent: dict[str, float]) -> None:
    """Wrap the stages where `sitegen build` looks them up (module attributes, two methods)."""
    import sitegen.commands.build as command
    import sitegen.site.build as site
    from sitegen.site.nav.prune import NavPruner
    from sitegen.site.nav.sidebar import NavCache

    command.analyse_folder = _timed(spent, "load+check+compute", command.analyse_folder)
    for name, label in (("_plan_wide", "plan-wide pages"), ("render_with_toc", "markdown"),
                        ("prose_parts", "search text"), ("render_section", "section page"),
                        ("render_page_template", "page template"), ("section_rows", "search rows"),
                        ("_part", "board-pack part"), ("search_index_output", "search index"),
                        ("render_report", "board pack")):
        setattr(site, name, _timed(spent, label, getattr(site, name)))
    NavCache.__call__ = _timed(spent, "sidebar", NavCache.__call__)  # type: ignore[method-assign]
    NavPruner.for_page = _timed(spent, "sidebar pruning", NavPruner.for_page)  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["SITEGEN_JOBS"] = "1"
    started = time.process_time()
    import sitegen.commands.build  # noqa: F401
    import sitegen.git_inputs  # noqa: F401  (what `sitegen build` imports before it reads the plan)
    from sitegen.cli import main as sitegen_main
    imports = time.process_time() - started
    spent: dict[str, float] = {}
    _instrument(spent)
    with tempfile.TemporaryDirectory(prefix="sitegen-prose-stages-") as tmp:
        plan = generate_prose(Path(tmp) / "corpus", args.pages).plan
        for _ in range(args.repeat):
            spent.clear()
            started = time.process_time()
            sitegen_main(["build", "--plan", str(plan), "--out", str(Path(tmp) / "out")])
            total = time.process_time() - started
            stages = ", ".join(f"{label} {seconds:.3f}" for label, seconds in spent.items())
            print(f"imports {imports:.3f} s (first run only); build {total:.3f} s: {stages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
