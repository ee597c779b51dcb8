"""Fixtures for sitegen's browser (end-to-end) tests.

Fixtures (all Playwright sync API):
  browser_context  session  one context shared by the tests (1280x900): headless Debian
                            chromium (/usr/bin/chromium) with a profile of its own
  browser          session  its browser (browser.new_context() for a context of one's own)
  page             function a RecordingPage: records console errors, page errors,
                            failed requests; records non-localhost requests (which
                            fail: chromium's only way out is a dead proxy)
  serve_dir        session  serve_dir(path) -> "http://127.0.0.1:PORT/" (threaded
                            http.server, shut down at session end, cached per path)
  built_sites      session  {"en"|"pl"|"zh": BuiltSite}, built once with
                            `python -m sitegen build --plan DIR --out TMP`
  built_site       function parametrised over en/pl/zh; fails with the build's
                            output when the build failed
  on_width         function on_width(width, url, scheme="light"): the page open in a context
                            of its own that wide (844 px high), in that colour scheme, its
                            charts drawn; `page.errors`: script errors it logged
  vnu_started      session  a Future of vnu_check() over every built site's pages,
                            started in the background (the JVM runs while the
                            browser crawls)
  crawl            function the built_site's crawl.SiteCrawl: every page loaded once
                            over HTTP and once from file://; all sites are crawled in
                            ONE child process (its own Chromium), started as soon as
                            the sites are built when a selected test needs it
Tests that read `crawl` run last, so the interactive tests run while it works.
Functions in .helpers: axe_check(page), vnu_check(paths), screenshot(page, name),
external_refs(html), format_axe(...), format_vnu(...).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .crawl import SiteCrawl, crawl_sites
from .helpers import (
    ROOT,
    RecordingPage,
    StaticServer,
    ToolMissing,
    launch_browser,
    new_recording_page,
    require_tools,
    vnu_check,
    wait_for_charts,
)

# Example plans built by `built_sites`: name -> plan directory (relative to repo root).
SITE_PLANS: dict[str, str] = {"en": "plan", "pl": "examples/pl", "zh": "examples/zh"}
BUILD_TIMEOUT = float(os.environ.get("SITEGEN_E2E_BUILD_TIMEOUT", "600"))


# Session results made in the background: which of them the selected tests read.
_BACKGROUND = ("crawl", "vnu_errors")
_NEEDED = pytest.StashKey[set[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: end-to-end tests in a real browser (chromium, axe-core, vnu)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that read the crawl or vnu's report go last (stable order otherwise):
    both work in the background meanwhile. Note which of them are needed at all."""
    needed: set[str] = set()
    late = []
    for item in items:
        names = set(getattr(item, "fixturenames", ())) & set(_BACKGROUND)
        if names:
            needed |= names
            late.append(item)
    config.stash[_NEEDED] = needed
    if late:
        chosen = set(late)
        items[:] = [i for i in items if i not in chosen] + late


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    try:
        require_tools(chromium=True)
    except ToolMissing as exc:
        pytest.fail(f"e2e tool chain incomplete: {exc}", pytrace=False)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        ctx = launch_browser(pw, tmp_path_factory.mktemp("chromium-profile"))
    except Exception as exc:
        pw.stop()
        pytest.fail(f"could not launch chromium via Playwright: {exc}", pytrace=False)
    try:
        yield ctx
    finally:
        ctx.close()
        pw.stop()


@pytest.fixture(scope="session")
def browser(browser_context) -> object:
    """The browser of `browser_context`, for tests that need a context of their own."""
    return browser_context.browser


@pytest.fixture
def page(browser_context) -> Iterator[RecordingPage]:
    """A fresh recording page; see helpers.RecordingPage.

    Safety net: if an external request is still recorded when the test ends
    (not consumed with `page.reset()`), the test errors at teardown.
    """
    rp = new_recording_page(browser_context)
    try:
        yield rp
    finally:
        leaked = list(rp.problems.external_requests)
        rp.close()
    if leaked:
        pytest.fail(f"page made requests outside 127.0.0.1/localhost: {leaked}", pytrace=False)


@pytest.fixture
def on_width(browser):
    """on_width(width, url, scheme="light"): the page open in a window that wide, in that colour
    scheme (prefers-color-scheme), its charts drawn; the page's `errors` are the script errors
    it logged."""
    contexts = []

    def open_at(width: int, url: str, scheme: str = "light") -> object:
        context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        wait_for_charts(page)
        page.errors = errors
        return page

    yield open_at
    for context in contexts:
        context.close()


# --------------------------------------------------------------------------
# Static servers
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[str | os.PathLike[str]], str]]:
    """serve_dir(path) -> base URL ending in '/'; one server per directory."""
    servers: dict[Path, StaticServer] = {}

    def _serve(path: str | os.PathLike[str]) -> str:
        key = Path(path).resolve()
        if key not in servers:
            servers[key] = StaticServer(key)
        return servers[key].url

    try:
        yield _serve
    finally:
        for server in servers.values():
            server.close()


# --------------------------------------------------------------------------
# Built example sites
# --------------------------------------------------------------------------


@dataclass
class BuiltSite:
    name: str
    plan: Path
    out: Path
    cmd: list[str]
    returncode: int | None = None
    output: str = ""
    error: str | None = None  # why the site can't be tested; None = built fine
    seconds: float = 0.0
    base_url: str = ""  # set by the built_site fixture (served from a sub-path)
    html_files: list[str] = field(default_factory=list)  # relative POSIX paths, sorted

    def url(self, rel: str = "index.html") -> str:
        return self.base_url + rel

    def path(self, rel: str) -> Path:
        return self.out / rel


def _build_all(root_out: Path) -> dict[str, BuiltSite]:
    """Build every example plan concurrently (one process each)."""
    sites: dict[str, BuiltSite] = {}
    procs: dict[str, tuple[subprocess.Popen, float]] = {}
    for name, plan in SITE_PLANS.items():
        plan_dir = ROOT / plan
        out = root_out / name
        cmd = [sys.executable, "-m", "sitegen", "build", "--plan", str(plan_dir), "--out", str(out)]
        site = BuiltSite(name=name, plan=plan_dir, out=out, cmd=cmd)
        sites[name] = site
        if not (plan_dir / "plan.yaml").is_file():
            site.error = f"example plan {plan}/ has no plan.yaml (not written yet?)"
            continue
        procs[name] = (
            subprocess.Popen(
                cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            ),
            time.monotonic(),
        )
    for name, (proc, started) in procs.items():
        site = sites[name]
        try:
            site.output, _ = proc.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            site.output, _ = proc.communicate()
            site.error = f"`sitegen build` timed out after {BUILD_TIMEOUT:.0f}s"
            continue
        site.seconds = time.monotonic() - started
        site.returncode = proc.returncode
        if proc.returncode != 0:
            site.error = f"`sitegen build` exited with {proc.returncode}"
        elif not (site.out / "index.html").is_file():
            site.error = "`sitegen build` succeeded but wrote no index.html"
        else:
            site.html_files = sorted(
                p.relative_to(site.out).as_posix() for p in site.out.rglob("*.html")
            )
    return sites


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltSite]:
    """All example sites, built once per session (failures recorded, not raised)."""
    return _build_all(tmp_path_factory.mktemp("sites"))


@pytest.fixture(scope="session")
def sites_base_url(built_sites, serve_dir) -> str:
    """One server for the folder holding every built site: each site is then
    served from a sub-path (/en/, /pl/, /zh/), as the format requires to work."""
    root = next(iter(built_sites.values())).out.parent
    return serve_dir(root)


@pytest.fixture(params=list(SITE_PLANS))
def built_site(request, built_sites, sites_base_url, _background) -> BuiltSite:
    site = built_sites[request.param]
    if site.error:
        tail = "\n".join(site.output.strip().splitlines()[-25:]) or "    (none)"
        pytest.fail(
            f"site {site.name!r} could not be built from {site.plan.relative_to(ROOT)}/: "
            f"{site.error}\n  command: {' '.join(site.cmd)}\n  output (last lines):\n{tail}",
            pytrace=False,
        )
    site.base_url = f"{sites_base_url}{site.name}/"
    return site


@pytest.fixture(scope="session")
def vnu_started(built_sites) -> Iterator[Future]:
    """vnu over every built site's pages in ONE JVM, run in a background thread
    (a plain subprocess, no Playwright) so that it overlaps the browser work."""
    files = [s.path(rel) for s in built_sites.values() if not s.error for rel in s.html_files]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnu") as pool:
        yield pool.submit(vnu_check, files)


@pytest.fixture(scope="session")
def _background(request, built_sites) -> None:
    """Start the crawl and vnu as soon as the sites are built, if selected tests read them."""
    needed = request.config.stash.get(_NEEDED, set())
    if "crawl" in needed:
        request.getfixturevalue("_site_crawls")
    if "vnu_errors" in needed:
        request.getfixturevalue("vnu_started")


@pytest.fixture(scope="session")
def _site_crawls(built_sites) -> Iterator[Future]:
    """The crawl of every built site (crawl.crawl_sites) in one child process."""
    sites = [s for s in built_sites.values() if not s.error]
    root = next(iter(built_sites.values())).out.parent
    # spawn, not fork: this process already runs threads (servers, Playwright).
    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        yield pool.submit(crawl_sites, sites, root)


@pytest.fixture
def crawl(built_site, _site_crawls) -> SiteCrawl:
    return _site_crawls.result()[built_site.name]
