"""A sales lead whose campaigns have long names, in Polish or in Chinese, reads each of them whole
on the calendar's timeline.

The desktop timeline cut every name at 28 characters ("Program dla producentów mebl…"), and on
a phone the review date's dashed line ran through the names. Now a long name wraps onto even
lines beside its bar, a phone's names stand above their bars with the line stopping short of
them, and no name runs into another. Read from what Chromium draws: the chart's SVG text, joined
across its lines, and the boxes of the names, the bars and the review line.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

NAMES = {
    "pl": [
        "Program dla producentów mebli z Wielkopolskiego Klastra Meblarskiego i ich dostawców",
        "Wiosenna promocja Pakietu Start+ (szkolenie gratis) dla małych zakładów",
        "Dni otwarte w showroomie — demo na żywej linii produkcyjnej",
        "Webinar",
    ],
    "zh": [
        "夏季高温保障季：签约即送一次上门巡检和全年设备健康度报告",
        "为现有客户开通预测性维护模型免费试用",
        "抖音、视频号“设备不停机”系列短视频",
        "年末签约冲刺",
    ],
}
DATES = [("2027-01-11", "2027-06-30"), ("2027-03-01", "2027-05-15"), ("2027-04-20", "2027-04-22"), ("2027-09-01", "2027-12-20")]

# Every text the timeline draws (y-axis names on a desktop, annotations on a phone), its lines
# joined; the campaign bars; the review date's dashed line (its pieces); the data table's names.
_DRAWN_JS = """(id) => {
  const figure = document.getElementById(id);
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const text = (t) => [...t.querySelectorAll('.line')].map(l => l.textContent).join(' ') || t.textContent;
  return {
    texts: [...figure.querySelectorAll('.ytick text, .annotation-text')].map(t => Object.assign(box(t), {text: text(t)})),
    bars: [...figure.querySelectorAll('.bars .point path')].map(box).filter(b => b.bottom > b.top),
    line: [...figure.querySelectorAll('.shapelayer path')].filter(p => (p.style.strokeDasharray || 'none') !== 'none'
      && p.style.strokeWidth !== '0px').map(box),
    campaigns: [...figure.querySelectorAll('.sg-chart-data tbody tr')].map(r => r.cells[0].textContent.trim()),
  };
}"""


def _bare(text: str) -> str:
    """A name as drawn, compared without the spaces where it wrapped (CJK lines join without one)."""
    return re.sub(r"\s+", "", text)


def _overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (a["left"] < b["right"] - slack and b["left"] < a["right"] - slack
            and a["top"] < b["bottom"] - slack and b["top"] < a["bottom"] - slack)


@pytest.fixture(params=["pl", "zh"])
def long_names_site(request, tmp_path, write_plan, run_cli, serve_dir) -> tuple[str, str]:
    """A plan in Polish or Chinese with long campaign names and a review date among the bars."""
    language = request.param
    rows = "".join(
        f"  - {{id: c{i}, name: \"{name}\", type: sales, plane: {('prospecting', 'sales', 'retention', 'sales')[i]},"
        f" start: {start}, end: {end}}}\n"
        for i, (name, (start, end)) in enumerate(zip(NAMES[language], DATES, strict=True)))
    campaigns = f"---\ntitle: Kampanie\nkind: campaigns\ncampaigns:\n{rows}---\nText.\n"
    plan_yaml = (f"title: T\nlanguage: {language}\ncurrency: PLN\nperiod: {{start: 2027-01-01, end: 2027-12-31}}\n"
                 "review: {as_of: 2027-04-21}\n")
    plan = write_plan(tmp_path, {"campaigns.md": campaigns}, plan_yaml)
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    return language, serve_dir(tmp_path / "site") + "calendar.html"


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark"), (390, "light")])
def test_every_long_name_is_whole_and_clear_of_the_review_line_and_the_others(long_names_site, on_width, width, scheme):
    language, url = long_names_site
    page = on_width(width, url, scheme)
    drawn = page.evaluate(_DRAWN_JS, "sg-campaign-timeline")
    assert sorted(drawn["campaigns"]) == sorted(NAMES[language])
    by_name = {_bare(t["text"]): t for t in drawn["texts"]}
    for name in NAMES[language]:
        assert _bare(name) in by_name, f"{name!r} is cut or missing: {[t['text'] for t in drawn['texts']]}"
    assert drawn["line"], "no review line"
    names = [t for t in drawn["texts"] if "◆" not in t["text"]]
    for i, name in enumerate(names):
        for piece in drawn["line"]:
            assert not _overlap(name, {**piece, "left": piece["left"] - 1, "right": piece["right"] + 1}), \
                f"the review line runs through {name['text']!r}"
        for other in names[i + 1:]:
            assert not _overlap(name, other), f"{name['text']!r} runs into {other['text']!r}"
    # each campaign's bar beside (desktop) or under (phone) its own name, in the same order
    mine = sorted((by_name[_bare(n)] for n in NAMES[language]), key=lambda t: t["top"])
    bars = sorted(drawn["bars"], key=lambda b: b["top"])
    assert len(bars) == len(mine)
    for name, bar in zip(mine, bars, strict=True):
        middle = (bar["top"] + bar["bottom"]) / 2
        if width > 520:
            assert name["top"] <= middle <= name["bottom"], f"{name['text']!r} is not beside its bar"
        else:
            assert name["bottom"] - 1 <= bar["top"] <= name["bottom"] + 12, f"{name['text']!r} is not over its bar"
    assert page.errors == []


# Each quarter-row bar's name: its text's box (a Range over the link's text), its link's box and
# the box of every bar's dated part (the ::before: --sg-at, --sg-span of --sg-of columns).
_QUARTER_JS = """() => [...document.querySelectorAll('.sg-cal-qrow')].map(row => {
  const box = (r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  return [...row.querySelectorAll('[data-sg-cal-bar]')].map(bar => {
    const link = bar.querySelector('.sg-cal-bar-link');
    const range = document.createRange();
    range.selectNodeContents(link);
    const b = bar.getBoundingClientRect(), style = getComputedStyle(bar);
    const part = (name) => Number(style.getPropertyValue(name)) || 0;
    const of = part('--sg-of') || 1;
    return {text: link.textContent, name: box(range.getBoundingClientRect()), link: box(link.getBoundingClientRect()),
            days: {left: b.left + b.width * part('--sg-at') / of, right: b.left + b.width * (part('--sg-at') + part('--sg-span')) / of,
                   top: b.top, bottom: b.bottom}};
  });
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_in_the_quarter_view_every_name_is_whole_and_clear_of_the_other_bars(long_names_site, on_width, width):
    language, url = long_names_site
    page = on_width(width, url)
    page.click('[data-sg-view="month"]')  # and back: switching views keeps the quarter rows as drawn
    page.click('[data-sg-view="quarter"]')
    rows = page.evaluate(_QUARTER_JS)
    shown = {bar["text"] for row in rows for bar in row}
    assert shown == set(NAMES[language])
    for row in rows:
        for i, bar in enumerate(row):
            assert bar["name"]["right"] <= bar["link"]["right"] + 1 and bar["name"]["left"] >= bar["link"]["left"] - 1, \
                f"{bar['text']!r} is cut"
            for other in row[:i] + row[i + 1:]:
                assert not _overlap(bar["name"], other["name"]), f"{bar['text']!r} runs into {other['text']!r}"
                assert not _overlap(bar["name"], other["days"]), f"{bar['text']!r} runs over {other['text']!r}'s bar"
    assert page.errors == []


# Short campaigns among long ones (April 2027): a one-day piece at a week's end (its name stands
# before it), a two-day piece with a campaign the next day in its lane (its name wraps), a one-day
# campaign, a Thursday–Friday one (its name runs on over the weekend), and a two-day one late in
# the month whose name stands before its bar in the quarter view, over the earlier campaigns' days.
SHORT = {
    "pl": [NAMES["pl"][0], "Stoisko na targach ITM Industry Europe (MTP Poznań)", "Webinar",
           NAMES["pl"][2], "Wiosenna promocja Pakietu Start+ (szkolenie gratis) dla małych zakładów"],
    "zh": [NAMES["zh"][0], NAMES["zh"][2], "年末签约冲刺", NAMES["zh"][1], "春季促销：小型工厂签约即送培训课程和一年备件包"],
}
SHORT_DATES = [("2027-04-01", "2027-06-30"), ("2027-04-11", "2027-04-13"), ("2027-04-14", "2027-04-14"),
               ("2027-04-15", "2027-04-16"), ("2027-04-27", "2027-04-28")]


@pytest.fixture(params=["pl", "zh"])
def short_campaigns_site(request, tmp_path, write_plan, run_cli, serve_dir) -> tuple[str, str]:
    language = request.param
    rows = "".join(f"  - {{id: c{i}, name: \"{name}\", type: sales, plane: {('sales', 'prospecting', 'retention')[i % 3]},"
                   f" start: {start}, end: {end}}}\n"
                   for i, (name, (start, end)) in enumerate(zip(SHORT[language], SHORT_DATES, strict=True)))
    plan = write_plan(tmp_path, {"campaigns.md": f"---\ntitle: Kampanie\nkind: campaigns\ncampaigns:\n{rows}---\nText.\n"},
                      f"title: T\nlanguage: {language}\ncurrency: PLN\nperiod: {{start: 2027-01-01, end: 2027-12-31}}\n")
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    return language, serve_dir(tmp_path / "site") + "calendar.html"


# Each month-grid week: the month's days it shows, and per bar its name as drawn (the Range over
# the link's text), the link's and the bar's boxes, whether the link's text overflows it, and the
# bar's dated part (the ::before: --sg-at, --sg-span of --sg-of columns).
_WEEKS_JS = """() => [...document.querySelectorAll('#m-2027-04 .sg-cal-week')].map(week => {
  const box = (r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  return {box: box(week.getBoundingClientRect()), days: [...week.querySelectorAll('.sg-cal-day time')].map(t => t.dateTime),
    bars: [...week.querySelectorAll('[data-sg-cal-bar]')].map(bar => {
      const link = bar.querySelector('.sg-cal-bar-link'), range = document.createRange();
      range.selectNodeContents(link);
      const b = bar.getBoundingClientRect(), style = getComputedStyle(bar);
      const part = (name) => Number(style.getPropertyValue(name)) || 0, of = part('--sg-of') || 1;
      return {id: bar.dataset.sgCalBar, text: link.textContent, name: box(range.getBoundingClientRect()),
              link: box(link.getBoundingClientRect()), bar: box(b),
              overflows: link.scrollWidth > link.clientWidth + 1 || link.scrollHeight > link.clientHeight + 1,
              days: {left: b.left + b.width * part('--sg-at') / of, right: b.left + b.width * (part('--sg-at') + part('--sg-span')) / of,
                     top: b.top, bottom: b.bottom}};
    })};
})"""


def _inside(inner: dict, outer: dict, slack: float = 1) -> bool:
    return all((inner[k] >= outer[k] - slack) if k in ("left", "top") else (inner[k] <= outer[k] + slack)
               for k in ("left", "right", "top", "bottom"))


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_in_the_month_view_every_week_row_shows_each_name_whole(short_campaigns_site, on_width, width, scheme):
    """Design choice: every piece of a campaign (one per week row it runs in) shows its whole name,
    running on over free days of its lane, standing before a piece at a week's end, or wrapping:
    so each week row a campaign runs in names it whole, clear of the other bars and names."""
    language, url = short_campaigns_site
    page = on_width(width, url, scheme)
    page.click('[data-sg-view="month"]')
    names = dict(enumerate(SHORT[language]))
    for week in page.evaluate(_WEEKS_JS):
        bars = {bar["id"]: bar for bar in week["bars"]}
        running = [i for i, (start, end) in enumerate(SHORT_DATES) if any(start <= day <= end for day in week["days"])]
        assert sorted(bars) == [f"c{i}" for i in running], f"week of {week['days'][:1]}"
        for i in running:
            bar = bars[f"c{i}"]
            assert bar["text"] == names[i] and not bar["overflows"], f"{names[i]!r} is cut in the week of {week['days'][0]}"
            assert _inside(bar["name"], bar["link"]) and _inside(bar["link"], bar["bar"]) and _inside(bar["name"], week["box"]), \
                f"{names[i]!r} is cut in the week of {week['days'][0]}"
            for other in week["bars"]:
                if other is not bar:
                    assert not _overlap(bar["name"], other["name"]), f"{bar['text']!r} runs into {other['text']!r}"
                    assert not _overlap(bar["name"], other["days"]), f"{bar['text']!r} runs over {other['text']!r}'s bar"
    assert page.errors == []


_LANES_JS = """() => [...document.querySelectorAll('.sg-cal-qrow')].map(row => [...row.querySelectorAll('[data-sg-cal-bar]')]
  .map(bar => { const r = bar.getBoundingClientRect();
    return {id: bar.dataset.sgCalBar, lane: Number(getComputedStyle(bar).gridRowStart), left: r.left, right: r.right}; }))"""


def test_in_the_quarter_view_the_rows_keep_the_campaigns_in_date_order(short_campaigns_site, on_width):
    """Each bar (its name's room included) stands in the highest row that the campaigns started
    before it leave free: every row above it holds an earlier campaign in its way, and a row holds
    its campaigns left to right in date order. The late fair whose name stands before its bar
    moved above the campaigns started earlier in April."""
    _, url = short_campaigns_site
    page = on_width(1280, url)
    order = {f"c{i}": (start, end, f"c{i}") for i, (start, end) in enumerate(SHORT_DATES)}
    rows = page.evaluate(_LANES_JS)
    assert any(len(row) == len(SHORT_DATES) for row in rows)
    for row in rows:
        for bar in row:
            mine = [b for b in row if b["lane"] == bar["lane"]]
            assert [b["id"] for b in sorted(mine, key=lambda b: b["left"])] == sorted((b["id"] for b in mine), key=order.get)
            for lane in range(2, bar["lane"]):  # grid row 1 holds the day numbers
                assert any(b["lane"] == lane and order[b["id"]] < order[bar["id"]] and b["left"] < bar["right"] - 1
                           and bar["left"] < b["right"] - 1 for b in row), f"{bar['id']} stands below a later campaign"
    assert page.errors == []
