"""What every rule sees: one map, the debate around it (each other map's facts), the root and the source texts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Code, Issue, Severity
from ..model import ArgMap, Edge, Relation, Role, Visit, split_link
from ..quotes import SourceCache, SourceProblem, SourceText

OUTSIDE = SourceProblem(Code.SOURCE_OUTSIDE, "lies outside the project (source paths are relative to the project root)")


def issue(code: Code, message: str, ptr: str, node: str | None = None, severity: Severity | None = None) -> Issue:
    return Issue(code, message, ptr, severity=severity or code.severity, node=node)


def person(speaker: str) -> str:
    """The name part of a speaker ('Wendy Sherman, Deputy Secretary of State' -> 'wendy sherman')."""
    return " ".join(speaker.split(",")[0].casefold().split())


def support_targets(m: ArgMap, edges: Sequence[Edge]) -> dict[str, list[tuple[str, str]]]:
    """For each node of a map, the (map id, node id) pairs it supports, tree and cross-links alike."""
    out: dict[str, list[tuple[str, str]]] = {}
    for edge in edges:
        if edge.relation is Relation.SUPPORTS:
            map_id, node_id = split_link(edge.target)
            target = (map_id or m.id, node_id)
            if target != (m.id, edge.source):  # a self-link is its own finding, not a cycle
                out.setdefault(edge.source, []).append(target)
    return out


@dataclass(frozen=True)
class Facts:
    """What the rules of other maps, and the debate rules, need of one map: gathered in one walk of its tree.

    A map's facts are worked out once per version of the map (`Debate` keeps them across its versions),
    so checking one map does not walk the unchanged maps it links to again.
    """

    node_ids: frozenset[str]
    context_ids: frozenset[str]
    supports: dict[str, list[tuple[str, str]]]  # node id -> the (map id, node id) pairs it supports
    links_to: frozenset[str]  # the other maps its cross-links name
    speakers: dict[str, tuple[str, str, str]]  # person -> (speaker as written, node id, pointer) of its first use
    # Node id -> its pointer, for the nodes with a supports cross-link: every support cycle through a map
    # leaves one of them (tree edges only run up to the root), which is where the cycle is reported.
    support_linkers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, m: ArgMap, visits: list[Visit] | None = None, edges: Sequence[Edge] | None = None) -> Facts:
        """The facts of a map, from the visits (and edges) of a walk already made, if there is one."""
        visits = list(m.walk()) if visits is None else visits
        edges = list(m.edges(visits)) if edges is None else edges
        speakers: dict[str, tuple[str, str, str]] = {}
        seen: set[str] = set()  # speakers met: a map names a few people thousands of times
        for node, _, ptr, _ in visits:
            if node.speaker and node.speaker not in seen:
                seen.add(node.speaker)
                speakers.setdefault(person(node.speaker), (node.speaker, node.id, f"{ptr}/speaker"))
        links_to = {split_link(e.target)[0] for e in edges if e.crosslink}
        linkers: dict[str, str] = {}
        for e in edges:
            if e.crosslink and e.relation is Relation.SUPPORTS:
                linkers.setdefault(e.source, e.pointer.rpartition("/supports/")[0])
        return cls(
            frozenset(visit.node.id for visit in visits),
            frozenset(visit.node.id for visit in visits if visit.node.role is Role.CONTEXT),
            support_targets(m, edges),
            frozenset(i for i in links_to if i is not None and i != m.id),
            speakers,
            linkers,
        )


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

    @cached_property
    def edges(self) -> list[Edge]:
        return list(self.map.edges(self.visits))

    @cached_property
    def facts(self) -> Facts:
        """This map's own facts, from the walk the rules share."""
        return Facts.of(self.map, self.visits, self.edges)

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
        index: dict[str, Visit] = {}
        for visit in self.visits:
            index.setdefault(visit.node.id, visit)
        return index
