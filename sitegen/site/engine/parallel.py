"""Render many pages on every core: forked workers, chunks in order, same bytes as serial.

Rendering a page is pure CPU work in Python (Markdown, Jinja, number
formatting), so one process uses one core. For a large cold build the
sections are split into contiguous chunks and rendered by forked worker
processes, which inherit the prepared build (environment, navigation,
computed plan) instead of pickling it; only the finished ``Output`` bytes
travel back (for ``sitegen build`` not even those: the workers write the
files and send their paths). Results are reassembled in the original order, so the site is
byte-identical to a serial build — ``tests/test_build_parallel.py`` holds us
to that.

The workers are a ``ProcessPoolExecutor``'s: its one helper thread here
reads each result as it arrives. ``multiprocessing.Pool`` (used before) has a
second thread that woke on every unread result and looped until another
thread had read it: half of this process's CPU while the workers ran. And
when a worker dies (out of memory, a crash in native code) the executor
raises ``BrokenProcessPool`` where the pool waited for its pages forever.

Serial whenever parallelism cannot pay or is unsafe: few pages, one core, no
``fork`` (Windows, macOS default), or other threads running (``serve``'s
watcher: forking a threaded process can deadlock). ``SITEGEN_JOBS=1`` forces
serial; ``SITEGEN_JOBS=n`` caps the workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from sitegen.site.engine.output import Output

MIN_PER_WORKER = 40  # below this, starting workers costs more than it saves
CHUNKS_PER_WORKER = 8  # small enough to balance uneven pages and the calendar task, big enough to amortise

# (render_one, items, plan_wide, finish), inherited by forked workers
_job: tuple[Callable[[Any], Any], Sequence[Any], Callable[[], Iterable[Output]], Callable[[Any], Any] | None] | None = None


def jobs(count: int) -> int:
    """How many processes to render ``count`` pages with (1 = in this process)."""
    wanted = os.environ.get("SITEGEN_JOBS", "")
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else _cores()
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(limit, count // MIN_PER_WORKER))


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _finished(outputs: Iterable[Any], finish: Callable[[Any], Any] | None) -> list[Any]:
    """What travels back from a worker: ``finish(output)``, else the output."""
    return [finish(output) for output in outputs] if finish is not None else list(outputs)


def _render_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _job is not None
    render_one, items, _, finish = _job
    return _finished((render_one(item) for item in items[bounds[0]:bounds[1]]), finish)


def _render_plan_wide(_: object = None) -> list[Any]:
    assert _job is not None
    _, _, plan_wide, finish = _job
    return _finished(plan_wide(), finish)


def _leave_interrupts() -> None:
    """Ctrl-C signals every process of the terminal's group; a worker leaves it to this
    process, which stops the build. Interrupted itself, a worker could stop halfway through
    sending a result, and the executor would wait for the rest of it forever. (It is forked
    with Ctrl-C held back, `_forking`, so none arrives before this runs.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _forking() -> Iterator[None]:
    """Ctrl-C held back while workers are forked: the executor forks them on demand as tasks
    are submitted, and one that Ctrl-C reached before its `_leave_interrupts` printed a
    traceback. A Ctrl-C held back here arrives as soon as the workers are forked."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def render_parallel(
    render_one: Callable[[Any], Any],
    items: Sequence[Any],
    plan_wide: Callable[[], Iterable[Output]],
    finish: Callable[[Any], Any] | None = None,
    local: Iterable[Output] = (),
) -> Iterator[Any]:
    """``local``, ``plan_wide()``'s outputs and ``render_one(item)`` for each item, as a stream:
    on forked workers when it pays (the items chunk by chunk, in order), else in this process.

    The caller writes each file as it arrives, so writing the site overlaps
    rendering it and finished pages do not pile up in memory. ``plan_wide()``
    runs in a worker too, as the first task (it is the longest: the calendar
    of a large plan), and ``local`` (the theme's files) is read and yielded
    here while the workers render. ``finish`` runs on each output in the
    worker that made it, and its result travels instead of the output:
    `sitegen build` passes `Staging.put`, so workers write their own files.
    """
    workers = jobs(len(items))
    if workers < 2:
        yield from local  # in this process the caller writes every file itself: `finish` is for workers
        yield from plan_wide()
        yield from (render_one(item) for item in items)
        return
    global _job
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _job = (render_one, items, plan_wide, finish)
    gc.freeze()  # the collector would write to every inherited object, copying the shared pages into each worker
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_leave_interrupts)
    try:
        with _forking():
            plan_wide_task = pool.submit(_render_plan_wide)  # queued first, so a worker starts on it at once
            chunks = pool.map(_render_chunk, bounds)  # submits every chunk, forking the workers
        gc.unfreeze()  # workers are forked; this process keeps collecting as before
        yield from local
        for chunk in chunks:
            yield from chunk
        yield from plan_wide_task.result()
    finally:
        pool.shutdown(cancel_futures=True)  # after an error or an early stop, the chunks not yet started are dropped
        gc.unfreeze()
        _job = None


def warm_before_fork(env: Any, choices: Iterable[Sequence[str]], shared: Sequence[str] = ("base.html", "macros.html")) -> None:
    """Compile the templates pages will use before workers fork, so each inherits them compiled,
    and load the locale data their numbers and dates are formatted with: Babel reads it on
    first use, in every process that formats (each worker, and this one for the board pack).

    ``choices``: the ``select_template`` name lists of the pages; ``shared``:
    what those templates extend or import. A missing one is left to fail where
    it is used, with the renderer's own error.
    """
    import jinja2

    for names in choices:
        try:
            env.select_template(list(names))
        except jinja2.TemplateNotFound:
            pass
    for name in shared:
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            pass
    formatter = env.globals.get("fmt")
    if formatter is not None:
        formatter.locale.number_symbols  # noqa: B018  (the first look at a Locale loads its data)
