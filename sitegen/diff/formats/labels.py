"""The rows and labels every format of a ``PlanDiff`` shows.

All formats read the same rows (``summary_rows``, ``item_rows``,
``consequence_rows``), so a number reads the same in a terminal, a PR comment
and the site.
"""

from __future__ import annotations

from decimal import Decimal

from sitegen.diff.model import (
    Consequence,
    FieldChange,
    ItemChange,
    PlanDiff,
    percent_change,
    show,
)

MEASURES = {
    "won": "won deals",
    "required": "required at stage",
    "per_rep_per_day": "per rep per day",
    "use": "capacity use",
    "needed_hours": "hours needed",
    "total": "total",
    "lines": "budget lines",
    "campaigns": "campaign budgets",
    "planned": "planned",
    "remaining": "remaining",
    "revenue_target": "revenue target",
    "deals": "deals to win",
    "leads": "leads needed",
    "activities_per_rep_per_day": "activities per rep per day",
    "capacity_use": "capacity use",
    "warnings": "warnings",
}


def pct_text(pct: Decimal | None) -> str:
    return "" if pct is None else f"{'+' if pct > 0 else ''}{show(pct)}%"


def consequence_label(c: Consequence) -> str:
    """``goal smb-2027: required at stage lead`` — subject, measure, detail."""
    what = MEASURES.get(c.measure, c.measure.replace("_", " "))
    head = f"{c.scope} {c.subject}".strip() if c.scope != "headline" else "plan"
    return f"{head}: {what}" + (f" {c.detail}" if c.detail else "")


def field_text(f: FieldChange) -> str:
    pct = pct_text(f.pct)
    return f"{f.field}: {show(f.old)} → {show(f.new)}" + (f" ({pct})" if pct else "")


def summary_rows(diff: PlanDiff) -> list[tuple[str, str, str, str]]:
    """Key numbers before/after: (label, before, after, change)."""
    if diff.key_before is None or diff.key_after is None:
        return []
    labels = {
        "revenue_target": "Revenue target",
        "won_deals": "Won deals",
        "top_stage_leads": "Leads (top stage)",
        "budget_planned": "Budget planned",
    }
    rows = []
    for name, label in labels.items():
        old, new = getattr(diff.key_before, name), getattr(diff.key_after, name)
        change = "=" if old == new else pct_text(percent_change(old, new))
        rows.append((label, show(old), show(new), change))
    return rows


def item_rows(item: ItemChange) -> list[str]:
    return [field_text(f) for f in item.fields]


def counts_line(diff: PlanDiff) -> str:
    c = diff.counts()
    return (
        f"{c['sections']} section change(s), {c['fields']} changed item(s), "
        f"{c['consequences']} consequence(s), {c['warnings']} warning change(s), {c['prose']} prose change(s)"
    )
