"""GraphML export, for yEd and draw.io: one node per map node with its label and side colour.

Nodes carry yEd's ShapeNode (label, fill colour, shape by kind) and plain GraphML data (text, kind,
side, speaker, map) for other tools; edges run from the answering node to the node it answers, as in
the diagrams: support solid with an arrow, attack dashed. Write-only: GraphML has no argument grammar.
"""

from __future__ import annotations

from collections import Counter

from ..model import ArgMap, Kind, Relation, split_link
from ..palette import side_colours
from . import Format, register

_KEYS = [
    ("d0", "node", "label", "string"),
    ("d1", "node", "text", "string"),
    ("d2", "node", "kind", "string"),
    ("d3", "node", "side", "string"),
    ("d4", "node", "speaker", "string"),
    ("d5", "node", "map", "string"),
    ("d7", "edge", "relation", "string"),
    ("d8", "edge", "crosslink", "boolean"),
]
# The keys of the map format that write() carries, as model_dump names them: a map's id (each node's
# `map`); a node's id (in the GraphML node's id), text, kind, side (its name and colour), speaker, its
# place in the tree (the edge to its parent) and its cross-links (edges, when the node they name is in
# the export). Every other key a map or node holds is left out, and dropped() counts it.
_MAP_KEYS = {"id", "claim", "$schema"}  # claim: the tree, counted node by node; $schema: the file's, not the map's
_NODE_KEYS = {"id", "text", "kind", "side", "speaker", "children", "supports", "attacks"}
_LINKS = ("supports", "attacks")
_SHAPES = {Kind.CLAIM: "hexagon", Kind.PREMISE: "roundrectangle", Kind.REBUTTAL: "rectangle"}


def write(maps: list[ArgMap]) -> str:
    # Imported here: xml.sax.saxutils brings urllib, http and ssl, which no other format needs.
    from xml.sax.saxutils import escape, quoteattr

    colours = side_colours(maps)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">',
    ]
    out += [f'  <key id="{k}" for="{f}" attr.name="{n}" attr.type="{t}"/>' for k, f, n, t in _KEYS]
    out += ['  <key id="d6" for="node" yfiles.type="nodegraphics"/>']
    out += ['  <key id="d9" for="edge" yfiles.type="edgegraphics"/>']
    out.append('  <graph id="argmap" edgedefault="directed">')
    known = {(m.id, n.id) for m in maps for n, *_ in m.walk()}
    edges: list[str] = []
    count = 0
    for m in maps:
        visits = list(m.walk())
        for node, *_ in visits:
            name, colour = colours.get(node.side, (node.side, "#DDDDDD"))
            label = node.text if node.speaker is None else f"{node.text}\n— {node.speaker}"
            out.append(f"    <node id={quoteattr(f'{m.id}:{node.id}')}>")
            fields = {"d0": label, "d1": node.text, "d2": node.kind.value, "d3": name, "d4": node.speaker, "d5": m.id}
            for key, value in fields.items():
                if value is not None:
                    out.append(f'      <data key="{key}">{escape(value)}</data>')
            shape = _SHAPES.get(node.kind, "rectangle")
            out += [
                '      <data key="d6"><y:ShapeNode>',
                '        <y:Geometry width="220.0" height="80.0"/>',
                f'        <y:Fill color="{colour}" transparent="false"/>',
                '        <y:BorderStyle color="#000000" type="line" width="1.0"/>',
                f'        <y:NodeLabel autoSizePolicy="content">{escape(label)}</y:NodeLabel>',
                f'        <y:Shape type="{shape}"/>',
                "      </y:ShapeNode></data>",
                "    </node>",
            ]
        for edge in m.edges(visits):
            map_id, node_id = split_link(edge.target)
            target = (map_id or m.id, node_id)
            if target not in known:
                continue  # a cross-link to a map outside the export: no node to end at
            attack = edge.relation is Relation.ATTACKS
            count += 1
            edges += [
                f'    <edge id="e{count}" source={quoteattr(f"{m.id}:{edge.source}")} '
                f"target={quoteattr(f'{target[0]}:{target[1]}')}>",
                f'      <data key="d7">{edge.relation.value}</data>',
                f'      <data key="d8">{"true" if edge.crosslink else "false"}</data>',
                '      <data key="d9"><y:PolyLineEdge>',
                f'        <y:LineStyle color="#000000" type="{"dashed" if attack else "line"}" width="1.0"/>',
                f'        <y:Arrows source="none" target="{"t_shape" if attack else "standard"}"/>',
                "      </y:PolyLineEdge></data>",
                "    </edge>",
            ]
    out += edges
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def dropped(maps: list[ArgMap]) -> Counter[tuple[str, str]]:
    """What write() leaves out, by (map or node, key): GraphML cannot be read back to measure it."""
    known = {(m.id, n.id) for m in maps for n, *_ in m.walk()}
    lost: Counter[tuple[str, str]] = Counter()
    for m in maps:
        dumped = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        lost.update(("map", key) for key in dumped.keys() - _MAP_KEYS)
        stack = [dumped["claim"]]
        while stack:
            node = stack.pop()
            lost.update(("node", key) for key in node.keys() - _NODE_KEYS)
            for key in _LINKS:
                # write() draws a cross-link only to a node of the export: one to a map left out is lost.
                if any(_target(m.id, link) not in known for link in node.get(key, ())):
                    lost[("node", key)] += 1
            stack.extend(node.get("children", ()))
    return lost


def _target(map_id: str, link: str) -> tuple[str, str]:
    other, node_id = split_link(link)
    return (other or map_id, node_id)


FORMAT = register(
    Format("graphml", (".graphml",), "GraphML for yEd and draw.io (write only)", write=write, dropped=dropped)
)
