"""The site's history pages: ``history.html``, one page per plan commit, and "What changed".

``history_outputs`` is the one call the build makes. It reads no git: the
caller (`sitegen.git_inputs`) read the history once (a single ``git log``) and,
when ``compare_to`` is set (``build --compare-to REF`` or ``compare_to:`` in
plan.yaml), compared the plan with the plan at that ref; here is pure shaping
of display strings for the templates (``history.html``, ``commit.html``,
``changes.html``). Section pages get their "Last changed … by …" line from
the same ``SiteHistory`` (its ``sections``, keyed by section id).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, cast

import jinja2

from sitegen.model.history import SiteHistory
from sitegen.model.settings import PlanSettings
from sitegen.site.charts.axes import value_axis
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translator
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import Site, render_page

if TYPE_CHECKING:
    from sitegen.diff.model import Consequence, PlanDiff, Value

__all__ = ["ChangesView", "Comparison", "changes_view", "history_outputs"]


@dataclass(frozen=True)
class Comparison:
    """What the history pages show besides the history, worked out by the command (it reads git).

    ``ref``: the ref the plan is compared with (``--compare-to`` or ``compare_to:``; None:
    no "What changed" page); ``diff``: the plan compared with the plan at ``ref``, or why that
    is impossible; ``numbers``: commit hash → what that commit changed (None: not compared).
    """

    ref: str | None = None
    diff: PlanDiff | str | None = None
    numbers: Mapping[str, PlanDiff | str | None] = field(default_factory=dict)

MONEY_MEASURES = {
    "total",
    "lines",
    "campaigns",
    "planned",
    "remaining",
    "revenue_target",
    "price",
    "deal_size",
    "budget",
    "amount",
}
RATE_MEASURES = {"use", "capacity_use"}


@dataclass(frozen=True)
class ChangesView:
    """Display-ready "What changed" data: every cell already formatted for the plan's locale."""

    ref: str
    error: str | None
    diff: PlanDiff | None
    summary: tuple[tuple[str, str, str, str], ...] = ()
    consequences: tuple[tuple[str, str, str, str], ...] = ()
    charts: tuple[Chart, ...] = ()
    items: tuple[tuple[str, str, str, str, tuple[tuple[str, str, str, str], ...]], ...] = ()


def _signed_percent(fmt: Formatter, pct: Decimal | None) -> str:
    if pct is None:
        return ""
    return ("+" if pct > 0 else "") + fmt.percent(pct / 100, 1)


def _value(fmt: Formatter, measure: str, value: Value, t: Translator | None = None) -> str:
    if measure == "status" and isinstance(value, str) and t is not None and t.has(f"review.status.{value.replace(' ', '-')}"):
        return t(f"review.status.{value.replace(' ', '-')}")  # a goal's review status, in the plan's language
    if value is None or not isinstance(value, (int, Decimal)):
        # imported here: only a comparison shows such values, and most builds show none
        from sitegen.diff.model import show

        return show(value)
    measure = measure.rsplit(".", 1)[-1]
    if measure in MONEY_MEASURES:
        return fmt.money(value)
    if measure in RATE_MEASURES:
        return fmt.percent(value, 1)
    return fmt.number(value)


def consequence_label(t: Translator, c: Consequence) -> str:
    measure = (
        t(f"changes.measure.{c.measure}", detail=c.detail)
        if t.has(f"changes.measure.{c.measure}")
        else c.measure
    )
    if c.scope == "goal":
        return f"{c.subject}: {measure}"
    scope = t(f"changes.scope.{c.scope}")
    return f"{scope} {c.subject}: {measure}" if c.subject else f"{scope}: {measure}"


def _axis_label(fmt: Formatter, measure: str) -> Callable[[Decimal], str]:
    """Tick labels as the table beside the chart writes the value: money with its currency."""
    if measure in MONEY_MEASURES:
        return lambda v: fmt.money_compact(v, 1)
    return fmt.number


def _key_chart(
    t: Translator, fmt: Formatter, ref: str, index: int, label: str, measure: str, old: Decimal | int,
    new: Decimal | int,
) -> Chart:
    names = [f"{t('history.before')} ({ref})", t("history.after")]
    figure = {
        "data": [
            {
                "type": "bar",
                "x": names,
                "y": [old, new],
                "marker": {"color": ["var(--chart-2)", "var(--chart-1)"]},
                "text": [_value(fmt, measure, old), _value(fmt, measure, new)],
                "textposition": "auto",
                "hoverinfo": "x+text",
            }
        ],
        "layout": {
            "showlegend": False,
            "margin": {"l": 60, "r": 10, "t": 10, "b": 40},
            "yaxis": value_axis([old, new], _axis_label(fmt, measure), count=4),
        },
    }
    table = Table(
        headers=[label, t("history.before"), t("history.after")],
        rows=[[label, _value(fmt, measure, old), _value(fmt, measure, new)]],
        numeric=[False, True, True],
    )
    return Chart(f"sg-change-chart-{index}", label, figure, table, height=260)


def changes_view(t: Translator, fmt: Formatter, ref: str, diff: PlanDiff | str) -> ChangesView:
    """Format a diff (or the reason there is none) for ``changes.html``."""
    if isinstance(diff, str):
        return ChangesView(ref, diff, None)
    keys = [
        ("kpi.revenue_target", "revenue_target", "revenue_target"),
        ("funnel.won_deals", "won_deals", "deals"),
        ("kpi.leads_needed", "top_stage_leads", "leads"),
        ("kpi.budget_planned", "budget_planned", "planned"),
    ]
    summary, charts = [], []
    for index, (key, attr, measure) in enumerate(keys, start=1):
        old, new = getattr(diff.key_before, attr), getattr(diff.key_after, attr)
        pct = None if old == new or not old else (Decimal(new) - Decimal(old)) / Decimal(old) * 100
        summary.append(
            (
                t(key),
                _value(fmt, measure, old),
                _value(fmt, measure, new),
                "=" if old == new else _signed_percent(fmt, pct),
            )
        )
        if old != new:  # a chart of two equal bars says nothing the table does not
            charts.append(_key_chart(t, fmt, ref, index, t(key), measure, old, new))
    rows = tuple(
        (
            consequence_label(t, c),
            _value(fmt, c.measure, c.old, t),
            _value(fmt, c.measure, c.new, t),
            _signed_percent(fmt, c.pct),
        )
        for c in diff.consequences
    )
    return ChangesView(
        ref, None, diff, tuple(summary), rows, tuple(charts), _item_rows(t, fmt, diff)
    )


def _item_rows(t: Translator, fmt: Formatter, diff: PlanDiff) -> tuple:
    """(kind label, id, status, status label, ((field, old, new, change), ...)) per changed thing."""
    rows = []
    for item in diff.items:
        kind = t(f"changes.kind.{item.kind}") if t.has(f"changes.kind.{item.kind}") else item.kind
        fields = tuple(
            (
                f.field,
                _value(fmt, f.field, f.old),
                _value(fmt, f.field, f.new),
                _signed_percent(fmt, f.pct),
            )
            for f in item.fields
        )
        rows.append((kind, item.id, item.status, t(f"changes.status.{item.status}"), fields))
    return tuple(rows)


def history_outputs(
    settings: PlanSettings,
    env: jinja2.Environment,
    site: Site,
    history: SiteHistory,
    ref: str | None = None,
    diff: PlanDiff | str | None = None,
    numbers: Mapping[str, PlanDiff | str | None] | None = None,
) -> list[Output]:
    """``history.html``, ``history/<commit>.html`` per plan commit, and ``changes.html`` when comparing.

    ``diff``: the plan compared with the plan at ``ref`` (`sitegen.git_inputs.plan_diff`),
    or why that comparison is impossible; read by the caller, shown here. ``numbers``: commit
    hash → what that commit changed (`sitegen.git_inputs.commit_diffs`; None: not compared, the
    page names the command that does), shown on its page.
    """
    view, numbers = history, numbers or {}
    # `build_environment` puts the plan language's Translator in the globals (Jinja types them object)
    t, fmt = cast(Translator, env.globals["t"]), Formatter(settings.language, settings.currency)
    outputs = [render_page(env, "history.html", "history.html", site, history=view)]
    for c in view.commits:
        found = numbers.get(c.hash)
        changes = None if found is None else changes_view(t, fmt, (c.parent or "")[:10], found)
        outputs.append(render_page(env, "commit.html", c.page, site, commit=c, history=view, changes=changes,
                                   uncompared=c.hash in numbers and found is None))
    if ref and diff is not None:
        changes = changes_view(t, fmt, ref, diff)
        outputs.append(
            render_page(env, "changes.html", "changes.html", site, changes=changes, history=view)
        )
    return outputs
