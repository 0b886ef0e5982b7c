"""A map's tree as `argmap show` gives it: every node with the links out of it and the links into it from the debate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .debate import Debate, open_debate
from .errors import ReadError, RefusedError
from .io.loader import locate_issues
from .model import ArgMap, split_link
from .vocab import Relation


@dataclass(frozen=True)
class LinkIn:
    """A cross-link into a node: which node (`map:node` when it is in another map) supports or attacks it."""

    relation: Relation
    source: str


@dataclass
class MapTree:
    """One map of a debate, to be shown as a tree: `links_in` has, per node id, the links into it from the debate.

    `depth` cuts the tree (the claim is 0); `marks` (node id -> a word, an evaluation's label) go beside
    each node, or `strengths` (node id -> a gradual semantics' strength), under the `semantics` named;
    `colour` asks the text reporter for terminal colours.
    """

    map: ArgMap
    file: str
    links_in: dict[str, list[LinkIn]] = field(default_factory=dict)
    depth: int | None = None
    marks: Mapping[str, str] | None = None
    colour: bool = False
    strengths: Mapping[str, float] | None = None
    semantics: str | None = None


def links_in(debate: Debate, m: ArgMap) -> dict[str, list[LinkIn]]:
    """Per node of `m`, the cross-links into it from every map of its debate, in the debate's file order."""
    out: dict[str, list[LinkIn]] = {}
    for file, node, relation, link in debate.links_into(m.id, {v.node.id for v in m.walk()}):
        assert file.map is not None
        target = split_link(link)[1]
        source = node.id if file.map.id == m.id else f"{file.map.id}:{node.id}"
        out.setdefault(target, []).append(LinkIn(relation, source))
    return out


def map_tree(path: Path | str, depth: int | None = None, *, colour: bool = False) -> MapTree:
    """The tree of the map at `path`, with the links into its nodes from the other maps of its folder.

    Refused, saying why, when the file is missing or cannot be read as a map.
    """
    path = Path(path)
    if not path.exists():
        raise ReadError(f"{path}: no such map file")
    debate = open_debate([path])
    file = debate.given[0]
    if file.map is None:
        issues = locate_issues(file.loaded, file.loaded.issues, file.display)
        first = issues[0]
        raise RefusedError(f"{file.display}:{first.line}:{first.column}: is not a sound map: {first.message}", issues)
    return MapTree(file.map, file.display, links_in(debate, file.map), depth, colour=colour)
