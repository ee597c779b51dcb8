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
from sitegen.translation import N_, Message, plural

# The words of a pull-request comment (markdown, html) in the plan's language;
# the terminal's text format stays English like `check`.
MEASURES = {
    "won": N_("won deals"),
    "required": N_("required at stage"),
    "per_rep_per_day": N_("per rep per day"),
    "use": N_("capacity use"),
    "needed_hours": N_("hours needed"),
    "total": N_("total"),
    "lines": N_("budget lines"),
    "campaigns": N_("campaign budgets"),
    "planned": N_("planned"),
    "remaining": N_("remaining"),
    "revenue_target": N_("revenue target"),
    "deals": N_("deals to win"),
    "leads": N_("leads needed"),
    "activities_per_rep_per_day": N_("activities per rep per day"),
    "capacity_use": N_("capacity use"),
    "warnings": N_("warnings"),
}
# Statuses, kinds of items and scopes of consequences, as the diff model names them
WORDS = {
    "added": N_("added"),
    "removed": N_("removed"),
    "renamed": N_("renamed"),
    "changed": N_("changed"),
    "moved": N_("moved"),
    "appeared": N_("appeared"),
    "disappeared": N_("disappeared"),
    "settings": N_("settings"),
    "goal": N_("goal"),
    "segment": N_("segment"),
    "product": N_("product"),
    "funnel": N_("funnel"),
    "team": N_("team"),
    "campaign": N_("campaign"),
    "territory": N_("territory"),
    "budget": N_("budget"),
    "budget_line": N_("budget line"),
    "competitor": N_("competitor"),
    "capacity": N_("capacity"),
    "scenario": N_("scenario"),
    "plan": N_("plan"),
}


WORKING_TREE = "working tree"  # the label of the uncommitted side (`sitegen diff REF`)


def side(label: str, language: str = "en") -> str:
    """A side of the comparison: a git ref as written, or the working tree in ``language``."""
    return N_("working tree").text(language) if label == WORKING_TREE else label


def word(name: str, language: str = "en") -> str:
    """A status, kind or scope of the diff model in ``language`` (unknown names as they are)."""
    known: Message | None = WORDS.get(name)
    return known.text(language) if known else name


def pct_text(pct: Decimal | None) -> str:
    return "" if pct is None else f"{'+' if pct > 0 else ''}{show(pct)}%"


def consequence_label(c: Consequence, language: str = "en") -> str:
    """``goal smb-2027: required at stage lead`` — subject, measure, detail."""
    measure = MEASURES.get(c.measure)
    what = measure.text(language) if measure else c.measure.replace("_", " ")
    head = f"{word(c.scope, language)} {c.subject}".strip() if c.scope != "headline" else word("plan", language)
    return f"{head}: {what}" + (f" {c.detail}" if c.detail else "")


def field_text(f: FieldChange) -> str:
    pct = pct_text(f.pct)
    return f"{f.field}: {show(f.old)} → {show(f.new)}" + (f" ({pct})" if pct else "")


KEY_NUMBERS = {
    "revenue_target": N_("Revenue target"),
    "won_deals": N_("Won deals"),
    "top_stage_leads": N_("Leads (top stage)"),
    "budget_planned": N_("Budget planned"),
}


def summary_rows(diff: PlanDiff, language: str = "en") -> list[tuple[str, str, str, str]]:
    """Key numbers before/after: (label, before, after, change)."""
    if diff.key_before is None or diff.key_after is None:
        return []
    rows = []
    for name, label in KEY_NUMBERS.items():
        old, new = getattr(diff.key_before, name), getattr(diff.key_after, name)
        change = "=" if old == new else pct_text(percent_change(old, new))
        rows.append((label.text(language), show(old), show(new), change))
    return rows


def item_rows(item: ItemChange) -> list[str]:
    return [field_text(f) for f in item.fields]


def counts_line(diff: PlanDiff, language: str = "en") -> str:
    """``2 section change(s), 1 changed item(s), ...`` in ``language``'s plural forms."""
    c = diff.counts()
    parts = (
        plural(language, "%(n)d section change(s)", "%(n)d section change(s)", c["sections"]),
        plural(language, "%(n)d changed item(s)", "%(n)d changed item(s)", c["fields"]),
        plural(language, "%(n)d consequence(s)", "%(n)d consequence(s)", c["consequences"]),
        plural(language, "%(n)d warning change(s)", "%(n)d warning change(s)", c["warnings"]),
        plural(language, "%(n)d prose change(s)", "%(n)d prose change(s)", c["prose"]),
    )
    return ", ".join(parts)
