"""The writer swaps a finished site in, or leaves the old one untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import sitegen.write as write_module
from sitegen.outdir import MARKER, MARKER_TEXT
from sitegen.site.engine.output import Output
from sitegen.write import WriteError, update_site, write_site, write_staged


def _tree(root: Path) -> dict[str, bytes]:
    """The site's files, without the marker every site carries (see the first test)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p != out)


def test_writes_nested_unicode_paths(tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = write_site(
        [
            Output.text("活动/上半年.html", "一"),
            Output("index.html", b"i"),
            Output("a/b/c.txt", b"c"),
        ],
        out,
    )
    assert _tree(out) == {"a/b/c.txt": b"c", "index.html": b"i", "活动/上半年.html": "一".encode()}
    assert report.written == ("a/b/c.txt", "index.html", "活动/上半年.html")
    assert (out / MARKER).read_bytes() == MARKER_TEXT  # the sign that sitegen may replace it
    assert _siblings(out) == []  # no temporary folders left behind
    assert os.stat(out).st_mode & 0o755 == 0o755


def test_replaces_previous_site_completely(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([Output("old.html", b"old"), Output("keep.html", b"1")], out)
    write_site([Output("keep.html", b"2")], out)
    assert _tree(out) == {"keep.html": b"2"}
    assert _siblings(out) == []


def test_identical_input_gives_identical_bytes(tmp_path: Path) -> None:
    outputs = [Output("b.html", b"b"), Output("a/x.json", b"{}")]
    write_site(outputs, tmp_path / "one")
    write_site(list(reversed(outputs)), tmp_path / "two")
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def test_refuses_two_outputs_at_one_path_and_keeps_old_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([Output("index.html", b"previous")], out)
    with pytest.raises(WriteError, match="two outputs at one path"):
        write_site([Output("index.html", b"a"), Output("index.html", b"b")], out)
    with pytest.raises(WriteError, match="two outputs"):
        write_site([Output("Goals.html", b"a"), Output("goals.html", b"b")], out)
    assert _tree(out) == {"index.html": b"previous"}
    assert _siblings(out) == []


@pytest.mark.parametrize("bad", ["/etc/passwd", "../x.html", "a//b", "a/./b", "a\\b", "", MARKER])
def test_refuses_paths_outside_the_site(tmp_path: Path, bad: str) -> None:
    with pytest.raises(WriteError):
        write_site([Output(bad, b"x")], tmp_path / "public")
    assert not (tmp_path / "public").exists()


def test_refuses_file_folder_clash(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="both a file and a folder"):
        write_site([Output("a", b"1"), Output("a/b.html", b"2")], tmp_path / "public")
    with pytest.raises(WriteError, match="both a file and a folder"):
        write_site([Output("A/b.html", b"2"), Output("a", b"1")], tmp_path / "public")
    assert not (tmp_path / "public").exists() and list(tmp_path.iterdir()) == []


def test_a_stream_that_fails_halfway_keeps_old_site(tmp_path: Path) -> None:
    """`sitegen build` writes pages while they are rendered: a failure after some were
    written leaves the previous site as it was and no staging folder behind."""
    out = tmp_path / "public"
    write_site([Output("index.html", b"previous")], out)

    def rendering():
        yield Output("index.html", b"new")
        yield Output("a/b.html", b"page")
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError, match="template failed"):
        write_site(rendering(), out)
    assert _tree(out) == {"index.html": b"previous"}
    assert _siblings(out) == []


def test_files_staged_by_the_producer_make_the_same_site(tmp_path: Path) -> None:
    """`sitegen build`'s page workers write their pages into the staging folder
    themselves; the site is the same as when the writer writes everything."""
    files = [Output("index.html", b"home"), Output("regions/emea/goals.html", b"g"),
             Output("regions/emea/index.html", b"e"), Output("zażółć.html", "ü".encode())]
    write_site(files, tmp_path / "plain")

    def produce(staging):
        yield files[0]
        yield from (staging.put(output) for output in files[1:])

    report = write_staged(produce, tmp_path / "staged")
    assert _tree(tmp_path / "staged") == _tree(tmp_path / "plain")
    assert sorted(report.written) == sorted(f.path for f in files)
    assert _siblings(tmp_path / "staged") == ["plain"]


@pytest.mark.parametrize(
    "first, second, message",
    [
        ("index.html", "index.html", "two outputs at one path"),
        ("Goals.html", "goals.html", "two outputs"),
        ("a", "a/b.html", "both a file and a folder"),
        ("A/b.html", "a", "both a file and a folder"),
    ],
)
def test_staged_files_are_refused_like_any_other(
    tmp_path: Path, first: str, second: str, message: str
) -> None:
    out = tmp_path / "public"
    write_site([Output("index.html", b"previous")], out)
    for staged_first in (True, False):
        for staged_second in (True, False):

            def produce(staging, stage_one=staged_first, stage_two=staged_second):
                one, two = Output(first, b"1"), Output(second, b"2")
                yield staging.put(one) if stage_one else one
                yield staging.put(two) if stage_two else two

            with pytest.raises(WriteError, match=message):
                write_staged(produce, out)
            assert _tree(out) == {"index.html": b"previous"}
            assert _siblings(out) == []


def test_failure_while_writing_keeps_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "public"
    write_site([Output("index.html", b"previous"), Output("x/y.html", b"y")], out)

    def explode(root: Path, outputs) -> list[str]:
        (root / "partial.html").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(write_module, "_write_stream", explode)
    with pytest.raises(OSError, match="disk full"):
        write_site([Output("index.html", b"new")], out)
    assert _tree(out) == {"index.html": b"previous", "x/y.html": b"y"}
    assert _siblings(out) == []


def test_failure_during_swap_restores_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "public"
    write_site([Output("index.html", b"previous")], out)
    real_rename = os.rename
    calls = []

    def flaky_rename(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        calls.append((src, dst))
        if len(calls) == 2:  # the new site moving into place
            raise OSError("rename failed")
        real_rename(src, dst)

    monkeypatch.setattr(write_module.os, "rename", flaky_rename)
    with pytest.raises(OSError, match="rename failed"):
        write_site([Output("index.html", b"new")], out)
    monkeypatch.undo()
    assert _tree(out) == {"index.html": b"previous"}
    assert _siblings(out) == []


def test_out_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "public").write_text("not a folder")
    with pytest.raises(WriteError):
        write_site([Output("index.html", b"x")], tmp_path / "public")


def test_update_site_writes_only_changed_files(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([Output("a.html", b"a"), Output("b.html", b"b"), Output("gone.html", b"g")], out)
    before = (out / "a.html").stat().st_ino
    report = update_site(
        [Output("a.html", b"a"), Output("b.html", b"B"), Output("n/c.html", b"c")], out
    )
    assert report.written == ("b.html", "n/c.html")
    assert report.unchanged == ("a.html",)
    assert (out / "a.html").stat().st_ino == before
    assert _tree(out) == {"a.html": b"a", "b.html": b"B", "gone.html": b"g", "n/c.html": b"c"}


def test_update_site_only_and_prune(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([Output("a.html", b"a"), Output("old/x.html", b"x")], out)
    report = update_site([Output("a.html", b"A"), Output("b.html", b"b")], out, only={"b.html"})
    assert report.written == ("b.html",) and (out / "a.html").read_bytes() == b"a"
    report = update_site([Output("a.html", b"A"), Output("b.html", b"b")], out, prune=True)
    assert report.removed == ("old/x.html",)
    assert _tree(out) == {"a.html": b"A", "b.html": b"b"}
    assert (out / MARKER).is_file()  # never pruned: the folder stays sitegen's
    assert not (out / "old").exists()


@pytest.mark.parametrize("path", ["../escape.html", "/etc/x.html", "a//b.html", ".sitegen-site"])
def test_a_bad_path_a_worker_was_given_is_refused_by_the_writer(tmp_path: Path, path: str) -> None:
    """A worker writes only paths that pass the checks; any other output comes back unwritten
    and the writer refuses it with its usual message, so each path is checked once."""
    out = tmp_path / "public"
    write_site([Output("index.html", b"previous")], out)
    with pytest.raises(WriteError, match="output path"):
        write_staged(lambda staging: [staging.put(Output(path, b"x"))], out)
    assert _tree(out) == {"index.html": b"previous"}
    assert not (tmp_path / "escape.html").exists()
