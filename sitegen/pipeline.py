"""The one pipeline every command shares: load → validate → compute.

``check``, ``build``, ``serve`` and ``diff`` all call ``analyse``; only what
happens after (render, write, compare) differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


@dataclass
class AnalysisCache:
    """What ``serve`` keeps between rebuilds so a save re-does only what it touched; the result
    of `analyse` is the same with or without it (``sitegen build`` passes none).

    ``parsed``: each file parsed (`load_sources`), ``checked``: each file's own validation
    (`validate_plan`), both keyed by the file's path and bytes; ``memo``: computed results by
    the objects they were made from (`compute.memo`)."""

    parsed: dict[tuple, Any] = field(default_factory=dict)
    checked: dict[tuple, object] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)

    def prune(self, files: Mapping[str, bytes]) -> None:
        """Forget parses of contents no file has any more (old versions of an edited file)."""
        for kept in (self.parsed, self.checked):
            stale = [
                key for key in kept
                if len(key) == 3 and files.get(key[0]) is not key[2] and files.get(key[0]) != key[2]
            ]
            for key in stale:
                del kept[key]


def analyse(sources: PlanSources, cache: AnalysisCache | None = None, *, audience: str | None = None) -> Analysis:
    """``cache``: what ``serve`` keeps between rebuilds (`AnalysisCache`); it never changes the
    result. ``audience``: an audience id of plan.yaml; the plan is cut to what it may see before
    anything is computed (`sitegen.audience`)."""
    from sitegen.compute import compute_plan

    raw, diags = load_sources(sources, cache.parsed if cache else None)
    skipped: dict[str, int] = {}
    plan, more = validate_plan(raw, cache.checked if cache else None, skipped)
    diags = with_skipped(diags, skipped, sources) + more
    if plan is not None and audience is not None and not has_errors(diags):
        plan, diags = _audience(plan, audience, diags)
    computed = None
    if plan is not None and not has_errors(diags):
        computed = compute_plan(plan, cache.memo if cache else None)
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


def analyse_folder(plan_dir: Path, audience: str | None = None, cache: AnalysisCache | None = None) -> Analysis:
    return analyse(plan_sources(plan_dir), cache, audience=audience)
