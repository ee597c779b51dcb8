"""``sitegen diff REF_A [REF_B]``: load both plans (git objects or the working tree), compare, print.

Exit 0 with the diff; 1 when a ref does not exist or a side's plan has errors
(the errors are listed, named ``REF:plan/file.md:line:col``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sitegen.diagnostics import display_path, format_text
from sitegen.diff.compare import compare
from sitegen.diff.formats import format_diff
from sitegen.diff.formats.labels import WORKING_TREE
from sitegen.history.snapshot import (
    PlanLocation,
    SnapshotError,
    git_renames,
    locate_plan,
    snapshot_sources,
)
from sitegen.load import plan_sources
from sitegen.pipeline import Analysis, analyse

__all__ = ["git_renames", "load_side", "run"]



def load_side(where: PlanLocation, plan_dir: Path, ref: str | None) -> Analysis | SnapshotError:
    """The analysed plan at ``ref`` (None: the working tree)."""
    if ref is None:
        if not (plan_dir / "plan.yaml").is_file() and not (plan_dir / "plan.yml").is_file():
            return SnapshotError(f"there is no plan in the working tree at {where.display}/")
        return analyse(plan_sources(plan_dir))
    sources = snapshot_sources(where, ref)
    return sources if isinstance(sources, SnapshotError) else analyse(sources)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """The ``diff`` command (see the module docstring)."""
    plan_dir: Path = args.plan
    where = locate_plan(plan_dir, display_path(plan_dir.resolve()))
    if isinstance(where, SnapshotError):
        return _fail(where.message)
    sides = []
    for ref in (args.ref_a, args.ref_b):
        side = load_side(where, plan_dir, ref)
        if isinstance(side, SnapshotError):
            return _fail(side.message)
        if side.failed():
            errors = [d for d in side.diagnostics if d.severity == "error"]
            print(
                f"error: the plan at {ref or WORKING_TREE} has errors; fix them before comparing:",
                file=sys.stderr,
            )
            sys.stderr.write(format_text(errors, side.files))
            return 1
        sides.append(side)
    labels = (args.ref_a, args.ref_b or WORKING_TREE)
    commits = [side.sources.extra.get("commit") for side in sides]  # None: the working tree
    assert commits[0] is not None  # REF_A is always a git ref
    diff = compare(sides[0], sides[1], git_renames(where, commits[0], commits[1]), labels)
    colour = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    after = sides[1].plan
    language = after.settings.language if after else "en"  # the plan as the change leaves it
    sys.stdout.write(format_diff(diff, args.format, colour, language))
    return 0
