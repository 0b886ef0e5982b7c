"""MapGraph -> graphviz.Digraph: quoting is the graphviz package's; node text goes in HTML-like labels, verbatim."""

from __future__ import annotations

import itertools

import graphviz

from ..model import Kind, Relation
from .graph import LARGE, Cluster, GEdge, GNode, MapGraph, columns

FONT = "Helvetica"

# Sizes in points. The smallest is what a page check measures: at 11 pt a diagram may shrink to 64 %.
TEXT_SIZE = 11
CLAIM_SIZE = 15
SMALL_SIZE = 11
TITLE_SIZE = 20
SMALLEST = SMALL_SIZE

# Shape and border tell the kinds apart without colour; the header line names the kind in words.
KIND_STYLE: dict[Kind, dict[str, str]] = {
    Kind.CLAIM: {"shape": "box", "style": "rounded,filled,bold", "penwidth": "3", "peripheries": "2"},
    Kind.PREMISE: {"shape": "box", "style": "rounded,filled", "penwidth": "1"},
    Kind.REBUTTAL: {"shape": "box", "style": "filled", "penwidth": "1.5"},
    Kind.COUNTER_REBUTTAL: {"shape": "box", "style": "filled,diagonals", "penwidth": "1.5"},
}
STUB_STYLE: dict[str, dict[str, str]] = {
    "link": {"shape": "box", "style": "rounded,dashed,filled", "color": "#444444", "penwidth": "1.2"},
    "more": {"shape": "box", "style": "dotted,filled", "color": "#444444", "penwidth": "1.2"},
}

# Support is solid with a filled arrow, attack dashed with a bar: readable in greyscale.
RELATION_STYLE: dict[Relation, dict[str, str]] = {
    Relation.SUPPORTS: {"style": "solid", "color": "#1A1A1A", "arrow": "normal"},
    Relation.ATTACKS: {"style": "dashed", "color": "#A50026", "arrow": "tee"},
}
FOLD_STYLE = {"style": "dotted", "color": "#444444", "arrow": "none"}

# Where tree edges leave a parent and reach a child, by layout direction (parent side, child side).
PORTS = {"TB": ("s", "n"), "BT": ("n", "s"), "LR": ("e", "w"), "RL": ("w", "e")}

KIND_LEGEND = (
    (Kind.CLAIM, "the claim (double border)"),
    (Kind.PREMISE, "supports (rounded)"),
    (Kind.REBUTTAL, "attacks (square)"),
    (Kind.COUNTER_REBUTTAL, "attacks a rebuttal"),
)
STUB_LEGEND = (
    ("link", "node of another map: opens it"),
    ("more", "answers not drawn"),
)
# Line samples are drawn with box-drawing characters; WIDTH keeps them clear of the words beside them
# in engines that size characters outside Latin-1 as a space.
FILL_ROWS = 6  # sides per column of the legend: more sides add a column, not height

LINE_LEGEND = (
    (Relation.SUPPORTS, "\u2500\u2500\u2500\u2500\u25b6", "supports"),
    (Relation.ATTACKS, "\u254c\u254c\u254c\u254c\u2524", "attacks"),
)


def html(text: str) -> str:
    """Text for inside an HTML-like label, shown exactly as given.

    Markup characters become entities; a backslash is doubled, since Graphviz reads \\N, \\G and \\L in
    labels as the node's, graph's and object's names; control characters (invalid XML) become spaces.
    """
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    out = out.replace("\\", "\\\\")
    return out.translate(_CONTROL)


# Control characters would make the SVG invalid XML: they are shown as spaces (tab and newline kept).
_CONTROL = {c: " " for c in range(32) if chr(c) not in "\t"}
_CONTROL_PLAIN = {c: " " for c in range(32) if chr(c) not in "\t\n"}


def plain(text: str) -> str:
    """Text for a plain (escString) attribute, shown as given; lines break at real newlines.

    A backslash is shown as U+29F5 (reverse solidus operator): engines disagree on how many
    backslashes a tooltip needs, and a lone one would let \\N or \\G be replaced by a name.
    """
    out = text.replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\u29f5")
    out = out.translate(_CONTROL_PLAIN)
    return out.replace("\n", "\\n")


def _width_hint(lines: list[str], size: float) -> str:
    """A cell WIDTH for lines holding CJK, which some engines size as spaces (so text overran its box)."""
    wide = [line for line in lines if not line.isascii() and columns(line) > len(line)]
    if not wide:
        return ""
    # 1.15 em for a wide character (bold and spacing), about 0.6 em (Helvetica's mean, generous) for the rest.
    points = max(size * (0.55 * columns(line) + 0.05 * len(line)) for line in wide)
    return f' WIDTH="{int(points) + 4}"'


def _label(node: GNode) -> str:
    lines = "<BR/>".join(html(line) for line in node.lines)
    text_size = CLAIM_SIZE if node.kind is Kind.CLAIM else TEXT_SIZE
    if node.stub:
        header = "<BR ALIGN=\"LEFT\"/>".join(html(line) for line in node.header.split("\n"))
        rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SMALL_SIZE}"><B>{header}</B></FONT></TD></TR>']
        if node.lines:
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SMALL_SIZE}">{lines}</FONT></TD></TR>')
    else:
        assert node.kind is not None
        head_size = TEXT_SIZE if node.kind is Kind.CLAIM else SMALL_SIZE
        head = f"{node.kind.value.upper()}  |  {node.side_name}"
        rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{head_size}">{html(head)}</FONT></TD></TR>']
        if node.kind is Kind.CLAIM:
            lines = f'<FONT POINT-SIZE="{CLAIM_SIZE}"><B>{lines}</B></FONT>'
        rows.append(f"<TR><TD{_width_hint(node.lines, text_size)}>{lines}</TD></TR>")
        if node.speaker:
            who = "<BR/>".join(html(line) for line in node.speaker)
            rows.append(f'<TR><TD><FONT POINT-SIZE="{SMALL_SIZE}"><I>{who}</I></FONT></TD></TR>')
    if node.hidden:
        rows.append(f'<TR><TD ALIGN="RIGHT"><FONT POINT-SIZE="{SMALL_SIZE}">+{node.hidden} hidden</FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def _plain_label(node: GNode) -> str:
    """A label without HTML: several times cheaper for Graphviz to lay out and write on large maps."""
    if node.stub:
        parts = [node.header, *node.lines]
    else:
        assert node.kind is not None
        parts = [f"{node.kind.value.upper()} | {node.side_name}", *node.lines, *node.speaker]
    if node.hidden:
        parts.append(f"+{node.hidden} hidden")
    return graphviz.nohtml(plain("\n".join(parts)))


# Set once for the graph; a node or edge states only where it differs (a quarter of the DOT on large maps).
NODE_DEFAULTS = {"shape": "box", "fontcolor": "#000000", "penwidth": "1", "style": "rounded,filled"}
EDGE_DEFAULTS = {"dir": "back", "arrowtail": "normal", "style": "solid", "color": "#1A1A1A"}


# An evaluated diagram marks each node's grounded label without hiding its kind or side: a thick border
# for in, greyed out for out, a dashed border for undec.
LABEL_LEGEND = (
    ("in", "stands (in)"),
    ("out", "falls (out)"),
    ("undec", "undecided"),
)
GREY_FILL, GREY_INK = "#EEEEEE", "#767676"  # 4.5:1 on the grey fill, as the text contrast rule asks


def _evaluated(style: dict[str, str], label: str) -> dict[str, str]:
    """The kind's style with the node's label marked on it."""
    style = dict(style)
    if label == "in":
        style["penwidth"] = str(float(style.get("penwidth", NODE_DEFAULTS["penwidth"])) + 3)
    elif label == "out":
        style["color"] = GREY_INK
    elif label == "undec":
        style["style"] = style.get("style", NODE_DEFAULTS["style"]) + ",dashed"
    return style


def _node_attrs(node: GNode, large: bool) -> dict[str, str]:
    style = STUB_STYLE[node.stub] if node.stub else KIND_STYLE[node.kind]  # type: ignore[index]
    fill, ink = node.fill, node.fontcolor
    if node.label:
        style = _evaluated(style, node.label)
        if node.label == "out":
            fill, ink = GREY_FILL, GREY_INK
    attrs = {
        "label": _plain_label(node) if large else _label(node),
        "fillcolor": fill,
        **{k: v for k, v in style.items() if NODE_DEFAULTS.get(k) != v},
    }
    if not large:
        # On a large map the quotes' tooltips are a third of the work of Graphviz and of this module.
        tooltip = f"[{node.label}] {node.tooltip}" if node.label else node.tooltip
        attrs["tooltip"] = graphviz.nohtml(plain(tooltip))
    if ink != NODE_DEFAULTS["fontcolor"]:
        attrs["fontcolor"] = ink
    if node.anchor:
        attrs["id"] = graphviz.nohtml(node.anchor)
    if node.href:
        attrs["href"] = graphviz.nohtml(node.href)
    return attrs


def _edge(dot: graphviz.Digraph, edge: GEdge, rankdir: str, ports: bool, grid: bool = False) -> None:
    style = RELATION_STYLE[edge.relation] if edge.relation is not None else FOLD_STYLE
    attrs = {k: style[k] for k in ("style", "color") if EDGE_DEFAULTS[k] != style[k]}
    if grid and edge.layout != "none":
        # On a grid the cells hold the ranks and columns (see _grid_edges): this edge only draws.
        attrs.update(constraint="false", weight="0")
    elif edge.layout == "none":
        # A cross-link inside the diagram points from the answer to what it answers and does not shape ranks.
        dot.edge(
            edge.tail, edge.head, dir="forward", arrowhead=style["arrow"], constraint="false", penwidth="1.2", **attrs
        )
        return
    # On a grid an answer may sit ranks below its parent, under other boxes: its edge then comes in from the side.
    above, below = PORTS[rankdir] if ports and not grid else (None, None)
    if edge.anchor and not grid:
        # The rank comes from the sibling above (see graph._anchor_rows); this edge only draws.
        child = edge.head if edge.layout == "below" else edge.tail
        dot.edge(edge.anchor, child, style="invis", dir="none")
        attrs["constraint"] = "false"
    elif edge.minlen > 1 and not grid:
        attrs["minlen"] = str(edge.minlen)
    if edge.layout == "below":
        # The head is a stub for a node of another map: it hangs below the answer, the arrow points at it.
        dot.edge(
            edge.tail, edge.head, dir="forward", arrowhead=style["arrow"], tailport=above, headport=below, **attrs
        )
        return
    # Tree edges are written parent -> child so rank follows the tree; the arrow is drawn at the parent.
    if style["arrow"] != EDGE_DEFAULTS["arrowtail"]:
        attrs["arrowtail"] = style["arrow"]
    dot.edge(edge.head, edge.tail, tailport=above, headport=below, **attrs)


def _legend_table(graph: MapGraph) -> str:
    """One table, three columns side by side: shapes, fills, line styles (low, so rank 0 stays short)."""

    def column(sections: list[tuple[str, list[str]]]) -> str:
        rows = []
        for title, body in sections:
            head = f"<B>{html(title)}</B>" if title else " "
            rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT">{head}</TD></TR>')
            rows.extend(body)
        return '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">' + "".join(rows) + "</TABLE>"

    def words(text: str) -> str:
        return f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{SMALL_SIZE}">{html(text)}</FONT></TD>'

    def sample(text: str, border: str, style: str) -> str:
        return (
            f'<TD><TABLE BORDER="{border}"{style} CELLBORDER="0" CELLPADDING="1"><TR><TD>'
            f'<FONT POINT-SIZE="{SMALL_SIZE}">{html(text)}</FONT></TD></TR></TABLE></TD>'
        )

    shapes = []
    for kind, meaning in KIND_LEGEND:
        border = {Kind.CLAIM: "3", Kind.COUNTER_REBUTTAL: "2"}.get(kind, "1")
        rounded = ' STYLE="rounded"' if kind in (Kind.CLAIM, Kind.PREMISE) else ""
        shapes.append(f"<TR>{sample(kind.value, border, rounded)}{words(meaning)}</TR>")
    for stub, meaning in STUB_LEGEND:
        style = ' STYLE="dashed"' if stub == "link" else ' STYLE="dotted"'
        shapes.append(f"<TR>{sample('map : node' if stub == 'link' else '+N more', '1', style)}{words(meaning)}</TR>")
    fills = [
        f'<TR><TD BGCOLOR="{fill}" BORDER="1" FIXEDSIZE="TRUE" WIDTH="40" HEIGHT="18">'
        f'<FONT COLOR="{ink}" POINT-SIZE="{SMALL_SIZE}">Text</FONT></TD>{words(name)}</TR>'
        for name, fill, ink in graph.legend
    ]
    lines = [
        f'<TR><TD WIDTH="60"><FONT COLOR="{colour}">{glyphs}</FONT></TD>{words(meaning)}</TR>'
        for relation, glyphs, meaning in LINE_LEGEND
        for colour in [RELATION_STYLE[relation]["color"]]
    ]
    # More sides add a column of fills, not height: the legend shares rank 0 with the claim.
    fill_columns = [fills[i : i + FILL_ROWS] for i in range(0, len(fills), FILL_ROWS)] or [[]]
    cells = [column([("Shape: what it is", shapes)])]
    cells += [column([("Fill: whose point" if i == 0 else "", part)]) for i, part in enumerate(fill_columns)]
    cells.append(column([("Line: how it answers", lines)]))
    if graph.options.evaluate:
        borders = {
            "in": ' BORDER="4"',
            "out": f' BORDER="1" COLOR="{GREY_INK}" BGCOLOR="{GREY_FILL}"',
            "undec": ' BORDER="1" STYLE="dashed"',
        }
        evaluated = [
            f'<TR><TD><TABLE{borders[label]} CELLBORDER="0" CELLPADDING="1"><TR><TD>'
            f'<FONT POINT-SIZE="{SMALL_SIZE}">{label}</FONT></TD></TR></TABLE></TD>{words(meaning)}</TR>'
            for label, meaning in LABEL_LEGEND
        ]
        cells.append(column([("Border: grounded label", evaluated)]))
    return (
        '<<TABLE BORDER="1" STYLE="rounded" COLOR="#888888" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4">'
        f'<TR><TD COLSPAN="{len(cells)}"><B>Legend</B></TD></TR><TR>'
        + "".join(f'<TD VALIGN="TOP">{cell}</TD>' for cell in cells)
        + "</TR></TABLE>>"
    )


def _legend(dot: graphviz.Digraph, graph: MapGraph) -> None:
    """One box: a single table node (a cluster, or edges to draw samples, would slow large layouts)."""
    dot.node("legend", label=_legend_table(graph), shape="plaintext", style="solid", id="legend", margin="0")


def _grid_edges(dot: graphviz.Digraph, graph: MapGraph) -> None:
    """Invisible edges that hold each node in its grid cell (graph._grid).

    Down each column, an edge from the node above (heavy, so the column stays straight, and as long
    as the ranks between); a column's first node hangs from the rank above; along each rank, edges
    from left to right fix the columns' order, with the legend to the right of the claim.
    """
    ranks: dict[int, list[tuple[int, str]]] = {}
    for key, (rank, column) in graph.grid.items():
        ranks.setdefault(rank, []).append((column, key))
    rows = {rank: [key for _, key in sorted(row)] for rank, row in ranks.items()}
    above: dict[int, tuple[int, str]] = {}  # column -> (rank, key) of the lowest node placed so far
    for rank in sorted(rows):
        for key in rows[rank]:
            column = graph.grid[key][1]
            if column in above:
                top, over = above[column]
                dot.edge(over, key, style="invis", dir="none", minlen=str(rank - top), weight="100")
            elif rank > 0 and rows.get(rank - 1):
                dot.edge(rows[rank - 1][0], key, style="invis", dir="none")
            above[column] = (rank, key)
    if graph.legend and 0 in rows:
        rows[0] = [*rows[0], "legend"]
    for rank in sorted(rows):
        if len(rows[rank]) > 1:
            with dot.subgraph() as row:
                row.attr(rank="same")
                for left, right in itertools.pairwise(rows[rank]):
                    row.edge(left, right, style="invis", dir="none")


def _cluster(dot: graphviz.Digraph, cluster: Cluster, large: bool) -> None:
    with dot.subgraph(name=f"cluster_{cluster.key}") as sub:
        sub.attr(
            label=f"<<B>{html(cluster.title)}</B>>",
            fontsize="16",
            style="rounded",
            color="#666666",
            id=f"map/{cluster.key}",
        )
        for node in cluster.nodes:
            sub.node(node.key, **_node_attrs(node, large))


class Diagram(graphviz.Digraph):
    """A graphviz.Digraph that a notebook draws with argmap's engine (a system `dot` or graphviz-pure).

    The graphviz package would look for `dot` on PATH, which a pip-only install does not have.
    """

    def _repr_image_svg_xml(self) -> str:
        from .backend import engine_for, run_dot

        return run_dot(self.source, "svg", engine_for("svg")).decode("utf-8")

    def _repr_image_png(self) -> bytes:
        from .backend import engine_for, rasterise, run_dot

        return rasterise(run_dot(self.source, "svg", engine_for("svg")), 96)


def to_digraph(graph: MapGraph) -> graphviz.Digraph:
    """The diagram as a graphviz.Digraph; the same graph always gives the same source."""
    large = graph.size > LARGE
    rankdir = graph.options.rankdir
    graph_attrs = {
        "label": f"<{html(graph.title)}>",
        "labelloc": "t",
        "fontsize": str(TITLE_SIZE),
        "fontname": FONT,
        "rankdir": rankdir,
        "charset": "UTF-8",
        "bgcolor": "white",
        "nodesep": "0.1",
        "ranksep": "0.25",
        "id": "diagram",
    }
    if graph.grid:
        # The grid sets the width; boxes and ranks closer still (the edges find their way between the cells).
        graph_attrs.update({"nodesep": "0.05", "ranksep": "0.15"})
    if large:
        # The x-coordinate pass and spline routing are most of dot's time on thousands of nodes:
        # cap the one (iterations per node) and skip the other (straight lines, clipped at the boxes).
        # Each x-coordinate iteration walks the whole graph: about a hundred, whatever the size.
        nslimit = f"{max(0.001, 100 / graph.size):.4f}"
        graph_attrs.update({"nslimit": nslimit, "nslimit1": "0.2", "mclimit": "0.3", "splines": "false"})
    dot = Diagram(
        "argmap",
        graph_attr=graph_attrs,
        node_attr={"fontname": FONT, "fontsize": str(TEXT_SIZE), "margin": "0.08,0.04", **NODE_DEFAULTS},
        edge_attr={"fontname": FONT, "fontsize": str(SMALL_SIZE), "penwidth": "1.4", **EDGE_DEFAULTS},
    )
    if graph.overview:
        for cluster in graph.clusters:
            _cluster(dot, cluster, large)
        # Stack the maps one below the other (side by side, a debate is many screens wide).
        for above, below in itertools.pairwise(graph.clusters):
            if above.deepest and below.nodes:
                dot.edge(above.deepest, below.nodes[0].key, style="invis", dir="none")
    else:
        for cluster in graph.clusters:
            for node in cluster.nodes:
                dot.node(node.key, **_node_attrs(node, large))
    for edge in graph.edges:
        _edge(dot, edge, rankdir, ports=not large, grid=bool(graph.grid))
    if graph.legend:
        _legend(dot, graph)
    if graph.grid:
        _grid_edges(dot, graph)
    return dot


def to_dot(graph: MapGraph) -> str:
    """The DOT text of a diagram; the same graph always gives the same bytes."""
    return to_digraph(graph).source
