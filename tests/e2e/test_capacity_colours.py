"""A sales lead reads the capacity heat map in light and dark mode: which months are fine,
which are near full, which are overloaded.

The three statuses are three colours (green up to 85 %, amber up to 100 %, red above), read
here from the pixels Plotly drew. The figure in each cell must read on its colour (4.5:1), so
the status is there without colour: the value, and ▲ when over. In dark mode each colour must
stand off the figure's background by WCAG's 3:1 for graphical objects (1.4.11), and green and
amber must differ in lightness too (red-green colour blindness makes their hues one). In light
mode amber and red, the colours that call for a look, stand 3:1 off the figure and the page;
green, the cells that need none, is lighter and still clearly off them; and the three differ in
lightness from each other, so they read apart in grey and with a colour-vision deficiency.
"""

from __future__ import annotations

import itertools
import re

import pytest

from .helpers import contrast_ratio

pytestmark = pytest.mark.e2e

# Each heat-map cell's text and ink, and its fill sampled from Plotly's picture of the cells
# (one <image>) a few pixels above the text; the "—" of cells without hours (a text trace of their
# own); the figure's background behind the cells.
_CELLS_JS = """async (id) => {
  const figure = document.getElementById(id);
  const image = figure.querySelector('.hm image');
  const picture = new Image();
  picture.src = image.getAttribute('href');
  await picture.decode();
  const canvas = document.createElement('canvas');
  canvas.width = picture.naturalWidth;
  canvas.height = picture.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(picture, 0, 0);
  const box = image.getBoundingClientRect();
  const cells = [...figure.querySelectorAll('.heatmap-label text')].filter(t => t.textContent).map(t => {
    const r = t.getBoundingClientRect();
    const x = (r.left + r.width / 2 - box.left) / box.width * picture.naturalWidth;
    const y = (r.top - 5 - box.top) / box.height * picture.naturalHeight;
    const [red, green, blue, alpha] = ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
    // the ink of every piece of the text (the figure and ▲ are tspans, each cell's in its band's colour)
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    const inks = new Set();
    while (walker.nextNode()) if (walker.currentNode.textContent.trim()) inks.add(getComputedStyle(walker.currentNode.parentElement).fill);
    return {text: t.textContent, inks: [...inks], fill: `rgb(${red}, ${green}, ${blue})`, opaque: alpha === 255};
  });
  const empty = [...figure.querySelectorAll('.scatterlayer .textpoint text')].map(t => ({text: t.textContent, ink: getComputedStyle(t).fill}));
  return {background: getComputedStyle(figure).backgroundColor, page: getComputedStyle(document.body).backgroundColor, cells, empty};
}"""


def _status(text: str) -> str | None:
    """The status a cell's text says: ▲ over; else its percentage (85 % is either side when rounded)."""
    if "▲" in text:
        return "over"
    value = int(re.search(r"\d+", text).group())
    return None if value == 85 else "near" if value > 85 else "ok"


def _capacity_page(site) -> str:
    return next(rel for rel in site.html_files if 'id="sg-capacity"' in site.path(rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_status_colour_stands_off_the_page_and_its_figure_reads_on_it(built_site, on_width, scheme):
    page = on_width(1440, built_site.url(_capacity_page(built_site)), scheme)
    drawn = page.evaluate(_CELLS_JS, "sg-capacity")
    background = drawn["background"]
    colours: dict[str, set[str]] = {}
    for cell in drawn["cells"]:
        fill = cell["fill"]
        assert cell["opaque"], f"{cell['text']}: no colour under the figure"
        for ink in cell["inks"]:
            assert contrast_ratio(ink, fill) >= 4.5, f"{cell['text']!r} in {ink} on {fill}: hard to read ({scheme})"
        status = _status(cell["text"])
        if status:
            colours.setdefault(status, set()).add(fill)
    # a role without hours has "—" on no colour: it reads on the figure's background
    for cell in drawn["empty"]:
        assert cell["text"] == "—" and contrast_ratio(cell["ink"], background) >= 4.5, (cell, background)
    if built_site.name == "en":  # the English plan has all three, and a role hired later; the others fewer
        assert set(colours) == {"ok", "near", "over"} and drawn["empty"], colours
    assert all(len(fills) == 1 for fills in colours.values()), f"a status in more than one colour: {colours}"
    fills = {status: next(iter(found)) for status, found in colours.items()}
    assert len(set(fills.values())) == len(fills), f"two statuses in one colour: {fills}"
    if scheme == "dark":
        for status, fill in fills.items():
            assert contrast_ratio(fill, background) >= 3, f"{status} {fill} on {background}: under 3:1"
        if {"ok", "near"} <= set(fills):
            assert contrast_ratio(fills["ok"], fills["near"]) >= 1.5, f"green and amber differ in hue only: {fills}"
    else:
        _light_bands_stand_off(fills, (background, drawn["page"]))
    assert page.errors == []


def _light_bands_stand_off(fills: dict[str, str], grounds: tuple[str, str]) -> None:
    """Light mode: amber and red 3:1 off the figure and the page; green 1.5:1 off them (it marks
    the cells that need no look); each pair of statuses 1.5:1 apart in lightness."""
    for status, fill in fills.items():
        least = 1.5 if status == "ok" else 3
        for ground in grounds:
            assert contrast_ratio(fill, ground) >= least, f"{status} {fill} on {ground}: under {least}:1"
    for first, second in itertools.combinations(sorted(fills), 2):
        ratio = contrast_ratio(fills[first], fills[second])
        assert ratio >= 1.5, f"{first} and {second} differ in hue only ({ratio:.2f}:1): {fills}"
