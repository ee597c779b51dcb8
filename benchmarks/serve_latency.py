"""Edit-to-reload latency of `sitegen serve`, side by side with `mkdocs serve`.

Latency is the time from writing a section file to the live-reload signal
reaching a connected client on loopback: for sitegen the SSE `reload` event
(`/__sitegen__/events`), for MkDocs the answer of its livereload long-poll
(`/livereload/<epoch>/<id>`), which is what a MkDocs page waits on. Each run
starts the real server as a subprocess, waits for it to settle, then makes
EDITS edits with a pause between them, and reports the median and p90.
Edit modes (`--modes`): `prose` appends a sentence to the body of one
section, the way an author saves; `front` raises one goal target by 1 in
the front matter of a goals section (the model changes: figures move on
several pages, plan.json, dashboard, calendar); `title` renames one section
(its title is in every page's sidebar). One sitegen server measures all
modes in turn; MkDocs rebuilds the whole site on any change, so it is
measured with prose edits only.

Plans: the example plan (`plan/`, MkDocs gets the same Markdown files), and
generated plans of 100 and 1,000 sections (`benchmarks/generate.py`). The
full generated plan has every section kind (the realistic case); its prose
variant has the *same Markdown* with the front matter cut to `title`, which
is what MkDocs also serves.

    .venv/bin/pip install mkdocs
    .venv/bin/python benchmarks/serve_latency.py                  # all sizes, 20 edits
    .venv/bin/python benchmarks/serve_latency.py --sizes 100 --edits 5 --no-mkdocs --modes prose,front
    .venv/bin/python benchmarks/serve_latency.py --profile 1000   # where a rebuild's time goes
    .venv/bin/python benchmarks/serve_latency.py --stages 100 --edits 10   # unprofiled, per stage
    .venv/bin/python benchmarks/serve_latency.py --cpu 1000 --edits 10 --modes front   # CPU per save
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan, generate_prose  # noqa: E402

PAUSE = 0.4  # seconds between edits: each edit is its own burst, as when an author saves


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _edited(mode: str, text: str, n: int) -> str:
    """The file after edit `n` of this mode."""
    if mode == "prose":
        return text + f"\nEdit number {n} of this section, saved by the benchmark.\n"
    if mode == "front":
        return re.sub(r"(?m)^(\s+target: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text, count=1)
    return re.sub(r"(?m)^title: .*$", f"title: Renamed section {n}", text, count=1)


def _edit(path: Path, n: int, mode: str = "prose") -> float:
    """Save one edit of `mode` to a section file; returns the moment of the write."""
    text = _edited(mode, path.read_text(encoding="utf-8"), n)
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    return started


class SseClient:
    """A raw SSE connection; `wait(event)` returns the arrival time of the next such event."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.sock.sendall(f"GET /__sitegen__/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.buffer = b""

    def wait(self, *wanted: str) -> tuple[str, float]:
        while True:
            while b"\n\n" not in self.buffer:
                self.buffer += self.sock.recv(65536)
            frame, self.buffer = self.buffer.split(b"\n\n", 1)
            found = re.search(rb"^event: (\w+)", frame, re.M)
            if found and found.group(1).decode() in wanted:
                return found.group(1).decode(), time.perf_counter()


def serving(proc: subprocess.Popen, port: int) -> SseClient:
    """The reload channel of a `sitegen serve` just started, once it says it serves (its output drained)."""
    for line in proc.stdout:
        if "Serving plan" in line:
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    client = SseClient(port)
    client.wait("hello")
    return client


def timed_save(client: SseClient, target: Path, n: int, mode: str, who: str = "sitegen") -> float:
    """Seconds from the n-th save of `target` to the reload it brings (a pause first: one save, one burst)."""
    time.sleep(PAUSE)
    started = _edit(target, n, mode)
    event, arrived = client.wait("reload", "errors")
    if event != "reload":
        raise SystemExit(f"{who} reported errors after editing {target}")
    return arrived - started


def sitegen_latency(plan: Path, targets: dict[str, Path], edits: int) -> dict[str, list[float]]:
    """Mode → latencies, measured on one server (the first build is paid once)."""
    out = Path(tempfile.mkdtemp(prefix="bench-serve-out-"))
    port = _free_port()
    cmd = [sys.executable, "-m", "sitegen", "serve", "--plan", str(plan), "--port", str(port), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=plan.parent)
    try:
        client = serving(proc, port)
        return {mode: [timed_save(client, target, n, mode) for n in range(edits)]
                for mode, target in targets.items()}
    finally:
        proc.send_signal(2)
        proc.wait(10)
        shutil.rmtree(out, ignore_errors=True)


def mkdocs_latency(project: Path, target: Path, edits: int) -> list[float]:
    port = _free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    cmd = [str(mkdocs), "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if "Serving on" in line:
                break
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        times = []
        for n in range(edits):
            time.sleep(PAUSE)
            epoch = urllib.request.urlopen(f"{base}/livereload/0/0", timeout=120).read().decode()
            answered: list[float] = []
            poll = threading.Thread(target=_long_poll, args=(f"{base}/livereload/{epoch}/{n + 1}", answered))
            poll.start()
            time.sleep(0.05)  # the long-poll is waiting before the write, as a page's would be
            started = _edit(target, n)
            poll.join(120)
            times.append(answered[0] - started)
        return times
    finally:
        proc.terminate()
        proc.wait(10)


def _long_poll(url: str, answered: list[float]) -> None:
    urllib.request.urlopen(url, timeout=120).read()
    answered.append(time.perf_counter())


def _section(plan: Path) -> str:
    """A prose page in the middle of the plan: what an author edits most."""
    pages = sorted(p.relative_to(plan).as_posix() for p in plan.rglob("*.md"))
    prose = [p for p in pages if "kind:" not in (plan / p).read_text(encoding="utf-8").split("---")[1]]
    return (prose or pages)[len(prose or pages) // 2]


def _goals(plan: Path) -> str:
    """A goals section in the middle of the plan: where a target is raised."""
    pages = sorted(p.relative_to(plan).as_posix() for p in plan.rglob("*.md"))
    goals = [p for p in pages if re.search(r"(?m)^kind: goals$", (plan / p).read_text(encoding="utf-8"))]
    return goals[len(goals) // 2]


def targets(plan: Path, prose: str, modes: list[str]) -> dict[str, Path]:
    """Mode → the file its edits go to (a mid-plan prose section; a goals section for `front`)."""
    return {mode: plan / (_goals(plan) if mode == "front" else prose) for mode in modes}


def prepare(size: str, work: Path) -> dict[str, tuple[Path, str]]:
    """Name → (folder to serve, section to edit) for every generator measured at this size."""
    if size == "example":
        plan = work / "plan"
        shutil.copytree(ROOT / "plan", plan)
        docs = work / "mkdocs" / "docs"
        for md in plan.rglob("*.md"):
            (docs / md.relative_to(plan)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(md, docs / md.relative_to(plan))
        (work / "mkdocs" / "mkdocs.yml").write_text("site_name: Example\ntheme:\n  name: mkdocs\n")
        rel = _section(plan)
        return {"sitegen": (plan, rel), "mkdocs": (work / "mkdocs", "docs/" + rel)}
    sections = int(size)
    full = generate_plan(work / "full" / "plan", sections)
    prose = generate_prose(work / "prose", sections)
    rel = _section(full)
    return {
        "sitegen": (full, rel),
        "sitegen (prose)": (prose.plan, rel),
        "mkdocs": (prose.mkdocs, "docs/" + rel),
    }


def _profiled(rebuilder, rel: str, label: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    result = rebuilder.rebuild([rel], complete=True)
    profiler.disable()
    print(f"rebuild after {label}: {result.seconds * 1000:.0f} ms (profiled), ok={result.ok}, "
          f"{len(result.rendered)} section pages rendered, {len(result.written)} files written")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def profile(size: str) -> None:
    """cProfile of one in-process rebuild after a prose edit and after a goal-target edit."""
    from sitegen.serve.rebuild import Rebuilder

    with tempfile.TemporaryDirectory() as tmp:
        plan, prose = prepare(size, Path(tmp))["sitegen"]
        rebuilder = Rebuilder(plan, Path(tmp) / "out")
        first = rebuilder.rebuild()
        print(f"first build: {first.seconds * 1000:.0f} ms")
        for mode, target in targets(plan, prose, ["prose", "front"]).items():
            rel = target.relative_to(plan).as_posix()
            for n in range(3):
                _edit(target, n, mode)
                rebuilder.rebuild([rel])
            _edit(target, 99, mode)
            _profiled(rebuilder, rel, f"a {mode} edit of {rel}")


STAGES = (  # (module, function) timed by --stages: where a model-path rebuild spends its time
    ("sitegen.serve.rebuild", "rescan_known"),
    ("sitegen.serve.rebuild", "scan_folder"),
    ("sitegen.serve.rebuild", "analyse"),
    ("sitegen.site.pages.planjson", "plan_json"),
    ("sitegen.site.build", "prepare_site"),
    ("sitegen.site.build", "build_site"),
    ("sitegen.site.build", "render_section"),
    ("sitegen.site.pages.dashboard", "render_dashboard"),
    ("sitegen.site.pages.calendar", "calendar_outputs"),
    ("sitegen.git_inputs", "comparison"),
    ("sitegen.site.pages.history", "history_outputs"),
    ("sitegen.write", "update_site"),
)


def stages(size: str, edits: int) -> None:
    """Mean ms per stage over `edits` front-matter rebuilds in-process, unprofiled, collector
    paused as `serve` does; `build_site` includes the rows below it."""
    import gc
    import importlib
    from collections import defaultdict

    from sitegen.serve.rebuild import Rebuilder

    spent: dict[str, float] = defaultdict(float)

    def timed(name, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return run

    for module, name in STAGES:
        loaded = importlib.import_module(module)
        setattr(loaded, name, timed(name, getattr(loaded, name)))
    with tempfile.TemporaryDirectory() as tmp:
        plan, prose = prepare(size, Path(tmp))["sitegen"]
        rebuilder = Rebuilder(plan, Path(tmp) / "out")
        rebuilder.rebuild()
        spent.clear()
        target = targets(plan, prose, ["front"])["front"]
        rel = target.relative_to(plan).as_posix()
        total = []
        for n in range(edits):
            _edit(target, n, "front")
            gc.disable()
            total.append(rebuilder.rebuild([rel], complete=True).seconds * 1000)  # as serve does
            gc.enable()
            gc.collect()
    print(f"front-matter rebuild at {size}: median {statistics.median(total):.0f} ms over {edits}, "
          f"load {os.getloadavg()[0]:.1f}")
    for _, name in STAGES:
        print(f"  {name:18s} {spent[name] * 1000 / edits:7.1f} ms")


def cpu(size: str, edits: int, mode: str = "front") -> None:
    """Median CPU time (`time.process_time`) of `edits` in-process rebuilds after a save of
    `mode`, collector paused as `serve` does: a figure that holds while the machine is loaded
    (compare two trees by running this with each one's PYTHONPATH, turn about)."""
    import gc

    from sitegen.serve.rebuild import Rebuilder

    with tempfile.TemporaryDirectory() as tmp:
        plan, prose = prepare(size, Path(tmp))["sitegen"]
        rebuilder = Rebuilder(plan, Path(tmp) / "out")
        rebuilder.rebuild()
        target = targets(plan, prose, [mode])[mode]
        rel = target.relative_to(plan).as_posix()
        spent = []
        for n in range(edits + 2):  # the first two saves warm the caches of this edit
            _edit(target, n, mode)
            gc.disable()
            started = time.process_time()
            result = rebuilder.rebuild([rel], complete=True)
            spent.append((time.process_time() - started) * 1000)
            gc.enable()
            gc.collect()
    print(f"{mode} save at {size}: CPU median {statistics.median(spent[2:]):.0f} ms over {edits} "
          f"({len(result.rendered)} section pages rendered, {len(result.written)} files written), "
          f"load {os.getloadavg()[0]:.1f}")


def _row(label: str, name: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    load = os.getloadavg()[0]
    return f"| {label} | {name} | {statistics.median(ms):.0f} | {p90:.0f} | {ms[0]:.0f} | {len(ms)} | {load:.1f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="example,100,1000", help="comma list: example and/or section counts")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--modes", default="prose,front", help="comma list of edit modes: prose, front, title")
    parser.add_argument("--no-mkdocs", action="store_true")
    parser.add_argument("--profile", metavar="SIZE", help="profile one in-process rebuild instead")
    parser.add_argument("--stages", metavar="SIZE", help="time the stages of in-process front-matter rebuilds")
    parser.add_argument("--cpu", metavar="SIZE", help="CPU time of in-process rebuilds after saves of --modes")
    args = parser.parse_args()
    if args.cpu:
        for mode in args.modes.split(","):
            cpu(args.cpu, args.edits, mode)
        return 0
    if args.profile:
        profile(args.profile)
        return 0
    if args.stages:
        stages(args.stages, args.edits)
        return 0
    modes = args.modes.split(",")
    print("| plan | generator | edit | median ms | p90 ms | min ms | edits | load (1 min) |")
    print("|---|---|---|---:|---:|---:|---:|---:|", flush=True)
    for size in args.sizes.split(","):
        label = "example (plan/)" if size == "example" else f"{size} sections"
        with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
            for name, (folder, rel) in prepare(size, Path(tmp)).items():
                if name == "mkdocs":
                    if not args.no_mkdocs:
                        print(_row(label, f"{name} | any", mkdocs_latency(folder, folder / rel, args.edits)), flush=True)
                    continue
                has_goals = any("kind: goals" in p.read_text(encoding="utf-8") for p in folder.rglob("*.md"))
                wanted = [m for m in modes if m != "front" or has_goals]
                for mode, times in sitegen_latency(folder, targets(folder, rel, wanted), args.edits).items():
                    print(_row(label, f"{name} | {mode}", times), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
