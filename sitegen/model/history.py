"""The plan's git history as the site shows it: plain frozen data.

`sitegen.history.site.history_for_site` makes it from one ``git log``;
the site's pages read it (per-section "last changed … by …, reviewed by …"
lines, the commit list and one page per commit) without knowing git.
A ``SectionView`` has ``date``, ``author`` and ``reviewer`` like
``sitegen.site.engine.page.History``, so it can be passed as a page's
``history`` unchanged; ``changes`` feeds the collapsible change list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["ChangeView", "CommitFile", "CommitView", "SectionView", "SiteHistory"]


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
    parent: str | None = None  # first parent's hash: the commit page compares the plan with it


@dataclass(frozen=True)
class SiteHistory:
    sections: dict[str, SectionView]
    commits: tuple[CommitView, ...]
    available: bool
    partial: bool
