"""Page contexts of the strategy and market kinds: positioning, SWOT, segments, offer, goals, funnels.

Each builder takes the section and the build's `Scope` and returns display
strings, `Table`s and `Chart`s for `kinds/<kind>.html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sitegen.compute.results import GoalResult
from sitegen.model.kinds import (
    FunnelSection,
    OfferSection,
    PositioningSection,
    SegmentsSection,
    SwotSection,
)
from sitegen.model.plan import Section
from sitegen.site.charts.figures import MONEY_METRICS, funnel_chart, target_text, targets_chart
from sitegen.site.engine.components import Chart, Link, Table
from sitegen.site.engine.urls import page_path
from sitegen.site.pages.links import anchor_for
from sitegen.site.pages.scope import Scope

__all__ = ["BUILDERS"]


def positioning(section: Section, scope: Scope) -> dict[str, Any]:
    t, data = scope.t, section.data_as(PositioningSection)
    facts = [(label, value) for label, value in
             ((t("field.mission"), data.mission), (t("field.value_proposition"), data.value_proposition)) if value]
    rows = [(c.name, t(f"competitor_type.{c.type}"), c.notes or "") for c in data.competitors]
    table = Table([t("field.competitor"), t("field.type"), t("field.notes")], rows) if rows else None
    return {"facts": facts, "competitors": table}


def swot(section: Section, scope: Scope) -> dict[str, Any]:
    data = section.data_as(SwotSection)
    names = scope.competitor_names
    subject = scope.t("swot.us") if data.subject == "us" else names.get(data.subject, data.subject)
    return {"subject": subject, "swot": data}


@dataclass(frozen=True)
class SegmentCard:
    id: str
    name: str
    size: str
    facts: tuple[tuple[str, str | Link], ...]
    needs: tuple[str, ...]
    where: tuple[str, ...]
    coverage: str | None
    coverage_tone: str


def _coverage_tone(coverage: Decimal | None) -> str:
    if coverage is None:
        return "neutral"
    return "bad" if coverage > 1 else "warn" if coverage > 0.8 else "good"


def segments(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt, here = scope.t, scope.fmt, page_path(section.id)
    results = {s.id: s for s in scope.computed.segments}
    cards = []
    data = section.data_as(SegmentsSection)
    for seg in data.segments:
        result = results.get(seg.id)
        coverage = result.coverage if result else None
        required = result.required if result else 0
        facts = (
            (t("field.parent"), scope.links.link("segment", seg.parent, here)),
            (t("segment.required"), fmt.integer(required) if required else ""),
            (t("field.who"), seg.who or ""),
            (t("field.buying"), seg.buying or ""),
        )
        cards.append(SegmentCard(
            seg.id, seg.name, fmt.integer(seg.size), facts, seg.needs, seg.where,
            fmt.percent(coverage) if coverage is not None else None, _coverage_tone(coverage),
        ))
    ids = [seg.id for seg in data.segments]
    return {"segments": tuple(cards), "where": scope.links.where_all("segment", ids, here)}


def offer(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt, links, here = scope.t, scope.fmt, scope.links, page_path(section.id)
    data = section.data_as(OfferSection)
    products = Table(
        [t("field.name"), t("field.price"), t("field.unit"), t("field.margin"), t("field.segments"), t("field.benefits")],
        [(p.name, fmt.money(p.price), p.unit or "", fmt.percent(p.margin) if p.margin is not None else "",
          links.links("segment", p.segments, here), "; ".join(p.benefits)) for p in data.products],
        (False, True, False, True, False, False), row_ids=[anchor_for("product", p.id) for p in data.products],
    ) if data.products else None
    packages = Table(
        [t("field.name"), t("field.includes"), t("field.price"), t("field.margin"), t("field.segments")],
        [(p.name, links.links("product", p.includes, here), fmt.money(p.price),
          fmt.percent(p.margin) if p.margin is not None else "", links.links("segment", p.segments, here))
         for p in data.packages],
        (False, False, True, True, False), row_ids=[anchor_for("product", p.id) for p in data.packages],
    ) if data.packages else None
    ids = [p.id for p in data.products] + [p.id for p in data.packages]
    return {"products": products, "packages": packages, "where": links.where_all("product", ids, here)}


def _period_cell(g: GoalResult, scope: Scope) -> str:
    """The period in words; a fiscal one also says its dates (FY2028 Q1 is not January–March)."""
    fmt = scope.fmt
    if not g.period.fiscal:
        return fmt.period(g.period)
    months = scope.t("common.from_to", start=fmt.month(g.period.start, short=True), end=fmt.month(g.period.end, short=True))
    return f"{fmt.period(g.period)} ({months})"


def _goal_row(g: GoalResult, scope: Scope, here: str) -> tuple[str | Link, ...]:
    fmt, links = scope.fmt, scope.links
    return (
        links.label("goal", g.id), scope.t(f"metric.{g.metric}"), _period_cell(g, scope),
        links.link("segment", g.segment, here), links.link("product", g.product, here),
        target_text(g, fmt), fmt.integer(g.won), fmt.integer(g.top_required),
        fmt.percent(g.attainment) if g.attainment is not None else "",
    )


def goals_table(goals: Sequence[GoalResult], scope: Scope, here: str, anchors: bool = True) -> Table:
    """The goals of one page; each row is the goal's anchor, which other pages link to
    (`anchors=False`: a second table of the same goals, such as a scenario's)."""
    t = scope.t
    headers = [t("field.goal"), t("field.metric"), t("field.period"), t("field.segment"), t("field.product"),
               t("field.target"), t("funnel.won_deals"), t("funnel.leads"), t("field.attainment")]
    return Table(headers, [_goal_row(g, scope, here) for g in goals], (False,) * 5 + (True,) * 4,
                 row_ids=[anchor_for("goal", g.id) for g in goals] if anchors else ())


def goals(section: Section, scope: Scope) -> dict[str, Any]:
    mine = scope.goals_by_section.get(section.id, ())
    metrics = list(dict.fromkeys(g.metric for g in mine))
    metrics.sort(key=lambda m: (m not in MONEY_METRICS, m))
    made = (targets_chart(f"sg-targets-{m}", mine, m, scope.t, scope.fmt, scope.segment_names) for m in metrics)
    here = page_path(section.id)
    charts = sorted((c for c in made if c), key=lambda c: c.tile is None)  # big numbers side by side, first
    return {"goals_table": goals_table(mine, scope, here) if mine else None, "charts": charts,
            "scenario_tables": _scenario_tables(section, scope, here) if mine else (),
            "scenario_options": (("", scope.t("scenario.base")), *((i, name) for i, name, _ in scope.scenario_goals)),
            "where": scope.links.where_all("goal", [g.id for g in mine], here)}


def _scenario_tables(section: Section, scope: Scope, here: str) -> tuple[tuple[str, str, Table], ...]:
    """The goals table of each scenario (§9), shown by the page's scenario switch."""
    return tuple(
        (scenario_id, name, goals_table(by_section.get(section.id, ()), scope, here, anchors=False))
        for scenario_id, name, by_section in scope.scenario_goals
    )


@dataclass(frozen=True)
class FunnelGoal:
    """One goal worked through this funnel: its facts, funnel chart, daily activities,
    monthly plan and the pipeline it needs before the plan starts (§7)."""

    id: str
    title: str
    facts: tuple[tuple[str, str | Link], ...]
    chart: Chart
    activities: Table | None
    months: Table | None = None
    opening: Table | None = None


def months_table(goal: GoalResult, scope: Scope) -> Table | None:
    """Target and won deals per month (§7 phasing), with the total as the last row."""
    t, fmt = scope.t, scope.fmt
    if not goal.months:
        return None
    show = (lambda v: fmt.money(v)) if goal.metric in MONEY_METRICS else (lambda v: fmt.number(v, 1))
    rows = [(fmt.month(dt.date(int(m.month[:4]), int(m.month[5:]), 1)), show(m.target), fmt.number(m.won, 1))
            for m in goal.months]
    rows.append((t("common.total"), show(sum((m.target for m in goal.months), Fraction(0))),
                 fmt.number(sum((m.won for m in goal.months), Fraction(0)), 1)))
    return Table([t("field.month"), t("field.target"), t("funnel.won_deals")], rows, (False, True, True),
                 caption=t("goal.months_title", goal=scope.links.label("goal", goal.id)))


def opening_table(goal: GoalResult, scope: Scope, stage_names: dict[str, str]) -> Table | None:
    """Entries each stage needs before the plan's first day (the sales cycle reaches back)."""
    if not goal.opening_pipeline:
        return None
    t, fmt = scope.t, scope.fmt
    rows = [(stage_names.get(e.stage, e.stage), fmt.number(e.entries, 1)) for e in goal.opening_pipeline]
    return Table([t("funnel.stage"), t("goal.opening_entries")], rows, (False, True),
                 caption=t("goal.opening_title", start=fmt.date(scope.computed.period[0])))


def activities_table(goal: GoalResult, scope: Scope) -> Table | None:
    t, fmt = scope.t, scope.fmt
    if not goal.activities:
        return None
    team = scope.team_roles
    rows = [
        (a.name, a.stage, team.get(a.role, a.role) if a.role else t("activity.whole_team"), fmt.integer(a.count),
         fmt.number(a.hours, 1), fmt.number(a.per_day, 1), fmt.number(a.per_rep_per_day, 1))
        for a in goal.activities
    ]
    headers = [t("activity.activity"), t("funnel.stage"), t("field.role"), t("activity.count"), t("activity.hours"),
               t("activity.per_day"), t("activity.per_rep_per_day")]
    return Table(headers, rows, (False, False, False, True, True, True, True))


def funnel(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt, links, here = scope.t, scope.fmt, scope.links, page_path(section.id)
    data = section.data_as(FunnelSection)
    opening = data.opening or {}
    stages = Table([t("funnel.stage"), t("field.id"), t("funnel.conversion"), t("funnel.days"), t("funnel.opening")],
                   [(s.name, s.id, fmt.percent(s.conversion), fmt.number(s.days, 1),
                     fmt.number(opening[s.id], 1) if s.id in opening else "") for s in data.stages],
                   (False, False, True, True, True))
    facts = [(t("field.segment"), links.link("segment", data.segment, here) if data.segment else t("funnel.default")),
             (t("field.deal_size"), fmt.money(data.deal_size) if data.deal_size is not None else "")]
    views = []
    stage_names = {s.id: s.name for s in data.stages}
    for index, goal in enumerate(scope.goals_by_funnel.get(section.id, ())):
        goal_facts = (
            (t("field.goal"), links.link("goal", goal.id, here)),
            (t("field.target"), target_text(goal, fmt)),
            (t("field.period"), fmt.period(goal.period)),
            (t("common.dates"), t("common.from_to", start=fmt.date(goal.period.start), end=fmt.date(goal.period.end))),
            (t("kpi.working_days"), fmt.integer(goal.working_days)),
            (t("funnel.deal_value"), fmt.money(goal.deal_value) if goal.deal_value is not None else ""),
            (t("funnel.won_deals"), fmt.integer(goal.won)),
        )
        title = t("funnel.goal_title", goal=links.label("goal", goal.id))
        views.append(FunnelGoal(goal.id, title, goal_facts, funnel_chart(f"sg-funnel-{index}", goal, t, fmt, links.label("goal", goal.id)),
                                activities_table(goal, scope), months_table(goal, scope),
                                opening_table(goal, scope, stage_names)))
    return {"facts": facts, "stages": stages, "funnel_goals": tuple(views),
            "where": links.where_all("funnel", [section.id], here)}


BUILDERS = {
    "positioning": positioning,
    "swot": swot,
    "segments": segments,
    "offer": offer,
    "goals": goals,
    "funnel": funnel,
}
