"""Operations on cross-links: add and remove a `supports`/`attacks` link; every link follows a rename or a move."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import ArgmapError, NotFoundError, UsageError
from ..ids import did_you_mean
from ..model import ArgMap, Node, split_link
from ..vocab import Relation
from .draft import Draft
from .values import _ID, find


def _link_target(draft: Draft, link: str) -> tuple[str, str]:
    """(map id, node id) of a link, refused when it names nothing in the debate."""
    m = draft.map
    map_id, node_id = split_link(link)
    if not _ID.match(node_id) or (map_id is not None and not _ID.match(map_id)):
        raise UsageError(f"'{link}' is not a link: give 'node-id' or 'map-id:node-id'")
    if map_id is None or map_id == m.id:
        find(m, node_id)
        return m.id, node_id
    other = draft.maps.get(map_id)
    if other is None:
        raise NotFoundError(f"no map in this debate has the id '{map_id}'{did_you_mean(map_id, draft.maps)}")
    find(other, node_id)
    return map_id, node_id


def add_link(draft: Draft, node: Node, relation: Relation, link: str, parent: Node | None = None) -> None:
    """Add a cross-link from `node`, refusing one that repeats, contradicts or restates the tree."""
    m = draft.map
    target = _link_target(draft, link)
    own = {(*_norm(m, x),) for x in (node.supports if relation is Relation.SUPPORTS else node.attacks)}
    other_rel = Relation.ATTACKS if relation is Relation.SUPPORTS else Relation.SUPPORTS
    other = {(*_norm(m, x),) for x in (node.attacks if relation is Relation.SUPPORTS else node.supports)}
    if target == (m.id, node.id):
        raise ArgmapError(f"'{node.id}' cannot {relation.value.removesuffix('s')} itself")
    if target in own:
        raise ArgmapError(f"'{node.id}' already {relation} '{link}'")
    if target in other:
        raise ArgmapError(f"'{node.id}' already {other_rel} '{link}'; a point cannot both support and attack it")
    if parent is None:
        visit = m.find(node.id)
        parent = visit.parent if visit else None
    if parent is not None and target == (m.id, parent.id):
        raise ArgmapError(
            f"'{node.id}' already answers '{parent.id}' in the tree (as a {node.kind}); a cross-link would say it again"
        )
    (node.supports if relation is Relation.SUPPORTS else node.attacks).append(link)


def _norm(m: ArgMap, link: str) -> tuple[str, str]:
    map_id, node_id = split_link(link)
    return (map_id or m.id, node_id)


def remove_link(draft: Draft, node: Node, relation: Relation, link: str) -> None:
    m = draft.map
    links = node.supports if relation is Relation.SUPPORTS else node.attacks
    wanted = _norm(m, link)
    keep = [x for x in links if _norm(m, x) != wanted]
    if len(keep) == len(links):
        have = ", ".join(links) or "none"
        raise NotFoundError(f"'{node.id}' has no {relation} link to '{link}' (it {relation}: {have})")
    for written in [x for x in links if _norm(m, x) == wanted]:
        drop_link(node, relation, written)


def drop_link(node: Node, relation: Relation, link: str) -> None:
    """Remove one link as written from a node, and its bearings with it."""
    links = node.supports if relation is Relation.SUPPORTS else node.attacks
    links[:] = [x for x in links if x != link]
    if node.bearings and link in node.bearings and link not in node.supports + node.attacks:
        node.bearings = {k: v for k, v in node.bearings.items() if k != link} or None


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
