"""Read the plan's git history once per commit, not once per save.

Every model rebuild of `serve` needs the history the pages show (`git log`
in a subprocess, even to learn that the folder is not in git at all: a few
milliseconds of a rebuild that should take tens). Saving a file does not
change the history; a commit, checkout, reset, fetch or `git init` does, and
each of those touches one of a few files in the `.git` folder.
`git_signature` is the stat of those files (or the fact that no `.git` is
there), and `HistoryCache` reads the history again only when it changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["HistoryCache", "git_signature"]

# Files git rewrites when what `git log` shows can change; logs/HEAD is
# appended on every move of HEAD (commit, checkout, reset, merge, rebase).
WATCHED = ("HEAD", "logs/HEAD", "packed-refs", "FETCH_HEAD", "ORIG_HEAD", "shallow", "index")
GIT_ENVIRONMENT = ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def git_signature(plan_dir: Path) -> tuple | None:
    """What changes when the plan's git history may have: None when that cannot be told cheaply.

    Looks for `.git` in the plan folder and its parents, as git does. A
    `.git` file (a worktree or submodule) or git settings in the environment
    give None: the caller then reads the history every time.
    """
    if any(name in os.environ for name in GIT_ENVIRONMENT):
        return None
    folder = plan_dir.resolve()
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return (str(dot_git),) + tuple(_stat(dot_git / name) for name in WATCHED)
        if dot_git.exists():
            return None
    return ("no git",)


class HistoryCache:
    """The last value `read()` gave, kept while `git_signature(plan_dir)` stays the same.

    `changed` tells the caller to drop what else it keeps on git's state
    (the plan at the compared ref).
    """

    def __init__(self, plan_dir: Path, read: Callable[[], Any]) -> None:
        self.plan_dir, self.read = plan_dir, read
        self._signature: tuple | None = None
        self._value: Any = None
        self.changed = True  # whether the last `get()` read the history again

    def get(self) -> Any:
        signature = git_signature(self.plan_dir)
        self.changed = signature is None or signature != self._signature
        if self.changed:
            self._value = self.read()
            self._signature = signature
        return self._value
