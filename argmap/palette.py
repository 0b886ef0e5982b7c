"""Side colours: the Okabe–Ito palette assigned by debate, CIE76 colour distance and WCAG text contrast."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import ArgMap

# Okabe & Ito's colour-universal-design palette (eight colours) plus a mid grey first: safe under the
# common colour-vision deficiencies, no two closer than ΔE76 ≈ 26 (Paul Tol's bright scheme is farther
# apart but has seven colours). A debate has more sides than that (the seed debate has 13), so twelve
# colours of Tol's muted, dark and light schemes follow, each picked to stay ΔE76 >= 25 from every
# colour before it and from the white of the stubs; past the ninth side, colour-vision safety is not
# promised, and shape and line style still carry the kind and relation.
PALETTE = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#999999",  # grey
    "#000000",  # black
    "#332288",  # indigo
    "#663333",  # dark red
    "#999933",  # olive
    "#225555",  # dark cyan
    "#225522",  # dark green
    "#EE8866",  # light orange
    "#222255",  # dark blue
    "#882255",  # wine
    "#EEDD88",  # light yellow
    "#EE6677",  # rose
    "#AA4499",  # purple
    "#228833",  # green
)
PALETTE_NAME = "Okabe–Ito (8 colours) + grey, then 12 of Paul Tol's"
DARK_TEXT = "#000000"
LIGHT_TEXT = "#FFFFFF"


def _channels(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (_linear(c) for c in _channels(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@functools.lru_cache(maxsize=256)
def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on `fill`."""
    return DARK_TEXT if contrast(fill, DARK_TEXT) >= contrast(fill, LIGHT_TEXT) else LIGHT_TEXT


def lab(hex_colour: str) -> tuple[float, float, float]:
    """sRGB -> CIELAB (D65 white)."""
    r, g, b = (_linear(c) for c in _channels(hex_colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e76(a: str, b: str) -> float:
    """CIE76 colour difference: Euclidean distance in CIELAB."""
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


def min_delta_e(colours: Iterable[str]) -> float:
    """The smallest ΔE76 between any two of `colours` (infinity for fewer than two)."""
    return min((delta_e76(a, b) for a, b in itertools.combinations(colours, 2)), default=float("inf"))


def assign(side_ids: Iterable[str], chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """Side id -> fill: the debate's side ids in sorted order take the palette in turn.

    Sorting (not declaration order) makes a side's colour depend only on which sides the debate has,
    so a map drawn alone matches the same map drawn with its folder. `chosen` colours win.
    """
    chosen = chosen or {}
    fills: dict[str, str] = {}
    for index, side in enumerate(sorted(set(side_ids))):
        fills[side] = (chosen.get(side) or PALETTE[index % len(PALETTE)]).upper()
    return fills


def side_colours(maps: Iterable[ArgMap]) -> dict[str, tuple[str, str]]:
    """Side id -> (name, fill) for a debate: fills assigned over its sides (the first map of an id counts),
    a map's own `color` winning; what the diagrams, the site and GraphML all colour a side with."""
    by_id: dict[str, ArgMap] = {}
    for m in maps:
        by_id.setdefault(m.id, m)
    names: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for m in by_id.values():
        for side_id, side in m.sides.items():
            names.setdefault(side_id, side.name)
            if side.color:
                chosen.setdefault(side_id, side.color.upper())
    return {side: (names[side], chosen.get(side, fill)) for side, fill in assign(names).items()}
