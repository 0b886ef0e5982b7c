"""What the cursor can be on in a map, named in the map's terms, and a range of a file's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import ArgMap, Node

# A pointer into the tree: the node's own pointer, then what lies inside it.
NODE_POINTER = re.compile(r"^(/claim(?:/children/\d+)*)((?:/.*)?)$")


@dataclass(frozen=True)
class Place:
    """A range of a file's text, in character offsets."""

    path: Path
    start: int
    end: int


@dataclass(frozen=True)
class Target:
    """What the cursor is on: a node (its id, or a link naming it), a side, a source, a quote or the map."""

    what: str  # "node", "link", "side", "source", "source-file", "quote", "map"
    map_id: str
    name: str  # node, side or source id; the map id for "map"
    span: tuple[int, int]  # the value or key under the cursor, quotes included
    node: str | None = None  # the node the cursor is in (for "link" and "quote": the one that holds it)


def node_at(m: ArgMap, ptr: str) -> Node | None:
    """The node a tree pointer names ('/claim/children/2'), or None."""
    node = m.claim
    for part in ptr.split("/")[2:]:
        if part == "children":
            continue
        index = int(part)
        if index >= len(node.children):
            return None
        node = node.children[index]
    return node


def node_at_id(m: ArgMap, node_id: str) -> Node | None:
    visit = m.find(node_id)
    return visit.node if visit else None
