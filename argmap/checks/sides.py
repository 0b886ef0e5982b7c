"""Rules on who and what a map cites: declared sides and sources, readable source files, quotes found."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from ..errors import Code, Issue
from ..io.positions import pointer
from ..model import ArgMap
from ..quotes import MAX_QUOTE_CHARS, SourceProblem
from .context import Context, Facts
from .context import issue as _issue


def declared_sides(ctx: Context) -> Iterator[Issue]:
    used = {node["side"] for node in ctx.fields}
    # Each undeclared side is reported at every node that names it; when all are declared, no node need be visited.
    for node, _, ptr, _ in ctx.visits if not used <= ctx.map.sides.keys() else ():
        if node.side not in ctx.map.sides:
            known = ", ".join(sorted(ctx.map.sides)) or "none"
            yield _issue(
                Code.UNDECLARED_SIDE,
                f"node '{node.id}' names side '{node.side}', which is not declared in `sides` (declared: {known})",
                f"{ptr}/side",
                node.id,
            )
    yield from _unused("side", ctx.map.sides, used, "no node uses it")


def declared_sources(ctx: Context) -> Iterator[Issue]:
    sources = ctx.map.sources
    quotes = [ctx.fields[place]["quote"] for place in ctx.quoted]
    used = {quote.source for quote in quotes}
    # Each undeclared source is reported at every quote that names it; when all are declared, none need be looked at.
    for place, quote in zip(ctx.quoted, quotes, strict=True) if not used <= sources.keys() else ():
        if quote.source not in sources:
            node, _, ptr, _ = ctx.visits[place]
            known = ", ".join(sorted(sources)) or "none"
            yield _issue(
                Code.UNDECLARED_SOURCE,
                f"node '{node.id}' quotes source '{quote.source}', which is not declared in "
                f"`sources` (declared: {known})",
                f"{ptr}/quote/source",
                node.id,
            )
    yield from _unused("source", sources, used, "no quote uses it")


def _unused(what: str, declared: Iterable[str], used: set[str], why: str) -> Iterator[Issue]:
    for item in declared:
        if item not in used:
            message = f"{what} '{item}' is declared but {why}"
            code = Code.UNUSED_SIDE if what == "side" else Code.UNUSED_SOURCE
            yield _issue(code, message, pointer(f"{what}s", item))


def source_files(ctx: Context) -> Iterator[Issue]:
    for source_id, source in ctx.map.sources.items():
        text = ctx.source_texts[source_id]
        if isinstance(text, SourceProblem):
            message = f"source '{source_id}': {source.path} {text.reason}"
            yield _issue(text.code, message, pointer("sources", source_id, "path"))


def quotes_found(ctx: Context) -> Iterator[Issue]:
    sources = ctx.map.sources
    for place in ctx.quoted:
        quote = ctx.fields[place]["quote"]
        said = quote.text
        # `not said.isspace()` is `said.strip()` without copying the quote.
        if quote.source not in sources or not said or said.isspace():
            continue
        node, _, ptr, _ = ctx.visits[place]
        if len(quote.text) > MAX_QUOTE_CHARS:
            yield _issue(
                Code.QUOTE_TOO_LONG,
                f"node '{node.id}': the quote is {len(quote.text):,} characters; a quote is limited to "
                f"{MAX_QUOTE_CHARS:,} (quote the passage that backs the point)",
                f"{ptr}/quote/text",
                node.id,
            )
            continue
        text = ctx.source_texts[quote.source]
        if isinstance(text, SourceProblem) or text.contains(quote.text):
            continue  # an unreadable source is reported once, by source_files
        # The source's own words (its quote marks too), white space run together so the message stays one line:
        # quoted as it stands, it passes.
        start, end = text.nearest(quote.text)
        hint = " ".join(text.text[start:end].split())
        if len(hint) > 240:
            hint = hint[:237] + "..."
        yield _issue(
            Code.QUOTE_NOT_FOUND,
            f"node '{node.id}': the quote does not occur in source '{quote.source}' "
            f"({ctx.map.sources[quote.source].path}); closest passage: \u201c{hint}\u201d",
            f"{ptr}/quote/text",
            node.id,
        )


def quoted_and_attributed(ctx: Context) -> Iterator[Issue]:
    """Every node is backed by a quote and names who said it; a warning, so drafts still validate."""
    # Issue made directly, positionally, and placed when asked: a map imported from a bare format has a
    # warning or two per node.
    no_quote, no_speaker, file = Code.MISSING_QUOTE, Code.MISSING_SPEAKER, ctx.file
    found: list[Issue] = []
    add = found.append
    for (_, _, ptr, _), node in zip(ctx.visits, ctx.fields, strict=True):
        if node["quote"] is None:
            node_id = node["id"]
            message = f"node '{node_id}' has no quote: back it with the passage of a source it paraphrases"
            add(Issue(no_quote, message, ptr, None, node_id, file))
        if node["speaker"] is None:
            node_id = node["id"]
            message = f"node '{node_id}' names no speaker: say who makes the point, as the source attributes it"
            add(Issue(no_speaker, message, ptr, None, node_id, file))
    return iter(found)  # a list, not a generator: no resumption per issue


def _twins(a: str, b: str) -> bool:
    """Two spellings of one name: the same number of words, each differing word a near miss of letters."""
    from difflib import SequenceMatcher

    words_a, words_b = a.split(), b.split()
    if a == b or len(words_a) != len(words_b):
        return False
    for x, y in zip(words_a, words_b, strict=True):
        if x == y:
            continue
        if not (x.isalpha() and y.isalpha()) or SequenceMatcher(None, x, y).ratio() < 0.75:
            return False
    return True


def speaker_spellings(maps: Mapping[str, ArgMap], facts_of: Callable[[ArgMap], Facts]) -> Iterator[tuple[str, Issue]]:
    """A person spelt two ways across the debate ('Josep Borrell', 'Jose Borrell'): (map id, warning) pairs.

    A debate rule: it runs once over all maps, not once per map, from each map's facts.
    """
    first: dict[str, tuple[str, str, str, str]] = {}  # person -> (speaker, map id, node id, pointer) of first use
    for map_id, m in maps.items():
        for name, (speaker, node_id, ptr) in facts_of(m).speakers.items():
            first.setdefault(name, (speaker, map_id, node_id, ptr))
    # Names grouped by word count and first letter keep the comparison near linear on large debates.
    buckets: dict[tuple[int, str], list[str]] = {}
    for person in first:
        buckets.setdefault((len(person.split()), person[:1]), []).append(person)
    for group in buckets.values():
        for index, person in enumerate(group):
            for twin in group[index + 1 :]:
                if not _twins(person, twin):
                    continue
                for one, other in ((person, twin), (twin, person)):
                    speaker, map_id, node_id, ptr = first[one]
                    message = (
                        f"node '{node_id}': speaker '{speaker}' looks like '{first[other][0]}' spelt another way "
                        f"(map '{first[other][1]}', node '{first[other][2]}'); use one spelling"
                    )
                    yield map_id, _issue(Code.SPEAKER_SPELLING, message, ptr, node_id)
