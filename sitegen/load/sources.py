"""Where plan files come from: a folder on disk, or a git tree (for `diff`).

Everything downstream sees only ``PlanSources`` — bytes by relative path — so
loading a plan at a git ref and loading the working tree share one pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
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

    def display(self, rel: str) -> str:
        root = self.display_root.rstrip("/")
        return f"{root}/{rel}" if root not in ("", ".") else rel

    def section_paths(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".md"))


def is_hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(rel).parts)


def wanted(rel: str) -> bool:
    return rel.endswith(READ_SUFFIXES) and not is_hidden(rel)


def read_folder(plan_dir: Path, display_root: str) -> PlanSources:
    """Read every file a plan may use; hidden files and folders are skipped."""
    files: dict[str, bytes] = {}
    if plan_dir.is_dir():
        for path in sorted(plan_dir.rglob("*")):
            rel = path.relative_to(plan_dir).as_posix()
            if wanted(rel) and path.is_file():
                files[rel] = path.read_bytes()
    return PlanSources(files=files, display_root=display_root, root=plan_dir)
