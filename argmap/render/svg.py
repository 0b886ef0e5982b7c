"""DOT statements -> SVG, drawn as Graphviz draws them from given positions (its `nop2` layout).

argmap places every box and line itself (render.layout), so Graphviz only turns the DOT's positions
into SVG; for a large map that took most of the time of `render`. This module draws the same picture
from the same statements, for the subset of DOT that render.dot writes: boxes (plain, rounded,
dashed, dotted, bold, crossed corners, double border), plain text and points; plain labels and
HTML-like tables (rows of cells, a nested table, bold, italic, font size and colour, line breaks);
lines given as B-spline points with `normal` and `tee` arrowheads; tooltips and links.

It follows Graphviz (graphviz-pure, the port of Graphviz 16.1 that argmap installs) number for
number: the drawing is moved so that its bounding box starts at 0,0, text is sized by the Arimo
widths Graphviz estimates with (a character outside ASCII as one space per UTF-8 byte), table
columns share out the width of a cell that spans them, arrowheads are set back by the miter of
their tip. `tests/test_render_svg.py` draws argmap's DOT with Graphviz and compares the two SVGs element
by element, so `-f dot` stays the very DOT the pictures are drawn from.
"""

from __future__ import annotations

import math
import re
from html.entities import name2codepoint

from .dot import HTML, Writer

# Advance widths (in 1/2048 em) of the ASCII characters 32 to 126, as graphviz-pure estimates text:
# Arimo's, which are Helvetica's. Italic has the regular widths.
_REGULAR = (
    569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569, 1139, 1139, 1139,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139, 2079, 1366, 1366, 1479, 1479,
    1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366,
    1933, 1366, 1366, 1251, 569, 569, 569, 961, 1139, 682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455,
    455, 1024, 455, 1706, 1139, 1139, 1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532,
    684, 1196,
)  # fmt: skip
_BOLD = (
    569, 682, 971, 1139, 1139, 1821, 1479, 487, 682, 682, 797, 1196, 569, 682, 569, 569, 1139, 1139, 1139,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 682, 682, 1196, 1196, 1196, 1251, 1997, 1479, 1479, 1479, 1479,
    1366, 1251, 1593, 1479, 569, 1139, 1479, 1251, 1706, 1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366,
    1933, 1366, 1366, 1251, 682, 569, 682, 1196, 1139, 682, 1139, 1251, 1139, 1251, 1139, 682, 1251, 1251, 569,
    569, 1139, 569, 1821, 1251, 1251, 1251, 1251, 797, 1139, 682, 1251, 1139, 1593, 1139, 1139, 1024, 797, 573,
    797, 1196,
)  # fmt: skip
_SPACE = 569
_BYTES = {
    False: tuple(_REGULAR[b - 32] if 32 <= b < 127 else _SPACE for b in range(256)),
    True: tuple(_BOLD[b - 32] if 32 <= b < 127 else _SPACE for b in range(256)),
}

PAD = 4.0  # around the drawing
GAP = 4.0  # between a node's borders (peripheries)
ARROW = 10.0  # Graphviz's arrow length
EPSILON = 0.0001  # Graphviz's guard in the arrow direction
ROUND_CORNER = 12.0  # the largest corner of a rounded or crossed-corner box
LINE = 1.2  # line spacing, in ems
TEE = 0.5  # a tee's length, in arrow lengths
ARROW_WIDTH = 0.35  # half a normal arrowhead's base, in arrow lengths
FONT_FAMILY = {"Helvetica": "Helvetica,sans-Serif"}
COLORS = {"#000000": "#000000"}  # a hex colour is written in lower case; names as they are


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Points Graphviz allows for `text` at `size` points (Arimo's widths; a space per byte outside ASCII)."""
    data = text.encode("utf-8")
    table = _BYTES[bold]
    return sum(map(table.__getitem__, data)) * size / 2048


def num(value: float) -> str:
    """A number as Graphviz writes it: two decimals, trailing zeros dropped, no minus zero."""
    if -0.005 < value < 0.005:
        return "0"
    text = f"{value:.2f}"
    if text[-1] == "0":
        text = text[:-2] if text[-2] == "0" else text[:-1]
    return text[:-1] if text[-1] == "." else text


_TRIM = re.compile(r"\.00\b|(?<=\.\d)0\b")
_MINUS_ZERO = re.compile(r"(?<![\d.])-0(?![.\d])")
_PAIR = "%.2f,%.2f".__mod__
_ONE = "%.2f".__mod__


def _trim(text: str) -> str:
    """Numbers written with two decimals, trimmed as `num` trims them."""
    text = _TRIM.sub("", text)
    return _MINUS_ZERO.sub("0", text) if "-0" in text else text


def pairs(points) -> str:
    """Points as Graphviz writes them: 'x,y x,y ...'."""
    return _trim(" ".join(map(_PAIR, points)))


def nums(values) -> list[str]:
    return _trim(" ".join(map(_ONE, values))).split(" ")


# ---- text as Graphviz writes it into XML ----------------------------------------------------------

# "%" is doubled: the SVG is written as a %-template (see _Canvas).
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "-": "&#45;",
                         "\n": "&#10;", "\r": "&#13;", "%": "%%"})  # fmt: skip
_NEEDS = re.compile(r"[&<>\"'\-\n\r%]|  ")
_NBSP = re.compile(r"(?<= ) ")
_URL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "%": "%%"})


def esc(text: str) -> str:
    """Text, a title or an id: markup escaped, '-' as &#45;, a space after a space as &#160;."""
    if not _NEEDS.search(text):
        return text
    out = text.translate(_ESCAPE)
    return _NBSP.sub("&#160;", out) if "  " in out else out


def color(value: str) -> str:
    known = COLORS.get(value)
    if known is None:
        known = COLORS[value] = value.lower() if value.startswith("#") else value
    return known


_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name[0] == "#":
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code < 0x110000 else match.group(0)
    code = name2codepoint.get(name)
    return chr(code) if code is not None else match.group(0)


def unentity(text: str) -> str:
    """HTML entities in a plain label or tooltip turned into their characters, as Graphviz does (UTF-8)."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def esc_string(text: str, name: str) -> list[tuple[str, str]]:
    """An escString label: its lines, each with how it is set ('n' centred, 'l' left, 'r' right)."""
    if "\\" not in text:
        return [(text, "n")]
    if "\\" not in text.replace("\\n", ""):  # only line breaks
        broken = text.split("\\n")
        if not broken[-1]:
            broken.pop()
        return [(line, "n") for line in broken]
    lines: list[tuple[str, str]] = []
    out: list[str] = []
    index, end = 0, len(text)
    while index < end:
        c = text[index]
        if c == "\\" and index + 1 < end:
            nxt = text[index + 1]
            index += 2
            if nxt in "nlr":
                lines.append(("".join(out), nxt))
                out = []
            elif nxt == "N":
                out.append(name)
            elif nxt == "G":
                out.append("argmap")
            else:
                out.append(nxt)
            continue
        out.append(c)
        index += 1
    if out or not lines:
        lines.append(("".join(out), "n"))
    return lines


def tooltip_text(text: str, name: str) -> str:
    """A tooltip's text: escString line breaks become newlines."""
    return "\n".join(line for line, _ in esc_string(unentity(text), name))


# ---- HTML-like labels --------------------------------------------------------------------------


class Font:
    __slots__ = ("size", "bold", "italic", "color", "face", "flagged", "given")

    def __init__(self, size: float, color: str, face: str) -> None:
        self.size, self.color, self.face = size, color, face
        self.bold = self.italic = False
        self.flagged = False  # bold or italic: not a "simple" text block
        self.given = False  # inside a FONT, B or I element

    def derive(self) -> Font:
        out = Font(self.size, self.color, self.face)
        out.bold, out.italic, out.flagged, out.given = self.bold, self.italic, self.flagged, True
        return out


class Text:
    """A block of text lines, each a list of (string, font, width) items."""

    __slots__ = ("lines", "width", "height", "simple", "box")

    def __init__(self, lines: list[list[tuple[str, Font, float]]]) -> None:
        self.lines = lines
        self.box = (0.0, 0.0, 0.0, 0.0)

    def size(self) -> tuple[float, float]:
        lines = self.lines
        first = lines[0][0][1]
        simple = all(
            len(line) == 1
            and not line[0][1].flagged
            and line[0][1].size == first.size
            and line[0][1].face == first.face
            for line in lines
        )
        self.simple = simple
        self.width = max(sum(item[2] for item in line) for line in lines)
        if simple:
            self.height = len(lines) * LINE * first.size
        elif len(lines) == 1:
            self.height = LINE * max(item[1].size for item in lines[0])
        else:
            self.height = sum(max(item[1].size for item in line) for line in lines)
        return self.width, self.height


class Cell:
    __slots__ = ("attrs", "child", "span", "col", "row", "w", "h", "pad", "border")

    def __init__(self, attrs: dict[str, str], child: Table | Text) -> None:
        self.attrs, self.child = attrs, child
        self.span = int(attrs.get("COLSPAN", "1"))


class Table:
    __slots__ = ("attrs", "rows", "border", "cellborder", "space", "pad", "widths", "heights", "w", "h", "box")

    def __init__(self, attrs: dict[str, str]) -> None:
        self.attrs = attrs
        self.rows: list[list[Cell]] = []
        self.border = float(attrs.get("BORDER", "1"))
        self.cellborder = float(attrs.get("CELLBORDER", attrs.get("BORDER", "1")))
        self.space = float(attrs.get("CELLSPACING", "2"))
        self.pad = float(attrs.get("CELLPADDING", "2"))

    def size(self) -> tuple[float, float]:
        ncols = 0
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                cell.row, cell.col = r, col
                col += cell.span
                pad = float(cell.attrs.get("CELLPADDING", self.pad))
                border = float(cell.attrs.get("BORDER", self.cellborder))
                cell.pad, cell.border = pad, border
                w, h = cell.child.size()
                cell.w, cell.h = w + 2 * (pad + border), h + 2 * (pad + border)
            ncols = max(ncols, col)
        widths = [0.0] * ncols
        heights = [0.0] * len(self.rows)
        spanning = []
        for row in self.rows:
            for cell in row:
                heights[cell.row] = max(heights[cell.row], cell.h)
                if cell.span == 1:
                    widths[cell.col] = max(widths[cell.col], cell.w)
                else:
                    spanning.append(cell)
        for cell in spanning:
            # A cell wider than the columns it spans widens each of them by the same share.
            cols = range(cell.col, cell.col + cell.span)
            short = cell.w - (cell.span - 1) * self.space - sum(widths[c] for c in cols)
            if short > 0:
                for c in cols:
                    widths[c] += short / cell.span
        self.widths, self.heights = widths, heights
        self.w = sum(widths) + (ncols + 1) * self.space + 2 * self.border
        self.h = sum(heights) + (len(heights) + 1) * self.space + 2 * self.border
        return self.w, self.h

    def place(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Lay the table out in the box (SVG coordinates, y down); extra room goes evenly to columns and rows."""
        self.box = (x0, y0, x1, y1)
        ncols, nrows = len(self.widths), len(self.heights)
        extra_x = ((x1 - x0) - self.w) / ncols if ncols else 0.0
        extra_y = ((y1 - y0) - self.h) / nrows if nrows else 0.0
        xs = [x0 + self.border + self.space]
        for w in self.widths:
            xs.append(xs[-1] + w + extra_x + self.space)
        ys = [y0 + self.border + self.space]
        for h in self.heights:
            ys.append(ys[-1] + h + extra_y + self.space)
        space = self.space
        for row in self.rows:
            for cell in row:
                cx0, cx1 = xs[cell.col], xs[cell.col + cell.span] - space
                cy0, cy1 = ys[cell.row], ys[cell.row + 1] - space
                inset = cell.border + cell.pad
                bx0, by0, bx1, by1 = cx0 + inset, cy0 + inset, cx1 - inset, cy1 - inset
                child = cell.child
                if isinstance(child, Table):
                    child.place(bx0, by0, bx1, by1)
                    continue
                dx = (bx1 - bx0) - child.width
                if dx > 0:
                    align = cell.attrs.get("ALIGN", "CENTER")
                    if align == "LEFT":
                        bx1 -= dx
                    elif align == "RIGHT":
                        bx0 += dx
                    else:
                        bx0 += dx / 2
                        bx1 -= dx / 2
                dy = (by1 - by0) - child.height
                if dy > 0:
                    by0 += dy / 2
                    by1 -= dy / 2
                child.box = (bx0, by0, bx1, by1)


_TAG = re.compile(r"<(/?)([A-Za-z]+)((?:\s+[A-Za-z-]+=\"[^\"]*\")*)\s*(/?)>")
_ATTR = re.compile(r"([A-Za-z-]+)=\"([^\"]*)\"")
_UPPER: dict[str, str] = {}
_ATTRS: dict[str, dict[str, str]] = {}
_NO_ATTRS: dict[str, str] = {}
_HTML_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _html_text(raw: str, name: str) -> str:
    text = _HTML_ENTITY.sub(_entity, raw) if "&" in raw else raw
    if "\\" in text:
        text = text.replace("\\\\", "\0").replace("\\N", name).replace("\\G", "argmap").replace("\0", "\\")
    return text


def parse_html(label: str, base: Font, name: str) -> Table | Text:
    """An HTML-like label (without its outer angle brackets) as a table or a block of text."""
    stack: list[Table | Cell] = []
    fonts = [base]
    lines: list[list[tuple[str, Font, float]]] | None = None
    top: Table | Text | None = None

    def add(text: str) -> None:
        nonlocal lines
        if lines is None:
            lines = [[]]
        font = fonts[-1]
        lines[-1].append((text, font, text_width(text, font.size, font.bold)))

    def close_text() -> Text | None:
        nonlocal lines
        if lines is None:
            return None
        for line in lines:
            if not line:  # an empty line still takes a line's height, in the font in force
                line.append(("", fonts[-1], 0.0))
        block = Text(lines)
        lines = None
        return block

    # One split gives text, then each tag's four parts (closing slash, name, attributes, self-closing
    # slash), then text: [text, /, NAME, attrs, /, text, ...]. Looping over it is about twice as fast
    # as a match object per tag, and a label of thousands says the same few tags and attributes.
    parts = _TAG.split(label)
    for at in range(1, len(parts), 5):
        raw = parts[at - 1]
        if raw and not (stack and isinstance(stack[-1], Table)):  # whitespace between table elements
            add(_html_text(raw, name))
        closing, tag, attr_text = parts[at], parts[at + 1], parts[at + 2]
        upper = _UPPER.get(tag)
        if upper is None:
            upper = _UPPER[tag] = tag.upper()
        tag = upper
        if attr_text:
            attrs = _ATTRS.get(attr_text)
            if attrs is None:  # shared, never changed: cells and tables only read their attributes
                attrs = _ATTRS[attr_text] = {k.upper(): v for k, v in _ATTR.findall(attr_text)}
        else:
            attrs = _NO_ATTRS
        if tag == "TABLE" and not closing:
            stack.append(Table(attrs))
        elif tag == "TABLE":
            table = stack.pop()
            assert isinstance(table, Table)
            if stack:
                cell = stack[-1]
                assert isinstance(cell, Cell)
                cell.child = table
            else:
                top = table
        elif tag == "TR" and not closing:
            table = stack[-1]
            assert isinstance(table, Table)
            table.rows.append([])
        elif tag == "TD" and not closing:
            cell = Cell(attrs, Text([[("", fonts[-1], 0.0)]]))
            stack.append(cell)
        elif tag == "TD":
            cell = stack.pop()
            assert isinstance(cell, Cell)
            block = close_text()
            if block is not None:
                cell.child = block
            table = stack[-1]
            assert isinstance(table, Table)
            table.rows[-1].append(cell)
        elif tag == "BR":
            if lines is None:
                lines = [[]]
            if not lines[-1]:  # an empty line takes a line's height in the font in force at its end
                lines[-1].append(("", fonts[-1], 0.0))
            lines.append([])
        elif tag in ("B", "I", "FONT") and not closing:
            font = fonts[-1].derive()
            if tag == "B":
                font.bold = font.flagged = True
            elif tag == "I":
                font.italic = font.flagged = True
            else:
                if "POINT-SIZE" in attrs:
                    font.size = float(attrs["POINT-SIZE"])
                if "COLOR" in attrs:
                    font.color = attrs["COLOR"]
                if "FACE" in attrs:
                    font.face = attrs["FACE"]
            fonts.append(font)
        elif tag in ("B", "I", "FONT"):
            fonts.pop()
    if parts[-1]:
        add(_html_text(parts[-1], name))
    if top is None:
        top = close_text() or Text([[("", base, 0.0)]])
    return top


# ---- drawing -----------------------------------------------------------------------------------
# The SVG is written as a template with a %s for each number, and the numbers are formatted together,
# a thousand nodes at a time: one pass over many numbers is several times faster than formatting each
# where it is used, and a finished piece kept as bytes takes a fraction of the memory of its parts.
CHUNK = 1000  # nodes, with their lines


class _Canvas:
    """The SVG being written (a %-template), its numbers, and where the drawing's bounding box starts."""

    def __init__(self, dx: float, dy: float) -> None:
        self.out: list[str] = []
        self.vals: list[float] = []
        self.done: list[bytes] = []
        self.dx, self.dy = dx, dy  # SVG x = x - dx; SVG y = dy - y

    def flush(self) -> None:
        """Fill in the template written so far and keep it as UTF-8."""
        words = _trim(" ".join(map(_ONE, self.vals))).split(" ") if self.vals else []
        self.done.append(("".join(self.out) % tuple(words)).encode("utf-8"))
        self.out.clear()
        self.vals.clear()

    def data(self) -> bytes:
        self.flush()
        return b"".join(self.done)


def _style(fill: str, stroke: str, width: float, dash: str) -> str:
    out = f'fill="{fill}" stroke="{stroke}"'
    if width != 1.0:
        out += f' stroke-width="{num(width)}"'
    if dash:
        out += f' stroke-dasharray="{dash}"'
    return out


def _rounded(x0: float, y0: float, x1: float, y1: float, r: float) -> str:
    """A rounded box's outline as Graphviz draws it (SVG coordinates): straight sides, corners as cubics."""
    h = r / 2
    a, b, c, d, e, f, g, i, j, k, m, n = nums((x0, x0 + h, x0 + r, x1 - r, x1 - h, x1, y0, y0 + h, y0 + r, y1 - r,
                                             y1 - h, y1))  # fmt: skip
    return (
        f"M{d},{g}C{d},{g} {c},{g} {c},{g} {b},{g} {a},{i} {a},{j} {a},{j} {a},{k} {a},{k} {a},{m} {b},{n} {c},{n} "
        f"{c},{n} {d},{n} {d},{n} {e},{n} {f},{m} {f},{k} {f},{k} {f},{j} {f},{j} {f},{i} {e},{g} {d},{g}"
    )


_BOX = "%s,%s %s,%s %s,%s %s,%s %s,%s"


def _text(canvas: _Canvas, x: float, y: float, text: str, font: Font) -> None:
    attrs = f'font-family="{FONT_FAMILY.get(font.face, font.face)}"'
    if font.bold:
        attrs += ' font-weight="bold"'
    if font.italic:
        attrs += ' font-style="italic"'
    canvas.out.append(
        f'<text xml:space="preserve" text-anchor="start" x="%s" y="%s" {attrs} font-size="{font.size:.2f}" '
        f'fill="{color(font.color)}">{esc(text)}</text>\n'
    )
    canvas.vals += (x, y)


def _draw_text(canvas: _Canvas, block: Text) -> None:
    x0, y0, x1, _ = block.box
    center = (x0 + x1) / 2
    if block.simple:
        baseline = y0
        for index, line in enumerate(block.lines):
            text, font, width = line[0]
            baseline += font.size if index == 0 else LINE * font.size
            if text:
                _text(canvas, center - width / 2, baseline, text, font)
        return
    done = 0.0  # the heights of the lines above
    for line in block.lines:
        size = max(item[1].size for item in line)
        baseline = y0 + done + 0.9 * size - 1  # Graphviz: 5/6 em less a tenth, set back by its centre line
        done += size
        x = center - sum(item[2] for item in line) / 2
        for text, font, width in line:
            if text:
                _text(canvas, x, baseline, text, font)
            x += width


def _draw_table(canvas: _Canvas, table: Table) -> None:
    x0, y0, x1, y1 = table.box
    corners = (x0, y1, x0, y0, x1, y0, x1, y1, x0, y1)
    if "BGCOLOR" in table.attrs:
        canvas.out.append(f'<polygon fill="{color(table.attrs["BGCOLOR"])}" stroke="none" points="{_BOX}"/>\n')
        canvas.vals += corners
    if table.border:
        stroke = color(table.attrs.get("COLOR", "black"))
        canvas.out.append(f'<polygon {_style("none", stroke, table.border, "")} points="{_BOX}"/>\n')
        canvas.vals += corners
    for row in table.rows:
        for cell in row:
            if isinstance(cell.child, Table):
                _draw_table(canvas, cell.child)
            else:
                _draw_text(canvas, cell.child)


_FONTS: dict[tuple, tuple] = {}
_LOOKS: dict[tuple, tuple] = {}


def _font(attrs: dict[str, str]) -> tuple:
    """A node's font as (size, face, ink, the text element's attributes after y) for its plain label."""
    key = (attrs.get("fontsize", "14"), attrs.get("fontname", "Times-Roman"), attrs.get("fontcolor", "black"))
    found = _FONTS.get(key)
    if found is None:
        size, face, ink = float(key[0]), key[1], key[2]
        tail = f'" font-family="{FONT_FAMILY.get(face, face)}" font-size="{size:.2f}" fill="{color(ink)}">'
        found = _FONTS[key] = (size, face, ink, tail, LINE * size, int(LINE * size))
    return found


def _label(canvas: _Canvas, attrs: dict[str, str], name: str, cx: float, cy: float) -> None:
    """A node's label centred at cx, cy (SVG coordinates)."""
    label = attrs.get("label", "\\N")
    size, face, ink, tail, step, empty = _font(attrs)
    if isinstance(label, HTML):
        parsed = parse_html(label[1:-1], Font(size, ink, face), name)
        w, h = parsed.size()
        x0, y0 = cx - w / 2, cy - h / 2
        if isinstance(parsed, Table):
            parsed.place(x0, y0, x0 + w, y0 + h)
            _draw_table(canvas, parsed)
        else:
            parsed.box = (x0, y0, x0 + w, y0 + h)
            _draw_text(canvas, parsed)
        return
    lines = esc_string(unentity(label), name) if "&" in label or "\\" in label else ((label, "n"),)
    # Graphviz gives an empty line a whole number of points.
    baseline = cy - sum(step if text else empty for text, _ in lines) / 2 + 0.9 * size
    out, vals = canvas.out, canvas.vals
    for text, just in lines:
        if text:
            anchor = "middle" if just == "n" else ("start" if just == "l" else "end")
            out.append(f'<text xml:space="preserve" text-anchor="{anchor}" x="%s" y="%s{tail}{esc(text)}</text>\n')
            vals += (cx, baseline)
            baseline += step
        else:
            baseline += empty


def _look(attrs: dict[str, str]) -> tuple:
    """How a node's outline is drawn: (shape, rounded, crossed corners, ring styles, corner line style)."""
    key = (attrs.get("shape", "ellipse"), attrs.get("style", ""), attrs.get("penwidth", "1"), attrs.get("color"),
           attrs.get("fillcolor"), attrs.get("peripheries", "1"))  # fmt: skip
    found = _LOOKS.get(key)
    if found is None:
        shape, style, pen_text, ink, fillcolor, rings = key
        styles = style.split(",")
        pen = float(pen_text)
        if "bold" in styles:
            pen = max(pen, 2.0)
        stroke = color(ink or "black")
        filled = "filled" in styles
        fill = color(fillcolor or ink or "lightgrey") if filled else "none"
        dash = "5,2" if "dashed" in styles else ("1,5" if "dotted" in styles else "")
        if shape == "point":
            fill = color(fillcolor or ink or "black")
            ring_styles = [_style(fill, stroke, pen, "")]
        else:
            count = max(int(rings), 1)
            ring_styles = [_style(fill if ring == 0 else "none", stroke, pen, dash) for ring in range(count)]
        found = _LOOKS[key] = (shape, "rounded" in styles, "diagonals" in styles, ring_styles,
                               _style("none", stroke, pen, dash))  # fmt: skip
    return found


def _node(canvas: _Canvas, name: str, attrs: dict[str, str], number: int, box: tuple) -> None:
    out = canvas.out
    x, y, w, h = box  # DOT coordinates (y up), centre and size
    cx, cy = x - canvas.dx, canvas.dy - y
    given = attrs.get("id")
    ident = esc(given) if given else f"diagram_node{number}"
    title = esc(name)
    out.append(f'<!-- {title} -->\n<g id="{ident}" class="node">\n<title>{title}</title>\n')
    href = attrs.get("href") or attrs.get("URL")
    tip = attrs.get("tooltip")
    anchored = bool(href or tip)
    if anchored:
        if tip is None:
            # Graphviz's default tooltip is the label as written (a table's is just "<TABLE>").
            label = attrs.get("label", "\\N")
            tip = esc("<TABLE>" if isinstance(label, HTML) and "<TABLE" in label.upper() else label)
        else:
            tip = esc(tooltip_text(tip, name))
        link = f'xlink:href="{href.translate(_URL)}" ' if href else ""
        out.append(f'<g id="a_{ident}"><a {link}xlink:title="{tip}">\n')
    shape, rounded, diagonals, rings, line = _look(attrs)
    if shape == "box":
        x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
        for ring, style in enumerate(rings):
            grow = ring * GAP
            bx0, by0, bx1, by1 = x0 - grow, y0 - grow, x1 + grow, y1 + grow
            corner = min(ROUND_CORNER, (bx1 - bx0) / 3, (by1 - by0) / 3)
            if rounded:
                out.append(f'<path {style} d="{_rounded(bx0, by0, bx1, by1, corner)}"/>\n')
                continue
            out.append(f'<polygon {style} points="{_BOX}"/>\n')
            canvas.vals += (bx1, by0, bx0, by0, bx0, by1, bx1, by1, bx1, by0)
            if diagonals and ring == 0:
                for corners in (
                    (bx0 + corner, by0, bx0, by0 + corner),
                    (bx0, by1 - corner, bx0 + corner, by1),
                    (bx1 - corner, by1, bx1, by1 - corner),
                    (bx1, by0 + corner, bx1 - corner, by0),
                ):
                    out.append(f'<polyline {line} points="%s,%s %s,%s"/>\n')
                    canvas.vals += corners
    elif shape == "point":
        out.append(f'<ellipse {rings[0]} cx="%s" cy="%s" rx="%s" ry="%s"/>\n')
        canvas.vals += (cx, cy, w / 2, h / 2)
    if shape != "point":
        _label(canvas, attrs, name, cx, cy)
    if anchored:
        out.append("</a>\n</g>\n")
    out.append("</g>\n")


def _arrow(canvas: _Canvas, kind: str, tip: tuple[float, float], toward: tuple[float, float], size: float,
           pen: float, style: str, line: str) -> None:  # fmt: skip
    """One arrowhead at `tip` (DOT coordinates), pointing away from `toward`."""
    px, py = tip
    ux, uy = toward[0] - px, toward[1] - py
    scale = ARROW / (math.hypot(ux, uy) + EPSILON)
    ux += EPSILON if ux >= 0 else -EPSILON
    uy += EPSILON if uy >= 0 else -EPSILON
    ux, uy = ux * scale, uy * scale
    dx, dy = canvas.dx, canvas.dy
    if kind == "tee":
        ux, uy = ux * TEE * size, uy * TEE * size
        vx, vy = -uy, ux
        mx, my = px + ux * 0.2 - dx, dy - py - uy * 0.2
        nx, ny = px + ux * 0.6 - dx, dy - py - uy * 0.6
        canvas.out.append(f'<polygon {style} points="{_BOX}"/>\n<polyline {line} points="%s,%s %s,%s"/>\n')
        canvas.vals += (mx + vx, my - vy, mx - vx, my + vy, nx - vx, ny + vy, nx + vx, ny - vy, mx + vx, my - vy,
                        px - dx, dy - py, px + ux - dx, dy - py - uy)  # fmt: skip
        return
    ux, uy = ux * size, uy * size
    width = ARROW_WIDTH * (pen / 4 if pen > 4 else 1)
    vx, vy = -uy * width, ux * width
    # The tip is set back so that its miter, not the line's centre, ends where the line was aimed.
    length = math.hypot(ux, uy)
    if length:
        sine = math.hypot(vx, vy) / math.hypot(math.hypot(vx, vy), length)
        back = pen / 2 / sine / length
        px, py = px + ux * back, py + uy * back
    qx, qy = px + ux - dx, dy - py - uy
    px, py = px - dx, dy - py
    canvas.out.append(f'<polygon {style} points="%s,%s %s,%s %s,%s %s,%s"/>\n')
    canvas.vals += (qx - vx, qy + vy, px, py, qx + vx, qy - vy, qx - vx, qy + vy)


_PATHS: dict[int, str] = {}
_EDGE_LOOKS: dict[tuple, tuple] = {}


def _edge_look(attrs: dict[str, str]) -> tuple:
    key = (attrs.get("color", "black"), attrs.get("penwidth", "1"), attrs.get("style", ""), attrs.get("dir", "forward"),
           attrs.get("arrowsize", "1"), attrs.get("arrowtail", "normal"), attrs.get("arrowhead", "normal"))  # fmt: skip
    found = _EDGE_LOOKS.get(key)
    if found is None:
        ink, pen_text, styles, direction, size, tail, head = key
        stroke, pen = color(ink), float(pen_text)
        dash = "5,2" if "dashed" in styles else ("1,5" if "dotted" in styles else "")
        tail = tail if direction in ("back", "both") and tail != "none" else ""
        head = head if direction in ("forward", "both") and head != "none" else ""
        found = _EDGE_LOOKS[key] = (_style("none", stroke, pen, dash), tail, head, float(size), pen,
                                    _style(stroke, stroke, pen, ""), _style("none", stroke, pen, ""))  # fmt: skip
    return found


def _edge(canvas: _Canvas, tail: str, head: str, attrs: dict[str, str], number: int, spline: tuple) -> None:
    out = canvas.out
    flat, start, end = spline
    title = esc(f"{tail}->{head}")
    out.append(f'<!-- {title} -->\n<g id="diagram_edge{number}" class="edge">\n<title>{title}</title>\n')
    style, at_start, at_end, size, pen, solid, bare = _edge_look(attrs)
    count = len(flat) // 2
    path = _PATHS.get(count)
    if path is None:
        path = _PATHS[count] = "M%s,%sC" + " ".join(["%s,%s"] * (count - 1))
    out.append(f'<path {style} d="{path}"/>\n')
    dx, dy = canvas.dx, canvas.dy
    vals = canvas.vals
    for index in range(0, len(flat), 2):
        vals += (flat[index] - dx, dy - flat[index + 1])
    if start is not None and at_start:
        _arrow(canvas, at_start, start, (flat[0], flat[1]), size, pen, solid, bare)
    if end is not None and at_end:
        _arrow(canvas, at_end, end, (flat[-2], flat[-1]), size, pen, solid, bare)
    out.append("</g>\n")


def _spline(pos: str) -> tuple[list[float], tuple | None, tuple | None]:
    """A line's `pos`: its B-spline points (x, y, x, y, ...), and where its start and end arrows point."""
    start = end = None
    while pos[1] == ",":
        mark, _, pos = pos.partition(" ")
        kind, x, y = mark.split(",")
        if kind == "s":
            start = (float(x), float(y))
        else:
            end = (float(x), float(y))
    return list(map(float, pos.replace(",", " ").split())), start, end


def draw(dot: Writer) -> bytes:
    """The SVG Graphviz draws from these DOT statements with its nop2 layout."""
    node_defaults, edge_defaults = dot.node_defaults, dot.edge_defaults
    nodes: list[tuple[str, dict[str, str], tuple[float, float, float, float]]] = []
    index: dict[str, int] = {}
    edges: list[tuple[str, str, dict[str, str], tuple]] = []
    out_edges: dict[str, list[int]] = {}
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for name, head, given in dot.statements:
        if head is None:
            attrs = {**node_defaults, **given}
            px, _, py = attrs["pos"].rstrip("!").partition(",")
            x, y = float(px), float(py)
            w = float(attrs.get("width", "0.75")) * 72
            h = float(attrs.get("height", "0.5")) * 72
            half_w, half_h = w / 2, h / 2
            rings = attrs.get("peripheries")
            if rings is not None and rings != "1" and attrs.get("shape") != "point":
                half_w += GAP * (int(rings) - 1)
                half_h += GAP * (int(rings) - 1)
            if x - half_w < x0:
                x0 = x - half_w
            if x + half_w > x1:
                x1 = x + half_w
            if y - half_h < y0:
                y0 = y - half_h
            if y + half_h > y1:
                y1 = y + half_h
            index[name] = len(nodes)
            nodes.append((name, attrs, (x, y, w, h)))
            continue
        attrs = {**edge_defaults, **given}
        spline = _spline(attrs["pos"])
        flat = spline[0]
        xs, ys = flat[0::2], flat[1::2]
        x0, x1 = min(x0, *xs), max(x1, *xs)
        y0, y1 = min(y0, *ys), max(y1, *ys)
        out_edges.setdefault(name, []).append(len(edges))
        edges.append((name, head, attrs, spline))
    if not nodes:
        x0 = y0 = x1 = y1 = 0.0
    width, height = x1 - x0, y1 - y0
    canvas = _Canvas(x0, y0)
    out = canvas.out
    total_w, total_h = int(width + 2 * PAD + 0.5), int(height + 2 * PAD + 0.5)
    out.append(
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        ' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        "<!-- Generated by argmap from its DOT, as Graphviz draws it (nop2) -->\n"
        "<!-- Title: argmap Pages: 1 -->\n"
        f'<svg width="{total_w}pt" height="{total_h}pt"\n'
        f' viewBox="0.00 0.00 {total_w:.2f} {total_h:.2f}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f'<g id="diagram" class="graph" transform="scale(1 1) rotate(0) translate({num(PAD)} {num(height + PAD)})">\n'
        "<title>argmap</title>\n"
        f'<polygon fill="{color(dot.graph.get("bgcolor", "white"))}" stroke="none" points="'
        f"{num(-PAD)},{num(PAD)} {num(-PAD)},{num(-height - PAD)} {num(width + PAD)},{num(-height - PAD)} "
        f'{num(width + PAD)},{num(PAD)} {num(-PAD)},{num(PAD)}"/>\n'
    )
    drawn = [False] * len(nodes)
    for number, (name, attrs, box) in enumerate(nodes):
        if number % CHUNK == CHUNK - 1:
            canvas.flush()
        if not drawn[number]:
            drawn[number] = True
            _node(canvas, name, attrs, number + 1, box)
        outgoing = out_edges.get(name, ())
        if len(outgoing) > 1:  # Graphviz keeps a node's out-edges in the order of their heads, then of their own
            outgoing = sorted(outgoing, key=lambda e: (index[edges[e][1]], e))
        for edge in outgoing:
            tail, head, eattrs, spline = edges[edge]
            other = index[head]
            if not drawn[other]:
                drawn[other] = True
                hname, hattrs, hbox = nodes[other]
                _node(canvas, hname, hattrs, other + 1, hbox)
            _edge(canvas, tail, head, eattrs, edge + 1, spline)
    out.append("</g>\n</svg>\n")
    return canvas.data()
