"""How far apart two colours look, to normal vision and simulated colour-vision deficiencies.

`distance(a, b, vision)` is the Euclidean distance in CAM02-UCS (Luo, Cui & Li 2006, "Uniform
colour spaces based on CIECAM02", Color Res. Appl. 31(4)) under the sRGB viewing conditions
(D65 white, L_A = 64/π/5 cd/m², Y_b = 20, average surround), after simulating the deficiency
with the severity-1.0 matrices of Machado, Oliveira & Fernandes 2009 ("A physiologically-based
model for simulation of color vision deficiency", IEEE TVCG 15(6)) in linear sRGB. This is what
colorspacious 1.1 computes with `deltaE(cspace_convert(c, {"name": "sRGB1+CVD", "cvd_type":
"protanomaly", "severity": 100}, "sRGB1"), ...)`, written out so that the browser tests need no
numerical library: 1 is about the smallest visible difference, 10 clearly apart.
"""

from __future__ import annotations

import math

from .helpers import _RGB

Vector = tuple[float, float, float]
Matrix = tuple[Vector, Vector, Vector]

# Machado et al. 2009, severity 1.0 (linear sRGB in, linear sRGB out)
SIMULATIONS: dict[str, Matrix] = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
# linear sRGB → XYZ (0 … 100): the inverse of IEC 61966-2-1's XYZ → sRGB matrix, as colorspacious has it
_SRGB_TO_XYZ: Matrix = ((41.2395589, 35.7583431, 18.0492647), (21.2586231, 71.5170304, 7.2200499),
                        (1.9297215, 11.9183865, 95.0497125))
_CAT02: Matrix = ((0.7328, 0.4296, -0.1624), (-0.7036, 1.6975, 0.0061), (0.0030, 0.0136, 0.9834))
_HPE_CAT02_INV: Matrix = ((0.7409791, 0.2180252, 0.0410057), (0.2853533, 0.6242016, 0.0904451),
                          (-0.0096276, -0.0056980, 1.0153256))  # M_HPE · M_CAT02⁻¹
_WHITE: Vector = (95.047, 100.0, 108.883)  # D65
_L_A, _Y_B = 64 / math.pi / 5, 20.0


def _apply(m: Matrix, v: Vector) -> Vector:
    first, second, third = (row[0] * v[0] + row[1] * v[1] + row[2] * v[2] for row in m)
    return first, second, third


def _linear(css_color: str) -> Vector:
    """Linear sRGB (0 … 1) of `rgb(...)` or `#rrggbb`."""
    if css_color.startswith("#"):
        channels = [int(css_color[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [float(c) for c in _RGB.match(css_color).groups()]
    r, g, b = (c / 12.92 if c < 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (c / 255 for c in channels))
    return r, g, b


_K = 1 / (5 * _L_A + 1)
_F_L = 0.2 * _K**4 * 5 * _L_A + 0.1 * (1 - _K**4) ** 2 * (5 * _L_A) ** (1 / 3)
_N = _Y_B / _WHITE[1]
_Z, _N_BB = 1.48 + math.sqrt(_N), 0.725 * (1 / _N) ** 0.2
_D = 1 - (1 / 3.6) * math.exp((-_L_A - 42) / 92)  # average surround: F = 1
_D_RGB = [_D * _WHITE[1] / w + 1 - _D for w in _apply(_CAT02, _WHITE)]


def _adapted(xyz: Vector) -> Vector:
    """CIECAM02 steps 1–4: the post-adaptation cone responses R'a, G'a, B'a."""
    r, g, b = _apply(_CAT02, xyz)
    cones = _apply(_HPE_CAT02_INV, (_D_RGB[0] * r, _D_RGB[1] * g, _D_RGB[2] * b))
    first, second, third = (math.copysign(400 * t / (t + 27.13), c) + 0.1
                            for c, t in ((c, (_F_L * abs(c) / 100) ** 0.42) for c in cones))
    return first, second, third


def _achromatic(ra: Vector) -> float:
    return (2 * ra[0] + ra[1] + ra[2] / 20 - 0.305) * _N_BB


_A_W = _achromatic(_adapted(_WHITE))


def cam02_ucs(css_color: str, vision: str = "normal") -> Vector:
    """J', a', b' of a CSS colour as seen with `vision` (a key of SIMULATIONS)."""
    r, g, b = (min(1.0, max(0.0, c)) for c in _apply(SIMULATIONS[vision], _linear(css_color)))
    ra = _adapted(_apply(_SRGB_TO_XYZ, (r, g, b)))
    a, b = ra[0] - 12 * ra[1] / 11 + ra[2] / 11, (ra[0] + ra[1] - 2 * ra[2]) / 9
    h = math.atan2(b, a)
    j = 100 * (_achromatic(ra) / _A_W) ** (0.69 * _Z)
    e = 12500 / 13 * _N_BB * (math.cos(h + 2) + 3.8)
    t = e * math.hypot(a, b) / (ra[0] + ra[1] + 21 * ra[2] / 20)
    m = t**0.9 * math.sqrt(j / 100) * (1.64 - 0.29**_N) ** 0.73 * _F_L**0.25
    m_ucs = math.log(1 + 0.0228 * m) / 0.0228
    return 1.7 * j / (1 + 0.007 * j), m_ucs * math.cos(h), m_ucs * math.sin(h)


def distance(first: str, second: str, vision: str = "normal") -> float:
    """ΔE' in CAM02-UCS between two CSS colours as seen with `vision`."""
    return math.dist(cam02_ucs(first, vision), cam02_ucs(second, vision))
