"""``sitegen diff``: what changed between two versions of the plan, in numbers and consequences.

``compare`` is pure (two ``Analysis`` → ``PlanDiff``); ``run`` is the command
at the I/O edge (git snapshots, printing, exit codes).
"""

from sitegen.diff.compare import compare
from sitegen.diff.formats import format_diff
from sitegen.diff.model import PlanDiff


def run(args) -> int:
    from sitegen.diff.command import run as run_command

    return run_command(args)


__all__ = ["PlanDiff", "compare", "format_diff", "run"]
