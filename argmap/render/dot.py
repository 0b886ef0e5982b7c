"""MapGraph -> DOT text: pure string building; every user text is escaped, nothing can inject."""

from __future__ import annotations

import itertools

from ..model import Kind, Relation
from .graph import Cluster, GEdge, GNode, MapGraph

FONT = "Helvetica"
LARGE = 2000  # nodes; above this the layout trades some polish for time

# Shape and border tell the kinds apart without colour; the header line names the kind in words.
KIND_STYLE: dict[Kind, dict[str, str]] = {
    Kind.CLAIM: {"shape": "box", "style": "rounded,filled,bold", "penwidth": "3", "peripheries": "2"},
    Kind.PREMISE: {"shape": "box", "style": "rounded,filled", "penwidth": "1"},
    Kind.REBUTTAL: {"shape": "box", "style": "filled", "penwidth": "1.5"},
    Kind.COUNTER_REBUTTAL: {"shape": "box", "style": "filled,diagonals", "penwidth": "1.5"},
}

# Support is solid with a filled arrow, attack dashed with a bar: readable in greyscale.
RELATION_STYLE: dict[Relation, dict[str, str]] = {
    Relation.SUPPORTS: {"style": "solid", "color": "#1A1A1A", "arrow": "normal"},
    Relation.ATTACKS: {"style": "dashed", "color": "#A50026", "arrow": "tee"},
}


def quote(text: str) -> str:
    """A DOT double-quoted string whose text Graphviz shows exactly as given."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n")
    return '"' + escaped.replace("\n", "\\n") + '"'


def html(text: str) -> str:
    """Text for inside an HTML-like label: markup characters become entities."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    # Control characters would make the label invalid XML; show them as spaces.
    return "".join(c if c >= " " or c == "\t" else " " for c in out)


def _attrs(attrs: dict[str, str]) -> str:
    parts = []
    for key, value in attrs.items():
        rendered = value if value.startswith("<") and value.endswith(">") else quote(value)
        parts.append(f"{key}={rendered}")
    return "[" + ", ".join(parts) + "]"


def _label(node: GNode, graph: MapGraph) -> str:
    head_size = "11" if node.kind is Kind.CLAIM else "9"
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{head_size}">'
        f"{html(node.kind.value.upper())}  |  {html(node.side_name)}</FONT></TD></TR>",
    ]
    text = "<BR/>".join(html(line) for line in node.lines)
    if node.kind is Kind.CLAIM:
        text = f'<FONT POINT-SIZE="16"><B>{text}</B></FONT>'
    rows.append(f"<TR><TD>{text}</TD></TR>")
    if node.speaker:
        who = "<BR/>".join(html(line) for line in node.speaker)
        rows.append(f'<TR><TD><FONT POINT-SIZE="10"><I>{who}</I></FONT></TD></TR>')
    if node.hidden_children:
        more = f"+{node.hidden_children} hidden"
        rows.append(f'<TR><TD ALIGN="RIGHT"><FONT POINT-SIZE="9">{more}</FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


_KIND_ATTRS = {kind: ", ".join(f"{k}={quote(v)}" for k, v in style.items()) for kind, style in KIND_STYLE.items()}


def _node(node: GNode, graph: MapGraph, indent: str) -> str:
    return (
        f"{indent}{quote(node.key)} [label={_label(node, graph)}, fillcolor={quote(node.fill)}, "
        f"tooltip={quote(node.tooltip)}, {_KIND_ATTRS[node.kind]}];"
    )


def _edge(edge: GEdge) -> str:
    style = RELATION_STYLE[edge.relation]
    if edge.crosslink:
        # A cross-link points from the answer to what it answers and does not shape the tree's layout.
        attrs = {
            "style": style["style"],
            "color": style["color"],
            "arrowhead": style["arrow"],
            "constraint": "false",
            "penwidth": "1.2",
        }
        return f"  {quote(edge.tail)} -> {quote(edge.head)} {_attrs(attrs)};"
    # Tree edges are written parent -> child so rank follows the tree; the arrow is drawn at the parent.
    attrs = {"dir": "back", "style": style["style"], "color": style["color"], "arrowtail": style["arrow"]}
    return f"  {quote(edge.head)} -> {quote(edge.tail)} {_attrs(attrs)};"


KIND_LEGEND = (
    ("double border", "the claim"),
    ("rounded corners", "premise"),
    ("square corners", "rebuttal"),
    ("clipped corners", "counter-rebuttal"),
)


def _legend(graph: MapGraph) -> list[str]:
    sides = "".join(
        f'<TR><TD BGCOLOR="{html(colour)}" WIDTH="18" BORDER="1"> </TD><TD ALIGN="LEFT">{html(name)}</TD></TR>'
        for name, colour in graph.legend
    )
    kinds = "".join(
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="10">{shape}: {kind}</FONT></TD></TR>'
        for shape, kind in KIND_LEGEND
    )
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3">'
        '<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>'
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Sides</B></TD></TR>'
        + sides
        + '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Kinds</B></TD></TR>'
        + kinds
        + "</TABLE>>"
    )
    point = _attrs({"shape": "point", "width": "0.05", "label": ""})
    # Plain nodes, not a cluster: a cluster makes dot several times slower on large maps.
    lines = [
        f'  "legend:table" {_attrs({"shape": "box", "style": "rounded", "color": "#888888", "label": table})};',
    ]
    for relation, style in RELATION_STYLE.items():
        tail, head = f'"legend:{relation.value}:1"', f'"legend:{relation.value}:2"'
        attrs = {"style": style["style"], "color": style["color"], "arrowhead": style["arrow"]}
        # The sample ends at a text node: an edge label, or an edge tying the samples to the table,
        # makes dot re-rank the whole graph and costs seconds on large maps.
        lines += [
            f"  {tail} {point}; {head} {_attrs({'shape': 'plaintext', 'label': relation.value})};",
            f"  {tail} -> {head} {_attrs(attrs)};",
        ]
    return lines


def _cluster(cluster: Cluster, graph: MapGraph) -> list[str]:
    lines = [
        f"  subgraph {quote('cluster_' + cluster.key)} {{",
        f"    graph {_attrs({'label': cluster.title, 'fontsize': '16', 'style': 'rounded', 'color': '#666666'})};",
    ]
    lines.extend(_node(n, graph, "    ") for n in cluster.nodes)
    lines.append("  }")
    return lines


def to_dot(graph: MapGraph) -> str:
    """The DOT text of a diagram; the same graph always gives the same bytes."""
    graph_attrs = {
        "label": graph.title,
        "labelloc": "t",
        "fontsize": "20",
        "fontname": FONT,
        "rankdir": graph.options.rankdir,
        "charset": "UTF-8",
        "bgcolor": "white",
        "nodesep": "0.3",
        "ranksep": "0.45",
    }
    if sum(len(c.nodes) for c in graph.clusters) > LARGE:
        # Fewer crossing-reduction passes: on thousands of nodes they cost seconds and gain little.
        graph_attrs["mclimit"] = "0.3"
    lines = [
        "digraph argmap {",
        f"  graph {_attrs(graph_attrs)};",
        f"  node {_attrs({'fontname': FONT, 'fontsize': '12', 'margin': '0.12,0.06'})};",
        f"  edge {_attrs({'fontname': FONT, 'fontsize': '10', 'penwidth': '1.4'})};",
    ]
    if graph.overview:
        for cluster in graph.clusters:
            lines.extend(_cluster(cluster, graph))
        # Stack the maps one below the other (side by side, a debate is many screens wide).
        for above, below in itertools.pairwise(graph.clusters):
            if above.deepest and below.nodes:
                lines.append(f'  {quote(above.deepest)} -> {quote(below.nodes[0].key)} [style="invis"];')
    else:
        for cluster in graph.clusters:
            lines.extend(_node(n, graph, "  ") for n in cluster.nodes)
    lines.extend(_edge(e) for e in graph.edges)
    if graph.legend:
        lines.extend(_legend(graph))
    lines.append("}")
    return "\n".join(lines) + "\n"
