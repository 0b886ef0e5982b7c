"""From an argument graph (statements joined by inferences) to claim-tree maps, and back.

Readers of graph formats (AIF, Argdown, Kialo) describe what a file says as a `Graph`; `build`
turns it into maps: each root a map, each statement one node, placed once through the first
inference that may carry it; every other use of a statement becomes a cross-link, with a `bearings`
entry when the use is more than a plain support or attack. What a map cannot hold is counted in
`Graph.losses`, one entry per kind. `uses` reads maps back into the inferences they hold, for the
writers. Every step is linear in the size of the graph: no search per link, no recursion.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..ids import IdAllocator, slug
from ..model import MAX_DEPTH, ArgMap, Kind, Node, split_link
from ..perf import gc_paused

SUPPORTS, ATTACKS, REPHRASE = "supports", "attacks", "rephrase"
# How deep an imported map grows before deeper statements start maps of their own, joined by cross-links:
# inside the loader's limit (MAX_DEPTH), and shallow enough that a map's JSON (a dict and a list a level)
# stays within the 255 levels orjson writes; deeper, the write falls back to Python's json, ten times slower.
_DEEPEST = min(MAX_DEPTH - 2, 100)
UNATTRIBUTED = "unattributed"
CYCLE_LOSS = "supports that would close a circle of supports left out"
_PREMISE = Kind.PREMISE.value


@dataclass(slots=True)
class Statement:
    """A statement of the file: one node of the maps."""

    key: str
    text: str
    speaker: str | None = None
    side: str | None = None
    quote: tuple[str, str] | None = None  # (source id, verbatim text)
    id: str | None = None  # the node id the file asks for, if any
    keys: dict[str, Any] | None = None  # other node keys, set as given (title, argument, data, role, ...)
    # Where argmap's own export says the node stood: (the parent statement's key, its index among the children).
    place: tuple[str, int] | None = None


@dataclass(slots=True)
class Inference:
    """Premises bearing on a target (a statement key, or an inference key for an undercut)."""

    key: str
    premises: list[str]
    target: str
    relation: str  # SUPPORTS, ATTACKS or REPHRASE
    # False when the file says this use of its premises is a reference, not where they stand.
    tree: bool = True
    group: str | None = None
    under: str | None = None  # for an undercut: the premise of the target inference to hang it below
    bearing: dict[str, Any] | None = None  # kind, scheme... for every premise's relation
    per_premise: dict[str, dict[str, Any]] | None = None  # pcs places and inference lines, by premise
    at: dict[str, int] | None = None  # for references: each premise's place in its list of cross-links


@dataclass(slots=True)
class MapInfo:
    """A map the file names outright (argmap's own exports): its root and its header."""

    root: str
    id: str
    title: str
    description: str | None = None
    schema_uri: str | None = None
    sides: dict[str, dict[str, Any]] | None = None
    sources: dict[str, dict[str, Any]] | None = None


@dataclass(slots=True)
class Graph:
    statements: dict[str, Statement] = field(default_factory=dict)
    inferences: list[Inference] = field(default_factory=list)
    sides: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    maps: list[MapInfo] = field(default_factory=list)
    # Cross-links to maps outside the file: (statement key, relation, 'map:node', position in its list).
    external: list[tuple[str, str, str, int]] = field(default_factory=list)
    losses: Counter[str] = field(default_factory=Counter)


def mapping(value: Any) -> dict[str, Any]:
    """A value read from a file if it is a JSON object, else an empty one (files say what they like)."""
    return value if isinstance(value, dict) else {}


def map_info(m: ArgMap, root: str) -> dict[str, Any]:
    """What an export keeps of a map beside its statements, so an import gives the same map back."""
    info: dict[str, Any] = {"root": root, "id": m.id, "title": m.title}
    if m.description is not None:
        info["description"] = m.description
    if m.schema_uri is not None:
        info["schema"] = m.schema_uri
    info["sides"] = {k: v.model_dump(exclude_none=True) for k, v in m.sides.items()}
    info["sources"] = {k: v.model_dump(exclude_none=True) for k, v in m.sources.items()}
    return info


# Node keys a writer carries in its own block and a reader gives back through `Statement.keys`.
PASSED_KEYS = ("role", "weight", "title", "argument", "data")


def passed_keys(node: Node) -> dict[str, Any]:
    """The node's keys that formats carry only as argmap's own data."""
    return node.model_dump(mode="json", include=set(PASSED_KEYS), exclude_none=True)


@dataclass(slots=True)
class _Placed:
    key: str
    data: dict[str, Any]
    map_index: int
    depth: int
    number: int  # its place in the order statements were placed
    # The parent's number, not the parent: a child pointing back at the parent that lists it would make a
    # cycle of references, left for the garbage collector instead of freed with the builder.
    up: int = -1
    via: str | None = None  # the inference that placed it below its parent
    kids: list[_Placed] | None = None  # the placed children, in the order of data["children"]


def build(graph: Graph) -> list[ArgMap]:
    """The maps of a graph; `graph.losses` gains a count for each kind of thing they cannot hold."""
    with gc_paused():  # every node dict and model made here lives on: collecting would free nothing
        return _Builder(graph).run()


class _Builder:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.statements = graph.statements
        self.losses = graph.losses
        self.inferences, self.is_premise = _usable(graph)
        self.into: dict[str, list[Inference]] = defaultdict(list)
        for inf in self.inferences:
            self.into[inf.target].append(inf)
        self.placed: dict[str, _Placed] = {}
        self.anchored: dict[str, list[Inference]] = defaultdict(list)  # statement -> undercuts hung below it
        self.roots: list[_Placed] = []
        self.infos: list[MapInfo | None] = []
        self.group_count: list[int] = []
        self.group_of: dict[str, str] = {}  # linked inference key -> its group id
        self.waiting: deque[str] = deque()  # statements met below the depth limit, for maps of their own
        # Only argmap's own exports say where a statement stood (Argdown); only then are places checked.
        self.has_places = any(st.place is not None for st in self.statements.values())
        self.used: list[tuple[list[str], list[str]]] = []  # per map: the sides and sources its nodes name

    @cached_property
    def by_key(self) -> dict[str, Inference]:
        return {inf.key: inf for inf in self.inferences}

    @cached_property
    def order(self) -> dict[str, int]:
        return {inf.key: index for index, inf in enumerate(self.inferences)}

    def run(self) -> list[ArgMap]:
        statements, placed = self.statements, self.placed
        is_premise = self.is_premise
        for info in self.graph.maps:
            if info.root in statements and info.root not in placed:
                self.new_root(info.root, info, allow_references=False)
        for key in statements:
            if key not in placed and key not in is_premise:
                self.new_root(key, None, allow_references=False)
        if len(placed) < len(statements):
            # What is left is reached only through references, stands in a cycle, or lies too deep.
            self.expand(list(placed.values()), allow_references=True)
            pending = iter(statements)
            while True:
                # Statements that hung below the depth limit come first: a long chain continues in the next map.
                key = None
                while self.waiting and key is None:
                    candidate = self.waiting.popleft()
                    key = None if candidate in placed else candidate
                if key is None:
                    key = next((k for k in pending if k not in placed), None)
                if key is None:
                    break
                self.new_root(key, None, allow_references=True)
        if self.has_places:
            self.order_children()
        self.name()
        self.crosslinks()
        return [self.make_map(entry, info) for entry, info in zip(self.roots, self.infos, strict=True)]

    # ---- placing each statement once

    def new_root(self, key: str, info: MapInfo | None, allow_references: bool) -> None:
        node = _node(self.statements[key], Kind.CLAIM.value)
        entry = _Placed(key, node, len(self.roots), 0, len(self.placed))
        self.placed[key] = entry
        self.roots.append(entry)
        self.infos.append(info)
        self.group_count.append(0)
        self.expand([entry], allow_references)

    def group_for(self, inf: Inference, map_index: int) -> str:
        if inf.key not in self.group_of:
            self.group_count[map_index] += 1
            self.group_of[inf.key] = inf.group or f"g{self.group_count[map_index]}"
        return self.group_of[inf.key]

    def expand(self, frontier: list[_Placed], allow_references: bool) -> None:
        placed, anchored, into, statements = self.placed, self.anchored, self.into, self.statements
        check_places = self.has_places and not allow_references
        queue = deque(frontier)
        while queue:
            parent = queue.popleft()
            parent_key = parent.key
            pending = into.get(parent_key)
            hung = anchored.get(parent_key)
            if hung:
                order = self.order
                pending = sorted([*(pending or ()), *hung], key=lambda inf: order[inf.key])
            elif not pending:
                continue
            depth = parent.depth
            for inf in pending:
                if not (inf.tree or allow_references):
                    continue
                undercut = inf.target != parent_key
                if undercut and depth == 0:
                    continue
                premises = inf.premises
                if len(premises) == 1 and not check_places:  # most inferences: one premise, placed or not
                    fresh = premises if premises[0] not in placed else None
                elif check_places:
                    fresh = [p for p in premises if p not in placed and self.fits(p, parent_key)]
                else:
                    fresh = [p for p in premises if p not in placed]
                if not fresh:
                    continue
                if depth >= _DEEPEST:
                    self.waiting.extend(fresh)
                    continue
                relation, inf_key = inf.relation, inf.key
                kind = _KIND_BELOW[(relation == ATTACKS, parent.data["kind"])]
                group = None
                if relation == SUPPORTS and (len(premises) > 1 or inf.group is not None):
                    group = self.group_for(inf, parent.map_index)
                if relation == ATTACKS and len(premises) > 1:
                    self.losses["linked attacks (several premises together) kept as separate attacks"] += 1
                qualified = inf.bearing is not None or inf.per_premise
                children = parent.data.setdefault("children", [])
                kids = parent.kids
                if kids is None:
                    kids = parent.kids = []
                for key in fresh:
                    node = _node(statements[key], kind)
                    if group is not None:
                        node["group"] = group
                    if relation == REPHRASE:
                        node["rephrase"] = True
                    if undercut:
                        node["undercut"] = True
                    if qualified:
                        bearing = _bearing(inf, key)
                        if bearing:
                            node["bearing"] = bearing
                    children.append(node)
                    child = _Placed(key, node, parent.map_index, depth + 1, len(placed), parent.number, inf_key)
                    kids.append(child)
                    placed[key] = child
                    queue.append(child)
                undercuts = into.get(inf_key)
                if undercuts:
                    for undercut_inf in undercuts:
                        anchor = undercut_inf.under if undercut_inf.under in fresh else fresh[0]
                        anchored[anchor].append(undercut_inf)

    def fits(self, key: str, parent: str) -> bool:
        """Whether a statement may stand below this parent: anywhere, unless the file says where it stood."""
        place = self.statements[key].place
        return place is None or place[0] == parent

    def order_children(self) -> None:
        """Children in the order the file says they stood (argmap's own exports), the rest after them."""
        statements = self.statements
        for entry in self.placed.values():
            kids = entry.kids
            if kids and any(statements[kid.key].place is not None for kid in kids):
                kids.sort(key=lambda kid: (statements[kid.key].place or ("", 1 << 30))[1])
                entry.data["children"] = [kid.data for kid in kids]

    # ---- ids

    def name(self) -> None:
        """Node ids unique per map (the file's own when it has them), map ids unique per file.

        The same walk notes the sides and sources each map's nodes name, in document order, for its header.
        """
        statements = self.statements
        has_ids = any(st.id for st in statements.values())
        slugs: dict[str, str] = {}  # many nodes may share a text; its slug is made once
        for entry in self.roots:
            ids = IdAllocator()
            taken = ids.taken
            entries = _preorder(entry)
            if has_ids:
                # The file's own ids first, so a made-up id never takes one the file asked for.
                for item in entries:
                    wanted = statements[item.key].id
                    if wanted and ids.take(wanted):
                        item.data["id"] = wanted
            sides: dict[str, None] = {}
            sources: dict[str, None] = {}
            for item in entries:
                node = item.data
                sides[node["side"]] = None
                if "quote" in node:
                    sources[node["quote"]["source"]] = None
                if node["id"]:
                    continue
                text = node["text"]
                base = slugs.get(text)
                if base is None:
                    base = slugs[text] = slug(text) or "node"
                if base in taken:
                    node["id"] = ids.new(base, "node")
                else:  # a fresh base is its own id: what `IdAllocator.new` does first, without the call
                    taken.add(base)
                    node["id"] = base
            self.used.append((list(sides), list(sources)))
        map_ids = IdAllocator()
        for index, entry in enumerate(self.roots):
            info = self.infos[index]
            if info is None:
                self.infos[index] = MapInfo(entry.key, map_ids.new(slug(entry.data["text"]), "map"), entry.data["text"])
            elif not info.id or not map_ids.take(info.id):
                info.id = map_ids.new(slug(info.id or entry.data["text"]), "map")

    # ---- every other use of a statement: a cross-link

    def crosslinks(self) -> None:
        """Every use of a statement other than where it stands becomes a cross-link on its node."""
        losses, placed, statements = self.losses, self.placed, self.statements
        links: list[tuple[_Placed, str, _Placed, dict[str, Any] | None]] = []  # (source, relation, target, bearing)
        places: list[int | None] = []  # where the file says each link stands in its list
        for inf in self.inferences:
            target_key, relation, premises = inf.target, inf.relation, inf.premises
            undercut = False
            if len(premises) == 1:
                # Most inferences placed their one premise (a tree node): nothing left to link.
                if placed[premises[0]].via == inf.key:
                    continue
            elif all(placed[p].via == inf.key for p in premises):
                continue
            if target_key not in statements:
                # An undercut that could not hang below its inference attacks the premise it names.
                aimed = self.by_key[target_key]
                target_key = inf.under if inf.under in aimed.premises else aimed.premises[0]
                relation = ATTACKS
                undercut = placed[target_key].via == aimed.key
                if not undercut:
                    losses["undercuts of an inference whose premise stands elsewhere kept as attacks on it"] += 1
            group = None
            if inf.relation == SUPPORTS and (len(premises) > 1 or inf.group is not None):
                group = self.group_for(inf, placed[target_key].map_index)
            for key in premises:
                if placed[key].via == inf.key:
                    continue
                bearing = _bearing(inf, key) or {}
                if group is not None:
                    bearing["group"] = group
                if relation == REPHRASE:
                    bearing["kind"] = "rephrase"
                if undercut:
                    bearing["kind"] = "undercut"
                links.append((placed[key], SUPPORTS if relation == REPHRASE else relation, placed[target_key], bearing))
                places.append(inf.at.get(key) if inf.at else None)
        dropped = self.cycle_closers(links)
        order = sorted(range(len(links)), key=lambda i: (places[i] is None, places[i] or 0, i))
        # One entry per relation: the same two statements may be joined by several inferences.
        told: dict[tuple[int, str], list[dict[str, Any]]] = {}
        owners: dict[int, dict[str, Any]] = {}  # id of a node's data -> the data
        for index in order:
            source, relation, target, bearing = links[index]
            if index in dropped:
                continue
            value = self.link(source, target)
            key = (id(source.data), value)
            if key not in told:
                told[key] = []
                owners[key[0]] = source.data
                source.data.setdefault(relation, []).append(value)
            told[key].append(bearing or {})
        for node_id in dict.fromkeys(node_id for node_id, _ in told):
            data = owners[node_id]
            # Bearings in the order of the links they qualify: supports first, then attacks.
            for value in (*data.get(SUPPORTS, ()), *data.get(ATTACKS, ())):
                bearings = told.get((node_id, value))
                if bearings and (len(bearings) > 1 or bearings[0]):
                    data.setdefault("bearings", {})[value] = bearings
        for key, relation, value, position in sorted(self.graph.external, key=lambda e: e[3]):
            if key in placed:
                existing = placed[key].data.setdefault(relation, [])
                existing.insert(min(position, len(existing)), value)

    def link(self, source: _Placed, target: _Placed) -> str:
        if source.map_index == target.map_index:
            return target.data["id"]
        info = self.infos[target.map_index]
        assert info is not None  # every map is named before its links are written
        return f"{info.id}:{target.data['id']}"

    def cycle_closers(self, links: list[tuple[_Placed, str, _Placed, Any]]) -> set[int]:
        """The support cross-links to leave out so that no support runs in a circle, found in linear time.

        Kahn's topological sort over supports (a supporter before what it supports): the tree's own
        supports never form a circle, so when the sort is stuck there is a statement all of whose tree
        premises are done; only cross-links still wait to enter it, and those are left out.
        """
        supports = [(source, target) for source, relation, target, _ in links if relation == SUPPORTS]
        if not supports or not _may_circle(supports, list(self.placed.values())):
            return set()  # the tree's own supports close no circle, nor do these cross-links
        placed = self.placed
        size = len(placed)
        out: list[list[tuple[int, int]]] = [[] for _ in range(size)]  # node -> (supported node, link index or -1)
        indegree = [0] * size
        hard = [0] * size  # tree premises not yet sorted
        waiting_links: list[list[int]] = [[] for _ in range(size)]
        # Tree supports: a premise supports its parent.
        for entry in placed.values():
            if entry.up >= 0 and entry.data["kind"] == _PREMISE:
                u, v = entry.number, entry.up
                out[u].append((v, -1))
                indegree[v] += 1
                hard[v] += 1
        for number, (source, relation, target, _) in enumerate(links):
            if relation == SUPPORTS:
                u, v = source.number, target.number
                out[u].append((v, number))
                indegree[v] += 1
                waiting_links[v].append(number)
        done = [False] * size
        satisfied: set[int] = set()
        ready = deque(i for i in range(size) if indegree[i] == 0)
        forceable = deque(i for i in range(size) if hard[i] == 0)
        dropped: set[int] = set()
        remaining = size
        while remaining:
            if ready:
                node = ready.popleft()
                if done[node]:
                    continue
            else:
                node = forceable.popleft()
                if done[node]:
                    continue
                # Stuck: every statement left waits on a supporter; this one waits only on cross-links.
                for number in waiting_links[node]:
                    if number not in satisfied:
                        dropped.add(number)
            done[node] = True
            remaining -= 1
            for nxt, number in out[node]:
                if done[nxt]:
                    continue
                indegree[nxt] -= 1
                if number < 0:
                    hard[nxt] -= 1
                    if hard[nxt] == 0:
                        forceable.append(nxt)
                else:
                    satisfied.add(number)
                if indegree[nxt] == 0:
                    ready.append(nxt)
        if dropped:
            self.losses[CYCLE_LOSS] += len(dropped)
        return dropped

    # ---- the maps

    def make_map(self, root: _Placed, info: MapInfo | None) -> ArgMap:
        assert info is not None
        graph = self.graph
        used_sides, used_sources = self.used[root.map_index]
        if info.sides is not None:
            sides = info.sides
        else:
            sides = {s: graph.sides.get(s, {"name": s.replace("-", " ").capitalize()}) for s in used_sides}
        sources = info.sources if info.sources is not None else {s: graph.sources[s] for s in used_sources}
        data: dict[str, Any] = {}
        if info.schema_uri is not None:
            data["$schema"] = info.schema_uri
        data["id"] = info.id
        data["title"] = info.title
        if info.description is not None:
            data["description"] = info.description
        data["sides"] = sides
        if sources:
            data["sources"] = sources
        data["claim"] = root.data
        return ArgMap.model_validate(data)


def _may_circle(supports: list[tuple[_Placed, _Placed]], entries: list[_Placed]) -> bool:
    """Whether these support cross-links, with the tree's own supports, run in a circle somewhere.

    A circle holds a cross-link, and from its target runs up through premises (a premise supports its
    parent) to the next cross-link: so it lies among the statements on those runs, usually a few. Kahn's
    sort of just them says whether any circle exists; only then is the whole sort run to choose what to drop.
    """
    runs: dict[int, _Placed] = {}  # statement number -> statement, on a run up from a cross-link's target
    for _, target in supports:
        entry: _Placed | None = target
        while entry is not None and entry.number not in runs:
            runs[entry.number] = entry
            entry = entries[entry.up] if entry.data["kind"] == _PREMISE else None
    out: dict[int, list[int]] = defaultdict(list)
    indegree = dict.fromkeys(runs, 0)
    for number, entry in runs.items():
        if entry.data["kind"] == _PREMISE and entry.up >= 0:
            out[number].append(entry.up)
            indegree[entry.up] += 1
    for source, target in supports:
        if source.number in runs:  # a cross-link from elsewhere cannot be on a circle
            out[source.number].append(target.number)
            indegree[target.number] += 1
    ready = [number for number, count in indegree.items() if count == 0]
    sorted_count = 0
    while ready:
        number = ready.pop()
        sorted_count += 1
        for nxt in out.get(number, ()):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return sorted_count < len(runs)


def _preorder(root: _Placed) -> list[_Placed]:
    """A map's placed statements in document order (parent before children, children in order)."""
    out: list[_Placed] = []
    stack = [root]
    while stack:
        entry = stack.pop()
        out.append(entry)
        if entry.kids:
            stack.extend(reversed(entry.kids))
    return out


def _usable(graph: Graph) -> tuple[list[Inference], set[str]]:
    """The inferences that name existing statements, each premise once and never its own target; their premises.

    An undercut stays only while the inference it aims at does: one whose target is left out goes too,
    and so, in turn, does any undercut aimed at it.
    """
    statements, losses = graph.statements, graph.losses
    keys: set[str] | None = None  # every inference's key, made only if an inference aims at another
    out: list[Inference] = []
    is_premise: set[str] = set()
    aimed_at: dict[str, list[Inference]] = defaultdict(list)  # inference key -> the undercuts aimed at it
    for inf in graph.inferences:
        target, premises = inf.target, inf.premises
        if len(premises) == 1 and premises[0] != target and premises[0] in statements:
            pass  # most inferences: one premise, a statement other than the target
        else:
            known = [p for p in premises if p in statements]
            premises = list(dict.fromkeys(p for p in known if p != target))
            if len(premises) < len(known):
                losses["statements that support or attack themselves, link left out"] += 1
        if premises and target not in statements:
            if keys is None:
                keys = {other.key for other in graph.inferences}
            if target in keys:
                aimed_at[target].append(inf)
            else:
                premises = []
        if not premises:
            losses["inferences with no premise or no conclusion left out"] += 1
            continue
        inf.premises = premises
        is_premise.update(premises)
        out.append(inf)
    if aimed_at:
        kept = Counter(inf.key for inf in out)
        gone: set[int] = set()  # ids of the undercuts whose inference was left out
        lost = [key for key in aimed_at if not kept[key]]
        while lost:
            for inf in aimed_at.get(lost.pop(), ()):
                if id(inf) not in gone:
                    gone.add(id(inf))
                    losses["inferences with no premise or no conclusion left out"] += 1
                    kept[inf.key] -= 1
                    if not kept[inf.key]:
                        lost.append(inf.key)
        if gone:
            out = [inf for inf in out if id(inf) not in gone]
            is_premise = {p for inf in out for p in inf.premises}
    return out, is_premise


# The kind of a node below a parent of each kind: (whether it attacks, the parent's kind) -> its kind.
_KIND_BELOW = {
    (attacks, parent.value): (
        (Kind.REBUTTAL if parent in (Kind.CLAIM, Kind.PREMISE) else Kind.COUNTER_REBUTTAL) if attacks else Kind.PREMISE
    ).value
    for attacks in (False, True)
    for parent in Kind
}


def _bearing(inf: Inference, premise: str) -> dict[str, Any] | None:
    if inf.bearing is None and not inf.per_premise:
        return None
    bearing = dict(inf.bearing or {})
    if inf.per_premise and premise in inf.per_premise:
        bearing.update(inf.per_premise[premise])
    return bearing or None


def _node(st: Statement, kind: str) -> dict[str, Any]:
    node: dict[str, Any] = {"id": "", "kind": kind, "side": st.side or UNATTRIBUTED}
    if st.speaker:
        node["speaker"] = st.speaker
    node["text"] = st.text
    if st.quote is not None:
        node["quote"] = {"source": st.quote[0], "text": st.quote[1]}
    if st.keys:
        node.update(st.keys)
    return node


# ---------------------------------------------------------------- maps back into inferences


@dataclass(slots=True)
class Premise:
    """One premise of a use: the node, whether it stands below the target, and how it bears on it."""

    map_id: str
    node: Node
    tree: bool
    position: int  # its index in the node's supports or attacks list (-1 for a tree node)
    bearing: dict[str, Any]


@dataclass(slots=True)
class Use:
    """An inference the maps hold: premises (linked when several) supporting or attacking a target."""

    relation: str  # SUPPORTS, ATTACKS or REPHRASE
    target: tuple[str, str] | None  # (map id, node id); None for a link to a map outside the maps given
    link: str  # the target as the first premise wrote it
    premises: list[Premise]
    group: str | None = None
    undercut: bool = False  # aimed at the inference from the target to its parent


def uses(maps: Iterable[ArgMap]) -> list[Use]:
    """Every support and attack of the maps, linked premises joined into one use, in document order."""
    maps = list(maps)
    in_export = {m.id for m in maps}
    out: list[Use] = []
    grouped: dict[tuple[str, str, str], Use] = {}
    for m in maps:
        for node, parent, *_ in m.walk():
            if parent is not None:
                relation = REPHRASE if node.rephrase else (SUPPORTS if node.kind is Kind.PREMISE else ATTACKS)
                bearing = node.bearing.model_dump(mode="json", exclude_none=True) if node.bearing else {}
                premise = Premise(m.id, node, True, -1, bearing)
                _add(out, grouped, m.id, parent.id, relation, node.group, parent.id, premise, bool(node.undercut))
            bearings = node.bearings or {}
            for relation, field_links in ((SUPPORTS, node.supports), (ATTACKS, node.attacks)):
                for position, link in enumerate(field_links):
                    map_id, node_id = split_link(link)
                    target_map = map_id or m.id
                    told = [b.model_dump(mode="json", exclude_none=True) for b in bearings.get(link, ())] or [{}]
                    for bearing in told:
                        kind = bearing.get("kind")
                        use_relation = REPHRASE if kind == "rephrase" else relation
                        premise = Premise(m.id, node, False, position, bearing)
                        if target_map not in in_export:
                            out.append(Use(relation, None, link, [premise]))
                            continue
                        group = bearing.get("group")
                        undercut = kind == "undercut"
                        _add(out, grouped, target_map, node_id, use_relation, group, link, premise, undercut)
    return out


def _add(out, grouped, map_id, node_id, relation, group, link, premise, undercut) -> None:
    if group is not None and relation == SUPPORTS:
        key = (map_id, node_id, group)
        if key in grouped:
            grouped[key].premises.append(premise)
            return
        use = Use(relation, (map_id, node_id), link, [premise], group)
        grouped[key] = use
        out.append(use)
        return
    out.append(Use(relation, (map_id, node_id), link, [premise], None, undercut))
