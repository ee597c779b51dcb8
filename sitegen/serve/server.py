"""The preview HTTP server: site files, the event stream, the live-reload client.

Only files inside the site are ever served. `site_file` (pure apart from the
final realpath check) refuses `..` in any spelling (`%2e%2e`, `..%2f`),
encoded slashes and backslashes, absolute and drive paths, hidden files
(the writer's temp files are hidden) and symlinks that lead out of the site;
every refusal is a plain 404, so probing learns nothing.

It is a server for this machine and behaves like one: a request whose `Host`
is not a name of this server (`localhost`, `127.0.0.1`, `[::1]`, `--host`)
gets 421, so a web page that rebinds its own domain name to 127.0.0.1 (DNS
rebinding) cannot read the plan; the listen backlog takes a burst of
connections; a connection that sends nothing for `IDLE_TIMEOUT` seconds is
closed (event streams excepted: they are quiet by nature); a client that goes
away mid-response is normal and prints nothing.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.serve.livereload import CLIENT_JS, CLIENT_PATH, EVENTS_PATH, EventHub, injected

__all__ = ["CONTENT_TYPES", "PreviewServer", "bind", "content_type", "host_allowed", "site_file"]

_TEXT = "; charset=utf-8"
CONTENT_TYPES = {
    ".html": "text/html" + _TEXT,
    ".htm": "text/html" + _TEXT,
    ".css": "text/css" + _TEXT,
    ".js": "text/javascript" + _TEXT,
    ".mjs": "text/javascript" + _TEXT,
    ".json": "application/json" + _TEXT,
    ".ics": "text/calendar" + _TEXT,
    ".csv": "text/csv" + _TEXT,
    ".txt": "text/plain" + _TEXT,
    ".md": "text/markdown" + _TEXT,
    ".xml": "application/xml" + _TEXT,
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".map": "application/json" + _TEXT,
}
PORT_TRIES = 20
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
LISTEN_BACKLOG = 1024  # the kernel caps it (net.core.somaxconn); 5 lost ~18 % of 100 connections
IDLE_TIMEOUT = 30.0  # seconds a connection may stay silent (or a client stall a response)
WRITE_PIECE = 256 * 1024  # bytes per send: the idle timeout applies to each
PING_SECONDS = 15.0  # an event stream's keep-alive: finds closed connections, keeps proxies open
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


def _bare(host: str) -> str:
    return host.strip().lower().removeprefix("[").removesuffix("]")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, bound: str) -> bool:
    """Whether a `Host` header names this server (with or without a port).

    The loopback names and the `--host` given are accepted. Bound to every
    interface (`0.0.0.0`, `::`), any IP address is too: colleagues on the
    network type one, and DNS rebinding needs a domain name, never a bare IP.
    """
    if not header:
        return False
    try:
        parts = urlsplit("//" + header.strip())
        name, _ = parts.hostname, parts.port  # .port raises on a port that is not a number
    except ValueError:
        return False
    if not name or parts.username is not None or parts.password is not None or parts.path:
        return False
    name = _bare(name)
    if name in LOCAL_NAMES or name == _bare(bound):
        return True
    return _bare(bound) in ("0.0.0.0", "::") and _is_ip(name)


def site_file(root: Path, target: str) -> Path | None:
    """The file a request target names inside `root`, or None (→ 404).

    A folder gives its `index.html`. Segments are split *before* decoding,
    so `%2f` can never create a new segment.
    """
    path = urlsplit(target).path if target.startswith("/") else None
    if not path or path.startswith("//"):
        return None
    parts = []
    for raw in path.split("/")[1:]:
        try:
            part = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if (
            any(c in part for c in "/\\\x00")
            or part.startswith(".")
            or (len(part) == 2 and part[1] == ":")
        ):
            return None
        parts.append(part)
    if parts and parts[-1] == "":
        parts[-1] = "index.html"
    if "" in parts:
        return None
    real_root = os.path.realpath(root)
    candidate = os.path.realpath(os.path.join(real_root, *parts))
    if os.path.commonpath([real_root, candidate]) != real_root:
        return None  # a symlink (or anything else) leading out of the site
    if os.path.isdir(candidate):
        candidate = os.path.join(candidate, "index.html")
    return Path(candidate) if os.path.isfile(candidate) else None


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # event streams must never keep the process alive
    block_on_close = False
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self, address: tuple[str, int], handler: type[Handler], site_root: Path, hub: EventHub,
        idle_timeout: float = IDLE_TIMEOUT, before_read: Callable[[str], object] | None = None,
    ) -> None:
        self.site_root = site_root
        self.hub = hub
        # called with a file's site path before it is read: the rebuilder writes it first if it
        # left it for later (the board pack, `Rebuilder.write_deferred`)
        self.before_read = before_read
        self.idle_timeout = idle_timeout
        host = address[0]
        self.given_host = host  # as given (`--host`): a name stays a name, server_address has its IP
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__(address, handler)

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        """A client that went away is normal; anything else is one line, never a traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, _GONE):
            print(f"error: serving a request: {exc!r}", file=sys.stderr, flush=True)


def bind(
    host: str, port: int, site_root: Path, hub: EventHub, idle_timeout: float = IDLE_TIMEOUT,
    before_read: Callable[[str], object] | None = None,
) -> tuple[PreviewServer, str]:
    """Bind `port`, or the next free one (said in the returned note); port 0 = any free port."""
    tries = 1 if port == 0 else min(PORT_TRIES, 65536 - port)
    for offset in range(tries):
        try:
            server = PreviewServer((host, port + offset), Handler, site_root, hub, idle_timeout, before_read)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or offset == tries - 1:
                raise
            continue
        note = f"Port {port} is in use; using {port + offset} instead." if offset else ""
        return server, note
    raise OSError(errno.EADDRINUSE, "no free port")  # not reached


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.0"
    server_version = "sitegen-serve"

    def setup(self) -> None:
        # read by StreamRequestHandler.setup as self.timeout; typeshed calls it a ClassVar, but an
        # instance's own value is what makes the idle timeout each server's (`bind(idle_timeout=)`)
        self.timeout = self.server.idle_timeout  # type: ignore[misc]
        super().setup()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # the terminal is for rebuilds and diagnostics, not request logs

    def do_HEAD(self) -> None:
        if self._host_ok(head=True):
            self._respond(head=True)

    def do_GET(self) -> None:
        if not self._host_ok(head=False):
            return
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events()
        else:
            self._respond(head=False)

    def _host_ok(self, head: bool) -> bool:
        """Refuse (421) a request for another name: a rebound domain, a wrong proxy."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) == 1 and host_allowed(hosts[0], self.server.given_host):
            return True
        self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain" + _TEXT, _MISDIRECTED, head)
        return False

    def _respond(self, head: bool) -> None:
        path = urlsplit(self.path).path
        if path == CLIENT_PATH:
            return self._send(HTTPStatus.OK, "text/javascript" + _TEXT, CLIENT_JS.encode(), head)
        file = site_file(self.server.site_root, self.path)
        if file is None:
            if (
                path == "/"
            ):  # no good build (or no index page) yet: a stand-in that can carry the overlay
                return self._send(HTTPStatus.OK, CONTENT_TYPES[".html"], self._page(_EMPTY), head)
            return self._send(
                HTTPStatus.NOT_FOUND, CONTENT_TYPES[".html"], self._page(_NOT_FOUND), head
            )
        if file.name == "index.html" and not path.endswith(("/", "index.html")):
            return self._redirect(path + "/")  # a folder: relative links need the slash
        self._before_read(file)
        try:
            body = file.read_bytes()
        except OSError:
            return self._send(
                HTTPStatus.NOT_FOUND, CONTENT_TYPES[".html"], self._page(_NOT_FOUND), head
            )
        kind = content_type(file.name)
        self._send(HTTPStatus.OK, kind, self._page(body) if kind.startswith("text/html") else body, head)

    def _before_read(self, file: Path) -> None:
        hook = self.server.before_read
        if hook is None:
            return
        try:
            hook(file.relative_to(os.path.realpath(self.server.site_root)).as_posix())
        except Exception as exc:  # the file on disk is served as it is; one line, never a traceback
            print(f"error: writing {file.name} before serving it: {exc!r}", file=sys.stderr, flush=True)

    def _page(self, html: bytes) -> tuple[bytes | memoryview, ...]:
        hub = self.server.hub
        return injected(html, hub.version, hub.overlay)

    def _send(
        self, status: HTTPStatus, kind: str, body: bytes | tuple[bytes | memoryview, ...], head: bool
    ) -> None:
        """Answer with `body`, or with its pieces one after another (`_page`: a page is not copied)."""
        pieces = (body,) if isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(sum(len(piece) for piece in pieces)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            # In pieces: the idle timeout bounds each piece, so a slow but moving
            # download (Plotly over a weak Wi-Fi) is never cut off half way.
            for piece in pieces:
                view = memoryview(piece)
                for start in range(0, len(view), WRITE_PIECE):
                    self.wfile.write(view[start : start + WRITE_PIECE])

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self) -> None:
        """Stream events until the client goes away or the server stops."""
        hub = self.server.hub
        inbox = hub.subscribe()
        self.connection.settimeout(None)  # quiet by nature; a stalled reader holds one frame
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream" + _TEXT)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(f"retry: 500\nevent: hello\ndata: {hub.version}\n\n".encode())
            self.wfile.flush()
            while True:
                frame = inbox.take(PING_SECONDS)
                if inbox.closed:
                    break
                self.wfile.write(frame or b": ping\n\n")
                self.wfile.flush()
        except _GONE:
            pass
        finally:
            hub.unsubscribe(inbox)
            self.close_connection = True


_MISDIRECTED = (
    b"421 Misdirected Request: sitegen serve answers only to localhost, 127.0.0.1, [::1]"
    b" and the name given with --host.\n"
)
_NOT_FOUND = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Not found</title></head><body><h1>Not found</h1><p><a href='/'>Home</a></p></body></html>"
_EMPTY = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>sitegen serve</title></head><body><h1>sitegen serve</h1><p>No page to show yet: the plan has errors, or the site has no index.html.</p><p><a href='/plan.json'>plan.json</a></p></body></html>"
