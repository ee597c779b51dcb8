"""The fast path of a rebuild's analysis: a save that changed only the prose of sections.

Most saves touch the Markdown body, not the front matter. The body feeds its
section's page and the search index only (validation, computation,
plan.json, navigation and the other pages never read it), so when every
changed file keeps its front matter byte for byte, the last good analysis
stays valid with the new bodies: nothing is validated or computed again,
and the same `build_site` call as always finds every other output unchanged
in its cache. Anything else — front matter, plan.yaml, CSVs, added or
removed files, a theme change, a failure — is analysed whole (parses are
cached by content).

Measured (benchmarks/README.md): a prose save at 1,000 sections would spend
most of its time in `analyse` without this path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sitegen.load import PlanSources, load_sources
from sitegen.load.frontmatter import decode
from sitegen.pipeline import Analysis
from sitegen.validate.links import md_links

__all__ = ["changed_paths", "prose_only_analysis"]


def changed_paths(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> set[str] | None:
    """Files whose bytes changed; None when a file appeared or vanished."""
    if old.keys() != new.keys():
        return None
    return {rel for rel, data in new.items() if data is not old[rel] and data != old[rel]}


def _front(data: bytes, body_line: int) -> list[str] | None:
    text, bad = decode(data)
    return None if bad or text is None else text.splitlines(keepends=True)[: body_line - 1]


def prose_only_analysis(
    good: Analysis,
    good_files: Mapping[str, bytes],
    sources: PlanSources,
    changed: set[str],
    cache: dict,
) -> Analysis | None:
    """The last good analysis with the new bodies of `changed`, or None if more than prose changed."""
    plan = good.plan
    if plan is None or not changed or not all(rel.endswith(".md") for rel in changed):
        return None
    by_rel = {section.rel: section for section in plan.sections}
    if not changed <= by_rel.keys():
        return None
    only = {"plan.yaml": sources.files.get("plan.yaml", b"")} | {
        rel: sources.files[rel] for rel in changed
    }
    raw, problems = load_sources(replace(sources, files=only), cache)
    parsed = {section.rel: section for section in raw.sections}
    if any(p.path != sources.display("plan.yaml") for p in problems) or parsed.keys() != changed:
        return None
    bodies = {}
    for rel in changed:
        old, new = by_rel[rel], parsed[rel]
        if new.body_line != old.body_line or _front(good_files[rel], old.body_line) != _front(
            sources.files[rel], new.body_line
        ):
            return None
        if md_links(new.body) != md_links(old.body):  # a link may be a new or a fixed `broken-link` warning
            return None
        bodies[rel] = new.body
    sections = tuple(
        replace(s, body=bodies[s.rel]) if s.rel in bodies else s for s in plan.sections
    )
    return replace(good, sources=sources, plan=replace(plan, sections=sections))
