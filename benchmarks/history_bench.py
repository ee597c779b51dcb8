"""History and diff on a big plan repository: one-pass ``git log`` vs ``git log -1`` per file.

Generates (with ``git fast-import``, in seconds) a repository whose plan has
1,000 sections and 3,000 commits: the first adds the plan, each later one edits
one section's prose (every 7th carries a ``Reviewed-by:`` trailer, every 100th
renames a prose page), tag ``q1`` sits at commit 1,500. Then it times:

- ``read_history``: the whole plan's history from ONE ``git log`` (this project);
- per-file: ``git log -1 -- FILE`` once per section (what common git plugins do);
- ``history_for_site`` on top of the one-pass history;
- ``sitegen diff q1 HEAD``: two snapshots from git objects, two analyses, compare.

Run: ``.venv/bin/python benchmarks/history_bench.py [--workdir DIR] [--no-readme]``.
Figures are appended to ``benchmarks/README.md`` (our section replaced, others kept).
"""

from __future__ import annotations

import argparse
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import plan_files  # noqa: E402
from sitegen.diff.compare import compare  # noqa: E402
from sitegen.history.log import read_history  # noqa: E402
from sitegen.history.site import history_for_site  # noqa: E402
from sitegen.history.snapshot import locate_plan, snapshot_sources  # noqa: E402
from sitegen.pipeline import analyse  # noqa: E402
from sitegen.site.engine.urls import page_path  # noqa: E402

SECTIONS, COMMITS, TAG_AT = 1000, 3000, 1500
AUTHORS = ("Ana Nowak", "Bo Chen", "Carl Diaz", "Dana Lee", "Eve Kim")
BEGIN, END = "<!-- history-bench -->", "<!-- /history-bench -->"


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def fast_import_stream(seed: int = 0) -> bytes:
    """A fast-import stream: the plan, then one-section edits, renames and a tag."""
    rng = random.Random(seed)
    files = {f"plan/{rel}": text for rel, text in plan_files(SECTIONS, seed).items()}
    out = bytearray()
    when = 1798761600  # 2027-01-01
    for n in range(1, COMMITS + 1):
        author = AUTHORS[n % len(AUTHORS)]
        email = author.lower().replace(" ", ".") + "@example.com"
        ops = []
        if n == 1:
            message = "Initial plan"
            ops = [b"M 100644 inline " + p.encode() + b"\n" + _data(t) for p, t in sorted(files.items())]
        else:
            sections = sorted(p for p in files if p.endswith(".md"))
            if n % 100 == 0:
                pages = [p for p in sections if "\nkind:" not in files[p] and "index.md" not in p]
                old = rng.choice(pages)
                new = old[:-3] + f"-r{n}.md"
                files[new] = files.pop(old)
                ops.append(f"R {old} {new}\n".encode())
                message = f"Rename {old}"
            else:
                path = rng.choice(sections)
                files[path] += f"\nReview note {n}: adjusted after the weekly pipeline call.\n"
                ops.append(b"M 100644 inline " + path.encode() + b"\n" + _data(files[path]))
                message = f"Update {path}"
            if n % 7 == 0:
                message += f"\n\nReviewed-by: {AUTHORS[(n + 2) % len(AUTHORS)]} <r@example.com>"
        when += 3600
        out += b"commit refs/heads/main\nmark :%d\n" % n
        out += f"author {author} <{email}> {when} +0000\ncommitter {author} <{email}> {when} +0000\n".encode()
        out += _data(message)
        if n > 1:
            out += b"from :%d\n" % (n - 1)
        out += b"".join(ops) + b"\n"
        if n == TAG_AT:
            out += b"reset refs/tags/q1\nfrom :%d\n\n" % n
    return bytes(out)


def make_repo(workdir: Path) -> Path:
    repo = workdir / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=fast_import_stream(), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    return repo


def timed(fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def per_file(repo: Path) -> dict[str, str]:
    """What git plugins do: one ``git log -1`` per section file."""
    found = {}
    for path in sorted((repo / "plan").rglob("*.md")):
        rel = path.relative_to(repo).as_posix()
        out = subprocess.run(["git", "log", "-1", "--format=%H%x1f%aN%x1f%aI%x1f%s", "--", rel], cwd=repo, capture_output=True, text=True, check=True)
        found[rel] = out.stdout
    return found


def diff_once(repo: Path):
    where = locate_plan(repo / "plan", "plan")
    a, b = analyse(snapshot_sources(where, "q1")), analyse(snapshot_sources(where, "HEAD"))
    return compare(a, b)


def run(workdir: Path) -> dict[str, float | int]:
    start = time.perf_counter()
    repo = make_repo(workdir)
    generate = time.perf_counter() - start
    one_pass, history = timed(lambda: read_history(repo / "plan"))
    per_file_s, per_file_result = timed(lambda: per_file(repo), repeat=1)
    head = analyse(snapshot_sources(locate_plan(repo / "plan", "plan"), "HEAD"))
    site_s, _ = timed(lambda: history_for_site(history, head.plan, page_path))
    diff_s, diff = timed(lambda: diff_once(repo), repeat=2)
    cli_start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitegen", "diff", "q1", "HEAD", "--format", "json"], cwd=repo, capture_output=True, check=True)
    cli_s = time.perf_counter() - cli_start
    return {
        "generate": generate, "commits": len(history.commits), "sections": len(per_file_result),
        "tracked": len(history.sections), "one_pass": one_pass, "per_file": per_file_s,
        "site": site_s, "diff": diff_s, "diff_cli": cli_s, "prose_changes": len(diff.prose),
    }


def report(r: dict) -> str:
    ratio = r["per_file"] / r["one_pass"] if r["one_pass"] else float("nan")
    return "\n".join([
        BEGIN,
        "## History and diff (`benchmarks/history_bench.py`)",
        "",
        f"Repository: {r['sections']} sections, {r['commits']} commits (generated with `git fast-import` in {r['generate']:.1f} s); "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"{subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}.",
        "",
        "| step | time |",
        "|---|---:|",
        f"| history, ONE `git log --name-status -M` (parse + group, {r['tracked']} files) | {r['one_pass']:.2f} s |",
        f"| history, `git log -1 -- FILE` per file ({r['sections']} processes) | {r['per_file']:.2f} s ({ratio:.0f}× slower) |",
        f"| `history_for_site` (per-section views + commit list) | {r['site'] * 1000:.0f} ms |",
        f"| diff `q1` → `HEAD` in process (2 snapshots via `cat-file --batch`, 2 analyses, compare; {r['prose_changes']} prose changes) | {r['diff']:.2f} s |",
        f"| `sitegen diff q1 HEAD --format json` (whole program) | {r['diff_cli']:.2f} s |",
        "",
        "The per-file approach also gives less: one commit per file, no change counts, no reviewers across history.",
        END,
        "",
    ])


def write_readme(text: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace the README's section between `begin` and `end` (or append it)."""
    readme = ROOT / "benchmarks" / "README.md"
    current = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n"
    if begin in current and end in current:
        head, _, rest = current.partition(begin)
        _, _, tail = rest.partition(end)
        current = head + tail.lstrip("\n")
    readme.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="history-bench-"))
    result = run(workdir)
    text = report(result)
    print(text)
    if not args.no_readme:
        write_readme(text)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
