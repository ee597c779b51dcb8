"""Helpers for sitegen's browser (end-to-end) tests.

Everything here is plain functions and small classes so that it can be used
outside pytest too; `conftest.py` wraps them in fixtures.

Tool chain (installed by ./scripts/test.sh):
  * Debian's chromium at /usr/bin/chromium (override: SITEGEN_CHROMIUM),
    driven by Playwright's sync API (Playwright's own browser download is not
    used);
  * axe-core from node_modules (accessibility);
  * vnu-jar from node_modules, run with the system `java` (HTML validation).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium"))

# A loopback port nothing listens on (9: "discard"; unprivileged tests cannot bind it).
DEAD_PROXY_PORT = 9

# Closed network: without these chromium keeps trying to reach Google services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # One renderer per site for all tabs: a new tab reuses the process that has
    # already compiled Plotly and loaded the fonts, instead of starting cold
    # (about 1.5 s per test on a 2-core machine).
    "--process-per-site",
    # No request leaves the machine: everything but loopback (which Chromium never
    # proxies) goes to a proxy that is not there and fails at once. RecordingPage
    # records each such request; unlike page.route() this keeps Chromium's HTTP
    # cache, so a page's scripts (Plotly: 4.8 MB) are not fetched and compiled
    # again on every page of the suite.
    f"--proxy-server=http://127.0.0.1:{DEAD_PROXY_PORT}",
]

# Every browser context of the suite: a desktop window, no service workers.
CONTEXT_OPTIONS: dict[str, Any] = {
    "viewport": {"width": 1280, "height": 900},
    "service_workers": "block",
}

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Schemes that never leave the machine.
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about", "chrome", "chrome-extension"})

INSTALL_HINT = "run ./scripts/test.sh, which installs it"


class ToolMissing(RuntimeError):
    """A tool the e2e suite needs is not installed."""


def require_tools(*, chromium: bool = False, axe: bool = False, vnu: bool = False) -> None:
    """Raise ToolMissing with a clear message when a needed tool is absent."""
    problems = []
    if chromium and not CHROMIUM.exists():
        problems.append(
            f"chromium not found at {CHROMIUM} (apt-get install chromium; {INSTALL_HINT})"
        )
    if axe and not AXE_JS.exists():
        problems.append(f"axe-core not found at {AXE_JS} (npm ci; {INSTALL_HINT})")
    if vnu:
        if not VNU_JAR.exists():
            problems.append(f"vnu.jar not found at {VNU_JAR} (npm ci; {INSTALL_HINT})")
        if shutil.which("java") is None:
            problems.append(
                f"java not found on PATH (apt-get install default-jre-headless; {INSTALL_HINT})"
            )
    if problems:
        raise ToolMissing("; ".join(problems))


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


def launch_browser(playwright: Any, profile: str | os.PathLike[str]) -> Any:
    """Launch headless Debian chromium through Playwright with a fresh profile in the
    empty folder `profile`; returns its context (CONTEXT_OPTIONS; `.browser` for others).

    A profile on disk, not an incognito context (`browser.new_context()`): only a
    profile keeps V8's code cache, so Plotly's 4.8 MB is compiled on its first two
    pages and read compiled on every later one (0.2 s instead of 2 s a page here).
    """
    require_tools(chromium=True)
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        chromium_sandbox=False,
        args=CHROMIUM_ARGS,
        **CONTEXT_OPTIONS,
    )


# --------------------------------------------------------------------------
# Static file server
# --------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# SimpleHTTPRequestHandler guesses from mimetypes; make sure modern assets are right.
_QuietHandler.extensions_map = {
    **SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}


class StaticServer:
    """A threaded http.server serving one directory on 127.0.0.1:<ephemeral>."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory).resolve()
        if not self.directory.is_dir():
            raise FileNotFoundError(f"cannot serve {self.directory}: not a directory")
        handler = functools.partial(_QuietHandler, directory=str(self.directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name=f"serve:{self.directory.name}", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


@contextlib.contextmanager
def serve_directory(directory: str | os.PathLike[str]) -> Iterator[str]:
    """Serve `directory` in a background thread; yields the base URL (ends with '/')."""
    server = StaticServer(directory)
    try:
        yield server.url
    finally:
        server.close()


# --------------------------------------------------------------------------
# Recording page
# --------------------------------------------------------------------------


def is_local_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class PageProblems:
    """What went wrong while a page was open (since the last reset)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.console_errors
            or self.page_errors
            or self.failed_requests
            or self.external_requests
        )

    def format(self) -> str:
        lines = []
        for label, items in (
            ("external requests (blocked)", self.external_requests),
            ("failed requests", self.failed_requests),
            ("uncaught page errors", self.page_errors),
            ("console errors", self.console_errors),
        ):
            for item in items:
                lines.append(f"  {label}: {item}")
        return "\n".join(lines)


class RecordingPage:
    """A Playwright Page that records console errors, uncaught exceptions,
    failed requests (network failure or HTTP status >= 400), and every request
    to a host other than 127.0.0.1/localhost (which fails: the browser's only
    way out is the dead proxy of CHROMIUM_ARGS).

    Attribute access falls through to the wrapped Page, so `rp.goto(...)`,
    `rp.locator(...)` etc. work; `rp.page` is the raw Page.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems = PageProblems()
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)
        page.on("requestfailed", self._on_requestfailed)
        page.on("response", self._on_response)
        page.on("request", self._on_request)

    # -- event handlers
    def _on_request(self, request: Any) -> None:
        if not is_local_url(request.url):
            self.problems.external_requests.append(request.url)

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = loc.get("url", "")
            if where:
                where = f" ({where}:{loc.get('lineNumber', 0)})"
            self.problems.console_errors.append(f"{msg.text}{where}")

    def _on_pageerror(self, error: Any) -> None:
        self.problems.page_errors.append(str(error))

    def _on_requestfailed(self, request: Any) -> None:
        if request.url in self.problems.external_requests:
            return  # already recorded as external (the dead proxy failed it)
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/assets/favicon.svg"):
            # Chromium fetches the favicon after the load event, outside the
            # page's lifecycle; going on to the next page cancels it. A missing
            # favicon still shows up as an HTTP 404 below.
            return
        self.problems.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.failed_requests.append(f"{response.url}: HTTP {response.status}")

    # -- API
    def reset(self) -> PageProblems:
        """Forget recorded problems; returns what was recorded before."""
        old, self.problems = self.problems, PageProblems()
        return old

    def visit(self, url: str, *, wait_until: str = "load") -> PageProblems:
        """Reset, navigate to `url`, let the page settle; return its problems."""
        self.reset()
        self.page.goto(url, wait_until=wait_until)  # HTTP errors: recorded by _on_response
        settle(self.page)
        return self.problems

    def assert_clean(self, what: str = "") -> None:
        if self.problems:
            where = what or self.page.url
            raise AssertionError(f"problems on {where}:\n{self.problems.format()}")

    def close(self) -> None:
        self.page.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


def new_recording_page(context_or_browser: Any) -> RecordingPage:
    """Open a new page (in a browser or a browser context) that records problems."""
    page = context_or_browser.new_page()
    page.set_default_timeout(30_000)
    return RecordingPage(page)


def settle(page: Any) -> None:
    """Wait two animation frames so scripts that draw after load (charts) have run."""
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"
    )


def _raw(page: Any) -> Any:
    return page.page if isinstance(page, RecordingPage) else page


# --------------------------------------------------------------------------
# Screenshots
# --------------------------------------------------------------------------


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of `page` as test-artifacts/screenshots/<name>.png; returns the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_") or "page"
    if not safe.endswith(".png"):
        safe += ".png"
    path = SCREENSHOTS / safe
    _raw(page).screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------
# axe-core
# --------------------------------------------------------------------------

SEVERE_IMPACTS = ("serious", "critical")


def axe_check(
    page: Any, *, impacts: Iterable[str] = SEVERE_IMPACTS, options: dict | None = None
) -> list[dict]:
    """Run axe-core on the current document; return violations whose impact is
    in `impacts` (default: serious and critical).

    Each violation is axe's dict (id, impact, help, helpUrl, nodes[...]).
    """
    require_tools(axe=True)
    raw = _raw(page)
    if not raw.evaluate("() => typeof window.axe !== 'undefined'"):
        raw.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    opts = {"resultTypes": ["violations"], **(options or {})}
    result = raw.evaluate("async (opts) => await window.axe.run(document, opts)", opts)
    wanted = set(impacts)
    return [v for v in result["violations"] if v.get("impact") in wanted]


def format_axe(violations: list[dict], *, max_nodes: int = 5) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v.get('impact')}] {v['id']}: {v.get('help', '')}")
        for node in v.get("nodes", [])[:max_nodes]:
            lines.append(
                f"      at {node.get('target')}: {node.get('failureSummary', '').strip()[:200]}"
            )
        extra = len(v.get("nodes", [])) - max_nodes
        if extra > 0:
            lines.append(f"      ... and {extra} more nodes")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# vnu (Nu Html Checker)
# --------------------------------------------------------------------------


def vnu_check(paths: Iterable[str | os.PathLike[str]], *, timeout: float = 600) -> list[dict]:
    """Validate HTML files with ONE `java -jar vnu.jar --errors-only --format json`
    call; return the error messages (vnu's dicts, with "path" added).

    `paths` may include directories (vnu then checks the HTML files in them).
    Raises RuntimeError if vnu itself fails (not merely finds errors).
    """
    require_tools(vnu=True)
    files = [str(Path(p).resolve()) for p in paths]
    if not files:
        return []
    cmd = [
        "java",
        "-Xss1024k",
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--skip-non-html",
        "--format",
        "json",
        *files,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    report = None
    for stream in (proc.stderr, proc.stdout):
        text = stream.strip()
        start = text.find("{")
        if start == -1:
            continue
        try:
            report = json.loads(text[start:])
            break
        except json.JSONDecodeError:
            continue
    if report is None or proc.returncode not in (0, 1):
        raise RuntimeError(
            f"vnu failed (exit {proc.returncode}): {' '.join(cmd[:6])} ...\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}"
        )
    errors = []
    for msg in report.get("messages", []):
        if msg.get("type") in ("error", "non-document-error"):
            url = msg.get("url", "")
            msg["path"] = url[len("file:") :] if url.startswith("file:") else url
            errors.append(msg)
    return errors


def format_vnu(errors: list[dict], *, relative_to: Path | None = None) -> str:
    lines = []
    for e in errors:
        path = e.get("path", "")
        if relative_to is not None:
            with contextlib.suppress(ValueError):
                path = str(Path(path).relative_to(relative_to))
        lines.append(
            f"  {path}:{e.get('lastLine', '?')}:{e.get('firstColumn', '?')}: {e.get('message')}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Static scan for external resources
# --------------------------------------------------------------------------

# Attributes that make the browser fetch something (anchors don't).
_FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_FETCHING_LINK_RELS = {
    "stylesheet",
    "preconnect",
    "dns-prefetch",
    "preload",
    "prefetch",
    "modulepreload",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "prerender",
}
_CSS_URL = re.compile(r"""url\(\s*['"]?(https?:)?//""", re.I)


class _ExternalRefScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    @staticmethod
    def _external(value: str) -> bool:
        v = value.strip().lower()
        return v.startswith(("http://", "https://", "//", "ws://", "wss://"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        names = _FETCHING.get(tag, ())
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & _FETCHING_LINK_RELS:
                names = ("href",)
        for name in names:
            for candidate in a.get(name, "").split(","):
                candidate = candidate.strip().split(" ")[0] if name == "srcset" else candidate
                if candidate and self._external(candidate):
                    self.found.append(f"<{tag} {name}={candidate!r}>")
        if _CSS_URL.search(a.get("style", "")):
            self.found.append(f"<{tag} style=...url(external)>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_URL.search(data):
            self.found.append("<style> url(external)")


def external_refs(html: str) -> list[str]:
    """Resource references in `html` that would load from another host."""
    scanner = _ExternalRefScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


# --------------------------------------------------------------------------
# Charts, locale numbers, colours (test_charts, test_schemes, test_navigation)
# --------------------------------------------------------------------------

MESSAGES_DIR = ROOT / "sitegen" / "site" / "engine" / "messages"

# True once every chart on the page is drawn (Plotly's SVG is there) or has
# given up visibly (its fallback note is shown).
_CHARTS_SETTLED_JS = """() => [...document.querySelectorAll('figure.sg-chart')].every(f =>
  f.querySelector('.sg-chart-plot svg.main-svg') || !f.querySelector('.sg-chart-fallback').hidden)"""

# A chart's mode bar: every button (its title, what it sets, any link) and where
# Plotly would upload the figure to (`plotlyServerURL`, "" when nowhere).
_TOOLBAR_JS = """figure => {
  const plot = figure.querySelector('.sg-chart-plot');
  return {
    buttons: [...figure.querySelectorAll('.modebar-btn')].map(b => ({
      title: b.getAttribute('data-title') || b.getAttribute('title') || '',
      attr: b.getAttribute('data-attr'),
      val: b.getAttribute('data-val'),
      href: (b.closest('a[href]') || {}).href || null,
      target: b.getAttribute('target'),
    })),
    server: plot && plot._context ? plot._context.plotlyServerURL : null,
  };
}"""

# One dict per chart container: what was drawn and what its data table says.
_CHART_REPORT_JS = """() => [...document.querySelectorAll('figure.sg-chart, figure.sg-chart-tile')].map(f => {
  const toolbarOf = """ + _TOOLBAR_JS + """;
  const plot = f.querySelector('.sg-chart-plot');
  const table = f.querySelector('details.sg-chart-data table');
  const text = el => el.textContent.replace(/\\s+/g, ' ').trim();
  const layout = plot && plot._fullLayout;
  return {
    id: f.id,
    tile: f.classList.contains('sg-chart-tile'),
    value: (f.querySelector('.sg-bignum') || {}).textContent || null,
    caption: text(f.querySelector('figcaption') || f),
    svgs: plot ? plot.querySelectorAll('svg.main-svg').length : 0,
    marks: [...f.querySelectorAll('g.trace, g.hm')].map(t =>
      t.querySelectorAll('g.point path, path.point, path.js-line, path.js-fill, image, g.textpoint text').length),
    fallback_shown: !!f.querySelector('.sg-chart-fallback:not([hidden])'),
    headers: table ? [...table.querySelectorAll('thead th')].map(text) : [],
    rows: table ? [...table.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(text)) : [],
    font_color: layout ? layout.font.color : null,
    tick_fill: (() => { const t = f.querySelector('.xtick text, .ytick text');
                        return t ? getComputedStyle(t).fill : null; })(),
    toolbar: toolbarOf(f),
  };
})"""


def wait_for_charts(page: Any, *, timeout: float = 30_000) -> None:
    """Wait until every chart on the page is drawn (or shows its fallback)."""
    _raw(page).wait_for_function(_CHARTS_SETTLED_JS, timeout=timeout)
    settle(_raw(page))


def chart_reports(page: Any) -> list[dict]:
    """Every `figure.sg-chart` (and `figure.sg-chart-tile`: a big number in a chart's place, `tile`
    true, `value` its text) on the page: id, caption, how many Plotly SVGs
    and marks per trace it drew, its data table's headers and rows (cell
    text, read from the DOM even while the <details> is closed), the
    chart's font colour, and its mode bar (`toolbar`: buttons and upload URL)."""
    return _raw(page).evaluate(_CHART_REPORT_JS)


@functools.cache
def period_text(label: str, language: str) -> str:
    """A period of plan.json (`2027-Q1`) as the site writes it in `language` (`Q1 2027`)."""
    from sitegen.model.period import parse_period
    from sitegen.site.engine.formatter import Formatter

    period = parse_period(label)
    return Formatter(language, "USD").period(period) if period is not None else label


def site_messages(language: str) -> dict[str, str]:
    """The site's own labels for `language` (what the renderer translates with)."""
    return json.loads((MESSAGES_DIR / f"{language}.json").read_text(encoding="utf-8"))


_DECIMAL_MARK = {"pl": ","}
_NUMBER_NOISE = re.compile(r"[^\d.\-]")


def parse_number(text: str, language: str) -> Decimal | None:
    """A number as the site prints it for `language` → Decimal (None if blank/—).

    en/zh: `$1,234.50`, `¥1,234`, `45%`; pl: `1 234,50 zł` with NBSP or
    narrow NBSP as the thousands separator. Currency signs, `%` and
    separators are dropped; a percentage stays in percent (`45%` → 45).
    """
    value = text.strip().replace("\u2212", "-")
    if _DECIMAL_MARK.get(language) == ",":
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", "")
    value = _NUMBER_NOISE.sub("", value).strip(".")
    if not value or value == "-":
        return None
    return Decimal(value)


_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)")


def relative_luminance(css_color: str) -> float:
    """WCAG relative luminance (0 black … 1 white) of `rgb(...)`/`rgba(...)`/`#rrggbb`."""
    color = css_color.strip()
    if color.startswith("#") and len(color) in (4, 7):
        digits = color[1:] if len(color) == 7 else "".join(c * 2 for c in color[1:])
        channels = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    else:
        match = _RGB.match(color)
        if not match:
            raise ValueError(f"not a colour I can read: {css_color!r}")
        channels = [float(c) for c in match.groups()]

    def linear(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio (1 … 21) of two CSS colours (`rgb(...)`, `#rrggbb`)."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
