"""What each section kind's page shows: template name and display-ready context.

`Scope` holds the plan-wide lookups every page needs (built once per build);
`kind_context(section, scope)` returns the variables of the kind's template
(`kinds/<kind>.html`). All figures are computed and formatted here, so
templates only lay out strings, `Table`s and `Chart`s. The contexts
themselves live in `strategy` (strategy and market kinds) and
`execution` (execution kinds).

`kind_inputs(section, scope)` names what a kind's context is made from beyond
the section's own front matter (the goals a funnel page charts, the segment
names a table shows): `serve` fingerprints these instead of the context, so
an unchanged page costs a few hashes, not its figures and charts. Each
builder's `INPUTS` entry sits next to it and must name every part of `scope`
it reads (`t` and `fmt` are fixed by the language and currency).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitegen.compute.results import CampaignResult, ComputedPlan, GoalResult
from sitegen.model.plan import Plan, Section
from sitegen.site.engine.formatter import Formatter

__all__ = ["KIND_TEMPLATES", "Scope", "kind_context", "kind_inputs", "make_scope", "template_for"]

Translate = Callable[..., str]
KIND_TEMPLATES = (
    "positioning", "swot", "segments", "offer", "goals", "funnel",
    "resources", "campaigns", "territories", "budget", "actuals",
)


@dataclass(frozen=True)
class Scope:
    """Plan-wide facts and indexes shared by every page of one build."""

    plan: Plan
    computed: ComputedPlan
    t: Translate
    fmt: Formatter
    segment_names: Mapping[str, str]
    product_names: Mapping[str, str]
    goals_by_funnel: Mapping[str, tuple[GoalResult, ...]]
    goals_by_section: Mapping[str, tuple[GoalResult, ...]]
    campaigns_by_section: Mapping[str, tuple[CampaignResult, ...]]
    actual_goals_by_section: Mapping[str, frozenset[str]]
    timeline: Callable[..., Any] | None = field(default=None)
    competitor_names: Mapping[str, str] = field(default_factory=dict)
    team_roles: Mapping[str, str] = field(default_factory=dict)
    budget_lines_by_section: Mapping[str, tuple] = field(default_factory=dict)
    goal_periods: tuple = ()  # (id, period) of every goal: all a campaign timeline reads of goals
    actual_goals: Mapping[str, tuple[GoalResult, ...]] = field(default_factory=dict)  # by actuals section


def _timeline() -> Callable[..., Any] | None:
    """The calendar's Gantt builder, when that module is installed."""
    try:
        from sitegen.site.charts.timeline import timeline_chart
    except ImportError:  # pragma: no cover - the timeline ships with the calendar
        return None
    return timeline_chart


def _group(items, key) -> dict[str, tuple]:
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return {k: tuple(v) for k, v in groups.items()}


def make_scope(plan: Plan, computed: ComputedPlan, t: Translate, fmt: Formatter) -> Scope:
    """Index the plan once, so each page's context is linear in its own data."""
    actuals: dict[str, set[str]] = defaultdict(set)
    reported: dict[str, set[str]] = defaultdict(set)  # goal id → actuals sections reporting it
    for placed in plan.actuals:
        actuals[placed.section.id].add(placed.item.goal)
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
        product_names={p.item.id: p.item.name for p in plan.products},
        goals_by_funnel=_group((g for g in computed.goals if g.funnel), lambda g: g.funnel),
        goals_by_section=_group(computed.goals, lambda g: g.section),
        campaigns_by_section=_group(computed.campaigns, lambda c: c.section),
        actual_goals_by_section={k: frozenset(v) for k, v in actuals.items()},
        timeline=_timeline(),
        competitor_names={p.item.id: p.item.name for p in plan.competitors},
        team_roles={p.item.id: p.item.role for p in plan.team},
        budget_lines_by_section={k: tuple(p.item for p in v) for k, v in _group(plan.budget_lines, lambda p: p.section.id).items()},
        goal_periods=tuple((g.id, g.period) for g in computed.goals),
        actual_goals={k: tuple(v) for k, v in actual_goals.items()},
    )


def template_for(kind: str) -> list[str]:
    """Candidate templates of a kind, most specific first (a theme may add kinds)."""
    return [f"kinds/{kind}.html", "page.html"]


@cache  # the two modules' tables, merged once per process
def _builders() -> tuple[dict[str, Callable[[Section, Scope], dict[str, Any]]], dict[str, Callable[[Section, Scope], tuple]]]:
    from sitegen.site.pages import execution, strategy

    return {**strategy.BUILDERS, **execution.BUILDERS}, {**strategy.INPUTS, **execution.INPUTS}


# Kinds whose pages are prose only: no context builder, so a plan of them never
# imports the builders' modules (charts, tables) — tests/test_render_kinds.py
# holds this to the builder tables.
PROSE_KINDS = frozenset({"page"})


def load_kinds(kinds: Iterable[str] = ()) -> None:
    """Import the context modules the given kinds need now: before page workers fork,
    so each inherits them (nothing for prose-only plans)."""
    if any(kind not in PROSE_KINDS for kind in kinds):
        _builders()


def kind_context(section: Section, scope: Scope) -> dict[str, Any]:
    """Template variables for one section's data (empty for prose-only pages)."""
    if section.kind in PROSE_KINDS:
        return {}
    builder = _builders()[0].get(section.kind)
    return builder(section, scope) if builder else {}


def kind_inputs(section: Section, scope: Scope) -> tuple | None:
    """What `kind_context` reads of `scope` for this section (besides `section.data`, `t`, `fmt`).

    None when the kind has a context builder but no declared inputs: then
    only its computed context can be fingerprinted.
    """
    if section.kind in PROSE_KINDS:
        return ()
    builders, inputs = _builders()
    if section.kind not in builders:
        return ()
    declared = inputs.get(section.kind)
    return declared(section, scope) if declared else None
