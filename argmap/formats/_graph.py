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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..ids import IdAllocator, slug
from ..model import MAX_DEPTH, ArgMap, Kind, Node, split_link

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


def build(graph: Graph) -> list[ArgMap]:
    """The maps of a graph; `graph.losses` gains a count for each kind of thing they cannot hold."""
    return _Builder(graph).run()


class _Builder:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.statements = graph.statements
        self.losses = graph.losses
        self.inferences = _usable(graph)
        self.by_key = {inf.key: inf for inf in self.inferences}
        self.order = {inf.key: index for index, inf in enumerate(self.inferences)}
        self.into: dict[str, list[Inference]] = defaultdict(list)
        for inf in self.inferences:
            self.into[inf.target].append(inf)
        self.placed: dict[str, _Placed] = {}
        self.via: dict[str, str] = {}  # statement key -> the inference that placed it
        self.anchored: dict[str, list[Inference]] = defaultdict(list)  # statement -> undercuts hung below it
        self.roots: list[_Placed] = []
        self.infos: list[MapInfo | None] = []
        self.group_count: list[int] = []
        self.group_of: dict[str, str] = {}  # linked inference key -> its group id
        self.waiting: deque[str] = deque()  # statements met below the depth limit, for maps of their own

    def run(self) -> list[ArgMap]:
        statements = self.statements
        is_premise = {p for inf in self.inferences for p in inf.premises}
        for info in self.graph.maps:
            if info.root in statements and info.root not in self.placed:
                self.new_root(info.root, info, allow_references=False)
        for key in statements:
            if key not in self.placed and key not in is_premise:
                self.new_root(key, None, allow_references=False)
        # What is left is reached only through references, stands in a cycle, or lies too deep.
        self.expand(list(self.placed.values()), allow_references=True)
        pending = iter(statements)
        while True:
            # Statements that hung below the depth limit come first: a long chain continues in the next map.
            key = None
            while self.waiting and key is None:
                candidate = self.waiting.popleft()
                key = None if candidate in self.placed else candidate
            if key is None:
                key = next((k for k in pending if k not in self.placed), None)
            if key is None:
                break
            self.new_root(key, None, allow_references=True)
        self.order_children()
        self.name()
        self.crosslinks()
        return [self.make_map(entry, info) for entry, info in zip(self.roots, self.infos, strict=True)]

    # ---- placing each statement once

    def new_root(self, key: str, info: MapInfo | None, allow_references: bool) -> None:
        node = _node(self.statements[key], Kind.CLAIM.value)
        entry = _Placed(key, node, len(self.roots), 0)
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
        placed, anchored, into = self.placed, self.anchored, self.into
        queue = deque(frontier)
        while queue:
            parent = queue.popleft()
            pending = [*into.get(parent.key, ()), *anchored.get(parent.key, ())]
            if anchored.get(parent.key):
                pending.sort(key=lambda inf: self.order[inf.key])
            for inf in pending:
                if not (inf.tree or allow_references):
                    continue
                undercut = inf.target != parent.key
                if undercut and parent.depth == 0:
                    continue
                if allow_references:
                    fresh = [p for p in inf.premises if p not in placed]
                else:
                    fresh = [p for p in inf.premises if p not in placed and self.fits(p, parent.key)]
                if not fresh:
                    continue
                if parent.depth >= _DEEPEST:
                    self.waiting.extend(fresh)
                    continue
                kind = _KIND_BELOW[(inf.relation == ATTACKS, parent.data["kind"])]
                group = None
                if inf.relation == SUPPORTS and (len(inf.premises) > 1 or inf.group is not None):
                    group = self.group_for(inf, parent.map_index)
                if inf.relation == ATTACKS and len(inf.premises) > 1:
                    self.losses["linked attacks (several premises together) kept as separate attacks"] += 1
                for key in fresh:
                    node = _node(self.statements[key], kind)
                    if group is not None:
                        node["group"] = group
                    if inf.relation == REPHRASE:
                        node["rephrase"] = True
                    if undercut:
                        node["undercut"] = True
                    if inf.bearing is not None or inf.per_premise:
                        bearing = _bearing(inf, key)
                        if bearing:
                            node["bearing"] = bearing
                    parent.data.setdefault("children", []).append(node)
                    child = _Placed(key, node, parent.map_index, parent.depth + 1)
                    placed[key] = child
                    self.via[key] = inf.key
                    queue.append(child)
                for undercut_inf in into.get(inf.key, ()):
                    anchor = undercut_inf.under if undercut_inf.under in fresh else fresh[0]
                    anchored[anchor].append(undercut_inf)

    def fits(self, key: str, parent: str) -> bool:
        """Whether a statement may stand below this parent: anywhere, unless the file says where it stood."""
        place = self.statements[key].place
        return place is None or place[0] == parent

    def order_children(self) -> None:
        """Children in the order the file says they stood (argmap's own exports), the rest after them."""
        statements = self.statements
        by_node = {id(p.data): p.key for p in self.placed.values()}
        for entry in self.placed.values():
            children = entry.data.get("children")
            if children and any(statements[by_node[id(c)]].place is not None for c in children):
                children.sort(key=lambda c: (statements[by_node[id(c)]].place or ("", 1 << 30))[1])

    # ---- ids

    def name(self) -> None:
        """Node ids unique per map (the file's own when it has them), map ids unique per file."""
        allocators = [IdAllocator() for _ in self.roots]
        by_node = {id(p.data): p for p in self.placed.values()}
        slugs: dict[str, str] = {}  # many nodes may share a text; its slug is made once
        for entry in self.roots:
            ids = allocators[entry.map_index]
            nodes = list(_walk(entry.data))
            # The file's own ids first, so a made-up id never takes one the file asked for.
            for node in nodes:
                wanted = self.statements[by_node[id(node)].key].id
                if wanted and ids.take(wanted):
                    node["id"] = wanted
            for node in nodes:
                if not node["id"]:
                    text = node["text"]
                    base = slugs.get(text)
                    if base is None:
                        base = slugs[text] = slug(text)
                    node["id"] = ids.new(base, "node")
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
        losses, placed, via, statements = self.losses, self.placed, self.via, self.statements
        links: list[tuple[_Placed, str, _Placed, dict[str, Any] | None]] = []  # (source, relation, target, bearing)
        places: list[int | None] = []  # where the file says each link stands in its list
        for inf in self.inferences:
            target_key, relation = inf.target, inf.relation
            undercut = False
            if target_key not in statements:
                # An undercut that could not hang below its inference attacks the premise it names.
                aimed = self.by_key[target_key]
                if all(via.get(p) == inf.key for p in inf.premises):
                    continue
                target_key = inf.under if inf.under in aimed.premises else aimed.premises[0]
                relation = ATTACKS
                undercut = via.get(target_key) == aimed.key
                if not undercut:
                    losses["undercuts of an inference whose premise stands elsewhere kept as attacks on it"] += 1
            group = None
            if inf.relation == SUPPORTS and (len(inf.premises) > 1 or inf.group is not None):
                group = self.group_for(inf, placed[target_key].map_index)
            for key in inf.premises:
                if via.get(key) == inf.key:
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
        for index in order:
            source, relation, target, bearing = links[index]
            if index in dropped:
                continue
            value = self.link(source, target)
            key = (id(source.data), value)
            if key not in told:
                told[key] = []
                source.data.setdefault(relation, []).append(value)
            told[key].append(bearing or {})
        by_node = {id(p.data): p.data for p in placed.values()}
        for node_id in dict.fromkeys(node_id for node_id, _ in told):
            data = by_node[node_id]
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
        if not any(relation == SUPPORTS for _, relation, _, _ in links):
            return set()  # no support cross-link: the tree's own supports close no circle
        keys = list(self.placed)
        index_of = {key: i for i, key in enumerate(keys)}
        out: list[list[tuple[int, int]]] = [[] for _ in keys]  # node -> (supported node, link index or -1)
        indegree = [0] * len(keys)
        hard = [0] * len(keys)  # tree premises not yet sorted
        waiting_links: list[list[int]] = [[] for _ in keys]
        # Tree supports: a premise supports its parent.
        parents = self._parents()
        for key, parent in parents.items():
            if parent is not None and self.placed[key].data["kind"] == _PREMISE:
                u, v = index_of[key], index_of[parent]
                out[u].append((v, -1))
                indegree[v] += 1
                hard[v] += 1
        for number, (source, relation, target, _) in enumerate(links):
            if relation == SUPPORTS:
                u, v = index_of[source.key], index_of[target.key]
                out[u].append((v, number))
                indegree[v] += 1
                waiting_links[v].append(number)
        done = [False] * len(keys)
        satisfied: set[int] = set()
        ready = deque(i for i in range(len(keys)) if indegree[i] == 0)
        forceable = deque(i for i in range(len(keys)) if hard[i] == 0)
        dropped: set[int] = set()
        remaining = len(keys)
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

    def _parents(self) -> dict[str, str | None]:
        by_node = {id(p.data): p.key for p in self.placed.values()}
        parents: dict[str, str | None] = {}
        for entry in self.roots:
            parents[entry.key] = None
            stack = [entry.data]
            while stack:
                data = stack.pop()
                for child in data.get("children", ()):
                    parents[by_node[id(child)]] = by_node[id(data)]
                    stack.append(child)
        return parents

    # ---- the maps

    def make_map(self, root: _Placed, info: MapInfo | None) -> ArgMap:
        assert info is not None
        graph = self.graph
        nodes = list(_walk(root.data))
        used_sides = list(dict.fromkeys(n["side"] for n in nodes))
        used_sources = list(dict.fromkeys(n["quote"]["source"] for n in nodes if "quote" in n))
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


def _usable(graph: Graph) -> list[Inference]:
    """The inferences that name existing statements, each premise once and never its own target."""
    statements, losses = graph.statements, graph.losses
    keys = {inf.key for inf in graph.inferences}
    out = []
    for inf in graph.inferences:
        known = [p for p in inf.premises if p in statements]
        premises = list(dict.fromkeys(p for p in known if p != inf.target))
        if len(premises) < len(known):
            losses["statements that support or attack themselves, link left out"] += 1
        if not premises or (inf.target not in statements and inf.target not in keys):
            losses["inferences with no premise or no conclusion left out"] += 1
            continue
        inf.premises = premises
        out.append(inf)
    return out


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


def _walk(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("children", ())))


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
