"""Page contexts of the execution kinds: resources, campaigns, territories, budget, actuals.

Each builder takes the section and the build's `Scope` and returns display
strings, `Table`s and `Chart`s for `kinds/<kind>.html`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sitegen.compute.results import BudgetResult
from sitegen.model.kinds import PLANES, ResourcesSection, TerritoriesSection
from sitegen.model.period import parse_period
from sitegen.model.plan import Section
from sitegen.site.charts.capacity import capacity_heatmap
from sitegen.site.charts.figures import amount_chart, attainment_chart, territory_chart
from sitegen.site.charts.status import OVER
from sitegen.site.charts.timeline import timeline_chart
from sitegen.site.engine.components import Table
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.urls import page_path
from sitegen.site.pages.links import anchor_for
from sitegen.site.pages.quotas import quota_tables
from sitegen.site.pages.scope import Scope, Translate

__all__ = ["BUILDERS"]


def _free_item(item: Any, scope: Scope) -> str:
    """A competence or software entry: plain text, or a mapping such as {name, cost}."""
    if isinstance(item, dict):
        name = str(item.get("name", ""))
        cost = item.get("cost")
        if isinstance(cost, (int, Decimal)) and not isinstance(cost, bool):
            return f"{name} ({scope.t('field.cost')}: {scope.fmt.money(cost)})"
        rest = ", ".join(f"{k}: {v}" for k, v in item.items() if k != "name")
        return f"{name} ({rest})" if rest and name else name or rest
    return str(item)


def _period_text(label: str, scope: Scope) -> str:
    """A period label of the budget's totals in words (`2027-Q1` → "Q1 2027")."""
    period = parse_period(label)
    return scope.fmt.period(period) if period is not None else label


def resources(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt, data, here = scope.t, scope.fmt, section.data_as(ResourcesSection), page_path(section.id)
    team = Table(
        [t("field.role"), t("field.id"), t("field.headcount"), t("field.hours_per_week"), t("field.selling_share"), t("field.start")],
        [(m.role, m.id, fmt.number(m.headcount), fmt.number(m.hours_per_week), fmt.percent(m.selling_share),
          fmt.date(m.start) if m.start else "") for m in data.team],
        (False, False, True, True, True, False), row_ids=[anchor_for("team", m.id) for m in data.team],
    ) if data.team else None
    ids = {m.id for m in data.team}
    rows = scope.computed.capacity_months
    capacity = [c for c in rows if ids & set(c.teams) and c.role is not None] or list(rows)
    settings = scope.plan.settings
    return {
        "team": team,
        "capacity_chart": capacity_heatmap("sg-capacity", capacity, t, fmt, settings.fiscal_year_start,
                                           settings.fiscal_year_label) if data.team else None,
        "competences": tuple(_free_item(i, scope) for i in data.competences),
        "software": tuple(_free_item(i, scope) for i in data.software),
        **quota_tables(section, scope),
        "where": scope.links.where_all("team", [m.id for m in data.team], here),
    }


def campaigns(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt, links, here = scope.t, scope.fmt, scope.links, page_path(section.id)
    mine = scope.campaigns_by_section.get(section.id, ())
    rows = [
        (c.name, t(f"campaign_type.{c.type}"), t(f"plane.{c.plane}"),
         t("common.from_to", start=fmt.date(c.start), end=fmt.date(c.end)),
         links.link("segment", c.segment, here), links.link("goal", c.goal, here), c.channel or "",
         c.owner or "", fmt.money(c.budget) if c.budget is not None else "",
         fmt.integer(c.expected_leads) if c.expected_leads is not None else "")
        for c in mine
    ]
    headers = [t("field.name"), t("field.type"), t("field.plane"), t("common.dates"), t("field.segment"), t("field.goal"),
               t("field.channel"), t("field.owner"), t("field.budget"), t("field.expected_leads")]
    table = Table(headers, rows, (False,) * 8 + (True, True),
                  row_ids=[anchor_for("campaign", c.id) for c in mine]) if rows else None
    total = sum((c.budget or Decimal(0) for c in mine), Decimal(0))
    timeline = None
    if mine:
        timeline = timeline_chart("sg-timeline", mine, scope.goal_periods, scope.computed.period, t, fmt,
                                  scope.segment_names, _review_day(scope))
    return {"campaigns_table": table, "campaigns_total": fmt.money(total), "campaigns_count": fmt.integer(len(mine)),
            "timeline": timeline, "where": links.where_all("campaign", [c.id for c in mine], here)}


def _review_day(scope: Scope) -> dt.date | None:
    """The plan's review date (§8), which the timelines mark; None without one."""
    return scope.review_day


def territories(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt = scope.t, scope.fmt
    ids = {x.id for x in section.data_as(TerritoriesSection).territories}
    mine = [x for x in scope.computed.territories if x.id in ids]
    here = page_path(section.id)
    rows = [
        (x.name, fmt.integer(x.accounts), fmt.integer(x.reps), fmt.integer(x.visits_needed),
         fmt.number(x.load_per_rep_per_day), fmt.integer(x.capacity_per_rep_per_day), fmt.integer(x.reps_needed))
        for x in mine
    ]
    headers = [t("field.territory"), t("territory.accounts"), t("territory.reps"), t("territory.visits_needed"),
               t("territory.visits_per_rep_per_day"), t("territory.capacity_per_rep_per_day"), t("territory.reps_needed")]
    over = {x.id for x in mine if x.reps_needed is not None and x.reps_needed > x.reps}
    return {
        "territories_table": Table(headers, rows, (False,) + (True,) * 6,
                                   row_ids=[anchor_for("territory", x.id) for x in mine]) if rows else None,
        "territory_chart": territory_chart("sg-territories", mine, t, fmt),
        "short_of_reps": tuple(x.name for x in mine if x.id in over),
        "where": scope.links.where_all("territory", [x.id for x in mine], here),
    }


def _remaining(result: BudgetResult, fmt: Formatter) -> str:
    """What is left of the budget; over budget it is negative and marked ▲ (the tone is red too)."""
    if result.remaining is None:
        return fmt.money(None)
    return fmt.money_compact(result.remaining) + (f" {OVER}" if result.remaining < 0 else "")


def _remaining_note(result: BudgetResult, t: Translate, fmt: Formatter) -> str | None:
    if result.remaining is None:
        return None
    return t("budget.over_by", amount=fmt.money(-result.remaining)) if result.remaining < 0 else fmt.money(result.remaining)


def category_names(scope: Scope) -> dict[str, str]:
    """Budget category as written → its name: from `categories:` of any budget section."""
    names: dict[str, str] = {}
    for placed in scope.plan.budgets:
        names.update(placed.item.categories or {})
    return names


def category_label(category: str, names: dict[str, str]) -> str:
    """A category's name: given in `categories:`, else the code made readable (`field-travel` → `Field travel`)."""
    if category in names:
        return names[category]
    words = category.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def budget(section: Section, scope: Scope) -> dict[str, Any]:
    t, fmt, result = scope.t, scope.fmt, scope.computed.budget
    tone = "bad" if result.remaining is not None and result.remaining < 0 else "good"
    kpis = [
        (t("budget.available"), fmt.money_compact(result.total) if result.total is not None else fmt.money(None),
         fmt.money(result.total) if result.total is not None else None, "neutral"),
        (t("budget.planned"), fmt.money_compact(result.planned),
         t("budget.planned_split", lines=fmt.money(result.lines), campaigns=fmt.money(result.campaigns)), "neutral"),
        (t("budget.remaining"), _remaining(result, fmt), _remaining_note(result, t, fmt), tone),
    ]
    uncategorized = t("budget.uncategorized")
    categories = sorted(result.by_category.items(), key=lambda kv: (-kv[1], kv[0]))
    names = category_names(scope)
    by_category = [(uncategorized if not k else t("budget.campaigns_category") if k == "campaigns"
                    else category_label(k, names), v) for k, v in categories]
    by_period = [(t("budget.whole_plan") if k in ("", "unscheduled") else _period_text(k, scope), v)
                 for k, v in sorted(result.by_period.items())]
    planes = [p for p in PLANES if p in result.by_plane]
    charts = [
        amount_chart("sg-budget-category", t("budget.by_category"), t("budget.category"), by_category, t, fmt),
        amount_chart("sg-budget-period", t("budget.by_period"), t("field.period"), by_period, t, fmt),
        amount_chart("sg-budget-plane", t("budget.by_plane"), t("field.plane"),
                     [(t(f"plane.{p}"), result.by_plane[p]) for p in planes], t, fmt,
                     [f"var(--plane-{p})" for p in planes]),
    ]
    lines, links, here = scope.budget_lines_by_section.get(section.id, ()), scope.links, page_path(section.id)
    lines_table = Table(
        [t("field.name"), t("budget.category"), t("field.period"), t("field.territory"), t("field.team"), t("budget.planned")],
        [(x.name, category_label(x.category, names) if x.category else "", fmt.period(x.period) if x.period else "",
          links.link("territory", x.territory, here),
          links.link("team", x.team, here), fmt.money(x.amount)) for x in lines],
        (False,) * 5 + (True,),
    ) if lines else None
    return {"kpis": kpis, "charts": [c for c in charts if c], "lines_table": lines_table,
            "where": links.where_all("budget", [section.id], here)}


def actuals(section: Section, scope: Scope) -> dict[str, Any]:
    goals = list(scope.actual_goals.get(section.id, ()))
    return {"attainment_chart": attainment_chart("sg-attainment", goals, scope.t, scope.fmt,
                                                    {g.id: scope.links.label("goal", g.id) for g in goals}),
            "where": scope.links.where_all("actuals", [section.id], page_path(section.id))}


BUILDERS = {
    "resources": resources,
    "campaigns": campaigns,
    "territories": territories,
    "budget": budget,
    "actuals": actuals,
}
