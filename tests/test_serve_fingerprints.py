"""Front-matter edits in `serve`: only the pages whose inputs changed are rendered again,
and the preview site is byte for byte what `sitegen build` makes of the edited plan."""

from __future__ import annotations

from pathlib import Path

from previews import built, edit, example_preview, preview


def test_a_goal_target_edit_renders_only_affected_pages_and_matches_a_full_build(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "strategy" / "goals.md", r"^    target: 1440000$", "    target: 1500000")
    result = rebuilder.rebuild(["strategy/goals.md"])
    assert result.ok
    assert "strategy/goals.html" in result.written and "plan.json" in result.written
    assert "strategy/goals.html" in result.rendered
    assert "strategy/swot.html" not in result.rendered  # nothing it shows moved: not rendered
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_a_campaign_date_edit_updates_calendar_and_matches_a_full_build(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "campaigns" / "h1.md", r"^    start: 2027-01-11$", "    start: 2027-01-12")
    result = rebuilder.rebuild(["campaigns/h1.md"])
    assert result.ok and "calendar.ics" in result.written
    assert "campaigns/h1.html" in result.rendered and "market/offer.html" not in result.rendered
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_a_title_edit_renames_it_in_every_sidebar_and_matches_a_full_build(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "market" / "offer.md", r"^title: .*$", "title: What we sell")
    result = rebuilder.rebuild(["market/offer.md"])
    assert result.ok and "strategy/swot.html" in result.written  # its sidebar names the page
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_edits_in_a_row_then_a_new_and_a_removed_file_match_a_full_build(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "strategy" / "goals.md", r"^    target: 25$", "    target: 30")
    assert rebuilder.rebuild(["strategy/goals.md"]).ok
    edit(plan / "strategy" / "goals.md", r"^    target: 30$", "    target: 25")
    assert rebuilder.rebuild(["strategy/goals.md"]).ok
    (plan / "market" / "pricing.md").write_text("---\ntitle: Pricing\n---\nList prices.\n", encoding="utf-8")
    (plan / "reviews" / "q2-flash.md").unlink()
    result = rebuilder.rebuild(["market/pricing.md", "reviews/q2-flash.md"])
    assert result.ok and "market/pricing.html" in result.written
    assert "reviews/q2-flash.html" in result.removed
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_the_calendar_is_kept_when_only_a_target_moves_and_redone_when_a_goal_period_does(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    ics, page = rebuilder.render_cache.last("ics"), rebuilder.render_cache.last("calendar.html")
    edit(plan / "strategy" / "goals.md", r"^    target: 1440000$", "    target: 1500000")
    assert rebuilder.rebuild(["strategy/goals.md"]).ok
    assert rebuilder.render_cache.last("ics") is ics  # the ICS files read no targets
    assert rebuilder.render_cache.last("calendar.html") is page
    edit(plan / "strategy" / "goals.md", r"^    period: 2027-03$", "    period: 2027-04")
    assert rebuilder.rebuild(["strategy/goals.md"]).ok
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_a_goal_target_edit_redraws_its_funnel_page_and_the_dashboard(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "strategy" / "goals.md", r"^    target: 1440000$", "    target: 1500000")
    result = rebuilder.rebuild(["strategy/goals.md"])
    assert result.ok
    assert {"index.html", "plan.json", "smb-velocity.html"} <= set(result.written)
    assert "enterprise-sales.html" not in result.rendered  # another funnel's goals
    edit(plan / "strategy" / "goals.md", r"^    target: 1500000$", "    target: 1440000")
    result = rebuilder.rebuild(["strategy/goals.md"])  # back to the first figures
    assert result.ok and "plan.json" in result.written
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_renaming_a_segment_a_product_a_role_or_a_competitor_reaches_every_page_showing_it(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edits = [
        ("market/segments.md", r"^    name: Small businesses$", "    name: Small firms", "campaigns/h1.html"),
        ("market/offer.md", r"^    name: Northwind Insight — Team$", "    name: Northwind Insight — Teams",
         "market/offer.html"),
        ("execution/resources.md", r"^    role: Sales Development Representative$",
         "    role: Sales Development Rep", "smb-velocity.html"),
        ("strategy/positioning.md", r"^    name: Brightmetric$", "    name: BrightMetric BI",
         "strategy/positioning.html"),
    ]
    for rel, pattern, replacement, page in edits:
        edit(plan / rel, pattern, replacement)
        result = rebuilder.rebuild([rel])
        assert result.ok and page in result.written, rel
        assert "strategy/swot.html" not in result.rendered or rel == "strategy/positioning.md"
        assert preview(rebuilder) == built(plan, tmp_path / rel.replace("/", "-")), rel


def test_a_budget_line_and_an_actuals_csv_edit_match_a_full_build(tmp_path: Path) -> None:
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "execution" / "budget.md", r"^    amount: 116400$", "    amount: 120000")
    result = rebuilder.rebuild(["execution/budget.md"])
    assert result.ok and "execution/budget.html" in result.written
    assert preview(rebuilder) == built(plan, tmp_path / "built-budget")
    edit(plan / "reviews" / "actuals-q1.csv", r"^smb-deals-2027-03,22,", "smb-deals-2027-03,23,")
    result = rebuilder.rebuild(["reviews/actuals-q1.csv"])
    assert result.ok and "reviews/q1-review.html" in result.written
    assert preview(rebuilder) == built(plan, tmp_path / "built-actuals")


def test_a_goal_target_edit_leaves_the_campaign_pages_whose_timelines_read_only_goal_periods(tmp_path: Path) -> None:
    """What a page is rendered from is recorded as its context reads the plan (no list kept by
    hand): the campaign timeline reads a goal's id, name and period and the review date, so a
    new target does not render the campaign pages again; a new period does."""
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "strategy" / "goals.md", r"^    target: 1440000$", "    target: 1500000")
    result = rebuilder.rebuild(["strategy/goals.md"])
    assert result.ok and "campaigns/h1.html" not in result.rendered
    edit(plan / "strategy" / "goals.md", r"^    period: 2027-03$", "    period: 2027-04")
    result = rebuilder.rebuild(["strategy/goals.md"])
    assert result.ok
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_a_goal_target_edit_redraws_that_goals_review_part_only_even_after_a_prose_save(tmp_path: Path) -> None:
    """The review page is made of one part per goal with actuals; a new target redraws the
    edited goal's part (and the parts of goals it rolls up into), and a prose save in between,
    which keeps the review page whole, keeps every part for the next save."""
    plan, rebuilder = example_preview(tmp_path)
    mid = rebuilder.render_cache.last("review.html#mid-market-revenue-2027")
    smb = rebuilder.render_cache.last("review.html#smb-revenue-2027")
    assert mid is not None and smb is not None
    edit(plan / "executive-summary.md", r"\Z", "\nOne more sentence of prose.\n")
    assert rebuilder.rebuild(["executive-summary.md"]).ok
    edit(plan / "strategy" / "goals.md", r"^    target: 1440000$", "    target: 1500000")
    result = rebuilder.rebuild(["strategy/goals.md"])
    assert result.ok and "review.html" in result.written
    assert rebuilder.render_cache.last("review.html#mid-market-revenue-2027") is mid
    assert rebuilder.render_cache.last("review.html#smb-revenue-2027") is not smb
    assert preview(rebuilder) == built(plan, tmp_path / "built")


def test_a_goal_rename_reaches_the_calendar_and_its_ics_events(tmp_path: Path) -> None:
    """The calendar and the ICS files are kept by what they read of the plan (recorded as they
    are made, no list kept by hand): an event names the goal its campaign feeds, so a new goal
    name makes them again."""
    plan, rebuilder = example_preview(tmp_path)
    edit(plan / "strategy" / "goals.md", r"^    name: Small-business revenue 2027$", "    name: SMB revenue 2027")
    result = rebuilder.rebuild(["strategy/goals.md"])
    assert result.ok and "calendar.ics" in result.written
    assert b"SMB revenue 2027" in (tmp_path / "site" / "calendar.ics").read_bytes()
    assert preview(rebuilder) == built(plan, tmp_path / "built")
