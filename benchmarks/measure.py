"""Timing one command: wall time and peak memory of its whole process tree.

``ru_maxrss`` from ``wait4`` is the largest *single* process of the tree, so a
build that fans out to worker processes would look smaller than it is. We
also sample the summed PSS (proportional set size: shared pages divided
between the processes sharing them) of the process and all its descendants
from ``/proc`` every 50 ms (reading PSS is not free) and keep the peak.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float  # largest single process (wait4 ru_maxrss)
    tree_rss_mb: float  # peak of the summed RSS of the process tree (sampled)
    timed_out: bool = False  # killed at the time limit: ``seconds`` is a lower bound
    cpu_seconds: float = 0.0  # user + system of the process and the children it waited for (wait4)


@dataclass(frozen=True)
class Stat:
    """Median and range of repeated runs."""

    runs: tuple[Run, ...]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def low(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def high(self) -> float:
        return max(r.seconds for r in self.runs)

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    @property
    def tree_rss_mb(self) -> float:
        return max(r.tree_rss_mb for r in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(r.max_rss_mb for r in self.runs)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _rss(pid: int) -> int:
    """Proportional set size (shared pages split between sharers), else plain RSS.

    Forked render workers share most of their pages with the parent; summing
    plain RSS would count those pages once per worker.
    """
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo.extend(_children(current))
    return total


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None, timeout: float | None = None,
        sample: bool = False) -> Run:
    """Run ``cmd`` to the end (or kill it after ``timeout`` s); output is discarded unless it fails.

    ``sample``: follow the summed PSS of the process tree every 50 ms. Reading
    ``smaps_rollup`` of large processes costs CPU, more for a tool with worker
    processes, so timed runs are not sampled; memory comes from a run of its own.
    Unsampled, ``tree_rss_mb`` is the largest single process (``wait4``)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killer = threading.Timer(timeout, proc.kill) if timeout else None
    if killer:
        killer.start()
    peak = [0]
    done = threading.Event()

    def sample_tree() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample_tree, daemon=True)
    if sample:
        sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    if sample:
        sampler.join()
    timed_out = bool(killer and not killer.is_alive() and killer.finished.is_set())
    if killer:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime  # the machine is shared: CPU time is the fair measure
    if timed_out:
        return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 1024 / 1024, True, cpu)
    if proc.returncode != 0:
        tail = stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{tail}")
    mb = 1024 * 1024
    return Run(seconds, usage.ru_maxrss * 1024 / mb, max(peak[0], usage.ru_maxrss * 1024) / mb, False, cpu)
