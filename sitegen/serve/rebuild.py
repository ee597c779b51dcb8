"""Incremental rebuilds for `serve`: re-read what changed, recompute, rewrite what differs.

The rebuilder keeps, between saves: the bytes and stat signature of every
plan file (so only changed files are read), the parsed sections by content
(so only changed files are parsed), and the last good analysis (so the
overlay can link a diagnostic to its section's page). The model is
recomputed from the whole plan (unless only prose changed, `incremental`),
because one number in `goals.md` moves pages everywhere; the site is made by
the same `build_site` call as `sitegen build`, with a `RenderCache` that
renders again only what changed, and only files whose bytes changed are written.

The board pack (`report.html`, every section in one page) is the one output
a save does not wait for: `build_site` hands it over unmade (`Deferred`), and
it is written when a browser asks for it or once the author pauses
(`write_deferred`), with the bytes `sitegen build` writes.

Nothing an author types may stop the preview: any exception in a rebuild
becomes an `internal` diagnostic and the last good site stays served.
"""

from __future__ import annotations

import os
import stat as stat_module
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen.diagnostics import Diagnostic, Location, display_path, error, has_errors
from sitegen.history import history_for_site, read_history
from sitegen.load import language_named
from sitegen.load.sources import PlanSources, leads_outside, real_root, wanted
from sitegen.model.history import SiteHistory
from sitegen.model.plan import Plan
from sitegen.pipeline import Analysis, AnalysisCache, analyse
from sitegen.serve.gitstate import HistoryCache
from sitegen.serve.incremental import changed_paths, prose_only_analysis
from sitegen.serve.warm import forget_templates, warm_environment
from sitegen.site.cache import RenderCache
from sitegen.site.engine.environment import ThemeError
from sitegen.site.engine.output import Deferred, Output
from sitegen.site.engine.urls import page_path

__all__ = ["Rebuilder", "RebuildResult", "scan_folder"]

Stat = tuple[int, int]  # (mtime_ns, size)


@dataclass(frozen=True)
class RebuildResult:
    """What one rebuild did; `ok` is False when the plan has errors (nothing written)."""

    ok: bool
    diagnostics: tuple[Diagnostic, ...]
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    seconds: float = 0.0
    title: str = ""
    links: dict[str, str] = field(default_factory=dict)  # diagnostic path → site page
    rendered: tuple[str, ...] = ()  # section pages rendered again (the rest were unchanged)
    deferred: tuple[str, ...] = ()  # changed files to be written when asked for (`Rebuilder.write_deferred`)
    language: str = "en"  # the plan's language: the overlay speaks it

    @property
    def pages(self) -> int:
        return sum(p.endswith(".html") for p in self.written)

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed or self.deferred)


Scan = tuple[dict[str, bytes], dict[str, Stat], tuple[str, ...]]  # files, stats, links outside


def scan_folder(
    root: Path, files: dict[str, bytes], stats: dict[str, Stat], force: Iterable[str] = ()
) -> Scan:
    """The plan's files now, reading only those whose stat changed or that events named.

    Walks the folder (stat only, cheap even at 1,000 files) instead of trusting
    events, so renames, folder moves and delete+recreate all come out right.
    Links leading outside the plan folder are listed, not read (`load.sources`).
    """
    forced = set(force)
    new_files: dict[str, bytes] = {}
    new_stats: dict[str, Stat] = {}
    outside: list[str] = []
    real = real_root(root)

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return  # vanished or unreadable, as os.walk would skip it
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                if entry.is_symlink() and leads_outside(entry.path, real):
                    if wanted(rel) or entry.is_dir():
                        outside.append(rel)
                    continue
                if entry.is_dir():  # like os.walk: hidden folders skipped, links to folders not followed
                    if not entry.is_symlink():
                        walk(entry.path, rel + "/")
                    continue
            except OSError:
                continue
            if not wanted(rel):
                continue
            try:
                info = os.stat(entry.path)
                if not stat_module.S_ISREG(info.st_mode):
                    continue
                stat = (info.st_mtime_ns, info.st_size)
                if rel in files and stats.get(rel) == stat and rel not in forced:
                    new_files[rel] = files[rel]
                else:
                    with open(entry.path, "rb") as stream:
                        new_files[rel] = stream.read()
                new_stats[rel] = stat
            except OSError:
                continue  # vanished between listing and reading: the next event rescans

    walk(os.fspath(root), "")
    return dict(sorted(new_files.items())), new_stats, tuple(outside)


def rescan_known(
    root: Path, files: dict[str, bytes], stats: dict[str, Stat], paths: Iterable[str]
) -> Scan | None:
    """The plan's files after events that named only `paths`, all files the plan already has.

    Re-reads those files (or drops the ones gone) without walking the
    folder: 1,000 stats after every save. None when a path is new to the
    plan (a new file or a folder moved in: the caller walks the folder), or
    leads outside it now (a file replaced by a link: the walk reports it).
    """
    paths = set(paths)
    if not paths or not all(rel in files for rel in paths):
        return None
    new_files, new_stats = dict(files), dict(stats)
    real = real_root(root)
    for rel in paths:
        if leads_outside(root / rel, real):
            return None
        try:
            info = os.stat(root / rel)
            if not stat_module.S_ISREG(info.st_mode):
                return None
            with open(root / rel, "rb") as stream:
                new_files[rel] = stream.read()
            new_stats[rel] = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            del new_files[rel], new_stats[rel]
        except OSError:
            return None  # e.g. a folder now stands in its place: the walk sorts it out
    return new_files, new_stats, ()


class Rebuilder:
    """Owns the preview site in `out_dir`; `rebuild()` after every burst of changes."""

    def __init__(self, plan_dir: Path, out_dir: Path) -> None:
        self.plan_dir = plan_dir
        self.out_dir = out_dir
        self.display_root = display_path(plan_dir.resolve())
        self.files: dict[str, bytes] = {}
        self.stats: dict[str, Stat] = {}
        self.cache = AnalysisCache()  # parses, validations and computed results kept between saves
        self._pages: dict[str, str] = {}  # section id → site page (see `_links`)
        self._history_view: tuple | None = None  # (git history, sections' keys, site history)
        self.last_good: Analysis | None = None
        self.good_files: dict[str, bytes] = {}  # the files the last good site was built from
        self.last_ok = False
        self.written_once = False
        self.render_cache = RenderCache()  # what the last build rendered, by what it was made from
        self.git_history = HistoryCache(plan_dir, lambda: read_history(plan_dir))  # re-read after commits
        self.site_bytes: dict[str, bytes] = {}  # site path → bytes as this process last wrote them
        self.diff_bases: dict = {}  # the plan at compare_to and at each commit, analysed (see `plan_diff`)
        self.deferred: dict[str, Deferred] = {}  # site path → output of the last good build not written yet
        self._lock = threading.Lock()  # a rebuild, or writing a deferred output (the HTTP thread asks)

    def rebuild(
        self, changed: Iterable[str] = (), theme_changed: bool = False, complete: bool = False
    ) -> RebuildResult:
        """Bring the site up to date with the plan folder; `changed` names files events saw.

        `complete`: the events named every plan path that changed (no folder
        events); then, if they are all files the plan already has, only those
        are read again instead of walking the folder (`rescan_known`).
        """
        started = time.perf_counter()
        with self._lock:
            return self._locked_rebuild(started, changed, theme_changed, complete)

    def _locked_rebuild(self, started: float, changed: Iterable[str], theme_changed: bool,
                        complete: bool) -> RebuildResult:
        if theme_changed:
            forget_templates()
            self.render_cache.forget()
        try:
            result = self._rebuild(list(changed), theme_changed, complete)
        except ThemeError as exc:  # a theme template's typo: shown like a plan error
            result = RebuildResult(False, (exc.diagnostic,), links=self._links())
        except Exception as exc:  # a bug must not end the preview; say so and keep serving
            traceback.print_exc()
            where = error_location(self.display_root)
            message = f"sitegen failed while rebuilding: {type(exc).__name__}: {exc} (a bug: the traceback is in the terminal)"
            result = RebuildResult(False, (error(where, "internal", message),), links=self._links())
        self.last_ok = result.ok
        return replace(result, seconds=time.perf_counter() - started)

    def _rebuild(self, changed: list[str], theme_changed: bool, complete: bool) -> RebuildResult:
        known = rescan_known(self.plan_dir, self.files, self.stats, changed) if complete else None
        if known is None:
            known = scan_folder(self.plan_dir, self.files, self.stats, changed)
        self.files, self.stats, outside = known
        sources = PlanSources(
            files=self.files, display_root=self.display_root, root=self.plan_dir, outside=outside
        )
        analysis = None
        if self.last_ok and not theme_changed and not outside:
            analysis = self._prose_only(sources)
            if analysis is not None and analysis is self.last_good:  # saved without a change: nothing to do
                return RebuildResult(True, tuple(analysis.diagnostics), title=self.title, links=self._links())
        if analysis is None:
            analysis = analyse(sources, self.cache)
            self.cache.prune(self.files)
        title = analysis.plan.settings.title if analysis.plan else self.title
        if analysis.failed() or has_errors(analysis.diagnostics):
            return RebuildResult(
                False, tuple(analysis.diagnostics), title=title, links=self._links(),
                language=self._language(analysis),
            )
        return self._write(analysis, title)

    def _write(self, analysis: Analysis, title: str) -> RebuildResult:
        """`build_site` with the render cache, then write the files whose bytes changed."""
        from sitegen.git_inputs import comparison
        from sitegen.site.build import build_site
        from sitegen.write import update_site, write_site

        assert analysis.plan is not None  # a plan without errors
        history = self._site_history(analysis.plan)
        if self.git_history.changed:  # the compared ref may name another commit now
            self.diff_bases.clear()
        compared = comparison(analysis, history, bases=self.diff_bases)
        outputs = list(build_site(analysis, history, compared, env=warm_environment(analysis), cache=self.render_cache))
        written, pending = self.site_bytes, self.deferred
        self.site_bytes, self.deferred = {}, {}  # until the write succeeds
        later: dict[str, Deferred] = {}
        if not self.written_once:
            report = write_site(outputs, self.out_dir)  # the first site is whole (its board pack made now)
            self.written_once = True
        elif not written:  # the last write failed: what the folder holds is not known
            report = update_site(outputs, self.out_dir, prune=True)
        else:  # files whose bytes this process wrote last are not read back from disk
            later = {o.path: o for o in outputs if isinstance(o, Deferred) and not o.made and o.path in written}
            fresh = [o for o in outputs if o.path not in later and written.get(o.path) is not o.content
                     and written.get(o.path) != o.content]
            gone = written.keys() - {o.path for o in outputs}
            report = update_site(fresh, self.out_dir, only=[o.path for o in fresh], remove=gone)
        self.site_bytes = {o.path: written[o.path] if o.path in later else o.content for o in outputs}
        self.deferred = later
        self.last_good, self.good_files = analysis, self.files
        return RebuildResult(
            True,
            tuple(analysis.diagnostics),
            report.written,
            report.removed,
            title=title,
            links=self._links(),
            rendered=tuple(self.render_cache.rendered),
            # the very output left for later last time (the render cache kept it: what it is made
            # from is the same) is no change
            deferred=tuple(path for path, output in later.items() if pending.get(path) is not output),
        )

    def write_deferred(self, path: str | None = None) -> tuple[str, ...]:
        """Make and write what the last good build left for later (`Deferred`): the file at
        site path `path` (a browser asks for it: cheap when it is not deferred), or all of them
        (the author paused). Returns the paths whose bytes changed on disk."""
        if not self.deferred or (path is not None and path not in self.deferred):
            return ()
        from sitegen.write import update_site

        with self._lock:  # after a rebuild that is running: its own deferred outputs then
            wanted = [o for p, o in self.deferred.items() if path is None or p == path]
            made = [Output(o.path, o.content) for o in wanted]
            fresh = [o for o in made if self.site_bytes.get(o.path) != o.content]
            update_site(fresh, self.out_dir, only=[o.path for o in fresh])
            for output in made:
                self.site_bytes[output.path] = output.content
                del self.deferred[output.path]
            return tuple(o.path for o in fresh)

    def _prose_only(self, sources: PlanSources) -> Analysis | None:
        """The last good analysis with new section bodies when only prose changed (see
        `incremental`); the last good analysis itself when nothing changed; else None."""
        assert self.last_good is not None
        changed = changed_paths(self.good_files, self.files)
        if changed is None:
            return None
        if not changed:
            return self.last_good
        try:
            return prose_only_analysis(self.last_good, self.good_files, sources, changed, self.cache.parsed)
        except Exception as exc:  # the full path will report it properly
            print(f"note: quick rebuild not possible ({type(exc).__name__}: {exc}); rebuilding everything")
            return None

    def _site_history(self, plan: Plan) -> SiteHistory:
        """`history_for_site`, kept while git's history and the sections' paths, ids and titles are
        (all it reads of the plan): the same views then, which the page digests know already."""
        history = self.git_history.get()
        key = tuple((s.rel, s.id, s.title) for s in plan.sections)
        last = self._history_view
        if last is None or last[0] is not history or last[1] != key:
            last = self._history_view = (history, key, history_for_site(history, plan, page_path))
        return last[2]

    @property
    def title(self) -> str:
        plan = self.last_good.plan if self.last_good else None
        return plan.settings.title if plan else self.plan_dir.name

    def _language(self, analysis: Analysis) -> str:
        """The plan's language; while plan.yaml cannot be read, its `language:` line, else the
        last good plan's."""
        if analysis.plan is not None:
            return analysis.plan.settings.language
        files = analysis.sources.files
        named = language_named(files.get("plan.yaml") or files.get("plan.yml"))
        plan = self.last_good.plan if self.last_good else None
        return named or (plan.settings.language if plan else "en")

    def _links(self) -> dict[str, str]:
        """Diagnostic path → site path of the section's page, for pages the last good site has."""

        plan = self.last_good.plan if self.last_good else None
        if plan is None:
            return {}
        links = {}
        known, self._pages = self._pages, {}  # section id → page, kept from the last call
        for section in plan.sections:
            page = known.get(section.id)
            if page is None:
                try:
                    page = page_path(section.id)
                except ValueError:
                    continue
            self._pages[section.id] = page
            if page in self.site_bytes or (self.out_dir / page).is_file():
                links[section.path] = page
        return links


def error_location(display_root: str) -> Location:
    return Location(f"{display_root.rstrip('/')}/", 1, 1)
