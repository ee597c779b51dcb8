"""Watch the plan and theme folders and turn bursts of file events into one rebuild.

Editors do not simply "write a file": Vim probes with `4913`, writes `foo.md~`
and renames; Emacs leaves `.#foo.md` lock links and `#foo.md#` autosaves;
others delete and recreate, or write a temp file and rename it over the
original. `classify` (pure, like Lektor's watcher filter) drops the noise;
`Debouncer` waits until the burst has been quiet for a moment, so one save is
one rebuild (longer when a plan file is missing at that moment: the editor
may be about to write it again). What changed on disk is decided later by the rebuilder's stat
scan, so a missed or reordered event can never leave the preview stale.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from sitegen.load.sources import READ_SUFFIXES

__all__ = ["Change", "Debouncer", "Watcher", "classify"]

QUIET_SECONDS = 0.015  # a burst of events is over after this much silence
LONGEST_SECONDS = 0.5  # never wait longer than this once something changed
# When a burst leaves a plan file missing, an editor may be between deleting
# (or renaming away) and writing it again: wait until this much silence.
MISSING_QUIET_SECONDS = 0.1

_TEMP_SUFFIXES = (
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".swpx",
    ".tmp",
    ".temp",
    ".bak",
    ".part",
    ".crdownload",
)
_TEMP_NAMES = {"4913", "__pycache__", "Thumbs.db", "desktop.ini"}


class Change(enum.Enum):
    """What a file event means for the preview."""

    IGNORE = "ignore"  # editor noise, hidden files, files the plan never reads
    PLAN = "plan"  # a file the plan reads: section, plan.yaml, actuals CSV
    FOLDER = "folder"  # a folder in the plan appeared, vanished or moved
    THEME = "theme"  # a template or static file of a theme


def _is_noise(name: str) -> bool:
    return (
        name.startswith(".")  # hidden, `.#foo` lock links, `.foo.swp`
        or (name.startswith("#") and name.endswith("#"))  # Emacs autosave
        or name.endswith(_TEMP_SUFFIXES)
        or name in _TEMP_NAMES
    )


def classify(path: str | PurePath, *, area: str = "plan", is_dir: bool = False) -> Change:
    """Kind of change an event at `path` (relative to its watched root) stands for.

    `area` is `plan` for the plan folder and `theme` for theme folders. Pure:
    looks only at the name, never at the disk, so tests need no files.
    """
    parts = PurePath(path).parts
    if not parts or any(_is_noise(part) for part in parts):
        return Change.IGNORE
    if area == "theme":
        return Change.THEME
    if is_dir:
        return Change.FOLDER
    return Change.PLAN if parts[-1].lower().endswith(READ_SUFFIXES) else Change.IGNORE


class Debouncer:
    """Collects changes from the watcher thread; `wait` hands them over one burst at a time."""

    def __init__(self, quiet: float = QUIET_SECONDS, longest: float = LONGEST_SECONDS) -> None:
        self.quiet, self.longest = quiet, longest
        self._pending: dict[str, Change] = {}
        self._first = self._last = 0.0
        self._closed = False
        self._cond = threading.Condition()

    def add(self, path: str, kind: Change) -> None:
        if kind is Change.IGNORE:
            return
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending[path] = kind
            self._last = now
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self) -> dict[str, Change] | None:
        """Block until a burst is over and return it; None once closed."""
        with self._cond:
            while not self._pending and not self._closed:
                self._cond.wait(0.25)
            while not self._closed:
                now = time.monotonic()
                left = min(self._last + self.quiet, self._first + self.longest) - now
                if left <= 0:
                    break
                self._cond.wait(left)
            if self._closed:
                return None
            batch, self._pending = self._pending, {}
            return batch

    def idle(self, seconds: float) -> bool:
        """True after `seconds` without any change waiting; False as soon as one arrives (or closed)."""
        with self._cond:
            if not self._pending and not self._closed:
                self._cond.wait(seconds)
            return not self._pending and not self._closed

    def extend(self, batch: dict[str, Change], quiet: float) -> dict[str, Change] | None:
        """`batch` with whatever else arrives until there has been no event for `quiet` seconds.

        None once closed. For bursts that may not be over yet (see
        `MISSING_QUIET_SECONDS`): the usual window is short, so that a plain
        save is rebuilt at once.
        """
        started = time.monotonic()
        with self._cond:
            while not self._closed:
                last = self._last if self._pending else started
                left = max(last, started) + quiet - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            if self._closed:
                return None
            merged, self._pending = {**batch, **self._pending}, {}
            return merged


class Watcher:
    """Watchdog observers over the plan folder, theme folders and the `theme/` override.

    `on_change(key, kind)` receives a plan-relative path (`strategy/goals.md`)
    for plan files and an absolute path for theme files. The parent of the
    plan folder is watched (not recursively) so that a `theme/` folder created
    later, or a plan folder deleted and restored by git, is picked up.
    """

    def __init__(
        self, plan_dir: Path, theme_dirs: Iterable[Path], on_change: Callable[[str, Change], None]
    ) -> None:
        self.plan_dir = plan_dir.resolve()
        self.theme_dirs = [d.resolve() for d in theme_dirs]
        self.on_change = on_change
        self.observer = Observer()
        self._watches: dict[Path, ObservedWatch] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        self._schedule(self.plan_dir.parent, recursive=False)
        for folder in (self.plan_dir, *self.theme_dirs):
            self._schedule(folder, recursive=True)
        self.observer.daemon = True
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=1.0)

    def _schedule(self, folder: Path, recursive: bool) -> None:
        with self._lock:
            old = self._watches.pop(folder, None)
            if old is not None:
                try:
                    self.observer.unschedule(old)
                except (KeyError, ValueError, OSError):
                    pass
            if folder.is_dir():
                try:
                    self._watches[folder] = self.observer.schedule(
                        _Handler(self, folder), str(folder), recursive=recursive
                    )
                except OSError as exc:  # e.g. inotify watch limit reached
                    print(f"warning: cannot watch {folder}: {exc}")

    def event(self, root: Path, path: str, is_dir: bool) -> None:
        """One raw event (called by the watchdog thread); never raises."""
        target = Path(path)
        if root == self.plan_dir.parent:
            if target in (self.plan_dir, *self.theme_dirs):
                self._schedule(target, recursive=True)  # (re)appeared: watch its contents
                self.on_change(
                    target.name, Change.FOLDER if target == self.plan_dir else Change.THEME
                )
            return
        if target == root or not target.is_relative_to(root):
            return
        rel = target.relative_to(root).as_posix()
        if root == self.plan_dir:
            self.on_change(rel, classify(rel, is_dir=is_dir))
        else:
            self.on_change(str(target), classify(rel, area="theme", is_dir=is_dir))

    def lost(self, root: Path) -> None:
        """Events under `root` were lost: the whole plan is walked again (or the theme reloaded).

        Saves name their files, and the rebuild then re-reads only those; after a
        loss nothing names what changed, so the rebuild is told to look everywhere."""
        if root in self.theme_dirs:
            self.on_change(str(root), Change.THEME)
        else:  # the plan folder, or the folder it lies in (it may have been moved meanwhile)
            self.on_change(".", Change.FOLDER)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher, root: Path) -> None:
        self.watcher, self.root = watcher, root

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        if event.is_directory and event.event_type == "modified":
            # watchdog adds one for the folder of every file event: the file's own event says
            # what changed, and a folder event would make the rebuild walk the whole plan
            return
        try:
            if event.event_type == "events_lost":  # the kernel's queue overflowed (EventsLostEvent)
                return self.watcher.lost(self.root)
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self.watcher.event(self.root, _text(path), event.is_directory)
        except Exception as exc:  # a watcher thread that dies silently stops the preview
            print(f"warning: ignoring file event {event!r}: {exc}")


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path
