"""Validate stage: raw files → a typed, cross-checked ``Plan`` plus every diagnostic."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TypeVar

from sitegen.diagnostics import Diagnostic, sorted_diagnostics
from sitegen.load import RawFile, RawPlan
from sitegen.model.kinds import Actual, ActualsSection
from sitegen.model.plan import Placed, Plan, Section
from sitegen.model.settings import PlanSettings
from sitegen.validate.actuals_csv import csv_path, read_actuals_csv
from sitegen.validate.actuals_refs import check_actual_measures
from sitegen.validate.assemble import SectionItems, assemble, section_items
from sitegen.validate.audiences import check_audiences
from sitegen.validate.links import check_links
from sitegen.validate.references import (
    check_dates,
    check_funnels,
    check_goal_values,
    check_references,
    check_unique,
    known_ids,
    unchecked_namespaces,
)
from sitegen.validate.scenarios import check_scenarios
from sitegen.validate.sections import raw_ids, validate_section, validate_settings
from sitegen.validate.time import check_time, resolve_fiscal

__all__ = ["CheckedFile", "validate_plan"]


@dataclass(frozen=True)
class CheckedFile:
    """What validating one section file on its own gives: a function of that file alone.

    The cross-file rules (ids, references, periods) are not in it: they run on
    the whole plan every time. `ids` are the ids a broken file still names.
    """

    section: Section | None
    problems: tuple[Diagnostic, ...]
    ids: frozenset[tuple[str, str]]
    items: SectionItems


def check_file(file: RawFile) -> CheckedFile:
    section, problems = validate_section(file)
    ids = frozenset(raw_ids(file)) if problems else frozenset()
    return CheckedFile(section, tuple(problems), ids, section_items(section) if section is not None else {})


@dataclass(frozen=True)
class CheckedSettings:
    """What validating plan.yaml on its own gives (the plan's settings, None when unusable)."""

    settings: PlanSettings | None
    problems: tuple[Diagnostic, ...]


def check_settings(file: RawFile) -> CheckedSettings:
    settings, problems = validate_settings(file)
    return CheckedSettings(settings, tuple(problems))


@dataclass(frozen=True)
class _CsvRows:
    """One actuals section's CSV file as read: its rows and problems."""

    section: Section  # the section read for: a hit must be this very object (its id() is in the key)
    rows: list[Placed[Actual]]
    problems: list[Diagnostic]


@dataclass(frozen=True)
class _CsvReads:
    """The CSV files read last time, by (id of the section, path, bytes)."""

    by_key: dict[tuple[int, str, bytes | None], _CsvRows]


FileCache = MutableMapping[tuple, object]  # (rel, display path, bytes) → CheckedFile or CheckedSettings
_CSV = ("actuals csv",)  # in the cache: the _CsvReads of the last validation

Result = TypeVar("Result")


def _by_bytes(raw: RawPlan, file: RawFile, cache: FileCache | None,
              kind: type[Result], make: Callable[[RawFile], Result]) -> Result:
    """`make(file)`, or what it gave last time for the same path and bytes (a `kind`)."""
    if cache is None:
        return make(file)
    key = (file.rel, file.path, raw.sources.files.get(file.rel))
    hit = cache.get(key)
    if isinstance(hit, kind):
        return hit
    made = cache[key] = make(file)
    return made


def validate_plan(raw: RawPlan, cache: FileCache | None = None,
                  skipped: dict[str, int] | None = None) -> tuple[Plan | None, list[Diagnostic]]:
    """All problems at once; the plan is None only when plan.yaml itself is unusable.

    ``cache`` (kept by ``serve`` between rebuilds) holds each file's own
    validation under its path and bytes, so after a save only the changed
    file is validated again and unchanged sections stay the same objects;
    the cross-file rules always run on the whole plan. ``skipped`` receives, per
    unreadable section file, how many references into it were not checked.
    """
    diags: list[Diagnostic] = []
    settings = None
    if raw.settings is not None:
        checked_settings = _by_bytes(raw, raw.settings, cache, CheckedSettings, check_settings)
        settings = checked_settings.settings
        diags += checked_settings.problems
    sections: list[Section] = []
    items: list[SectionItems] = []
    broken: set[tuple[str, str]] = set()
    for file in raw.sections:
        checked = _by_bytes(raw, file, cache, CheckedFile, check_file)
        diags += checked.problems
        broken |= checked.ids
        if checked.section is not None:
            sections.append(checked.section)
            items.append(checked.items)
    extra_actuals: list[Placed[Actual]] = []
    last = cache.get(_CSV) if cache is not None else None
    last_csv = last.by_key if isinstance(last, _CsvReads) else {}
    used_csv: dict[tuple[int, str, bytes | None], _CsvRows] = {}
    for section in sections:
        if isinstance(section.data, ActualsSection) and section.data.source:
            rel = csv_path(section, section.data.source)
            key = (id(section), rel, raw.sources.files.get(rel))
            hit = last_csv.get(key)
            if hit is None or hit.section is not section:
                hit = _CsvRows(section, *read_actuals_csv(section, raw.sources))
            used_csv[key] = hit
            extra_actuals += hit.rows
            diags += hit.problems
    if cache is not None:
        cache[_CSV] = _CsvReads(used_csv)
    if settings is None or raw.settings is None:  # (settings come from plan.yaml: both or neither)
        return None, sorted_diagnostics(diags)
    # The count the user checks against `ls plan/`: sections, plan.yaml and every CSV read.
    files = len(raw.sources.section_paths()) + 1 + len({rel for _, rel, data in used_csv if data is not None})
    plan = resolve_fiscal(assemble(settings, raw.settings.path, raw.settings.marks, sections, extra_actuals, files, items))
    diags += check_unique(plan)
    known = known_ids(plan)
    diags += check_references(plan, known, broken, unchecked_namespaces(raw.unreadable), skipped)
    if settings.scenarios:
        named = {ns: known[ns] | {i for n, i in broken if n == ns} for ns in ("segment", "team")}
        diags += check_scenarios(plan, named["segment"], named["team"])
    diags += check_dates(plan)
    diags += check_funnels(plan)
    diags += check_goal_values(plan)
    diags += check_audiences(plan)
    diags += check_actual_measures(plan)
    diags += check_time(plan)
    diags += check_links(plan.sections, raw.sources.section_paths())
    return plan, sorted_diagnostics(diags)
