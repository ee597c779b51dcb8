"""Merge the items of every section into the plan's typed lists (PLAN_FORMAT §1: lists merge)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sitegen.load.yamlmarks import Marks
from sitegen.model.kinds import Actual
from sitegen.model.plan import Placed, Plan, Section
from sitegen.model.settings import PlanSettings

# plan attribute → (section kind, list field)
_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "segments": (("segments", "segments"),),
    "products": (("offer", "products"), ("offer", "packages")),
    "goals": (("goals", "goals"),),
    "team": (("resources", "team"),),
    "campaigns": (("campaigns", "campaigns"),),
    "territories": (("territories", "territories"),),
    "budget_lines": (("budget", "lines"),),
    "actuals": (("actuals", "actuals"),),
    "competitors": (("positioning", "competitors"),),
}
# Sections that are themselves an item of the plan (`Plan.funnels`, `Plan.budgets`; item: the
# section's data, path ()).
_WHOLE = frozenset({"funnel", "budget"})
_FIELDS_OF: dict[str, tuple[str, ...]] = {}
for _spec in _LISTS.values():
    for _kind, _field in _spec:
        _FIELDS_OF.setdefault(_kind, ())
        _FIELDS_OF[_kind] += (_field,)

# list field (or "" for the section itself) → items. The items are of as many types as there are
# list fields, looked up by name: Any here, and `Plan`'s fields give each list its item type.
SectionItems = Mapping[str, tuple[Placed[Any], ...]]


def section_items(section: Section) -> SectionItems:
    """One section's contribution to the plan's lists, placed: a function of the section alone.

    `serve` keeps it with the validated section of an unchanged file, so the
    items stay the same objects from one rebuild to the next.
    """
    items = {
        field: tuple(
            Placed(item, section, section.item_path(field, index))
            for index, item in enumerate(getattr(section.data, field))
        )
        for field in _FIELDS_OF.get(section.kind, ())
    }
    if section.kind in _WHOLE:
        items[""] = (Placed(section.data, section, ()),)
    return items


def assemble(
    settings: PlanSettings, settings_path: str, settings_marks: Marks, sections: list[Section],
    extra_actuals: list[Placed[Actual]], files: int, items: Sequence[SectionItems] | None = None,
) -> Plan:
    """The plan; `items` (one `section_items` per section, in order) when the caller has them already."""
    if items is None:
        items = [section_items(section) for section in sections]
    by_kind: dict[str, list[SectionItems]] = {}
    for section, found in zip(sections, items, strict=True):
        by_kind.setdefault(section.kind, []).append(found)

    def merged(attr: str) -> tuple[Placed[Any], ...]:
        return tuple(p for kind, field in _LISTS[attr] for found in by_kind.get(kind, ()) for p in found[field])

    def whole(kind: str) -> tuple[Placed[Any], ...]:
        return tuple(p for found in by_kind.get(kind, ()) for p in found[""])

    # Every list by name (not `**` over the tables): the type checker then sees each field filled.
    return Plan(
        settings=settings,
        settings_path=settings_path,
        settings_marks=settings_marks,
        sections=tuple(sections),
        segments=merged("segments"),
        products=merged("products"),
        goals=merged("goals"),
        funnels=whole("funnel"),
        team=merged("team"),
        campaigns=merged("campaigns"),
        territories=merged("territories"),
        budget_lines=merged("budget_lines"),
        budgets=whole("budget"),
        actuals=(*merged("actuals"), *extra_actuals),
        competitors=merged("competitors"),
        files=files,
    )
