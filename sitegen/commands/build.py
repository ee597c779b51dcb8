"""`sitegen build`: analyse the plan, read its git history, render and write the site."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.commands.check import report
from sitegen.diagnostics import display_path, visible
from sitegen.pipeline import Analysis, AnalysisCache, UnknownAudience, analyse_folder

if TYPE_CHECKING:  # the build imports the renderer and the writer when it gets that far
    from sitegen.history.log import PlanHistory
    from sitegen.site.engine.output import Output
    from sitegen.write import StagedFile, Staging


def refuse_out(out: str, plan_dir: Path, force: bool) -> bool:
    """Say why `out` may not receive the site, before anything is read or written."""
    from sitegen.outdir import out_dir_problem

    problem = out_dir_problem(out, plan_dir, force)
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
    return problem is not None


def write_outputs(outputs: Callable[[Staging], Iterable[Output | StagedFile]], out: Path) -> tuple[str, ...] | None:
    """`write_staged(outputs, out)`: the paths written, or None once stderr says why not
    (the previous site is then left as it was)."""
    from concurrent.futures.process import BrokenProcessPool

    from jinja2 import TemplateError

    from sitegen.site.engine.environment import ThemeError, theme_problem
    from sitegen.write import WriteError, write_staged

    try:
        return write_staged(outputs, out).written
    except (WriteError, OSError) as exc:
        print(f"error: could not write {out}/: {exc}", file=sys.stderr)
    except (ThemeError, TemplateError) as exc:  # a theme's template failed (in a worker or here)
        problem = exc.diagnostic if isinstance(exc, ThemeError) else theme_problem(exc)
        print(problem.line_text(), file=sys.stderr)
        print(f"Build stopped: nothing written, {out}/ left as it was.", file=sys.stderr)
    except BrokenProcessPool:  # the system killed a page worker (out of memory, most often)
        print("error: a page worker stopped before it finished (killed by the system: out of memory?)."
              " Run the build again, or with SITEGEN_JOBS=1 to render every page in one process.",
              file=sys.stderr)
        print(f"Build stopped: nothing written, {out}/ left as it was.", file=sys.stderr)
    return None


def build(plan_dir: Path, out: str | Path, strict: bool, compare_to: str | None = None,
          audience: str | None = None, force: bool = False, cache: AnalysisCache | None = None) -> int:
    """`sitegen build`; `audience`: one audience's site (PLAN_FORMAT §10), or "all": one
    folder per audience under `out`; `cache`: the plan's files as `--audience all` read them."""
    if compare_to is not None and (problem := _compare_problem(plan_dir, compare_to)):
        print(visible(f"error: --compare-to {compare_to}: {problem}"), file=sys.stderr)
        print(f"Build stopped: nothing written, {out}/ left as it was.", file=sys.stderr)
        return 2
    if audience == "all":
        # `out` holds the audiences' folders (each checked as it is built); what else is
        # in it is sorted out by `build_audiences`: only the folders the user keeps are refused here
        if refuse_out(str(out), plan_dir, force=True):
            return 2
        return build_audiences(plan_dir, Path(out), strict, compare_to, force)
    from sitegen.git_inputs import site_inputs
    from sitegen.history import read_history
    from sitegen.site.build import build_site

    if refuse_out(str(out), plan_dir, force):
        return 2
    out = Path(out)
    started = time.perf_counter()
    # `git log` (three git processes) runs while the plan is read and checked; the
    # thread is joined before any page worker forks
    with ThreadPoolExecutor(max_workers=1) as background:
        log = background.submit(read_history, plan_dir)
        try:
            analysis = analyse_folder(plan_dir, audience, cache)
        except UnknownAudience as exc:
            return _unknown_audience(exc, plan_dir)
        git_history = log.result()
    if analysis.failed(strict):
        report(analysis, "text", sys.stderr)
        print(f"Build stopped: nothing written, {out}/ left as it was.", file=sys.stderr)
        return 1
    if audience is not None:
        git_history = audience_history(analysis, git_history)
    history, compared = site_inputs(analysis, compare_to, git_history)

    def outputs(staging: Staging) -> Iterator[Output | StagedFile]:  # page workers write their own pages; the site is swapped in at the end
        return build_site(analysis, history, compared, finish=staging.put)

    written = write_outputs(outputs, out)
    if written is None:
        return 1
    warnings = len(analysis.diagnostics)
    pages = sum(path.endswith(".html") for path in written)
    tail = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    assert analysis.plan is not None  # the build did not fail
    configured = analysis.plan.settings.compare_to
    if compare_to is None and configured and (problem := _compare_problem(plan_dir, configured)):
        print(visible(f"warning: compare_to: {problem}; the 'What changed' page says so"), file=sys.stderr)
    print(f"Built {pages} pages in {time.perf_counter() - started:.2f} s → {out}/{tail}")
    return 0


def _compare_problem(plan_dir: Path, ref: str) -> str | None:
    """A ref given on the command line that names no commit is a usage error, found
    before any work: the "What changed" page would only say it failed."""
    from sitegen.history.snapshot import ref_problem

    return ref_problem(plan_dir, ref, display_path(plan_dir.resolve())) if plan_dir.is_dir() else None


def build_audiences(
    plan_dir: Path, out: Path, strict: bool, compare_to: str | None, force: bool = False
) -> int:
    """`build --audience all`: each audience's site in `out/ID/`, each built as on its own, from
    the plan's files parsed and checked once (not once per audience: 49 regional audiences of a
    1,000-section plan read and checked every file 50 times)."""
    files = AnalysisCache()
    analysis = analyse_folder(plan_dir, cache=files)
    if analysis.failed(strict):
        report(analysis, "text", sys.stderr)
        print(f"Build stopped: nothing written, {out}/ left as it was.", file=sys.stderr)
        return 1
    assert analysis.plan is not None  # a plan that did not fail has one
    ids = [a.id for a in analysis.plan.settings.audiences]
    if not ids:
        print(f"error: --audience all: {analysis.sources.display('plan.yaml')} has no 'audiences:'", file=sys.stderr)
        return 2
    stale = _stale_sites(out, set(ids), force)
    if stale is None:
        return 2
    worst = 0
    for audience_id in ids:
        print(f"Audience {audience_id}:")
        cache = AnalysisCache(parsed=files.parsed, checked=files.checked)  # computed afresh for each audience
        worst = max(worst, build(plan_dir, out / audience_id, strict, compare_to, audience_id, force, cache))
    if worst == 0 and stale:  # the old sites go once every current one is in place
        return _remove_stale(out, stale)
    return worst


def _stale_sites(out: Path, ids: set[str], force: bool) -> list[Path] | None:
    """What must leave `out` so that it holds exactly the current audiences' sites: a removed
    audience's folder keeps publishing its region's confidential site, and a whole-plan
    site built there earlier shows every region beside them. Only what sitegen wrote
    goes; None (after saying why) when the user's own files are there without --force."""
    from sitegen.outdir import stale_entries

    ours, theirs = stale_entries(out, ids)
    if theirs and not force:
        print(f"error: --out {out} holds files sitegen did not write beside the audiences' folders "
              f"({_names(out, theirs)}); nothing was written. Move them away, add --force to remove "
              "them, or choose another folder", file=sys.stderr)
        return None
    return ours + theirs


def _remove_stale(out: Path, stale: list[Path]) -> int:
    """Remove `stale` and say what went, in the user's words."""
    import shutil

    from sitegen.outdir import MARKER

    sites = [path for path in stale if (path / MARKER).is_file() and not path.is_symlink()]
    whole = (out / MARKER) in stale
    rest = [path for path in stale if path not in sites]
    words = [f"{out / path.name}/ (no such audience in plan.yaml any more)" for path in sites]
    if whole:
        words.append(f"the site of the whole plan built into {out}/ earlier ({len(rest)} files and folders)")
    elif rest:
        words.append(f"{_names(out, rest)} (--force)")
    for path in stale:
        try:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        except OSError as exc:
            print(f"error: could not remove {out / path.name}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    print("Removed " + "; ".join(words))
    return 0


def _names(out: Path, paths: list[Path], shown: int = 5) -> str:
    """`out/a/, out/b.txt and 3 more`: folders end with a slash."""
    names = [f"{out / p.name}/" if p.is_dir() and not p.is_symlink() else str(out / p.name) for p in paths]
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _unknown_audience(exc: UnknownAudience, plan_dir: Path) -> int:
    from sitegen.diagnostics import suggest

    known = ", ".join(exc.known) if exc.known else "none: add 'audiences:' to plan.yaml"
    print(f"error: --audience {exc.audience_id}: no such audience in {plan_dir}/plan.yaml"
          f"{suggest(exc.audience_id, exc.known)}; audiences: {known}", file=sys.stderr)
    return 2


def audience_history(analysis: Analysis, log: PlanHistory) -> PlanHistory:
    """The git history an audience may read: commits to its sections only."""
    from sitegen.history.log import history_of

    assert analysis.plan is not None
    visible = {s.rel for s in analysis.plan.sections}
    return history_of(log, visible.__contains__)
