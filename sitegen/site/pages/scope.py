"""`Scope`: the plan-wide facts and indexes every page of one build reads, made once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from sitegen.compute.results import CampaignResult, ComputedPlan, GoalResult
from sitegen.model.plan import Plan
from sitegen.site.charts.timeline import goal_bands
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translate, Translator
from sitegen.site.pages.links import PlanLinks, link_facts, links_from

if TYPE_CHECKING:
    from sitegen.site.cache import RenderCache

__all__ = ["Scope", "Translate", "make_scope"]

T = TypeVar("T")


@dataclass(frozen=True)
class Scope:
    """Plan-wide facts and indexes shared by every page of one build."""

    plan: Plan
    computed: ComputedPlan
    t: Translator
    fmt: Formatter
    segment_names: Mapping[str, str]
    goals_by_funnel: Mapping[str, tuple[GoalResult, ...]]
    goals_by_section: Mapping[str, tuple[GoalResult, ...]]
    campaigns_by_section: Mapping[str, tuple[CampaignResult, ...]]
    links: PlanLinks  # cross-links: places, names and references of every thing
    competitor_names: Mapping[str, str] = field(default_factory=dict)
    team_roles: Mapping[str, str] = field(default_factory=dict)
    budget_lines_by_section: Mapping[str, tuple] = field(default_factory=dict)
    goal_periods: tuple = ()  # (id, name, period) of every goal: all a campaign timeline reads of goals
    actual_goals: Mapping[str, tuple[GoalResult, ...]] = field(default_factory=dict)  # by actuals section
    # §9: (scenario id, name, its goals by section) per scenario, for the goal pages' scenario switch
    scenario_goals: tuple[tuple[str, str, Mapping[str, tuple[GoalResult, ...]]], ...] = ()
    # the review date (§8) alone: all a campaign timeline reads of the review, so a page showing one
    # is not rendered again in `serve` when a goal's figures move (`site.pages.reads`)
    review_day: dt.date | None = None


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, tuple[T, ...]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return {k: tuple(v) for k, v in groups.items()}


def make_scope(plan: Plan, computed: ComputedPlan, t: Translator, fmt: Formatter, cache: RenderCache | None = None) -> Scope:
    """Index the plan once, so each page's context is linear in its own data; `cache`:
    `serve`'s `RenderCache` (see `_links`)."""
    reported: dict[str, set[str]] = defaultdict(set)  # goal id → actuals sections reporting it
    for placed in plan.actuals:
        reported[placed.item.goal].add(placed.section.id)
    actual_goals: dict[str, list[GoalResult]] = defaultdict(list)
    for goal in computed.goals:  # in plan order, as the actuals pages list them
        for section_id in reported.get(goal.id, ()):
            actual_goals[section_id].append(goal)
    return Scope(
        plan=plan,
        computed=computed,
        t=t,
        fmt=fmt,
        segment_names={s.id: s.name for s in computed.segments},
        goals_by_funnel=_group((g for g in computed.goals if g.funnel), lambda g: g.funnel or ""),  # never "": filtered
        goals_by_section=_group(computed.goals, lambda g: g.section),
        campaigns_by_section=_group(computed.campaigns, lambda c: c.section),
        competitor_names={p.item.id: p.item.name for p in plan.competitors},
        team_roles={p.item.id: p.item.role for p in plan.team},
        budget_lines_by_section={k: tuple(p.item for p in v) for k, v in _group(plan.budget_lines, lambda p: p.section.id).items()},
        goal_periods=goal_bands(computed.goals),
        actual_goals={k: tuple(v) for k, v in actual_goals.items()},
        scenario_goals=tuple(
            (s.id, s.name, _group(s.computed.goals, lambda g: g.section)) for s in computed.scenarios
        ),
        links=_links(plan, computed, t, fmt, cache),
        review_day=computed.review.as_of if computed.review is not None else None,
    )


def _links(plan: Plan, computed: ComputedPlan, t: Translate, fmt: Formatter, cache: RenderCache | None) -> PlanLinks:
    """The link index; with `cache`, the very index of last time while what it is made from
    (`link_facts`) is equal (a new target changes none of it): then it is neither made again
    nor hashed again for the pages that read it."""
    facts = link_facts(plan, computed.goals, fmt.month_year)
    if cache is None:
        return links_from(facts, t)
    facts = cache.equal("link facts", facts)
    return cache.same("links", (facts, t), lambda: links_from(facts, t))
