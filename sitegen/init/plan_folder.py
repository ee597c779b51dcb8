"""The new plan folder of `sitegen init`, the one place it touches the disk: refuse to overwrite, then write."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sitegen.translation import N_, Message


def refusal(target: Path) -> Message | None:
    """Why a plan must not be written into ``target``, or None when it is safe.

    A plan folder that already holds anything is left alone: the skeleton would
    mix with (or replace) someone's work, and nothing here can tell which.
    """
    if target.exists() and not target.is_dir():
        return N_("%(folder)s exists and is not a folder", folder=target.as_posix())
    if (target / "plan.yaml").exists():
        return N_("%(folder)s/ already holds a plan (%(folder)s/plan.yaml exists); nothing was changed",
                  folder=target.as_posix())
    if target.is_dir() and any(target.iterdir()):
        return N_("%(folder)s/ is not empty; choose a new or empty folder (nothing was changed)",
                  folder=target.as_posix())
    return None


def write_plan(target: Path, plan_files: Mapping[str, str]) -> None:
    """Write every file into a temporary sibling folder, then move it into place.

    Either the whole skeleton appears or nothing does; an empty ``target`` is
    replaced. Raises OSError on failure, after cleaning up.
    """
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        for rel, text in plan_files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        os.chmod(staging, 0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()  # empty, checked by refusal()
        staging.rename(target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
