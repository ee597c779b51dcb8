"""Helpers for the `sitegen serve` tests: a real server subprocess, its output, a real event stream.

`serve(tmp_path)` starts `python -m sitegen serve --port 0` on a small plan in
`tmp_path` and yields a `Served` (its port, what it printed, a raw GET);
`EventStream` is a real Server-Sent Events connection. Waits are
"eventually" with generous limits, never a speed claim.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATIENCE = 30.0  # seconds before "eventually" gives up (slow CI), never a speed claim

PLAN_YAML = "title: Preview plan\ncurrency: USD\nperiod:\n  start: 2027-01-01\n  end: 2027-12-31\n"
OVERVIEW = "---\ntitle: Overview\n---\nThe plan in one page.\n"
def write_plan(root: Path) -> Path:
    plan = root / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    (plan / "overview.md").write_text(OVERVIEW, encoding="utf-8")
    return plan


class Served:
    """A running `sitegen serve` subprocess and what it printed."""

    def __init__(self, proc: subprocess.Popen, plan: Path, out: Path) -> None:
        self.proc, self.plan, self.out = proc, plan, out
        self.lines: list[str] = []
        self.errors: list[str] = []  # stderr, kept apart: what the terminal shows as problems
        self.errors_done = threading.Event()  # stderr closed: the process has ended
        self.url_ready = threading.Event()
        self.port = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            found = re.search(r"Serving plan .* at http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                self.url_ready.set()

    def _read_errors(self) -> None:
        for line in self.proc.stderr:
            self.errors.append(line)
        self.errors_done.set()

    @property
    def output(self) -> str:
        """Everything printed: stdout, then stderr."""
        return "".join(self.lines + self.errors)

    def get(
        self, target: str, host: str | None = None, method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        """GET with the target sent exactly as written (no client-side normalising).

        `host` replaces the `Host` header http.client would send (127.0.0.1:PORT).
        """
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=PATIENCE)
        try:
            conn.putrequest(method, target, skip_host=host is not None, skip_accept_encoding=True)
            if host is not None:
                conn.putheader("Host", host)
            conn.endheaders()
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def text(self, target: str) -> str:
        status, _, body = self.get(target)
        assert status == 200, (target, status)
        return body.decode("utf-8")

    def plan_json(self) -> dict:
        return json.loads(self.text("/plan.json"))


@contextmanager
def serve(tmp_path: Path, *extra: str) -> Iterator[Served]:
    plan = write_plan(tmp_path)
    out = tmp_path / "site"
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitegen",
            "serve",
            "--plan",
            str(plan),
            "--port",
            "0",
            "--out",
            str(out),
            *extra,
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    served = Served(proc, plan, out)
    try:
        assert served.url_ready.wait(PATIENCE), served.output
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(PATIENCE)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class EventStream:
    """A real SSE connection: frames arrive on a queue as (event, data)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
        self.sock.sendall(
            f"GET /__sitegen__/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        try:
            while chunk := self.sock.recv(65536):
                buffer += chunk
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    self._frame(frame.decode("utf-8"))
        except OSError:
            pass

    def _frame(self, frame: str) -> None:
        event, data = "message", []
        for line in frame.split("\n"):
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
        if data:
            self.events.put((event, "\n".join(data)))

    def next(self, wanted: str) -> str:
        """Data of the next `wanted` event (others are skipped)."""
        deadline = time.monotonic() + PATIENCE
        while True:
            event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if event == wanted:
                return data

    def close(self) -> None:
        self.sock.close()


def eventually(check: Callable[[], object]) -> object:
    deadline = time.monotonic() + PATIENCE
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)
