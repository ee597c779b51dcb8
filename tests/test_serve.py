"""`sitegen serve` as an author meets it: a real server, real saves, a real event stream.

Each test starts `python -m sitegen serve --port 0` on a small plan in
`tmp_path`, edits files the way editors do and watches what the browser
would see: the served pages, plan.json and the Server-Sent Events. Waits are
"eventually" with generous limits; nothing here asserts how fast it is
(that is `benchmarks/serve_latency.py`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from serving import OVERVIEW, PATIENCE, PLAN_YAML, EventStream, eventually, serve, write_plan

CAMPAIGNS = """\
---
title: Campaigns
kind: campaigns
campaigns:
  - id: spring-webinars
    name: Spring webinars
    type: marketing
    plane: prospecting
    start: 2027-03-01
    end: 2027-04-30
---
"""


def test_a_saved_edit_reloads_the_page_and_shows_the_new_numbers(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        assert site.plan_json()["title"] == "Preview plan"
        stream = EventStream(site.port)
        stream.next("hello")
        (site.plan / "plan.yaml").write_text(
            PLAN_YAML.replace("Preview plan", "Renamed plan"), encoding="utf-8"
        )
        stream.next("reload")
        assert eventually(lambda: site.plan_json()["title"] == "Renamed plan")
        assert eventually(lambda: re.search(r"Rebuilt \d+ pages? in \d+ ms", site.output))
        stream.close()


def test_a_save_that_changes_nothing_shown_does_not_reload_the_page(tmp_path: Path) -> None:
    """A comment or blank line in plan.yaml makes the same site: the open page stays as it is
    (no reload, so no lost scroll or half-typed search); the next real change reloads it."""

    def save(name: str, text: str) -> None:  # as editors save: whole, in one step
        temp = site.plan / f".{name}.tmp"
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, site.plan / name)

    def rebuilds() -> list[str]:
        return [line for line in site.lines if line.startswith("Rebuilt")]

    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        version = int(stream.next("hello"))
        save("overview.md", OVERVIEW + "A first sentence.\n")
        assert int(stream.next("reload")) == version + 1  # the board pack may not be written yet
        save("plan.yaml", PLAN_YAML + "\n# numbers agreed with finance\n")
        assert eventually(lambda: len(rebuilds()) == 2), site.output
        assert rebuilds()[-1].rstrip().endswith("(0 files written, 0 removed)")
        save("overview.md", OVERVIEW + "A second sentence.\n")
        assert int(stream.next("reload")) == version + 2  # the newest frame: a reload for the comment is +3
        page = site.text("/overview.html")
        assert "A second sentence." in page and f'data-version="{version + 2}"' in page
        stream.close()


def test_a_broken_edit_shows_the_overlay_over_the_last_good_site_and_the_fix_clears_it(
    tmp_path: Path,
) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        broken = "---\ntitle: Overview\nkind: goals\ngoals:\n  - id: g1\n    metric: revenue\n    tagret: 100\n---\n"
        (site.plan / "overview.md").write_text(broken, encoding="utf-8")
        errors = json.loads(stream.next("errors"))
        lines = [f"{d['path']}:{d['line']}:{d['column']}" for d in errors["diagnostics"]]
        assert any(line.endswith("overview.md:7:5") for line in lines), lines
        assert "sitegen-overlay" in errors["html"] and "tagret" in errors["html"]

        page = site.text("/")
        assert 'id="sitegen-overlay"' in page and "overview.md:7:5" in page
        assert site.plan_json()["title"] == "Preview plan"  # the last good site is still served
        assert eventually(lambda: "overview.md:7:5: error:" in site.output)  # the terminal says it too

        (site.plan / "overview.md").write_text(OVERVIEW, encoding="utf-8")
        stream.next("reload")
        assert "sitegen-overlay" not in site.text("/")
        stream.close()


def test_a_new_section_file_appears_in_the_site(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        folder = site.plan / "campaigns"
        folder.mkdir()
        (folder / "spring.md").write_text(CAMPAIGNS, encoding="utf-8")
        stream.next("reload")
        ids = [c["id"] for c in site.plan_json()["campaigns"]]
        assert ids == ["spring-webinars"]
        if (site.out / "index.html").exists():  # once pages are rendered: it is in the navigation
            assert "campaigns/spring.html" in site.text("/")
            assert "Spring webinars" in site.text("/campaigns/spring.html")

        (folder / "spring.md").rename(folder / "autumn.md")  # renamed: still one campaign
        eventually(lambda: not (site.out / "campaigns" / "spring.html").exists())
        assert [c["id"] for c in site.plan_json()["campaigns"]] == ["spring-webinars"]

        (folder / "autumn.md").unlink()
        folder.rmdir()
        eventually(lambda: site.plan_json()["campaigns"] == [])
        assert site.plan_json()["campaigns"] == []
        stream.close()


def test_editor_noise_and_atomic_saves_are_handled(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        # Vim-style: probe file, backup, write a temp file and rename it over the original.
        (site.plan / "4913").write_text("")
        (site.plan / "4913").unlink()
        (site.plan / ".overview.md.swp").write_bytes(b"\x00swap")
        temp = site.plan / ".overview.md.tmp"
        temp.write_text(OVERVIEW.replace("Overview", "Overview v2"), encoding="utf-8")
        os.replace(temp, site.plan / "plan.yaml.tmp")
        os.replace(site.plan / "plan.yaml.tmp", site.plan / "overview.md")
        (site.plan / "plan.yaml").write_text(
            PLAN_YAML.replace("Preview plan", "Atomic plan"), encoding="utf-8"
        )
        stream.next("reload")
        assert eventually(lambda: site.plan_json()["title"] == "Atomic plan")
        stream.close()


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"---\ntitle: !!python/object:os.system x\n---\n",
        b"---\n[unclosed\n",
        b"\x00" * 64,
    ],
    ids=["not-utf8", "yaml-tag", "bad-yaml", "binary"],
)
def test_nothing_an_author_types_stops_the_server(tmp_path: Path, content: bytes) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        (site.plan / "overview.md").write_bytes(content)
        stream.next("errors")
        assert site.proc.poll() is None
        assert site.plan_json()["title"] == "Preview plan"
        stream.close()


def test_only_files_inside_the_site_are_served(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve", encoding="utf-8")
    with serve(tmp_path) as site:
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "secret.txt").write_text("do not serve", encoding="utf-8")
        (site.out / "escape").symlink_to(outside, target_is_directory=True)
        (site.out / "escape.txt").symlink_to(secret)
        refused = [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/%2fetc%2fpasswd",
            "//etc/passwd",
            "/etc/passwd",
            str(secret),
            "/" + str(secret),
            "/escape/secret.txt",
            "/escape.txt",
            "/.sitegen-temp",
            "/plan.json%00.html",
            "secret.txt",
        ]
        for target in refused:
            status, _, body = site.get(target)
            assert status == 404, target
            assert b"do not serve" not in body

        status, headers, _ = site.get("/plan.json")
        assert status == 200 and headers["content-type"] == "application/json; charset=utf-8"
        status, headers, body = site.get("/__sitegen__/livereload.js")
        assert status == 200 and headers["content-type"].startswith("text/javascript")
        assert b"EventSource" in body


def test_pages_carry_the_reload_client_only_when_served(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        assert "/__sitegen__/livereload.js" in site.text("/")
        for page in site.out.rglob("*.html"):
            assert b"__sitegen__" not in page.read_bytes(), page  # the built files stay clean
            served = site.text("/" + page.relative_to(site.out).as_posix())
            assert "/__sitegen__/livereload.js" in served


def test_ctrl_c_stops_the_server_cleanly_with_exit_code_0(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)  # an open event stream must not hold the server up
        stream.next("hello")
        site.proc.send_signal(signal.SIGINT)
        assert site.proc.wait(PATIENCE) == 0
        eventually(lambda: "Stopped." in site.output)
        assert "Traceback" not in site.output
        stream.close()


def test_a_port_in_use_moves_to_the_next_free_one(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    plan = write_plan(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--plan", str(plan), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Serving plan" in line:
                break
        output = "".join(lines)
        assert f"Port {port} is in use; using " in output, output
        assert f"127.0.0.1:{port}/" not in output
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(PATIENCE) == 0
        taken.close()


def test_a_missing_plan_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "serve", "--plan", str(tmp_path / "nope"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert result.returncode == 1
    assert "plan folder" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr
