"""How wide a line of text is drawn: Helvetica's widths, as Graphviz sizes boxes and Arimo (its metric twin) draws them.

The layout places every box itself (render.layout), so it must know each box's size before Graphviz
runs. Graphviz sizes text with the Adobe Core 14 widths of Helvetica (and Helvetica-Bold); the PNG
is drawn with Arimo, which has the same widths. Outside ASCII, Graphviz counts each UTF-8 byte as a
space while a real font draws a wide (CJK) character about one em and others about 0.6 em: a line
is given the larger of the two, so its box holds the text however it is drawn.
"""

from __future__ import annotations

import unicodedata

LINE_HEIGHT = 1.2  # Graphviz's line spacing, in ems

# Advance widths in 1/1000 em of the printable ASCII characters (32 to 126).
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
_SPACE = 278
# Byte value -> width, for a fast sum over an ASCII line's bytes (control bytes as a space).
_REGULAR_BYTES = tuple(_REGULAR[b - 32] if 32 <= b < 127 else _SPACE for b in range(256))
_BOLD_BYTES = tuple(_BOLD[b - 32] if 32 <= b < 127 else _SPACE for b in range(256))


def _wide(c: str, bold: bool) -> int:
    """One character outside ASCII: a real font's width, or Graphviz's (a space per UTF-8 byte) if larger."""
    drawn = 1000 if unicodedata.east_asian_width(c) in "WF" else (640 if bold else 600)
    return max(drawn, _SPACE * len(c.encode("utf-8")))


def width(line: str, size: float, bold: bool = False) -> float:
    """Points a line takes at `size` points."""
    if line.isascii():
        table = _BOLD_BYTES if bold else _REGULAR_BYTES
        return sum(map(table.__getitem__, line.encode("ascii"))) * size / 1000
    table = _BOLD if bold else _REGULAR
    total = 0
    for c in line:
        code = ord(c)
        total += table[code - 32] if 32 <= code < 127 else _wide(c, bold)
    return total * size / 1000


def block(lines: list[str], size: float, bold: bool = False) -> tuple[float, float]:
    """Width and height in points of lines set at `size`."""
    if not lines:
        return 0.0, 0.0
    return max(width(line, size, bold) for line in lines), len(lines) * size * LINE_HEIGHT
