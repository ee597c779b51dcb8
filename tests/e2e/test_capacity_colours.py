"""A sales lead reads the capacity heat map in light and dark mode: which months are fine,
which are near full, which are overloaded.

The three statuses are three colours (green up to 85 %, amber up to 100 %, red above), read
here from the pixels Plotly drew. The figure in each cell must read on its colour (4.5:1), so
the status is there without colour: the value, and ▲ when over; an overloaded cell's outline
stands 3:1 off its red and off the figure. In both modes the three colours are clearly apart
(10 or more in CAM02-UCS) to normal vision and simulated protanopia, deuteranopia and
tritanopia. In dark mode each colour must stand off the figure's background and the page by
WCAG's 3:1 for graphical objects (1.4.11), and neighbouring statuses (green and amber, amber
and red) differ in lightness by 1.5:1, so they read apart in grey. In light mode amber and red,
the colours that call for a look, stand 3:1 off the figure and the page; green, the cells that
need none, is lighter and still clearly off them; and the three differ in lightness from each
other, so they read apart in grey and with a colour-vision deficiency.
"""

from __future__ import annotations

import colorsys
import itertools
import re

import pytest

from .colour_vision import SIMULATIONS, distance
from .helpers import _RGB, contrast_ratio

pytestmark = pytest.mark.e2e

# Each heat-map cell's text and ink, and its fill sampled from Plotly's picture of the cells
# (one <image>) a few pixels above the text; the "—" of cells without hours (a text trace of their
# own); the figure's background behind the cells; the stroke of each overloaded cell's outline (the
# layout's rectangles; its lines are the quarter and year dividers).
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
  const plot = figure.querySelector('.js-plotly-plot');
  const outlines = [...figure.querySelectorAll('.shapelayer path[data-index]')]
    .filter(p => plot.layout.shapes[Number(p.dataset.index)].type === 'rect').map(p => getComputedStyle(p).stroke);
  // the dashboard's amber (a role near full there): a colour any browser resolves to rgb()
  const probe = document.body.appendChild(document.createElement('i'));
  probe.style.color = 'var(--warn)';
  const warn = getComputedStyle(probe).color;
  probe.remove();
  return {background: getComputedStyle(figure).backgroundColor, page: getComputedStyle(document.body).backgroundColor, cells, empty, outlines, warn};
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
    grounds = (background, drawn["page"])
    if scheme == "dark":
        _dark_bands_stand_off(fills, grounds)
    else:
        _light_bands_stand_off(fills, grounds)
    _bands_read_apart_with_any_colour_vision(fills)
    if "near" in fills:  # near full is the dashboard's amber, in a lightness of its own
        assert abs(_hue(fills["near"]) - _hue(drawn["warn"])) <= 10, f"near full {fills['near']} is not the amber {drawn['warn']}"
    if "over" in fills:
        assert drawn["outlines"], "no outline on the overloaded cells"
    for line in drawn["outlines"]:
        for ground in (fills["over"], background):
            assert contrast_ratio(line, ground) >= 3, f"the overloaded cells' outline {line} on {ground}: under 3:1 ({scheme})"
    assert page.errors == []


def _dark_bands_stand_off(fills: dict[str, str], grounds: tuple[str, str]) -> None:
    """Dark mode: each status 3:1 off the figure and the page; green and amber, and amber and red,
    1.5:1 apart in lightness (green and red, which never touch in the ramp, differ in hue)."""
    for status, fill in fills.items():
        for ground in grounds:
            assert contrast_ratio(fill, ground) >= 3, f"{status} {fill} on {ground}: under 3:1"
    for first, second in (("ok", "near"), ("near", "over")):
        if {first, second} <= set(fills):
            ratio = contrast_ratio(fills[first], fills[second])
            assert ratio >= 1.5, f"{first} and {second} differ in hue only ({ratio:.2f}:1): {fills}"


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


def _bands_read_apart_with_any_colour_vision(fills: dict[str, str]) -> None:
    """Each pair of statuses 10 or more apart in CAM02-UCS, to normal vision and simulated
    protanopia, deuteranopia and tritanopia (the dark-mode green #4a9d6a and red #ff7b72 were 2.5
    apart for protanopia, about the smallest difference one can see)."""
    for (first, one), (second, other) in itertools.combinations(sorted(fills.items()), 2):
        for vision in SIMULATIONS:
            apart = distance(one, other, vision)
            assert apart >= 10, f"{first} {one} and {second} {other} look alike with {vision} ({apart:.1f})"


def _hue(css_color: str) -> float:
    """The hue of an `rgb(...)` colour in degrees (amber is about 40)."""
    red, green, blue = (float(c) / 255 for c in _RGB.match(css_color).groups())
    return colorsys.rgb_to_hsv(red, green, blue)[0] * 360


def test_the_colour_distance_is_colorspacious_cam02_ucs_with_machado_simulation():
    """The figures colorspacious 1.1 gives (deltaE of sRGB1+CVD at severity 100, CAM02-UCS)."""
    assert distance("#4a9d6a", "#ff7b72") == pytest.approx(48.229, abs=0.01)
    assert distance("#4a9d6a", "#ff7b72", "protanopia") == pytest.approx(2.521, abs=0.01)
    assert distance("rgb(74, 157, 106)", "rgb(227, 179, 65)", "deuteranopia") == pytest.approx(26.367, abs=0.01)
    assert distance("#e3b341", "#ff7b72", "tritanopia") == pytest.approx(17.221, abs=0.01)
    assert distance("#000000", "#ffffff") == pytest.approx(100.024, abs=0.01)
