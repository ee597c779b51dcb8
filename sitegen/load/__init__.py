"""Load stage: files → raw front matter with positions (no validation yet)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.diagnostics import Diagnostic, Location, display_path, error
from sitegen.load.frontmatter import SplitFile, decode, split_front_matter
from sitegen.load.sources import PlanSources, read_folder
from sitegen.load.yamlmarks import Marks, Yaml, YamlProblem, load_yaml
from sitegen.translation import N_

__all__ = ["PlanSources", "RawFile", "RawPlan", "load_sources", "read_folder", "Marks", "plan_sources"]

PLAN_FILE = "plan.yaml"


@dataclass(frozen=True)
class RawFile:
    """One parsed file: ``rel`` is relative to the plan folder, ``path`` is what users see."""

    rel: str
    path: str
    data: Yaml  # the front matter (plan.yaml: the file) as YAML made it; validate checks its shape
    marks: Marks
    body: str = ""
    body_line: int = 1


@dataclass(frozen=True)
class RawPlan:
    sources: PlanSources
    settings: RawFile | None
    sections: tuple[RawFile, ...]
    # section files that could not be read: rel → the `kind:` their text names, if any
    unreadable: dict[str, str | None] = field(default_factory=dict)


_KIND = re.compile(rb"^kind:[ \t]*[\"']?([\w-]+)", re.M)


def kind_named(data: bytes) -> str | None:
    """The `kind:` line of a file whose front matter cannot be parsed: which ids it would define."""
    found = _KIND.search(data[:4096])
    return found.group(1).decode("ascii", "replace") if found else None


_LANGUAGE = re.compile(rb"^language:[ \t]*[\"']?(en|pl|zh)[\"']?[ \t]*(?:#.*)?$", re.M)


def language_named(data: bytes | None) -> str | None:
    """The `language:` line of a plan.yaml that cannot be parsed: which language to explain it in."""
    found = _LANGUAGE.search(data[:4096]) if data else None
    return found.group(1).decode("ascii") if found else None


def plan_sources(plan_dir: Path, cwd: Path | None = None) -> PlanSources:
    """Read a plan folder; paths in diagnostics are relative to the current directory."""
    return read_folder(plan_dir, display_path(plan_dir.resolve(), cwd))


def _problems(path: str, problems: list[YamlProblem]) -> list[Diagnostic]:
    return [error(Location(path, p.line, p.column), p.code, p.message) for p in problems]


def _read(sources: PlanSources, rel: str) -> tuple[str | None, list[Diagnostic]]:
    text, bad = decode(sources.files[rel])
    if bad:
        return None, [error(Location(sources.display(rel), bad.line, bad.column), "encoding", bad.message)]
    return text, []


def _outside(sources: PlanSources) -> list[Diagnostic]:
    """A link out of the plan folder is named, never read (see `sitegen.load.sources`)."""
    root = sources.display_root.rstrip("/") or "."
    return [
        error(
            Location(sources.display(rel), 1, 1),
            "outside-plan",
            N_("a link to a place outside %(root)s/, which sitegen does not read; "
               "copy the file or folder into %(root)s/ instead of linking to it", root=root),
        )
        for rel in sources.outside
    ]


def _load_settings(sources: PlanSources) -> tuple[RawFile | None, list[Diagnostic]]:
    if PLAN_FILE in sources.outside:  # named by `_outside`; "missing plan.yaml" would mislead
        return None, []
    rel = PLAN_FILE if PLAN_FILE in sources.files else "plan.yml" if "plan.yml" in sources.files else None
    if rel is None:
        where = Location(sources.display(PLAN_FILE), 1, 1)
        msg = N_("missing %(file)s; create it with 'title:' and 'period: {start: ..., end: ...}'",
                 file=sources.display(PLAN_FILE))
        return None, [error(where, "missing-plan", msg)]
    text, diags = _read(sources, rel)
    if text is None:
        return None, diags
    result = load_yaml(text)
    diags = _problems(sources.display(rel), result.problems)
    if diags:  # unreadable YAML: reported once, not again as "plan.yaml is empty"
        return None, diags
    return RawFile(rel, sources.display(rel), result.data, result.marks), diags


def _load_section(sources: PlanSources, rel: str) -> tuple[RawFile | None, list[Diagnostic]]:
    text, diags = _read(sources, rel)
    if text is None:
        return None, diags
    split: SplitFile = split_front_matter(text)
    path = sources.display(rel)
    if split.problems:
        return None, _problems(path, split.problems)
    return RawFile(rel, path, split.front, split.marks, split.body, split.body_line), []


def load_sources(
    sources: PlanSources, cache: MutableMapping[tuple, Any] | None = None
) -> tuple[RawPlan, list[Diagnostic]]:
    """Parse plan.yaml and every section; a broken file is reported and left out.

    ``cache`` (used by ``serve``) keeps parsed sections keyed by path and
    content, so a rebuild after one save re-parses only the file that changed.
    """
    settings, diags = _load_settings(sources)
    diags = _outside(sources) + diags
    sections = []
    unreadable: dict[str, str | None] = {}
    for rel in sources.section_paths():
        key = (rel, sources.display(rel), sources.files[rel])
        hit = cache.get(key) if cache is not None else None
        raw, problems = hit if hit is not None else _load_section(sources, rel)
        if cache is not None:
            cache[key] = (raw, problems)
        diags.extend(problems)
        if raw is not None:
            sections.append(raw)
        else:
            unreadable[rel] = kind_named(sources.files[rel])
    return RawPlan(sources, settings, tuple(sections), unreadable), diags
