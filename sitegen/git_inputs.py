"""What a build needs besides the analysed plan, read from git: the site's history and the
comparisons its history pages show. The commands hand both to `sitegen.site.build.build_site`
as data; nothing here renders or writes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.history import PlanHistory, history_for_site, read_history
from sitegen.history.snapshot import (
    PlanLocation,
    SnapshotError,
    git_renames,
    locate_plan,
    snapshot_sources,
)
from sitegen.model.history import SiteHistory
from sitegen.pipeline import Analysis, UnknownAudience, analyse
from sitegen.site.engine.urls import page_path
from sitegen.site.pages.history import Comparison

if TYPE_CHECKING:  # only a plan kept in git or compared with a ref makes a diff
    from sitegen.diff.model import PlanDiff


def site_history(analysis: Analysis, log: PlanHistory | None = None) -> SiteHistory:
    """The plan's git history for the pages (one ``git log``; empty outside git).

    `log`: the plan folder's `read_history`, when the caller read it already (a version
    read from git has no folder, but its part of the log)."""
    root = analysis.sources.root
    if log is None:
        log = read_history(root) if root is not None else PlanHistory()
    return history_for_site(log, analysis.plan, page_path)


def plan_diff(analysis: Analysis, ref: str, bases: dict | None = None) -> PlanDiff | str:
    """The working-tree plan compared with the plan at ``ref``, or why that is impossible.

    ``bases`` (kept by `serve` while git's state stays the same) remembers
    the analysed plan at ``ref``, or why there is none, between saves.
    """
    root, origin = analysis.sources.root, analysis.sources.origin
    where = analysis.sources.extra.get("where")  # a plan read from git (`build --versions`)
    if root is None and where is None:
        return "the plan was not read from a folder"
    key = diff_key(analysis, ref)
    base = bases.get(key) if bases is not None else None
    if base is None:
        if where is None:
            assert root is not None
            where = locate_plan(Path(root), analysis.sources.display_root)
        base = _diff_base(where, ref, analysis.audience)
        if isinstance(base, str):
            base = _published(base, where, root, analysis.sources.display_root)
        if bases is not None:
            bases[key] = base
    if isinstance(base, str):
        return base
    where, before = base
    from sitegen.diff.compare import compare  # only plans with compare_to pay for the diff engine

    later = None if origin == "working tree" else origin
    earlier = before.sources.extra.get("commit", ref)  # `:/text` is a pattern to `git diff`
    return compare(before, analysis, git_renames(where, earlier, later), (ref, later or "working tree"))


COMMITS_COMPARED = 30  # each compared commit costs one plan analysis (~0.25 s for a mid-sized plan)


def commit_diffs(analysis: Analysis, history: SiteHistory,
                 bases: dict | None = None) -> dict[str, PlanDiff | str | None]:
    """What each plan commit changed in numbers: the plan at its first parent compared with
    the plan it made, by the same engine as `sitegen diff` (commit hash → diff, or why not).

    The first commit, and commits whose parent held no plan, have no entry; commits older
    than the latest `COMMITS_COMPARED` map to None (their page names the `sitegen diff`
    command instead: a long history must not make every build slow). Each plan is
    analysed once (a commit is the parent of the next); ``bases`` keeps them across
    `serve`'s rebuilds: a commit's plan never changes."""
    root, where = analysis.sources.root, analysis.sources.extra.get("where")
    if not history.commits or (root is None and where is None):
        return {}
    if where is None:
        if root is None:
            return {}
        where = locate_plan(Path(root), analysis.sources.display_root)
    if isinstance(where, SnapshotError):
        return {}
    from sitegen.diff.compare import compare  # only plans kept in git pay for the diff engine

    plans = bases if bases is not None else {}

    def plan_at(commit: str) -> tuple[Any, Analysis] | str:
        key = ("commit", str(where.root), where.prefix, commit, analysis.audience)
        if key not in plans:
            plans[key] = _diff_base(where, commit, analysis.audience)
        return plans[key]

    diffs: dict[str, PlanDiff | str | None] = {}
    for index, commit in enumerate(history.commits):
        if commit.parent is None or commit.is_merge:
            continue
        if index >= COMMITS_COMPARED:
            diffs[commit.hash] = None
            continue
        before = plan_at(commit.parent)
        if isinstance(before, str) and before.startswith("there is no plan at"):
            continue  # the plan folder began with this commit
        after = plan_at(commit.hash)
        failed = before if isinstance(before, str) else after if isinstance(after, str) else None
        if failed is not None:
            diffs[commit.hash] = _published(failed, where, root, analysis.sources.display_root)
            continue
        assert not isinstance(before, str) and not isinstance(after, str)
        labels = (commit.parent[:10], commit.short)
        diffs[commit.hash] = compare(before[1], after[1], git_renames(where, commit.parent, commit.hash), labels)
    return diffs


def _published(message: str, where: PlanLocation | SnapshotError, root: Path | None, display_root: str) -> str:
    """``message`` with the plan folder and the repository named as the author sees them,
    never as absolute paths of this machine (git's own errors may hold them): the
    "What changed" page publishes it."""
    names = {}
    if root is not None:
        names = {str(root): display_root, str(Path(root).resolve()): display_root}
    if isinstance(where, PlanLocation):
        names.setdefault(str(where.root), ".")
        names.setdefault(str(where.root.resolve()), ".")
    for local in sorted(names, key=len, reverse=True):
        message = message.replace(local, names[local])
    return message


def diff_key(analysis: Analysis, ref: str) -> tuple:
    """Where `plan_diff`'s `bases` keep the plan at `ref` that `analysis` is compared with."""
    s = analysis.sources
    return (str(s.root), s.display_root, ref, analysis.audience, s.origin)


def _diff_base(where: PlanLocation | SnapshotError, ref: str, audience: str | None = None) -> tuple[Any, Analysis] | str:
    """Where the plan sits in git and its analysis at ``ref`` (cut for ``audience``, so that
    the comparison names nothing it may not see), or why that is impossible."""
    if isinstance(where, SnapshotError):
        return where.message
    sources = snapshot_sources(where, ref)
    if isinstance(sources, SnapshotError):
        return sources.message
    try:
        before = analyse(sources, audience=audience)
    except UnknownAudience:
        return f"the plan at {ref} has no audience '{audience}'"
    if before.failed():
        errors = [d.line_text() for d in before.diagnostics if d.severity == "error"]
        return f"the plan at {ref} has errors: " + "; ".join(errors[:5])
    return where, before


def comparison(analysis: Analysis, history: SiteHistory, compare_to: str | None = None,
               bases: dict | None = None) -> Comparison:
    """What the "What changed" and commit pages show: the plan compared with the plan at
    ``compare_to`` (or plan.yaml's ``compare_to``) and what each commit changed in numbers.

    ``bases``: see `plan_diff` and `commit_diffs` (kept by `serve`; given by `build --versions`,
    which analysed the version compared with already)."""
    assert analysis.plan is not None
    ref = compare_to or analysis.plan.settings.compare_to
    diff = plan_diff(analysis, ref, bases) if ref else None
    return Comparison(ref, diff, commit_diffs(analysis, history, bases))


def site_inputs(analysis: Analysis, compare_to: str | None = None, log: PlanHistory | None = None,
                bases: dict | None = None) -> tuple[SiteHistory, Comparison]:
    """What `build_site` needs besides the analysis, read from git: ``build_site(analysis,
    *site_inputs(analysis))`` is the site `sitegen build` writes."""
    history = site_history(analysis, log)
    return history, comparison(analysis, history, compare_to, bases)
