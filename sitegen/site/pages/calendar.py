"""The calendar page (`calendar.html`) and the iCalendar files it links to.

The month grids come from `compute.calendar` (pure data); this module turns
them into display-ready view objects — formatted dates, localized labels,
CSS grid positions — so `calendar.html` only lays them out. Everything that
depends on the reader's clock (the "today" marker) is left to
`calendar.js`, so two builds of one plan are byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jinja2

from sitegen.compute.calendar import Bar, MonthGrid, Week, month_grids
from sitegen.compute.results import CampaignResult, ComputedPlan
from sitegen.compute.workdays import Calendar
from sitegen.site.charts.timeline import PLANES, goal_bands, timeline_chart
from sitegen.site.engine.environment import build_environment
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import Site, render_page
from sitegen.site.pages.ics import PLAN_ICS, ics_outputs, segment_ics_path
from sitegen.site.pages.links import Place, campaign_place

__all__ = ["CALENDAR_PAGE", "calendar_context", "calendar_outputs"]

CALENDAR_PAGE = "calendar.html"
TYPES = ("sales", "marketing")


@dataclass(frozen=True)
class CampaignView:
    """A campaign as the page shows it: every value already a display string."""

    id: str
    name: str
    plane: str
    type: str
    segment: str  # segment id, "" when none (the filter value)
    segment_label: str
    owner: str
    channel: str
    budget: str
    goal: str
    start: str  # ISO dates, for data attributes and <time datetime>
    end: str
    dates: str  # "Jan 11, 2027 – Mar 26, 2027"
    place: Place  # the campaign's row on its section's page, where bars and agenda entries lead

    @property
    def anchor(self) -> str:
        return f"agenda-{self.id}"


@dataclass(frozen=True)
class DayView:
    iso: str
    number: int
    in_month: bool
    working: bool


@dataclass(frozen=True)
class BarView:
    campaign: CampaignView
    style: str  # grid placement
    continues_before: bool
    continues_after: bool
    focusable: bool  # only a campaign's first piece per month is a tab stop


@dataclass(frozen=True)
class WeekView:
    days: tuple[DayView, ...]
    bars: tuple[BarView, ...]
    style: str  # grid rows: day numbers, one row per lane, a little air


@dataclass(frozen=True)
class MonthView:
    anchor: str  # "m-2027-03"
    label: str  # "March 2027"
    weeks: tuple[WeekView, ...]
    count: int


@dataclass(frozen=True)
class AgendaGroup:
    anchor: str
    label: str
    campaigns: tuple[CampaignView, ...]


def _campaign_view(c: CampaignResult, fmt: Formatter, names: dict[str, str]) -> CampaignView:
    return CampaignView(
        id=c.id, name=c.name, plane=c.plane, type=c.type, segment=c.segment or "",
        segment_label=names.get(c.segment, c.segment) if c.segment else "",
        owner=c.owner or "", channel=c.channel or "",
        budget=fmt.money(c.budget) if c.budget is not None else "",
        goal=c.goal or "", start=c.start.isoformat(), end=c.end.isoformat(),
        dates=f"{fmt.date(c.start)} – {fmt.date(c.end)}", place=campaign_place(c.section, c.id),
    )


def _bar_view(bar: Bar, views: dict[str, CampaignView]) -> BarView:
    style = f"grid-column: {bar.column + 1} / span {bar.span}; grid-row: {bar.lane + 2}"
    return BarView(views[bar.campaign.id], style, bar.continues_before, bar.continues_after, bar.first_in_month)


def _week_view(week: Week, views: dict[str, CampaignView], fmt: Formatter, cal: Calendar) -> WeekView:
    days = tuple(
        DayView(d.date.isoformat(), d.date.day, d.in_month, cal.is_working(d.date))
        for d in week.days
    )
    lanes = f" repeat({week.lanes}, 1.6rem)" if week.lanes else ""
    rows = f"grid-template-rows: 1.75rem{lanes} minmax(0.75rem, 1fr)"
    bars = tuple(_bar_view(b, views) for b in week.bars)
    return WeekView(days, bars, rows)


def _month_view(grid: MonthGrid, views: dict[str, CampaignView], fmt: Formatter, cal: Calendar) -> MonthView:
    anchor = f"m-{grid.year}-{grid.month:02d}"
    weeks = tuple(_week_view(w, views, fmt, cal) for w in grid.weeks)
    return MonthView(anchor, fmt.month_year(grid.first), weeks, len(grid.campaigns()))


def _agenda(grids: Sequence[MonthGrid], views: dict[str, CampaignView], campaigns: Sequence[CampaignResult], fmt: Formatter) -> tuple[AgendaGroup, ...]:
    """Campaigns listed under the month in which they start (what prints)."""
    groups = []
    for grid in grids:
        starting = [views[c.id] for c in campaigns if (c.start.year, c.start.month) == (grid.year, grid.month)]
        if starting:
            groups.append(AgendaGroup(f"agenda-m-{grid.year}-{grid.month:02d}", fmt.month_year(grid.first), tuple(starting)))
    return tuple(groups)


def _options(campaigns: Sequence[CampaignResult], t: Callable[..., str], names: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Filter choices: only values that occur, in a stable order."""
    used = {field: {getattr(c, field) for c in campaigns} for field in ("segment", "plane", "type")}
    segments = [s for s in names if s in used["segment"]]
    segments += sorted({c.segment for c in campaigns if c.segment and c.segment not in names})
    return {
        "plane": [(p, t(f"plane.{p}")) for p in PLANES if p in used["plane"]],
        "segment": [(s, names.get(s, s)) for s in segments],
        "type": [(k, t(f"campaign_type.{k}")) for k in TYPES if k in used["type"]],
        "owner": [(o, o) for o in sorted({c.owner for c in campaigns if c.owner}, key=lambda o: (o.casefold(), o))],
    }


def calendar_context(computed: ComputedPlan, cal: Calendar, t: Callable[..., str], fmt: Formatter) -> dict[str, object]:
    """Everything `calendar.html` needs beyond `site` and `current_path`."""
    names = {s.id: s.name for s in computed.segments}
    campaigns = computed.campaigns
    views = {c.id: _campaign_view(c, fmt, names) for c in campaigns}
    start, end = computed.period
    grids = month_grids(campaigns, start, end, fmt.first_weekday())
    ics = [(t("calendar.whole_plan"), PLAN_ICS)]
    ics += [(names.get(s, s), segment_ics_path(s)) for s, _ in _options(campaigns, t, names)["segment"]]
    return {
        "months": tuple(_month_view(g, views, fmt, cal) for g in grids),
        "agenda": _agenda(grids, views, campaigns, fmt),
        "campaigns": tuple(views[c.id] for c in campaigns),
        "weekdays": tuple(zip(fmt.weekday_names("abbreviated"), fmt.weekday_names("wide"), strict=True)),
        "filters": _options(campaigns, t, names),
        "ics_links": ics,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "review_date": _review_date(computed),
        "timeline": timeline_chart("sg-campaign-timeline", campaigns, goal_bands(computed.goals), computed.period, t, fmt, names),
    }


def _review_date(computed: ComputedPlan) -> str | None:
    """The review date (§8), the calendar's "today" when the plan has one; else the reader's clock decides."""
    review = computed.review
    return review.as_of.isoformat() if review is not None and review.as_of is not None else None


def _default_site(computed: ComputedPlan) -> Site:
    return Site(computed.title, computed.language, computed.period[0], computed.period[1], computed.organization)


def calendar_inputs(analysis, site: Site | None = None) -> tuple[tuple, tuple]:
    """What the calendar page and the ICS files are made from, beyond the environment.

    `serve` hashes these to skip re-rendering them after an edit that leaves
    them alone (a goal target, a budget line). Keep them in step with
    `calendar_context`, `timeline_chart` and `ics_outputs`: the goals count
    only by id, name and period (the timeline's bands and hover), segments only by name.
    """
    computed: ComputedPlan = analysis.computed
    names = tuple((s.id, s.name) for s in computed.segments)
    ics = (computed.campaigns, names, computed.title, computed.language, computed.currency, computed.period)
    goals = goal_bands(computed.goals)  # all the timeline reads of them
    return (ics, goals, analysis.plan.settings, site, _review_date(computed)), ics


def calendar_outputs(analysis, env: jinja2.Environment | None = None, site: Site | None = None,
                     made=None) -> list[Output]:
    """`calendar.html`, `calendar.ics` and `calendar-<segment>.ics`.

    `env` and `site` are the build's shared Jinja environment and site facts;
    when omitted (tests, or a build that renders only the calendar) they are
    made from the plan. `made(name, inputs, make)` may return the outputs
    made last time from equal inputs (`serve`); by default it calls `make()`.
    """
    computed: ComputedPlan = analysis.computed
    plan = analysis.plan
    env = env or build_environment(computed.language, computed.currency, theme=plan.settings.theme)
    site = site or _default_site(computed)
    made = made or (lambda name, inputs, make: make())
    page_inputs, ics_inputs = calendar_inputs(analysis, site)

    def page() -> list[Output]:
        context = calendar_context(computed, Calendar(plan.settings), env.globals["t"], env.globals["fmt"])
        return [render_page(env, "calendar.html", CALENDAR_PAGE, site, **context)]

    return [*made(CALENDAR_PAGE, page_inputs, page), *made("ics", ics_inputs, lambda: ics_outputs(computed))]
