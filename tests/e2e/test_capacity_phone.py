"""A sales lead checks on a phone which role is overloaded in which month.

The capacity heat map keeps readable cells on a phone (390 px), so it is
wider than the screen and scrolls sideways. Scrolled to December, the reader
must still see which row is which role: every role's name stays in view
above its row, written in full. On a wide desktop the heat map fits and the
names stay on the y axis, as before.
"""

from __future__ import annotations

import pytest

from .helpers import wait_for_charts

pytestmark = pytest.mark.e2e

# Each row label of the heat map: its text, where it is, and where the visible part of the figure
# is, after the figure was scrolled to its right end; and the outlined (overloaded) cells' boxes.
_ROW_LABELS_JS = """async (id) => {
  const figure = document.getElementById(id);
  figure.scrollLeft = figure.scrollWidth;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const box = figure.getBoundingClientRect();
  const labels = [...figure.querySelectorAll('.sg-row-label')].map(l => {
    const r = l.getBoundingClientRect();
    return {text: l.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {scrolled: figure.scrollLeft, left: box.left, right: box.right, labels,
          axis_labels: figure.querySelectorAll('.ytick text').length,
          roles: [...figure.querySelectorAll('.sg-chart-data thead th')].slice(1).map(th => th.textContent.trim())};
}"""


def _capacity_page(site) -> str:
    pages = [rel for rel in site.html_files if 'id="sg-capacity"' in site.path(rel).read_text(encoding="utf-8")]
    assert pages, f"{site.name}: no page draws the capacity heat map"
    return pages[0]


@pytest.fixture
def on_width(browser, built_site):
    contexts = []

    def open_at(width: int, rel: str) -> object:
        context = browser.new_context(viewport={"width": width, "height": 844})
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(built_site.url(rel))
        wait_for_charts(page)
        page.errors = errors
        return page

    yield open_at
    for context in contexts:
        context.close()


def test_on_a_phone_every_role_stays_named_while_the_heat_map_scrolls(built_site, on_width):
    page = on_width(390, _capacity_page(built_site))
    shown = page.evaluate(_ROW_LABELS_JS, "sg-capacity")
    assert shown["scrolled"] > 100, "the heat map fits a phone: nothing to scroll"
    assert [label["text"] for label in shown["labels"]] == shown["roles"], "a role is not named in full"
    for label in shown["labels"]:
        assert shown["left"] <= label["left"] and label["right"] <= shown["right"], (
            f"{label['text']!r} scrolled out of view"
        )
    tops = [label["top"] for label in shown["labels"]]
    assert all(b["top"] >= a["bottom"] for a, b in zip(shown["labels"], shown["labels"][1:], strict=False)), tops
    assert page.errors == []


def test_on_a_desktop_the_roles_stay_on_the_axis(built_site, on_width):
    page = on_width(1440, _capacity_page(built_site))
    shown = page.evaluate(_ROW_LABELS_JS, "sg-capacity")
    assert shown["scrolled"] == 0 and shown["labels"] == []
    assert shown["axis_labels"] == len(shown["roles"])
    assert page.errors == []
