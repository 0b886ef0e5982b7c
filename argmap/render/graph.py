"""ArgMap -> MapGraph: the neutral diagram (a tree of boxes with stubs, and the legend) before any layout or DOT."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import ArgMap, Kind, Node, Relation, split_link
from ..palette import assign, text_colour
from ..vocab import Page, Semantics

# Answers are drawn premises first, then rebuttals, then counter-rebuttals.
KIND_ORDER = {Kind.PREMISE: 0, Kind.REBUTTAL: 1, Kind.COUNTER_REBUTTAL: 2, Kind.CLAIM: 3}
STUB_TEXT = 60  # characters of another node's text that a stub or reference shows, cut at a word
LARGE = 2000  # nodes; above this a diagram is drawn for speed (plain labels, no tooltips)

# The trunk a line hangs from under its node (see render.layout), in order down the node's answers:
# answers that support, answers that attack, folded answers, then what the node itself answers elsewhere.
SUPPORTED_BY, ATTACKED_BY, FOLDED, SUPPORTS_OUT, ATTACKS_OUT = range(5)


@dataclass(frozen=True)
class Options:
    """What a user can choose about a diagram."""

    wrap: int = 36
    legend: bool = True
    max_depth: int | None = None
    sides: frozenset[str] | None = None
    max_answers: int | None = None  # fold a node's answers past this many into one "+N more" stub
    page: Page = Page.A3  # split into pages that read at >= 7 pt on this paper; Page.NONE: one picture
    dpi: int = 144  # PNG resolution
    evaluate: bool = False  # mark each node with its grounded label (argmap evaluate)
    # With evaluate: grounded badges, or a gradual semantics' strength (dfquad, quadratic-energy) instead.
    semantics: Semantics = Semantics.GROUNDED


@dataclass(eq=False)
class GEdge:
    """`tail` answers `head`: it supports or attacks it (relation None: the line to a "+N more" stub)."""

    tail: str
    head: str
    relation: Relation | None


@dataclass(eq=False)
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
    # "" for a node of the map; "link": a node of another map; "cross": the other end of a link inside
    # the map; "more": folded answers; "ref": continued on another page; "from": where a page came from;
    # "top": the invisible root of a diagram of several maps.
    stub: str = ""
    href: str = ""  # where the stub leads
    anchor: str = ""  # the SVG id that links from other diagrams land on
    header: str = ""  # a stub's first line, in bold
    label: str = ""  # "in", "out" or "undec" when the diagram shows an evaluation
    strength: float | None = None  # a gradual strength in [0, 1] when the evaluation gives one
    title: str = ""  # the map's title on a claim of a diagram of several maps, its lines joined by "\n"
    name: str = ""  # 'map:node' of a node of a map
    children: list[GNode] = field(default_factory=list)
    group: int = SUPPORTED_BY  # the trunk of the line to its parent
    edge: GEdge | None = None  # the line to its parent
    other: str = ""  # a stub: 'map:node' of the node it stands for
    other_page: int = 0  # a reference or stub: the page the node it stands for is drawn on
    other_key: str = ""  # ... and that node's key
    w: float = 0.0  # size in points, set by render.pages before the layout
    h: float = 0.0


@dataclass
class MapGraph:
    title: str
    top: GNode  # the claim, or for several maps an invisible root whose answers are their claims
    legend: list[tuple[str, str, str]]  # (side name, fill colour, text colour)
    options: Options
    overview: bool = False
    stems: dict[str, str] = field(default_factory=dict)  # map id -> its diagram's file stem

    @property
    def size(self) -> int:
        return sum(1 for n in self.nodes() if n.stub != "top")

    def nodes(self) -> list[GNode]:
        """Every box, in drawing order (depth first)."""
        out: list[GNode] = []
        stack = [self.top]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


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
    # 'map:node' -> a gradual strength in [0, 1], shown beside the label (the evaluation's hook).
    strengths: dict[str, float] = field(default_factory=dict)
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
                stack = [m.claim]
                while stack:
                    node = stack.pop()
                    stack.extend(reversed(node.children))  # document order
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


def _tooltip(m: ArgMap, node: Node) -> str:
    if node.quote is None:
        return node.text
    source = m.sources.get(node.quote.source)
    cite = (f"{source.title} ({source.date})" if source.date else source.title) if source else node.quote.source
    text = node.quote.text.strip()
    if not text.startswith(("\u201c", '"')):
        text = f"\u201c{text}\u201d"
    return f"{text}\n\u2014 {cite}"


def cut_at_word(text: str, limit: int = STUB_TEXT) -> str:
    """At most `limit` characters of text, cut after a whole word (a single overlong word is cut inside)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 3:
        head = head[:space]
    return head.rstrip(" ,;:.-\u2013\u2014") + "\u2026"


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
        self.legend: dict[str, tuple[str, str, str]] = {}
        self.large = False  # set by build(): labels without tooltips
        self.pending_in: list[tuple[str, ArgMap, Node, Relation]] = []  # far ends of links inside the diagram

    def key(self, map_id: str, node_id: str) -> str:
        # '/' never occurs in an id, and unlike ':' it is not DOT's port separator.
        return f"{map_id}/{node_id}" if self.overview else node_id

    def gnode(self, m: ArgMap, node: Node) -> GNode:
        options = self.options
        fill = self.view.fill(m, node.side)
        name = m.sides[node.side].name if node.side in m.sides else node.side
        self.legend.setdefault(f"{name}\0{fill}", (name, fill, text_colour(fill)))
        key = self.key(m.id, node.id)
        name_of = f"{m.id}:{node.id}"
        return GNode(
            key=key,
            kind=node.kind,
            side=node.side,
            side_name=name,
            lines=_wrap(node.text, options.wrap),
            speaker=_wrap(node.speaker, options.wrap + 8) if node.speaker else [],
            tooltip="" if self.large else _tooltip(m, node),  # a large map is drawn without tooltips
            fill=fill,
            fontcolor=text_colour(fill),
            # Every node of a small map can be linked to; on a large one, those that links name.
            anchor=key if not self.large or self._linked(m, node) else "",
            label=self.view.labels.get(name_of, ""),
            strength=self.view.strengths.get(name_of),
            # Wrapped like a speaker and cut at a word: a map titled with a paragraph made a box wider than the page.
            title="\n".join(_wrap(cut_at_word(m.title, 2 * STUB_TEXT), options.wrap + 8))
            if self.overview and node is m.claim
            else "",
            name=name_of,
        )

    def _linked(self, m: ArgMap, node: Node) -> bool:
        return bool(node.supports or node.attacks or node.id in self.view.incoming(m.id))

    def stub(self, parent: GNode, key: str, map_id: str, other: Node, stub: str) -> GNode:
        """A box under `parent` standing for a node drawn elsewhere: in another map ("link") or this one ("cross")."""
        other_map = self.view.maps.get(map_id)
        where = other_map.title if other_map is not None else map_id
        # A stub in a diagram of several maps may stand for a node of another map drawn on another page.
        same = stub == "cross" and (not self.overview or parent.key.partition("/")[0] == map_id)
        header = "elsewhere in this map" if same else f"in map {where}"
        return GNode(
            key=key,
            kind=None,
            side=other.side,
            side_name="",
            header=cut_at_word(header, self.options.wrap + 8),
            lines=_wrap(cut_at_word(other.text), self.options.wrap),
            speaker=[],
            tooltip=other.text,
            fill="#FFFFFF",
            stub=stub,
            href=f"{self.view.stems.get(map_id, map_id)}.svg#{self.key(map_id, other.id)}" if stub == "link" else "",
            other=f"{map_id}:{other.id}",
        )

    def tree(self, m: ArgMap) -> GNode:
        """The map's nodes as a tree of GNodes, with the filters, folds and stubs of the options."""
        options = self.options
        root = self.gnode(m, m.claim)
        # (node, its GNode, depth); walked iteratively, so depth cannot exhaust the stack.
        stack: list[tuple[Node, GNode, int]] = [(m.claim, root, 0)]
        while stack:
            node, gnode, depth = stack.pop()
            answers = sorted(node.children, key=lambda c: KIND_ORDER[c.kind])  # stable: document order within a kind
            shown: list[Node] = []
            for child in answers:
                hidden = (options.max_depth is not None and depth + 1 > options.max_depth) or (
                    options.sides is not None and child.side not in options.sides
                )
                if hidden:
                    gnode.hidden += _subtree_size(child)
                else:
                    shown.append(child)
            folded: list[Node] = []
            if options.max_answers is not None and len(shown) > options.max_answers:
                shown, folded = shown[: options.max_answers], shown[options.max_answers :]
            pending = []
            for child in shown:
                kid = self.gnode(m, child)
                kid.edge = GEdge(kid.key, gnode.key, child.relation)
                kid.group = SUPPORTED_BY if child.relation is Relation.SUPPORTS else ATTACKED_BY
                gnode.children.append(kid)
                pending.append((child, kid, depth + 1))
            gnode.children.sort(key=lambda k: k.group)  # supports above attacks, each in its own trunk
            if folded:
                total = sum(_subtree_size(child) for child in folded)
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
                    group=FOLDED,
                )
                more.edge = GEdge(more.key, gnode.key, None)
                gnode.children.append(more)
            self.stubs(m, node, gnode)
            stack.extend(reversed(pending))
        return root

    def stubs(self, m: ArgMap, node: Node, gnode: GNode) -> None:
        """A stub under the node for each link from or to it; the layout joins stubs of one node on a page."""
        for relation, links in ((Relation.SUPPORTS, node.supports), (Relation.ATTACKS, node.attacks)):
            for link in links:
                target_map, target = split_link(link)
                target_map = target_map or m.id
                if self.overview and target_map in self.shown_maps and target_map != m.id:
                    kind = "cross"  # drawn in this diagram: a line when both ends share a page
                else:
                    kind = "cross" if target_map == m.id else "link"
                other = self.view.node_of(target_map, target)
                if other is None:
                    continue  # a dangling link is the validator's to report, not the diagram's to draw
                key = f"{gnode.key}/>{target_map}/{target}"
                stub = self.stub(gnode, key, target_map, other, kind)
                stub.edge = GEdge(gnode.key, key, relation)
                stub.group = SUPPORTS_OUT if relation is Relation.SUPPORTS else ATTACKS_OUT
                gnode.children.append(stub)
                if kind == "cross":
                    # The far end shows where the line comes from, too.
                    self.incoming_stub(target_map, target, m, node, relation)
        for source_map, source, relation in self.view.incoming(m.id).get(node.id, []):
            if source_map in self.shown_maps and (self.overview or source_map == m.id):
                continue  # drawn from the other end
            key = f"{gnode.key}/<{source_map}/{source.id}"
            stub = self.stub(gnode, key, source_map, source, "link")
            stub.edge = GEdge(key, gnode.key, relation)
            stub.group = SUPPORTED_BY if relation is Relation.SUPPORTS else ATTACKED_BY
            gnode.children.append(stub)
        gnode.children.sort(key=lambda k: k.group)

    def incoming_stub(self, map_id: str, node_id: str, m: ArgMap, source: Node, relation: Relation) -> None:
        self.pending_in.append((self.key(map_id, node_id), m, source, relation))


def build(
    maps: Sequence[ArgMap],
    options: Options | None = None,
    title: str | None = None,
    view: DebateView | None = None,
    colours: Mapping[str, tuple[str, str]] | None = None,
) -> MapGraph:
    """One map (or, for an overview, several maps under one invisible root) as a tree of boxes.

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
    builder.large = sum(_subtree_size(m.claim) for m in maps) > LARGE
    claims = [builder.tree(m) for m in maps]
    by_key = {}
    for claim in claims:
        stack = [claim]
        while stack:
            node = stack.pop()
            by_key[node.key] = node
            stack.extend(node.children)
    for target_key, m, source, relation in builder.pending_in:
        target = by_key.get(target_key)
        if target is None:
            continue  # hidden by a filter
        key = f"{target_key}/<{m.id}/{source.id}"
        stub = builder.stub(target, key, m.id, source, "cross")
        stub.edge = GEdge(key, target_key, relation)
        stub.group = SUPPORTED_BY if relation is Relation.SUPPORTS else ATTACKED_BY
        target.children.append(stub)
        target.children.sort(key=lambda k: k.group)
    if overview:
        top = GNode(key="top", kind=None, side="", side_name="", lines=[], speaker=[], tooltip="", fill="", stub="top")
        top.children = claims
    else:
        top = claims[0]
    legend = sorted(builder.legend.values())
    return MapGraph(
        title=title or (maps[0].title if maps else ""),
        top=top,
        legend=legend if options.legend else [],
        options=options,
        overview=overview,
        stems=dict(view.stems),
    )
