"""Will a diagram be readable in print? The smallest text of an SVG once scaled to fit a page."""

from __future__ import annotations

import re

from ..vocab import Page

MM = 72 / 25.4  # points per millimetre
MIN_TEXT_PT = 7.0
MARGIN_PT = 10 * MM  # a printer's usual unprintable edge, each side

# Portrait width x height in points.
PAGE_SIZES: dict[Page, tuple[float, float]] = {
    Page.A3: (297 * MM, 420 * MM),
    Page.A4: (210 * MM, 297 * MM),
}

_SIZE = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
_FONT = re.compile(rb'font-size="([0-9.]+)"')


def svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height in points of an SVG written by Graphviz."""
    found = _SIZE.search(svg[:2000])
    if not found:
        raise ValueError("not an SVG written by Graphviz (no width/height in pt)")
    return float(found.group(1)), float(found.group(2))


def fit_scale(width: float, height: float, page: Page) -> float:
    """The scale that fits a width x height drawing on the page, in whichever orientation is larger."""
    short, long = PAGE_SIZES[page]
    short, long = short - 2 * MARGIN_PT, long - 2 * MARGIN_PT
    portrait = min(short / width, long / height)
    landscape = min(long / width, short / height)
    return min(1.0, max(portrait, landscape))


def smallest_text(svg: bytes, page: Page, smallest_font: float | None = None) -> float:
    """Points of the smallest text once the SVG is scaled to fit `page`.

    Pass `smallest_font` when it is known, to skip scanning a large SVG for font sizes.
    """
    width, height = svg_size(svg)
    if smallest_font is None:
        smallest_font = min((float(s) for s in _FONT.findall(svg)), default=14.0)
    return smallest_font * fit_scale(width, height, page)
