"""Render many pages on every core: forked workers, chunks in order, same bytes as serial.

Rendering a page is pure CPU work in Python (Markdown, Jinja, number
formatting), so one process uses one core. For a large cold build the
sections are split into contiguous chunks and rendered by forked worker
processes, which inherit the prepared build (environment, navigation,
computed plan) instead of pickling it; only the finished ``Output`` bytes
travel back. Results are reassembled in the original order, so the site is
byte-identical to a serial build — ``tests/test_build_parallel.py`` holds us
to that.

Serial whenever parallelism cannot pay or is unsafe: few pages, one core, no
``fork`` (Windows, macOS default), or other threads running (``serve``'s
watcher: forking a threaded process can deadlock). ``SITEGEN_JOBS=1`` forces
serial; ``SITEGEN_JOBS=n`` caps the workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sitegen.render.output import Output

MIN_PER_WORKER = 40  # below this, starting workers costs more than it saves
CHUNKS_PER_WORKER = 4  # small enough to balance uneven pages, big enough to amortise

_job: tuple[Callable[[Any], Output], Sequence[Any], Callable[[Output], Any] | None] | None = None  # inherited by forked workers


def jobs(count: int) -> int:
    """How many processes to render ``count`` pages with (1 = in this process)."""
    wanted = os.environ.get("SITEGEN_JOBS", "")
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(limit, count // MIN_PER_WORKER))


def _render_chunk(bounds: tuple[int, int]) -> list[Output]:
    assert _job is not None
    render_one, items, finish = _job
    if finish is not None:
        return [finish(render_one(item)) for item in items[bounds[0]:bounds[1]]]
    return [render_one(item).packed() for item in items[bounds[0]:bounds[1]]]


def render_all(render_one: Callable[[Any], Output], items: Sequence[Any]) -> list[Output]:
    """``[render_one(item) for item in items]``, spread over forked workers when it pays."""
    return render_all_with(render_one, items, list)[0]


def render_all_with(
    render_one: Callable[[Any], Output], items: Sequence[Any], meanwhile: Callable[[], list[Output]]
) -> tuple[list[Output], list[Output]]:
    """``render_all`` plus ``meanwhile()`` run in this process while the workers render.

    The pages the workers do not own (dashboard, calendar, iCalendar files)
    would otherwise be a serial tail after the pool finishes. The pages and
    ``meanwhile()``'s outputs come back apart; see `stream_all_with`.
    """
    extra: list[Output] = []

    def kept_apart() -> list[Output]:
        extra.extend(meanwhile())
        return []

    return list(stream_all_with(render_one, items, kept_apart)), extra


def stream_all_with(
    render_one: Callable[[Any], Output],
    items: Sequence[Any],
    meanwhile: Callable[[], list[Output]],
    finish: Callable[[Output], Any] | None = None,
) -> Iterator[Any]:
    """``render_all_with`` as a stream: ``meanwhile()``'s outputs, then the pages chunk by
    chunk, in order, as the workers finish them.

    A one-shot build writes each file as it arrives, so writing the site overlaps
    rendering it (the main process had nothing to do but wait) and finished pages
    do not pile up in memory. ``finish`` runs on each page in the worker that
    rendered it, and its result travels instead of the page: `sitegen build`
    passes `Staging.put`, so workers write their own pages.
    """
    workers = jobs(len(items))
    if workers < 2:
        yield from meanwhile()
        yield from (render_one(item) for item in items)
        return
    global _job
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _job = (render_one, items, finish)
    gc.freeze()  # the collector would write to every inherited object, copying the shared pages into each worker
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            gc.unfreeze()  # workers are forked; this process keeps collecting as before
            chunks = pool.imap(_render_chunk, bounds, chunksize=1)
            yield from meanwhile()
            for chunk in chunks:
                yield from chunk
    finally:
        gc.unfreeze()
        _job = None


def warm_templates(env: Any, choices: Iterable[Sequence[str]], shared: Sequence[str] = ("base.html", "macros.html")) -> None:
    """Compile the templates pages will use before workers fork, so each inherits them compiled.

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
