"""Rules on cross-links: they name nodes that exist, not themselves, and support runs in no circle."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ..errors import Code, Issue
from ..model import ArgMap, split_link
from .context import Context, Facts
from .context import issue as _issue


def links(ctx: Context) -> Iterator[Issue]:
    for edge in ctx.crosslinks:
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


def support_cycles(maps: Mapping[str, ArgMap], facts_of: Callable[[ArgMap], Facts]) -> Iterator[tuple[str, Issue]]:
    """Support that runs round a circle, reported on each map the circle passes through: (map id, error) pairs.

    A debate rule: one depth-first walk over every map's supports (each node and link looked at once), where
    a walk per map went again through every map its supports lead to (300 linked maps: 37 s).
    """
    supports = {map_id: facts_of(m) for map_id, m in maps.items()}

    def targets(key: tuple[str, str]) -> list[tuple[str, str]]:
        facts = supports.get(key[0])
        return facts.supported_by(*key) if facts is not None else []

    state: dict[tuple[str, str], int] = {}  # 1 on the current path, 2 finished
    reported: set[frozenset] = set()
    cycles: list[list[tuple[str, str]]] = []
    for map_id, facts in supports.items():
        if not facts.support_linkers:
            continue  # no cycle passes through a map that has no supports cross-link
        for node_id in facts.support_linkers:
            start = (map_id, node_id)
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
                    if key not in reported:
                        reported.add(key)
                        cycles.append(cycle)
    for cycle in cycles:
        for own in dict.fromkeys(m for m, _ in cycle):
            linkers = supports[own].support_linkers
            # Told from this map's side: the chain starts at its node whose cross-link leaves for the rest.
            first = next((i for i, (m, n) in enumerate(cycle) if m == own and n in linkers), None)
            if first is None:
                continue
            turned = cycle[first:] + cycle[:first]
            here = turned[0][1]
            names = [n if m_id == own else f"{m_id}:{n}" for m_id, n in turned]
            chain = " -> ".join([*names, names[0]])
            yield own, _issue(
                Code.SUPPORT_CYCLE,
                f"support cycle {chain}: a point cannot support itself, even through others",
                linkers[here],
                here,
            )
