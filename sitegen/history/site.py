"""History shaped for the site: per-section "last changed … by …, reviewed by …" and the commit list.

Pure: takes a ``PlanHistory``, the validated ``Plan`` and where each section's
page lives, and returns the frozen views of `sitegen.model.history`, keyed by
section id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.history.log import Commit, PlanHistory
from sitegen.model.history import ChangeView, CommitFile, CommitView, SectionView, SiteHistory
from sitegen.model.plan import Plan

__all__ = ["commit_page", "history_for_site"]


def commit_page(commit: Commit) -> str:
    """Site path of a commit's change page."""
    return f"history/{commit.short}.html"


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
        parent=commit.parents[0] if commit.parents else None,
    )


def history_for_site(history: PlanHistory, plan: Plan | None, page_path: Callable[[str], str]) -> SiteHistory:
    """Section views keyed by section id, and every plan commit (merges without files left out).

    ``page_path``: section id → site path of its page (`sitegen.site.engine.urls.page_path`)."""
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
