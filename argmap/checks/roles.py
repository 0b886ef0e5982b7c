"""Rules on a node's role: a context node describes rather than argues, so nothing may need it to argue."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Code, Issue
from ..model import Role, split_link
from .context import Context
from .context import issue as _issue

CODE = Code.CONTEXT_ARGUES


def context_argues(ctx: Context) -> Iterator[Issue]:
    """A context node takes no part in evaluation; refuse what would need it to take part.

    Refused: a context claim (the root states what the map argues); a context undercut (it attacks an
    inference); an arguing answer under a context node (it would answer something that makes no claim:
    mark it context too, or move it); a context node's own `supports`/`attacks` cross-links; and a
    cross-link from any node to a context node.
    """
    own = ctx.facts.context_ids
    # Without a context node no node is one, nor answers one: only the cross-links are left to look at.
    for node, parent, pointer, _ in ctx.visits if own else ():
        if node.role is Role.CONTEXT:
            if parent is None:
                yield _issue(
                    CODE,
                    f"the claim '{node.id}' is marked context, but a map's claim is what it argues",
                    f"{pointer}/role",
                    node.id,
                )
            elif node.undercut:
                yield _issue(
                    CODE,
                    f"node '{node.id}' is marked context, but an undercut attacks an inference",
                    f"{pointer}/role",
                    node.id,
                )
        elif parent is not None and parent.role is Role.CONTEXT:
            yield _issue(
                CODE,
                f"node '{node.id}' answers the context node '{parent.id}', which does not argue: mark "
                f"'{node.id}' context too, or move it under a node that argues",
                f"{pointer}/kind",
                node.id,
            )
    for edge in ctx.crosslinks:
        if edge.source in own:
            yield _issue(
                CODE,
                f"the context node '{edge.source}' {edge.relation} '{edge.target}', but a context node does not "
                "argue: drop the link, or make the node an argument",
                edge.pointer,
                edge.source,
            )
            continue
        map_id, node_id = split_link(edge.target)
        if map_id is None or map_id == ctx.map.id:
            targets = own
        else:
            other = ctx.debate.get(map_id)
            if other is None:
                continue  # unknown-link says so
            targets = ctx.facts_of(other).context_ids
        if node_id in targets:
            yield _issue(
                CODE,
                f"node '{edge.source}' {edge.relation} '{edge.target}', a context node, which takes no part in "
                "evaluation: link to a node that argues, or make that node an argument",
                edge.pointer,
                edge.source,
            )
