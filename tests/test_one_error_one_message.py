"""One typo, one message: a file that cannot be read is reported first, once, and the
references into it wait until it is fixed instead of burying it under "unknown id" errors."""

from __future__ import annotations

from tests.conftest import md

SEGMENTS = md("title: Customers\nkind: segments\nsegments:\n  - {id: smb, name: Small firms}\n")
GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: smb-2027, metric: deals, target: 10, period: 2027, segment: smb}\n"
    "  - {id: smb-h1, metric: deals, target: 4, period: 2027-H1, segment: smb}\n"
)
CAMPAIGNS = md(
    "title: Campaigns\nkind: campaigns\ncampaigns:\n"
    "  - {id: webinar, name: Webinar, type: marketing, plane: prospecting, start: 2027-02-01,"
    " end: 2027-02-28, goal: smb-2027}\n"
    "  - {id: fair, name: Fair, type: sales, plane: sales, start: 2027-03-01, end: 2027-03-02, goal: smb-h1}\n"
)
ACTUALS = md("title: Results\nkind: actuals\nactuals:\n  - {goal: smb-2027, value: 3, as_of: 2027-03-31}\n")


def test_a_yaml_typo_in_goals_gives_one_error_that_counts_the_waiting_references(check_plan):
    broken = GOALS.replace("metric: deals, target: 10", "metric: deals, target: [10")
    code, lines, _ = check_plan({"segments.md": SEGMENTS, "goals.md": broken, "campaigns.md": CAMPAIGNS,
                                 "actuals.md": ACTUALS})
    assert code == 1
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1, lines
    assert errors[0].startswith("plan/goals.md:") and errors[0].endswith("[yaml-syntax]")
    assert "(3 references to ids this file may define not checked until it is fixed)" in errors[0]


def test_the_unreadable_file_comes_first_even_after_other_files_errors(check_plan):
    broken = SEGMENTS.replace("name: Small firms}", "name: Small firms")
    bad_campaign = CAMPAIGNS.replace("type: sales,", "type: sale,")
    code, lines, _ = check_plan({"a-campaigns.md": bad_campaign, "segments.md": broken, "goals.md": GOALS})
    errors = [line for line in lines if ": error: " in line]
    assert errors[0].startswith("plan/segments.md:") and "[yaml-syntax]" in errors[0]
    assert "2 references" in errors[0]  # the two goals' segment
    assert any("a-campaigns.md" in e and "'sale'" in e for e in errors[1:])
    assert not any("unknown segment" in e for e in errors)


def test_a_real_unknown_reference_elsewhere_is_still_reported(check_plan):
    broken = SEGMENTS.replace("name: Small firms}", "name: Small firms")
    typo = CAMPAIGNS.replace("goal: smb-h1", "goal: smb-h2")
    _, lines, _ = check_plan({"segments.md": broken, "goals.md": GOALS, "campaigns.md": typo})
    assert any("unknown goal 'smb-h2' (did you mean 'smb-h1'?)" in line for line in lines)


def test_once_fixed_every_reference_is_checked_again(check_plan):
    typo = GOALS.replace("segment: smb}", "segment: smbb}")
    code, lines, _ = check_plan({"segments.md": SEGMENTS, "goals.md": typo})
    assert code == 1
    assert sum("unknown segment 'smbb' (did you mean 'smb'?)" in line for line in lines) == 2


def test_the_preview_overlay_lists_the_unreadable_file_first(tmp_path):
    from sitegen.pipeline import analyse_folder
    from sitegen.serve.overlay import overlay_html
    from tests.conftest import write_plan

    broken = SEGMENTS.replace("name: Small firms}", "name: Small firms")
    typo = CAMPAIGNS.replace("goal: smb-h1", "goal: smb-h2")
    analysis = analyse_folder(write_plan(tmp_path, {"campaigns.md": typo, "segments.md": broken, "goals.md": GOALS}))
    html = overlay_html(analysis.diagnostics)
    assert html.index("yaml-syntax") < html.index("unknown goal")
