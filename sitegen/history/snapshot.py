"""The plan as it was at a git ref, read straight from git objects.

No checkout and no temporary work tree: ``git ls-tree -r -z`` lists the plan
folder's blobs at the ref and ONE ``git cat-file --batch`` streams their bytes.
The result is an ordinary ``PlanSources``, so ``sitegen.pipeline.analyse``
validates and computes the old plan exactly as it does the working tree, and
diagnostics name ``REF:plan/goals.md:14:7`` — the object the user can ``git show``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.history.git import is_shallow, repo_root, resolve_commit, run_git
from sitegen.load import PlanSources
from sitegen.load.sources import wanted

__all__ = [
    "PlanLocation",
    "SnapshotError",
    "git_renames",
    "locate_plan",
    "parse_batch",
    "ref_problem",
    "snapshot_sources",
    "unknown_ref",
]


@dataclass(frozen=True)
class SnapshotError:
    """Why a plan could not be read at a ref (a value, shown to the user as is)."""

    message: str


@dataclass(frozen=True)
class PlanLocation:
    """Where a plan folder sits in its repository: ``root`` and ``prefix`` (posix, "" for the top)."""

    root: Path
    prefix: str
    display: str  # how the folder is shown in messages ("plan")


def locate_plan(plan_dir: Path, display: str | None = None) -> PlanLocation | SnapshotError:
    """Find the repository of a plan folder (which may not exist in the work tree any more)."""
    probe = plan_dir.resolve()
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    root = repo_root(probe)
    if root is None:
        return SnapshotError(
            f"{display or plan_dir} is not inside a git repository, so there is no earlier"
            " version to compare with (commit the plan to git first)"
        )
    try:
        prefix = plan_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return SnapshotError(f"{display or plan_dir} is outside its git repository")
    prefix = "" if prefix == "." else prefix
    return PlanLocation(root, prefix, display or plan_dir.as_posix())


def unknown_ref(where: PlanLocation, ref: str) -> str:
    """Why ``ref`` names no commit, and what to do. No local path: the site shows it too."""
    if is_shallow(where.root):
        return (
            f"'{ref}' is not in this clone's history: the clone is shallow (made with --depth,"
            " as CI checkouts are by default) and holds only the latest commits; fetch the"
            " whole history with 'git fetch --unshallow --tags' (GitHub Actions: 'fetch-depth: 0'"
            " on actions/checkout)"
        )
    return (
        f"unknown git ref '{ref}': no branch, tag or commit of that name"
        " (try a branch or tag name, a commit hash, HEAD~2 or :/words from a commit message)"
    )


def ref_problem(plan_dir: Path, ref: str, display: str | None = None) -> str | None:
    """Why the plan at ``plan_dir`` cannot be compared with ``ref`` (None: it can)."""
    where = locate_plan(plan_dir, display)
    if isinstance(where, SnapshotError):
        return where.message
    return None if resolve_commit(where.root, ref) else unknown_ref(where, ref)


def _blobs(listing: bytes, prefix: str) -> list[tuple[str, str]]:
    """``(object id, path relative to the plan folder)`` of the plan's readable files."""
    found = []
    for entry in listing.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 3 or fields[1] != b"blob" or fields[0] == b"120000":
            continue  # trees, submodules, symlinks
        full = path.decode("utf-8", errors="surrogateescape")
        rel = full[len(prefix) + 1 :] if prefix else full
        if (not prefix or full.startswith(prefix + "/")) and wanted(rel):
            found.append((fields[2].decode(), rel))
    return found


def parse_batch(output: bytes, count: int) -> list[bytes] | SnapshotError:
    """Split ``git cat-file --batch`` output: ``<oid> blob <size>\\n<bytes>\\n`` per object."""
    contents, pos = [], 0
    for _ in range(count):
        end = output.find(b"\n", pos)
        header = output[pos:end].split()
        if end < 0 or len(header) != 3:
            return SnapshotError(f"unexpected output from git cat-file: {output[pos : pos + 80]!r}")
        size = int(header[2])
        contents.append(output[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return contents


def snapshot_sources(where: PlanLocation, ref: str) -> PlanSources | SnapshotError:
    """The plan folder at ``ref`` as ``PlanSources(origin=ref)``; the work tree is not touched."""
    commit = resolve_commit(where.root, ref)
    if commit is None:
        return SnapshotError(unknown_ref(where, ref))
    listing = run_git(
        ["ls-tree", "-r", "-z", "--full-tree", commit, "--", where.prefix or "."], where.root
    )
    if not listing.ok:
        return SnapshotError(f"cannot list {where.display} at {ref}: {listing.err}")
    blobs = _blobs(listing.out, where.prefix)
    if not blobs:
        return SnapshotError(
            f"there is no plan at {ref}: {where.display}/ holds no plan files in that commit"
        )
    batch = run_git(
        ["cat-file", "--batch"], where.root, stdin="".join(f"{oid}\n" for oid, _ in blobs).encode()
    )
    if not batch.ok:
        return SnapshotError(f"cannot read {where.display} at {ref}: {batch.err}")
    contents = parse_batch(batch.out, len(blobs))
    if isinstance(contents, SnapshotError):
        return contents
    files = {rel: data for (_, rel), data in zip(blobs, contents, strict=True)}
    return PlanSources(
        files=files, display_root=f"{ref}:{where.display}", origin=ref, extra={"commit": commit, "where": where}
    )


def git_renames(where: PlanLocation, ref_a: str, ref_b: str | None) -> dict[str, str]:
    """Files git sees as renamed between the two sides (paths under the plan folder)."""
    refs = [ref_a] if ref_b is None else [ref_a, ref_b]
    result = run_git(
        ["diff", "-z", "--name-status", "-M", *refs, "--", where.prefix or "."], where.root
    )
    if not result.ok:
        return {}
    tokens, renames, i = result.text.split("\0"), {}, 0
    cut = len(where.prefix) + 1 if where.prefix else 0
    while i < len(tokens) - 1:
        status = tokens[i]
        if status.startswith(("R", "C")) and i + 2 < len(tokens):
            if status.startswith("R"):
                renames[tokens[i + 1][cut:]] = tokens[i + 2][cut:]
            i += 3
        else:
            i += 2
    return renames
