"""A sales lead checks on a phone which role is overloaded in which month.

The capacity heat map keeps readable cells on a phone (390 px), so it is
wider than the screen and scrolls sideways. Scrolled to December, the reader
must still see which chart this is and which row is which role: the title
stays in view, and every role's name stays in view above its row, written in full. On a wide desktop the heat map fits and the
names stay on the y axis, as before.
"""

from __future__ import annotations

import pytest

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
  const title = figure.querySelector('.sg-chart-title').getBoundingClientRect();
  const table = figure.querySelector('.sg-chart-data > summary').getBoundingClientRect();
  return {scrolled: figure.scrollLeft, left: box.left, right: box.right, labels,
          title: {left: title.left, right: title.right, width: title.width}, table_button: table.left,
          axis_labels: figure.querySelectorAll('.ytick text').length,
          roles: [...figure.querySelectorAll('.sg-chart-data thead th')].slice(1).map(th => th.textContent.trim())};
}"""


def _capacity_page(site) -> str:
    pages = [rel for rel in site.html_files if 'id="sg-capacity"' in site.path(rel).read_text(encoding="utf-8")]
    assert pages, f"{site.name}: no page draws the capacity heat map"
    return pages[0]


def test_on_a_phone_every_role_stays_named_while_the_heat_map_scrolls(built_site, on_width):
    page = on_width(390, built_site.url(_capacity_page(built_site)))
    shown = page.evaluate(_ROW_LABELS_JS, "sg-capacity")
    assert shown["scrolled"] > 100, "the heat map fits a phone: nothing to scroll"
    assert [label["text"] for label in shown["labels"]] == shown["roles"], "a role is not named in full"
    for label in shown["labels"]:
        assert shown["left"] <= label["left"] and label["right"] <= shown["right"], (
            f"{label['text']!r} scrolled out of view"
        )
    # the title (and the data table's button) stay put at the figure's left edge, whole
    assert shown["left"] <= shown["title"]["left"] < shown["left"] + 40, shown["title"]
    assert shown["title"]["right"] <= min(shown["right"], 390) and shown["title"]["width"] > 200, shown["title"]
    assert shown["left"] <= shown["table_button"] < shown["left"] + 40
    tops = [label["top"] for label in shown["labels"]]
    assert all(b["top"] >= a["bottom"] for a, b in zip(shown["labels"], shown["labels"][1:], strict=False)), tops
    assert page.errors == []


def test_on_a_desktop_the_roles_stay_on_the_axis(built_site, on_width):
    page = on_width(1440, built_site.url(_capacity_page(built_site)))
    shown = page.evaluate(_ROW_LABELS_JS, "sg-capacity")
    assert shown["scrolled"] == 0 and shown["labels"] == []
    assert shown["axis_labels"] == len(shown["roles"])
    assert page.errors == []


def test_the_board_pack_on_screen_draws_the_heat_map_as_the_dashboard_does(built_sites, sites_base_url, on_width):
    """The board pack prints its dashboard on one landscape page, the heat map 200 px high;
    on a screen it was drawn that low too, six roles' digits run together. (One board pack
    is enough: the layout does not depend on the language.)"""
    assert not built_sites["en"].error, built_sites["en"].output
    page = on_width(1440, f"{sites_base_url}en/report.html")
    drawn = page.evaluate("""() => {
      const plot = document.querySelector('#sg-report-dashboard-sg-dash-capacity .sg-chart-plot');
      return {height: plot._fullLayout.height, asked: Number(plot.dataset.sgHeight),
              print: Number(plot.closest('[data-sg-print-height]').dataset.sgPrintHeight)};
    }""")
    assert drawn["height"] == drawn["asked"] > drawn["print"], drawn
    shown = page.evaluate(_ROW_LABELS_JS, "sg-report-dashboard-sg-dash-capacity")
    assert shown["scrolled"] == 0 and shown["axis_labels"] == len(shown["roles"])
    assert page.errors == []
