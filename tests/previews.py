"""Helpers for the in-process preview tests: a `Rebuilder` on a copy of the example plan, an
edit of one line, and the files a preview or a build holds (test modules share these instead
of importing each other's private helpers)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sitegen.cli import main
from sitegen.serve.rebuild import Rebuilder

ROOT = Path(__file__).resolve().parent.parent


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path there."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def preview(rebuilder: Rebuilder) -> dict[str, bytes]:
    """The preview as a browser gets it: the board pack, which a save leaves for later, written
    as asking for it writes it (`write_deferred`)."""
    rebuilder.write_deferred()
    return site_files(rebuilder.out_dir)


def built(plan: Path, out: Path) -> dict[str, bytes]:
    """What `sitegen build` writes of `plan`."""
    assert main(["build", "--plan", str(plan), "--out", str(out)]) == 0
    return site_files(out)


def example_preview(tmp_path: Path) -> tuple[Path, Rebuilder]:
    """A copy of the example plan and its preview, built once."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    rebuilder = Rebuilder(plan, tmp_path / "site")
    assert rebuilder.rebuild().ok
    return plan, rebuilder


def edit(path: Path, pattern: str, replacement: str, count: int = 1) -> None:
    """Replace `pattern` (a regex, multiline) in the file; the file must change."""
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=count, flags=re.M)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
