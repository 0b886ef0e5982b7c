"""What every rule sees: one map, the debate around it (each other map's facts), the root and the source texts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import Any

from ..errors import Code, Issue, Severity
from ..model import ArgMap, Edge, Kind, Node, Relation, Role, Visit, split_link
from ..quotes import SourceCache, SourceProblem, SourceText

OUTSIDE = SourceProblem(Code.SOURCE_OUTSIDE, "lies outside the project (source paths are relative to the project root)")


def issue(code: Code, message: str, ptr: str, node: str | None = None, severity: Severity | None = None) -> Issue:
    return Issue(code, message, ptr, severity, node)  # positional: the rules make tens of thousands


def person(speaker: str) -> str:
    """The name part of a speaker ('Wendy Sherman, Deputy Secretary of State' -> 'wendy sherman')."""
    return " ".join(speaker.split(",")[0].casefold().split())


def support_targets(
    m: ArgMap, visits: Sequence[Visit], fields: Sequence[Mapping[str, Any]], places: Iterable[int] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """For each node of a map, the (map id, node id) pairs it supports, tree and cross-links alike; for the
    nodes at `places` alone (in visit order), their cross-links alone (`fields`: see `node_fields`)."""
    out: dict[str, list[tuple[str, str]]] = {}
    here = m.id
    tree = places is None
    for place in range(len(visits)) if places is None else places:
        node = fields[place]
        source, links = node["id"], node["supports"]
        parent = visits[place][1]
        if tree and parent is not None and node["kind"] is Kind.PREMISE:  # a premise supports its parent
            links = [parent.id, *links]  # the tree edge first, as `ArgMap.edges` lists them
        for link in links:
            map_id, node_id = split_link(link)
            target = (map_id or here, node_id)
            if target != (here, source):  # a self-link is its own finding, not a cycle
                out.setdefault(source, []).append(target)
    return out


@dataclass(frozen=True)
class Facts:
    """What the rules of other maps, and the debate rules, need of one map: gathered in one walk of its tree.

    A map's facts are worked out once per version of the map (`Debate` keeps them across its versions),
    so checking one map does not walk the unchanged maps it links to again.
    """

    node_ids: frozenset[str]
    context_ids: frozenset[str]
    # What a node supports, for the search for support cycles (see `supported_by`): node id -> the (map id,
    # node id) pairs its supports cross-links name, and premise id -> its parent. In a map whose node
    # ids are not unique, `supports` holds the tree edges too (in document order) and `parents` is empty.
    # Both are empty for a map with no supports cross-link: no support cycle passes through such a map
    # (its tree edges only lead up to its root), so the search need not follow them.
    supports: dict[str, list[tuple[str, str]]]
    links_to: frozenset[str]  # the other maps its cross-links name
    speakers: dict[str, tuple[str, str, str]]  # person -> (speaker as written, node id, pointer) of its first use
    # Node id -> its pointer, for the nodes with a supports cross-link: every support cycle through a map
    # leaves one of them (tree edges only run up to the root), which is where the cycle is reported.
    support_linkers: dict[str, str] = field(default_factory=dict)
    parents: dict[str, Node | None] = field(default_factory=dict)

    def supported_by(self, map_id: str, node_id: str) -> list[tuple[str, str]]:
        """The (map id, node id) pairs a node of this map (whose id is `map_id`) supports: its parent first,
        when it is a premise, then its cross-links."""
        crosslinks = self.supports.get(node_id, [])
        parent = self.parents.get(node_id)
        if parent is None:
            return crosslinks
        target_map, target = split_link(parent.id)
        pair = (target_map or map_id, target)
        return crosslinks if pair == (map_id, node_id) else [pair, *crosslinks]

    @classmethod
    def of(
        cls,
        m: ArgMap,
        visits: Sequence[Visit] | None = None,
        fields: Sequence[Mapping[str, Any]] | None = None,
        node_ids: frozenset[str] | None = None,
    ) -> Facts:
        """The facts of a map, from a walk already made (its visits, their nodes' fields, the node ids), if one was."""
        visits = list(m.walk()) if visits is None else visits
        fields = node_fields(visits) if fields is None else fields
        # Comprehensions over the nodes, and loops over the few that matter: a loop body per node costs more.
        said = list(map(itemgetter("speaker"), fields))  # mapped in C: no bytecode per node
        first = dict(zip(reversed(said), range(len(said) - 1, -1, -1), strict=True))  # speaker -> its first place
        speakers: dict[str, tuple[str, str, str]] = {}
        for speaker, place in sorted(first.items(), key=itemgetter(1)):
            if speaker:
                speakers.setdefault(person(speaker), (speaker, fields[place]["id"], f"{visits[place][2]}/speaker"))
        links_to: set[str | None] = set()
        linkers: dict[str, str] = {}
        linked = linking(fields)
        for place in linked:
            node = fields[place]
            if node["supports"]:
                linkers.setdefault(node["id"], visits[place][2])
                links_to.update(split_link(link)[0] for link in node["supports"])
            if node["attacks"]:
                links_to.update(split_link(link)[0] for link in node["attacks"])
        node_ids = frozenset(map(itemgetter("id"), fields)) if node_ids is None else node_ids
        supports: dict[str, list[tuple[str, str]]] = {}
        parents: dict[str, Node | None] = {}
        if linkers and len(node_ids) < len(visits):
            supports = support_targets(m, visits, fields)
        elif linkers:
            # Each premise's parent node (None at the root), rather than a list of pairs per premise: no
            # allocation per node, no read of the parent's id (a slow attribute of a pydantic model) until
            # the search needs it, and the dict made in C.
            premises = map(is_, map(itemgetter("kind"), fields), repeat(Kind.PREMISE))
            ids_and_parents = zip(map(itemgetter("id"), fields), map(itemgetter(1), visits), strict=True)
            parents = dict(compress(ids_and_parents, premises))
            supports = support_targets(m, visits, fields, linked)
        return cls(
            node_ids,
            _context_ids(fields),
            supports,
            frozenset(i for i in links_to if i is not None and i != m.id),
            speakers,
            linkers,
            parents,
        )


def _context_ids(fields: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    if Role.CONTEXT not in map(itemgetter("role"), fields):  # most maps: looked for in C, node by node
        return frozenset()
    return frozenset(node["id"] for node in fields if node["role"] is Role.CONTEXT)


def node_fields(visits: Iterable[Visit]) -> list[Mapping[str, Any]]:
    """Each visited node's fields by name (its `__dict__`), in visit order.

    For the loops over every node: reading an attribute of a pydantic model is a Python-level lookup (the
    model class defines `__getattr__`), five times the cost of a dict lookup; a rule that reads several
    fields of each of 10,000 nodes reads them here.
    """
    return [visit[0].__dict__ for visit in visits]


def linking(fields: Sequence[Mapping[str, Any]]) -> list[int]:
    """The places (in visit order) of the nodes with cross-links: a few, in a map of thousands."""
    return [place for place, node in enumerate(fields) if node["supports"] or node["attacks"]]


class Consulted(Mapping[str, ArgMap]):
    """The maps of a debate by id, noting which ids a map's rules looked up (and whether they listed them all):
    the findings depend on those maps alone, so they hold in a later debate where those are unchanged."""

    def __init__(self, maps: Mapping[str, ArgMap]):
        self.maps = maps
        self.looked_up: dict[str, ArgMap | None] = {}
        self.listed = False

    def __getitem__(self, key: str) -> ArgMap:
        found = self.maps.get(key)
        self.looked_up[key] = found
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        self.listed = True
        return iter(self.maps)

    def __len__(self) -> int:
        self.listed = True
        return len(self.maps)

    def holds_in(self, maps: Mapping[str, ArgMap]) -> bool:
        """Whether every map looked up is the same object in `maps` (and, if all were listed, the same ids)."""
        if self.listed and maps.keys() != self.maps.keys():
            return False
        return all(maps.get(key) is found for key, found in self.looked_up.items())


def _facts(m: ArgMap) -> Facts:
    return Facts.of(m)


@dataclass
class Context:
    map: ArgMap
    root: Path
    debate: Mapping[str, ArgMap]
    sources: SourceCache
    visits: list[Visit] = field(default_factory=list)
    # Another map's facts: kept by the debate, so unchanged maps are not walked again.
    facts_of: Callable[[ArgMap], Facts] = _facts
    # This map's facts, when the debate already has them.
    known: Facts | None = None
    # The name of the map's file, when the debate wants issues that name it: a rule that makes an issue per
    # node places it as it makes it (see `Debate.placed`); the debate places the others.
    file: str | None = None

    @cached_property
    def fields(self) -> list[Mapping[str, Any]]:
        """Each visit's node's fields by name, beside `visits` (see `node_fields`)."""
        return node_fields(self.visits)

    @cached_property
    def quoted(self) -> list[int]:
        """The places (in visit order) of the nodes with a quote."""
        return [place for place, node in enumerate(self.fields) if node["quote"] is not None]

    @cached_property
    def crosslinks(self) -> list[Edge]:
        """The map's cross-links in document order (a node's supports, then its attacks); the rules on links
        look at no tree edge, and a map has a tree edge per node but few cross-links."""
        out: list[Edge] = []
        new = tuple.__new__
        for place in linking(self.fields):
            node, ptr = self.fields[place], self.visits[place][2]
            if node["supports"]:
                for index, target in enumerate(node["supports"]):
                    out.append(new(Edge, (node["id"], target, Relation.SUPPORTS, True, f"{ptr}/supports/{index}")))
            if node["attacks"]:
                for index, target in enumerate(node["attacks"]):
                    out.append(new(Edge, (node["id"], target, Relation.ATTACKS, True, f"{ptr}/attacks/{index}")))
        return out

    @cached_property
    def facts(self) -> Facts:
        """This map's own facts, from the walk the rules share."""
        if self.known is not None:
            return self.known
        return Facts.of(self.map, self.visits, self.fields, frozenset(self.index))

    @cached_property
    def source_texts(self) -> dict[str, SourceText | SourceProblem]:
        """Each declared source's text, or why it cannot be had; resolved once per map."""
        root = self.root.resolve()
        texts: dict[str, SourceText | SourceProblem] = {}
        for source_id, source in self.map.sources.items():
            path = (root / source.path).resolve()
            texts[source_id] = self.sources.get(path) if path.is_relative_to(root) else OUTSIDE
        return texts

    def ids_of(self, other: ArgMap) -> frozenset[str]:
        """Node ids of another map of the debate."""
        return self.facts_of(other).node_ids

    @cached_property
    def index(self) -> dict[str, Visit]:
        """Node id -> first visit of that id."""
        # Built backwards: the first visit of an id is written last, so it is the one that stays.
        return dict(zip(map(itemgetter("id"), reversed(self.fields)), reversed(self.visits), strict=True))
