"""`sitegen init`: a sales lead starts a plan in their language and builds it at once.

Each story runs the real command line: init a folder, check it, build it, and
look at what a user would look at (the exit code, the summary line, the files,
plan.json).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.init import default_year
from sitegen.init.skeleton import LOCALES, PLACEHOLDERS, render_skeleton

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {"en": ("USD", "US"), "pl": ("PLN", "PL"), "zh": ("CNY", "CN")}
STEPS = [  # the steps of a sales strategy, in order, as section kinds
    "page", "positioning", "swot", "goals", "segments", "offer", "funnel",
    "resources", "campaigns", "page", "territories", "budget", "actuals",
]  # fmt: skip


def sitegen(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def front_matter(text: str) -> dict[str, str]:
    head = text.split("---\n")[1]
    return dict(re.findall(r"^(\w+): *(.*)$", head, flags=re.M))


@pytest.mark.parametrize("language", ["en", "pl", "zh"])
def test_a_new_plan_checks_clean_and_builds_at_once(tmp_path, capsys, language):
    plan, out = tmp_path / "plan", tmp_path / "public"

    code, stdout, _ = sitegen(capsys, "init", plan, "--language", language, "--year", 2030)
    assert code == 0
    assert (plan / "plan.yaml").is_file()
    assert f"sitegen serve --plan {plan.as_posix()}" in stdout
    assert f"sitegen build --plan {plan.as_posix()}" in stdout

    code, stdout, _ = sitegen(capsys, "check", "--plan", plan)
    assert code == 0
    assert "0 errors, 0 warnings" in stdout

    code, _, err = sitegen(capsys, "build", "--plan", plan, "--out", out)
    assert code == 0, err
    model = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    currency, holidays = DEFAULTS[language]
    assert model["language"] == language
    assert model["currency"] == currency
    assert model["period"] == {"start": "2030-01-01", "end": "2030-12-31"}
    assert model["diagnostics"] == []
    assert f"holidays: {holidays}" in (plan / "plan.yaml").read_text(encoding="utf-8")
    # every goal is worked back through the funnel into deals and leads
    assert model["goals"] and all(g["won"] and g["stages"] for g in model["goals"])
    assert {c["plane"] for c in model["campaigns"]} == {"prospecting", "sales", "cross-selling", "retention"}


@pytest.mark.parametrize("language", ["en", "pl", "zh"])
def test_the_new_plan_becomes_a_site_with_a_page_per_section(tmp_path, capsys, language):
    plan, out = tmp_path / "plan", tmp_path / "public"
    assert sitegen(capsys, "init", plan, "--language", language, "--year", 2030)[0] == 0
    assert sitegen(capsys, "build", "--plan", plan, "--out", out)[0] == 0
    if not (out / "index.html").is_file():
        pytest.skip("the site renderer does not write the section pages yet")
    for md in plan.glob("*.md"):
        section_id = front_matter(md.read_text(encoding="utf-8")).get("id", md.stem)
        assert (out / f"{section_id}.html").is_file(), md.name


def test_the_skeleton_follows_the_steps_of_a_sales_strategy_in_every_language():
    for language in LOCALES:
        files = render_skeleton(language, "EUR", 2031)
        sections = sorted(
            (int(fm["order"]), fm.get("kind", "page"))
            for fm in (front_matter(text) for path, text in files.items() if path.endswith(".md"))
        )
        assert [kind for _, kind in sections] == STEPS, language
        assert [order for order, _ in sections] == list(range(1, len(STEPS) + 1)), language


def test_every_placeholder_is_filled_and_the_same_input_gives_the_same_files():
    for language in LOCALES:
        files = render_skeleton(language, "EUR", 2031)
        assert files == render_skeleton(language, "EUR", 2031)
        for path, text in files.items():
            for name in PLACEHOLDERS:
                assert "{" + name + "}" not in text, (language, path)
        assert "2031-01-01" in files["plan.yaml"] and "currency: EUR" in files["plan.yaml"]


def test_the_chinese_plan_has_chinese_file_names(tmp_path, capsys):
    assert sitegen(capsys, "init", tmp_path / "计划", "--language", "zh")[0] == 0
    assert (tmp_path / "计划" / "04-销售目标.md").is_file()
    assert (tmp_path / "计划" / "实际业绩.csv").is_file()


def test_another_currency_still_gives_a_clean_plan(tmp_path, capsys):
    plan, out = tmp_path / "plan", tmp_path / "public"
    assert sitegen(capsys, "init", plan, "--language", "pl", "--currency", "eur")[0] == 0
    assert "currency: EUR" in (plan / "plan.yaml").read_text(encoding="utf-8")
    code, stdout, _ = sitegen(capsys, "check", "--plan", plan)
    assert code == 0 and "0 errors, 0 warnings" in stdout
    assert sitegen(capsys, "build", "--plan", plan, "--out", out)[0] == 0
    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["currency"] == "EUR"


def test_the_year_is_next_year_unless_given(tmp_path, capsys):
    assert sitegen(capsys, "init", tmp_path / "next")[0] == 0
    next_year = dt.date.today().year + 1
    assert f"start: {next_year}-01-01" in (tmp_path / "next" / "plan.yaml").read_text(encoding="utf-8")

    assert sitegen(capsys, "init", tmp_path / "later", "--year", 2030)[0] == 0
    goals = (tmp_path / "later" / "04-goals.md").read_text(encoding="utf-8")
    assert "period: 2030-Q4" in goals and "id: revenue-2030" in goals


@pytest.mark.parametrize("language", ["en", "pl", "zh"])
def test_a_fiscal_year_plan_from_april_checks_clean_and_builds(tmp_path, capsys, language):
    plan, out = tmp_path / "plan", tmp_path / "public"
    code, stdout, _ = sitegen(capsys, "init", plan, "--language", language, "--year", 2028, "--fiscal-year-start", 4)
    assert code == 0 and "FY2028" in stdout
    settings = (plan / "plan.yaml").read_text(encoding="utf-8")
    assert "start: 2027-04-01" in settings and "end: 2028-03-31" in settings and "fiscal_year_start: 4" in settings
    code, stdout, _ = sitegen(capsys, "check", "--plan", plan)
    assert code == 0 and "0 errors, 0 warnings" in stdout
    assert sitegen(capsys, "build", "--plan", plan, "--out", out)[0] == 0
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    quarters = {g["period"]: (g["period_start"], g["period_end"]) for g in data["goals"]}
    assert quarters["FY2028-Q1"] == ("2027-04-01", "2027-06-30")
    assert quarters["FY2028-Q4"] == ("2028-01-01", "2028-03-31")


def test_a_skeleton_moved_onto_a_fiscal_year_keeps_month_ends():
    files = render_skeleton("en", "USD", 2028, fiscal_year_start=4)
    campaigns = files["09-campaigns.md"]
    # 1 February – 30 April becomes 1 May – 31 July: a month end stays a month end
    assert "start: 2027-05-01" in campaigns and "end: 2027-07-31" in campaigns
    assert "{year}" not in "".join(files.values())


def test_an_unknown_currency_is_a_usage_error_and_writes_nothing(tmp_path, capsys):
    code, _, err = sitegen(capsys, "init", tmp_path / "plan", "--currency", "EURO")
    assert code == 2
    assert "'EURO' is not an ISO 4217 currency code (did you mean 'EUR'?)" in err
    assert not (tmp_path / "plan").exists()


def test_init_refuses_to_overwrite_an_existing_plan(tmp_path, capsys):
    plan = tmp_path / "plan"
    assert sitegen(capsys, "init", plan)[0] == 0
    (plan / "04-goals.md").write_text("my own goals\n", encoding="utf-8")
    before = snapshot(plan)

    code, stdout, err = sitegen(capsys, "init", plan, "--language", "pl")
    assert code == 1
    assert "zawiera już plan" in err and "niczego nie zmieniono" in err  # said in the language asked for
    assert stdout == ""
    assert snapshot(plan) == before


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "ideas.md").write_text("call Anna about the fair\n", encoding="utf-8")

    code, _, err = sitegen(capsys, "init", folder)
    assert code == 1
    assert "is not empty" in err
    assert snapshot(folder) == {"ideas.md": b"call Anna about the fair\n"}


def test_init_refuses_a_path_that_is_a_file(tmp_path, capsys):
    (tmp_path / "plan").write_text("not a folder\n", encoding="utf-8")
    code, _, err = sitegen(capsys, "init", tmp_path / "plan")
    assert code == 1
    assert "is not a folder" in err
    assert (tmp_path / "plan").read_text(encoding="utf-8") == "not a folder\n"


def test_init_fills_an_empty_folder_and_creates_missing_parents(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert sitegen(capsys, "init", tmp_path / "empty")[0] == 0
    assert (tmp_path / "empty" / "plan.yaml").is_file()
    assert sitegen(capsys, "init", tmp_path / "a" / "b" / "plan")[0] == 0
    assert (tmp_path / "a" / "b" / "plan" / "plan.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_python_m_sitegen_init_then_check(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "sitegen", *args]
        return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    made = run("init", "plan", "--language", "zh")
    assert made.returncode == 0, made.stderr
    assert "plan/plan.yaml" in made.stdout
    checked = run("check")
    assert checked.returncode == 0 and "0 errors, 0 warnings" in checked.stdout


def test_the_getting_started_tour_names_every_file_of_the_skeleton():
    guide = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    for path in render_skeleton("en", "USD", 2027):
        assert f"`{path}`" in guide, path


def test_without_a_year_a_fiscal_plan_is_for_the_next_fiscal_year_to_start(tmp_path, capsys):
    # run in December 2026 with a year from April: FY2027 began in April 2026, so FY2028 it is
    assert default_year(dt.date(2026, 12, 6), 4) == 2028
    assert default_year(dt.date(2026, 2, 1), 4) == 2027  # FY2027 still starts on 1 April 2026
    assert default_year(dt.date(2026, 4, 1), 4) == 2028  # FY2027 has begun today
    assert default_year(dt.date(2026, 12, 6)) == 2027  # a calendar year: next year, as before
    code, stdout, _ = sitegen(capsys, "init", tmp_path / "plan", "--fiscal-year-start", 4)
    assert code == 0
    settings = (tmp_path / "plan" / "plan.yaml").read_text(encoding="utf-8")
    start = re.search(r"start: (\d{4}-\d{2}-\d{2})", settings).group(1)
    assert dt.date.fromisoformat(start) > dt.date.today() and start.endswith("-04-01")
    assert f"FY{int(start[:4]) + 1}" in stdout
