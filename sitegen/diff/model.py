"""What ``compare`` returns: a plan diff as plain frozen data, one list per concern.

Formats (text, markdown, json, html) and the site's "What changed" page only
lay these out; none of them compares anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sitegen.compute.plain_numbers import quantized
from sitegen.translation import Message

__all__ = [
    "Consequence",
    "FieldChange",
    "ItemChange",
    "KeyNumbers",
    "PlanDiff",
    "ProseChange",
    "SectionChange",
    "WarningChange",
    "percent_change",
    "plain_value",
]

Value = Any  # str | Decimal | int | date | None


def percent_change(old: Value, new: Value) -> Decimal | None:
    """(new − old) / old in percent, to one decimal; None unless both are non-zero numbers."""
    numeric = (int, Decimal)
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if not isinstance(old, numeric) or not isinstance(new, numeric) or old == 0:
        return None
    return quantized((Decimal(new) - Decimal(old)) / Decimal(old) * 100, Decimal("0.1"))


def plain_value(value: Value) -> Value:
    """A JSON-ready value: exact decimals as int or float, dates as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def show(value: Value) -> str:
    """A value for text output: decimals without exponent or trailing zeros, ``—`` for none."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Moved:
    """A value that went from ``old`` to ``new``: fields and consequences read their
    percent change the same way, so a number reads the same in every format."""

    old: Value
    new: Value

    @property
    def pct(self) -> Decimal | None:
        return percent_change(self.old, self.new)


@dataclass(frozen=True)
class FieldChange(_Moved):
    field: str  # "target", "stages[lead].conversion", "start"
    old: Value
    new: Value


@dataclass(frozen=True)
class SectionChange:
    status: str  # added | removed | renamed | changed
    id: str
    path: str  # path under the plan folder (the newer one; the older one when removed)
    title: str
    old_path: str | None = None
    old_id: str | None = None
    fields: tuple[FieldChange, ...] = ()  # title, owner, status, kind


@dataclass(frozen=True)
class ItemChange:
    kind: str  # settings | segment | product | goal | funnel | team | campaign | territory | budget | budget_line | competitor
    id: str
    status: str  # added | removed | changed | moved (campaign dates)
    section: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Consequence(_Moved):
    """A computed number that moved: ``goal`` mid-market-2027 ``required`` [lead] 120 → 150."""

    scope: str  # goal | capacity | budget | headline
    subject: str  # goal id, "role period", "" for plan-wide
    measure: str  # won | required | per_rep_per_day | use | planned | ...
    detail: str  # stage id, activity name, "" when none
    old: Value
    new: Value


@dataclass(frozen=True)
class WarningChange:
    status: str  # appeared | disappeared
    path: str  # under the plan folder
    code: str
    message: str  # English, as `check` prints it and the JSON carries it
    wording: Message | None = field(default=None, compare=False, repr=False, metadata={"json": False})

    def text(self, language: str = "en") -> str:
        """The warning in ``language`` (the PR comment, the site's "What changed")."""
        return self.wording.text(language) if self.wording else self.message


@dataclass(frozen=True)
class ProseChange:
    section: str
    path: str
    diff: str  # unified diff of the Markdown body


@dataclass(frozen=True)
class KeyNumbers:
    """The four numbers charted before/after on the site."""

    revenue_target: Decimal
    won_deals: int
    top_stage_leads: int
    budget_planned: Decimal


@dataclass(frozen=True)
class PlanDiff:
    before: str  # label of the older side ("v2027-q1", "origin/main")
    after: str  # "HEAD", "working tree"
    sections: tuple[SectionChange, ...] = ()
    items: tuple[ItemChange, ...] = ()
    consequences: tuple[Consequence, ...] = ()
    warnings: tuple[WarningChange, ...] = ()
    prose: tuple[ProseChange, ...] = ()
    key_before: KeyNumbers | None = None
    key_after: KeyNumbers | None = None
    currency: str = "USD"

    @property
    def empty(self) -> bool:
        return not (self.sections or self.items or self.consequences or self.warnings or self.prose)

    def counts(self) -> dict[str, int]:
        """How many changes of each concern, for summary tables."""
        return {
            "sections": len(self.sections),
            "fields": len(self.items),
            "consequences": len(self.consequences),
            "warnings": len(self.warnings),
            "prose": len(self.prose),
        }
