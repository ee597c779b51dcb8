"""One private site per audience (PLAN_FORMAT §10): a regional team's site shows its part of
the plan, every figure recomputed on it, and nothing of the others in any output file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import md

PLAN_YAML = """\
title: Two regions
currency: EUR
period: {start: 2027-01-01, end: 2027-12-31}
scenarios:
  - {id: olive-boom, name: Olive boom, segment: iberia, adjust: {target: "+10%"}}
  - {id: more-reps, name: Two more reps, adjust: {headcount: {reps: 2}}}
audiences:
  - id: north-team
    name: Nordic sales
    segments: [nordics]
    territories: [north]
    sections: ["company/*", "nordics/*", "welcome.md"]
  - id: south-team
    name: Iberian sales
    segments: [iberia]
    territories: [south]
    sections: ["company/*", "iberia/*", "iberia.md"]
"""

FILES = {
    "company/segments.md": md(
        "title: Customers\nkind: segments\nsegments:\n"
        "  - {id: nordics, name: Nordic Lumberyards, size: 900}\n"
        "  - {id: fjords, name: Fjord Sawmills, parent: nordics, size: 100}\n"
        "  - {id: iberia, name: Iberian Olive Growers, size: 800}\n"
    ),
    "company/goals.md": md(
        "title: Goals\nkind: goals\ngoals:\n"
        "  - {id: nordic-revenue, metric: revenue, target: 1200000, period: 2027, segment: nordics}\n"
        "  - {id: fjord-deals, metric: deals, target: 12, period: 2027-H1, segment: fjords}\n"
        "  - {id: olive-revenue, metric: revenue, target: 7777000, period: 2027, segment: iberia}\n"
    ),
    "company/funnel.md": md(
        "title: Sales funnel\nkind: funnel\ndeal_size: 20000\nstages:\n"
        "  - {id: lead, name: Lead, conversion: 0.25}\n  - {id: offer, name: Offer, conversion: 0.5}\n"
        "activities:\n  - {name: Calls, stage: lead, per_unit: 2, minutes: 15, role: reps}\n"
    ),
    "company/team.md": md(
        "title: Team\nkind: resources\nteam:\n  - {id: reps, role: Account executive, headcount: 6}\n"
    ),
    "company/territories.md": md(
        "title: Territories\nkind: territories\nterritories:\n"
        "  - {id: north, name: Scandinavia Route, accounts: 40, visits_per_month: 1, visit_minutes: 60,"
        " travel_minutes: 60, reps: 2}\n"
        "  - {id: south, name: Andalusia Route, accounts: 30, visits_per_month: 1, visit_minutes: 60,"
        " travel_minutes: 60, reps: 2}\n"
    ),
    "company/budget.md": md(
        "title: Budget\nkind: budget\ntotal: 500000\nlines:\n"
        "  - {name: Tools, amount: 10000}\n"
        "  - {name: Scandinavia fairs, amount: 20000, territory: north}\n"
        "  - {name: Andalusia roadshow, amount: 31337, territory: south}\n"
    ),
    "nordics/campaigns.md": md(
        "title: Nordic campaigns\nkind: campaigns\ncampaigns:\n"
        "  - {id: timber-expo, name: Timber Expo, type: marketing, plane: prospecting,"
        " start: 2027-03-01, end: 2027-03-31, segment: nordics, goal: nordic-revenue, budget: 15000}\n"
    ),
    "iberia/campaigns.md": md(
        "title: Iberian campaigns\nkind: campaigns\ncampaigns:\n"
        "  - {id: olive-harvest-tour, name: Olive Harvest Tour, type: sales, plane: sales,"
        " start: 2027-10-01, end: 2027-11-30, segment: iberia, goal: olive-revenue, budget: 44444}\n"
    ),
    "iberia.md": md("title: Iberian strategy\n", "Win the Seville cooperatives.\n"),
    "welcome.md": md("title: Welcome\n", "One plan, two regions.\n"),
}

IBERIA = ["iberia", "Iberian", "Olive", "olive", "7777000", "7,777,000", "Andalusia", "31337", "31,337",
          "44444", "44,444", "Seville", "south-team"]
NORDICS = ["nordics", "Nordic Lumberyards", "Fjord", "Scandinavia", "Timber Expo", "1200000", "1,200,000"]


_PLAIN: dict[str, bytes] = {}


def _plain_site() -> dict[str, bytes]:
    """The files of a site built from a one-page plan: what every site holds whatever its plan
    (Plotly, the theme's scripts and styles), so it cannot carry anyone's numbers."""
    if not _PLAIN:
        import tempfile

        from tests.conftest import run_cli, write_plan

        with tempfile.TemporaryDirectory() as tmp:
            write_plan(Path(tmp), {"welcome.md": md("title: Welcome\n")})
            run_cli("build", "--plan", "plan", "--out", "site", cwd=Path(tmp))
            site = Path(tmp) / "site"
            _PLAIN.update({str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()})
    return _PLAIN


def _all_text(site: Path) -> dict[str, str]:
    """Every file of the site that depends on the plan, made files (plan.json, feeds, a search
    index) included; files every site holds byte for byte are left out."""
    plain = _plain_site()
    return {
        name: p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and plain.get(name := str(p.relative_to(site))) != p.read_bytes()
    }


def _leaks(site: Path, words: list[str]) -> list[str]:
    return [f"{name}: {w}" for name, text in _all_text(site).items() for w in words if w in text]


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.com", "GIT_COMMITTER_NAME": "Ana",
           "GIT_COMMITTER_EMAIL": "ana@example.com", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def regions(tmp_path, write_plan):
    write_plan(tmp_path, FILES, PLAN_YAML)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "First plan for both regions")
    (tmp_path / "plan/iberia/campaigns.md").write_text(
        FILES["iberia/campaigns.md"].replace("Olive Harvest Tour", "Olive Harvest Tour 2"), encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "Rename the Iberian olive tour")
    return tmp_path


def test_an_audience_site_holds_nothing_of_the_other_audience(regions, run_cli):
    code, out, err = run_cli("build", "--plan", "plan", "--out", "north", "--audience", "north-team", cwd=regions)
    assert code == 0, err
    site = regions / "north"
    assert _leaks(site, IBERIA) == []
    pages = _all_text(site)
    assert any("Nordic Lumberyards" in text for text in pages.values())
    assert any("Timber Expo" in text for text in pages.values())
    assert "Scandinavia Route" in "".join(pages.values())


def test_the_audience_figures_are_recomputed_on_its_part(regions, run_cli):
    run_cli("build", "--plan", "plan", "--out", "north", "--audience", "north-team", cwd=regions)
    model = json.loads((regions / "north" / "plan.json").read_text(encoding="utf-8"))
    assert [g["id"] for g in model["goals"]] == ["nordic-revenue", "fjord-deals"]  # fjords: a sub-segment
    assert [c["id"] for c in model["campaigns"]] == ["timber-expo"]
    revenue = next(g for g in model["goals"] if g["id"] == "nordic-revenue")
    assert revenue["won"] == 60
    assert [(s["id"], s["required"]) for s in revenue["stages"]] == [("lead", 480), ("offer", 120)]
    assert [s["id"] for s in model["scenarios"]] == ["more-reps"]  # not the Iberian one
    calendar = (regions / "north" / "calendar.ics").read_text(encoding="utf-8")
    assert "Timber Expo" in calendar and "Olive" not in calendar


def test_sections_outside_the_audience_globs_and_their_history_are_left_out(regions, run_cli):
    code, _, err = run_cli("build", "--plan", "plan", "--out", "south", "--audience", "south-team", cwd=regions)
    assert code == 0, err
    site = regions / "south"
    assert _leaks(site, NORDICS + ["welcome", "Welcome", "One plan, two regions", "north-team"]) == []
    text = "".join(_all_text(site).values())
    assert "Olive Harvest Tour 2" in text and "Seville" in text
    # the commit that touched only Iberian files is theirs; the first commit touched the others' files too
    assert "Rename the Iberian olive tour" in text
    assert "First plan for both regions" not in text


def test_audience_all_builds_one_folder_per_audience(regions, run_cli):
    code, out, err = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=regions)
    assert code == 0, err
    assert sorted(p.name for p in (regions / "sites").iterdir()) == ["north-team", "south-team"]
    assert _leaks(regions / "sites" / "north-team", IBERIA) == []
    assert _leaks(regions / "sites" / "south-team", NORDICS) == []
    assert "Audience north-team:" in out and "Audience south-team:" in out


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_removed_audience_s_site_is_taken_down_by_the_next_build_of_all(regions, run_cli):
    """The south team's region was closed: its confidential site must not stay published."""
    run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=regions)
    plan_yaml = regions / "plan" / "plan.yaml"
    plan_yaml.write_text(PLAN_YAML[: PLAN_YAML.index("  - id: south-team")], encoding="utf-8")
    code, out, err = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=regions)
    assert code == 0, err
    assert _names(regions / "sites") == ["north-team"]
    assert "Removed sites/south-team/ (no such audience in plan.yaml any more)" in out


def test_a_whole_plan_site_built_there_earlier_does_not_stay_beside_the_audiences(regions, run_cli):
    code, _, err = run_cli("build", "--plan", "plan", "--out", "sites", cwd=regions)
    assert code == 0 and (regions / "sites" / "index.html").is_file(), err
    code, out, err = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=regions)
    assert code == 0, err
    assert _names(regions / "sites") == ["north-team", "south-team"]
    assert "Removed the site of the whole plan built into sites/ earlier (" in out
    assert _leaks(regions / "sites" / "north-team", IBERIA) == []


def test_the_user_s_own_files_beside_the_audiences_are_never_removed_without_force(regions, run_cli):
    run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=regions)
    (regions / "sites" / "README.txt").write_text("Our intranet: ask Ana for access.\n", encoding="utf-8")
    (regions / "sites" / "drafts").mkdir()
    (regions / "sites" / "drafts" / "q3.md").write_text("mine\n", encoding="utf-8")
    (regions / "plan" / "plan.yaml").write_text(PLAN_YAML[: PLAN_YAML.index("  - id: south-team")], encoding="utf-8")
    before = {p: p.read_bytes() for p in (regions / "sites").rglob("*") if p.is_file()}

    code, out, err = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", cwd=regions)
    assert code == 2
    assert "error: --out sites holds files sitegen did not write beside the audiences' folders " \
        "(sites/README.txt, sites/drafts/); nothing was written." in err
    assert {p: p.read_bytes() for p in (regions / "sites").rglob("*") if p.is_file()} == before  # south-team too

    code, out, err = run_cli("build", "--plan", "plan", "--out", "sites", "--audience", "all", "--force", cwd=regions)
    assert code == 0, err
    assert _names(regions / "sites") == ["north-team"]
    assert "sites/south-team/ (no such audience in plan.yaml any more)" in out
    assert "sites/README.txt, sites/drafts/ (--force)" in out


def test_an_unknown_audience_is_a_usage_error_with_a_suggestion(regions, run_cli):
    code, out, err = run_cli("build", "--plan", "plan", "--out", "x", "--audience", "north-tean", cwd=regions)
    assert code == 2
    assert "no such audience" in err and "did you mean 'north-team'?" in err
    assert not (regions / "x").exists()


def test_audience_references_are_checked_with_suggestions(tmp_path, write_plan, run_cli):
    bad = PLAN_YAML.replace("segments: [nordics]", "segments: [nordic]").replace(
        "territories: [south]", "territories: [soth]")
    write_plan(tmp_path, FILES, bad)
    code, out, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1
    assert "plan/plan.yaml:10:16: error: audience 'north-team': unknown segment 'nordic' (did you mean 'nordics'?) [unknown-ref]" in out
    assert "unknown territory 'soth' (did you mean 'south'?) [unknown-ref]" in out


def test_an_audience_that_would_see_no_goal_is_an_error(tmp_path, write_plan, run_cli):
    plan_yaml = PLAN_YAML + "  - {id: nobody, name: Nobody, sections: [welcome.md]}\n"
    write_plan(tmp_path, FILES, plan_yaml)
    code, out, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1
    assert "error: audience 'nobody' would see no goal" in out and "[audience-empty]" in out


def test_a_duplicate_audience_id_is_an_error(tmp_path, write_plan, run_cli):
    plan_yaml = PLAN_YAML + "  - {id: north-team, name: Again}\n"
    write_plan(tmp_path, FILES, plan_yaml)
    code, out, _ = run_cli("check", "--plan", "plan", cwd=tmp_path)
    assert code == 1 and "duplicate audience id 'north-team'" in out


def test_the_whole_plan_still_shows_everything(regions, run_cli):
    code, _, err = run_cli("build", "--plan", "plan", "--out", "all-of-it", cwd=regions)
    assert code == 0, err
    text = "".join(_all_text(regions / "all-of-it").values())
    assert "Olive Harvest Tour 2" in text and "Timber Expo" in text


def test_the_others_results_and_changes_stay_out_of_the_review_and_what_changed_pages(regions, run_cli):
    """A results file both regions share, and a build that compares with the last commit: the
    north team's review, "What changed" and board pack show its own results and changes only."""
    (regions / "plan/company/results.md").write_text(md(
        "title: Results\nkind: actuals\nactuals:\n"
        "  - {goal: nordic-revenue, value: 300000, as_of: 2027-03-31}\n"
        "  - {goal: olive-revenue, value: 2345678, as_of: 2027-03-31}\n"
        "  - {goal: olive-revenue, stage: lead, value: 987, as_of: 2027-03-31}\n"), encoding="utf-8")
    _git(regions, "add", "-A")
    _git(regions, "commit", "-qm", "Q1 results")
    goals = regions / "plan/company/goals.md"
    goals.write_text(goals.read_text(encoding="utf-8").replace("7777000", "7888000").replace("1200000", "1250000"),
                     encoding="utf-8")
    _git(regions, "commit", "-qam", "Targets up")
    others = [*IBERIA, "2345678", "2,345,678", "7888000", "7,888,000"]

    code, _, err = run_cli("build", "--plan", "plan", "--out", "whole", "--compare-to", "HEAD~1", cwd=regions)
    assert code == 0, err
    whole = _all_text(regions / "whole")
    assert {"2,345,678", "7,888,000"} <= {w for text in whole.values() for w in others if w in text}

    code, _, err = run_cli("build", "--plan", "plan", "--out", "north", "--audience", "north-team",
                           "--compare-to", "HEAD~1", cwd=regions)
    assert code == 0, err
    site = regions / "north"
    assert _leaks(site, others) == []
    assert "€300,000" in (site / "review.html").read_text(encoding="utf-8")
    changes = (site / "changes.html").read_text(encoding="utf-8")
    assert "€1,200,000" in changes and "€1,250,000" in changes
