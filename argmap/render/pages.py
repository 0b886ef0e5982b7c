"""MapGraph -> pages: size every box, lay the tree out on pages that read at print size, join stubs, name the files.

The pure middle of rendering (no process runs here): graph.build gives the tree, this module gives
each page's DOT, and render.files or render.backend draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..vocab import Page
from .dot import SMALLEST, TITLE_SIZE, Legend, Writer, page_dot, size, title_height
from .graph import FOLDED, LARGE, GEdge, GNode, MapGraph, cut_at_word
from .layout import Capacity, Layout, Plan, Task, place
from .layout import Page as Laid
from .metrics import width
from .page import MARGIN_PT, MIN_TEXT_PT, PAGE_SIZES

MIN_WIDTH = 60.0  # points: every box is wide enough for its trunks


@dataclass
class Drawing:
    """A diagram laid out on pages: each page's layout, and where each node was drawn."""

    graph: MapGraph
    stem: str
    pages: list[Laid]
    legend: Legend | None
    large: bool
    where: dict[str, int] = field(default_factory=dict)  # node key -> page number (of the real node, not a stub)
    room: float = 0.0  # the width a page may take and still print its smallest text at 7 pt (0: unbounded)

    def file(self, number: int) -> str:
        """The file stem of page `number`: the diagram's own stem when it has one page."""
        return self.stem if len(self.pages) == 1 else f"{self.stem}-{number}"

    def title(self, number: int) -> str:
        """The page's title: the diagram's, cut at a word where it would be wider than the page may be.

        A map imported from Argdown or AIF is titled with its first statement, which may be a paragraph:
        drawn on one line, it widened the page, and the page scaled to the paper shrank every text.
        """
        suffix = "" if len(self.pages) == 1 else f" \u2014 page {number} of {len(self.pages)}"
        title = self.graph.title
        if self.room:
            page = self.pages[number - 1]
            title = _fit(title, max(self.room, page.width) - width(suffix, TITLE_SIZE, True) - 30)
        return title + suffix

    def sources(self, locate: Callable[[str, str], str] | None = None) -> list[str]:
        """Each page's DOT. `locate(map id, node key)` names the SVG a stub for another map's node opens."""
        return list(self.each_source(locate))

    def each_source(self, locate: Callable[[str, str], str] | None = None) -> Iterator[str]:
        """Each page's DOT, page by page."""
        for dot in self.each_page(locate):
            yield dot.source

    def each_page(self, locate: Callable[[str, str], str] | None = None) -> Iterator[Writer]:
        """Each page's DOT statements, page by page: written as DOT (`.source`) or drawn (render.svg)."""
        for laid in self.pages:
            for item in laid.items:
                if item.stub in ("ref", "from", "cross") and item.other_page:
                    item.href = f"{self.file(item.other_page)}.svg#{item.other_key}"
                elif item.stub == "link" and locate is not None and item.other:
                    map_id, _, node_id = item.other.partition(":")
                    item.href = locate(map_id, node_id)
            # The legend is drawn on the first page: a printed document gives its key once.
            legend = self.legend if laid.number == 1 else None
            yield page_dot(self.graph, laid, self.title(laid.number), legend, self.large)


def _fit(title: str, room: float) -> str:
    """As many of the title's words as fit in `room` points at the title's size, with an ellipsis when cut."""
    if width(title, TITLE_SIZE, True) <= room:
        return title
    ellipsis, space = width("\u2026", TITLE_SIZE, True), width(" ", TITLE_SIZE, True)
    words: list[str] = []
    used = ellipsis
    for word in title.split():
        used += width(word, TITLE_SIZE, True) + (space if words else 0.0)
        if used > room and words:
            break
        words.append(word)
    return " ".join(words).rstrip(" ,;:.-\u2013\u2014") + "\u2026"


def capacities(page: Page, top: float, bottom: float, ref: tuple[float, float]) -> list[Capacity]:
    """The drawing area of a page upright and turned, in drawing points, when its smallest text prints at 7 pt."""
    if page is Page.NONE:
        return [Capacity(1e9, 1e9, top, bottom, *ref)]
    stretch = SMALLEST / MIN_TEXT_PT
    short, long = (side - 2 * MARGIN_PT for side in PAGE_SIZES[page])
    return [
        Capacity(short * stretch, long * stretch, top, bottom, *ref),
        Capacity(long * stretch, short * stretch, top, bottom, *ref),
    ]


class _Stubs:
    """Makes the boxes that pagination adds: a reference to a page, a page's opening box, a box for the rest."""

    def __init__(self, graph: MapGraph, large: bool) -> None:
        self.graph = graph
        self.large = large
        self.wrap = graph.options.wrap
        self.count = 0
        self.refs: list[tuple[GNode, Task[GNode]]] = []

    def _box(self, key: str, stub: str, header: str, text: str, edge: GEdge | None, group: int) -> GNode:
        from .graph import _wrap

        self.count += 1
        node = GNode(
            key=f"{key}/{stub}{self.count}",
            kind=None,
            side="",
            side_name="",
            lines=_wrap(cut_at_word(text), self.wrap) if text else [],
            speaker=[],
            tooltip=text,
            fill="#FFFFFF",
            stub=stub,
            header=header,
            group=group,
        )
        node.edge = edge
        node.w, node.h = _sized(node, self.large)
        return node

    def ref(self, parent: GNode, child: GNode, task: Task[GNode]) -> GNode:
        text = " ".join(child.lines) if not child.stub else child.header + " " + " ".join(child.lines)
        node = self._box(child.key, "ref", "continued on page ?:", text, None, child.group)
        if child.edge is not None:
            answers = child.edge.tail == child.key  # the cut child answers the parent (else the other way)
            tail, head = (node.key, parent.key) if answers else (parent.key, node.key)
            node.edge = GEdge(tail, head, child.edge.relation)
        node.other_key = child.key
        self.refs.append((node, task))
        return node

    def more(self, parent: GNode, children: list[GNode], task: Task[GNode]) -> GNode:
        text = f"{len(children)} more answers: " + " ".join(children[0].lines)
        node = self._box(parent.key, "ref", "continued on page ?:", text, None, FOLDED)
        node.edge = GEdge(node.key, parent.key, None)
        node.other_key = children[0].key
        self.refs.append((node, task))
        return node

    def top(self, page: int) -> GNode:
        """The invisible root of a page that several small branches share."""
        return GNode(key=f"page{page}/top", kind=None, side="", side_name="", lines=[], speaker=[], tooltip="",
                     fill="", stub="top")  # fmt: skip

    def finish(self) -> None:
        """Name in each reference the page its task was laid out on (known only now)."""
        for node, task in self.refs:
            node.header = f"continued on page {task.number}:"
            node.other_page = task.number

    def header(self, parent: GNode, task: Task[GNode], page: int) -> GNode:
        if task.subset is not None:
            # The rest of a node's answers: the node is drawn again, under a box saying where it was first.
            node = self._box(parent.key, "from", f"continued from page {page}", "", None, FOLDED)
            node.edge = GEdge(parent.key, node.key, None)
        else:
            root = task.root
            relation = root.edge.relation if root.edge is not None else None
            text = " ".join(parent.lines) if parent.lines else parent.header
            node = self._box(parent.key, "from", f"from page {page}:", text, None, root.group)
            node.edge = GEdge(root.key, node.key, relation)
        node.other_page, node.other_key = page, parent.key
        return node


def _sized(node: GNode, large: bool) -> tuple[float, float]:
    w, h = size(node, large)
    return max(w, MIN_WIDTH), h


def _reference_size(graph: MapGraph, large: bool) -> tuple[float, float]:
    """The largest a reference box can be: a two-digit-thousands page and two wrapped lines."""
    probe = GNode(key="probe", kind=None, side="", side_name="", lines=["W" * graph.options.wrap] * 2, speaker=[],
                  tooltip="", fill="", stub="ref", header="continued on page 99999:")  # fmt: skip
    return size(probe, large)[1], size(probe, large)[0]


def _join_stubs(laid: Laid, plan: Plan, nodes: list[GNode]) -> list[tuple[str, str, GEdge]]:
    """One stub per node drawn elsewhere, and a line instead of a stub when both ends are on this page.

    Returns the lines to draw; the stubs they replace leave the plan.
    """
    real = {n.name: n.key for n in nodes if not n.stub and n.name}
    kept: dict[str, GNode] = {}
    links: dict[tuple[str, str], GEdge] = {}
    drop: set[str] = set()
    parent_of: dict[str, GNode] = {}
    for node in nodes:
        for child in plan.kids.get(node.key, node.children):
            parent_of[child.key] = node
    for stub in nodes:
        if stub.stub not in ("link", "cross") or stub.edge is None:
            continue
        parent = parent_of.get(stub.key)
        if parent is None:
            continue
        outgoing = stub.edge.tail == parent.key
        if stub.other in real:
            far = real[stub.other]
        elif stub.other in kept:
            far = kept[stub.other].key
        else:
            kept[stub.other] = stub
            continue
        drop.add(stub.key)
        tail, head = (parent.key, far) if outgoing else (far, parent.key)
        links.setdefault((tail, head), GEdge(tail, head, stub.edge.relation))
    for node in nodes:
        kids = plan.kids.get(node.key, node.children)
        if any(k.key in drop for k in kids):
            plan.kids[node.key] = [k for k in kids if k.key not in drop]
    plan.columns = [[k for k in column if k.key not in drop] for column in plan.columns]
    plan.columns = [c for c in plan.columns if c]
    return [(t, h, e) for (t, h), e in links.items()]


def _on_page(task: Task[GNode], plan: Plan) -> list[GNode]:
    out = [task.header] if task.header is not None else []
    stack = [task.root]
    while stack:
        node = stack.pop()
        out.append(node)
        if node is task.root:
            stack.extend(reversed([k for column in plan.columns for k in column]))
        else:
            stack.extend(reversed(plan.kids.get(node.key, node.children)))
    return out


def lay_out(graph: MapGraph, stem: str) -> Drawing:
    """Size, lay out and paginate a diagram (one page when Page.NONE or when it reads on one sheet)."""
    large = graph.size > LARGE
    for node in graph.nodes():
        node.w, node.h = _sized(node, large) if node.stub != "top" else (0.0, 0.0)
    options = graph.options
    limit = (
        (PAGE_SIZES[options.page][0] - 2 * MARGIN_PT) * SMALLEST / MIN_TEXT_PT
        if options.page is not Page.NONE
        else 1600
    )
    strength = options.semantics.value if options.semantics.gradual else None
    legend = Legend(graph, options.evaluate, limit - 20, strength) if graph.legend else None
    bottom = legend.height + 2 * 10 if legend else 0.0
    ref_h, ref_w = _reference_size(graph, large)
    caps = capacities(options.page, title_height(), bottom, (ref_h, ref_w))
    stubs = _Stubs(graph, large)
    later = capacities(options.page, title_height(), 0.0, (ref_h, ref_w))
    paged = options.page is not Page.NONE
    layout = Layout(
        graph.top, caps, stubs.ref, stubs.header, stubs.more, stubs.top, paged=paged, later=later, balance=not large
    )
    planned = layout.pages()
    stubs.finish()
    laid: list[Laid] = []
    where: dict[str, int] = {}
    for task, plan, cap in planned:
        nodes = _on_page(task, plan)
        saved = (dict(plan.kids), [list(c) for c in plan.columns])
        links = _join_stubs(Laid(task.number), plan, nodes)
        page = place(task, plan, links)
        if options.page is not Page.NONE and _too_big(page, cap):
            plan.kids, plan.columns = saved  # the lines would not fit: keep the stubs
            page = place(task, plan, [])
        for node in page.items:
            if not node.stub and node is not task.root or (node is task.root and task.subset is None):
                where.setdefault(node.key, task.number)
        laid.append(page)
    for page in laid:
        for item in page.items:
            if item.stub == "cross" and item.other:
                key = _key_of(graph, item.other)
                item.other_key, item.other_page = key, where.get(key, 0)
    return Drawing(graph, stem, laid, legend, large, where, room=limit if options.page is not Page.NONE else 0.0)


def _key_of(graph: MapGraph, name: str) -> str:
    map_id, _, node_id = name.partition(":")
    return f"{map_id}/{node_id}" if graph.overview else node_id


def _too_big(page: Laid, cap: Capacity) -> bool:
    return page.width > cap.width + 1 or page.height > cap.height - cap.top - cap.bottom + 1


def to_dot(graph: MapGraph, stem: str = "diagram") -> str:
    """The DOT of a diagram drawn as one picture (no pages), whatever page its options name."""
    from dataclasses import replace

    graph.options = replace(graph.options, page=Page.NONE)
    return lay_out(graph, stem).sources()[0]
