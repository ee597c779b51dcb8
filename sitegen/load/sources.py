"""Where plan files come from: a folder on disk, or a git tree (for `diff`).

Everything downstream sees only ``PlanSources`` — bytes by relative path — so
loading a plan at a git ref and loading the working tree share one pipeline.

Only what lies inside the plan folder is read. A symlink in the plan that
leads outside it (`leak.csv -> /proc/self/environ`) would otherwise put the
target's bytes into diagnostics — a CSV error quotes its first line — and so
into CI logs, the serve overlay and the site; such links are listed in
``outside`` instead, and the loader reports each one by its own name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

READ_SUFFIXES = (".md", ".yaml", ".yml", ".csv")


@dataclass(frozen=True)
class PlanSources:
    """The files of one plan: ``files`` maps posix paths relative to the plan folder to bytes.

    ``display_root`` is what diagnostics print before a relative path
    (``plan/goals.md``), so messages point at the file the user edits.
    """

    files: Mapping[str, bytes]
    display_root: str = "plan"
    root: Path | None = None
    origin: str = "working tree"
    extra: dict = field(default_factory=dict)
    outside: tuple[str, ...] = ()  # links to files or folders outside the plan folder: not read

    def display(self, rel: str) -> str:
        root = self.display_root.rstrip("/")
        return f"{root}/{rel}" if root not in ("", ".") else rel

    def section_paths(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".md"))


def is_hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(rel).parts)


def wanted(rel: str) -> bool:
    return rel.endswith(READ_SUFFIXES) and not is_hidden(rel)


def real_root(plan_dir: Path | str) -> str:
    """The plan folder with every symlink resolved, ending in a separator (see `leads_outside`)."""
    return os.path.join(os.path.realpath(plan_dir), "")


def leads_outside(path: Path | str, root: str) -> bool:
    """`path`, resolved, is not inside the plan folder `root` (from `real_root`)."""
    return not os.path.join(os.path.realpath(path), "").startswith(root)


def read_folder(plan_dir: Path, display_root: str) -> PlanSources:
    """Read every file a plan may use; hidden files and folders are skipped, and links
    leading outside the plan folder are listed in ``outside``, not read (links to
    folders are not followed). `_entries` leaves out what is hidden, so a file is
    `wanted` by its suffix alone."""
    files: dict[str, bytes] = {}
    outside: list[str] = []
    if plan_dir.is_dir():
        root = real_root(plan_dir)
        # in the order of the paths' parts, as a sorted walk of the folder gives them
        for rel, path, is_dir in sorted(_entries(str(plan_dir)), key=lambda entry: entry[0].split("/")):
            if os.path.islink(path) and leads_outside(path, root):
                if is_dir or rel.endswith(READ_SUFFIXES):
                    outside.append(rel)
            elif not is_dir and rel.endswith(READ_SUFFIXES) and os.path.isfile(path):
                with open(path, "rb") as file:
                    files[rel] = file.read()
    return PlanSources(files=files, display_root=display_root, root=plan_dir, outside=tuple(outside))


def _entries(plan_dir: str) -> Iterator[tuple[str, str, bool]]:
    """(relative posix path, path, is a folder) of each entry in `plan_dir` that is not hidden
    nor inside a hidden folder; hidden folders and links to folders are not entered."""
    for folder, folders, names in os.walk(plan_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        prefix = os.path.relpath(folder, plan_dir).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        yield from ((prefix + name, os.path.join(folder, name), True) for name in folders)
        yield from ((prefix + name, os.path.join(folder, name), False) for name in names if not name.startswith("."))
