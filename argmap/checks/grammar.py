"""Rules on a map's shape: texts that say something, unique ids, and which kind may answer which."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Code, Issue
from ..ids import is_blank
from ..io.positions import pointer
from ..model import ALLOWED_PARENTS, Kind
from .context import Context
from .context import issue as _issue


def empty_text(ctx: Context) -> Iterator[Issue]:
    """Texts that must say something show something (white space and invisible characters do not)."""
    m = ctx.map
    if is_blank(m.title):
        yield _issue(Code.EMPTY_TEXT, "the map's title is empty", "/title")
    for side_id, side in m.sides.items():
        if is_blank(side.name):
            yield _issue(Code.EMPTY_TEXT, f"side '{side_id}' has an empty name", pointer("sides", side_id, "name"))
    for source_id, source in m.sources.items():
        if is_blank(source.title):
            where = pointer("sources", source_id, "title")
            yield _issue(Code.EMPTY_TEXT, f"source '{source_id}' has an empty title", where)
    for node, _, ptr, _ in ctx.visits:
        if is_blank(node.text):
            yield _issue(Code.EMPTY_TEXT, f"node '{node.id}' has empty text", f"{ptr}/text", node.id)
        if node.quote is not None and is_blank(node.quote.text):
            yield _issue(Code.EMPTY_TEXT, f"node '{node.id}' has an empty quote", f"{ptr}/quote/text", node.id)
        if node.speaker is not None and is_blank(node.speaker):
            message = f"node '{node.id}' has an empty speaker (leave the key out when the speaker is unknown)"
            yield _issue(Code.EMPTY_TEXT, message, f"{ptr}/speaker", node.id)


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    for node, _, ptr, _ in ctx.visits:
        first = ctx.index[node.id]
        if first.pointer != ptr:
            yield _issue(
                Code.DUPLICATE_ID,
                f"node id '{node.id}' is already used by the node at {first.pointer}",
                f"{ptr}/id",
                node.id,
            )


def kind_grammar(ctx: Context) -> Iterator[Issue]:
    for node, parent, ptr, _ in ctx.visits:
        if parent is None:
            if node.kind is not Kind.CLAIM:
                yield _issue(
                    Code.KIND_GRAMMAR,
                    f"the root node '{node.id}' must be a claim, not a {node.kind}",
                    f"{ptr}/kind",
                    node.id,
                )
            continue
        if parent.kind not in ALLOWED_PARENTS[node.kind]:
            yield _issue(Code.KIND_GRAMMAR, _grammar_message(node.id, node.kind, parent), f"{ptr}/kind", node.id)


def _grammar_message(node_id: str, kind: Kind, parent) -> str:
    where = f"node '{node_id}' is a {kind} under the {parent.kind} '{parent.id}'"
    if kind is Kind.CLAIM:
        return f"{where}: a claim stands only at the root (use premise, rebuttal or counter-rebuttal)"
    if kind is Kind.REBUTTAL:
        return f"{where}: a rebuttal attacks a claim or a premise (use counter-rebuttal to answer a rebuttal)"
    return (
        f"{where}: a counter-rebuttal attacks a rebuttal or a counter-rebuttal (use rebuttal against a {parent.kind})"
    )


