"""ArgMap -> MapGraph: the neutral diagram (nodes, stubs, edges, clusters, legend) before any DOT syntax."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import ArgMap, Kind, Node, Relation, split_link
from ..vocab import Page
from .colours import assign, text_colour

# Answers are drawn premises first, then rebuttals, then counter-rebuttals; each kind starts a new row.
KIND_ORDER = {Kind.PREMISE: 0, Kind.REBUTTAL: 1, Kind.COUNTER_REBUTTAL: 2, Kind.CLAIM: 3}
STUB_TEXT = 40  # characters of the other node's text a cross-map stub shows (about one line)
LARGE = 2000  # nodes; above this a diagram is laid out for speed (no staggered rows, plain labels)


@dataclass(frozen=True)
class Options:
    """What a user can choose about a diagram."""

    wrap: int = 36
    rankdir: str = "TB"
    legend: bool = True
    max_depth: int | None = None
    sides: frozenset[str] | None = None
    max_answers: int | None = None  # fold a node's answers past this many into one "+N more" stub
    row: int | None = None  # answers side by side before the next drop to a rank below; None: fit the page
    page: Page = Page.A3  # warn when the diagram's smallest text, scaled to fit this page, is under 7 pt
    dpi: int = 144  # PNG resolution
    evaluate: bool = False  # mark each node with its grounded label (argmap evaluate)
    # Lay a one-map diagram out on a grid this many columns wide (see _grid); None: rows of `row`.
    # The page fit picks it from the page's shape when rows of answers do not read.
    columns: int | None = None


@dataclass
class GNode:
    key: str
    kind: Kind | None  # None for a stub
    side: str
    side_name: str
    lines: list[str]
    speaker: list[str]
    tooltip: str
    fill: str
    fontcolor: str = "#000000"
    hidden: int = 0  # nodes below this one that the depth or side filter hides, at any depth
    stub: str = ""  # "" for a node of the map; "link" (a node of another map) or "more" (folded answers)
    href: str = ""  # where the stub leads
    anchor: str = ""  # the SVG id that links from other diagrams land on
    header: str = ""  # a stub's first line(s), in bold
    label: str = ""  # "in", "out" or "undec" when the diagram shows an evaluation


@dataclass
class GEdge:
    """tail answers head: the tail supports or attacks the head.

    `layout` says how the edge shapes the ranks: "tree" (head above tail), "below" (tail above head:
    a stub for a node of another map that the tail answers), or "none" (a cross-link inside the diagram).
    """

    tail: str
    head: str
    relation: Relation | None  # None for the line to a "+N more" stub
    layout: str = "tree"
    minlen: int = 1
    anchor: str = ""  # a sibling on the rank above: the rank is held by an invisible edge from it


def _anchor_rows(edges: list[GEdge]) -> None:
    """Hang each staggered answer from a sibling one rank up instead of from its parent far above.

    An edge spanning k ranks makes dot thread k-1 virtual nodes through the ranks between, a column of
    width per edge; anchored to a sibling, the answer sits just below the row above and the edge to its
    parent is drawn without shaping the ranks.
    """
    rows: dict[str, dict[int, list[GEdge]]] = {}
    for edge in edges:
        if edge.layout == "tree":
            rows.setdefault(edge.head, {}).setdefault(edge.minlen, []).append(edge)
        elif edge.layout == "below":
            rows.setdefault(edge.tail, {}).setdefault(edge.minlen, []).append(edge)
    for by_rank in rows.values():
        for rank, row in by_rank.items():
            above = by_rank.get(rank - 1)
            if rank == 1 or not above:
                continue
            for index, edge in enumerate(row):
                sibling = above[index % len(above)]
                edge.anchor = sibling.tail if sibling.layout == "tree" else sibling.head


def _grid(nodes: Sequence[GNode], edges: Sequence[GEdge], width: int) -> dict[str, tuple[int, int]]:
    """(rank, column) of each node on a grid `width` columns wide: the claim top left, answers near what they answer.

    Ranks alone let a node with many answers, or many nodes with subtrees, spread a diagram far wider
    than a page; a grid bounds the width and fills the ranks. The tree is walked in pre-order, so a
    node's answers are placed before the next sibling's: each answer takes the first rank below its
    parent with a free column, the column nearest its parent's; answers before stubs, in drawing order.
    """
    width = max(1, width)
    stub = {n.key: bool(n.stub) for n in nodes}
    kids: dict[str, list[str]] = {}
    placed_under: set[str] = set()
    for edge in edges:
        if edge.layout == "tree":
            parent, child = edge.head, edge.tail
        elif edge.layout == "below":
            parent, child = edge.tail, edge.head
        else:
            continue
        if child not in placed_under:
            placed_under.add(child)
            kids.setdefault(parent, []).append(child)
    for children in kids.values():
        children.sort(key=lambda key: stub.get(key, False))  # stable: drawing order within answers and stubs
    cells: dict[str, tuple[int, int]] = {}
    taken: dict[int, set[int]] = {}

    def put(key: str, rank: int, near: int) -> None:
        while len(taken.get(rank, ())) >= width:
            rank += 1
        used = taken.setdefault(rank, set())
        column = min((c for c in range(width) if c not in used), key=lambda c: (abs(c - near), c))
        used.add(column)
        cells[key] = (rank, column)

    stack = [n.key for n in reversed(nodes) if n.key not in placed_under]
    while stack:
        key = stack.pop()
        if key not in cells:
            put(key, 0, 0)
        rank, column = cells[key]
        for child in kids.get(key, []):
            if child not in cells:
                put(child, rank + 1, column)
        stack.extend(reversed(kids.get(key, [])))
    return cells


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
    legend: list[tuple[str, str, str]]  # (side name, fill colour, text colour)
    options: Options
    overview: bool = False
    grid: dict[str, tuple[int, int]] = field(default_factory=dict)  # node key -> (rank, column), when on a grid

    @property
    def size(self) -> int:
        return sum(len(c.nodes) for c in self.clusters)


@dataclass
class DebateView:
    """What a diagram needs to know of the rest of its debate: the other maps, their diagrams' names, colours.

    `maps` are all the debate's maps (those drawn and their siblings); `stems` names each map's diagram file.
    """

    maps: dict[str, ArgMap]
    stems: dict[str, str]
    fills: dict[str, str]
    names: dict[str, str]
    # 'map:node' -> in/out/undec, from argmap.evaluate over the whole debate, when the diagrams show it.
    labels: dict[str, str] = field(default_factory=dict)
    _incoming: dict[str, dict[str, list[tuple[str, Node, Relation]]]] | None = None

    @classmethod
    def of(cls, maps: Iterable[ArgMap], stems: Mapping[str, str] | None = None) -> DebateView:
        by_id: dict[str, ArgMap] = {}
        for m in maps:
            by_id.setdefault(m.id, m)
        names: dict[str, str] = {}
        for m in by_id.values():
            for side_id, side in m.sides.items():
                names.setdefault(side_id, side.name)
        stems = dict(stems or {})
        for map_id, m in by_id.items():
            if map_id not in stems:
                stems[map_id] = m.path.stem if m.path is not None else map_id
        return cls(by_id, stems, assign(names), names)

    def fill(self, m: ArgMap, side_id: str) -> str:
        side = m.sides.get(side_id)
        if side is not None and side.color:
            return side.color.upper()  # a colour the map chose wins
        return self.fills.get(side_id, "#FFFFFF")

    def incoming(self, map_id: str) -> dict[str, list[tuple[str, Node, Relation]]]:
        """Links from nodes of other maps into `map_id`: target node id -> [(their map id, their node, relation)]."""
        if self._incoming is None:
            self._incoming = {}
            for m in self.maps.values():
                for visit in m.walk():
                    node = visit.node
                    for relation, links in ((Relation.SUPPORTS, node.supports), (Relation.ATTACKS, node.attacks)):
                        for link in links:
                            target_map, target = split_link(link)
                            if target_map is not None and target_map != m.id:
                                into = self._incoming.setdefault(target_map, {}).setdefault(target, [])
                                into.append((m.id, node, relation))
        return self._incoming.get(map_id, {})

    def node_of(self, map_id: str, node_id: str) -> Node | None:
        m = self.maps.get(map_id)
        if m is None:
            return None
        found = m.find(node_id)
        return found.node if found else None


def columns(text: str) -> int:
    """Display width in columns: a CJK (East Asian wide) character takes two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(word: str, width: int) -> int:
    """How many characters of `word` fill at most `width` columns (at least one)."""
    if word.isascii():
        return width
    used = 0
    for index, c in enumerate(word):
        used += 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used > width:
            return max(1, index)
    return len(word)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by display columns (textwrap is several times slower and counts CJK as one)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, used = "", 0
        for word in paragraph.split():
            size = columns(word)
            while size > width:  # a word longer than a line is cut, as textwrap would (CJK has no spaces)
                if current:
                    lines.append(current)
                    current, used = "", 0
                cut = _cut(word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = columns(word)
            if not current:
                current, used = word, size
            elif used + 1 + size <= width:
                current, used = f"{current} {word}", used + 1 + size
            else:
                lines.append(current)
                current, used = word, size
        lines.append(current)
    return lines


def _short(text: str, limit: int = STUB_TEXT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


def side_colours(maps: Iterable[ArgMap]) -> dict[str, tuple[str, str]]:
    """Side id -> (name, fill) for a debate: colours follow the sorted side ids, a map's own `color` wins."""
    view = DebateView.of(maps)
    chosen: dict[str, str] = {}
    for m in view.maps.values():
        for side_id, side in m.sides.items():
            if side.color:
                chosen.setdefault(side_id, side.color.upper())
    return {side: (view.names[side], chosen.get(side, fill)) for side, fill in view.fills.items()}


def _tooltip(m: ArgMap, node: Node) -> str:
    if node.quote is None:
        return node.text
    source = m.sources.get(node.quote.source)
    cite = f"{source.title} ({source.date})" if source else node.quote.source
    text = node.quote.text.strip()
    if not text.startswith(("\u201c", '"')):
        text = f"\u201c{text}\u201d"
    return f"{text}\n\u2014 {cite}"


def _rows(children: Sequence[Node], row: int | None) -> list[tuple[Node, int]]:
    """Each answer with the rank gap below its parent: grouped by kind, at most `row` side by side.

    `row` None puts every answer on the rank just below (large maps: staggering costs dot time).
    """
    if row is None:
        return [(child, 1) for child in children]
    ordered = sorted(children, key=lambda c: KIND_ORDER[c.kind])  # stable: document order within a kind
    placed: list[tuple[Node, int]] = []
    rank, used, last_kind = 1, 0, None
    for child in ordered:
        if used and (used >= row or child.kind is not last_kind):
            rank, used = rank + 1, 0
        placed.append((child, rank))
        used += 1
        last_kind = child.kind
    return placed


def _subtree_size(node: Node) -> int:
    count, stack = 0, [node]
    while stack:
        current = stack.pop()
        count += 1
        stack.extend(current.children)
    return count


class _Builder:
    def __init__(self, view: DebateView, options: Options, shown_maps: set[str], overview: bool) -> None:
        self.view = view
        self.options = options
        self.shown_maps = shown_maps
        self.overview = overview
        self.edges: list[GEdge] = []
        self.used_sides: set[tuple[str, str]] = set()  # (side name, fill)
        self.legend: dict[str, tuple[str, str, str]] = {}
        self.large = False  # set by build(): lay out plainly
        self.stub_keys: set[str] = set()

    def key(self, m: ArgMap, node_id: str) -> str:
        # '/' never occurs in an id, and unlike ':' it is not DOT's port separator.
        return f"{m.id}/{node_id}" if self.overview else node_id

    def gnode(self, m: ArgMap, node: Node) -> GNode:
        options = self.options
        fill = self.view.fill(m, node.side)
        name = m.sides[node.side].name if node.side in m.sides else node.side
        self.legend.setdefault(f"{name}\0{fill}", (name, fill, text_colour(fill)))
        key = self.key(m, node.id)
        return GNode(
            key=key,
            kind=node.kind,
            side=node.side,
            side_name=name,
            lines=_wrap(node.text, options.wrap),
            # On a grid every column is as wide as its widest box: the speaker wraps at the text's width.
            speaker=_wrap(node.speaker, options.wrap + (0 if options.columns else 8)) if node.speaker else [],
            tooltip="" if self.large else _tooltip(m, node),  # a large map is drawn without tooltips
            fill=fill,
            fontcolor=text_colour(fill),
            # Every node of a small map can be linked to; on a large one, those that links name.
            anchor=key if not self.large or self._linked(m, node) else "",
            label=self.view.labels.get(f"{m.id}:{node.id}", ""),
        )

    def _linked(self, m: ArgMap, node: Node) -> bool:
        return bool(node.supports or node.attacks or node.id in self.view.incoming(m.id))

    def link_stub(self, key: str, other_map: str, other: Node, outgoing: bool) -> GNode:
        """A small node standing for a node of another map, leading to that map's diagram."""
        arrow = "\u2192" if outgoing else "\u2190"
        return GNode(
            key=key,
            kind=None,
            side=other.side,
            side_name="",
            # Map and node on lines of their own: ids are long words, and one line would widen the box.
            header=f"{arrow} map {other_map}\n: {other.id}",
            lines=_wrap(_short(other.text), self.options.wrap),
            speaker=[],
            tooltip=other.text,
            fill="#FFFFFF",
            stub="link",
            href=f"{self.view.stems.get(other_map, other_map)}.svg#{other.id}",
        )

    def cluster(self, m: ArgMap) -> Cluster:
        options = self.options
        cluster = Cluster(key=m.id, title=m.title)
        deepest = -1
        # (node, parent's key, rank gap, depth); the tree is walked iteratively, so depth cannot exhaust the stack.
        stack: list[tuple[Node, str | None, int, int]] = [(m.claim, None, 1, 0)]
        while stack:
            node, parent_key, gap, depth = stack.pop()
            gnode = self.gnode(m, node)
            cluster.nodes.append(gnode)
            if depth > deepest:
                deepest, cluster.deepest = depth, gnode.key
            if parent_key is not None:
                self.edges.append(GEdge(gnode.key, parent_key, node.relation, "tree", gap))
            placed = _rows(node.children, None if self.large else max(1, options.row or 4))
            shown: list[tuple[Node, int]] = []
            for child, rank in placed:
                hidden = (options.max_depth is not None and depth + 1 > options.max_depth) or (
                    options.sides is not None and child.side not in options.sides
                )
                if hidden:
                    gnode.hidden += _subtree_size(child)
                else:
                    shown.append((child, rank))
            if options.max_answers is not None and len(shown) > options.max_answers:
                folded = shown[options.max_answers :]
                shown = shown[: options.max_answers]
                total = sum(_subtree_size(child) for child, _ in folded)
                more = GNode(
                    key=f"{gnode.key}/+more",
                    kind=None,
                    side="",
                    side_name="",
                    header=f"+{len(folded)} more",
                    lines=[f"{total} node{'s' if total != 1 else ''} not drawn"] if total > len(folded) else [],
                    speaker=[],
                    tooltip=f"{len(folded)} more answers to {node.id}, {total} nodes in all (--max-answers)",
                    fill="#FFFFFF",
                    stub="more",
                )
                cluster.nodes.append(more)
                rank = (shown[-1][1] if shown else 1) + (1 if len(shown) % max(1, options.row or 4) == 0 else 0)
                self.edges.append(GEdge(more.key, gnode.key, None, "tree", rank))
            for child, rank in reversed(shown):
                stack.append((child, gnode.key, rank, depth + 1))
            first_free = max((rank for _, rank in shown), default=0) + 1
            self.stubs(m, node, gnode, cluster, first_free)
        return cluster

    def stubs(self, m: ArgMap, node: Node, gnode: GNode, cluster: Cluster, first_free: int) -> None:
        """Cross-links from and to this node: drawn to the other node when it is in the diagram, else to a stub.

        Stubs hang below the node's answers, `row` to a rank, so they do not widen the answers' rank.
        """
        row = max(1, self.options.row or 4)
        placed = 0

        def gap() -> int:
            nonlocal placed
            placed += 1
            return first_free + (placed - 1) // row

        for relation, links in ((Relation.SUPPORTS, node.supports), (Relation.ATTACKS, node.attacks)):
            for link in links:
                target_map, target = split_link(link)
                if target_map is None or target_map == m.id:
                    self.edges.append(GEdge(gnode.key, self.key(m, target), relation, "none"))
                elif self.overview and target_map in self.shown_maps:
                    self.edges.append(GEdge(gnode.key, f"{target_map}/{target}", relation, "none"))
                else:
                    other = self.view.node_of(target_map, target)
                    if other is None:
                        continue  # a dangling link is the validator's to report, not the diagram's to draw
                    key = f"{cluster.key}/->{target_map}/{target}"
                    if key in self.stub_keys:
                        # One stub per node of another map: a second link to it is drawn to the same box.
                        self.edges.append(GEdge(gnode.key, key, relation, "none"))
                        continue
                    self.stub_keys.add(key)
                    cluster.nodes.append(self.link_stub(key, target_map, other, True))
                    self.edges.append(GEdge(gnode.key, key, relation, "below", gap()))
        # Nodes of other maps that answer this one.
        for source_map, source, relation in self.view.incoming(m.id).get(node.id, []):
            if self.overview and source_map in self.shown_maps:
                continue  # drawn as an edge between the clusters
            key = f"{cluster.key}/<-{source_map}/{source.id}"
            if key in self.stub_keys:
                self.edges.append(GEdge(key, gnode.key, relation, "none"))
                continue
            self.stub_keys.add(key)
            cluster.nodes.append(self.link_stub(key, source_map, source, False))
            self.edges.append(GEdge(key, gnode.key, relation, "tree", gap()))


def build(
    maps: Sequence[ArgMap],
    options: Options | None = None,
    title: str | None = None,
    view: DebateView | None = None,
    colours: Mapping[str, tuple[str, str]] | None = None,
) -> MapGraph:
    """One map (or, for an overview, several maps as clusters with the links between them).

    Pass a `view` of the whole debate so a side keeps its colour in every diagram and links into
    other maps are drawn as stubs; without one, the maps given are the debate, coloured by
    `colours` (side id -> (name, fill), as side_colours() gives for a debate) when given.
    """
    options = options or Options()
    if view is None:
        view = DebateView.of(maps)
        for side_id, (name, fill) in (colours or {}).items():
            view.fills[side_id] = fill.upper()
            view.names.setdefault(side_id, name)
    overview = len(maps) > 1 or title is not None
    builder = _Builder(view, options, {m.id for m in maps}, overview)
    builder.large = sum(1 for m in maps for _ in m.walk()) > LARGE
    clusters = [builder.cluster(m) for m in maps]
    keys = {n.key for c in clusters for n in c.nodes}
    edges = [e for e in builder.edges if e.tail in keys and e.head in keys]
    grid: dict[str, tuple[int, int]] = {}
    if options.columns and not overview and not builder.large and clusters:
        grid = _grid(clusters[0].nodes, edges, options.columns)
    else:
        _anchor_rows(edges)
    legend = sorted(builder.legend.values())
    return MapGraph(
        title=title or (maps[0].title if maps else ""),
        clusters=clusters,
        edges=edges,
        legend=legend if options.legend else [],
        options=options,
        overview=overview,
        grid=grid,
    )
