"""Which folders `--out` may fill: a folder of the site's own, never the user's work.

`build` and `serve --out` replace the output folder whole. A mistyped or unset
`--out` (`.`, `""`, `plan`, `plan/..`) once replaced the repository itself with
the site, `.git` and all. So before anything is read or written, the folder is
resolved (symlinks, `..`) and refused when it is, holds or lies inside what
the user keeps: the current folder, the plan, the top of the git work tree,
git's own folder, the home folder. A folder that already holds files is
replaced only when sitegen wrote it (every site carries `MARKER`) or when the
user says `--force`; an empty or missing folder is always fine.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["MARKER", "MARKER_TEXT", "TEMP_PREFIX", "out_dir_problem", "stale_entries"]

MARKER = ".sitegen-site"  # in every site sitegen writes; fixed bytes, so builds stay byte-identical
MARKER_TEXT = (
    b"This folder is a site written by sitegen: every 'sitegen build' replaces it whole.\n"
    b"Without this file, sitegen refuses to replace the folder (unless given --force).\n"
)
TEMP_PREFIX = ".sitegen-"  # staging folders (ignored by git: see .gitignore) and the marker
_ADVICE = "nothing was written. Give the site a folder of its own, e.g. --out public"


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def _git_top(start: Path) -> Path | None:
    """The top of the git work tree holding `start` (a `.git` folder, or file for worktrees)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _kept(plan_dir: Path) -> list[tuple[Path, str]]:
    """What the site must never replace, resolved, with the words that name it."""
    cwd = _real(Path.cwd())
    plan = _real(plan_dir)
    kept = [(cwd, "the current folder"), (plan, "the plan folder")]
    for start in (cwd, plan):
        top = _git_top(start)
        if top is not None:
            kept.append((top, "the top of the git work tree"))
    try:
        kept.append((_real(Path.home()), "your home folder"))
    except (RuntimeError, KeyError):  # no HOME and no user entry: nothing to protect there
        pass
    return kept


def _relation(real: Path, plan_dir: Path) -> str | None:
    """How `real` overlaps what the user keeps, in words; None when it does not."""
    for kept, name in _kept(plan_dir):
        if real == kept:
            return f"is {name}"
        if real in kept.parents:
            return f"holds {name} ({kept})"
    if _real(plan_dir) in real.parents:
        return "is inside the plan folder (the site would be read back as part of the plan)"
    if ".git" in real.parts:
        return "is git's own folder or inside it"
    if (real / ".git").exists():
        return "is the top of a git work tree"
    return None


def _foreign_files(real: Path) -> bool:
    """The folder holds files, and sitegen's marker is not among them."""
    names = [name for name in os.listdir(real) if not name.startswith(TEMP_PREFIX)]
    return bool(names) and not (real / MARKER).is_file()


def out_dir_problem(out: str, plan_dir: Path, force: bool = False) -> str | None:
    """Why the site must not be written to `out` (one line for the terminal), or None.

    `force` allows replacing a folder of files sitegen did not write; it never
    allows the folders `_relation` names.
    """
    if not out.strip():
        return f"--out is empty, it names no folder: {_ADVICE}"
    real = _real(out)
    relation = _relation(real, plan_dir)
    if relation is not None:
        where = out if out == str(real) else f"{out} ({real})"
        return f"--out {where} {relation}, and sitegen replaces its output folder whole: {_ADVICE}"
    if not real.exists():
        return None
    if not real.is_dir():
        return f"--out {out} is a file, not a folder: {_ADVICE}"
    try:
        foreign = _foreign_files(real)
    except OSError as exc:
        return f"--out {out} cannot be read ({exc.strerror or exc}): {_ADVICE}"
    if foreign and not force:
        return (
            f"--out {out} already holds files sitegen did not write; nothing was written. "
            "Add --force to replace them with the site, or choose another folder"
        )
    return None


def stale_entries(out: Path, keep: set[str]) -> tuple[list[Path], list[Path]]:
    """What `build --audience all` finds in `out` beside the folders of `keep` (the current
    audiences): (sitegen's, the user's), each sorted by name.

    Sitegen's are the folder of an audience no longer in plan.yaml (its own marker
    inside) and, when `out` carries the marker itself, everything of the whole-plan
    site built there earlier. Anything else — a file, a link, a folder without the
    marker — is the user's. Staging leftovers (`.sitegen-…` folders) are the
    writer's to clean up and are not listed."""
    if not out.is_dir():
        return [], []
    whole_site = (out / MARKER).is_file() and not (out / MARKER).is_symlink()
    ours: list[Path] = []
    theirs: list[Path] = []
    for entry in sorted(out.iterdir(), key=lambda path: path.name):
        if entry.name in keep or (entry.name.startswith(TEMP_PREFIX) and entry.name != MARKER):
            continue
        site = entry.is_dir() and not entry.is_symlink() and (entry / MARKER).is_file()
        (ours if whole_site or site else theirs).append(entry)
    return ours, theirs
