"""`sitegen serve`: live preview — build, serve, watch, rebuild, reload.

Threads: the main thread waits for Ctrl-C; the HTTP server runs in one
thread (one more per connection); watchdog calls `Debouncer.add` from its
own; the rebuild loop takes one burst at a time from the debouncer, rebuilds
and tells open pages through the `EventHub`. Stopping closes the debouncer
and the hub (so event streams end at once), then the server and the watcher.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import signal
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path
from types import FrameType
from typing import cast

from sitegen.commands.build import refuse_out
from sitegen.diagnostics import format_text
from sitegen.serve.livereload import EventHub
from sitegen.serve.overlay import overlay_html
from sitegen.serve.rebuild import Rebuilder, RebuildResult
from sitegen.serve.server import PreviewServer, bind
from sitegen.serve.watcher import MISSING_QUIET_SECONDS, Change, Debouncer, Watcher

__all__ = ["run"]


def _say(text: str) -> None:
    print(text, flush=True)


class Announcer:
    """Tells the terminal and the open pages what each rebuild did.

    Diagnostics are printed when they differ from the previous rebuild's, so
    five standing warnings do not scroll past on every save.
    """

    def __init__(self, hub: EventHub) -> None:
        self.hub = hub
        self.shown: tuple = ()

    def __call__(self, result: RebuildResult, files: int, first: bool = False) -> None:
        ms = round(result.seconds * 1000)
        if result.diagnostics != self.shown:
            sys.stdout.write(format_text(list(result.diagnostics), files))
            self.shown = result.diagnostics
        if not result.ok:
            errors = sum(d.severity == "error" for d in result.diagnostics)
            where = "no site to show yet" if first else "still serving the last good site"
            _say(f"Rebuild failed in {ms} ms: {errors} error{'s' * (errors != 1)} — {where}")
            overlay = overlay_html(result.diagnostics, result.links, files, result.language)
            self.hub.errors(overlay, [d.record() for d in result.diagnostics])
            return
        verb = "Built" if first else "Rebuilt"
        pages = f"{result.pages} page{'s' * (result.pages != 1)}"
        _say(
            f"{verb} {pages} in {ms} ms ({len(result.written)} files written, {len(result.removed)} removed)"
        )
        if result.changed or self.hub.overlay or first:
            self.hub.reload()


def _theme_dirs(plan_dir: Path) -> list[Path]:
    from sitegen.site.engine.themes import themes_root, user_theme_dir

    return [themes_root(), user_theme_dir(plan_dir)]


def _names_missing(plan_dir: Path, batch: dict[str, Change]) -> bool:
    """A plan file or folder the burst named is not there (deleted, or renamed away for now)."""
    return any(
        kind in (Change.PLAN, Change.FOLDER) and not (plan_dir / path).exists()
        for path, kind in batch.items()
    )


def _rebuild_loop(rebuilder: Rebuilder, debouncer: Debouncer, announce: Announcer) -> None:
    """One rebuild per burst; the collector runs only at the moments `_collect_garbage` picks."""
    automatic = gc.isenabled()
    gc.disable()
    try:
        since_full = 0  # rebuilds since the last full collection
        while True:
            idle = bool(since_full or rebuilder.deferred) and debouncer.idle(IDLE_SECONDS)
            if idle and rebuilder.deferred:  # the author paused: the board pack too (if no one asked)
                _write_deferred(rebuilder)
            if since_full and (since_full >= FULL_EVERY or idle):
                gc.collect()  # nobody is editing (or a long run of saves): collect the whole heap
                since_full = 0
            batch = debouncer.wait()
            if batch is not None and _names_missing(rebuilder.plan_dir, batch):
                batch = debouncer.extend(batch, MISSING_QUIET_SECONDS)  # an editor mid-save?
            if batch is None:
                return
            changed = [path for path, kind in batch.items() if kind is Change.PLAN]
            theme = any(kind is Change.THEME for kind in batch.values())
            complete = len(changed) == len(batch)  # no folder or theme events: the files named are all
            try:
                result = rebuilder.rebuild(changed, theme_changed=theme, complete=complete)
            except Exception as exc:  # a bug outside the rebuilder's own guard: keep the loop alive
                print(f"error: rebuild loop: {exc!r}", file=sys.stderr, flush=True)
                result = None
            try:
                if result is not None:
                    announce(result, len(rebuilder.files))
            except Exception as exc:  # printing or publishing failed: keep the loop alive
                print(f"error: rebuild loop: {exc!r}", file=sys.stderr, flush=True)
            _collect_garbage()
            since_full += 1
    finally:
        if automatic:
            gc.enable()


GC_AFTER_RELOAD_SECONDS = 0.05
# Idle threads wake this seldom: each wake takes the GIL from a running rebuild
# (two threads waking every 0.1 s made a 1,000-section rebuild ~35 ms slower).
# `server.shutdown()` waits up to one poll, so Ctrl-C still stops within a second.
HTTP_POLL_SECONDS = 0.5
MAIN_WAKE_SECONDS = 1.0
IDLE_SECONDS = 2.0  # no event for this long after a rebuild: collect the whole heap
FULL_EVERY = 50  # ... and at the latest after this many rebuilds


def _write_deferred(rebuilder: Rebuilder) -> None:
    try:
        rebuilder.write_deferred()
    except Exception as exc:  # a full disk, a bug: the next request or save tries again
        print(f"error: writing the board pack: {exc!r}", file=sys.stderr, flush=True)


def _collect_garbage() -> None:
    """Collect the young generations after the reload went out, never in the middle of a rebuild.

    A serve process holds a large heap (the parse cache, the last analysis,
    the written pages), so a full collection costs 0.1–0.2 s at 1,000
    sections. While the loop runs the collector is paused for the whole
    process: left to its automatic trigger, collections fell inside rebuilds
    (a third of a front-matter rebuild's time), and — resumed right after a
    rebuild, whose allocations were not counted — a full collection ran in
    whichever thread allocated next: the event stream sending the reload, or
    the watcher taking the next save (0.2 s at 1,000 sections). So: the
    event streams get a moment to send the reload, then the young
    generations are collected (the cycles a rebuild leaves die young); the
    whole heap is collected once the author has paused (`IDLE_SECONDS`, or
    after `FULL_EVERY` rebuilds in a row; at 1,000 sections a full collection
    after 30 front-matter rebuilds found nothing to free). Kept after measuring
    again for issue #16, by CPU in turns through a real serve (benchmarks/README.md,
    "Live preview: edit-to-reload latency": it pays on front-matter saves); the GIL
    switch-interval flip that sat beside it was removed: no run showed it paying.
    """
    time.sleep(GC_AFTER_RELOAD_SECONDS)
    gc.collect(1)


def _catch_interrupt(stop: threading.Event) -> dict:
    """From here on Ctrl-C (or SIGTERM) only asks the main thread to stop cleanly."""

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        return {}  # embedded (e.g. called from a test thread): the caller stops us
    signals = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    return {number: signal.signal(number, handler) for number in signals}


def run(args: argparse.Namespace) -> int:
    plan_dir: Path = args.plan
    if not plan_dir.is_dir():
        print(
            f"error: plan folder '{plan_dir}' not found (use --plan DIR, or 'sitegen init {plan_dir}')",
            file=sys.stderr,
        )
        return 1
    temp = args.out is None
    if not temp and refuse_out(args.out, plan_dir, args.force):
        return 2
    out_dir = Path(tempfile.mkdtemp(prefix="sitegen-serve-")) if temp else Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _serve(args, plan_dir, out_dir)
    finally:
        if temp:
            shutil.rmtree(out_dir, ignore_errors=True)


def _serve(args: argparse.Namespace, plan_dir: Path, out_dir: Path) -> int:
    hub = EventHub()
    rebuilder = Rebuilder(plan_dir, out_dir)
    announce = Announcer(hub)
    first = rebuilder.rebuild()
    announce(first, len(rebuilder.files), first=True)
    try:
        server, note = bind(args.host, args.port, out_dir, hub, before_read=rebuilder.write_deferred)
    except OSError as exc:
        reason = exc.strerror or exc
        print(f"error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1
    if note:
        _say(note)
    stop = threading.Event()
    previous = _catch_interrupt(stop)
    threads = [
        threading.Thread(
            target=server.serve_forever, args=(HTTP_POLL_SECONDS,), name="sitegen-http", daemon=True
        )
    ]
    debouncer = Debouncer()
    watcher = Watcher(plan_dir, _theme_dirs(plan_dir), debouncer.add)
    args_loop = (rebuilder, debouncer, announce)
    threads.append(threading.Thread(target=_rebuild_loop, args=args_loop, daemon=True))
    for thread in threads:
        thread.start()
    watcher.start()
    _greet(args, server, first.title or plan_dir.name, plan_dir)
    while not stop.wait(MAIN_WAKE_SECONDS):  # the signal handler sets `stop` at once
        pass
    debouncer.close()  # the rebuild loop ends
    hub.close()  # event streams end, so their threads do not hold the server
    server.shutdown()
    server.server_close()
    watcher.stop()
    threads[1].join(timeout=0.5)
    _write_deferred(rebuilder)  # a folder given with --out is left whole: its board pack too
    for number, handler in previous.items():
        signal.signal(number, handler)
    _say("Stopped.")
    return 0


def _greet(args: argparse.Namespace, server: PreviewServer, title: str, plan_dir: Path) -> None:
    # an IP server's address (typeshed's type admits a Unix socket's path too)
    host, port = cast(tuple[str, int], server.server_address[:2])
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    watching = plan_dir.as_posix().rstrip("/") + "/"
    _say(f"Serving plan '{title}' at {url} — watching {watching} (Ctrl-C to stop)")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _say(f"warning: listening on {args.host}: anyone who can reach it can read the plan")
    if args.open:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
