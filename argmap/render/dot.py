"""Laid-out page -> DOT: every box and line placed (Graphviz's `nop2` layout only draws), labels verbatim.

Quoting is the graphviz package's; node text goes in HTML-like labels, escaped here. Each box is
given its size, computed from Helvetica's widths (render.metrics) exactly as Graphviz computes it,
so the layout can place boxes before Graphviz runs, and the DOT is the whole picture: `dot -Tsvg`
on it, with any Graphviz, draws what argmap draws.
"""

from __future__ import annotations

import os
import re
from typing import overload

import graphviz

from ..model import Kind, Relation
from . import metrics
from .graph import FOLDED, GEdge, GNode, MapGraph
from .layout import GAP, MARGIN, Page

FONT = "Helvetica"

# Sizes in points. The smallest is what a page check measures: printed at 7 pt, a page shrinks to 64 %.
TEXT_SIZE = 11
CLAIM_SIZE = 15
SMALL_SIZE = 11
TITLE_SIZE = 20
SMALLEST = SMALL_SIZE
PAD = 2  # CELLPADDING of a label's table
MARGIN_X, MARGIN_Y = 7.0, 4.0  # between a box's border and its label
ARROW = 10.0  # the length Graphviz draws an arrowhead

# Shape and border tell the kinds apart without colour; the header line names the kind in words.
KIND_STYLE: dict[Kind, dict[str, str]] = {
    Kind.CLAIM: {"shape": "box", "style": "rounded,filled,bold", "penwidth": "3", "peripheries": "2"},
    Kind.PREMISE: {"shape": "box", "style": "rounded,filled", "penwidth": "1"},
    Kind.REBUTTAL: {"shape": "box", "style": "filled", "penwidth": "1.5"},
    Kind.COUNTER_REBUTTAL: {"shape": "box", "style": "filled,diagonals", "penwidth": "1.5"},
}
STUB_STYLE: dict[str, dict[str, str]] = {
    "link": {"shape": "box", "style": "rounded,dashed,filled", "color": "#444444", "penwidth": "1.2"},
    "cross": {"shape": "box", "style": "rounded,dashed,filled", "color": "#444444", "penwidth": "1.2"},
    "more": {"shape": "box", "style": "dotted,filled", "color": "#444444", "penwidth": "1.2"},
    "ref": {"shape": "box", "style": "filled", "color": "#000000", "penwidth": "2", "fillcolor": "#FFFFFF"},
    "from": {"shape": "box", "style": "filled", "color": "#000000", "penwidth": "2", "fillcolor": "#FFFFFF"},
}

# Support is solid with a filled arrow, attack dashed with a bar: readable in greyscale.
RELATION_STYLE: dict[Relation, dict[str, str]] = {
    Relation.SUPPORTS: {"style": "solid", "color": "#1A1A1A", "arrow": "normal"},
    Relation.ATTACKS: {"style": "dashed", "color": "#A50026", "arrow": "tee"},
}
FOLD_STYLE = {"style": "dotted", "color": "#444444", "arrow": "none"}
PENWIDTH = "1.4"

KIND_LEGEND = (
    (Kind.CLAIM, "the claim (double border)"),
    (Kind.PREMISE, "supports (rounded)"),
    (Kind.REBUTTAL, "attacks (square)"),
    (Kind.COUNTER_REBUTTAL, "attacks a rebuttal (crossed corners)"),
)
STUB_LEGEND = (
    ("link", "in map …", "a node drawn elsewhere: opens it"),
    ("more", "+N more", "answers not drawn"),
    ("ref", "continued on page N", "the branch goes on there"),
)
# An evaluated diagram keeps every fill and marks the label with a badge: white, boxed, in words.
BADGE = {"in": "\u2713 IN", "out": "\u2717 OUT", "undec": "? UNDECIDED"}
LABEL_LEGEND = (("in", "stands"), ("out", "falls"), ("undec", "undecided"))

NODE_DEFAULTS = {"shape": "box", "fontcolor": "#000000", "penwidth": "1", "style": "rounded,filled"}
EDGE_DEFAULTS = {"style": "solid", "color": "#1A1A1A", "penwidth": PENWIDTH, "arrowsize": "1"}


def html(text: str) -> str:
    """Text for inside an HTML-like label, shown exactly as given.

    Markup characters become entities; a backslash is doubled, since Graphviz reads \\N, \\G and \\L in
    labels as the node's, graph's and object's names; control characters (invalid XML) become spaces.
    """
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    out = out.replace("\\", "\\\\")
    return out.translate(_CONTROL)


# Control characters, and the noncharacters U+FFFE and U+FFFF, would make the SVG invalid XML: they are
# shown as spaces (tab and newline kept).
_CONTROL = {c: " " for c in (*range(32), 0xFFFE, 0xFFFF) if chr(c) not in "\t"}
_CONTROL_PLAIN = {c: " " for c in (*range(32), 0xFFFE, 0xFFFF) if chr(c) not in "\t\n"}


def plain(text: str) -> str:
    """Text for a plain (escString) attribute, shown as given; lines break at real newlines.

    A backslash is shown as U+29F5 (reverse solidus operator): engines disagree on how many
    backslashes a tooltip needs, and a lone one would let \\N or \\G be replaced by a name.
    """
    out = text.replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\u29f5")
    out = out.translate(_CONTROL_PLAIN)
    return out.replace("\n", "\\n")


def _badge(node: GNode) -> str:
    """The evaluation's words for a node: its label, and its strength when the evaluation gives one."""
    words = BADGE.get(node.label, "")
    if node.strength is not None:
        words = f"{words} {node.strength:.2f}".strip()
    return words


def _rows(node: GNode) -> list[tuple[list[str], float, bool, str]]:
    """A label's rows: (lines, size, bold, how) with how one of "head", "text", "who", "note"."""
    if node.stub:
        rows: list[tuple[list[str], float, bool, str]] = [
            ([line for line in node.header.split("\n") if line], SMALL_SIZE, True, "head")
        ]
        if node.lines:
            rows.append((node.lines, SMALL_SIZE, False, "note"))
        return rows
    assert node.kind is not None
    claim = node.kind is Kind.CLAIM
    head = f"{node.kind.value.upper()}  |  {node.side_name}"
    rows = []
    if node.title:
        rows.append((node.title.split("\n"), SMALL_SIZE, True, "head"))
    rows.append(([head], SMALL_SIZE, False, "head"))
    rows.append((node.lines, CLAIM_SIZE if claim else TEXT_SIZE, claim, "text"))
    if node.speaker:
        rows.append((node.speaker, SMALL_SIZE, False, "who"))
    if node.hidden:
        rows.append(([f"+{node.hidden} hidden"], SMALL_SIZE, False, "note"))
    return rows


def size(node: GNode, large: bool = False) -> tuple[float, float]:
    """Width and height in points of the node's box, as Graphviz sizes its label (see render.metrics)."""
    if node.stub == "top":
        return 0.0, 0.0
    rows = _rows(node)
    badge = _badge(node)
    if large:
        lines = [line for row in rows for line in row[0]]
        w = max((metrics.width(line, TEXT_SIZE) for line in lines), default=0.0)
        return w + 2 * MARGIN_X + 2, len(lines) * TEXT_SIZE * metrics.LINE_HEIGHT + 2 * MARGIN_Y + 2
    width = height = 0.0
    for index, (lines, points, bold, _) in enumerate(rows):
        w, h = metrics.block(lines, points, bold)
        if index == 0 and badge:
            w += metrics.width(badge, SMALL_SIZE, True) + 4 * PAD + 6
            h = max(h, SMALL_SIZE * metrics.LINE_HEIGHT + 2 * PAD + 2)
        width, height = max(width, w + 2 * PAD), height + h + 2 * PAD
    return width + 2 * MARGIN_X + 2, height + 2 * MARGIN_Y + 2


def _label(node: GNode) -> str:
    cells = []
    for index, (lines, points, bold, how) in enumerate(_rows(node)):
        text = "<BR/>".join(html(line) for line in lines)
        if bold:
            text = f"<B>{text}</B>"
        if how == "who":
            text = f"<I>{text}</I>"
        if points != TEXT_SIZE:
            text = f'<FONT POINT-SIZE="{points:g}">{text}</FONT>'
        align = ' ALIGN="LEFT"' if how in ("head", "note") else ""
        cell = f"<TD{align}>{text}</TD>"
        if index == 0 and (badge := _badge(node)):
            # White, boxed and in words: no side's fill can be taken for it.
            cell += (
                f'<TD ALIGN="RIGHT"><TABLE BORDER="1" CELLBORDER="0" CELLPADDING="1" BGCOLOR="#FFFFFF" COLOR="#000000">'
                f'<TR><TD><FONT COLOR="#000000" POINT-SIZE="{SMALL_SIZE}"><B>{html(badge)}</B></FONT></TD></TR>'
                "</TABLE></TD>"
            )
        cells.append(cell)
    span = ' COLSPAN="2"' if _badge(node) else ""
    rows = [f"<TR>{cells[0]}</TR>"] + [f"<TR>{c.replace('<TD', '<TD' + span, 1)}</TR>" for c in cells[1:]]
    return HTML(f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{PAD}">' + "".join(rows) + "</TABLE>>")


def _plain_label(node: GNode) -> str:
    """A label without HTML: several times cheaper for Graphviz to lay out and write on large maps."""
    lines = [line for row in _rows(node) for line in row[0]]
    badge = _badge(node)
    if badge:
        lines[0] = f"{lines[0]}  [{badge}]"
    return plain("\n".join(lines))


def _node_attrs(node: GNode, large: bool, box: tuple[float, float, float, float], height: float) -> dict[str, str]:
    x, y, w, h = box
    if node.stub:
        style = dict(STUB_STYLE[node.stub])
    else:
        assert node.kind is not None  # a node of the map, not a stub: it has a kind
        style = dict(KIND_STYLE[node.kind])
    fill = style.pop("fillcolor", node.fill)
    attrs = {
        "pos": f"{x + w / 2:.2f},{height - y - h / 2:.2f}!",
        "width": f"{w / 72:.4f}",
        "height": f"{h / 72:.4f}",
        "label": _plain_label(node) if large else _label(node),
        "fillcolor": fill,
        **{k: v for k, v in style.items() if NODE_DEFAULTS.get(k) != v},
    }
    if not large and node.tooltip:
        # On a large map the quotes' tooltips are a third of the work of Graphviz and of this module.
        tooltip = f"[{_badge(node)}] {node.tooltip}" if node.label else node.tooltip
        attrs["tooltip"] = plain(tooltip)
    if node.fontcolor != NODE_DEFAULTS["fontcolor"] and not node.stub:
        attrs["fontcolor"] = node.fontcolor
    if node.anchor:
        attrs["id"] = node.anchor
    if node.href:
        attrs["href"] = node.href
    return attrs


def edge_style(relation: Relation | None) -> dict[str, str]:
    """How a line of this relation is drawn, in the diagram and in its legend alike."""
    style = RELATION_STYLE[relation] if relation is not None else FOLD_STYLE
    return {k: style[k] for k in ("style", "color") if EDGE_DEFAULTS[k] != style[k]}


def _spline(points: list[tuple[float, float]], height: float) -> str:
    """A polyline as Graphviz's cubic B-spline points (each straight piece a degenerate cubic), y turned up."""
    out = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        dx, dy = (x1 - x0) / 3, (y1 - y0) / 3
        out += [(x0 + dx, y0 + dy), (x0 + 2 * dx, y0 + 2 * dy), (x1, y1)]
    return " ".join(f"{x:.2f},{height - y:.2f}" for x, y in out)


def _shorten(
    points: list[tuple[float, float]], at_start: bool
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Leave room for an arrowhead: the end point Graphviz aims it at, and the line without it."""
    points = list(points)
    index, other = (0, 1) if at_start else (-1, -2)
    (x, y), (ox, oy) = points[index], points[other]
    length = max(abs(ox - x), abs(oy - y)) or 1.0
    step = min(ARROW, length - 0.5) / length
    points[index] = (x + (ox - x) * step, y + (oy - y) * step)
    return (x, y), points


def draw_edge(
    dot: Writer,
    parent: str,
    child: str,
    edge: GEdge | None,
    points: list[tuple[float, float]],
    height: float,
    arrow_at_child: bool,
) -> None:
    """One line from `parent` to `child`, its arrow where the answered node is."""
    relation = edge.relation if edge is not None else None
    style = RELATION_STYLE[relation] if relation is not None else FOLD_STYLE
    attrs = edge_style(relation)
    if style["arrow"] == "none":
        dot.edge(parent, child, pos=_spline(points, height), dir="none", **attrs)
        return
    end, line = _shorten(points, at_start=not arrow_at_child)
    mark = f"{'e' if arrow_at_child else 's'},{end[0]:.2f},{height - end[1]:.2f}"
    if arrow_at_child:
        dot.edge(parent, child, pos=f"{mark} {_spline(line, height)}", dir="forward", arrowhead=style["arrow"], **attrs)
    else:
        dot.edge(parent, child, pos=f"{mark} {_spline(line, height)}", dir="back", arrowtail=style["arrow"], **attrs)


class Diagram(graphviz.Digraph):
    """A graphviz.Digraph drawn by argmap's engine (a system `dot`, else the bundled graphviz-pure).

    The graphviz package would look for `dot` on PATH, which a pip-only install does not have: `pipe`,
    `render` and the notebook's pictures all go through render.backend instead.
    """

    pages: list[Diagram]  # a paged diagram's pages, this one first (set by render.files.diagram)

    def _repr_image_svg_xml(self) -> str:
        from .backend import draw

        return draw(self.source, "svg").decode("utf-8")

    def _repr_image_png(self) -> bytes:
        from .backend import draw

        return draw(self.source, "png")

    def _repr_svg_(self) -> str:
        return self._repr_image_svg_xml()

    # Graphviz's own options (renderer, formatter, neato_no_op, quiet, engine, ...) are taken, as the base class
    # takes them, and not used: argmap's backend draws the laid-out page as it is.
    @overload
    def pipe(
        self,
        format: str | None = ...,
        renderer: str | None = ...,
        formatter: str | None = ...,
        neato_no_op: bool | int | None = ...,
        quiet: bool = ...,
        *,
        engine: str | None = ...,
        encoding: None = ...,
    ) -> bytes: ...

    @overload
    def pipe(
        self,
        format: str | None = ...,
        renderer: str | None = ...,
        formatter: str | None = ...,
        neato_no_op: bool | int | None = ...,
        quiet: bool = ...,
        *,
        engine: str | None = ...,
        encoding: str,
    ) -> str: ...

    @overload
    def pipe(
        self,
        format: str | None = ...,
        renderer: str | None = ...,
        formatter: str | None = ...,
        neato_no_op: bool | int | None = ...,
        quiet: bool = ...,
        *,
        engine: str | None = ...,
        encoding: str | None,
    ) -> bytes | str: ...

    def pipe(
        self,
        format: str | None = None,
        renderer: str | None = None,
        formatter: str | None = None,
        neato_no_op: bool | int | None = None,
        quiet: bool = False,
        *,
        engine: str | None = None,
        encoding: str | None = None,
    ) -> bytes | str:
        """The diagram drawn in `format` (svg, png, pdf), as bytes (str when `encoding` is given)."""
        from .backend import draw

        data = draw(self.source, format or self.format or "svg")
        return data.decode(encoding) if encoding else data

    def render(
        self,
        filename: os.PathLike | str | None = None,
        directory: os.PathLike | str | None = None,
        view: bool = False,
        cleanup: bool = False,
        format: str | None = None,
        renderer: str | None = None,
        formatter: str | None = None,
        neato_no_op: bool | int | None = None,
        quiet: bool = False,
        quiet_view: bool = False,
        *,
        outfile: os.PathLike | str | None = None,
        engine: str | None = None,
        raise_if_result_exists: bool = False,
        overwrite_source: bool = False,
    ) -> str:
        """Write the DOT source and the drawing beside it; returns the drawing's path."""
        from pathlib import Path

        from ..io.files import write_output

        fmt = format or self.format or "svg"
        folder = Path(os.fsdecode(directory or self.directory or "."))
        source = folder / (filename or self.filename or "argmap.gv")
        picture = source.with_name(f"{source.name}.{fmt}")
        folder.mkdir(parents=True, exist_ok=True)
        if not cleanup:
            write_output(source, self.source, overwrite=True)
        write_output(picture, self.pipe(format=fmt), overwrite=True)
        return str(picture)


class HTML(str):
    """A label in Graphviz's HTML-like syntax: written as is, between its own angle brackets."""


_ID = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))$")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def quote(value: str) -> str:
    """A DOT ID: bare when it may be, else double-quoted (escString text keeps its own escapes)."""
    if isinstance(value, HTML):
        return value
    if _ID.match(value) and value.lower() not in _KEYWORDS:
        return value
    if value.endswith("\\") and not value.endswith("\\\\"):
        value += " "  # a lone backslash before the closing quote would escape it
    return '"' + value.replace('"', '\\"') + '"'


class Writer:
    """DOT statements (the subset argmap uses), kept as data: `source` writes them as DOT, render.svg draws them.

    Its own quoting is several times faster than the graphviz package's.
    """

    def __init__(self, graph: dict[str, str], node: dict[str, str], edge: dict[str, str]) -> None:
        self.graph, self.node_defaults, self.edge_defaults = graph, node, edge
        self.statements: list[tuple[str, str | None, dict[str, str]]] = []  # (node, None, attrs) or (tail, head, attrs)

    @staticmethod
    def _attrs(attrs: dict[str, str]) -> str:
        # The label first, then the rest by name, as the graphviz package writes them.
        items = sorted(attrs.items())
        if "label" in attrs:
            items = [("label", attrs["label"]), *(item for item in items if item[0] != "label")]
        return " ".join(f"{key}={quote(value)}" for key, value in items if value is not None)

    def node(self, name: str, **attrs: str) -> None:
        self.statements.append((name, None, attrs))

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        self.statements.append((tail, head, attrs))

    @property
    def source(self) -> str:
        lines = ["digraph argmap {"]
        for word, attrs in (("graph", self.graph), ("node", self.node_defaults), ("edge", self.edge_defaults)):
            lines.append(f"\t{word} [{self._attrs(attrs)}]")
        attrs_of = self._attrs
        for name, head, attrs in self.statements:
            if head is None:
                lines.append(f"\t{quote(name)} [{attrs_of(attrs)}]")
            else:
                lines.append(f"\t{quote(name)} -> {quote(head)} [{attrs_of(attrs)}]")
        return "\n".join(lines) + "\n}\n"


def _title(dot: Writer, text: str, height: float) -> float:
    """The page's title as a plain text box at the top left; returns its height."""
    w, h = metrics.block([text], TITLE_SIZE, True)
    w, h = w + 8, h + 8
    dot.node(
        "title",
        label=HTML(f"<<B>{html(text)}</B>>"),
        shape="plaintext",
        style="solid",
        fontsize=str(TITLE_SIZE),
        pos=f"{MARGIN + w / 2:.2f},{height - MARGIN - h / 2:.2f}!",
        width=f"{w / 72:.4f}",
        height=f"{h / 72:.4f}",
        id="title",
    )
    return h


def title_height() -> float:
    return metrics.block(["X"], TITLE_SIZE, True)[1] + 8 + GAP


def page_dot(graph: MapGraph, page: Page, title: str, legend: Legend | None, large: bool) -> Writer:
    """The DOT statements of one laid-out page."""
    top = title_height()
    legend_h = legend.height + GAP if legend else 0.0
    width = max(page.width, legend.width + 2 * MARGIN if legend else 0.0, metrics.width(title, TITLE_SIZE, True) + 30)
    height = top + page.height + legend_h
    dot = Writer(
        {
            "layout": "nop2",
            "bgcolor": "white",
            "charset": "UTF-8",
            "id": "diagram",
            "bb": f"0,0,{width:.2f},{height:.2f}",
        },  # noqa: E501
        {"fontname": FONT, "fontsize": str(TEXT_SIZE), "margin": "0", **NODE_DEFAULTS},
        {"fontname": FONT, **EDGE_DEFAULTS},
    )
    _title(dot, title, height)
    shift = {key: (x, y + top, w, h) for key, (x, y, w, h) in page.boxes.items()}
    for item in page.items:
        dot.node(item.key, **_node_attrs(item, large, shift[item.key], height))
    for parent, child, points in page.tree:
        moved = [(x, y + top) for x, y in points]
        edge = parent.edge if parent.stub == "from" else child.edge
        arrow_at_child = edge is not None and edge.tail == parent.key and parent.stub != "from"
        if parent.stub == "from" and edge is not None:
            arrow_at_child = False
        draw_edge(dot, parent.key, child.key, edge, moved, height, arrow_at_child)
    for tail, head, points, edge in page.links:
        moved = [(x, y + top) for x, y in points]
        draw_edge(dot, tail, head, edge, moved, height, arrow_at_child=True)
    if legend:
        legend.draw(dot, MARGIN, top + page.height + GAP, height)
    return dot


class Legend:
    """The key, drawn with the diagram's own boxes and lines (the same style functions), in columns of rows."""

    ROW = 24.0
    SAMPLE = 46.0  # width of a line sample

    def __init__(self, graph: MapGraph, evaluate: bool, width_limit: float, strength: str | None = None) -> None:
        self.sections: list[tuple[str, list[tuple[str, dict]]]] = []
        shapes = [("kind", {"kind": kind, "text": meaning}) for kind, meaning in KIND_LEGEND]
        shapes += [("stub", {"stub": stub, "sample": sample, "text": meaning}) for stub, sample, meaning in STUB_LEGEND]
        self.sections.append(("Shape: what it is", shapes))
        fills = [("fill", {"fill": fill, "ink": ink, "text": name}) for name, fill, ink in graph.legend]
        for start in range(0, len(fills), 6):  # more sides add a column, not height
            self.sections.append(("Fill: whose point" if start == 0 else "", fills[start : start + 6]))
        lines = [
            ("line", {"relation": Relation.SUPPORTS, "text": "supports: arrow at what it supports"}),
            ("line", {"relation": Relation.ATTACKS, "text": "attacks: bar at what it attacks"}),
            ("line", {"relation": None, "text": "answers folded away"}),
        ]
        self.sections.append(("Line: how it answers", lines))
        if evaluate and strength is not None:
            # A gradual semantics (argmap evaluate --semantics dfquad): the badge is the node's strength.
            meaning = "from 0 to 1: its weight, raised by supporters, lowered by attackers"
            self.sections.append((f"Badge: strength ({strength})", [("badge", {"badge": "0.73", "text": meaning})]))
        elif evaluate:
            marks = [("badge", {"badge": BADGE[label], "text": meaning}) for label, meaning in LABEL_LEGEND]
            self.sections.append(("Badge: grounded label", marks))
        self.columns: list[tuple[float, float, tuple[str, list]]] = []  # x, width, section
        self.width = self.height = 0.0
        x = row_y = row_h = 0.0
        self.placed: list[tuple[float, float, tuple[str, list]]] = []
        for section in self.sections:
            w = self._section_width(section)
            h = self.ROW * (len(section[1]) + 1)
            if x and x + w > width_limit:
                x, row_y = 0.0, row_y + row_h + GAP
                row_h = 0.0
            self.placed.append((x, row_y, section))
            x += w + 2 * GAP
            row_h = max(row_h, h)
            self.width = max(self.width, x)
        self.height = row_y + row_h

    def _sample_width(self, kind: str, item: dict) -> float:
        if kind == "kind":
            return metrics.width(item["kind"].value, SMALL_SIZE) + 20
        if kind == "stub":
            return metrics.width(item["sample"], SMALL_SIZE) + 20
        if kind == "fill":
            return 44.0
        if kind == "badge":
            return metrics.width(item["badge"], SMALL_SIZE, True) + 14
        return self.SAMPLE

    def _section_width(self, section: tuple[str, list]) -> float:
        title, rows = section
        widest = max((self._sample_width(k, i) + 8 + metrics.width(i["text"], SMALL_SIZE) for k, i in rows), default=0)
        return max(widest, metrics.width(title, SMALL_SIZE, True)) + 4

    def draw(self, dot: Writer, left: float, top: float, height: float) -> None:
        def at(x: float, y: float, w: float, h: float) -> dict[str, str]:
            return {
                "pos": f"{x + w / 2:.2f},{height - y - h / 2:.2f}!",
                "width": f"{w / 72:.4f}",
                "height": f"{h / 72:.4f}",
            }

        def words(key: str, text: str, x: float, y: float, bold: bool = False) -> None:
            w = metrics.width(text, SMALL_SIZE, bold) + 4
            label = HTML(f"<<B>{html(text)}</B>>" if bold else f"<{html(text)}>")
            dot.node(key, label=label, shape="plaintext", style="solid", fontsize=str(SMALL_SIZE), **at(x, y, w, 18))

        for number, (x0, y0, (title, rows)) in enumerate(self.placed):
            x, y = left + x0, top + y0
            if title:
                words(f"legend/{number}", title, x, y, bold=True)
            for index, (kind, item) in enumerate(rows):
                ry = y + self.ROW * (index + 1)
                key = f"legend/{number}/{index}"
                sw = self._sample_width(kind, item)
                if kind == "kind":
                    style = {k: v for k, v in KIND_STYLE[item["kind"]].items() if k != "peripheries"}
                    dot.node(key, label=html(item["kind"].value), fillcolor="#FFFFFF", fontsize=str(SMALL_SIZE),
                             **style, **at(x, ry, sw, 18))  # fmt: skip
                elif kind == "stub":
                    style = dict(STUB_STYLE[item["stub"]])
                    style.pop("fillcolor", None)
                    dot.node(key, label=html(item["sample"]), fillcolor="#FFFFFF", fontsize=str(SMALL_SIZE),
                             **style, **at(x, ry, sw, 18))  # fmt: skip
                elif kind == "fill":
                    dot.node(key, label="Text", fillcolor=item["fill"], fontcolor=item["ink"], style="filled",
                             fontsize=str(SMALL_SIZE), **at(x, ry, sw, 18))  # fmt: skip
                elif kind == "badge":
                    badge = HTML(f"<<B>{html(item['badge'])}</B>>")
                    dot.node(key, label=badge, fillcolor="#FFFFFF", style="filled",
                             fontsize=str(SMALL_SIZE), **at(x, ry, sw, 18))  # fmt: skip
                else:
                    # Two points and the very line the diagram draws between an answer and what it answers.
                    a, b = f"{key}/a", f"{key}/b"
                    for name, px in ((a, x), (b, x + sw)):
                        dot.node(name, label="", shape="point", width="0.02", height="0.02", style="solid",
                                 **{"pos": f"{px:.2f},{height - ry - 9:.2f}!"})  # fmt: skip
                    edge = GEdge(b, a, item["relation"])
                    draw_edge(dot, a, b, edge, [(x, ry + 9), (x + sw, ry + 9)], height, arrow_at_child=False)
                words(f"{key}/text", item["text"], x + sw + 8, ry)


def fold_style() -> dict[str, str]:
    return edge_style(None)


__all__ = ["FOLDED", "Diagram", "Legend", "page_dot", "size"]
