"""``compare(a, b)``: two analysed plans → a ``PlanDiff``. Pure; no git, no files.

``renames`` (old path → new path under the plan folder) is git's own rename
detection when the caller has it; without it sections are paired by id, then
by content similarity.
"""

from __future__ import annotations

from collections.abc import Mapping

from sitegen.diff.consequences import consequences, key_numbers, warning_changes
from sitegen.diff.items import item_changes
from sitegen.diff.model import PlanDiff
from sitegen.diff.sections import match_sections, prose_changes, section_changes
from sitegen.pipeline import Analysis

__all__ = ["compare"]


def compare(
    a: Analysis,
    b: Analysis,
    renames: Mapping[str, str] | None = None,
    labels: tuple[str, str] | None = None,
) -> PlanDiff:
    """Everything that differs between plan ``a`` (older) and plan ``b`` (newer).

    Both must have been computed (no errors); callers report errors first.
    """
    if a.plan is None or b.plan is None or a.computed is None or b.computed is None:
        raise ValueError("compare needs two plans without errors")
    labels = labels or (a.sources.origin, b.sources.origin)
    pairs = match_sections(a, b, renames)
    return PlanDiff(
        before=labels[0],
        after=labels[1],
        sections=tuple(section_changes(a, b, pairs)),
        items=tuple(item_changes(a.plan, b.plan)),
        consequences=tuple(consequences(a.computed, b.computed)),
        warnings=tuple(warning_changes(a, b)),
        prose=tuple(prose_changes(a, b, pairs, labels)),
        key_before=key_numbers(a.computed),
        key_after=key_numbers(b.computed),
        currency=b.computed.currency,
    )
