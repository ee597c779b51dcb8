"""The sales-cycle lag (PLAN_FORMAT §7): work for a deal happens before the deal closes.

Stage k's lead time `L_k` is the sum of `days` of stages k … last. Its work
for deals closing in month m moves `L_k / 30` months earlier: with
`q = floor(L_k / 30)` and `f = L_k / 30 − q`, a share `1 − f` falls in month
`m − q` and `f` in month `m − q − 1`. What falls before the plan's first
month is the opening pipeline. Exact fractions: nothing is lost on the way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from sitegen.model.kinds import Stage

__all__ = ["lead_times", "shift", "split_at"]

DAYS_PER_MONTH = 30


def lead_times(stages: Sequence[Stage]) -> dict[str, Fraction]:
    """Stage id → days from entering it to the deal closing (its own days and every later stage's)."""
    out: dict[str, Fraction] = {}
    total = Fraction(0)
    for stage in reversed(stages):
        total += Fraction(stage.days)
        out.setdefault(stage.id, total)  # a repeated stage id (an error) keeps its last place
    return out


def shift(amounts: Mapping[int, Fraction], lead_days: Fraction) -> dict[int, Fraction]:
    """`amounts` by closing month, moved `lead_days / 30` months earlier."""
    if not lead_days:
        return dict(amounts)
    months = Fraction(lead_days) / DAYS_PER_MONTH
    whole = math.floor(months)
    part = months - whole
    out: dict[int, Fraction] = {}
    for month, amount in amounts.items():
        if not amount:
            continue
        out[month - whole] = out.get(month - whole, Fraction(0)) + amount * (1 - part)
        if part:
            out[month - whole - 1] = out.get(month - whole - 1, Fraction(0)) + amount * part
    return out


def split_at(amounts: Mapping[int, Fraction], first_month: int) -> tuple[dict[int, Fraction], Fraction]:
    """(the amounts from `first_month` on, the sum of those before it: the opening pipeline)."""
    inside = {m: a for m, a in amounts.items() if m >= first_month}
    before = sum((a for m, a in amounts.items() if m < first_month), Fraction(0))
    return inside, before
