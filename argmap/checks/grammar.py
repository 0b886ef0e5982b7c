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
    # A text whose first character is a letter or digit shows (is_blank's own first test): a comprehension
    # picks the nodes with another text, and only those are looked at closely.
    fields = ctx.fields
    doubtful = [
        place
        for place, node in enumerate(fields)
        if not node["text"][:1].isalnum()
        or (node["quote"] is not None and not node["quote"].text[:1].isalnum())
        or (node["speaker"] is not None and not node["speaker"][:1].isalnum())
    ]
    for place in doubtful:
        node, ptr = fields[place], ctx.visits[place][2]
        text = node["text"]
        if not text[:1].isalnum() and is_blank(text):
            yield _issue(Code.EMPTY_TEXT, f"node '{node['id']}' has empty text", f"{ptr}/text", node["id"])
        quote = node["quote"]
        if quote is not None and not quote.text[:1].isalnum() and is_blank(quote.text):
            yield _issue(Code.EMPTY_TEXT, f"node '{node['id']}' has an empty quote", f"{ptr}/quote/text", node["id"])
        speaker = node["speaker"]
        if speaker is not None and not speaker[:1].isalnum() and is_blank(speaker):
            message = f"node '{node['id']}' has an empty speaker (leave the key out when the speaker is unknown)"
            yield _issue(Code.EMPTY_TEXT, message, f"{ptr}/speaker", node["id"])


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    if len(ctx.index) == len(ctx.visits):
        return  # every id once
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
    claim, allowed, fields = Kind.CLAIM, ALLOWED_PARENTS, ctx.fields
    # A comprehension picks the misplaced nodes (few, if any); only they are looked at again.
    misplaced = [
        place
        for place, ((_, parent, _, _), node) in enumerate(zip(ctx.visits, fields, strict=True))
        if (node["kind"] is not claim if parent is None else parent.kind not in allowed[node["kind"]])
    ]
    for place in misplaced:
        (_, parent, ptr, _), node = ctx.visits[place], fields[place]
        kind = node["kind"]
        if parent is None:
            if kind is not Kind.CLAIM:
                yield _issue(
                    Code.KIND_GRAMMAR,
                    f"the root node '{node['id']}' must be a claim, not a {kind}",
                    f"{ptr}/kind",
                    node["id"],
                )
            continue
        if parent.kind not in ALLOWED_PARENTS[kind]:
            yield _issue(Code.KIND_GRAMMAR, _grammar_message(node["id"], kind, parent), f"{ptr}/kind", node["id"])


def _grammar_message(node_id: str, kind: Kind, parent) -> str:
    where = f"node '{node_id}' is a {kind} under the {parent.kind} '{parent.id}'"
    if kind is Kind.CLAIM:
        return f"{where}: a claim stands only at the root (use premise, rebuttal or counter-rebuttal)"
    if kind is Kind.REBUTTAL:
        return f"{where}: a rebuttal attacks a claim or a premise (use counter-rebuttal to answer a rebuttal)"
    return (
        f"{where}: a counter-rebuttal attacks a rebuttal or a counter-rebuttal (use rebuttal against a {parent.kind})"
    )


