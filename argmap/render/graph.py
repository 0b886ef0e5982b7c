"""ArgMap -> MapGraph: the neutral diagram (nodes, edges, clusters, legend) before any DOT syntax."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import ArgMap, Kind, Relation, split_link

# Paul Tol's "light" scheme: distinguishable under the common colour-vision deficiencies and light
# enough for black text. Sides take colours in order of declaration.
PALETTE = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
    "#DDDDDD",  # pale grey
)


@dataclass(frozen=True)
class Options:
    """What a user can choose about a diagram."""

    wrap: int = 36
    rankdir: str = "TB"
    legend: bool = True
    max_depth: int | None = None
    sides: frozenset[str] | None = None


@dataclass
class GNode:
    key: str
    kind: Kind
    side: str
    side_name: str
    lines: list[str]
    speaker: list[str]
    tooltip: str
    fill: str
    hidden_children: int = 0


@dataclass
class GEdge:
    """tail answers head: the tail supports or attacks the head."""

    tail: str
    head: str
    relation: Relation
    crosslink: bool


@dataclass
class Cluster:
    key: str
    title: str
    nodes: list[GNode] = field(default_factory=list)
    deepest: str = ""  # key of a node on the cluster's last rank, to stack the next cluster below it


@dataclass
class MapGraph:
    title: str
    clusters: list[Cluster]
    edges: list[GEdge]
    legend: list[tuple[str, str]]  # (side name, fill colour)
    options: Options
    overview: bool = False


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (textwrap is several times slower, and this runs once per node)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            while len(word) > width:  # a word longer than a line is cut, as textwrap would
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:width])
                word = word[width:]
            if not current:
                current = word
            elif len(current) + 1 + len(word) <= width:
                current = f"{current} {word}"
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


def side_colours(maps: Iterable[ArgMap]) -> dict[str, tuple[str, str]]:
    """Side id -> (name, colour), in order of first declaration across the maps."""
    colours: dict[str, tuple[str, str]] = {}
    for m in maps:
        for side_id, side in m.sides.items():
            if side_id not in colours:
                colour = side.color or PALETTE[len(colours) % len(PALETTE)]
                colours[side_id] = (side.name, colour.upper())
    return colours


def _tooltip(m: ArgMap, node) -> str:
    if node.quote is None:
        return node.text
    source = m.sources.get(node.quote.source)
    cite = f"{source.title} ({source.date})" if source else node.quote.source
    text = node.quote.text.strip()
    if not text.startswith(("\u201c", '"')):
        text = f"\u201c{text}\u201d"
    return f"{text}\n\u2014 {cite}"


def _cluster(m: ArgMap, prefix: str, colours, options: Options) -> tuple[Cluster, list[GEdge], set[str]]:
    cluster = Cluster(key=m.id, title=m.title)
    edges: list[GEdge] = []
    shown: dict[str, GNode] = {}
    deepest = -1
    hidden_below: set[int] = set()  # id() of nodes hidden, so their subtrees hide too
    for node, parent, _, depth in m.walk():
        if parent is not None and (
            id(parent) in hidden_below
            or (options.max_depth is not None and depth > options.max_depth)
            or (options.sides is not None and node.side not in options.sides)
        ):
            hidden_below.add(id(node))
            if id(parent) not in hidden_below:
                shown[parent.id].hidden_children += 1
            continue
        name, colour = colours.get(node.side, (node.side, PALETTE[-1]))
        gnode = GNode(
            key=f"{prefix}{node.id}",
            kind=node.kind,
            side=node.side,
            side_name=name,
            lines=_wrap(node.text, options.wrap),
            speaker=_wrap(node.speaker, options.wrap + 8) if node.speaker else [],
            tooltip=_tooltip(m, node),
            fill=colour,
        )
        shown[node.id] = gnode
        cluster.nodes.append(gnode)
        if depth > deepest:
            deepest, cluster.deepest = depth, gnode.key
        if parent is not None and node.relation is not None:
            edges.append(GEdge(gnode.key, f"{prefix}{parent.id}", node.relation, False))
    return cluster, edges, {g.key for g in cluster.nodes}


def build(
    maps: Sequence[ArgMap],
    options: Options | None = None,
    title: str | None = None,
    colours: dict[str, tuple[str, str]] | None = None,
) -> MapGraph:
    """One map (or, for an overview, several maps as clusters with the links between them).

    Pass `colours` from side_colours() over a whole debate so a side keeps its colour in every diagram.
    """
    options = options or Options()
    colours = colours or side_colours(maps)
    overview = len(maps) > 1 or title is not None
    clusters: list[Cluster] = []
    edges: list[GEdge] = []
    keys: set[str] = set()
    for m in maps:
        prefix = f"{m.id}:" if overview else ""
        cluster, tree_edges, cluster_keys = _cluster(m, prefix, colours, options)
        clusters.append(cluster)
        edges.extend(tree_edges)
        keys |= cluster_keys
    for m in maps:
        prefix = f"{m.id}:" if overview else ""
        for edge in m.edges():
            if not edge.crosslink:
                continue
            map_id, node_id = split_link(edge.target)
            if map_id is not None and map_id != m.id:
                if not overview:
                    continue  # a link into another map is drawn on the overview
                head = f"{map_id}:{node_id}"
            else:
                head = f"{prefix}{node_id}"
            tail = f"{prefix}{edge.source}"
            if tail in keys and head in keys:
                edges.append(GEdge(tail, head, edge.relation, True))
    used = {n.side for c in clusters for n in c.nodes}
    legend = [(name, colour) for side_id, (name, colour) in colours.items() if side_id in used]
    return MapGraph(
        title=title or (maps[0].title if maps else ""),
        clusters=clusters,
        edges=edges,
        legend=legend if options.legend else [],
        options=options,
        overview=overview,
    )
