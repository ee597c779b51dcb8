"""Story: a sales lead opens the calendar. The timeline comes first, then the quarter view (months
in rows, days in columns: an all-year campaign is one bar a month, not five); holidays are named in
the plan's language; the review date is marked from the plan, never from the clock; a keyboard
user reaches the timeline and the feeds through the skip links, not through every bar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import chart_figure, md

from sitegen.compute.calendar import month_grid, month_row, name_reach, week_reach

CAMPAIGNS = md(
    "title: Campaigns\nkind: campaigns\ncampaigns:\n"
    "  - {id: all-year, name: All-year search, type: marketing, plane: prospecting, start: 2027-01-01, end: 2027-12-31}\n"
    "  - {id: spring, name: Spring push, type: sales, plane: sales, start: 2027-03-25, end: 2027-04-06}\n"
)


def _yaml(language: str = "en", holidays: str = "US", review: str = "") -> str:
    return (f"title: T\nlanguage: {language}\ncurrency: USD\nperiod: {{start: 2027-01-01, end: 2027-12-31}}\n"
            f"holidays: {holidays}\n{review}")


def _page(tmp_path: Path, write_plan, run_cli, plan_yaml: str) -> str:
    plan = write_plan(tmp_path, {"campaigns.md": CAMPAIGNS}, plan_yaml)
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    return (tmp_path / "site" / "calendar.html").read_text(encoding="utf-8")


def test_a_month_row_holds_one_bar_per_campaign_whatever_its_length() -> None:
    from types import SimpleNamespace

    year = SimpleNamespace(id="y", start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31))
    spring = SimpleNamespace(id="s", start=dt.date(2027, 3, 25), end=dt.date(2027, 4, 6))
    march = month_row(2027, 3, [year, spring])
    assert [(b.campaign.id, b.column, b.span, b.lane) for b in march.bars] == [("y", 0, 31, 0), ("s", 24, 7, 1)]
    assert (march.bars[0].continues_before, march.bars[0].continues_after) == (True, True)
    assert len(march.days) == 31 and len(month_row(2027, 2, [year]).days) == 28


def test_a_month_row_keeps_each_name_its_room_in_the_lane() -> None:
    """A name runs on past its short bar (a 2-day fair named at length); the next bar in the row
    that would sit under that name takes another lane. At the month's end a name stands before
    its bar; where neither side has room it wraps after the bar's start."""
    from types import SimpleNamespace

    fair = SimpleNamespace(id="fair", start=dt.date(2027, 3, 2), end=dt.date(2027, 3, 3))
    after = SimpleNamespace(id="after", start=dt.date(2027, 3, 8), end=dt.date(2027, 3, 9))
    lanes = {b.campaign.id: b.lane for b in month_row(2027, 3, [fair, after]).bars}
    assert lanes == {"fair": 0, "after": 0}  # names of one column: the old rows
    lanes = {b.campaign.id: b.lane for b in month_row(2027, 3, [fair, after], {"fair": 12, "after": 1}).bars}
    assert lanes == {"fair": 0, "after": 1}
    assert name_reach(1, 2, 12, 31) == (1, 12)  # on to the right of its bar
    assert name_reach(30, 1, 9, 31) == (21, 10)  # day 31: before it
    assert name_reach(10, 3, 40, 31) == (10, 21)  # wraps from its start to the row's end


def test_a_name_before_its_bar_keeps_the_rows_in_date_order() -> None:
    """A fair at the month's end has its long name before its bar, over the days of campaigns that
    started earlier in the month: it takes the lane below them, not the top one; a short campaign
    clear of the others still shares a lane."""
    from types import SimpleNamespace

    early = SimpleNamespace(id="early", start=dt.date(2027, 3, 15), end=dt.date(2027, 3, 16))
    next_ = SimpleNamespace(id="next", start=dt.date(2027, 3, 20), end=dt.date(2027, 3, 20))
    fair = SimpleNamespace(id="fair", start=dt.date(2027, 3, 29), end=dt.date(2027, 3, 30))
    row = month_row(2027, 3, [fair, next_, early], {"early": 3, "next": 2, "fair": 20})
    assert [(b.campaign.id, b.lane) for b in row.bars] == [("early", 0), ("next", 0), ("fair", 1)]
    assert name_reach(28, 2, 20, 31) == (8, 22)  # the fair's name stands before it, from day 9


def test_a_month_grid_name_takes_the_free_days_of_its_lane_in_its_week() -> None:
    """In a month grid a campaign keeps its lane all month, so its name takes the room its lane
    leaves free in each week: before a piece at the week's end, on over the weekend after a
    Thursday–Friday piece, and only its own days when the next campaign follows the next day
    (it wraps there)."""
    from types import SimpleNamespace

    def campaign(key: str, start: int, end: int) -> SimpleNamespace:
        return SimpleNamespace(id=key, start=dt.date(2027, 4, start), end=dt.date(2027, 4, end))

    grid = month_grid(2027, 4, [campaign("spring", 1, 30), campaign("fair", 11, 13), campaign("webinar", 14, 14),
                                campaign("open", 15, 16)], first_weekday=0)  # weeks from Monday 29 March
    need = {"spring": 9, "fair": 5, "webinar": 3, "open": 4}
    assert week_reach(grid.weeks[1], need) == {"spring": (0, 7), "fair": (1, 6)}  # Sunday 11th: its name before it
    assert week_reach(grid.weeks[2], need) == {"spring": (0, 7), "fair": (0, 2), "webinar": (2, 1), "open": (3, 4)}
    assert week_reach(grid.weeks[2], {}) == {"spring": (0, 7), "fair": (0, 2), "webinar": (2, 1), "open": (3, 2)}


def test_the_timeline_comes_first_then_the_quarter_view(tmp_path: Path, write_plan, run_cli) -> None:
    html = _page(tmp_path, write_plan, run_cli, _yaml())
    order = [html.index(marker) for marker in ('id="sg-cal-timeline"', 'class="sg-cal-quarter-view"',
                                                'class="sg-cal-grid-view"', 'id="sg-cal-agenda"', 'id="sg-cal-subscribe"')]
    assert order == sorted(order)
    assert re.findall(r'<h3 class="sg-cal-month-title" id="quarter-[^"]+">([^<]+)</h3>', html) == ["Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)  # quarters, month rows, months
    quarter = html[html.index('class="sg-cal-quarter-view"'):html.index('class="sg-cal-grid-view"')]
    # the all-year campaign: one bar in each of the twelve month rows, and one tab stop in the whole view
    assert quarter.count('data-sg-cal-bar="all-year"') == 12
    assert quarter.count('<a class="sg-cal-bar-link" href="campaigns.html#campaign-all-year"') == 1
    # the skip links lead to the timeline, the filters, the agenda and the feeds
    jump = re.search(r'<nav class="sg-cal-jump".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#([^"]+)"', jump) == ["sg-cal-timeline", "sg-cal-filters", "sg-cal-agenda", "sg-cal-subscribe"]


def test_holidays_are_named_in_the_plans_language(tmp_path: Path, write_plan, run_cli) -> None:
    english = _page(tmp_path / "en", write_plan, run_cli, _yaml())
    assert '<span class="sg-cal-holiday-name" title="Memorial Day">Memorial Day</span>' in english  # the month view, on its day
    assert 'title="Independence Day"' in english  # the quarter view's day
    polish = _page(tmp_path / "pl", write_plan, run_cli,
                   _yaml("pl", "{country: PL, closed: [2027-12-31], open: [2027-11-20]}"))
    assert '<span class="sg-cal-holiday-name" title="Nowy Rok">Nowy Rok</span>' in polish
    assert "Dzień wolny w firmie" in polish and "Dzień roboczy (odpracowanie)" in polish
    chinese = _page(tmp_path / "zh", write_plan, run_cli, _yaml("zh", "CN"))
    assert '<span class="sg-cal-holiday-name" title="元旦">元旦</span>' in chinese


def test_the_review_date_is_marked_from_the_plan(tmp_path: Path, write_plan, run_cli) -> None:
    html = _page(tmp_path, write_plan, run_cli, _yaml(review="review: {as_of: 2027-04-30}\n"))
    assert "Review date: Apr 30, 2027" in html
    assert len(re.findall(r'class="sg-cal-(?:q)?day[^"]*sg-cal-review"', html)) == 2  # month grid and quarter row
    figure = chart_figure(html, "sg-campaign-timeline")
    line = figure["layout"]["shapes"][-1]
    assert (line["x0"], line["line"]["dash"]) == ("2027-04-30", "dash")
    marker = figure["layout"]["annotations"][0]
    assert (marker["text"], marker["hovertext"]) == ("◆ Apr 30, 2027", "Review date: Apr 30, 2027")
    # without a review date nothing is marked: the reader's "today" is left to the browser
    plain = _page(tmp_path / "none", write_plan, run_cli, _yaml())
    assert "sg-cal-review\"" not in plain
    phone = chart_figure(plain, "sg-campaign-timeline")["layout"]["meta"]["narrow"]["layout"]
    assert "annotations" not in chart_figure(plain, "sg-campaign-timeline")["layout"]
    assert "◆" not in str(phone["annotations"]) and len(phone["shapes"]) == len(figure["layout"]["shapes"]) - 1


def test_on_a_phone_the_timeline_names_each_campaign_whole_above_its_bar(tmp_path: Path, write_plan, run_cli) -> None:
    """The phone's layout (sitegen.js takes it below a plot width) writes the names as annotations
    over the plot's width, on up to three lines, each above its campaign's bar."""
    long = "Account-based marketing on named enterprise accounts & their <parents>"
    plan = write_plan(tmp_path, {"campaigns.md": CAMPAIGNS.replace("Spring push", long)}, _yaml())
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    figure = chart_figure((tmp_path / "site" / "calendar.html").read_text(encoding="utf-8"), "sg-campaign-timeline")
    phone = figure["layout"]["meta"]["narrow"]
    names = [a["text"] for a in phone["layout"]["annotations"]]
    assert names == ["<b>No segment</b>", "All-year search",
                     "Account-based marketing on named<br>enterprise accounts &amp; their &lt;parents&gt;"]
    tops = [a["y"] for a in phone["layout"]["annotations"]]
    bars = [y for trace in phone["traces"] for y in trace["y"]]  # one trace per plane, one bar each here
    assert tops[1] < bars[0] < tops[2] < bars[1] < phone["layout"]["yaxis"]["range"][0]
    assert phone["layout"]["yaxis"]["showticklabels"] is False
    assert [trace["name"] for trace in figure["data"]] == ["Prospecting", "Sales"] and len(phone["traces"]) == 2
