"""The plan's cross-links: where each thing is shown, what it is called, what refers to it.

A plan is read by following it: a goal leads to its funnel, the funnel to the
segment it sells to, the segment to its campaigns, a campaign to the calendar.
`plan_links(plan, computed, t)` indexes every reference of the plan once, both
ways (a campaign naming a goal links the goal to the campaign too), so each
page can show its ids as links under their human names and list, for each of
its items, "where in the plan" it is used. Pure: a function of the plan.

Things are keyed `(kind, id)`: `goal`, `segment`, `product` (products and
packages share one namespace), `funnel` (its section id), `campaign`,
`territory`, `team`, `budget` and `actuals` (section ids), `calendar`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.compute.results import ComputedPlan, GoalResult
from sitegen.model.plan import Plan
from sitegen.site.engine.components import Link
from sitegen.site.engine.urls import page_path, relative_url

__all__ = [
    "Link", "LinkFacts", "Place", "PlanLinks", "Where", "anchor_for", "campaign_place", "link_facts", "links_from",
    "plan_links",
]

Key = tuple[str, str]
CALENDAR_PAGE = "calendar.html"
# The order of the groups in a "where in the plan" list: the order a plan is built in.
KINDS = ("goal", "segment", "product", "funnel", "team", "campaign", "calendar", "territory", "budget", "actuals")
# Things shown as rows or cards of a page get an anchor there; sections are a page of their own.
_ANCHORED = frozenset({"goal", "segment", "product", "campaign", "territory", "team"})


@dataclass(frozen=True, slots=True)
class Place:
    """Where a thing is shown: a site page and the anchor of its row or card (None: the page)."""

    page: str
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Where:
    """"Where in the plan" for one item: the item, then (label, links) per kind of related thing."""

    item: Link | str
    groups: tuple[tuple[str, tuple[Link, ...]], ...]


def anchor_for(kind: str, item_id: str) -> str:
    """The HTML id of a thing's row or card on its page (`goal-smb-2027`)."""
    return f"{kind}-{item_id}"


def campaign_place(section_id: str, campaign_id: str) -> Place:
    """A campaign's row on its campaigns page (the calendar links there without the index)."""
    return Place(page_path(section_id), anchor_for("campaign", campaign_id))


@dataclass(frozen=True)
class PlanLinks:
    """Places, labels and both-way references of every thing in one plan."""

    places: Mapping[Key, Place]
    labels: Mapping[Key, str]
    related: Mapping[Key, tuple[Key, ...]]
    group_labels: Mapping[str, str]  # kind → "Goals", "Campaigns", … in the plan's language

    def label(self, kind: str, item_id: str) -> str:
        """The thing's human name (the id itself when the plan gives none)."""
        return self.labels.get((kind, item_id), item_id)

    def link(self, kind: str, item_id: str | None, from_page: str) -> Link | str:
        """A link to the thing from `from_page`; its plain label when it is shown nowhere."""
        if not item_id:
            return ""
        place = self.places.get((kind, item_id))
        label = self.label(kind, item_id)
        if place is None:
            return label
        return Link(label, relative_url(from_page, place.page, place.anchor))

    def links(self, kind: str, ids: Iterable[str], from_page: str) -> tuple[Link | str, ...]:
        return tuple(self.link(kind, i, from_page) for i in ids)

    def where(self, kind: str, item_id: str, from_page: str) -> Where | None:
        """What refers to the thing and what it refers to, grouped by kind; None when nothing."""
        related = self.related.get((kind, item_id), ())
        groups = []
        for group in KINDS:
            found = tuple(link for k, i in related if k == group
                          if isinstance(link := self.link(k, i, from_page), Link))
            if found:
                groups.append((self.group_labels[group], found))
        if not groups:
            return None
        return Where(self.link(kind, item_id, from_page), tuple(groups))

    def where_all(self, kind: str, ids: Iterable[str], from_page: str) -> tuple[Where, ...]:
        return tuple(w for i in ids if (w := self.where(kind, i, from_page)) is not None)


LinkFacts = tuple[tuple[tuple[Key, str | None, str], ...], tuple[tuple[Key, str, str], ...]]


class _Facts:
    """What the index is made of, collected while `link_facts` walks the plan: each thing's key,
    section and label, and each reference."""

    def __init__(self) -> None:
        self.things: list[tuple[Key, str | None, str]] = []
        self.references: list[tuple[Key, str, str]] = []

    def add(self, key: Key, section_id: str | None, label: str) -> None:
        self.things.append((key, section_id, label))

    def refer(self, key: Key, kind: str, other: str | None) -> None:
        """`key` names `(kind, other)` (a missing id links nowhere)."""
        if other and (kind, other) != key:
            self.references.append((key, kind, other))


class _Index:
    """Places, labels and references of every thing, made from the facts (`links_from`)."""

    def __init__(self) -> None:
        self.places: dict[Key, Place] = {}
        self.labels: dict[Key, str] = {}
        self.related: dict[Key, dict[Key, None]] = {}

    def add(self, key: Key, section_id: str | None, label: str) -> None:
        if section_id is None:  # a campaign's entry in the calendar's agenda
            self.places[key] = Place(CALENDAR_PAGE, f"agenda-{key[1]}")
            self.labels[key] = label
            return
        if key in self.places:  # a repeated id is an error of its own; the first one wins
            return
        anchor = anchor_for(*key) if key[0] in _ANCHORED else None
        self.places[key] = Place(page_path(section_id), anchor)
        self.labels[key] = label

    def refer(self, key: Key, kind: str, other: str) -> None:
        """Each lists the other."""
        self.related.setdefault(key, {})[(kind, other)] = None
        self.related.setdefault((kind, other), {})[key] = None


def _named(field: str) -> Callable[[Any], tuple[str, str]]:
    """An item of a section, keyed by its id and called by its `field`."""
    return lambda placed: (placed.item.id, getattr(placed.item, field))


def _whole(placed: Any) -> tuple[str, str]:
    """A thing a section is as a whole (a funnel, a budget, actuals): keyed and called by its section."""
    return placed.section.id, placed.section.title


def _things(plan: Plan, index: _Facts) -> None:
    """Where each thing is defined, and its name."""
    goal_name = lambda p: (p.item.id, getattr(p.item, "name", None) or p.item.id)  # noqa: E731
    for kind, placed, key_and_label in (
        ("segment", plan.segments, _named("name")), ("product", plan.products, _named("name")),
        ("goal", plan.goals, goal_name), ("funnel", plan.funnels, _whole), ("team", plan.team, _named("role")),
        ("campaign", plan.campaigns, _named("name")), ("territory", plan.territories, _named("name")),
        ("budget", plan.budgets, _whole), ("actuals", plan.actuals, _whole),
    ):
        for p in placed:
            key, label = key_and_label(p)
            index.add((kind, key), p.section.id, label)


def _references(plan: Plan, goals: Iterable[GoalResult], index: _Facts) -> None:
    """Every id one thing names of another."""
    for g in goals:  # computed: the funnel a goal really uses, named or not
        key = ("goal", g.id)
        index.refer(key, "funnel", g.funnel)
        index.refer(key, "segment", g.segment)
        index.refer(key, "product", g.product)
        index.refer(key, "goal", g.parent)
    for s in plan.segments:
        index.refer(("segment", s.item.id), "segment", s.item.parent)
    for pr in plan.products:
        key = ("product", pr.item.id)
        for segment in pr.item.segments:
            index.refer(key, "segment", segment)
        for product in getattr(pr.item, "includes", ()):
            index.refer(key, "product", product)
    for f in plan.funnels:
        key = ("funnel", f.section.id)
        index.refer(key, "segment", f.item.segment)
        for activity in f.item.activities:
            index.refer(key, "team", activity.role)
    for m in plan.team:
        for segment in m.item.segments:
            index.refer(("team", m.item.id), "segment", segment)
    for c in plan.campaigns:
        key = ("campaign", c.item.id)
        index.refer(key, "goal", c.item.goal)
        index.refer(key, "segment", c.item.segment)
        index.refer(key, "calendar", c.item.id)
        if c.item.budget is not None and plan.budgets:  # counted in the budget's campaign figures
            index.refer(key, "budget", plan.budgets[0].section.id)
    for line in plan.budget_lines:
        key = ("budget", line.section.id)
        index.refer(key, "territory", line.item.territory)
        index.refer(key, "team", line.item.team)
    for a in plan.actuals:
        index.refer(("actuals", a.section.id), "goal", a.item.goal)


def link_facts(plan: Plan, goals: Iterable[GoalResult], month: Callable[[Any], str] = str) -> LinkFacts:
    """What the link index of one plan is made from: every thing's key, section and label, and
    every reference, in one walk of the plan (`goals`: the computed goals, for the funnel each
    really uses). `serve` keeps the index while these are the same: a new target changes none."""
    facts = _Facts()
    _things(plan, facts)
    for p in plan.campaigns:  # each campaign's entry in the calendar's agenda
        facts.add(("calendar", p.item.id), None, month(p.item.start))
    _references(plan, goals, facts)
    return tuple(facts.things), tuple(facts.references)


def links_from(facts: LinkFacts, t: Callable[..., str]) -> PlanLinks:
    """The link index made of `link_facts`."""
    index = _Index()
    things, references = facts
    for key, section_id, label in things:
        index.add(key, section_id, label)
    for key, kind, other in references:
        index.refer(key, kind, other)
    related = {key: tuple(k for k in refs if k in index.places) for key, refs in index.related.items()}
    return PlanLinks(index.places, index.labels, related, {kind: t(f"links.{kind}") for kind in KINDS})


def plan_links(plan: Plan, computed: ComputedPlan, t: Callable[..., str], month: Callable[[Any], str] = str) -> PlanLinks:
    """The link index of one plan (as an audience sees it: only what is in `plan`).

    `month(date)` names a campaign's entry in the calendar by the month it starts in."""
    return links_from(link_facts(plan, computed.goals, month), t)
