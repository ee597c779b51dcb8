"""Front-matter edits in `serve` reuse what did not change — each file's validation, each
goal's, campaign's and territory's results, their digests — and still give exactly what a
fresh `sitegen check` and `sitegen build` give of the edited plan: the same diagnostics, the
same site, byte for byte. These stories edit references across files, delete and restore
files, rename a goal that others name, and break then fix a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from previews import edit, example_preview, preview, site_files

from sitegen.cli import main
from sitegen.compute import compute_plan
from sitegen.pipeline import AnalysisCache, analyse, analyse_folder
from sitegen.serve.rebuild import Rebuilder

ROOT = Path(__file__).resolve().parent.parent


def _saved(plan: Path, rebuilder: Rebuilder, tmp_path: Path, *rels: str, ok: bool = True):
    """Rebuild after a save; what the preview says and shows is what a fresh check and build say."""
    result = rebuilder.rebuild(list(rels))
    assert result.ok is ok, [d.message for d in result.diagnostics]
    fresh = analyse_folder(plan)
    assert list(result.diagnostics) == fresh.diagnostics
    if ok:
        built = tmp_path / "built"
        shutil.rmtree(built, ignore_errors=True)
        assert main(["build", "--plan", str(plan), "--out", str(built)]) == 0
        assert preview(rebuilder) == site_files(built)
    return result


def test_pointing_a_goal_at_another_product_revalues_it_everywhere(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    goals = plan / "strategy" / "goals.md"
    edit(goals, r"^    product: insight-team$", "    product: insight-business")
    result = _saved(plan, rebuilder, tmp_path, "strategy/goals.md")
    assert "plan.json" in result.written
    edit(
        plan / "market" / "offer.md",
        r"^(  - id: insight-business\n(?:    .*\n)*?    price: )\d+",
        r"\g<1>999",
    )
    _saved(
        plan, rebuilder, tmp_path, "market/offer.md"
    )  # the product's file, not the goal's, changed


def test_renaming_a_goal_others_name_is_an_error_until_they_follow(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "strategy" / "goals.md", r"^  - id: smb-deals-2027-03$", "  - id: smb-deals-march")
    failed = _saved(plan, rebuilder, tmp_path, "strategy/goals.md", ok=False)
    unknown = [d for d in failed.diagnostics if d.code == "unknown-ref"]
    assert unknown and all("smb-deals-2027-03" in d.message for d in unknown)
    assert {d.path.rsplit("/", 2)[-2] for d in unknown} >= {"campaigns"}
    edit(
        plan / "campaigns" / "h1.md", r"goal: smb-deals-2027-03$", "goal: smb-deals-march", count=0
    )
    edit(plan / "reviews" / "actuals-q1.csv", r"^smb-deals-2027-03,", "smb-deals-march,")
    _saved(plan, rebuilder, tmp_path, "campaigns/h1.md", "reviews/actuals-q1.csv")


def test_deleting_a_file_others_need_then_restoring_it(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    segments = plan / "market" / "segments.md"
    text = segments.read_bytes()
    segments.unlink()
    failed = _saved(plan, rebuilder, tmp_path, "market/segments.md", ok=False)
    assert any(d.code == "unknown-ref" and "segment" in d.message for d in failed.diagnostics)
    segments.write_bytes(text)
    _saved(plan, rebuilder, tmp_path, "market/segments.md")  # the last good site was this one
    flash = plan / "reviews" / "q2-flash.md"
    text = flash.read_bytes()
    flash.unlink()
    assert (
        "reviews/q2-flash.html" in _saved(plan, rebuilder, tmp_path, "reviews/q2-flash.md").removed
    )
    flash.write_bytes(text)
    assert (
        "reviews/q2-flash.html" in _saved(plan, rebuilder, tmp_path, "reviews/q2-flash.md").written
    )


def test_a_broken_file_then_its_fix(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    budget = plan / "execution" / "budget.md"
    good = budget.read_text(encoding="utf-8")
    budget.write_text(
        good.replace("kind: budget", "kind: budget\nbogus_field: 1", 1), encoding="utf-8"
    )
    failed = _saved(plan, rebuilder, tmp_path, "execution/budget.md", ok=False)
    assert any("bogus_field" in d.message for d in failed.diagnostics)
    budget.write_text(good, encoding="utf-8")  # the very bytes it had before
    _saved(plan, rebuilder, tmp_path, "execution/budget.md")
    edit(plan / "strategy" / "goals.md", r"^    target: 1440000$", "    target: 1500000")
    _saved(plan, rebuilder, tmp_path, "strategy/goals.md")


def test_team_and_calendar_edits_reach_every_goal_they_feed(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "execution" / "resources.md", r"^    headcount: 4$", "    headcount: 6")
    _saved(
        plan, rebuilder, tmp_path, "execution/resources.md"
    )  # per-rep figures of every goal move
    edit(plan / "plan.yaml", r"^working_days: .*$", "working_days: [mon, tue, wed, thu]")
    _saved(plan, rebuilder, tmp_path, "plan.yaml")  # working days of every goal and territory move
    edit(plan / "plan.yaml", r"^holidays: US$", "holidays: [2027-07-05]")
    _saved(plan, rebuilder, tmp_path, "plan.yaml")


def test_moving_an_actual_and_a_funnel_edit(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(
        plan / "reviews" / "actuals-q1.csv",
        r"^smb-revenue-2027,331200,",
        "smb-revenue-2027,331201,",
    )
    _saved(plan, rebuilder, tmp_path, "reviews/actuals-q1.csv")
    funnel = plan / "execution" / "funnels" / "smb.md"
    edit(funnel, r"^    conversion: 0.40$", "    conversion: 0.42")
    _saved(plan, rebuilder, tmp_path, "execution/funnels/smb.md")


def test_an_unchanged_file_keeps_its_validated_section_and_results(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    before = rebuilder.last_good
    edit(plan / "campaigns" / "h1.md", r"^    start: 2027-01-11$", "    start: 2027-01-12")
    assert rebuilder.rebuild(["campaigns/h1.md"]).ok
    after = rebuilder.last_good
    old = {s.rel: s for s in before.plan.sections}
    for section in after.plan.sections:
        assert (section is old[section.rel]) is (section.rel != "campaigns/h1.md"), section.rel
    assert all(
        new is old for new, old in zip(after.computed.goals, before.computed.goals, strict=True)
    )
    old_campaigns = {c.id: c for c in before.computed.campaigns}
    for campaign in after.computed.campaigns:
        assert (campaign is old_campaigns[campaign.id]) is (campaign.section != "campaigns/h1"), (
            campaign.id
        )


@pytest.mark.parametrize("rounds", [2])
def test_compute_with_a_memo_is_compute_without_one(tmp_path: Path, rounds: int) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    cache = AnalysisCache()
    for _ in range(rounds):
        analysis = analyse(analyse_folder(plan).sources, cache)
        assert analysis.computed == compute_plan(analysis.plan)


def test_saves_the_events_fully_name_are_read_without_a_folder_walk(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    goals = plan / "strategy" / "goals.md"
    edit(goals, r"^    target: 1440000$", "    target: 1500000")
    stats = dict(rebuilder.stats)
    (plan / "market" / "offer.md").write_text("not read: no event named it", encoding="utf-8")
    result = rebuilder.rebuild(["strategy/goals.md"], complete=True)
    assert result.ok and "plan.json" in result.written
    assert rebuilder.stats.keys() == stats.keys()
    assert rebuilder.files["market/offer.md"] != b"not read: no event named it"
    shutil.copy(ROOT / "plan" / "market" / "offer.md", plan / "market" / "offer.md")
    (plan / "market" / "pricing.md").write_text(
        "---\ntitle: Pricing\n---\nList.\n", encoding="utf-8"
    )
    result = rebuilder.rebuild(["market/pricing.md"], complete=True)  # new: the folder is walked
    assert result.ok and "market/pricing.html" in result.written
    (plan / "reviews" / "q2-flash.md").unlink()
    result = rebuilder.rebuild(["reviews/q2-flash.md"], complete=True)
    assert result.ok and "reviews/q2-flash.html" in result.removed
    assert "reviews/q2-flash.md" not in rebuilder.files
    _saved(plan, rebuilder, tmp_path)


def test_plan_json_from_kept_pieces_is_plan_json_made_afresh(tmp_path: Path) -> None:
    import hashlib
    import pickle

    from sitegen.site.pages.planjson import plan_json

    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    fragments: dict = {}

    def key(item) -> bytes:
        return hashlib.blake2b(pickle.dumps(item)).digest()

    edits = [
        ("strategy/goals.md", r"^    target: 1440000$", "    target: 1500000"),
        ("campaigns/h1.md", r"^    start: 2027-01-11$", "    start: 2027-01-12"),
        ("campaigns/h1.md", r"^    start: 2027-01-12$", "    start: 2027-01-11"),
        ("market/segments.md", r"^    name: Small businesses$", "    name: Small firms"),
    ]
    for rel, pattern, replacement in [("plan.yaml", "^", ""), *edits]:
        if pattern != "^":
            edit(plan / rel, pattern, replacement)
        analysis = analyse_folder(plan)
        for _ in range(2):  # made from last time's pieces, then from its own
            kept = plan_json(analysis.computed, analysis.diagnostics, fragments, key)
            assert kept == plan_json(analysis.computed, analysis.diagnostics)
