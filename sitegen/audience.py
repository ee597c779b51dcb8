"""An audience's part of the plan (PLAN_FORMAT §10): the validated plan → the plan it may see.

It sits between validate and compute, so every figure of an audience's site is
computed again on its part, by the same code as the whole plan's. What the
audience may not see is dropped from the typed plan before anything is
computed or rendered, so no later stage can leak it: segments (a segment
brings its sub-segments), territories, the goals, funnels, campaigns, budget
lines and actuals of others, and the sections outside its `sections` globs.
Items with no segment or territory are company-wide and stay. A section whose
every item belongs to others goes too: its title would name them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from typing import Any

from sitegen.diagnostics import Diagnostic
from sitegen.model.plan import GoalLinks, Placed, Plan, Section
from sitegen.model.settings import Audience

# section kind → its list fields, each with the rule that keeps (and trims) an item
Rule = Callable[[Any, "Visible"], Any | None]


@dataclass(frozen=True)
class Visible:
    """The ids an audience may see, namespace by namespace."""

    segments: frozenset[str]
    territories: frozenset[str]
    products: frozenset[str]
    funnels: frozenset[str]
    goals: frozenset[str]
    team: frozenset[str]
    sections: frozenset[str]  # section rels matching the audience's globs


def segment_family(plan: Plan, roots: Iterable[str]) -> frozenset[str]:
    """The segments and every sub-segment below them."""
    children: dict[str, list[str]] = {}
    for p in plan.segments:
        if p.item.parent:
            children.setdefault(p.item.parent, []).append(p.item.id)
    found: set[str] = set()
    todo = list(roots)
    while todo:
        seg = todo.pop()
        if seg not in found:
            found.add(seg)
            todo.extend(children.get(seg, ()))
    return frozenset(found)


def section_matches(rel: str, globs: tuple[str, ...] | None) -> bool:
    """`sections` globs match the path under the plan folder (`emea/*`, `strategy/goals.md`)."""
    return globs is None or any(fnmatchcase(rel, g) or fnmatchcase(rel, f"{g}.md") for g in globs)


def _seen_segments(segments: tuple[str, ...], visible: frozenset[str]) -> bool:
    """An item for no segment is everyone's; one for some segments, of those who see one."""
    return not segments or bool(set(segments) & visible)


def visible_ids(plan: Plan, audience: Audience) -> Visible:
    all_segments = frozenset(p.item.id for p in plan.segments)
    segments = all_segments if audience.segments is None else segment_family(plan, audience.segments)
    territories = frozenset(
        p.item.id for p in plan.territories if audience.territories is None or p.item.id in audience.territories
    )
    sections = frozenset(s.rel for s in plan.sections if section_matches(s.rel, audience.sections))
    products = frozenset(
        p.item.id for p in plan.products
        if p.section.rel in sections and _seen_segments(p.item.segments, segments)
    )
    funnels = frozenset(
        f.section.id for f in plan.funnels
        if f.section.rel in sections and (f.item.segment is None or f.item.segment in segments)
    )
    links = GoalLinks(plan)
    goals = set()
    for p in plan.goals:
        goal, funnel = p.item, links.funnel(p.item)
        if (p.section.rel in sections and (goal.segment is None or goal.segment in segments)
                and (goal.product is None or goal.product in products)
                and (funnel is None or funnel.section.id in funnels)):
            goals.add(goal.id)
    roles = {a.role for f in plan.funnels if f.section.id in funnels for a in f.item.activities if a.role}
    team = frozenset(
        p.item.id for p in plan.team
        if p.item.id in roles or _seen_segments(getattr(p.item, "segments", ()) or (), segments)
    )
    return Visible(segments, territories, products, funnels, frozenset(goals), team, sections)


def _segment(item, v: Visible):
    if item.id not in v.segments:
        return None
    return item if item.parent is None or item.parent in v.segments else item.model_copy(update={"parent": None})


def _priced(item, v: Visible):
    if item.id not in v.products:
        return None
    update: dict[str, Any] = {"segments": tuple(s for s in item.segments if s in v.segments)}
    if hasattr(item, "includes"):
        update["includes"] = tuple(i for i in item.includes if i in v.products)
    return item.model_copy(update=update)


def _team(item, v: Visible):
    if item.id not in v.team:
        return None
    segments = getattr(item, "segments", None)
    if not segments:
        return item
    return item.model_copy(update={"segments": tuple(s for s in segments if s in v.segments)})


RULES: dict[tuple[str, str], Rule] = {
    ("segments", "segments"): _segment,
    ("offer", "products"): _priced,
    ("offer", "packages"): _priced,
    ("goals", "goals"): lambda g, v: g if g.id in v.goals else None,
    ("resources", "team"): _team,
    ("campaigns", "campaigns"): lambda c, v: c if (c.segment is None or c.segment in v.segments)
    and (c.goal is None or c.goal in v.goals) else None,
    ("territories", "territories"): lambda t, v: t if t.id in v.territories else None,
    ("budget", "lines"): lambda b, v: b if (b.territory is None or b.territory in v.territories)
    and (b.team is None or b.team in v.team) else None,
    ("actuals", "actuals"): lambda a, v: a if a.goal in v.goals else None,
    ("positioning", "competitors"): lambda c, v: c,  # company-wide, but only in sections it sees
}


def _restrict_section(section: Section, v: Visible, kept_items: dict[int, Any]) -> Section | None:
    """The section as the audience sees it, or None when it is not theirs at all."""
    if section.rel not in v.sections:
        return None
    if section.kind == "funnel" and section.id not in v.funnels:
        return None
    update: dict[str, tuple] = {}
    kept_paths: dict[str, list[int]] = {}
    had = left = 0
    for (kind, name), rule in RULES.items():
        if kind != section.kind:
            continue
        items = getattr(section.data, name)
        paths = section.kept.get(name) or list(range(len(items)))
        kept = [(i, rule(item, v)) for i, item in enumerate(items)]
        for i, new in kept:
            if new is not None:
                kept_items[id(items[i])] = new
        update[name] = tuple(new for _, new in kept if new is not None)
        kept_paths[name] = [paths[i] for i, new in kept if new is not None]
        had, left = had + len(items), left + len(update[name])
    if had and not left:
        return None
    if not update:
        return section
    return replace(section, data=section.data.model_copy(update=update), kept={**section.kept, **kept_paths})


def _scenarios(plan: Plan, v: Visible) -> tuple:
    """The scenarios of its segments and the company's, changing only teams it sees."""
    kept = []
    for scenario in plan.settings.scenarios:
        if scenario.segment is not None and scenario.segment not in v.segments:
            continue
        headcount = scenario.adjust.headcount
        if headcount:
            adjust = scenario.adjust.model_copy(update={"headcount": {k: n for k, n in headcount.items() if k in v.team}})
            scenario = scenario.model_copy(update={"adjust": adjust})
        kept.append(scenario)
    return tuple(kept)


def restrict(plan: Plan, audience: Audience) -> Plan:
    """The plan `audience` may see, ready for the same computation as the whole plan."""
    v = visible_ids(plan, audience)
    kept_items: dict[int, Any] = {}
    sections = {id(s): _restrict_section(s, v, kept_items) for s in plan.sections}

    def placed(items: tuple[Placed, ...], whole: bool = False) -> tuple[Placed, ...]:
        out = []
        for p in items:
            section = sections.get(id(p.section))
            if section is None:
                continue
            if whole:
                out.append(Placed(section.data, section, p.path))
            elif id(p.item) in kept_items:
                out.append(Placed(kept_items[id(p.item)], section, p.path))
            elif p.section.kind == "actuals" and p.item.goal in v.goals:  # a CSV row: not in the front matter
                out.append(Placed(p.item, section, p.path))
        return tuple(out)

    lists = ("segments", "products", "goals", "team", "campaigns", "territories", "budget_lines", "actuals",
             "competitors")
    return replace(
        plan,
        settings=plan.settings.model_copy(update={"audiences": (audience,), "scenarios": _scenarios(plan, v)}),
        sections=tuple(s for s in sections.values() if s is not None),
        funnels=placed(plan.funnels, whole=True),
        budgets=placed(plan.budgets, whole=True),
        **{name: placed(getattr(plan, name)) for name in lists},
    )


def find_audience(plan: Plan, audience_id: str) -> Audience | None:
    return next((a for a in plan.settings.audiences if a.id == audience_id), None)


def audience_view(plan: Plan, audience: Audience, diagnostics: list[Diagnostic]) -> tuple[Plan, list[Diagnostic]]:
    """The audience's plan, and the whole plan's diagnostics it may read: those of the
    sections it sees whole. Others (plan.yaml's, a section trimmed for it) may name what
    it may not see; the computation of its own plan adds its own warnings afterwards."""
    seen = restrict(plan, audience)
    whole = {id(s) for s in plan.sections}
    unchanged = {s.path for s in seen.sections if id(s) in whole}
    return seen, [d for d in diagnostics if d.path in unchanged]
