"""`sitegen serve` is a server for this machine, and behaves like one.

A web page cannot reach it through a rebound domain name (421), a burst of
connections is answered, silent connections are closed, a reader that
stalls holds one event and no more, a bad port is a usage error and a
browser that goes away mid-response prints nothing. Real servers on
ephemeral ports and real sockets: the `sitegen serve` program where its
output matters, the same server class in this process where the test must
reach inside it (a short idle timeout, the event hub). Nothing here asserts
how fast it is (that is `benchmarks/serve_burst.py`).
"""

from __future__ import annotations

import errno
import json
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import run_cli
from serving import PATIENCE, EventStream, eventually, serve

from sitegen.serve.livereload import EventHub
from sitegen.serve.server import bind

PAGE = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>The plan.</p></body></html>"


class Preview:
    """The serve HTTP server in this process, on an ephemeral port, over a one-page site."""

    def __init__(self, root: Path, idle_timeout: float) -> None:
        site = root / "site"
        site.mkdir()
        (site / "index.html").write_bytes(PAGE)
        self.hub = EventHub()
        self.server, _ = bind("127.0.0.1", 0, site, self.hub, idle_timeout=idle_timeout)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> None:
        """Start accepting; until then connections wait in the listen backlog."""
        self.thread.start()

    def stop(self) -> None:
        self.hub.close()
        if self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()


@contextmanager
def preview(tmp_path: Path, idle_timeout: float = 30.0, start: bool = True) -> Iterator[Preview]:
    server = Preview(tmp_path, idle_timeout)
    if start:
        server.start()
    try:
        yield server
    finally:
        server.stop()


def request(port: int, target: str = "/", host: str | None = None) -> bytes:
    host = f"127.0.0.1:{port}" if host is None else host
    return f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()


def read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def reset(sock: socket.socket) -> None:
    """Close the way a browser tab does when it is closed: at once, with a TCP reset."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


# --- DNS rebinding -------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "localhost.evil.example:{port}", "10.0.0.7:{port}"]
)
def test_a_request_for_another_host_name_is_refused_with_421(tmp_path: Path, host: str) -> None:
    """A page on evil.example that rebinds its name to 127.0.0.1 sends `Host: evil.example`."""
    with serve(tmp_path) as site:
        forged = host.format(port=site.port)
        for target in ("/", "/plan.json", "/__sitegen__/livereload.js"):
            status, _, body = site.get(target, host=forged)
            assert status == 421, (target, forged)
            assert b"Preview plan" not in body and b"localhost" in body
        assert site.get("/plan.json", host=forged, method="HEAD")[0] == 421

        with socket.create_connection(("127.0.0.1", site.port), timeout=PATIENCE) as sock:
            sock.sendall(request(site.port, "/__sitegen__/events", host=forged))
            answer = read_all(sock)  # refused streams end at once instead of staying open
        assert status_of(answer) == 421 and b"event:" not in answer


def test_the_names_of_this_machine_are_served_with_or_without_the_port(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        for host in ("localhost", f"localhost:{site.port}", "127.0.0.1", f"[::1]:{site.port}", "[::1]"):
            status, _, body = site.get("/plan.json", host=host)
            assert status == 200 and json.loads(body)["title"] == "Preview plan", host
        stream = EventStream(site.port)  # sends Host: 127.0.0.1:PORT
        assert stream.next("hello").isdigit()
        stream.close()


def test_the_name_given_with_host_is_served_too(tmp_path: Path) -> None:
    """`--host NAME` listens on NAME's address and answers to NAME (the server sees only its IP)."""
    name = socket.gethostname()
    try:
        loopback = socket.gethostbyname(name).startswith("127.")
    except OSError:
        loopback = False
    if name.lower() == "localhost" or not loopback:
        pytest.skip("this machine's name does not lead to 127.0.0.1")
    with serve(tmp_path, "--host", name) as site:
        assert site.get("/plan.json", host=f"{name}:{site.port}")[0] == 200
        assert site.get("/plan.json", host="evil.example")[0] == 421


def test_a_request_without_a_host_header_is_refused(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        with socket.create_connection(("127.0.0.1", site.port), timeout=PATIENCE) as sock:
            sock.sendall(b"GET /plan.json HTTP/1.0\r\n\r\n")
            assert status_of(read_all(sock)) == 421


# --- Connections ---------------------------------------------------------------

BURST = 200  # the burst of benchmarks/serve_burst.py; more than the old backlog (5) by far


def test_a_burst_of_connections_waits_in_the_backlog_and_is_answered(tmp_path: Path) -> None:
    """200 connections arrive before the server accepts any: the kernel holds them all."""
    with preview(tmp_path, start=False) as server:
        port = server.port
        clients = []
        for _ in range(BURST):
            sock = socket.socket()
            sock.setblocking(False)
            assert sock.connect_ex(("127.0.0.1", port)) in (0, errno.EINPROGRESS)
            clients.append(sock)

        def connected() -> bool:
            _, writable, _ = select.select([], clients, [], 0.05)
            return len(writable) == BURST

        try:
            assert eventually(connected), "connections beyond the listen backlog were dropped"
            assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 for s in clients)
            for sock in clients:
                sock.setblocking(True)
                sock.settimeout(PATIENCE)
                sock.sendall(request(port))
            server.start()
            answers = [read_all(sock) for sock in clients]
        finally:
            for sock in clients:
                sock.close()
        assert [status_of(a) for a in answers] == [200] * BURST
        assert all(a.endswith(b"</body></html>") for a in answers)


def test_a_silent_connection_is_closed_after_the_idle_timeout(tmp_path: Path) -> None:
    with preview(tmp_path, idle_timeout=0.3) as server:
        port = server.port
        silent = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
        slow = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
        slow.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")  # headers never finished
        try:
            assert silent.recv(1) == b""  # the server hung up
            assert slow.recv(1) == b""
        finally:
            silent.close()
            slow.close()
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as sock:
            sock.sendall(request(port))
            assert status_of(read_all(sock)) == 200  # the server itself goes on


def test_an_event_stream_stays_open_past_the_idle_timeout(tmp_path: Path) -> None:
    with preview(tmp_path, idle_timeout=0.2) as server:
        stream = EventStream(server.port)
        assert stream.next("hello") == "0"
        time.sleep(1.0)  # five idle timeouts without a word from either side
        server.hub.reload()
        assert stream.next("reload") == "1"
        stream.close()


def test_a_stalled_reader_holds_one_event_and_gets_the_latest(tmp_path: Path) -> None:
    """A frozen tab: its event stream stops reading while the author saves 60 times."""
    with preview(tmp_path) as server:
        hub, port = server.hub, server.port
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: no autotuning
        sock.settimeout(PATIENCE)
        sock.connect(("127.0.0.1", port))
        sock.sendall(request(port, "/__sitegen__/events"))
        assert eventually(lambda: hub.connections == 1)
        overlay = "<div>" + "x" * 256_000 + "</div>"  # ~15 MB in all: more than any socket buffer
        saves = 60
        for _ in range(saves):
            hub.errors(overlay, [])
        assert eventually(lambda: hub.pending() == [1])  # the writer is stuck; one frame waits
        assert hub.pending() == [1]

        versions = []
        buffer = b""
        while not versions or versions[-1] < saves:
            buffer += sock.recv(1 << 20)
            *frames, buffer = buffer.split(b"\n\n")
            for frame in frames:
                if frame.startswith(b"event: errors\n"):
                    versions.append(json.loads(frame.split(b"data: ", 1)[1])["version"])
        reset(sock)
        assert versions[-1] == saves  # the newest state arrives...
        assert len(versions) < saves  # ... without the backlog of the ones in between
        assert versions == sorted(versions)


def test_the_last_port_taken_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    """The search for the next free port stops at 65535 (there is no 65536)."""
    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 65535))
    except OSError:
        taken.close()
        pytest.skip("port 65535 is in use on this machine")
    taken.listen()
    try:
        with pytest.raises(OSError) as refused:
            bind("127.0.0.1", 65535, tmp_path, EventHub())
        assert refused.value.errno == errno.EADDRINUSE
    finally:
        taken.close()


# --- Command line and noise ----------------------------------------------------


@pytest.mark.parametrize("port", ["99999", "-5", "65536", "eighty"])
def test_a_port_outside_0_to_65535_is_a_usage_error(tmp_path: Path, port: str) -> None:
    code, out, err = run_cli("serve", "--plan", tmp_path, "--port", port)
    assert code == 2
    assert f"argument --port: '{port}' is not a port number (0 to 65535)" in err
    assert "Traceback" not in err and out == ""


def test_a_client_that_goes_away_mid_response_prints_nothing(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        (site.out / "big.csv").write_bytes(b"region,amount\n" + b"north,1\n" * 1_000_000)
        for _ in range(3):
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", site.port))
            sock.sendall(request(site.port, "/big.csv"))
            assert sock.recv(1000).startswith(b"HTTP/1.0 200")
            reset(sock)  # the tab is closed while the file is still coming

            half = socket.create_connection(("127.0.0.1", site.port))
            half.sendall(b"GET /plan.json HTTP/1.1\r\nHo")
            reset(half)  # gone in the middle of the request

            stream = socket.create_connection(("127.0.0.1", site.port))
            stream.sendall(request(site.port, "/__sitegen__/events"))
            head = b""
            while b"event: hello" not in head:
                head += stream.recv(4096)
            reset(stream)
        assert site.get("/plan.json")[0] == 200
        site.proc.send_signal(signal.SIGINT)
        assert site.proc.wait(PATIENCE) == 0
        assert site.errors_done.wait(PATIENCE)
        assert site.errors == []
        assert "Traceback" not in site.output
