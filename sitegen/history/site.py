"""History shaped for the site: per-section "last changed … by …, reviewed by …" and the commit list.

Pure: takes a ``PlanHistory`` and the validated ``Plan`` and returns frozen
views keyed by section id. A ``SectionView`` has ``date``, ``author`` and
``reviewer`` like ``sitegen.site.engine.page.History``, so it can be passed as a
page's ``history`` unchanged; ``changes`` feeds the collapsible change list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sitegen.history.log import Commit, PlanHistory

__all__ = [
    "ChangeView",
    "CommitFile",
    "CommitView",
    "SectionView",
    "SiteHistory",
    "commit_page",
    "history_for_site",
]


def commit_page(commit: Commit) -> str:
    """Site path of a commit's change page."""
    return f"history/{commit.short}.html"


@dataclass(frozen=True)
class ChangeView:
    """One commit as a line in a section's change list."""

    hash: str
    short: str
    date: dt.date
    author: str
    subject: str
    reviewers: tuple[str, ...]
    pull_request: str | None
    page: str  # site path of the commit page


@dataclass(frozen=True)
class SectionView:
    """What a section page shows under its title, plus its full change list (newest first)."""

    date: dt.date
    author: str
    reviewer: str | None
    subject: str
    changes: tuple[ChangeView, ...]
    contributors: tuple[str, ...]
    reviewers: tuple[str, ...]
    pull_requests: tuple[str, ...]
    partial: bool = False

    @property
    def count(self) -> int:
        return len(self.changes)


@dataclass(frozen=True)
class CommitFile:
    status: str
    path: str  # relative to the plan folder
    old_path: str | None
    section_id: str | None  # None when the file is not a section now (removed, CSV, plan.yaml)
    section_title: str | None
    page: str | None  # site path of the section page


@dataclass(frozen=True)
class CommitView:
    hash: str
    short: str
    date: dt.date
    datetime: dt.datetime
    author: str
    email: str
    subject: str
    body: str
    reviewers: tuple[str, ...]
    coauthors: tuple[str, ...]
    pull_request: str | None
    is_merge: bool
    files: tuple[CommitFile, ...]
    page: str


@dataclass(frozen=True)
class SiteHistory:
    sections: dict[str, SectionView]
    commits: tuple[CommitView, ...]
    available: bool
    partial: bool


def _line_fields(commit: Commit) -> dict[str, Any]:
    """What a change line and a commit page both show, read from the commit in one place."""
    return {
        "hash": commit.hash,
        "short": commit.short,
        "date": commit.date.date(),
        "author": commit.author,
        "subject": commit.subject,
        "reviewers": commit.reviewers,
        "pull_request": str(commit.pull_request) if commit.pull_request else None,
        "page": commit_page(commit),
    }


def _change(commit: Commit) -> ChangeView:
    return ChangeView(**_line_fields(commit))


def _commit_view(commit: Commit, sections: dict[str, tuple[str, str, str]]) -> CommitView:
    files = []
    for f in commit.files:
        sid, title, page = sections.get(f.path, (None, None, None))
        files.append(CommitFile(f.status, f.path, f.old_path, sid, title, page))
    return CommitView(
        **_line_fields(commit),
        datetime=commit.date,
        email=commit.email,
        body=commit.body,
        coauthors=commit.coauthors,
        is_merge=commit.is_merge,
        files=tuple(files),
    )


def history_for_site(history: PlanHistory, plan) -> SiteHistory:
    """Section views keyed by section id, and every plan commit (merges without files left out)."""
    from sitegen.site.engine.urls import page_path

    by_rel = {s.rel: (s.id, s.title, page_path(s.id)) for s in plan.sections} if plan else {}
    views = {}
    for rel, (sid, _, _) in by_rel.items():
        found = history.for_path(rel)
        if found is None:
            continue
        last = found.last
        views[sid] = SectionView(
            date=last.date.date(),
            author=last.author,
            reviewer=", ".join(last.reviewers) or None,
            subject=last.subject,
            changes=tuple(_change(c) for c in found.commits),
            contributors=found.contributors,
            reviewers=found.reviewers,
            pull_requests=tuple(str(p) for p in found.pull_requests),
            partial=history.partial,
        )
    commits = tuple(_commit_view(c, by_rel) for c in history.commits if c.files)
    return SiteHistory(views, commits, history.available, history.partial)
