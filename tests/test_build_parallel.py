"""A big plan renders on every core, and the site is the same bytes as a one-process build.

Parallel rendering must never show in the output: a user comparing two
builds of one plan (or CI caching a site) relies on byte-identical trees.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan  # noqa: E402
from sitegen.site.engine import parallel  # noqa: E402


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(plan: Path, out: Path, jobs: str, run_module) -> dict[str, bytes]:
    code, _, err = run_module("build", "--plan", str(plan), "--out", str(out), env={"SITEGEN_JOBS": jobs})
    assert code == 0, err
    return _tree(out)


def test_a_parallel_build_writes_the_same_tree_as_a_serial_one(tmp_path, run_module, monkeypatch):
    plan = generate_plan(tmp_path / "plan", 2 * parallel.MIN_PER_WORKER + 20)
    monkeypatch.delenv("SITEGEN_JOBS", raising=False)

    serial = _build(plan, tmp_path / "serial", "1", run_module)
    parallel_tree = _build(plan, tmp_path / "parallel", "2", run_module)

    assert sum(path.endswith(".html") for path in serial) > 2 * parallel.MIN_PER_WORKER
    assert serial.keys() == parallel_tree.keys()
    assert [p for p in serial if serial[p] != parallel_tree[p]] == []


def test_small_plans_and_threaded_callers_render_in_this_process(monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "8")
    assert parallel.jobs(parallel.MIN_PER_WORKER - 1) == 1
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    assert parallel.jobs(10_000) == 1


def test_parallel_rendering_keeps_the_order_of_its_items(monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    items = list(range(5 * parallel.MIN_PER_WORKER))
    plan_wide = [parallel.Output("plan.json", b"{}")]

    outputs = list(parallel.render_parallel(lambda n: parallel.Output(f"p{n}.html", str(n * n).encode()),
                                            items, lambda: plan_wide))

    pages = [o for o in outputs if o.path != "plan.json"]
    assert [o.path for o in pages] == [f"p{n}.html" for n in items]
    assert pages[7].content == b"49" and plan_wide[0] in outputs


def test_a_page_that_fails_on_a_worker_stops_the_stream_with_its_error(monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "2")

    def render(n: int) -> parallel.Output:
        if n == 150:
            raise ValueError("page 150 cannot be rendered")
        return parallel.Output(f"p{n}.html", b"")

    with pytest.raises(ValueError, match="page 150 cannot be rendered"):
        list(parallel.render_parallel(render, range(5 * parallel.MIN_PER_WORKER), lambda: []))


def test_a_worker_that_dies_stops_the_stream_instead_of_waiting_forever(monkeypatch):
    """A worker killed mid-build (out of memory, a crash in native code) loses its pages:
    the build must end with an error rather than wait for them."""
    monkeypatch.setenv("SITEGEN_JOBS", "2")

    def render(n: int) -> parallel.Output:
        if n == 150:
            os._exit(1)
        return parallel.Output(f"p{n}.html", b"")

    with pytest.raises(BrokenProcessPool):
        list(parallel.render_parallel(render, range(5 * parallel.MIN_PER_WORKER), lambda: []))


def test_a_build_whose_worker_is_killed_says_so_and_keeps_the_last_site(tmp_path, monkeypatch, capsys):
    """The user sees one line saying what happened and what to do, not a traceback, and the
    site of the last good build is still there."""
    from sitegen.commands.build import write_outputs

    monkeypatch.setenv("SITEGEN_JOBS", "2")
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("last good build")

    def render(n: int) -> parallel.Output:
        if n == 150:
            os._exit(1)
        return parallel.Output(f"p{n}.html", b"")

    written = write_outputs(lambda staging: parallel.render_parallel(render, range(5 * parallel.MIN_PER_WORKER),
                                                                       lambda: []), out)

    err = capsys.readouterr().err
    assert written is None and "Traceback" not in err
    assert "a page worker stopped before it finished" in err and "SITEGEN_JOBS=1" in err
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "last good build"


_INTERRUPTED_MIDWAY = """
import os, signal, sys
from sitegen.site.engine import parallel

# Ctrl-C acts as in a terminal: a background job (the test runner's fast suite) starts
# with SIGINT ignored, and Python then installs no KeyboardInterrupt for it
signal.signal(signal.SIGINT, signal.default_int_handler)

os.environ["SITEGEN_JOBS"] = "2"
page = b"x" * 300_000  # results larger than a pipe holds: workers are often midway through sending one
try:
    for made, _ in enumerate(parallel.render_parallel(lambda n: parallel.Output(f"p{n}.html", page),
                                                      range(800), lambda: [])):
        if made == int(sys.argv[1]):
            os.killpg(0, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
except KeyboardInterrupt:
    sys.exit("interrupted")
"""


@pytest.mark.parametrize("after", [1, 40, 150, 333, 610])
def test_ctrl_c_while_workers_render_stops_at_once_without_their_tracebacks(after):
    """Only the parent acts on Ctrl-C: a worker interrupted while sending a result left the
    parent waiting for the rest of it, and each printed its own traceback; a worker still
    being forked when Ctrl-C came (after the first page) printed one too."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _INTERRUPTED_MIDWAY, str(after)], cwd=ROOT, start_new_session=True,
                          capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stderr) == (1, "interrupted\n")


def test_the_cli_build_writes_what_serve_s_cached_build_makes(tmp_path, run_module, monkeypatch):
    """`sitegen build` writes each file while workers render and write it; `serve` makes the
    site with the same `build_site` call in one process, through its render cache. Both must
    make the same site."""
    from sitegen.git_inputs import site_inputs
    from sitegen.pipeline import analyse_folder
    from sitegen.site.build import build_site
    from sitegen.site.cache import RenderCache
    from sitegen.write import write_site

    plan = generate_plan(tmp_path / "plan", 2 * parallel.MIN_PER_WORKER + 20)
    analysis = analyse_folder(plan)
    write_site(build_site(analysis, *site_inputs(analysis), cache=RenderCache()), tmp_path / "listed")

    streamed = _build(plan, tmp_path / "streamed", "2", run_module)
    listed = _tree(tmp_path / "listed")
    assert streamed.keys() == listed.keys()
    assert [p for p in listed if listed[p] != streamed[p]] == []


def test_a_parallel_versions_build_writes_the_same_tree_as_a_serial_one(tmp_path, run_module, monkeypatch):
    """`--versions` on a plan big enough for page workers: the workers write each tag's pages
    under `TAG/`, and the board pack and search index still find every page's part."""
    import subprocess

    plan = generate_plan(tmp_path / "plan", 2 * parallel.MIN_PER_WORKER + 20)
    git = ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.com"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Q1 plan"], ["tag", "v2027-q1"]):
        subprocess.run([*git, *args], cwd=tmp_path, check=True, capture_output=True)
    monkeypatch.delenv("SITEGEN_JOBS", raising=False)

    def build(out: str, jobs: str) -> dict[str, bytes]:
        code, _, err = run_module("build", "--plan", str(plan), "--out", str(tmp_path / out),
                                  "--versions", "v2027-*", cwd=tmp_path, env={"SITEGEN_JOBS": jobs})
        assert (code, "Traceback" in err) == (0, False), err
        return _tree(tmp_path / out)

    serial, parallel_tree = build("serial", "1"), build("parallel", "2")
    assert "v2027-q1/report.html" in serial
    assert serial.keys() == parallel_tree.keys()
    assert [p for p in serial if serial[p] != parallel_tree[p]] == []
