"""A burst against `sitegen serve`: 200 simultaneous requests + 50 event streams while files change.

What a shared screen, a browser restoring 30 tabs or a link checker does to
the preview server: ROUNDS times, BURST client threads wait at a barrier and
then each opens its own connection and GETs one file of the site (pages,
plan.json, CSS, the live-reload script, in turn); STREAMS event streams stay
open the whole time, and a section file is saved every EDIT_EVERY seconds so
rebuilds and reload events go out in the middle of the bursts. Each
request's time runs from the barrier's release to its last byte; a request
that gets no complete answer within TIMEOUT seconds, or any answer but 200,
is a failure. Reported: p50 / p99 / max of the answered requests, failures,
how many event streams were still open at the end and the fewest and most
reloads one of them received.

    .venv/bin/python benchmarks/serve_burst.py                     # this checkout
    .venv/bin/python benchmarks/serve_burst.py --rounds 20 --burst 200 --streams 50
    git archive COMMIT | tar -x -C /tmp/before                     # an older server, for comparison
    .venv/bin/python benchmarks/serve_burst.py --source /tmp/before

The server runs as a subprocess (`python -m sitegen serve`) on a copy of
the example plan (`plan/`); `--source DIR` runs the `sitegen` package found
in DIR instead of this checkout's.
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serve_latency import _free_port, _section  # noqa: E402

TIMEOUT = 10.0  # seconds a client waits for a whole answer, as a browser tab would (roughly)
EDIT_EVERY = 0.25  # seconds between saves while the bursts run


def _get(port: int, target: str, start: threading.Barrier, results: list, at: int) -> None:
    """One client: wait for the others, then one request on a fresh connection."""
    start.wait()
    began = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(1 << 16):
                data += chunk
                if time.perf_counter() - began > TIMEOUT:
                    raise TimeoutError
        ok = data.startswith((b"HTTP/1.0 200", b"HTTP/1.1 200"))
        results[at] = (time.perf_counter() - began) if ok else "status " + data[:12].decode(errors="replace")
    except OSError as exc:  # TimeoutError, ConnectionRefused/Reset
        results[at] = type(exc).__name__


class Streams:
    """STREAMS open event streams read by one thread; counts the reloads each one receives."""

    def __init__(self, port: int, count: int) -> None:
        self.selector = selectors.DefaultSelector()
        self.reloads: dict[socket.socket, int] = {}
        self.closed = 0
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            sock.sendall(f"GET /__sitegen__/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            sock.setblocking(False)
            self.reloads[sock] = 0
            self.selector.register(sock, selectors.EVENT_READ)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.stop.is_set():
            for key, _ in self.selector.select(0.1):
                try:
                    data = key.fileobj.recv(1 << 16)
                except OSError:
                    data = b""
                if not data:
                    self.selector.unregister(key.fileobj)
                    self.closed += 1
                    continue
                self.reloads[key.fileobj] += data.count(b"event: reload\n")

    def close(self) -> tuple[int, int, int]:
        """(streams still open, fewest reloads, most reloads)."""
        self.stop.set()
        self.thread.join()
        for sock in self.reloads:
            sock.close()
        counts = list(self.reloads.values())
        return len(counts) - self.closed, min(counts), max(counts)


def _editor(target: Path, stop: threading.Event) -> int:
    """Save `target` every EDIT_EVERY seconds until `stop`; returns the number of saves."""
    original = target.read_text(encoding="utf-8")
    saves = 0
    while not stop.wait(EDIT_EVERY):
        saves += 1
        target.write_text(original + f"\nSave {saves} during the burst.\n", encoding="utf-8")
    return saves


def _targets(out: Path) -> list[str]:
    pages = sorted("/" + p.relative_to(out).as_posix() for p in out.rglob("*.html"))[:8]
    styles = sorted("/" + p.relative_to(out).as_posix() for p in out.rglob("*.css"))[:1]
    return ["/", "/plan.json", "/__sitegen__/livereload.js", *pages, *styles]


def _start(source: Path, plan: Path, out: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(source), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "sitegen", "serve", "--plan", str(plan), "--port", str(port), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=plan.parent)
    for line in proc.stdout:
        if "Serving plan" in line:
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc


def run(source: Path, rounds: int, burst: int, streams: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    plan, out, port = work / "plan", work / "site", _free_port()
    shutil.copytree(ROOT / "plan", plan)
    proc = _start(source, plan, out, port)
    try:
        targets = _targets(out)
        open_streams = Streams(port, streams)
        stop = threading.Event()
        saves: list[int] = []
        editor = threading.Thread(target=lambda: saves.append(_editor(plan / _section(plan), stop)))
        editor.start()
        times: list[float] = []
        failures: dict[str, int] = {}
        for _ in range(rounds):
            start = threading.Barrier(burst)
            results: list = [None] * burst
            clients = [
                threading.Thread(target=_get, args=(port, targets[i % len(targets)], start, results, i))
                for i in range(burst)
            ]
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            for result in results:
                if isinstance(result, float):
                    times.append(result)
                else:
                    failures[result] = failures.get(result, 0) + 1
            time.sleep(0.5)  # the connections of this round are closed before the next
        stop.set()
        editor.join()
        time.sleep(1.0)  # the last save's reload reaches the streams
        still_open, fewest, most = open_streams.close()
        return {"times": times, "failures": failures, "saves": saves[0], "open": still_open, "fewest": fewest, "most": most}
    finally:
        proc.send_signal(2)
        proc.wait(30)
        shutil.rmtree(work, ignore_errors=True)


def report(result: dict, rounds: int, burst: int, streams: int) -> str:
    times = sorted(result["times"])
    ms = [t * 1000 for t in times]
    p50 = statistics.median(ms) if ms else float("nan")
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan")
    failed = sum(result["failures"].values())
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result["failures"].items())) or "none"
    return (
        f"requests: {rounds} rounds × {burst} = {rounds * burst}; answered {len(times)}, "
        f"failed {failed} ({100 * failed / (rounds * burst):.1f} %: {kinds})\n"
        f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {max(ms, default=float('nan')):.0f} ms\n"
        f"event streams: {result['open']} of {streams} open at the end; reloads received per stream "
        f"{result['fewest']}–{result['most']} ({result['saves']} saves)\n"
        f"load average (1 min): {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="folder holding the sitegen package to run")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--streams", type=int, default=50)
    args = parser.parse_args()
    result = run(args.source.resolve(), args.rounds, args.burst, args.streams)
    print(report(result, args.rounds, args.burst, args.streams))


if __name__ == "__main__":
    main()
