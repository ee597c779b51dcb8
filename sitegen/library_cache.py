"""Results kept between runs: things that depend only on installed libraries.

Some inputs of a plan are the same on every run until a library is upgraded:
the public holidays of a country come from the `holidays` package, and
importing it and computing three years of one country's holidays was ~0.2 s
of every `sitegen check` (a tenth of the 1,000-section budget). Such a
result is stored as JSON under a per-user folder of the system temp dir (the
way Jinja keeps compiled templates), keyed by what it was computed from,
including a stamp of the library's installed files, so an upgrade is a miss.

A speed-up only: an unreadable, corrupt or unwritable cache means computing
as before, never an error. `SITEGEN_CACHE_DIR` puts the folder elsewhere;
`SITEGEN_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["library_stamp", "remembered"]


def _folder() -> Path | None:
    """The cache folder, made private to this user; None when that cannot be done safely."""
    if os.environ.get("SITEGEN_NO_CACHE"):
        return None
    chosen = os.environ.get("SITEGEN_CACHE_DIR")
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(chosen) if chosen else Path(tempfile.gettempdir(), f"sitegen-cache-{uid}")
    try:
        folder.mkdir(mode=stat.S_IRWXU, parents=bool(chosen), exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
        return None  # someone else's folder (or a symlink) in a shared temp dir
    if not chosen and stat.S_IMODE(info.st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        return None
    return folder


def library_stamp(package: str) -> str:
    """Where and when `package` was installed, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "missing"
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_mtime_ns}:{info.st_size}"


def remembered(kind: str, key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, or its JSON-able result from an earlier run with the same `key`."""
    folder = _folder()
    if folder is None:
        return compute()
    text = json.dumps([kind, key], sort_keys=True, default=str)
    path = folder / f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored["key"] == text:
            return stored["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = compute()
    _store(path, {"key": text, "value": value})
    return value


def _store(path: Path, entry: dict[str, Any]) -> None:
    """Write whole files only (temp file + rename): a parallel run never reads half of one."""
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(entry, stream)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
