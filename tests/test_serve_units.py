"""The pure parts of `serve`: the watcher's filter, request paths, injection, overlay, rebuilds."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sitegen.diagnostics import Diagnostic
from sitegen.load import PlanSources, load_sources
from sitegen.serve.livereload import CLIENT_PATH, EventHub, inject, sse_message
from sitegen.serve.overlay import overlay_html
from sitegen.serve.rebuild import Rebuilder, scan_folder
from sitegen.serve.server import content_type, host_allowed, site_file
from sitegen.serve.watcher import Change, Debouncer, Watcher, classify

PLAN_YAML = "title: Unit plan\nperiod:\n  start: 2027-01-01\n  end: 2027-12-31\n"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("goals.md", Change.PLAN),
        ("plan.yaml", Change.PLAN),
        ("reviews/actuals.csv", Change.PLAN),
        ("活动/上半年.md", Change.PLAN),
        ("notes.txt", Change.IGNORE),
        ("goals.md~", Change.IGNORE),
        ("4913", Change.IGNORE),
        (".goals.md.swp", Change.IGNORE),
        (".goals.md.swx", Change.IGNORE),
        (".#goals.md", Change.IGNORE),
        ("#goals.md#", Change.IGNORE),
        ("goals.md.tmp", Change.IGNORE),
        (".git/index", Change.IGNORE),
        (".hidden/goals.md", Change.IGNORE),
        ("", Change.IGNORE),
    ],
)
def test_classify_keeps_plan_files_and_drops_editor_noise(path: str, kind: Change) -> None:
    assert classify(path) is kind


def test_classify_folders_and_theme_files() -> None:
    assert classify("campaigns", is_dir=True) is Change.FOLDER
    assert classify(".trash", is_dir=True) is Change.IGNORE
    assert classify("templates/page.html", area="theme") is Change.THEME
    assert classify("static/.page.css.swp", area="theme") is Change.IGNORE


def test_a_burst_of_events_becomes_one_batch() -> None:
    debouncer = Debouncer(quiet=0.05, longest=5)
    for path in ("a.md", "a.md~", "b.md", "a.md"):
        debouncer.add(path, classify(path))
    assert debouncer.wait() == {"a.md": Change.PLAN, "b.md": Change.PLAN}
    closer = threading.Timer(0.05, debouncer.close)
    closer.start()
    assert debouncer.wait() is None


def test_a_burst_that_left_a_file_missing_takes_in_its_recreation() -> None:
    debouncer = Debouncer(quiet=0.01, longest=5)
    debouncer.add("a.md", Change.PLAN)  # an editor deleted a.md ...
    batch = debouncer.wait()
    later = threading.Timer(0.03, debouncer.add, args=("b.md", Change.PLAN))  # ... and writes again
    later.start()
    assert debouncer.extend(batch, quiet=0.2) == {"a.md": Change.PLAN, "b.md": Change.PLAN}
    assert debouncer.extend({}, quiet=0.01) == {}  # nothing more came
    debouncer.close()
    assert debouncer.extend({}, quiet=0.01) is None


def test_idle_says_whether_the_author_paused() -> None:
    debouncer = Debouncer(quiet=0.01, longest=5)
    assert debouncer.idle(0.02)  # nothing came
    threading.Timer(0.02, debouncer.add, args=("a.md", Change.PLAN)).start()
    assert not debouncer.idle(5)  # a save came: back to work at once
    assert debouncer.wait() == {"a.md": Change.PLAN}
    debouncer.close()
    assert not debouncer.idle(0.01)


def test_a_saved_file_in_a_folder_names_the_file_not_its_folder(tmp_path: Path) -> None:
    """A save names only the file, so the rebuild re-reads it without walking the plan; a folder
    made or removed is still a folder change (the walk then finds its files)."""
    plan = tmp_path / "plan"
    (plan / "regions").mkdir(parents=True)
    (plan / "regions" / "north.md").write_text("---\ntitle: North\n---\nOld.\n")
    seen: list[tuple[str, Change]] = []
    arrived = threading.Event()

    def on_change(path: str, kind: Change) -> None:
        seen.append((path, kind))
        if path == "later":
            arrived.set()

    watcher = Watcher(plan, [], on_change)
    watcher.start()
    try:
        (plan / "regions" / "north.md").write_text("---\ntitle: North\n---\nNew.\n")
        (plan / "later").mkdir()  # events arrive in order: this one comes after the save's
        assert arrived.wait(30)
    finally:
        watcher.stop()
    assert set(seen[: seen.index(("later", Change.FOLDER))]) == {
        ("regions/north.md", Change.PLAN)
    }


def test_lost_events_make_the_rebuild_look_everywhere(tmp_path: Path) -> None:
    """When the kernel drops events (watchdog's EventsLostEvent), no file is named: the plan is
    walked again (a folder change), or the theme reloaded."""
    plan, theme = tmp_path / "plan", tmp_path / "theme"
    plan.mkdir()
    theme.mkdir()
    seen: list[tuple[str, Change]] = []
    watcher = Watcher(plan, [theme], lambda path, kind: seen.append((path, kind)))
    watcher.lost(watcher.plan_dir)
    watcher.lost(watcher.theme_dirs[0])
    assert seen == [(".", Change.FOLDER), (str(theme.resolve()), Change.THEME)]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "strategy").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>home</body></html>")
    (root / "strategy" / "goals.html").write_text("goals")
    (root / "活动").mkdir()
    (root / "活动" / "上半年.html").write_text("h1")
    return root


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "index.html"),
        ("/index.html?x=1#top", "index.html"),
        ("/strategy/goals.html", "strategy/goals.html"),
        ("/%E6%B4%BB%E5%8A%A8/%E4%B8%8A%E5%8D%8A%E5%B9%B4.html", "活动/上半年.html"),
        ("/strategy/", None),
        ("/strategy/../index.html", None),
        ("/%2e%2e/x", None),
        ("/strategy%2fgoals.html", None),
        ("/strategy%5cgoals.html", None),
        ("//etc/passwd", None),
        ("/C:/Windows/win.ini", None),
        ("index.html", None),
        ("/%ff.html", None),
        ("/.sitegen-x", None),
    ],
)
def test_site_file_serves_only_files_inside_the_site(
    site: Path, target: str, expected: str | None
) -> None:
    found = site_file(site, target)
    assert (found.relative_to(site.resolve()).as_posix() if found else None) == expected


def test_symlinks_out_of_the_site_are_refused(site: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    (site / "link.txt").symlink_to(tmp_path / "secret.txt")
    (site / "inside.html").symlink_to(site / "index.html")
    assert site_file(site, "/link.txt") is None
    assert site_file(site, "/inside.html") is not None


def test_content_types_name_the_charset_of_text() -> None:
    assert content_type("calendar.ics") == "text/calendar; charset=utf-8"
    assert content_type("a.JS") == "text/javascript; charset=utf-8"
    assert content_type("plan.json") == "application/json; charset=utf-8"
    assert content_type("logo.svg") == "image/svg+xml"
    assert content_type("chart.png") == "image/png"
    assert content_type("x.unknown") == "application/octet-stream"


def test_inject_puts_the_client_before_the_last_closing_body() -> None:
    page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>"
    out = inject(page, 7, "<div id=o></div>")
    assert out.endswith(
        f'<div id=o></div><script src="{CLIENT_PATH}" data-version="7"></script></BODY></html>'.encode()
    )
    assert inject(b"no body", 1).startswith(b"no body<script")
    script = f'<script src="{CLIENT_PATH}" data-version="2"></script>'.encode()
    big = b"<html><body>" + b"<p>plan</p>" * 20_000  # the board pack is 15 MB
    assert inject(big + b"</body></html>", 2) == big + script + b"</body></html>"
    trailing = b"<!-- " + b"x" * 100_000 + b" -->"  # far from the end: still the last one
    assert inject(big + b"</Body>" + trailing, 2) == big + script + b"</Body>" + trailing
    assert inject(big, 2) == big + script


def test_sse_frames_split_lines_and_reach_every_subscriber() -> None:
    assert sse_message("reload", "3") == b"event: reload\ndata: 3\n\n"
    assert sse_message("x", "a\nb") == b"event: x\ndata: a\ndata: b\n\n"
    hub = EventHub()
    one, two = hub.subscribe(), hub.subscribe()
    hub.reload()
    assert one.take(0) == two.take(0) == b"event: reload\ndata: 1\n\n"
    hub.close()
    assert one.take(0) is None and one.closed


def test_a_slow_reader_gets_the_latest_state_not_a_backlog() -> None:
    hub = EventHub()
    slow = hub.subscribe()
    for _ in range(50):
        hub.reload()
    assert hub.pending() == [1]
    assert slow.take(0) == b"event: reload\ndata: 50\n\n" and slow.replaced == 49
    hub.errors("<div>x</div>", [])
    hub.errors("<div>y</div>", [])
    assert b'"version": 52' in slow.take(0)  # the newest overlay
    hub.reload()
    hub.errors("<div>z</div>", [])
    # The page must still reload (a newer good site); the reloaded page carries the overlay.
    assert slow.take(0).startswith(b"event: reload\n")
    assert slow.take(0) is None


@pytest.mark.parametrize(
    ("header", "bound", "allowed"),
    [
        ("localhost", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("LOCALHOST:8000", "127.0.0.1", True),
        ("127.0.0.1:8001", "127.0.0.1", True),
        ("[::1]:8000", "::1", True),
        ("[::1]", "127.0.0.1", True),
        ("plan.example:8000", "plan.example", True),
        ("evil.example", "127.0.0.1", False),
        ("evil.example:8000", "127.0.0.1", False),
        ("localhost.evil.example", "127.0.0.1", False),
        ("127.0.0.1.nip.io", "127.0.0.1", False),
        ("localhost:80@evil.example", "127.0.0.1", False),
        ("localhost/evil", "127.0.0.1", False),
        ("localhost:port", "127.0.0.1", False),
        ("192.168.1.5:8000", "127.0.0.1", False),
        ("192.168.1.5:8000", "0.0.0.0", True),  # on every interface: colleagues type an IP
        ("[fe80::1]:8000", "::", True),
        ("evil.example", "0.0.0.0", False),
        ("", "127.0.0.1", False),
        (None, "127.0.0.1", False),
    ],
)
def test_only_requests_naming_this_server_are_answered(
    header: str | None, bound: str, allowed: bool
) -> None:
    assert host_allowed(header, bound) is allowed


def test_overlay_lists_diagnostics_escaped_with_links_to_their_pages() -> None:
    diags = [
        Diagnostic("plan/goals.md", 14, 7, "error", "unknown-ref", "unknown segment '<b>x</b>'"),
        Diagnostic("plan/plan.yaml", 2, 1, "warning", "w", "a warning"),
    ]
    html = overlay_html(diags, {"plan/goals.md": "strategy/goals.html"}, files=3)
    assert '<a href="/strategy/goals.html">plan/goals.md:14:7</a>' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert html.index("goals.md") < html.index("plan.yaml")
    assert "1 error, 1 warning in 3 files" in html


def test_scan_reads_only_changed_files_and_sees_renames(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("b")
    (tmp_path / ".hidden.md").write_text("h")
    files, stats, _ = scan_folder(tmp_path, {}, {})
    assert list(files) == ["a.md", "sub/b.md"]
    again, _, _ = scan_folder(tmp_path, files, stats)
    assert again["a.md"] is files["a.md"]  # not read again
    (tmp_path / "sub").rename(tmp_path / "moved")
    moved, _, _ = scan_folder(tmp_path, again, stats, force=["a.md"])
    assert list(moved) == ["a.md", "moved/b.md"]
    assert moved["a.md"] is not files["a.md"]  # an event named it: read again


def test_the_load_cache_parses_each_content_once() -> None:
    section = b"---\ntitle: Goals\n---\nText\n"
    cache: dict = {}
    first, _ = load_sources(
        PlanSources({"plan.yaml": PLAN_YAML.encode(), "goals.md": section}), cache
    )
    second, _ = load_sources(
        PlanSources({"plan.yaml": PLAN_YAML.encode(), "goals.md": bytes(section)}), cache
    )
    assert second.sections[0] is first.sections[0]
    third, _ = load_sources(
        PlanSources({"plan.yaml": PLAN_YAML.encode(), "goals.md": section + b"more"}), cache
    )
    assert third.sections[0] is not first.sections[0] and "more" in third.sections[0].body


def test_a_failed_rebuild_keeps_the_last_good_site(tmp_path: Path) -> None:
    plan, out = tmp_path / "plan", tmp_path / "site"
    plan.mkdir()
    (plan / "plan.yaml").write_text(PLAN_YAML)
    rebuilder = Rebuilder(plan, out)
    good = rebuilder.rebuild()
    assert good.ok and "plan.json" in good.written
    before = (out / "plan.json").read_bytes()
    (plan / "plan.yaml").write_text("title: [broken\n")
    bad = rebuilder.rebuild(["plan.yaml"])
    assert not bad.ok and any(d.severity == "error" for d in bad.diagnostics)
    assert (out / "plan.json").read_bytes() == before
    (plan / "plan.yaml").write_text(PLAN_YAML)
    fixed = rebuilder.rebuild(["plan.yaml"])
    assert fixed.ok and fixed.written == ()  # same bytes as before: nothing rewritten


def _full_build(plan: Path, out: Path) -> dict[str, bytes]:
    Rebuilder(plan, out).rebuild()
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_prose_edit_rewrites_only_its_page_exactly_as_a_full_build_would(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text(PLAN_YAML)
    (plan / "overview.md").write_text("---\ntitle: Overview\n---\nFirst words.\n")
    (plan / "notes.md").write_text("---\ntitle: Notes\n---\nSee [the overview](overview.md).\n")
    rebuilder = Rebuilder(plan, tmp_path / "site")
    assert rebuilder.rebuild().ok
    (plan / "overview.md").write_text(
        "---\ntitle: Overview\n---\nFirst words, *revised*.\n\n## A new heading\n"
    )
    result = rebuilder.rebuild(["overview.md"])
    assert result.ok
    if not any(p.endswith(".html") for p in _full_build(plan, tmp_path / "check")):
        pytest.skip("the renderer writes no pages yet")
    # the search index holds the prose's words: it follows the edit; so does the board pack,
    # written when a browser asks for it (or the author pauses), not before the reload
    assert sorted(result.written) == ["overview.html", "search-index.js"]
    assert result.deferred == ("report.html",) and result.changed
    assert rebuilder.write_deferred("report.html") == ("report.html",)
    assert rebuilder.write_deferred("report.html") == ()  # written already: nothing to do
    assert _full_build(plan, tmp_path / "check") == _full_build(plan, tmp_path / "site-again")
    served = {
        p.relative_to(tmp_path / "site").as_posix(): p.read_bytes()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file()
    }
    assert served == _full_build(plan, tmp_path / "check")


def test_a_front_matter_edit_takes_the_full_path(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text(PLAN_YAML)
    (plan / "overview.md").write_text("---\ntitle: Overview\n---\nText.\n")
    rebuilder = Rebuilder(plan, tmp_path / "site")
    rebuilder.rebuild()
    (plan / "overview.md").write_text("---\ntitle: Big picture\n---\nText.\n")
    result = rebuilder.rebuild(["overview.md"])
    rebuilder.write_deferred()  # the board pack, as a browser asking for it gets it
    served = {
        p.relative_to(tmp_path / "site").as_posix(): p.read_bytes()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file()
    }
    assert result.ok and served == _full_build(plan, tmp_path / "check")
