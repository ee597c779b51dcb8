"""What changed between two versions of the plan, in numbers and consequences.

``sitegen.diff.compare.compare`` is pure (two ``Analysis`` → ``PlanDiff`` of
``sitegen.diff.model``) and ``sitegen.diff.formats`` writes it out; the
``sitegen diff`` command (git snapshots, printing, exit codes) is
``sitegen.commands.diff``.

Nothing is imported here up front: every ``sitegen build`` imports
``sitegen.diff.model`` for the history pages, and only plans with a
``compare_to`` need the comparison engine and its formats.
"""
