"""Build: the analysed plan → every output file of the site (nothing written here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sitegen.diff.model import PlanDiff
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
from sitegen.site.build import SiteBuild, prepare_site, render_site, stream_site
from sitegen.site.engine.output import Output
from sitegen.site.engine.urls import page_path
from sitegen.site.pages.history import history_outputs
from sitegen.site.pages.planjson import plan_json


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


def _published(message: str, where: PlanLocation | SnapshotError, root, display_root: str) -> str:
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


def build_outputs(analysis: Analysis, compare_to: str | None = None, history=None, env=None, pages=None,
                  reuse=None, json_fragments: dict[str, str] | None = None,
                  diff_bases: dict | None = None, json_key=None) -> list[Output]:
    """Every file of the site; ``history`` may be passed in when the caller already read it,
    ``env`` (a Jinja environment for this plan's language, currency and theme) when it keeps one warm,
    ``pages`` and ``reuse`` to render section pages, the calendar and the history pages selectively
    (see `render_site`), ``json_fragments`` to make plan.json from last time's pieces (see `plan_json`),
    ``diff_bases`` to keep the compared plan's analysis between calls (see `plan_diff`)."""

    def site_files(shared: SiteBuild, history, plan_wide: Callable[[], list[Output]]) -> list[Output]:
        return [*plan_wide(), *render_site(analysis, history=history, build=shared, pages=pages, reuse=reuse)]

    return list(_outputs(analysis, site_files, compare_to, history, env, reuse, json_fragments,
                         diff_bases, json_key))


def stream_outputs(analysis: Analysis, compare_to: str | None = None, finish=None, history=None,
                   versions=None, diff_bases: dict | None = None) -> Iterator[Output]:
    """`build_outputs` for a one-shot build, as a stream: `write_site` writes each file
    while the worker processes still render the next pages (same files, no set order).

    plan.json and the history pages are made by a page worker too, with the
    dashboard and calendar (`stream_site`'s `plan_wide`). `finish`: applied to
    each output in the worker that makes it (`sitegen.write.Staging.put`
    writes it there; see `write_staged`); `history`: as for `build_outputs`;
    `versions`: the version menu of a `build --versions` site (`Versions`); `diff_bases`:
    as for `build_outputs`."""

    def site_files(shared: SiteBuild, history, plan_wide: Callable[[], list[Output]]) -> Iterator[Output]:
        return stream_site(analysis, shared, finish, plan_wide=plan_wide)

    return iter(_outputs(analysis, site_files, compare_to, history, diff_bases=diff_bases, versions=versions))


def _outputs(analysis: Analysis, site_files: Callable[[SiteBuild, Any, Callable[[], list[Output]]], Iterable[Output]],
             compare_to: str | None = None, history=None, env=None, reuse=None,
             json_fragments: dict[str, str] | None = None, diff_bases: dict | None = None,
             json_key=None, versions=None) -> Iterable[Output]:
    """The one sequence of `build_outputs` and `stream_outputs`: the site's files
    (`site_files`), given `plan_wide()`, which makes the plan-wide files: plan.json and the
    history, commit and "What changed" pages."""
    plan, computed = analysis.plan, analysis.computed
    assert plan is not None and computed is not None
    history = site_history(analysis) if history is None else history
    shared = prepare_site(analysis, history, compare_to=compare_to, env=env, versions=versions)
    ref = compare_to or plan.settings.compare_to

    def plan_wide() -> list[Output]:
        json = Output("plan.json", plan_json(computed, analysis.diagnostics, json_fragments, json_key))
        diff = plan_diff(analysis, ref, diff_bases) if ref else None

        numbers = commit_diffs(analysis, history, diff_bases)

        def history_pages() -> list[Output]:
            return history_outputs(plan.settings, shared.env, shared.site, history, ref, diff, numbers)

        if reuse is None:
            return [json, *history_pages()]
        # the history, commit and "What changed" pages, in the site's frame
        return [json, *reuse("history", (history, shared.site, ref, diff, numbers), history_pages)]

    return site_files(shared, history, plan_wide)
