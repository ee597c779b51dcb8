"""Merge the items of every section into the plan's typed lists (PLAN_FORMAT §1: lists merge)."""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.load.yamlmarks import Marks
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


def _items(sections: Iterable[Section], kind: str, field: str) -> list[Placed]:
    out = []
    for section in sections:
        if section.kind == kind:
            for index, item in enumerate(getattr(section.data, field)):
                out.append(Placed(item, section, section.item_path(field, index)))
    return out


def assemble(settings: PlanSettings, settings_path: str, settings_marks: Marks, sections: list[Section], extra_actuals: list[Placed], files: int) -> Plan:
    lists = {attr: [p for kf in spec for p in _items(sections, *kf)] for attr, spec in _LISTS.items()}
    lists["actuals"] += extra_actuals
    return Plan(
        settings=settings,
        settings_path=settings_path,
        settings_marks=settings_marks,
        sections=tuple(sections),
        funnels=tuple(Placed(s.data, s, ()) for s in sections if s.kind == "funnel"),
        budgets=tuple(Placed(s.data, s, ()) for s in sections if s.kind == "budget"),
        files=files,
        **{k: tuple(v) for k, v in lists.items()},
    )
