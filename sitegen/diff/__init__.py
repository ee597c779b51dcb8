"""``sitegen diff``: what changed between two versions of the plan, in numbers and consequences.

``sitegen.diff.compare.compare`` is pure (two ``Analysis`` → ``PlanDiff`` of
``sitegen.diff.model``), ``sitegen.diff.formats.format_diff`` writes it out,
and ``run`` is the command at the I/O edge (git snapshots, printing, exit
codes).

Nothing is imported here up front: every ``sitegen build`` imports
``sitegen.diff.model`` for the history pages, and only plans with a
``compare_to`` need the comparison engine and its formats.
"""


def run(args) -> int:
    from sitegen.diff.command import run as run_command

    return run_command(args)


__all__ = ["run"]
