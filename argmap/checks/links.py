"""Rules on cross-links: they name nodes that exist, not themselves, and support runs in no circle."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Code, Issue
from ..model import Relation, split_link
from .context import Context
from .context import issue as _issue


def links(ctx: Context) -> Iterator[Issue]:
    for edge in ctx.edges:
        if not edge.crosslink:
            continue
        map_id, node_id = split_link(edge.target)
        if map_id is None or map_id == ctx.map.id:
            if node_id == edge.source:
                yield _issue(Code.SELF_LINK, f"node '{edge.source}' {edge.relation} itself", edge.pointer, edge.source)
            elif node_id not in ctx.index:
                yield _issue(
                    Code.UNKNOWN_LINK,
                    f"node '{edge.source}' {edge.relation} '{edge.target}', but this map has no node with that id",
                    edge.pointer,
                    edge.source,
                )
            continue
        other = ctx.debate.get(map_id)
        if other is None:
            known = ", ".join(sorted(ctx.debate)) or "none"
            yield _issue(
                Code.UNKNOWN_LINK,
                f"node '{edge.source}' {edge.relation} '{edge.target}', but no map "
                f"in this debate has the id '{map_id}' (maps: {known})",
                edge.pointer,
                edge.source,
            )
        elif node_id not in ctx.ids_of(other):
            yield _issue(
                Code.UNKNOWN_LINK,
                f"node '{edge.source}' {edge.relation} '{edge.target}', but map '{map_id}' has no node '{node_id}'",
                edge.pointer,
                edge.source,
            )


def support_cycles(ctx: Context) -> Iterator[Issue]:
    # Tree edges alone run up to the root and never close a circle; a cycle through this map's nodes
    # needs a supports cross-link from one of them.
    if not any(e.crosslink and e.relation is Relation.SUPPORTS for e in ctx.edges):
        return
    own = ctx.map.id
    adjacency = {own: ctx.facts.supports}

    def targets(key: tuple[str, str]) -> list[tuple[str, str]]:
        map_id, node_id = key
        if map_id not in adjacency:
            other = ctx.debate.get(map_id)
            adjacency[map_id] = ctx.facts_of(other).supports if other is not None else {}
        return adjacency[map_id].get(node_id, [])

    state: dict[tuple[str, str], int] = {}  # 1 on the current path, 2 finished
    reported: set[frozenset] = set()
    for visit in ctx.visits:
        start = (own, visit.node.id)
        if start in state:
            continue
        path = [start]
        position = {start: 0}
        stack = [iter(targets(start))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                done = path.pop()
                del position[done]
                state[done] = 2
                stack.pop()
                continue
            seen = state.get(nxt, 0)
            if seen == 0:
                state[nxt] = 1
                position[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(targets(nxt)))
            elif seen == 1:
                cycle = path[position[nxt] :]
                key = frozenset(cycle)
                if key in reported:
                    continue
                reported.add(key)
                here = next((n for m_id, n in cycle if m_id == own), cycle[0][1])
                names = [n if m_id == own else f"{m_id}:{n}" for m_id, n in cycle]
                chain = " -> ".join([*names, names[0]])
                yield _issue(
                    Code.SUPPORT_CYCLE,
                    f"support cycle {chain}: a point cannot support itself, even through others",
                    ctx.index[here].pointer if here in ctx.index else "/claim",
                    here,
                )
