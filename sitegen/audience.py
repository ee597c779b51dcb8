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
from functools import lru_cache
from typing import Any, TypeVar, cast

from sitegen.diagnostics import Diagnostic
from sitegen.model.kinds import (
    Actual,
    BudgetLine,
    BudgetSection,
    Campaign,
    Competitor,
    FunnelSection,
    Goal,
    Package,
    Product,
    Segment,
    Strict,
    TeamMember,
    Territory,
)
from sitegen.model.plan import GoalLinks, KindData, Placed, Plan, Section
from sitegen.model.scenario import Scenario
from sitegen.model.settings import Audience

# section kind → its list fields, each with the rule that keeps (and trims) an item. The item is
# read off its section by the field's name (`getattr`), so the table cannot say which model each
# rule takes; each rule's own signature does, and returns an item of the model it was given.
Rule = Callable[[Any, "Visible"], Strict | None]
Item = TypeVar("Item", bound=Strict)


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


@lru_cache(maxsize=1024)
def matching_sections(rels: tuple[str, ...], globs: tuple[str, ...] | None) -> frozenset[str]:
    """The section paths `rels` that `globs` match, once per plan: `check` asks for every
    audience's, and `build --audience all` checks the plan again for each audience (49
    regional audiences of a 1,000-section plan matched 50 × 49 × 1,000 paths)."""
    return frozenset(rel for rel in rels if section_matches(rel, globs))


def _seen_segments(segments: tuple[str, ...], visible: frozenset[str]) -> bool:
    """An item for no segment is everyone's; one for some segments, of those who see one."""
    return not segments or bool(set(segments) & visible)


def visible_ids(plan: Plan, audience: Audience) -> Visible:
    all_segments = frozenset(p.item.id for p in plan.segments)
    segments = all_segments if audience.segments is None else segment_family(plan, audience.segments)
    territories = frozenset(
        p.item.id for p in plan.territories if audience.territories is None or p.item.id in audience.territories
    )
    sections = matching_sections(tuple(s.rel for s in plan.sections), audience.sections)
    products = frozenset(
        p.item.id for p in plan.products
        if p.section.rel in sections and _seen_segments(p.item.segments, segments)
    )
    funnels = frozenset(
        f.section.id for f in plan.funnels
        if f.section.rel in sections and (f.item.segment is None or f.item.segment in segments)
    )
    links = GoalLinks(plan)
    goals: set[str] = set()
    for p in plan.goals:
        goal, funnel = p.item, links.funnel(p.item)
        if (p.section.rel in sections and (goal.segment is None or goal.segment in segments)
                and (goal.product is None or goal.product in products)
                and (funnel is None or funnel.section.id in funnels)):
            goals.add(goal.id)
    roles = {a.role for f in plan.funnels if f.section.id in funnels for a in f.item.activities if a.role}
    team = frozenset(
        p.item.id for p in plan.team
        if p.item.id in roles or _seen_segments(p.item.segments, segments)
    )
    return Visible(segments, territories, products, funnels, frozenset(goals), team, sections)


def _segment(item: Segment, v: Visible) -> Segment | None:
    if item.id not in v.segments:
        return None
    return item if item.parent is None or item.parent in v.segments else item.model_copy(update={"parent": None})


def _priced(item: Product | Package, v: Visible) -> Product | Package | None:
    if item.id not in v.products:
        return None
    update: dict[str, Any] = {"segments": tuple(s for s in item.segments if s in v.segments)}
    if isinstance(item, Package):
        update["includes"] = tuple(i for i in item.includes if i in v.products)
    return item.model_copy(update=update)


def _team(item: TeamMember, v: Visible) -> TeamMember | None:
    if item.id not in v.team:
        return None
    if not item.segments:
        return item
    return item.model_copy(update={"segments": tuple(s for s in item.segments if s in v.segments)})


def _goal(goal: Goal, v: Visible) -> Goal | None:
    return goal if goal.id in v.goals else None


def _campaign(c: Campaign, v: Visible) -> Campaign | None:
    return c if (c.segment is None or c.segment in v.segments) and (c.goal is None or c.goal in v.goals) else None


def _territory(t: Territory, v: Visible) -> Territory | None:
    return t if t.id in v.territories else None


def _budget_line(b: BudgetLine, v: Visible) -> BudgetLine | None:
    return b if (b.territory is None or b.territory in v.territories) and (b.team is None or b.team in v.team) else None


def _actual(a: Actual, v: Visible) -> Actual | None:
    return a if a.goal in v.goals else None


def _competitor(c: Competitor, v: Visible) -> Competitor:
    return c  # company-wide, but only in sections it sees


RULES: dict[tuple[str, str], Rule] = {
    ("segments", "segments"): _segment,
    ("offer", "products"): _priced,
    ("offer", "packages"): _priced,
    ("goals", "goals"): _goal,
    ("resources", "team"): _team,
    ("campaigns", "campaigns"): _campaign,
    ("territories", "territories"): _territory,
    ("budget", "lines"): _budget_line,
    ("actuals", "actuals"): _actual,
    ("positioning", "competitors"): _competitor,
}


def _restrict_section(section: Section, v: Visible, kept_items: dict[int, Strict]) -> Section | None:
    """The section as the audience sees it, or None when it is not theirs at all."""
    if section.rel not in v.sections:
        return None
    if section.kind == "funnel" and section.id not in v.funnels:
        return None
    update: dict[str, tuple[Strict, ...]] = {}
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


def _scenarios(plan: Plan, v: Visible) -> tuple[Scenario, ...]:
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
    kept_items: dict[int, Strict] = {}
    sections = {id(s): _restrict_section(s, v, kept_items) for s in plan.sections}

    def placed(items: tuple[Placed[Item], ...]) -> tuple[Placed[Item], ...]:
        out = []
        for p in items:
            section = sections.get(id(p.section))
            if section is None:
                continue
            if id(p.item) in kept_items:
                # the rule kept (a trimmed copy of) this very item: a model of the item's own type
                out.append(Placed(cast(Item, kept_items[id(p.item)]), section, p.path))
            elif isinstance(p.item, Actual) and p.item.goal in v.goals:  # a CSV row: not in the front matter
                out.append(Placed(p.item, section, p.path))
        return tuple(out)

    def whole(items: tuple[Placed[KindData], ...], model: type[KindData]) -> tuple[Placed[KindData], ...]:
        """Items that are their whole section (path ()): the section as the audience sees it."""
        return tuple(Placed(section.data_as(model), section, p.path) for p in items
                     if (section := sections.get(id(p.section))) is not None)

    return replace(
        plan,
        settings=plan.settings.model_copy(update={"audiences": (audience,), "scenarios": _scenarios(plan, v)}),
        sections=tuple(s for s in sections.values() if s is not None),
        funnels=whole(plan.funnels, FunnelSection),
        budgets=whole(plan.budgets, BudgetSection),
        segments=placed(plan.segments),
        products=placed(plan.products),
        goals=placed(plan.goals),
        team=placed(plan.team),
        campaigns=placed(plan.campaigns),
        territories=placed(plan.territories),
        budget_lines=placed(plan.budget_lines),
        actuals=placed(plan.actuals),
        competitors=placed(plan.competitors),
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
