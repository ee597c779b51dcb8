"""The quarterly review on the site (§8): dashboard tiles, "needs attention", the review page
(`review.html`: one part per goal with actuals) and a printable page per quarter.

Everything a template shows is formatted here; templates only lay it out.
A status is always shown as a word and an icon next to its colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen.compute.monthly_capacity import _runs as month_runs
from sitegen.compute.results import (
    CapacityMonth,
    ComputedPlan,
    GoalResult,
    QuarterReview,
    ReviewInfo,
    StageActual,
)
from sitegen.diagnostics import Diagnostic
from sitegen.site.charts.figures import MONEY_METRICS, computed_text
from sitegen.site.charts.review import review_chart
from sitegen.site.charts.status import GOAL_ICONS, GOAL_TONES
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.environment import render_page_template
from sitegen.site.engine.formatter import Formatter, Number
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import render_page
from sitegen.site.engine.urls import INDEX_PAGE
from sitegen.site.pages.building import PageBuild
from sitegen.site.pages.scope import Translate

REVIEW_PAGE = "review.html"
Made = Callable[[str, Any, Callable[[], Any]], Any]  # `RenderCache.made`
NEEDS_ATTENTION = ("off-track", "missed", "at-risk")  # in this order on the list


@dataclass(frozen=True)
class Status:
    """A status as the reader sees it: word, icon and tone (the colour is never alone)."""

    key: str  # on-track … or "none"
    word: str
    icon: str
    tone: str


@dataclass(frozen=True)
class ReviewTile:
    goal: str  # the goal's id (data-goal)
    period: str  # as the reader reads it ("Q2 2027")
    href: str  # the review page; `fragment` the goal's part of it
    fragment: str
    status: Status
    facts: tuple[tuple[str, str], ...]  # (label, value): attainment, actual/target, expected, forecast
    label: str = ""  # the goal's name, else its id


@dataclass(frozen=True)
class AttentionItem:
    text: str
    href: str | None  # the page that explains it, `fragment` the place on it
    status: Status
    fragment: str | None = None


@dataclass(frozen=True)
class GoalReview:
    id: str
    anchor: str
    period: str
    status: Status
    facts: tuple[tuple[str, str], ...]
    chart: Chart
    conversions: Table | None
    biggest_gap: str | None
    activities: Table | None
    label: str = ""  # the goal's name, else its id


def page_for_quarter(review: QuarterReview) -> str:
    return f"review-{review.quarter.label.lower()}.html"


def status_of(key: str | None, t: Translate) -> Status:
    key = key or "none"
    return Status(key, t(f"review.status.{key}"), GOAL_ICONS.get(key, "–"), GOAL_TONES.get(key, "neutral"))


def has_review(computed: ComputedPlan) -> bool:
    return any(g.actual is not None for g in computed.goals)


def review_info(computed: ComputedPlan) -> ReviewInfo | None:
    """The review (§8) of a plan whose goals have actuals, else None."""
    return computed.review if has_review(computed) else None


def top_goals(goals: Sequence[GoalResult]) -> list[GoalResult]:
    """§7's top goals: those without a parent in the goal tree."""
    return [g for g in goals if g.parent is None]


def _show(goal: GoalResult, fmt: Formatter) -> Callable[[Number | None], str]:
    return fmt.money if goal.metric in MONEY_METRICS else fmt.number


def _facts(goal: GoalResult, t: Translate, fmt: Formatter, compact: bool = False) -> tuple[tuple[str, str], ...]:
    """Attainment, actual / target, expected by now, forecast (money in short form on a tile)."""
    show, computed = _show(goal, fmt), computed_text(goal.metric, fmt)
    if compact and goal.metric in MONEY_METRICS:  # Babel writes amounts under 1,000 with every digit: keep those full
        show = computed = lambda v: fmt.money_compact(v, 1) if v is not None and abs(v) >= 1000 else fmt.money(v)  # noqa: E731
    return (
        (t("review.attainment"), fmt.percent(goal.attainment)),
        (t("review.actual"), f"{show(goal.actual)} / {show(goal.target)}"),
        (t("review.expected"), computed(goal.expected) if goal.expected is not None else "–"),
        (t("review.forecast"), computed(goal.forecast) if goal.forecast is not None else "–"),
    )


def anchor(goal_id: str) -> str:
    return f"goal-{goal_id}"


def tiles(computed: ComputedPlan, t: Translate, fmt: Formatter) -> tuple[ReviewTile, ...]:
    """One tile per top goal that has a result."""
    return tuple(
        ReviewTile(g.id, fmt.period(g.period), REVIEW_PAGE, anchor(g.id), status_of(g.status, t), _facts(g, t, fmt, True),
                   g.name or g.id)
        for g in top_goals(computed.goals) if g.actual is not None
    )


def attention(computed: ComputedPlan, diagnostics: Sequence[Diagnostic], pages_by_kind: dict[str, str], t: Translate,
              fmt: Formatter) -> tuple[AttentionItem, ...]:
    """Goals off track, missed or at risk (worst first), overloaded capacity, then the warnings."""
    items = []
    for key in NEEDS_ATTENTION:
        for g in (g for g in computed.goals if g.status == key):
            show = _show(g, fmt)
            text = (t("review.attention_missed", goal=g.name or g.id, period=fmt.period(g.period), actual=show(g.actual),
                      target=show(g.target))
                    if key == "missed" else
                    t("review.attention_goal", goal=g.name or g.id, period=fmt.period(g.period), status=t(f"review.status.{key}"),
                      actual=show(g.actual), expected=computed_text(g.metric, fmt)(g.expected)))
            items.append(AttentionItem(text, REVIEW_PAGE, status_of(key, t), anchor(g.id)))
    team_page = pages_by_kind.get("resources")
    for role, months, peak in overloaded_months(computed.capacity_months):
        text = t("review.attention_capacity", role=role or t("activity.whole_team"),
                 period=", ".join(_run_in_words(run, fmt) for run in months),
                 use=fmt.percent(Decimal(peak.numerator) / Decimal(peak.denominator)))
        items.append(AttentionItem(text, team_page, Status("overloaded", t("review.status.overloaded"), "✕", "bad")))
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    if warnings:
        items.append(AttentionItem(t("review.attention_warnings", count=fmt.integer(warnings)), INDEX_PAGE,
                                   Status("warning", t("diagnostics.warning"), "!", "warn"), "sg-warnings"))
    return tuple(items)


def _run_in_words(run: str, fmt: Formatter) -> str:
    """'2027-03 – 2027-05' as the reader says it ("March 2027 – May 2027", "Marzec 2027 – …"): the
    dashboard is site text, where a raw month key reads like a code (§7: never the raw label)."""
    return " – ".join(fmt.month(dt.date(int(key[:4]), int(key[5:7]), 1)) for key in run.split(" – "))


def overloaded_months(rows: Iterable[CapacityMonth]) -> list[tuple[str | None, list[str], Fraction]]:
    """(role title, month runs '2027-03 – 2027-05', peak use) of each role with months above 100 % (§7)."""
    found: dict[str | None, list[tuple[str, Fraction]]] = {}  # role → (month, use) above 100 %
    for row in rows:
        use = row.use
        if use is not None and use > 1:
            found.setdefault(row.role, []).append((row.month, use))
    return [(role, list(month_runs([month for month, _ in over])), max(use for _, use in over))
            for role, over in found.items()]


def _conversions(goal: GoalResult, t: Translate, fmt: Formatter) -> tuple[Table | None, str | None]:
    """Planned vs actual conversion per stage, and the stage step that lags the plan most."""
    if not goal.stage_actuals:
        return None, None
    names = {s.id: s.name for s in goal.stages}
    order = [s.id for s in goal.stages]
    rows, worst = [], None
    for s in goal.stage_actuals:
        rows.append((s.name, fmt.integer(s.actual), fmt.integer(s.required), fmt.percent(s.conversion),
                     fmt.percent(s.actual_conversion) if s.actual_conversion is not None else "–"))
        if s.actual_conversion is not None and (worst is None or _gap(s) > _gap(worst)):
            worst = s
    headers = [t("review.stage"), t("review.entries"), t("review.planned_entries"), t("review.planned_conversion"),
               t("review.actual_conversion")]
    sentence = None
    if worst is not None and _gap(worst) > 0:
        index = order.index(worst.stage) + 1
        after = names[order[index]] if index < len(order) else t("funnel.won_deals")
        sentence = t("review.biggest_gap", **{"from": worst.name, "to": after,
                                              "actual": fmt.percent(worst.actual_conversion),
                                              "planned": fmt.percent(worst.conversion)})
    return Table(headers, rows, (False, True, True, True, True)), sentence


def _gap(stage: StageActual) -> Decimal:
    return stage.conversion - (stage.actual_conversion or Decimal(0))


def _activities(goal: GoalResult, t: Translate, fmt: Formatter) -> Table | None:
    if not goal.activity_actuals:
        return None
    rows = [(a.name, fmt.integer(a.actual), fmt.number(a.expected, 0) if a.expected is not None else "–",
             fmt.integer(a.planned)) for a in goal.activity_actuals]
    return Table([t("review.activity"), t("review.done"), t("review.due"), t("review.planned")], rows,
                 (False, True, True, True))


def goal_review(g: GoalResult, as_of: dt.date, t: Translate, fmt: Formatter) -> GoalReview:
    """A goal with actuals as the review page shows it (`as_of`: the review date)."""
    table, gap = _conversions(g, t, fmt)
    return GoalReview(g.id, anchor(g.id), fmt.period(g.period), status_of(g.status, t), _facts(g, t, fmt),
                      review_chart(f"sg-review-{g.id}", g, as_of, t, fmt), table, gap,
                      _activities(g, t, fmt), g.name or g.id)


def quarter_table(review: QuarterReview, t: Translate, fmt: Formatter, names: dict[str, str] | None = None) -> Table:
    """A quarter's goals (by `names`: goal id → its name), as the printed review lists them."""
    rows = []
    for g in review.goals:
        show, computed = fmt.money if g.metric in MONEY_METRICS else fmt.number, computed_text(g.metric, fmt)
        status = status_of(g.status, t)
        rows.append(((names or {}).get(g.id, g.id), fmt.period(g.period), show(g.target), show(g.actual), fmt.percent(g.actual / g.target),
                     computed(g.expected) if g.expected is not None else "–",
                     computed(g.variance) if g.variance is not None else "–", f"{status.icon}\u00a0{status.word}".replace(" ", "\u00a0")))  # one unbroken label
    headers = [t("review.goal"), t("review.period"), t("review.target"), t("review.actual"), t("review.attainment"),
               t("review.expected"), t("review.variance"), t("review.status")]
    return Table(headers, rows, (False, False, True, True, True, True, True, False))


def quarter_links(computed: ComputedPlan, t: Translate, fmt: Formatter) -> tuple[tuple[str, str], ...]:
    return tuple((t("review.quarter_title", quarter=fmt.period(q.quarter)), page_for_quarter(q))
                 for q in computed.review.quarters) if computed.review else ()


def _goal_part(env: jinja2.Environment, g: GoalResult, as_of: dt.date, t: Translate, fmt: Formatter) -> tuple[GoalReview, Markup]:
    """A goal's review and its part of the review page (`review_goal.html`)."""
    review = goal_review(g, as_of, t, fmt)
    html = render_page_template(env.get_template("review_goal.html"), current_path=REVIEW_PAGE, g=review)
    return review, Markup(html)


def review_outputs(build: PageBuild, made: Made | None = None) -> list[Output]:
    """`review.html` and one `review-<quarter>.html` per quarter with actuals (none without actuals).

    `made(name, inputs, make)` may give a goal's part of the review page made last time from
    the same goal result and review date (`serve`: a save that moves one goal's figures renders
    that goal's part again, not every goal's chart)."""
    scope = build.scope
    computed, t, fmt = scope.computed, scope.t, scope.fmt
    info = review_info(computed)
    if info is None or info.as_of is None:  # a goal with an actual has a review date: its actual's
        return []
    made = made or (lambda name, inputs, make: make())
    review_date = info.as_of
    as_of = fmt.date(review_date)
    parts = [made(f"{REVIEW_PAGE}#{g.id}", (g, review_date), partial(_goal_part, build.env, g, review_date, t, fmt))
             for g in computed.goals if g.actual is not None]
    outputs = [render_page(build.env, "review.html", REVIEW_PAGE, build.site, as_of=as_of,
                           goals=tuple(review for review, _ in parts), parts=tuple(html for _, html in parts),
                           quarters=quarter_links(computed, t, fmt))]
    for q in info.quarters:
        outputs.append(render_page(build.env, "review_quarter.html", page_for_quarter(q), build.site,
                                   title=t("review.quarter_title", quarter=fmt.period(q.quarter)), as_of=fmt.date(q.as_of),
                                   table=quarter_table(q, t, fmt, {g.id: g.name or g.id for g in computed.goals}), quarters=quarter_links(computed, t, fmt)))
    return outputs
