"""`sitegen build --versions PATTERN` (PLAN_FORMAT §10): the plan at each matching tag beside
the current one, with a version menu on every page (latest first, like `mike` for MkDocs).

Each version is the same pipeline on the plan read straight from git
(`history.snapshot`), and its "What changed" page compares it with the version
before it. git's history is read once and cut at each tag. Everything lands in
one staging folder that replaces `--out` only when every good version is
written: a version whose plan has errors is reported as `TAG:plan/file.md:…`
and left out, the others are built, and the exit code is 1.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.commands.check import report
from sitegen.history.git import git_ok
from sitegen.history.log import PlanHistory, history_of
from sitegen.history.snapshot import PlanLocation, SnapshotError, locate_plan, snapshot_sources
from sitegen.pipeline import Analysis, analyse, analyse_folder
from sitegen.site.engine.page import VersionLink, Versions

if TYPE_CHECKING:
    from sitegen.site.engine.output import Output
    from sitegen.write import StagedFile, Staging

CURRENT = ""  # the working tree's version, at the top of --out


@dataclass(frozen=True)
class Version:
    tag: str  # CURRENT for the working tree
    analysis: Analysis
    history: PlanHistory


def matching_tags(where: PlanLocation, pattern: str) -> list[str]:
    """Tags matching a git glob, latest first (version order: `v2027-q4` before `v2027-q1`)."""
    found = git_ok(["tag", "--list", "--sort=-v:refname", "--", pattern], where.root)
    return [line for line in (found or "").splitlines() if line]


def _history_at(log: PlanHistory, where: PlanLocation, tag: str) -> PlanHistory:
    """The history as it stood at `tag`: the commits reachable from it (one `git rev-list`)."""
    reachable = git_ok(["rev-list", tag, "--", where.prefix or "."], where.root)
    kept = set((reachable or "").split())
    return history_of(log, commits=kept)


def menu(tags: list[str], current_label: str, here: str) -> Versions:
    """The version menu as seen from version `here`, and the version it compares with."""
    order = [CURRENT, *tags]
    links = tuple(
        VersionLink(current_label if tag == CURRENT else tag, _path(here, tag), tag == here) for tag in order
    )
    later = order.index(here) + 1
    return Versions(links, order[later] if later < len(order) else None)


def _path(here: str, tag: str) -> str:
    """From version `here`'s root to version `tag`'s dashboard (tags sit in `--out/TAG/`)."""
    up = "../" if here != CURRENT else ""
    return f"{up}{tag}/index.html" if tag != CURRENT else f"{up}index.html"


def read_versions(plan_dir: Path, pattern: str, strict: bool, log: PlanHistory) -> tuple[list[Version], bool] | str:
    """Every tag's analysed plan; a tag whose plan has errors is reported here and left out
    (the second value says so). A string: why no version can be built at all."""
    where = locate_plan(plan_dir)
    if isinstance(where, SnapshotError):
        return where.message
    tags = matching_tags(where, pattern)
    if not tags:
        known = git_ok(["tag", "--list", "--sort=-v:refname"], where.root) or ""
        hint = ", ".join(known.split()[:5]) or "the repository has no tags yet"
        return f"--versions '{pattern}': no git tag matches (tags: {hint}); tag a version with 'git tag v2027-q1'"
    versions, failed = [], False
    for tag in tags:
        sources = snapshot_sources(where, tag)
        if isinstance(sources, SnapshotError):
            print(f"error: {tag}: {sources.message}", file=sys.stderr)
            failed = True
            continue
        analysis = analyse(sources)
        if analysis.failed(strict):
            report(analysis, "text", sys.stderr)
            print(f"Version {tag} left out: its plan has errors.", file=sys.stderr)
            failed = True
            continue
        versions.append(Version(tag, analysis, _history_at(log, where, tag)))
    return versions, failed


def build_versions(plan_dir: Path, out: str | Path, strict: bool, pattern: str, force: bool = False) -> int:
    """`sitegen build --versions PATTERN`."""
    from sitegen.commands.build import refuse_out, write_outputs
    from sitegen.git_inputs import site_inputs
    from sitegen.history import read_history
    from sitegen.site.build import build_site

    if refuse_out(str(out), plan_dir, force):
        return 2
    out = Path(out)
    started = time.perf_counter()
    log = read_history(plan_dir)
    current = analyse_folder(plan_dir)
    if current.failed(strict):
        report(current, "text", sys.stderr)
        print(f"Build stopped: nothing written, {out}/ left as it was.", file=sys.stderr)
        return 1
    found = read_versions(plan_dir, pattern, strict, log)
    if isinstance(found, str):
        print(f"error: {found}", file=sys.stderr)
        return 2
    tagged, failed = found
    versions = [Version(CURRENT, current, log), *tagged]
    tags = [v.tag for v in tagged]
    label = _current_label(current)

    def outputs(staging: Staging) -> Iterator[Output | StagedFile]:
        for version in versions:
            shown = menu(tags, label, version.tag)
            put = staging.put if version.tag == CURRENT else _Prefixed(staging, version.tag).put
            bases = _analysed(versions, version, shown.previous)
            history, compared = site_inputs(version.analysis, shown.previous, version.history, bases)
            for output in build_site(version.analysis, history, compared, versions=shown, finish=put):
                yield _prefixed(output, version.tag)

    written = write_outputs(outputs, out)
    if written is None:
        return 1
    pages = sum(path.endswith(".html") for path in written)
    print(f"Built {len(versions)} versions ({', '.join(['current', *tags])}), {pages} pages in "
          f"{time.perf_counter() - started:.2f} s → {out}/")
    return 1 if failed else 0


def _analysed(versions: list[Version], version: Version, previous: str | None) -> dict:
    """The version before `version`, analysed already, for its "What changed" page."""
    from sitegen.git_inputs import diff_key

    before = next((v for v in versions if previous is not None and v.tag == previous), None)
    if before is None or previous is None:
        return {}
    return {diff_key(version.analysis, previous): (before.analysis.sources.extra["where"], before.analysis)}


def _current_label(analysis: Analysis) -> str:
    from sitegen.site.engine.i18n import translator

    assert analysis.plan is not None  # a version that did not fail
    return translator(analysis.plan.settings.language)("site.version_current")


@dataclass(frozen=True)
class _Prefixed:
    """A staging folder seen from a version's own root (`TAG/`): page workers write there."""

    staging: Staging
    tag: str

    def put(self, output: Output) -> Output | StagedFile:
        from sitegen.write import StagedFile

        done = self.staging.put(_moved(output, self.tag))
        return done if isinstance(done, StagedFile) else output  # refused: written (or refused) later


def _moved(output: Output, tag: str) -> Output:
    from sitegen.site.engine.output import Output

    return Output(f"{tag}/{output.path}", output.content)


def _prefixed(output: Output | StagedFile, tag: str) -> Output | StagedFile:
    """A version's output at its place under `--out` (files staged by a worker already are)."""
    from sitegen.write import StagedFile

    return output if not tag or isinstance(output, StagedFile) else _moved(output, tag)
