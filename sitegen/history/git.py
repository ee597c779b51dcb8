"""The one place sitegen runs git: a subprocess wrapper whose failures are values.

Every call goes through ``run_git`` so the environment is the same everywhere:
``LC_ALL=C`` (messages we may show are stable), no pager, no prompts,
``core.quotepath=off`` (Unicode paths such as ``目标.md`` come back as UTF-8,
not octal escapes) and literal pathspecs (a plan folder named ``[q1]`` is not a
glob). Callers get a ``GitResult``; a missing git binary or a folder outside
any repository is an ordinary result, never an exception.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GitResult", "git_ok", "is_shallow", "repo_root", "resolve_commit", "run_git"]

_BASE = ("-c", "core.quotepath=off", "-c", "color.ui=never", "-c", "log.showSignature=false")


@dataclass(frozen=True)
class GitResult:
    """What a git call gave: ``ok`` when it exited 0; ``out`` is raw bytes, ``err`` text."""

    ok: bool
    out: bytes
    err: str
    code: int

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", errors="replace")


def _environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") or k.startswith(("GIT_AUTHOR", "GIT_COMMITTER", "GIT_CONFIG"))
    }
    env.update(
        LC_ALL="C",
        LANGUAGE="C",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_LITERAL_PATHSPECS="1",
        GIT_OPTIONAL_LOCKS="0",
    )
    return env


def run_git(
    args: Sequence[str], cwd: Path, stdin: bytes | None = None, timeout: float = 300
) -> GitResult:
    """Run ``git ARGS`` in ``cwd``; never raises for git's own failures."""
    try:
        proc = subprocess.run(
            ["git", "--no-pager", *_BASE, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_environment(),
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        return GitResult(False, b"", "git is not installed (or not on PATH)", 127)
    except (NotADirectoryError, PermissionError) as exc:
        return GitResult(False, b"", f"cannot run git in {cwd}: {exc}", 126)
    except subprocess.TimeoutExpired:
        return GitResult(
            False, b"", f"git {' '.join(args[:2])} timed out after {timeout:.0f} s", 124
        )
    err = proc.stderr.decode("utf-8", errors="replace").strip()
    return GitResult(proc.returncode == 0, proc.stdout, err, proc.returncode)


def git_ok(args: Sequence[str], cwd: Path) -> str | None:
    """Stripped stdout of a call that should succeed, or None when it did not."""
    result = run_git(args, cwd)
    return result.text.strip() if result.ok else None


def repo_root(path: Path) -> Path | None:
    """Top of the work tree holding ``path`` (a folder), or None outside git."""
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        return None
    top = git_ok(["rev-parse", "--show-toplevel"], folder)
    return Path(top) if top else None


def is_shallow(root: Path) -> bool:
    """True in a shallow clone (``--depth``), where older history is simply absent."""
    return git_ok(["rev-parse", "--is-shallow-repository"], root) == "true"


def resolve_commit(root: Path, ref: str) -> str | None:
    """Full hash of the commit ``ref`` names, or None when there is no such commit.

    Any revision git accepts works (``v1``, ``HEAD~2``, ``main@{1}``, ``:/Raise the
    target``). The name is resolved first and the object it names peeled to a
    commit second: ``:/text`` takes the rest of the argument as its pattern, so a
    ``^{commit}`` appended to it would be searched for as text.
    """
    if not ref or ref.startswith("-"):
        return None
    named = git_ok(["rev-parse", "--verify", "--quiet", "--end-of-options", ref], root)
    if not named:
        return None
    return git_ok(["rev-parse", "--verify", "--quiet", f"{named}^{{commit}}"], root)
