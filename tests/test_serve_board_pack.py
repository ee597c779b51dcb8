"""The board pack in `sitegen serve`: a save does not wait for it, a browser still gets it whole.

`report.html` holds every section (15 MB at 1,000 sections), so a prose save
leaves it for later: the reload goes out first, and the page is written when a
browser asks for it (or once the author pauses). What the browser gets is what
`sitegen build` writes of the same plan, byte for byte.
"""

from __future__ import annotations

import re
import signal
import threading
import urllib.request
from pathlib import Path

from serving import PATIENCE, EventStream, serve, write_plan

from sitegen.cli import main
from sitegen.serve.livereload import EventHub
from sitegen.serve.rebuild import Rebuilder
from sitegen.serve.server import bind

_CLIENT = re.compile(rb'<script src="/__sitegen__/livereload\.js" data-version="\d+"></script>')


def _as_built(plan: Path, out: Path) -> bytes:
    assert main(["build", "--plan", str(plan), "--out", str(out)]) == 0
    return (out / "report.html").read_bytes()


def _without_client(served: bytes) -> bytes:
    """The page as on disk: `serve` adds its reload client to every page it sends."""
    return _CLIENT.sub(b"", served, count=1)


def test_after_a_save_the_board_pack_a_browser_gets_is_the_built_one(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        (site.plan / "overview.md").write_text(
            "---\ntitle: Overview\n---\nThe plan in one page.\n\nA sentence added while serving.\n",
            encoding="utf-8",
        )
        stream.next("reload")
        status, _, body = site.get("/report.html")
        stream.close()
        assert status == 200 and b"A sentence added while serving." in body
        assert _without_client(body) == _as_built(site.plan, tmp_path / "built")


def test_a_save_leaves_the_board_pack_on_disk_until_a_browser_asks_for_it(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = tmp_path / "site"
    rebuilder = Rebuilder(plan, out)
    assert rebuilder.rebuild().ok
    before = (out / "report.html").read_bytes()
    (plan / "overview.md").write_text("---\ntitle: Overview\n---\nWords saved later.\n", encoding="utf-8")
    result = rebuilder.rebuild(["overview.md"], complete=True)
    assert result.ok and "overview.html" in result.written and result.deferred == ("report.html",)
    assert (out / "report.html").read_bytes() == before  # not written before the reload
    server, _ = bind("127.0.0.1", 0, out, EventHub(), before_read=rebuilder.write_deferred)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/report.html"
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            served = _without_client(response.read())
    finally:
        server.shutdown()
        server.server_close()
    assert b"Words saved later." in served
    assert served == (out / "report.html").read_bytes() == _as_built(plan, tmp_path / "built")
    assert rebuilder.deferred == {}  # written once: the next request reads the file


def test_a_folder_given_with_out_holds_the_built_board_pack_once_serve_stops(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        (site.plan / "overview.md").write_text("---\ntitle: Overview\n---\nSaved, never opened.\n", encoding="utf-8")
        stream.next("reload")
        stream.close()
        site.proc.send_signal(signal.SIGINT)
        assert site.proc.wait(PATIENCE) == 0
        assert (site.out / "report.html").read_bytes() == _as_built(site.plan, tmp_path / "built")
