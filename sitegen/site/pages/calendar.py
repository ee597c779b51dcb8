"""The calendar page (`calendar.html`) and the iCalendar files it links to.

The month grids come from `compute.calendar` (pure data); this module turns
them into display-ready view objects — formatted dates, localized labels,
CSS grid positions — so `calendar.html` only lays them out. Everything that
depends on the reader's clock (the "today" marker) is left to
`calendar.js`, so two builds of one plan are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.compute.calendar import (
    Bar,
    MonthGrid,
    MonthRow,
    Week,
    month_grids,
    month_row,
    week_reach,
)
from sitegen.compute.results import CampaignResult
from sitegen.model.workdays import Calendar
from sitegen.site.charts.axes import text_width
from sitegen.site.charts.capacity import capacity_columns
from sitegen.site.charts.timeline import PLANES, timeline_chart
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import render_page
from sitegen.site.pages.building import PageBuild
from sitegen.site.pages.ics import PLAN_ICS, ics_outputs, segment_ics_path
from sitegen.site.pages.links import Place, campaign_place
from sitegen.site.pages.scope import Scope

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
    name_before: bool = False  # a bar whose name stands before it (more room there than after it)


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


def _campaign_view(c: CampaignResult, fmt: Formatter, names: Mapping[str, str], goals: Mapping[str, str]) -> CampaignView:
    return CampaignView(
        id=c.id, name=c.name, plane=c.plane, type=c.type, segment=c.segment or "",
        segment_label=names.get(c.segment, c.segment) if c.segment else "",
        owner=c.owner or "", channel=c.channel or "",
        budget=fmt.money(c.budget) if c.budget is not None else "",
        goal=goals.get(c.goal, c.goal) if c.goal else "", start=c.start.isoformat(), end=c.end.isoformat(),
        dates=f"{fmt.date(c.start)} – {fmt.date(c.end)}", place=campaign_place(c.section, c.id),
    )


def _bar_view(bar: Bar, views: dict[str, CampaignView], reach: tuple[int, int], first_column: int,
              focusable: bool) -> BarView:
    """A bar whose box takes its name's room (`reach`: columns `at`, `count`, from `week_reach` or
    `name_reach`; the grid's day columns start at `first_column`) and draws its dates as the part
    `--sg-at`, `--sg-span` of its `--sg-of` columns (calendar.css)."""
    at, count = reach
    style = (f"grid-column: {at + first_column} / span {count}; grid-row: {bar.lane + 2}; "
             f"--sg-at: {bar.column - at}; --sg-span: {bar.span}; --sg-of: {count}")
    return BarView(views[bar.campaign.id], style, bar.continues_before, bar.continues_after, focusable,
                   at < bar.column)


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


def _week_view(week: Week, views: dict[str, CampaignView], days_of: Days, need: Mapping[str, int]) -> WeekView:
    """A lane grows with a name that wraps (a phone's narrow days, or no free day after its bar)."""
    days = tuple(days_of.view(d.date, d.in_month) for d in week.days)
    lanes = f" repeat({week.lanes}, minmax(1.6rem, auto))" if week.lanes else ""
    rows = f"grid-template-rows: 1.75rem{lanes} minmax(0.75rem, 1fr)"
    reach = week_reach(week, need)
    bars = tuple(_bar_view(b, views, reach[b.campaign.id], 1, b.first_in_month) for b in week.bars)
    return WeekView(days, bars, rows)


def _month_view(grid: MonthGrid, views: dict[str, CampaignView], fmt: Formatter, days_of: Days,
                need: Mapping[str, int]) -> MonthView:
    anchor = f"m-{grid.year}-{grid.month:02d}"
    weeks = tuple(_week_view(w, views, days_of, need) for w in grid.weeks)
    return MonthView(anchor, fmt.month_year(grid.first), weeks, len(grid.campaigns()))


NAME_PX = 7  # px a Latin character of a bar's 12 px name takes at most (a CJK one counts two)
NAME_EDGE_PX = 16  # the bar's coloured edge and padding around its name
DAY_PX = 25.6  # a quarter row's narrowest day column (1.6rem, calendar.css)
WEEK_DAY_PX = 48  # a month grid's day column on a 390 px phone (the grid's 7 columns shrink with it)


def name_columns(name: str, day_px: float = DAY_PX) -> int:
    """How many day columns `day_px` wide a bar's name takes on one line (a little more than it
    needs). A quarter row's columns widen with the window, never narrow below 1.6rem; a month
    grid's shrink with it, so its names ask for the room they need on a phone."""
    return math.ceil((text_width(name) * NAME_PX + NAME_EDGE_PX) / day_px)


def _row_view(row: MonthRow, views: dict[str, CampaignView], fmt: Formatter, days_of: Days, seen: set[str]) -> RowView:
    """Bars sit on the grid's columns 2… (column 1 is the month's name); a campaign's first bar
    in the whole quarter view is its one tab stop (the agenda lists every campaign too). A bar's
    box takes its name's room, kept free in its lane by `month_row` (`row.reach`)."""
    bars = []
    for bar in row.bars:
        bars.append(_bar_view(bar, views, row.reach[bar.campaign.id], 2, bar.campaign.id not in seen))
        seen.add(bar.campaign.id)
    lanes = f" repeat({row.lanes}, minmax(1.6rem, auto))" if row.lanes else ""
    return RowView(f"q-{row.year}-{row.month:02d}", fmt.month_names()[row.month - 1],
                   tuple(days_of.view(d, style=f"grid-column: {d.day + 1}") for d in row.days),
                   tuple(bars), f"grid-template-rows: 1.5rem{lanes} 0.35rem")


def _quarters(campaigns: Sequence[CampaignResult], grids: Sequence[MonthGrid], views: dict[str, CampaignView],
              fmt: Formatter, days_of: Days, fiscal: tuple[int, str]) -> tuple[QuarterView, ...]:
    """The plan's months in rows, three to a quarter (fiscal quarters when the plan has a fiscal year)."""
    months = [f"{g.year}-{g.month:02d}" for g in grids]
    seen: set[str] = set()
    need = {c.id: name_columns(c.name) for c in campaigns}
    out = []
    for column in (c for c in capacity_columns(months, fmt, *fiscal) if c.kind == "quarter"):
        rows = tuple(_row_view(month_row(int(m[:4]), int(m[5:]), campaigns, need), views, fmt, days_of, seen)
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


def _options(campaigns: Sequence[CampaignResult], t: Callable[..., str], names: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
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


def calendar_context(scope: Scope) -> dict[str, object]:
    """Everything `calendar.html` needs beyond `site` and `current_path`, read from `scope`
    (`serve` records the reads: a goal's new target leaves the page alone, its new period not).
    The quarter view follows the plan's `fiscal_year_start` and `fiscal_year_label`."""
    computed, settings, t, fmt = scope.computed, scope.plan.settings, scope.t, scope.fmt
    cal = Calendar(settings)
    names = scope.segment_names
    campaigns = computed.campaigns
    goal_names = {goal: label or goal for goal, label, _ in scope.goal_periods}
    views = {c.id: _campaign_view(c, fmt, names, goal_names) for c in campaigns}
    start, end = computed.period
    review_day = scope.review_day  # §8: the calendar's "today"
    review_date = review_day.isoformat() if review_day is not None else None
    grids = month_grids(campaigns, start, end, fmt.first_weekday())
    need = {c.id: name_columns(c.name, WEEK_DAY_PX) for c in campaigns}
    days_of = Days(cal, day_names(cal, computed.language, start, end, t), review_date)
    ics = [(t("calendar.whole_plan"), PLAN_ICS)]
    ics += [(names.get(s, s), segment_ics_path(s)) for s, _ in _options(campaigns, t, names)["segment"]]
    return {
        "months": tuple(_month_view(g, views, fmt, days_of, need) for g in grids),
        "quarters": _quarters(campaigns, grids, views, fmt, days_of, (settings.fiscal_year_start, settings.fiscal_year_label)),
        "review_label": fmt.date(review_day) if review_day else None,
        "agenda": _agenda(grids, views, campaigns, fmt),
        "campaigns": tuple(views[c.id] for c in campaigns),
        "weekdays": tuple(zip(fmt.weekday_names("abbreviated"), fmt.weekday_names("wide"), strict=True)),
        "filters": _options(campaigns, t, names),
        "ics_links": ics,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "review_date": review_date,
        "timeline": timeline_chart("sg-campaign-timeline", campaigns, scope.goal_periods, computed.period, t, fmt,
                                   names, review_day),
    }


Reading = Callable[[str, Callable[[Any], list[Output]]], list[Output]]  # `RenderCache.reading` for one build


def calendar_outputs(build: PageBuild, reading: Reading | None = None) -> list[Output]:
    """`calendar.html`, `calendar.ics` and `calendar-<segment>.ics` of one build (`SiteBuild`).

    `reading(name, make)` calls `make(scope)` with a stand-in for the build's
    scope that records what it reads, and may return what `make` made last time
    when those reads find what they found then (`serve`: see `site.cache`)."""
    def page(scope: Any) -> list[Output]:
        return [render_page(build.env, "calendar.html", CALENDAR_PAGE, build.site, **calendar_context(scope))]

    if reading is None:
        return [*page(build.scope), *ics_outputs(build.scope)]
    return [*reading(CALENDAR_PAGE, page), *reading("ics", ics_outputs)]
