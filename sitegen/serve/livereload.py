"""Live reload over Server-Sent Events: the event hub and the client injected into pages.

The client is served at `CLIENT_PATH` and added to HTML responses by the
server at request time only; files on disk stay byte-identical to
`sitegen build`. Each page knows the build version it was served at; when
the event stream (re)connects with a different version, the page reloads,
so a rebuild that happens between page load and connect is never missed.
Scroll position is kept across reloads in `sessionStorage`.

Each event stream has a `Mailbox` holding at most one frame, the newest: a
reader that stalls (a frozen tab, a laptop lid closed) costs one frame, not
one per rebuild, and gets the latest state when it reads again — the version
check makes the older frames unnecessary.
"""

from __future__ import annotations

import json
import threading

__all__ = ["CLIENT_JS", "CLIENT_PATH", "EVENTS_PATH", "EventHub", "Mailbox", "inject", "injected", "sse_message"]

PREFIX = "/__sitegen__/"
EVENTS_PATH = PREFIX + "events"
CLIENT_PATH = PREFIX + "livereload.js"

CLIENT_JS = """// sitegen serve: live reload (injected in serve mode only)
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(me && me.getAttribute("data-version"));
  var key = "sitegen-scroll:" + location.pathname;
  function restore() {
    var saved = null;
    try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) { return; }
    if (!saved) return;
    var xy = JSON.parse(saved);
    window.scrollTo(xy[0], xy[1]);
  }
  if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  var pending = false;
  function reload() {
    // A page still loading (Plotly is large) reloads once it has loaded,
    // so a quick second save never cuts its downloads off half way.
    if (document.readyState !== "complete") {
      if (!pending) { pending = true; window.addEventListener("load", reload); }
      return;
    }
    try { sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY])); } catch (e) {}
    location.reload();
  }
  function showOverlay(html) {
    var old = document.getElementById("sitegen-overlay");
    var box = document.createElement("div");
    box.innerHTML = html;
    var fresh = box.firstElementChild;
    if (old) old.replaceWith(fresh); else document.body.appendChild(fresh);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-sitegen-dismiss]");
    var overlay = document.getElementById("sitegen-overlay");
    if (button && overlay) overlay.remove();
  });
  if (!window.EventSource) return;
  var source = new EventSource("/__sitegen__/events");
  source.addEventListener("hello", function (e) { if (Number(e.data) !== version) reload(); });
  source.addEventListener("reload", function () { reload(); });
  source.addEventListener("errors", function (e) {
    var data = JSON.parse(e.data);
    version = data.version;
    showOverlay(data.html);
  });
})();
"""


def sse_message(event: str, data: str) -> bytes:
    """One SSE frame; multi-line data is split over several `data:` lines, as the spec wants."""
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {event}\n{lines}\n".encode()


def inject(html: bytes, version: int, overlay: str = "") -> bytes:
    """Add the client script (and the overlay, if any) before `</body>`, or at the end."""
    return b"".join(injected(html, version, overlay))


TAIL = 64 * 1024  # where a page's `</body>` is looked for first: its end


def injected(html: bytes, version: int, overlay: str = "") -> tuple[bytes | memoryview, ...]:
    """`inject` as pieces to send one after another: the page is not copied (the board pack,
    `report.html`, is 15 MB at 1,000 sections), and its last `</body>` is looked for in its
    end first (a page ends with it)."""
    snippet = f'{overlay}<script src="{CLIENT_PATH}" data-version="{version}"></script>'.encode()
    start = max(0, len(html) - TAIL)
    at = html[start:].lower().rfind(b"</body>")
    at = start + at if at >= 0 else html.lower().rfind(b"</body>") if start else -1
    if at < 0:
        return html, snippet
    page = memoryview(html)
    return page[:at], snippet, page[at:]


class Mailbox:
    """One event stream's next frame: at most one is kept, the newest.

    A pending `reload` is never replaced by `errors`: the page must reload
    to show the newer good site, and the reloaded page carries the current
    overlay anyway (it is added to every page served). `None` from `take`
    means nothing came before the timeout; `closed` means the server stops.
    """

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._frame: bytes | None = None
        self._reload = False
        self.closed = False
        self.replaced = 0  # frames a slow reader never saw (newer ones took their place)

    def put(self, frame: bytes, reload: bool) -> None:
        with self._ready:
            if self._frame is not None:
                self.replaced += 1
                if self._reload and not reload:
                    return
            self._frame, self._reload = frame, reload
            self._ready.notify()

    def close(self) -> None:
        with self._ready:
            self.closed = True
            self._ready.notify()

    def take(self, timeout: float) -> bytes | None:
        with self._ready:
            self._ready.wait_for(lambda: self._frame is not None or self.closed, timeout)
            frame, self._frame, self._reload = self._frame, None, False
            return frame

    @property
    def pending(self) -> int:
        """Frames waiting: 0 or 1, however many rebuilds a stalled reader missed."""
        with self._ready:
            return int(self._frame is not None)


class EventHub:
    """Fan-out of server events to every open event stream (one mailbox per connection)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mailboxes: set[Mailbox] = set()
        self._closed = False
        self.version = 0
        self.overlay = ""  # non-empty while the plan has errors

    def subscribe(self) -> Mailbox:
        inbox = Mailbox()
        with self._lock:
            if self._closed:
                inbox.close()
            self._mailboxes.add(inbox)
        return inbox

    def unsubscribe(self, inbox: Mailbox) -> None:
        with self._lock:
            self._mailboxes.discard(inbox)

    def publish(self, event: str, data: str) -> None:
        frame = sse_message(event, data)
        with self._lock:
            for inbox in self._mailboxes:
                inbox.put(frame, reload=event == "reload")

    def reload(self) -> None:
        """A good rebuild: clear the overlay and reload every open page."""
        with self._lock:
            self.version += 1
            self.overlay = ""
        self.publish("reload", str(self.version))

    def errors(self, overlay: str, diagnostics: list[dict]) -> None:
        """A failed rebuild: show the overlay on every open page (no reload)."""
        with self._lock:
            self.version += 1
            self.overlay = overlay
        data = json.dumps({"version": self.version, "html": overlay, "diagnostics": diagnostics})
        self.publish("errors", data)

    def close(self) -> None:
        """Shutting down: end every event stream so its thread exits at once."""
        with self._lock:
            self._closed = True
            for inbox in self._mailboxes:
                inbox.close()

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._mailboxes)

    def pending(self) -> list[int]:
        """Frames waiting per open stream (each 0 or 1): what stalled readers hold in memory."""
        with self._lock:
            return [inbox.pending for inbox in self._mailboxes]
