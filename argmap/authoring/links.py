"""Operations on cross-links: add and remove a `supports`/`attacks` link; every link follows a rename or a move."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import ArgmapError, NotFoundError, UsageError
from ..ids import did_you_mean
from ..model import ArgMap, Node, split_link
from ..vocab import Relation
from .draft import Draft
from .values import _ID, find


def _link_target(draft: Draft, link: str, ids: dict[str, set[str]] | None = None) -> tuple[str, str]:
    """(map id, node id) of a link, refused when it names nothing in the debate.

    `ids`, when given, holds each map's node ids as they are looked up, so a map is walked once for
    many links (walking it per link made k links cost k walks of the map).
    """
    m = draft.map
    map_id, node_id = split_link(link)
    if not _ID.match(node_id) or (map_id is not None and not _ID.match(map_id)):
        raise UsageError(f"'{link}' is not a link: give 'node-id' or 'map-id:node-id'")
    if map_id is None or map_id == m.id:
        there = m
    else:
        other = draft.maps.get(map_id)
        if other is None:
            raise NotFoundError(f"no map in this debate has the id '{map_id}'{did_you_mean(map_id, draft.maps)}")
        there = other
    if ids is None:
        find(there, node_id)
    else:
        known = ids.get(there.id)
        if known is None:
            known = ids[there.id] = {v.node.id for v in there.walk()}
        if node_id not in known:
            find(there, node_id)  # refused, naming the ids it may have meant
    return there.id, node_id


def add_link(draft: Draft, node: Node, relation: Relation, link: str, parent: Node | None = None) -> None:
    """Add a cross-link from `node`, refusing one that repeats, contradicts or restates the tree."""
    Linker(draft, node, parent).add(relation, link)


def remove_link(draft: Draft, node: Node, relation: Relation, link: str) -> None:
    """Remove a cross-link from `node` (every way it is written), refusing one it does not have."""
    linker = Linker(draft, node)
    linker.remove(relation, link)
    linker.flush()


def _norm(m: ArgMap, link: str) -> tuple[str, str]:
    map_id, node_id = split_link(link)
    return (map_id or m.id, node_id)


class Linker:
    """Adds and removes many cross-links of one node: the node's links and the maps' ids indexed once.

    Checking each link against the node's whole lists and walking the map for its target made an edit
    with k links O(k * (k + nodes)). Removals are gathered and made at `flush` (before the next add, and
    by the caller at the end), one pass over the lists.
    """

    def __init__(self, draft: Draft, node: Node, parent: Node | None = None):
        self.draft, self.node = draft, node
        self._parent, self._parent_known = parent, parent is not None
        self._ids: dict[str, set[str]] = {}
        self._targets: dict[Relation, set[tuple[str, str]]] = {}
        self._dropped: dict[Relation, set[tuple[str, str]]] = {}

    def _links(self, relation: Relation) -> list[str]:
        return self.node.supports if relation is Relation.SUPPORTS else self.node.attacks

    def _have(self, relation: Relation) -> set[tuple[str, str]]:
        have = self._targets.get(relation)
        if have is None:
            m = self.draft.map
            have = self._targets[relation] = {_norm(m, x) for x in self._links(relation)}
        return have

    def add(self, relation: Relation, link: str) -> None:
        """Add a cross-link, refusing one that repeats, contradicts or restates the tree."""
        self.flush()
        m, node = self.draft.map, self.node
        target = _link_target(self.draft, link, self._ids)
        other_rel = Relation.ATTACKS if relation is Relation.SUPPORTS else Relation.SUPPORTS
        if target == (m.id, node.id):
            raise ArgmapError(f"'{node.id}' cannot {relation.value.removesuffix('s')} itself")
        if target in self._have(relation):
            raise ArgmapError(f"'{node.id}' already {relation} '{link}'")
        if target in self._have(other_rel):
            raise ArgmapError(f"'{node.id}' already {other_rel} '{link}'; a point cannot both support and attack it")
        if not self._parent_known:
            visit = m.find(node.id)
            self._parent, self._parent_known = (visit.parent if visit else None), True
        parent = self._parent
        if parent is not None and target == (m.id, parent.id):
            raise ArgmapError(
                f"'{node.id}' already answers '{parent.id}' in the tree (as a {node.kind}); "
                "a cross-link would say it again"
            )
        self._links(relation).append(link)
        self._have(relation).add(target)

    def remove(self, relation: Relation, link: str) -> None:
        """Mark a cross-link (every way it is written) to go at `flush`, refusing one the node does not have."""
        m = self.draft.map
        wanted = _norm(m, link)
        have = self._have(relation)
        if wanted not in have:
            dropped = self._dropped.get(relation, set())
            left = ", ".join(x for x in self._links(relation) if _norm(m, x) not in dropped) or "none"
            raise NotFoundError(f"'{self.node.id}' has no {relation} link to '{link}' (it {relation}: {left})")
        have.discard(wanted)
        self._dropped.setdefault(relation, set()).add(wanted)

    def flush(self) -> None:
        """Make the removals marked: each list filtered once, and the bearings of links no longer written."""
        if not self._dropped:
            return
        m, node = self.draft.map, self.node
        gone: list[str] = []
        for relation, dropped in self._dropped.items():
            links = self._links(relation)
            gone += (x for x in links if _norm(m, x) in dropped)
            links[:] = [x for x in links if _norm(m, x) not in dropped]
        self._dropped = {}
        if node.bearings:
            written = {*node.supports, *node.attacks}
            stale = {x for x in gone if x in node.bearings and x not in written}
            if stale:
                node.bearings = {k: v for k, v in node.bearings.items() if k not in stale} or None


def drop_link(node: Node, relation: Relation, link: str) -> None:
    """Remove one link as written from a node, and its bearings with it."""
    drop_links(node, relation, {link})


def drop_links(node: Node, relation: Relation, links: set[str]) -> None:
    """Remove links as written from a node's `relation` list in one pass, and their bearings with them."""
    written = node.supports if relation is Relation.SUPPORTS else node.attacks
    written[:] = [x for x in written if x not in links]
    if node.bearings and not links.isdisjoint(node.bearings):
        kept = {*node.supports, *node.attacks}
        node.bearings = {k: v for k, v in node.bearings.items() if k not in links or k in kept} or None


Place = tuple[str, str]  # (map id, node id)


def follow(draft: Draft, moved: Mapping[Place, Place] = {}, maps: Mapping[str, str] = {}) -> int:  # noqa: B006
    """Rewrite every link of the debate to name where its target will be; how many links changed.

    Call it before the change: `moved` maps (map, node) as they are to where they go (a node renamed, or
    moved to another map), `maps` each renamed map's id to its new one. A link's writer moves too when it
    is in `moved`, so a link between two maps becomes `node` once both ends share one, and `map:node` once
    they part. A link's bearings follow it.
    """
    count = 0
    for file in draft.debate.files:
        m = file.map
        if m is None:
            continue
        touched = False
        for node, *_ in m.walk():
            if not (node.supports or node.attacks):
                continue
            writer = m.id, node.id
            writer_after = moved.get(writer) or (maps.get(m.id, m.id), node.id)
            renames: dict[str, str] = {}
            for links in (node.supports, node.attacks):
                for index, link in enumerate(links):
                    target_map, target_id = split_link(link)
                    target = target_map or m.id, target_id
                    after = moved.get(target) or (maps.get(target[0], target[0]), target_id)
                    if after == target and writer_after == writer:
                        continue
                    if after[0] == writer_after[0] and (target_map is None or target[0] != writer[0]):
                        new = after[1]  # within one map: as it was written, or short now that both ends share it
                    else:
                        new = f"{after[0]}:{after[1]}"
                    if new != link:
                        links[index] = new
                        renames[link] = new
                        count += 1
            if renames:
                touched = True
                if node.bearings:
                    node.bearings = {renames.get(k, k): v for k, v in node.bearings.items()}
        if touched:
            draft.touch(file)
    return count
