"""Sections added, removed, renamed, and their prose changes.

A section is the same section on both sides when its id is the same (a file
moved with an explicit ``id:``), when git recorded the file as renamed, or when
its text is nearly identical under a new path (what git's own rename detection
does). Only then is its prose compared, as a unified diff of the Markdown body.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from sitegen.diff.model import FieldChange, ProseChange, SectionChange
from sitegen.load import PlanSources
from sitegen.model.plan import Section
from sitegen.pipeline import Analysis

__all__ = ["match_sections", "prose_changes", "section_changes"]

SIMILAR = 0.6
_MAX_PAIRS = 40_000  # beyond this many unmatched pairs, only identical files are paired


def _text(sources: PlanSources, rel: str) -> str:
    return sources.files.get(rel, b"").decode("utf-8", errors="replace")


def _sections(analysis: Analysis) -> dict[str, Section]:
    """The plan's sections by path; `compare` has turned away an analysis without a plan."""
    assert analysis.plan is not None
    return {s.rel: s for s in analysis.plan.sections}


def _similar(a: str, b: str) -> float:
    """Line-based similarity (as git's rename detection): fast enough for hundreds of pairs."""
    matcher = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines())
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def match_sections(before: Analysis, after: Analysis, renames: Mapping[str, str] | None = None) -> dict[str, str]:
    """Old section rel → new section rel for sections present on both sides."""
    old, new = _sections(before), _sections(after)
    new_by_id = {s.id: s.rel for s in new.values()}
    pairs: dict[str, str] = {}
    for rel, section in old.items():
        if section.id in new_by_id:
            pairs[rel] = new_by_id[section.id]
    taken = set(pairs.values())
    for old_rel, new_rel in (renames or {}).items():
        if old_rel in old and new_rel in new and old_rel not in pairs and new_rel not in taken:
            pairs[old_rel] = new_rel
            taken.add(new_rel)
    gone = [r for r in old if r not in pairs]
    fresh = [r for r in new if r not in taken]
    exhaustive = len(gone) * len(fresh) <= _MAX_PAIRS
    for rel in gone:
        text = _text(before.sources, rel)
        scored = [
            (
                _similar(text, _text(after.sources, cand))
                if exhaustive
                else float(text == _text(after.sources, cand)),
                cand,
            )
            for cand in fresh
            if cand not in taken
        ]
        score, best = max(scored, default=(0.0, ""))
        if score >= SIMILAR:
            pairs[rel] = best
            taken.add(best)
    return pairs


def _meta_changes(a: Section, b: Section) -> tuple[FieldChange, ...]:
    fields = []
    for name in ("title", "kind", "owner", "status"):
        old, new = getattr(a.data, name), getattr(b.data, name)
        if old != new:
            fields.append(FieldChange(name, old, new))
    return tuple(fields)


def section_changes(before: Analysis, after: Analysis, pairs: Mapping[str, str]) -> list[SectionChange]:
    old, new = _sections(before), _sections(after)
    changes = []
    for rel, b in new.items():
        if rel not in pairs.values():
            changes.append(SectionChange("added", b.id, rel, b.title))
    for rel, a in old.items():
        if rel not in pairs:
            changes.append(SectionChange("removed", a.id, rel, a.title))
            continue
        b = new[pairs[rel]]
        meta = _meta_changes(a, b)
        if rel != b.rel or a.id != b.id:
            changes.append(
                SectionChange(
                    "renamed", b.id, b.rel, b.title, rel, a.id if a.id != b.id else None, meta
                )
            )
        elif meta:
            changes.append(SectionChange("changed", b.id, b.rel, b.title, fields=meta))
    order = {"added": 0, "removed": 1, "renamed": 2, "changed": 3}
    return sorted(changes, key=lambda c: (order[c.status], c.path))


def prose_changes(
    before: Analysis, after: Analysis, pairs: Mapping[str, str], labels: tuple[str, str]
) -> list[ProseChange]:
    """Unified diff of each matched section whose Markdown body changed."""
    old, new = _sections(before), _sections(after)
    found = []
    for old_rel, new_rel in sorted(pairs.items(), key=lambda p: p[1]):
        a, b = old[old_rel], new[new_rel]
        if a.body.strip() == b.body.strip():
            continue
        lines = difflib.unified_diff(
            a.body.splitlines(),
            b.body.splitlines(),
            fromfile=f"{labels[0]}:{old_rel}",
            tofile=f"{labels[1]}:{new_rel}",
            lineterm="",
            n=2,
        )
        found.append(ProseChange(b.id, new_rel, "\n".join(lines)))
    return found
