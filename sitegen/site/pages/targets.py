"""Which page shows each diagnostic: the page of the section its file belongs to."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from sitegen.model.plan import Section
from sitegen.site.engine.urls import page_path

__all__ = ["diagnostic_targets", "section_targets"]


def section_targets(sections: Iterable[Section]) -> dict[str, str]:
    """Diagnostic path (`plan/goals.md`, `plan/reviews/q1.csv`) → page of its section."""
    targets: dict[str, str] = {}
    fallback_csv = None
    for section in sections:
        page = page_path(section.id)
        targets[section.path] = page
        if section.kind == "actuals":
            fallback_csv = fallback_csv or page
            source = getattr(section.data, "source", None)
            if source:
                prefix = section.path[: len(section.path) - len(section.rel)]
                csv = posixpath.normpath(posixpath.join(posixpath.dirname(section.rel), source))
                targets.setdefault(prefix + csv, page)
    if fallback_csv:
        targets["*.csv"] = fallback_csv
    return targets


def diagnostic_targets(diagnostics: Iterable[Any], targets: Mapping[str, str]) -> dict[str, str]:
    """Targets for exactly these diagnostics (CSV files without a known section → an actuals page)."""
    found = {}
    for d in diagnostics:
        if d.path in targets:
            found[d.path] = targets[d.path]
        elif d.path.endswith(".csv") and "*.csv" in targets:
            found[d.path] = targets["*.csv"]
    return found
