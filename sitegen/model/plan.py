"""The validated plan: frozen sections plus merged, typed views of their data.

Every list item of every kind keeps a pointer back into its file
(``Plan.locate``), so computed warnings can name the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar, overload

from sitegen.diagnostics import Location
from sitegen.load.yamlmarks import Marks
from sitegen.model.kinds import (
    Actual,
    BudgetLine,
    BudgetSection,
    Campaign,
    Common,
    Competitor,
    FunnelSection,
    Goal,
    Package,
    Product,
    Segment,
    TeamMember,
    Territory,
)
from sitegen.model.settings import PlanSettings

ItemPath = tuple[str | int, ...]
KindData = TypeVar("KindData", bound=Common)
Item = TypeVar("Item", covariant=True)


@dataclass(frozen=True)
class Section:
    rel: str  # path under the plan folder, posix: "strategy/goals.md"
    path: str  # as shown to users: "plan/strategy/goals.md"
    id: str
    data: Common
    body: str
    body_line: int
    marks: Marks = field(compare=False, repr=False)
    kept: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def item_path(self, name: str, index: int) -> ItemPath:
        """Where the index-th valid item of a list sits in the file (broken items were dropped)."""
        kept = self.kept.get(name)
        return (name, kept[index] if kept and index < len(kept) else index)

    @property
    def kind(self) -> str:
        return self.data.kind

    def data_as(self, model: type[KindData]) -> KindData:
        """The front matter as its kind's model: what a page builder of that kind reads.
        (`data` is typed as the fields every kind shares; builders are chosen by kind.)"""
        if not isinstance(self.data, model):
            raise TypeError(f"{self.path}: a {self.kind} section, not {model.__name__}")
        return self.data

    @property
    def title(self) -> str:
        return self.data.title

    def at(self, path: ItemPath = (), key: bool = False) -> Location:
        line, col = self.marks.key(path) if key else self.marks.value(path)
        return Location(self.path, line, col)


@dataclass(frozen=True)
class Placed(Generic[Item]):
    """An item and where it was written: its section and its path in the front matter."""

    item: Item
    section: Section
    path: ItemPath

    def at(self, name: str | None = None) -> Location:
        return self.section.at((*self.path, name) if name else self.path)


@dataclass(frozen=True)
class Plan:
    settings: PlanSettings
    settings_path: str
    settings_marks: Marks = field(repr=False, compare=False)
    sections: tuple[Section, ...] = ()
    segments: tuple[Placed[Segment], ...] = ()
    products: tuple[Placed[Product | Package], ...] = ()  # products and packages: one namespace
    goals: tuple[Placed[Goal], ...] = ()
    funnels: tuple[Placed[FunnelSection], ...] = ()  # path ()
    team: tuple[Placed[TeamMember], ...] = ()
    campaigns: tuple[Placed[Campaign], ...] = ()
    territories: tuple[Placed[Territory], ...] = ()
    budget_lines: tuple[Placed[BudgetLine], ...] = ()
    budgets: tuple[Placed[BudgetSection], ...] = ()  # path ()
    actuals: tuple[Placed[Actual], ...] = ()  # CSV rows carry their own location
    competitors: tuple[Placed[Competitor], ...] = ()
    files: int = 0
    # §9: a scenario with a segment changes funnels and prices only as that segment's goals use them:
    # goal id → its own adjusted funnel / product, in place of the shared one (see compute.adjust)
    goal_funnels: dict[str, Placed[FunnelSection]] = field(default_factory=dict, hash=False)
    goal_products: dict[str, Product | Package] = field(default_factory=dict, hash=False)

    def settings_at(self, *path: str | int) -> Location:
        line, col = self.settings_marks.value(tuple(path))
        return Location(self.settings_path, line, col)

    # One list's items by id, typed by the list's name (the last of a repeated id).
    @overload
    def by_id(self, kind: Literal["segments"]) -> dict[str, Placed[Segment]]: ...
    @overload
    def by_id(self, kind: Literal["products"]) -> dict[str, Placed[Product | Package]]: ...
    @overload
    def by_id(self, kind: Literal["goals"]) -> dict[str, Placed[Goal]]: ...
    @overload
    def by_id(self, kind: Literal["team"]) -> dict[str, Placed[TeamMember]]: ...
    @overload
    def by_id(self, kind: Literal["campaigns"]) -> dict[str, Placed[Campaign]]: ...
    @overload
    def by_id(self, kind: Literal["territories"]) -> dict[str, Placed[Territory]]: ...
    @overload
    def by_id(self, kind: Literal["competitors"]) -> dict[str, Placed[Competitor]]: ...

    def by_id(self, kind: str) -> dict[str, Placed[Any]]:
        return {p.item.id: p for p in getattr(self, kind) if hasattr(p.item, "id")}


__all__ = [
    "Actual",
    "BudgetLine",
    "Campaign",
    "Competitor",
    "FunnelSection",
    "Goal",
    "Package",
    "Placed",
    "GoalLinks",
    "Plan",
    "Product",
    "Section",
    "Segment",
    "TeamMember",
    "Territory",
]


class GoalLinks:
    """Each goal's product and funnel (§2 goals), through indexes built once per plan
    (a dict per goal was quadratic in a company-wide plan)."""

    def __init__(self, plan: Plan) -> None:
        self.products = {p.item.id: p for p in plan.products}  # the last of a repeated id
        self.own_funnels, self.own_products = plan.goal_funnels, plan.goal_products
        self.funnels = {f.section.id: f for f in plan.funnels}  # the last of a repeated id
        self.by_segment: dict[str | None, Placed[FunnelSection]] = {}
        for f in plan.funnels:
            self.by_segment.setdefault(f.item.segment, f)  # the first funnel for the segment

    def product(self, goal: Goal) -> Product | Package | None:
        """The goal's own (a scenario's adjusted) product, else the product or package it names."""
        if goal.id in self.own_products:
            return self.own_products[goal.id]
        found = self.products.get(goal.product) if goal.product else None
        return found.item if found else None

    def funnel(self, goal: Goal) -> Placed[FunnelSection] | None:
        """The goal's funnel: its own (a scenario's), else named, else its segment's, else the plan's default."""
        if goal.id in self.own_funnels:
            return self.own_funnels[goal.id]
        if goal.funnel:
            return self.funnels.get(goal.funnel)
        if goal.segment and goal.segment in self.by_segment:
            return self.by_segment[goal.segment]
        return self.by_segment.get(None)


class Identified(Protocol):
    """An item that others name by its id (a segment, product, goal, ...)."""

    @property
    def id(self) -> str: ...


def by_namespace(plan: Plan) -> dict[str, tuple[Placed[Identified], ...]]:
    """The items of each id namespace (products and packages share one): what references name by id
    (`validate.references`) and what a comparison matches by id (`diff.items`)."""
    return {
        "segment": plan.segments,
        "product": plan.products,
        "goal": plan.goals,
        "team": plan.team,
        "campaign": plan.campaigns,
        "territory": plan.territories,
        "competitor": plan.competitors,
    }
