"""From an argument graph (statements joined by inferences) to claim-tree maps, and back.

Readers of graph formats (AIF, Argdown, Kialo) describe what a file says as a `Graph`; `build`
turns it into maps: each root a map, each statement one node, placed once through the first
inference that may carry it; every other use of a statement becomes a cross-link. What a map cannot
hold is counted in `Graph.losses`, one entry per kind.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..ids import slug
from ..model import MAX_DEPTH, ArgMap, Kind

SUPPORTS, ATTACKS, REPHRASE = "supports", "attacks", "rephrase"
# Room below the deepest node the loader accepts; deeper statements start maps of their own.
_DEEPEST = MAX_DEPTH - 2
UNATTRIBUTED = "unattributed"


@dataclass(slots=True)
class Statement:
    """A statement of the file: one node of the maps."""

    key: str
    text: str
    speaker: str | None = None
    side: str | None = None
    quote: tuple[str, str] | None = None  # (source id, verbatim text)
    id: str | None = None  # the node id the file asks for, if any


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


def unique(base: str, taken: set[str], fallback: str) -> str:
    """`base`, or `base-2`, `base-3`...: the first not in `taken`, which it joins (no copy of `taken`)."""
    base = base or fallback
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


@dataclass(slots=True)
class _Placed:
    key: str
    data: dict[str, Any]
    map_index: int
    depth: int


def build(graph: Graph) -> list[ArgMap]:
    """The maps of a graph; `graph.losses` gains a count for each kind of thing they cannot hold."""
    statements, losses = graph.statements, graph.losses
    inferences = _usable(graph)
    by_key = {inf.key: inf for inf in inferences}
    order = {inf.key: index for index, inf in enumerate(inferences)}
    into: dict[str, list[Inference]] = defaultdict(list)
    for inf in inferences:
        into[inf.target].append(inf)
    is_premise = {p for inf in inferences for p in inf.premises}

    placed: dict[str, _Placed] = {}
    via: dict[str, str] = {}  # statement key -> the inference that placed it
    anchored: dict[str, list[Inference]] = defaultdict(list)  # statement key -> the undercuts hung below it
    roots: list[_Placed] = []
    infos: list[MapInfo | None] = []
    supports_out: dict[str, list[str]] = defaultdict(list)
    groups: list[int] = []

    def new_root(key: str, info: MapInfo | None) -> None:
        node = _node(statements[key], Kind.CLAIM)
        entry = _Placed(key, node, len(roots), 0)
        placed[key] = entry
        roots.append(entry)
        infos.append(info)
        groups.append(0)
        expand([entry], allow_references=False)

    def expand(frontier: list[_Placed], allow_references: bool) -> None:
        queue = list(frontier)
        head = 0
        while head < len(queue):
            parent = queue[head]
            head += 1
            if parent.depth >= _DEEPEST:
                continue
            pending = [*into.get(parent.key, ()), *anchored.get(parent.key, ())]
            if anchored.get(parent.key):
                pending.sort(key=lambda inf: order[inf.key])
            for inf in pending:
                if not (inf.tree or allow_references):
                    continue
                undercut = inf.target != parent.key
                parent_kind = Kind(parent.data["kind"])
                if undercut and parent.depth == 0:
                    continue
                fresh = [p for p in inf.premises if p not in placed]
                if not fresh:
                    continue
                kind = _kind(inf.relation, parent_kind)
                group = None
                if inf.relation == SUPPORTS and len(fresh) > 1:
                    groups[parent.map_index] += 1
                    group = inf.group or f"g{groups[parent.map_index]}"
                if inf.relation == ATTACKS and len(fresh) > 1:
                    losses["linked attacks (several premises together) kept as separate attacks"] += 1
                for key in fresh:
                    node = _node(statements[key], kind)
                    if group is not None:
                        node["group"] = group
                    if inf.relation == REPHRASE:
                        node["rephrase"] = True
                    if undercut:
                        node["undercut"] = True
                    parent.data.setdefault("children", []).append(node)
                    child = _Placed(key, node, parent.map_index, parent.depth + 1)
                    placed[key] = child
                    via[key] = inf.key
                    if kind is Kind.PREMISE:
                        supports_out[key].append(parent.key)
                    queue.append(child)
                for undercut_inf in into.get(inf.key, ()):
                    anchor = undercut_inf.under if undercut_inf.under in fresh else fresh[0]
                    anchored[anchor].append(undercut_inf)

    for info in graph.maps:
        if info.root in statements and info.root not in placed:
            new_root(info.root, info)
    for key in statements:
        if key not in placed and key not in is_premise:
            new_root(key, None)
    # What is left is reached only through references, stands in a cycle, or lies too deep.
    expand(list(placed.values()), allow_references=True)
    for key in statements:
        if key not in placed:
            new_root(key, None)
            expand([placed[key]], allow_references=True)

    _name(roots, infos, statements, placed)
    map_ids = [info.id for info in infos]  # type: ignore[union-attr]
    _crosslinks(graph, inferences, by_key, placed, via, supports_out, map_ids)
    return [_map(graph, entry, info) for entry, info in zip(roots, infos, strict=True)]


def _usable(graph: Graph) -> list[Inference]:
    """The inferences that name existing statements, each premise once and never its own target."""
    statements, losses = graph.statements, graph.losses
    keys = {inf.key for inf in graph.inferences}
    out = []
    for inf in graph.inferences:
        premises = list(dict.fromkeys(p for p in inf.premises if p in statements and p != inf.target))
        if len(premises) < len([p for p in inf.premises if p in statements]):
            losses["statements that support or attack themselves, link left out"] += 1
        if not premises or (inf.target not in statements and inf.target not in keys):
            losses["inferences with no premise or no conclusion left out"] += 1
            continue
        inf.premises = premises
        out.append(inf)
    return out


def _kind(relation: str, parent: Kind) -> Kind:
    if relation != ATTACKS:
        return Kind.PREMISE
    return Kind.REBUTTAL if parent in (Kind.CLAIM, Kind.PREMISE) else Kind.COUNTER_REBUTTAL


def _node(st: Statement, kind: Kind) -> dict[str, Any]:
    node: dict[str, Any] = {"id": "", "kind": kind.value, "side": st.side or UNATTRIBUTED}
    if st.speaker:
        node["speaker"] = st.speaker
    node["text"] = st.text
    if st.quote is not None:
        node["quote"] = {"source": st.quote[0], "text": st.quote[1]}
    return node


def _walk(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("children", ())))


def _name(roots: list[_Placed], infos: list[MapInfo | None], statements: dict[str, Statement], placed) -> None:
    """Node ids unique per map (the file's own when it has them), map ids unique per file."""
    taken_per_map: list[set[str]] = [set() for _ in roots]
    by_node = {id(p.data): p for p in placed.values()}
    for entry in roots:
        taken = taken_per_map[entry.map_index]
        nodes = list(_walk(entry.data))
        # The file's own ids first, so a made-up id never takes one the file asked for.
        for node in nodes:
            wanted = statements[by_node[id(node)].key].id
            if wanted and wanted not in taken:
                taken.add(wanted)
                node["id"] = wanted
        for node in nodes:
            if not node["id"]:
                node["id"] = unique(slug(node["text"]), taken, "node")
    map_ids: set[str] = set()
    for index, entry in enumerate(roots):
        info = infos[index]
        if info is not None and info.id not in map_ids:
            map_ids.add(info.id)
        else:
            infos[index] = MapInfo(entry.key, unique(slug(entry.data["text"]), map_ids, "map"), entry.data["text"])


def _crosslinks(graph, inferences, by_key, placed, via, supports_out, map_ids: list[str]) -> None:
    """Every use of a statement other than where it stands becomes a cross-link on its node."""
    losses = graph.losses

    def link(source: _Placed, target: _Placed) -> str:
        if source.map_index == target.map_index:
            return target.data["id"]
        return f"{map_ids[target.map_index]}:{target.data['id']}"

    def reaches(start: str, goal: str) -> bool:
        seen, stack = {start}, [start]
        while stack:
            key = stack.pop()
            if key == goal:
                return True
            for nxt in supports_out.get(key, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    for inf in inferences:
        target_key = inf.target
        relation = inf.relation
        if target_key not in graph.statements:
            # An undercut that could not hang below its inference attacks the premise it names.
            aimed = by_key[target_key]
            if all(via.get(p) == inf.key for p in inf.premises):
                continue
            target_key = inf.under if inf.under in aimed.premises else aimed.premises[0]
            relation = ATTACKS
            losses["undercuts of a shared premise kept as attacks on the premise"] += 1
        for key in inf.premises:
            if via.get(key) == inf.key:
                continue
            source, target = placed[key], placed[target_key]
            if relation == REPHRASE:
                losses["rephrases of a shared statement kept as supports"] += 1
                relation = SUPPORTS
            if relation == SUPPORTS:
                if reaches(target_key, key):
                    losses["supports that would close a circle of supports left out"] += 1
                    continue
                supports_out[key].append(target_key)
            field_name = "supports" if relation == SUPPORTS else "attacks"
            value = link(source, target)
            existing = source.data.setdefault(field_name, [])
            if value not in existing:
                existing.append(value)
    for key, relation, value, position in sorted(graph.external, key=lambda e: e[3]):
        if key in placed:
            existing = placed[key].data.setdefault(relation, [])
            existing.insert(min(position, len(existing)), value)


def _map(graph: Graph, root: _Placed, info: MapInfo) -> ArgMap:
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
