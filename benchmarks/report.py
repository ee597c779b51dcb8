"""The benchmark tables: machine, figures, ratios, targets — as Markdown for the README.

Only the text between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` is
ours; other helpers add their own sections to ``benchmarks/README.md``.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

from benchmarks.measure import Stat

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MB_LIMIT = 1024


def _memory(plan: dict[str, Stat]) -> float:
    """Peak memory of a cold build: the sampled run when there is one (timed runs are not sampled)."""
    return plan.get("memory", plan["cold"]).tree_rss_mb


def _out(cmd: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def machine(root: Path) -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    dirty = " (with uncommitted changes)" if _out(["git", "status", "--porcelain", "--untracked-files=no"],
                                                  root) else ""
    hugo = (_out(["hugo", "version"]).split(" ") + ["", ""])[1] or "not installed"
    mkdocs = _out([sys.executable, "-m", "mkdocs", "--version"]).split(" from ")[0] or "not installed"
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "Python": platform.python_version(),
        "OS": f"{platform.system()} {platform.release()}",
        "sitegen": (_out(["git", "rev-parse", "--short", "HEAD"], root) or "?") + dirty,
        "MkDocs": mkdocs.replace("python -m mkdocs, version ", "").replace("mkdocs, version ", ""),
        "Hugo": hugo,
        "Date": dt.date.today().isoformat(),
    }


def fmt(stat: Stat | None) -> str:
    if stat is None:
        return "—"
    runs = len(stat.runs)
    if stat.timed_out:
        return f"> {stat.high:.0f} s (stopped)"
    spread = f" ({stat.low:.2f}–{stat.high:.2f})" if runs > 1 else " (1 run)"
    return f"{stat.median:.2f} s{spread}"


def ratio(a: Stat | None, b: Stat | None) -> float | None:
    """a ÷ b; when MkDocs was stopped at the time limit, a lower bound of its real ratio."""
    return a.median / b.median if a and b and b.median else None


def _targets(results) -> list[tuple[str, str, bool | None]]:
    by = {r.sections: r for r in results}
    rows = []
    for n in (1000, 5000):
        r = by.get(n)
        fast = ratio(r.prose.get("mkdocs"), r.prose.get("sitegen")) if r else None
        rows.append((f"prose {n:,} pages: sitegen ≥ 3× faster than MkDocs",
                     f"{fast:.1f}×" if fast else "not measured", fast >= 3 if fast else None))
        hugo = ratio(r.prose.get("sitegen"), r.prose.get("hugo")) if r else None
        rows.append((f"prose {n:,} pages: sitegen within 2× of Hugo",
                     f"{hugo:.2f}× Hugo's time" if hugo else "not measured", hugo <= 2 if hugo else None))
    r = by.get(1000)
    cold = r.plan.get("cold") if r else None
    rows.append(("full plan 1,000 sections, cold build < 10 s", fmt(cold), cold.median < 10 if cold else None))
    check = r.plan.get("check") if r else None
    rows.append(("`sitegen check` 1,000 sections < 2 s", fmt(check), check.median < 2 if check else None))
    r = by.get(5000)
    mem = _memory(r.plan) if r and "cold" in r.plan else None
    rows.append(("peak memory, 5,000 sections < 1 GB", f"{mem:.0f} MB" if mem else "not measured",
                 mem < MB_LIMIT if mem else None))
    rows.append(_linearity(results))
    return rows


def _linearity(results) -> tuple[str, str, bool | None]:
    """Memory per extra section, small→middle vs middle→large: linear if it does not grow >1.5×."""
    points = sorted((r.sections, _memory(r.plan)) for r in results if "cold" in r.plan)
    if len(points) < 3:
        return ("memory grows linearly", "needs 3 sizes", None)
    (n0, m0), (n1, m1), (n2, m2) = points[0], points[len(points) // 2], points[-1]
    first, second = (m1 - m0) / (n1 - n0), (m2 - m1) / (n2 - n1)
    text = f"{first * 1000:.0f} → {second * 1000:.0f} MB per 1,000 extra sections"
    return ("memory grows linearly (≤ 1.5× slope)", text, second <= max(first, 0.001) * 1.5)


def render_tables(results, info: dict[str, str], command: str) -> str:
    lines = [START, "", "### Latest run", ""]
    lines += [f"- **{k}:** {v}" for k, v in info.items()]
    lines += ["", f"Reproduce: `.venv/bin/{command}` (times: median (min–max) over the runs, wall clock).",
              "", "#### Full plan (every section kind, charts)", "",
              "| sections | HTML pages | cold build | no-change rebuild | one-file edit | `sitegen check` "
              "| peak memory (build) |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        p = r.plan
        mem = f"{_memory(p):.0f} MB" if "cold" in p else "—"
        lines.append(f"| {r.sections:,} | {r.pages:,} | {fmt(p.get('cold'))} | {fmt(p.get('nochange'))} "
                     f"| {fmt(p.get('edit'))} | {fmt(p.get('check'))} | {mem} |")
    lines += ["", "#### Prose only: the same Markdown, front matter cut to `title` (cold builds)", "",
              "| pages | sitegen | MkDocs | Hugo | MkDocs ÷ sitegen | sitegen ÷ Hugo |",
              "|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        s, m, h = (r.prose.get(k) for k in ("sitegen", "mkdocs", "hugo"))
        faster, slower = ratio(m, s), ratio(s, h)
        bound = "> " if m and m.timed_out else ""
        lines.append(f"| {r.sections:,} | {fmt(s)} | {fmt(m)} | {fmt(h)} "
                     f"| {f'{bound}{faster:.1f}×' if faster else '—'} | {f'{slower:.2f}×' if slower else '—'} |")
    lines += ["", "#### Targets", "", "| target | measured | met |", "|---|---|---|"]
    for name, measured, met in _targets(results):
        lines.append(f"| {name} | {measured} | {'yes' if met else 'not measured' if met is None else '**no**'} |")
    return "\n".join([*lines, "", END])


def update_readme(path: Path, tables: str) -> None:
    """Replace our marked block, or append it; every other line of the README stays."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + tables + tail
    else:
        text = text.rstrip("\n") + "\n\n" + tables + "\n"
    path.write_text(text, encoding="utf-8")
