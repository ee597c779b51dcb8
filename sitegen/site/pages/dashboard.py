"""The dashboard (`index.html`): headline figures, key charts, every warning, the sections overview.

A reader opening the site should see at once what the plan asks for (revenue,
deals, leads, daily activity), whether it fits (budget, capacity) and what is
wrong with it (warnings, each linked to the section to fix).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sitegen.compute.results import CapacityMonth, ComputedPlan, Headline
from sitegen.diagnostics import Diagnostic
from sitegen.site.charts.capacity import NEAR_FULL, capacity_heatmap
from sitegen.site.charts.figures import targets_chart
from sitegen.site.charts.status import OVER
from sitegen.site.engine.components import Chart
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import render_page
from sitegen.site.engine.urls import INDEX_PAGE, relative_url
from sitegen.site.nav.tree import NavNode
from sitegen.site.pages.building import PageBuild
from sitegen.site.pages.scope import Translate
from sitegen.site.pages.targets import diagnostic_targets

__all__ = ["Kpi", "OverviewRow", "render_dashboard"]


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str | None = None
    tone: str = "neutral"
    href: str | None = None  # the page the figure comes from, relative to the dashboard


@dataclass(frozen=True)
class OverviewRow:
    """One section in the dashboard's overview table."""

    title: str
    path: str
    depth: int
    kind: str
    owner: str
    status: str | None
    warnings: int


def _use_tone(use: Decimal | None) -> str:
    if use is None:
        return "neutral"
    return "bad" if use > 1 else "warn" if use > NEAR_FULL else "good"


def _over(use: Decimal | None) -> bool:
    return use is not None and use > 1


def _budget_tone(h: Headline, over_budget: bool) -> str:
    return "bad" if over_budget else "good" if h.budget_available is not None else "neutral"


def _budget_note(h: Headline, share: Decimal | None, over_budget: bool, t: Translate, fmt: Formatter) -> str | None:
    """The share of the budget planned; over budget, the overshoot in words (the ▲ beside the
    value and the red tone say it too: colour is never alone)."""
    if h.budget_available is None:
        return None
    note = t("kpi.budget_note", available=fmt.money(h.budget_available), share=fmt.percent(share))
    return f"{t('budget.over_by', amount=fmt.money(h.budget_planned - h.budget_available))} · {note}" if over_budget else note


def _capacity_note(busiest: CapacityMonth | None, use: Decimal | None, t: Translate, fmt: Formatter) -> str | None:
    if busiest is None:
        return None
    note = t("kpi.capacity_note", role=busiest.role or t("activity.whole_team"),
             period=fmt.month(dt.date(int(busiest.month[:4]), int(busiest.month[5:]), 1)))
    return f"{t('capacity.over')} · {note}" if _over(use) else note


def _first_page(build: PageBuild, kind: str) -> str | None:
    """The href of the first section of a kind, where a tile's figure is explained."""
    page = next((build.pages[s.rel] for s in build.sections if s.kind == kind), None)
    return relative_url(INDEX_PAGE, page) if page else None


def headline_kpis(build: PageBuild, warnings: int, computed: ComputedPlan | None = None) -> tuple[Kpi, ...]:
    """The headline tiles of the plan, or of one of its scenarios (`computed`); each leads to its section."""
    t, fmt = build.scope.t, build.scope.fmt
    computed = computed or build.scope.computed
    goals, funnel, team = _first_page(build, "goals"), _first_page(build, "funnel"), _first_page(build, "resources")
    budget = _first_page(build, "budget")
    calendar = relative_url(INDEX_PAGE, "calendar.html") if computed.campaigns else None
    h = computed.headline
    busiest = max((c for c in computed.capacity_months if c.use is not None), key=lambda c: c.use or 0, default=None)  # `or 0`: for mypy, no use is None here
    planned_share = h.budget_planned / h.budget_available if h.budget_available else None
    over_budget = h.budget_available is not None and h.budget_planned > h.budget_available
    return (
        Kpi(t("kpi.revenue_target"), fmt.money_compact(h.revenue_target), fmt.money(h.revenue_target), href=goals),
        Kpi(t("kpi.deals_needed"), fmt.integer(h.deals), t("kpi.deals_note"), href=goals),
        Kpi(t("kpi.leads_needed"), fmt.integer(h.leads), t("kpi.leads_note"), href=funnel),
        Kpi(t("kpi.activities_per_rep_per_day"), fmt.number(h.activities_per_rep_per_day, 1), t("kpi.busiest_role_note"),
            href=team),
        Kpi(t("kpi.budget_planned"), fmt.money_compact(h.budget_planned) + (f" {OVER}" if over_budget else ""),
            _budget_note(h, planned_share, over_budget, t, fmt), _budget_tone(h, over_budget), budget),
        Kpi(t("kpi.capacity_use"), fmt.percent(h.capacity_use) + (f" {OVER}" if _over(h.capacity_use) else ""),
            _capacity_note(busiest, h.capacity_use, t, fmt), _use_tone(h.capacity_use), team),
        Kpi(t("kpi.campaigns"), fmt.integer(len(computed.campaigns)),
            t("kpi.campaigns_note", budget=fmt.money(computed.budget.campaigns)), href=calendar),
        Kpi(t("kpi.warnings"), fmt.integer(warnings), None, "warn" if warnings else "good", "#sg-warnings"),
    )


def _flatten(nodes: Sequence[NavNode], depth: int = 0) -> Iterable[tuple[NavNode, int]]:
    for node in nodes:
        if node.path:
            yield node, depth
        yield from _flatten(node.children, depth + 1)


def overview(build: PageBuild, diagnostics: Sequence[Diagnostic]) -> tuple[OverviewRow, ...]:
    """Sections in navigation order with kind, owner, status and warning count."""
    t = build.scope.t
    by_page = {build.pages[s.rel]: s for s in build.sections}
    counts = Counter(d.path for d in diagnostics)
    rows = []
    for node, depth in _flatten(build.site.nav):
        section = by_page.get(node.path) if node.path is not None else None
        if section is None or node.path is None:
            continue
        rows.append(OverviewRow(
            section.title, node.path, min(depth, 4), t(f"kind.{section.kind}") if t.has(f"kind.{section.kind}") else section.kind,
            section.data.owner or "", section.data.status, counts.get(section.path, 0),
        ))
    return tuple(rows)


def dashboard_charts(scope: Any) -> list[Chart]:
    """The dashboard's charts, from the build's `Scope` only (the board pack shows them too)."""
    t, fmt, computed = scope.t, scope.fmt, scope.computed
    charts = [
        targets_chart("sg-dash-targets", computed.goals, "revenue", t, fmt, scope.segment_names),
        capacity_heatmap("sg-dash-capacity", computed.capacity_months, t, fmt,
                         scope.plan.settings.fiscal_year_start, scope.plan.settings.fiscal_year_label),
    ]
    return [c for c in charts if c]


def scenario_kpis(build: PageBuild) -> tuple[tuple[str, str, tuple[Kpi, ...]], ...]:
    """(id, name, tiles) of each scenario (§9), for the dashboard's scenario switch; the warnings
    tile counts the scenario's own."""
    return tuple(
        (s.id, s.name, headline_kpis(build, sum(1 for d in s.computed.diagnostics if d.severity == "warning"), s.computed))
        for s in build.scope.computed.scenarios
    )


def review_context(build: PageBuild, diagnostics: Sequence[Diagnostic]) -> dict[str, Any] | None:
    """The review screen's part of the dashboard, when the plan has actuals (§8)."""
    from sitegen.site.pages import review

    scope = build.scope
    computed, t, fmt = scope.computed, scope.t, scope.fmt
    info = review.review_info(computed)
    if info is None:
        return None
    pages_by_kind: dict[str, str] = {}
    for section in build.sections:
        pages_by_kind.setdefault(section.kind, build.pages[section.rel])
    return {
        "as_of": fmt.date(info.as_of),
        "thresholds": t("review.thresholds", at_risk=fmt.percent(info.at_risk), off_track=fmt.percent(info.off_track)),
        "tiles": review.tiles(computed, t, fmt),
        "attention": review.attention(computed, diagnostics, pages_by_kind, t, fmt),
        "quarters": review.quarter_links(computed, t, fmt),
    }


def render_dashboard(build: PageBuild, diagnostics: Sequence[Diagnostic]) -> Output:
    """`index.html`: the plan summary; with actuals, the review screen above it."""
    warnings = [d for d in diagnostics if d.severity == "warning"]
    scenarios = scenario_kpis(build)
    return render_page(
        build.env, "dashboard.html", INDEX_PAGE, build.site,
        kpis=headline_kpis(build, len(warnings)),
        scenario_kpis=scenarios,
        scenario_options=(("", build.scope.t("scenario.base")), *((i, name) for i, name, _ in scenarios)),
        charts=dashboard_charts(build.scope),
        diagnostics=list(diagnostics),
        targets=diagnostic_targets(diagnostics, build.targets),
        overview=overview(build, diagnostics),
        review=review_context(build, diagnostics),
    )
