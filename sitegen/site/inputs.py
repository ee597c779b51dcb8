"""What the renderer is handed of an analysis, typed here because site/ imports no pipeline.

`sitegen.pipeline.Analysis` is one; `build_site` reads only what these
protocols name, so a test or a command may hand it any object that has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from sitegen.compute.results import ComputedPlan
from sitegen.diagnostics import Diagnostic
from sitegen.model.plan import Plan

__all__ = ["Analysed", "Sources", "analysed_plan"]


class Sources(Protocol):
    """What rendering reads of the plan's files (`load.PlanSources`; site/ imports no load): the
    plan folder, beside which a user's `theme/` folder is looked for, and the files' bytes,
    which `serve`'s render cache compares."""

    @property
    def root(self) -> Path | None: ...
    @property
    def files(self) -> Mapping[str, bytes]: ...


class Analysed(Protocol):
    """What rendering reads of an analysis (`sitegen.pipeline.Analysis`; site/ imports no pipeline)."""

    @property
    def sources(self) -> Sources: ...
    @property
    def plan(self) -> Plan | None: ...
    @property
    def computed(self) -> ComputedPlan | None: ...
    @property
    def diagnostics(self) -> list[Diagnostic]: ...


def analysed_plan(analysis: Analysed) -> tuple[Plan, ComputedPlan]:
    """The plan and its model: a site is made only of a plan that was computed."""
    if analysis.plan is None or analysis.computed is None:
        raise ValueError("a site is built from a plan without errors")
    return analysis.plan, analysis.computed
