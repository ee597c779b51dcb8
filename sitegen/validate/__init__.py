"""Validate stage: raw files → a typed, cross-checked ``Plan`` plus every diagnostic."""

from __future__ import annotations

from sitegen.diagnostics import Diagnostic, sorted_diagnostics
from sitegen.load import RawPlan
from sitegen.model.plan import Placed, Plan
from sitegen.validate.actuals_csv import read_actuals_csv
from sitegen.validate.assemble import assemble
from sitegen.validate.references import (
    check_dates,
    check_funnels,
    check_goal_values,
    check_references,
    check_unique,
    known_ids,
)
from sitegen.validate.sections import raw_ids, validate_section, validate_settings

__all__ = ["validate_plan"]


def validate_plan(raw: RawPlan) -> tuple[Plan | None, list[Diagnostic]]:
    """All problems at once; the plan is None only when plan.yaml itself is unusable."""
    diags: list[Diagnostic] = []
    settings = None
    if raw.settings is not None:
        settings, problems = validate_settings(raw.settings)
        diags += problems
    sections, broken = [], set()
    for file in raw.sections:
        section, problems = validate_section(file)
        diags += problems
        if problems:
            broken |= raw_ids(file)
        if section is not None:
            sections.append(section)
    extra_actuals: list[Placed] = []
    for section in sections:
        if section.kind == "actuals" and section.data.source:
            rows, problems = read_actuals_csv(section, raw.sources)
            extra_actuals += rows
            diags += problems
    if settings is None:
        return None, sorted_diagnostics(diags)
    files = len(raw.sources.section_paths()) + 1
    plan = assemble(settings, raw.settings.path, raw.settings.marks, sections, extra_actuals, files)
    diags += check_unique(plan)
    diags += check_references(plan, known_ids(plan), broken)
    diags += check_dates(plan)
    diags += check_funnels(plan)
    diags += check_goal_values(plan)
    return plan, sorted_diagnostics(diags)
