"""The one pipeline every command shares: load → validate → compute.

``check``, ``build``, ``serve`` and ``diff`` all call ``analyse``; only what
happens after (render, write, compare) differs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from sitegen.load import PlanSources, load_sources, plan_sources
from sitegen.model import Plan
from sitegen.translation import N_plural
from sitegen.validate import validate_plan

if TYPE_CHECKING:  # compute is imported when first needed (`check` of a broken plan never is)
    from sitegen.compute.results import ComputedPlan


@dataclass(frozen=True)
class Analysis:
    sources: PlanSources
    plan: Plan | None
    computed: ComputedPlan | None
    diagnostics: list[Diagnostic]
    audience: str | None = None  # the audience the plan was cut for (PLAN_FORMAT §10)

    @property
    def files(self) -> int:
        return self.plan.files if self.plan else len(self.sources.section_paths()) + 1

    def failed(self, strict: bool = False) -> bool:
        return self.plan is None or self.computed is None or has_errors(self.diagnostics, strict)


def analyse(
    sources: PlanSources, cache: dict | None = None, *, checked: dict | None = None, memo: dict | None = None,
    audience: str | None = None,
) -> Analysis:
    """``cache``: parsed sections by content, ``checked``: each file's own validation by content,
    ``memo``: computed results by their inputs (see `compute.memo`) — all kept between ``serve``
    rebuilds, none changing the result. ``audience``: an audience id of plan.yaml; the plan
    is cut to what it may see before anything is computed (`sitegen.audience`)."""
    from sitegen.compute import compute_plan

    raw, diags = load_sources(sources, cache)
    skipped: dict[str, int] = {}
    plan, more = validate_plan(raw, checked, skipped)
    diags = with_skipped(diags, skipped, sources) + more
    if plan is not None and audience is not None and not has_errors(diags):
        plan, diags = _audience(plan, audience, diags)
    computed = None
    if plan is not None and not has_errors(diags):
        computed = compute_plan(plan, memo)
        diags = diags + list(computed.diagnostics)
    return Analysis(sources, plan, computed, sorted_diagnostics(diags), audience)


def with_skipped(diags: list[Diagnostic], skipped: dict[str, int], sources: PlanSources) -> list[Diagnostic]:
    """An unreadable file's own error says how many references into it wait for its fix."""
    if not skipped:
        return diags
    counts = {sources.display(rel): n for rel, n in skipped.items()}
    noted: set[str] = set()
    out = []
    for d in diags:
        n = counts.get(d.path)
        if n and d.severity == "error" and d.path not in noted:
            noted.add(d.path)
            more = N_plural(
                "%(message)s (%(n)d reference to ids this file may define not checked until it is fixed)",
                "%(message)s (%(n)d references to ids this file may define not checked until it is fixed)",
                n, message=d.wording or d.message)
            d = replace(d, message=str(more), wording=more)
        out.append(d)
    return out


def _audience(plan: Plan, audience_id: str, diags: list[Diagnostic]) -> tuple[Plan, list[Diagnostic]]:
    from sitegen.audience import audience_view, find_audience

    audience = find_audience(plan, audience_id)
    if audience is None:
        raise UnknownAudience(audience_id, tuple(a.id for a in plan.settings.audiences))
    return audience_view(plan, audience, diags)


class UnknownAudience(LookupError):
    """`--audience ID` names no audience of plan.yaml: a usage error of the command line."""

    def __init__(self, audience_id: str, known: tuple[str, ...]) -> None:
        super().__init__(audience_id)
        self.audience_id, self.known = audience_id, known


def analyse_folder(plan_dir: Path, audience: str | None = None) -> Analysis:
    return analyse(plan_sources(plan_dir), audience=audience)
