"""Charts with long category names, read on a phone (390 px).

A territory is named like "Northeast (Boston – New York – Philadelphia)":
under a bar on a phone, Plotly turned such names on their side, and they
took most of the chart's height, leaving the bars a strip at the top. On a
phone the names stand on up to three lines under their bars (`meta.short_x`,
sitegen.js); the hover and the data table give them whole.
"""

from __future__ import annotations

import pytest

from .helpers import wait_for_charts

pytestmark = pytest.mark.e2e

_TERRITORY_JS = """() => {
  const f = document.getElementById('sg-territories');
  const plot = f.querySelector('.nsewdrag').getBoundingClientRect();
  const drawn = f.querySelector('.sg-chart-plot').getBoundingClientRect();
  const ticks = [...f.querySelectorAll('.xtick text')];
  return {bars_height: plot.height, chart_height: drawn.height,
          turned: ticks.filter(t => /rotate\\(-?[1-9]/.test(t.getAttribute('transform') || '')).length,
          names: ticks.map(t => t.textContent)};
}"""


def test_on_a_phone_territory_names_stand_under_their_bars(page, built_sites, sites_base_url):
    """(The example plan's territories; the layout does not depend on the language.)"""
    assert not built_sites["en"].error, built_sites["en"].output
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.visit(f"{sites_base_url}en/execution/territories.html")
    wait_for_charts(page)
    shown = page.evaluate(_TERRITORY_JS)
    assert shown["turned"] == 0, f"names turned on their side: {shown['names']}"
    assert shown["bars_height"] >= 0.5 * shown["chart_height"], shown
    page.assert_clean()
