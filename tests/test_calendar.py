"""The campaign calendar: month grids, the two timing warnings, the localized page."""

from __future__ import annotations

import datetime as dt
import json
import re

from sitegen.compute.calendar import month_grid, month_grids
from sitegen.pipeline import analyse_folder

D = dt.date

CAMPAIGNS = """\
---
title: Campaigns
kind: campaigns
campaigns:
  - id: spring-push
    name: Spring push
    type: sales
    plane: sales
    start: 2027-03-25
    end: 2027-04-06
    segment: smb
    owner: Ann
    channel: Phone
    budget: 1000
  - id: all-year
    name: All-year search
    type: marketing
    plane: prospecting
    start: 2027-01-01
    end: 2027-12-31
---
"""

SEGMENTS = """\
---
title: Segments
kind: segments
segments:
  - id: smb
    name: Small firms
---
"""


def _analysis(tmp_path, write_plan, campaigns=CAMPAIGNS, extra=None, plan_yaml=None):
    files = {"campaigns.md": campaigns, "segments.md": SEGMENTS, **(extra or {})}
    kwargs = {} if plan_yaml is None else {"plan_yaml": plan_yaml}
    analysis = analyse_folder(write_plan(tmp_path, files, **kwargs))
    assert analysis.computed is not None, [d.line_text() for d in analysis.diagnostics]
    return analysis


def _warnings(analysis, code):
    return [d for d in analysis.diagnostics if d.code == code]


def _line(d):
    """The diagnostic line with the path relative to the plan's parent (tests run anywhere)."""
    return d.line_text()[d.line_text().index("plan/"):]


# -- month grid ----------------------------------------------------------------


def test_a_campaign_crossing_a_month_boundary_is_clipped_and_continues(tmp_path, write_plan):
    campaigns = _analysis(tmp_path, write_plan).computed.campaigns
    march = month_grid(2027, 3, campaigns, first_weekday=0)  # weeks start on Monday

    assert march.weeks[0].days[0].date == D(2027, 3, 1)  # 1 March 2027 is a Monday
    last_week = march.weeks[-1]
    assert [d.date for d in last_week.days] == [D(2027, 3, 29) + dt.timedelta(i) for i in range(7)]
    assert [d.in_month for d in last_week.days] == [True, True, True, False, False, False, False]

    pieces = [(w, b) for w, week in enumerate(march.weeks) for b in week.bars if b.campaign.id == "spring-push"]
    assert [(w, b.column, b.span, b.continues_before, b.continues_after) for w, b in pieces] == [
        (3, 3, 4, False, True),  # Thu 25 – Sun 28
        (4, 0, 3, True, True),  # Mon 29 – Wed 31, goes on in April
    ]
    assert [b.first_in_month for _, b in pieces] == [True, False]

    april = month_grid(2027, 4, campaigns, first_weekday=0)
    first_piece = next(b for b in april.weeks[0].bars if b.campaign.id == "spring-push")
    assert (first_piece.column, first_piece.span, first_piece.continues_before) == (3, 4, True)  # Thu 1 – Sun 4
    assert {c.id for c in april.campaigns()} == {"spring-push", "all-year"}


def test_bars_of_one_week_never_share_a_lane(tmp_path, write_plan):
    campaigns = _analysis(tmp_path, write_plan).computed.campaigns
    for grid in month_grids(campaigns, D(2027, 1, 1), D(2027, 12, 31), first_weekday=6):
        assert grid.weeks[0].days[0].date.weekday() == 6  # Sunday first
        for week in grid.weeks:
            for a in week.bars:
                for b in week.bars:
                    if a is not b and a.lane == b.lane:
                        assert a.column + a.span <= b.column or b.column + b.span <= a.column


def test_one_grid_per_month_of_the_plan_period(tmp_path, write_plan):
    campaigns = _analysis(tmp_path, write_plan).computed.campaigns
    grids = month_grids(campaigns, D(2027, 2, 15), D(2027, 5, 2))
    assert [(g.year, g.month) for g in grids] == [(2027, 2), (2027, 3), (2027, 4), (2027, 5)]


# -- warnings --------------------------------------------------------------------

GOALS = """\
---
title: Goals
kind: goals
goals:
  - id: q1-deals
    metric: deals
    target: 10
    period: 2027-Q1
---
"""


def test_campaign_entirely_outside_its_goal_period_is_located_at_its_goal_field(tmp_path, write_plan):
    late = CAMPAIGNS.replace("    segment: smb\n", "    segment: smb\n    goal: q1-deals\n", 1)
    late = late.replace("start: 2027-03-25", "start: 2027-04-05").replace("end: 2027-04-06", "end: 2027-04-30")
    found = _warnings(_analysis(tmp_path, write_plan, late, {"goals.md": GOALS}), "campaign-outside-goal")
    assert len(found) == 1
    text = _line(found[0])
    assert text.startswith("plan/campaigns.md:12:11: warning: campaign 'spring-push' runs 2027-04-05 – 2027-04-30")
    assert "goal 'q1-deals'" in text and "2027-Q1" in text


def test_campaign_overlapping_its_goal_period_is_fine(tmp_path, write_plan):
    feeding = CAMPAIGNS.replace("    segment: smb\n", "    segment: smb\n    goal: q1-deals\n", 1)
    analysis = _analysis(tmp_path, write_plan, feeding, {"goals.md": GOALS})
    assert _warnings(analysis, "campaign-outside-goal") == []


def test_months_without_a_campaign_on_an_active_plane_are_a_gap(tmp_path, write_plan):
    found = _warnings(_analysis(tmp_path, write_plan), "campaign-gap")
    # sales runs only in March and April: Jan–Feb and May–Dec are gaps; prospecting runs all year
    assert [_line(d) for d in found] == [
        "plan/campaigns.md:8:12: warning: no sales campaign runs in 2027-01 – 2027-02 (2 months) although "
        "the plane has campaigns in other months; plan one to keep the system of actions continuous [campaign-gap]",
        "plan/campaigns.md:8:12: warning: no sales campaign runs in 2027-05 – 2027-12 (8 months) although "
        "the plane has campaigns in other months; plan one to keep the system of actions continuous [campaign-gap]",
    ]


def test_no_gap_when_every_month_is_covered(tmp_path, write_plan):
    yaml = "title: T\nperiod:\n  start: 2027-03-01\n  end: 2027-04-30\n"
    analysis = _analysis(tmp_path, write_plan, plan_yaml=yaml,
                         campaigns=CAMPAIGNS.replace("start: 2027-01-01", "start: 2027-03-01")
                         .replace("end: 2027-12-31", "end: 2027-04-30"))
    assert _warnings(analysis, "campaign-gap") == []


def test_warnings_reach_check_and_plan_json(tmp_path, write_plan, run_cli):
    plan = write_plan(tmp_path, {"campaigns.md": CAMPAIGNS, "segments.md": SEGMENTS})
    code, out, _ = run_cli("check", "--plan", plan, "--format", "json", cwd=tmp_path)
    assert code == 0
    assert {d["code"] for d in json.loads(out)} >= {"campaign-gap"}


# -- the page ----------------------------------------------------------------------


def _build(tmp_path, write_plan, run_cli, language):
    yaml = f"title: T\nlanguage: {language}\ncurrency: PLN\nperiod:\n  start: 2027-01-01\n  end: 2027-12-31\n"
    plan = write_plan(tmp_path, {"campaigns.md": CAMPAIGNS, "segments.md": SEGMENTS}, plan_yaml=yaml)
    code, out, err = run_cli("build", "--plan", plan, "--out", tmp_path / "public", cwd=tmp_path)
    assert code == 0, out + err
    return (tmp_path / "public" / "calendar.html").read_text(encoding="utf-8")


def test_polish_page_has_polish_month_and_weekday_names_weeks_from_monday(tmp_path, write_plan, run_cli):
    html = _build(tmp_path, write_plan, run_cli, "pl")
    assert '<html lang="pl">' in html
    for month in ("Styczeń 2027", "Luty 2027", "Marzec 2027", "Grudzień 2027"):  # headings: capitalised
        assert month in html
    weekdays = re.search(r'<div class="sg-cal-weekdays".*?</div>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</abbr>", weekdays)[0] == "pon."
    assert "Wyczyść filtry" in html and "Lista wydarzeń" in html
    assert "Budżet: 1\xa0000\xa0zł" in html


def test_chinese_page_has_chinese_month_names(tmp_path, write_plan, run_cli):
    html = _build(tmp_path, write_plan, run_cli, "zh")
    for month in ("2027年1月", "2027年3月", "2027年12月"):
        assert month in html
    weekdays = re.search(r'<div class="sg-cal-weekdays".*?</div>', html, re.S).group(0)
    assert "周一" in weekdays
    assert "日程列表" in html


def test_english_page_starts_weeks_on_sunday_and_links_the_calendars(tmp_path, write_plan, run_cli):
    html = _build(tmp_path, write_plan, run_cli, "en")
    weekdays = re.search(r'<div class="sg-cal-weekdays".*?</div>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</abbr>", weekdays)[0] == "Sun"
    assert 'href="calendar.ics"' in html and 'href="calendar-smb.ics"' in html
    assert (tmp_path / "public" / "calendar-smb.ics").is_file()
    # every campaign has one agenda entry carrying the filter attributes
    assert html.count('id="agenda-spring-push"') == 1
    assert 'data-plane="sales" data-segment="smb" data-type="sales" data-owner="Ann"' in html
    # the page never depends on the build date: today's marker is left to the browser
    assert "sg-cal-today\"" not in html and 'aria-current="date"' not in html
