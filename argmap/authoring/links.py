"""Operations on cross-links: add and remove a `supports`/`attacks` link, and follow a rename in every link."""

from __future__ import annotations

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
    links[:] = keep


def _rewrite_links(draft: Draft, map_id: str, old: str | None, new_map: str | None, new_node: str | None) -> None:
    """Point every link to `map_id:old` (every link into `map_id` when old is None) at the new name."""
    for file in draft.debate.files:
        other = file.map
        if other is None:
            continue
        touched = False
        for node, *_ in other.walk():
            for links in (node.supports, node.attacks):
                for index, link in enumerate(links):
                    target_map, target = split_link(link)
                    if (target_map or other.id) != map_id or (old is not None and target != old):
                        continue
                    node_part = new_node if old is not None and new_node is not None else target
                    if target_map is None:
                        links[index] = node_part
                    else:
                        links[index] = f"{new_map or target_map}:{node_part}"
                    touched = True
        if touched:
            draft.touch(file)
