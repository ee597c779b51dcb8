"""Realistic plans the benchmark corpora lack: `check` and `build` on each, before and after a change.

    .venv/bin/python benchmarks/cliffs_bench.py SCENARIO [SCENARIO ...] [--before REV]
        [--sections 1000] [--size N] [--repeat 3] [--commands check,build]

The corpora of `benchmarks/generate.py` are regular and clean; a sales team's plan
is not: one campaigns file with hundreds of campaigns, a CRM export of tens of
thousands of rows, hundreds of warnings at once. Each SCENARIO below starts from
the generated full plan of ``--sections`` sections and adds one such thing, of
``--size`` items (each scenario has its own default). Timed: cold ``sitegen
check`` / ``sitegen build`` runs of the working tree, and with ``--before REV``
of sitegen as it was at REV too, taking turns after a warm-up round; ``plain``
times the generated plan as it is, to compare with. CPU is user + system of the
whole process tree (the machine is shared). Nothing is written outside a
temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import _md, generate_plan  # noqa: E402
from benchmarks.sandbox_bench import _FROM_TREE, build_once, export, median_range, timed_run  # noqa: E402

REGION = "regions/emea-001"


def _section(plan: Path, rel: str, front: dict, body: str = "Added for the benchmark.\n") -> None:
    target = plan / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_md(front, body), encoding="utf-8")


def plain(plan: Path, size: int) -> str:
    return "the generated plan as it is"


def campaigns(plan: Path, size: int) -> str:
    """One file of `size` campaigns, all in one segment, overlapping."""
    items = [{"id": f"push-{n:04d}", "name": f"Push {n}", "type": "marketing",
              "plane": ("prospecting", "sales", "cross-selling", "retention")[n % 4],
              "start": f"2027-{1 + n % 12:02d}-01", "end": f"2027-{1 + n % 12:02d}-{20 + n % 8}",
              "channel": "Outbound", "owner": "Field marketing", "budget": 1000 + n,
              "segment": "emea-001-smb", "goal": "emea-001-smb-revenue", "expected_leads": 10}
             for n in range(size)]
    _section(plan, f"{REGION}/campaigns/pushes.md",
             {"title": "EMEA pushes", "kind": "campaigns", "campaigns": items})
    return f"{size} campaigns in one file and one segment"


def _goal_ids(plan: Path, period: str = r"\S+") -> list[str]:
    """The ids of the plan's goals (of `period`, a regular expression)."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(plan.rglob("goals.md")))
    return re.findall(rf"^  - id: (\S+)\n(?:    .*\n)*?    period: {period}\n", text, re.MULTILINE)


def territories(plan: Path, size: int) -> str:
    """One file of `size` territories."""
    items = [{"id": f"area-{n:04d}", "name": f"Area {n}", "accounts": 50 + n % 70, "visits_per_month": 1,
              "visit_minutes": 45, "travel_minutes": 30, "reps": 1 + n % 3} for n in range(size)]
    _section(plan, f"{REGION}/areas.md", {"title": "EMEA areas", "kind": "territories", "territories": items})
    return f"{size} territories in one file"


def roles(plan: Path, size: int) -> str:
    """`size` roles, each with an activity in one funnel and too few hours: a capacity warning each."""
    team = [{"id": f"role-{n:04d}", "role": f"Specialist {n}", "headcount": 1, "hours_per_week": 1}
            for n in range(size)]
    _section(plan, f"{REGION}/specialists.md", {"title": "EMEA specialists", "kind": "resources", "team": team})
    funnel = plan / REGION / "funnels/smb.md"
    front, _, body = funnel.read_text(encoding="utf-8").partition("\n---\n")
    acts = "".join(f"  - name: Call {n}\n    stage: lead\n    per_unit: 1\n    minutes: 30\n"
                   f"    role: role-{n:04d}\n" for n in range(size))
    funnel.write_text(front + "\n" + acts + "---\n" + body, encoding="utf-8")
    return f"{size} roles with an activity each in one funnel, each over capacity"


def _crm_export(plan: Path, goals: list[str], size: int) -> None:
    """An actuals section whose `source:` is a CSV of `size` rows over `goals`, in turn, dated in
    the first quarter."""
    rows = "".join(f"{goals[n % len(goals)]},{100 + n % 900},2027-{1 + n % 3:02d}-{1 + n % 28:02d}\n"
                   for n in range(size))
    (plan / REGION / "crm.csv").write_text("goal,value,as_of\n" + rows, encoding="utf-8")
    _section(plan, f"{REGION}/crm.md", {"title": "CRM export", "kind": "actuals", "source": "crm.csv"})


def actuals(plan: Path, size: int) -> str:
    """A CRM export of `size` rows (one actuals section's `source:`), each counted: the year's goals."""
    goals = _goal_ids(plan, "2027")
    _crm_export(plan, goals, size)
    return f"an actuals CSV of {size} rows over the {len(goals)} goals of the year"


def deals(plan: Path, size: int) -> str:
    """A CRM export of `size` single deals (`aggregate: sum`) on the quarters' goals, each dated
    inside its quarter: the year's goal above them is their sum, day by day."""
    goals = _goal_ids(plan, r"2027-Q\d")
    quarter = {goal: int(goal[-1]) for goal in goals if goal[-1] in "1234"}
    turn = len(goals)  # each goal's deals fall on every day of its quarter, turn by turn
    rows = "".join(f"{goal},{100 + n % 900},2027-{3 * quarter[goal] - 2 + n // turn % 3:02d}-{1 + n // turn // 3 % 28:02d}\n"
                   for n in range(size) if (goal := goals[n % turn]) in quarter)
    (plan / REGION / "crm.csv").write_text("goal,value,as_of\n" + rows, encoding="utf-8")
    _section(plan, f"{REGION}/crm.md", {"title": "CRM deals", "kind": "actuals", "source": "crm.csv",
                                        "aggregate": "sum"})
    return f"a CSV of {size} single deals over the {len(quarter)} quarterly goals"


def audiences(plan: Path, size: int) -> str:
    """One audience per region folder (its segments and territories, its folder's sections and
    the executive summary), for `build --audience all`."""
    regions = sorted(path.name for path in (plan / "regions").iterdir())[:size or None]
    lines = ["audiences:"]
    for region in regions:
        text = (plan / "regions" / region / "segments.md").read_text(encoding="utf-8")
        segments = [s for s in re.findall(r"^  - id: (\S+)$", text, re.MULTILINE)]
        lines += [f"  - id: {region}", f"    name: {region} team", f"    segments: [{', '.join(segments)}]",
                  f'    sections: ["regions/{region}/*", "executive-summary.md"]']
    with (plan / "plan.yaml").open("a", encoding="utf-8") as yaml:
        yaml.write("\n".join(lines) + "\n")
    return f"{len(regions)} audiences, one per region folder"


def commits(plan: Path, size: int) -> str:
    """The plan in git with `size` commits after the first, each raising one goal's target and
    adding a line to one note: the site's history compares the plan at each of the last 30."""
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args],
                       cwd=plan, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "plan")
    goals, notes = sorted(plan.rglob("goals.md")), sorted(plan.rglob("note-001.md"))
    for n in range(size):
        goal = goals[n % len(goals)]
        goal.write_text(re.sub(r"target: (\d+)", r"target: 1\1", goal.read_text(encoding="utf-8"), count=1),
                        encoding="utf-8")
        with notes[n % len(notes)].open("a", encoding="utf-8") as note:
            note.write(f"\nEdit {n}.\n")
        git("commit", "-qam", f"edit {n}")
    return f"the plan in git, {size} commits after the first (one target and one note each)"


def stale(plan: Path, size: int) -> str:
    """A CRM export of `size` rows of which most are not counted: an `actual-date` warning each
    (a deal dated outside its goal's quarter or month)."""
    goals = _goal_ids(plan)
    _crm_export(plan, goals, size)
    return f"an actuals CSV of {size} rows over all {len(goals)} goals, most dated outside their goal"


def table(plan: Path, size: int) -> str:
    """A section whose prose is one table of `size` rows."""
    rows = "".join(f"| Account {n} | {n * 37 % 1000} | [notes](notes/note-001.md) |\n" for n in range(size))
    _section(plan, f"{REGION}/accounts.md", {"title": "Key accounts"},
             "| Account | Revenue | Notes |\n|---|---:|---|\n" + rows)
    return f"one section holding a table of {size} rows"


def long(plan: Path, size: int) -> str:
    """One section of `size` lines: a heading every 20 lines, lists, links, emphasis."""
    lines = []
    for n in range(size):
        if n % 20 == 0:
            lines.append(f"\n## Topic {n // 20}\n")
        elif n % 5 == 0:
            lines.append(f"- item {n} with **bold** and a [link](index.md)")
        else:
            lines.append(f"Line {n} of the playbook, with *emphasis* and `code` and words to search.")
    _section(plan, f"{REGION}/playbook.md", {"title": "Playbook"}, "\n".join(lines) + "\n")
    return f"one section of {size} lines"


def flat(plan: Path, size: int) -> str:
    """`size` sections in one folder."""
    for n in range(size):
        _section(plan, f"{REGION}/accounts/account-{n:04d}.md", {"title": f"Account {n}"},
                 f"Account plan {n}.\n")
    return f"{size} more sections in one folder"


def deep(plan: Path, size: int) -> str:
    """A folder tree `size` levels deep, a section on each level."""
    folder = f"{REGION}/archive"
    for n in range(size):
        folder += f"/level-{n}"
        _section(plan, f"{folder}/notes.md", {"title": f"Level {n}"}, f"Level {n}.\n")
    return f"a folder chain {size} levels deep with a section on each"


_WORDS = {"pl": {"emea-": "środkowa-", "amer-": "północ-", "apac-": "wschód-", "EMEA region": "Region środkowy",
                 "AMER region": "Region północny", "Small businesses": "Małe firmy", "sales campaign": "kampania sprzedaży",
                 "Mid-market": "Średnie firmy"},
          "zh": {"emea-": "华东-", "amer-": "华北-", "apac-": "华南-", "EMEA region": "华东区域", "AMER region": "华北区域",
                 "Small businesses": "小企业", "sales campaign": "销售活动", "Mid-market": "中型企业"}}


def _translated(plan: Path, language: str) -> str:
    """The plan's ids, folders, file names and titles in `language`'s words (`language: …`)."""
    words = _WORDS[language]

    def swap(text: str) -> str:
        for english, own in words.items():
            text = text.replace(english, own)
        return text

    for path in sorted(plan.rglob("*"), key=lambda p: -len(p.parts)):  # files before their folders
        if path.is_file():
            path.write_text(swap(path.read_text(encoding="utf-8")), encoding="utf-8")
        if swap(path.name) != path.name:
            path.rename(path.with_name(swap(path.name)))
    yaml = plan / "plan.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
                    encoding="utf-8")
    return f"ids, folders, files and titles in {language} words (`language: {language}`)"


def polish(plan: Path, size: int) -> str:
    return _translated(plan, "pl")


def chinese(plan: Path, size: int) -> str:
    return _translated(plan, "zh")


SCENARIOS: dict[str, tuple[Callable[[Path, int], str], int]] = {
    "plain": (plain, 0),
    "campaigns": (campaigns, 2000),
    "territories": (territories, 2000),
    "roles": (roles, 300),
    "actuals": (actuals, 50000),
    "stale": (stale, 50000),
    "deals": (deals, 50000),
    "audiences": (audiences, 0),
    "commits": (commits, 32),
    "table": (table, 5000),
    "long": (long, 20000),
    "flat": (flat, 2000),
    "deep": (deep, 40),
    "polish": (polish, 0),
    "chinese": (chinese, 0),
}


def run_once(tree: Path, command: str, plan: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU) of one `command`: check, check-json (`--format json`), build, or build-all
    (`--audience all`)."""
    if command == "build":
        return build_once(tree, plan, out, jobs=None)
    if command == "build-all":
        shutil.rmtree(out, ignore_errors=True)
        return timed_run([sys.executable, "-c", _FROM_TREE, str(tree), "build", "--plan", str(plan), "--out", str(out),
                          "--audience", "all"])
    json = ["--format", "json"] if command == "check-json" else []
    return timed_run([sys.executable, "-c", _FROM_TREE, str(tree), "check", "--plan", str(plan), *json])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS))
    parser.add_argument("--before", help="git revision of sitegen to compare with")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--size", type=int, help="items the scenario adds (each has its default)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commands", default="check,build", help="comma list: check, check-json, build, build-all")
    parser.add_argument("--write", type=Path, help="only write each scenario's plan into WRITE/SCENARIO")
    args = parser.parse_args(argv)
    if args.write:
        for name in args.scenarios:
            make, default = SCENARIOS[name]
            print(name, make(generate_plan(args.write / name, args.sections), args.size or default))
        return 0
    with tempfile.TemporaryDirectory(prefix="sitegen-cliffs-bench-") as tmp:
        work = Path(tmp)
        trees = {"after": ROOT}
        if args.before:
            (work / "before").mkdir()
            trees = {"before": export(args.before, work / "before"), "after": ROOT}
        plans = {}
        for name in args.scenarios:
            make, default = SCENARIOS[name]
            plan = generate_plan(work / name, args.sections)
            plans[name] = (plan, make(plan, args.size or default))
        runs: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
        for round_ in range(args.repeat + 1):
            for name, (plan, _) in plans.items():
                for command in args.commands.split(","):
                    for tree_name, tree in trees.items():
                        result = run_once(tree, command, plan, work / "out")
                        if round_:  # round 0 warms caches
                            runs.setdefault((name, command, tree_name), []).append(result)
        print(f"{args.sections} sections; {args.repeat} rounds; load {os.getloadavg()}")
        for name, (_, what) in plans.items():
            print(f"{name}: {what}")
        print("| scenario | command | tree | wall | CPU |\n|---|---|---|---:|---:|")
        for (name, command, tree_name), found in runs.items():
            print(f"| {name} | {command} | {tree_name} | {median_range([w for w, _ in found])} "
                  f"| {median_range([c for _, c in found])} |")
        if args.before:
            for name in plans:
                for command in args.commands.split(","):
                    before, after = (statistics.median(c for _, c in runs[(name, command, t)]) for t in trees)
                    print(f"{name} {command}: CPU {before:.2f} s → {after:.2f} s ({after / before - 1:+.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
