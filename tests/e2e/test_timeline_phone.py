"""A sales lead opens the campaign calendar on a phone and reads which campaign runs when.

On a phone (390 px) the timeline's y axis cut every name to a dozen characters
("Always-on paid…"). Now each campaign's name stands whole on its own line or
lines above its bar, across the plot's width, inside the screen; the names do
not run into each other. On a desktop the names stay on the y axis, as before.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

# The timeline's names as drawn (annotations), the bars, the plot's box and the campaigns'
# names from its data table; every box in page pixels.
_TIMELINE_JS = """(id) => {
  const figure = document.getElementById(id);
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const names = [...figure.querySelectorAll('.annotation-text')].map(t => Object.assign(box(t), {
    text: [...t.querySelectorAll('.line')].map(l => l.textContent).join(' ') || t.textContent}));
  return {
    names, plot: box(figure.querySelector('.sg-chart-plot')), width: window.innerWidth,
    bars: [...figure.querySelectorAll('.bars .point path')].map(box).filter(b => b.bottom > b.top),
    axis_names: [...figure.querySelectorAll('.ytick text')].map(t => t.textContent),
    campaigns: [...figure.querySelectorAll('.sg-chart-data tbody tr')].map(r => r.cells[0].textContent.trim()),
  };
}"""


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_on_a_phone_every_campaign_name_stands_whole_above_its_bar(built_site, on_width):
    page = on_width(390, built_site.url("calendar.html"))
    drawn = page.evaluate(_TIMELINE_JS, "sg-campaign-timeline")
    campaigns = [_words(name) for name in drawn["campaigns"]]
    names = [n for n in drawn["names"] if _words(n["text"]) in campaigns]
    assert sorted(_words(n["text"]) for n in names) == sorted(campaigns), "a campaign's name is cut or missing"
    assert drawn["axis_names"] == [], "the y axis still takes the width"
    right = min(drawn["plot"]["right"], drawn["width"])
    for name in names:
        assert drawn["plot"]["left"] <= name["left"] and name["right"] <= right, f"{name['text']!r} runs off the screen"
    every = sorted(drawn["names"], key=lambda n: n["top"])
    for above, below in zip(every, every[1:], strict=False):
        assert above["bottom"] <= below["top"] + 1, f"{above['text']!r} runs into {below['text']!r}"
    # one bar per campaign, each just under its name, in the same order
    bars = sorted(drawn["bars"], key=lambda b: b["top"])
    assert len(bars) == len(names)
    for name, bar in zip(sorted(names, key=lambda n: n["top"]), bars, strict=True):
        assert name["bottom"] - 1 <= bar["top"] <= name["bottom"] + 12, f"{name['text']!r} is not over its bar"
    assert page.errors == []


def test_on_a_desktop_the_names_stay_on_the_axis(built_site, on_width):
    page = on_width(1440, built_site.url("calendar.html"))
    drawn = page.evaluate(_TIMELINE_JS, "sg-campaign-timeline")
    segments = len(drawn["axis_names"]) - len(drawn["campaigns"])
    assert segments >= 1, drawn["axis_names"]
    campaigns = {_words(name) for name in drawn["campaigns"]}
    assert not [n["text"] for n in drawn["names"] if _words(n["text"]) in campaigns], "names drawn twice"
    assert page.errors == []


def test_on_a_phone_the_quarter_view_keeps_each_month_named_while_its_days_scroll(built_site, on_width):
    page = on_width(390, built_site.url("calendar.html"))
    shown = page.evaluate("""async () => {
      const box = document.querySelector('.sg-cal-qscroll');
      box.scrollLeft = box.scrollWidth;
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const edge = box.getBoundingClientRect().left;  // the same for every row (it scrolls sideways only)
      return {scrolled: box.scrollLeft, labels: [...box.querySelectorAll('.sg-cal-qlabel')].map(l => {
        window.scrollTo(0, window.scrollY + l.getBoundingClientRect().top - 100);  // in the window, to be hit
        const r = l.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + 8, r.top + 8);
        return {left: r.left - edge, on_top: l.contains(hit), text: l.textContent};
      })};
    }""")
    assert shown["scrolled"] > 100, "the quarter view fits a phone: nothing to scroll"
    for label in shown["labels"]:
        assert abs(label["left"]) <= 2 and label["on_top"], f"{label['text']!r} scrolled away or under a bar"
    assert page.errors == []
