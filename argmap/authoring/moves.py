"""Moving a node with its subtree: under another parent of its map, or under a node of another map of the debate.

A move to another map takes the subtree's sides and sources along (declared there where that map lacks
them) and rewrites every link into or out of the subtree, in every map: a link that joined two maps
becomes `node` when both ends now share one, and one within the old map becomes `old-map:node`. Ids
that the other map already uses are refused, named, with the command that renames them: a move never
renames a node behind the author's back, as links written elsewhere (notes, other debates) name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ArgmapError, UsageError
from ..ids import did_you_mean
from ..model import Kind, Node, split_link
from ..vocab import plural
from .draft import Draft
from .fields import fields_fit
from .links import follow
from .nodes import TWINS, _place, _unique_map_id, command, hang, kind_fits, subtree
from .obstacles import Obstacles
from .values import _ID, find


@dataclass(frozen=True)
class Moved:
    """Where a move put a node: its parent, kind and map there; for a move to another map, what came along."""

    node: str
    parent: str
    kind: Kind
    map: str
    across: bool = False  # into another map
    nodes: int = 1  # the node and every node below it
    declared: list[str] = field(default_factory=list)  # "side 'x'", "source 'y'": declared in the other map
    links: int = 0  # links rewritten to follow the nodes

    def summary(self) -> str:
        """What the move did, in a sentence."""
        if not self.across:
            return f"moved '{self.node}' under '{self.parent}' as a {self.kind}"
        what = f"'{self.node}' ({plural(self.nodes, 'node')})"
        said = f"moved {what} to map '{self.map}' under '{self.parent}' as a {self.kind}"
        if self.declared:
            said += f"; declared there: {', '.join(self.declared)}"
        if self.links:
            said += f"; {plural(self.links, 'link')} rewritten"
        return said


def move_node(
    draft: Draft,
    node_id: str,
    new_parent_id: str,
    kind: Kind | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Moved:
    """Hang a node (with its subtree) under another parent: `parent` in its map, `map:parent` in another.

    Refused, with every obstacle at once, for the root claim, a cycle, a kind that cannot answer the new
    parent (the remedy names `--kind`), a sibling that is not there, and for a move to another map also
    ids taken there and a source id that names another document there.
    """
    if before and after:
        raise UsageError("give --before or --after, not both")
    target_map, parent_id = split_link(new_parent_id)
    if not _ID.match(parent_id) or (target_map is not None and not _ID.match(target_map)):
        raise UsageError(f"'{new_parent_id}' names no node: give 'parent-id' or 'map-id:parent-id'")
    m = draft.map
    if target_map is not None and target_map != m.id:
        return _move_across(
            draft, node_id, target_map, parent_id, Kind(kind) if kind else None, before or after, bool(before)
        )
    visit = find(m, node_id)
    if visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; it cannot be moved")
    obstacles = Obstacles(f"move '{node_id}' under '{parent_id}'")
    _place(draft, visit, parent_id, Kind(kind) if kind else None, before, after, obstacles=obstacles)
    target = m.find(parent_id)
    if target is not None:
        fitted = Kind(kind) if kind else visit.node.kind
        fields_fit(obstacles, visit.node, fitted, target.node is m.claim, edit=command(draft, "edit"))
    obstacles.check()
    draft.touch()
    return Moved(node_id, parent_id, visit.node.kind, m.id, nodes=len(subtree(visit.node)))


def _move_across(
    draft: Draft, node_id: str, map_id: str, parent_id: str, kind: Kind | None, anchor: str | None, before: bool
) -> Moved:
    m = draft.map
    obstacles = Obstacles(f"move '{node_id}' to '{map_id}:{parent_id}'")
    visit = None
    with obstacles.gather():
        visit = find(m, node_id)
    if visit is not None and visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; it cannot be moved (move its answers instead)")
    there = next((f for f in draft.debate.files if f.map is not None and f.map.id == map_id), None)
    if there is None:
        ids = [f.map.id for f in draft.debate.files if f.map is not None]
        obstacles.add(f"no map in this debate has the id '{map_id}'{did_you_mean(map_id, ids)}")
    for twins in dict.fromkeys((_unique_map_id(draft), _unique_map_id(draft, map_id))):
        if twins is not None:
            obstacles.add(twins, TWINS)
    parent: Node | None = None
    if there is not None and there.map is not None:
        with obstacles.gather():
            parent = find(there.map, parent_id).node
    if visit is None or there is None or there.map is None or parent is None:
        obstacles.check()
    assert visit is not None and visit.parent is not None and there is not None and there.map is not None
    assert parent is not None
    other = there.map
    node = visit.node
    moving = [v.node for v in subtree(node)]
    taken = {v.node.id for v in other.walk()}
    clash = [n.id for n in moving if n.id in taken]
    if clash:
        obstacles.add(
            f"map '{map_id}' already has {plural(len(clash), 'node')} of the same id: {', '.join(clash)}",
            f"rename it first: `{command(draft, 'rename')} {clash[0]} NEW-ID`"
            if len(clash) == 1
            else f"rename them first: `{command(draft, 'rename')} ID NEW-ID` for each",
        )
    new_kind = kind or node.kind
    if new_kind is Kind.CLAIM:
        obstacles.add(f"'{node_id}' cannot become a claim: a map has one claim, at its root")
    else:
        kind_fits(obstacles, new_kind, parent, node.children, draft)
        fields_fit(obstacles, node, new_kind, parent is other.claim, edit=command(draft, "edit"))
    if anchor is not None and anchor not in [c.id for c in parent.children]:
        siblings = [c.id for c in parent.children]
        obstacles.add(
            f"'{anchor}' is not an answer of '{parent_id}'{did_you_mean(anchor, siblings)}",
            "--before/--after name a sibling at the new place",
        )
    sides = [s for s in dict.fromkeys(n.side for n in moving) if s not in other.sides]
    for side in sides:
        if side not in m.sides:
            obstacles.add(f"side '{side}' is declared in neither map", "declare it with `argmap side add` first")
    sources: list[str] = []
    for source in dict.fromkeys(n.quote.source for n in moving if n.quote is not None):
        mine = m.sources.get(source)
        theirs = other.sources.get(source)
        if theirs is None:
            if mine is None:
                obstacles.add(
                    f"source '{source}' is declared in neither map", "declare it with `argmap source add` first"
                )
            else:
                sources.append(source)
        elif mine is not None and mine.path != theirs.path:
            obstacles.add(
                f"source '{source}' is {mine.path} in map '{m.id}' but {theirs.path} in map '{map_id}'",
                f"give one of them another id first: `{command(draft, 'source rename')} {source} NEW-ID`",
            )
    obstacles.check()
    # Links are rewritten while every node still stands where it stood: each link knows whence it was written.
    relinked = follow(draft, {(m.id, n.id): (map_id, n.id) for n in moving})
    visit.parent.children.remove(node)
    node.kind = new_kind
    hang(node, parent, anchor, before)
    for side in sides:
        other.sides[side] = m.sides[side].model_copy()
    for source in sources:
        other.sources[source] = m.sources[source].model_copy()
    draft.touch()
    draft.touch(there)
    declared = [f"side '{s}'" for s in sides] + [f"source '{s}'" for s in sources]
    return Moved(node_id, parent_id, new_kind, map_id, True, len(moving), declared, relinked)
