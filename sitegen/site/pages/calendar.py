"""The calendar page (`calendar.html`) and the iCalendar files it links to.

The month grids come from `compute.calendar` (pure data); this module turns
them into display-ready view objects — formatted dates, localized labels,
CSS grid positions — so `calendar.html` only lays them out. Everything that
depends on the reader's clock (the "today" marker) is left to
`calendar.js`, so two builds of one plan are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import jinja2

from sitegen.compute.calendar import Bar, MonthGrid, MonthRow, Week, month_grids, month_row
from sitegen.compute.results import CampaignResult, ComputedPlan
from sitegen.compute.workdays import Calendar
from sitegen.model.plan import Plan
from sitegen.site.charts.capacity import capacity_columns
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
    holiday: str = ""  # its name ("Memorial Day", "Nowy Rok"), a company closure, or ""
    review: bool = False  # the review date (§8): marked from the plan, never from the clock
    style: str = ""  # its grid column in a quarter row (bars are placed first, days must not flow around them)


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
class RowView:
    """A month as one row of the quarter view: its days and one bar per campaign."""

    anchor: str  # "q-2027-03"
    label: str  # "March"
    days: tuple[DayView, ...]
    bars: tuple[BarView, ...]
    style: str  # grid rows: day numbers, one row per lane


@dataclass(frozen=True)
class QuarterView:
    anchor: str  # "quarter-2027-01" (its first month; the month rows are "q-2027-01" …)
    label: str  # "Q1 2027"
    rows: tuple[RowView, ...]
    holidays: tuple[tuple[str, str, str], ...]  # (ISO date, "Jan 1", name): the quarter's named days, listed


@dataclass(frozen=True)
class AgendaGroup:
    anchor: str
    label: str
    campaigns: tuple[CampaignView, ...]


def _campaign_view(c: CampaignResult, fmt: Formatter, names: dict[str, str], goals: dict[str, str]) -> CampaignView:
    return CampaignView(
        id=c.id, name=c.name, plane=c.plane, type=c.type, segment=c.segment or "",
        segment_label=names.get(c.segment, c.segment) if c.segment else "",
        owner=c.owner or "", channel=c.channel or "",
        budget=fmt.money(c.budget) if c.budget is not None else "",
        goal=goals.get(c.goal, c.goal) if c.goal else "", start=c.start.isoformat(), end=c.end.isoformat(),
        dates=f"{fmt.date(c.start)} – {fmt.date(c.end)}", place=campaign_place(c.section, c.id),
    )


def _bar_view(bar: Bar, views: dict[str, CampaignView]) -> BarView:
    style = f"grid-column: {bar.column + 1} / span {bar.span}; grid-row: {bar.lane + 2}"
    return BarView(views[bar.campaign.id], style, bar.continues_before, bar.continues_after, bar.first_in_month)


@dataclass(frozen=True)
class Days:
    """What a day cell says beyond its number: holiday names and the review date."""

    cal: Calendar
    names: dict[dt.date, str]  # date → holiday or closure name
    review: str | None  # ISO review date

    def view(self, day: dt.date, in_month: bool = True, style: str = "") -> DayView:
        iso = day.isoformat()
        return DayView(iso, day.day, in_month, self.cal.is_working(day), self.names.get(day, "") if in_month else "",
                       in_month and iso == self.review, style)


def day_names(cal: Calendar, language: str, start: dt.date, end: dt.date, t: Callable[..., str]) -> dict[dt.date, str]:
    """Date → what the calendar calls it: the holiday's name in the plan's language, a company
    closure day, or a make-up working day (PLAN_FORMAT §7 `holidays`)."""
    names = {d: n for d, n in cal.holiday_names(language).items() if start <= d <= end and d not in cal.open}
    for day in cal.holidays_between(start, end):
        names.setdefault(day, t("calendar.closed_day"))
    for day in cal.open:
        if start <= day <= end:
            names[day] = t("calendar.open_day")
    return names


def _week_view(week: Week, views: dict[str, CampaignView], fmt: Formatter, days_of: Days) -> WeekView:
    days = tuple(days_of.view(d.date, d.in_month) for d in week.days)
    lanes = f" repeat({week.lanes}, 1.6rem)" if week.lanes else ""
    rows = f"grid-template-rows: 1.75rem{lanes} minmax(0.75rem, 1fr)"
    bars = tuple(_bar_view(b, views) for b in week.bars)
    return WeekView(days, bars, rows)


def _month_view(grid: MonthGrid, views: dict[str, CampaignView], fmt: Formatter, days_of: Days) -> MonthView:
    anchor = f"m-{grid.year}-{grid.month:02d}"
    weeks = tuple(_week_view(w, views, fmt, days_of) for w in grid.weeks)
    return MonthView(anchor, fmt.month_year(grid.first), weeks, len(grid.campaigns()))


def _row_view(row: MonthRow, views: dict[str, CampaignView], fmt: Formatter, days_of: Days, seen: set[str]) -> RowView:
    """Bars sit on the grid's columns 2… (column 1 is the month's name); a campaign's first bar
    in the whole quarter view is its one tab stop (the agenda lists every campaign too)."""
    bars = []
    for bar in row.bars:
        style = f"grid-column: {bar.column + 2} / span {bar.span}; grid-row: {bar.lane + 2}"
        bars.append(BarView(views[bar.campaign.id], style, bar.continues_before, bar.continues_after,
                            bar.campaign.id not in seen))
        seen.add(bar.campaign.id)
    lanes = f" repeat({row.lanes}, 1.6rem)" if row.lanes else ""
    return RowView(f"q-{row.year}-{row.month:02d}", fmt.month_names()[row.month - 1],
                   tuple(days_of.view(d, style=f"grid-column: {d.day + 1}") for d in row.days),
                   tuple(bars), f"grid-template-rows: 1.5rem{lanes} 0.35rem")


def _quarters(campaigns: Sequence[CampaignResult], grids: Sequence[MonthGrid], views: dict[str, CampaignView],
              fmt: Formatter, days_of: Days, fiscal: tuple[int, str]) -> tuple[QuarterView, ...]:
    """The plan's months in rows, three to a quarter (fiscal quarters when the plan has a fiscal year)."""
    months = [f"{g.year}-{g.month:02d}" for g in grids]
    seen: set[str] = set()
    out = []
    for column in (c for c in capacity_columns(months, fmt, *fiscal) if c.kind == "quarter"):
        rows = tuple(_row_view(month_row(int(m[:4]), int(m[5:]), campaigns), views, fmt, days_of, seen)
                     for m in column.months)
        named = tuple((d.iso, fmt.date(dt.date.fromisoformat(d.iso)), d.holiday) for r in rows for d in r.days if d.holiday)
        out.append(QuarterView(f"quarter-{column.months[0]}", column.label, rows, named))
    return tuple(out)



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


def calendar_context(computed: ComputedPlan, cal: Calendar, t: Callable[..., str], fmt: Formatter,
                     fiscal: tuple[int, str] = (1, "end")) -> dict[str, object]:
    """Everything `calendar.html` needs beyond `site` and `current_path` (`fiscal`: the plan's
    `fiscal_year_start` and `fiscal_year_label`, which the quarter view follows)."""
    names = {s.id: s.name for s in computed.segments}
    campaigns = computed.campaigns
    goal_names = {g.id: g.name or g.id for g in computed.goals}
    views = {c.id: _campaign_view(c, fmt, names, goal_names) for c in campaigns}
    start, end = computed.period
    review_day = computed.review.as_of if computed.review is not None else None  # §8: the calendar's "today"
    grids = month_grids(campaigns, start, end, fmt.first_weekday())
    days_of = Days(cal, day_names(cal, computed.language, start, end, t), _review_date(computed))
    ics = [(t("calendar.whole_plan"), PLAN_ICS)]
    ics += [(names.get(s, s), segment_ics_path(s)) for s, _ in _options(campaigns, t, names)["segment"]]
    return {
        "months": tuple(_month_view(g, views, fmt, days_of) for g in grids),
        "quarters": _quarters(campaigns, grids, views, fmt, days_of, fiscal),
        "review_label": fmt.date(review_day) if review_day else None,
        "agenda": _agenda(grids, views, campaigns, fmt),
        "campaigns": tuple(views[c.id] for c in campaigns),
        "weekdays": tuple(zip(fmt.weekday_names("abbreviated"), fmt.weekday_names("wide"), strict=True)),
        "filters": _options(campaigns, t, names),
        "ics_links": ics,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "review_date": _review_date(computed),
        "timeline": timeline_chart("sg-campaign-timeline", campaigns, goal_bands(computed.goals), computed.period, t, fmt,
                                   names, review_day),
    }


def _review_date(computed: ComputedPlan) -> str | None:
    """The review date (§8), the calendar's "today" when the plan has one; else the reader's clock decides."""
    review = computed.review
    return review.as_of.isoformat() if review is not None and review.as_of is not None else None


def _default_site(computed: ComputedPlan) -> Site:
    return Site(computed.title, computed.language, computed.period[0], computed.period[1], computed.organization)


def calendar_inputs(plan: Plan, computed: ComputedPlan, site: Site | None = None) -> tuple[tuple, tuple]:
    """What the calendar page and the ICS files are made from, beyond the environment.

    `serve` hashes these to skip re-rendering them after an edit that leaves
    them alone (a goal target, a budget line). Keep them in step with
    `calendar_context`, `timeline_chart` and `ics_outputs`: the goals count
    only by id, name and period (the timeline's bands and hover, the events' goal line), segments only by name.
    """
    names = tuple((s.id, s.name) for s in computed.segments)
    goals = goal_bands(computed.goals)  # all the timeline reads of them
    ics = (computed.campaigns, names, computed.title, computed.language, computed.currency, computed.period,
           tuple((g[0], g[1]) for g in goals))  # events name the goal a campaign feeds
    return (ics, goals, plan.settings, site, _review_date(computed)), ics


Made = Callable[[str, Any, Callable[[], list[Output]]], list[Output]]  # `RenderCache.made`'s shape


def calendar_outputs(plan: Plan, computed: ComputedPlan, env: jinja2.Environment | None = None,
                     site: Site | None = None, made: Made | None = None) -> list[Output]:
    """`calendar.html`, `calendar.ics` and `calendar-<segment>.ics`.

    `env` and `site` are the build's shared Jinja environment and site facts;
    when omitted (tests, or a build that renders only the calendar) they are
    made from the plan. `made(name, inputs, make)` may return the outputs
    made last time from equal inputs (`serve`); by default it calls `make()`.
    """
    env = env or build_environment(computed.language, computed.currency, theme=plan.settings.theme)
    site = site or _default_site(computed)
    made = made or (lambda name, inputs, make: make())
    page_inputs, ics_inputs = calendar_inputs(plan, computed, site)

    def page() -> list[Output]:
        t, fmt = cast(Callable[..., str], env.globals["t"]), cast(Formatter, env.globals["fmt"])
        context = calendar_context(computed, Calendar(plan.settings), t, fmt,
                                   (plan.settings.fiscal_year_start, plan.settings.fiscal_year_label))
        return [render_page(env, "calendar.html", CALENDAR_PAGE, site, **context)]

    return [*made(CALENDAR_PAGE, page_inputs, page), *made("ics", ics_inputs, lambda: ics_outputs(computed))]
