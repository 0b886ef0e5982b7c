"""Rules on who and what a map cites: declared sides and sources, readable source files, quotes found."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import Issue
from ..io.positions import pointer
from .context import Context
from .context import issue as _issue
from .quotes import MAX_QUOTE_CHARS, SourceProblem


def declared_sides(ctx: Context) -> Iterator[Issue]:
    used = set()
    for node, _, ptr, _ in ctx.visits:
        used.add(node.side)
        if node.side not in ctx.map.sides:
            known = ", ".join(sorted(ctx.map.sides)) or "none"
            yield _issue(
                "undeclared-side",
                f"node '{node.id}' names side '{node.side}', which is not declared in `sides` (declared: {known})",
                f"{ptr}/side",
                node.id,
            )
    yield from _unused("side", ctx.map.sides, used, "no node uses it")


def declared_sources(ctx: Context) -> Iterator[Issue]:
    used = set()
    for node, _, ptr, _ in ctx.visits:
        if node.quote is None:
            continue
        used.add(node.quote.source)
        if node.quote.source not in ctx.map.sources:
            known = ", ".join(sorted(ctx.map.sources)) or "none"
            yield _issue(
                "undeclared-source",
                f"node '{node.id}' quotes source '{node.quote.source}', which is not declared in "
                f"`sources` (declared: {known})",
                f"{ptr}/quote/source",
                node.id,
            )
    yield from _unused("source", ctx.map.sources, used, "no quote uses it")


def _unused(what: str, declared: Iterable[str], used: set[str], why: str) -> Iterator[Issue]:
    for item in declared:
        if item not in used:
            message = f"{what} '{item}' is declared but {why}"
            yield _issue(f"unused-{what}", message, pointer(f"{what}s", item), severity="warning")


def source_files(ctx: Context) -> Iterator[Issue]:
    for source_id, source in ctx.map.sources.items():
        text = ctx.source_texts[source_id]
        if isinstance(text, SourceProblem):
            message = f"source '{source_id}': {source.path} {text.reason}"
            yield _issue(text.code, message, pointer("sources", source_id, "path"))


def quotes_found(ctx: Context) -> Iterator[Issue]:
    for node, _, ptr, _ in ctx.visits:
        quote = node.quote
        if quote is None or quote.source not in ctx.map.sources or not quote.text.strip():
            continue
        if len(quote.text) > MAX_QUOTE_CHARS:
            yield _issue(
                "quote-too-long",
                f"node '{node.id}': the quote is {len(quote.text):,} characters; a quote is limited to "
                f"{MAX_QUOTE_CHARS:,} (quote the passage that backs the point)",
                f"{ptr}/quote/text",
                node.id,
            )
            continue
        text = ctx.source_texts[quote.source]
        if isinstance(text, SourceProblem) or text.contains(quote.text):
            continue  # an unreadable source is reported once, by source_files
        hint = text.closest(quote.text)
        if len(hint) > 240:
            hint = hint[:237] + "..."
        yield _issue(
            "quote-not-found",
            f"node '{node.id}': the quote does not occur in source '{quote.source}' "
            f"({ctx.map.sources[quote.source].path}); closest passage: \u201c{hint}\u201d",
            f"{ptr}/quote/text",
            node.id,
        )




def quoted_and_attributed(ctx: Context) -> Iterator[Issue]:
    """Every node is backed by a quote and names who said it; a warning, so drafts still validate."""
    for node, _, ptr, _ in ctx.visits:
        if node.quote is None:
            yield _issue(
                "missing-quote",
                f"node '{node.id}' has no quote: back it with the passage of a source it paraphrases",
                ptr,
                node.id,
                severity="warning",
            )
        if node.speaker is None:
            yield _issue(
                "missing-speaker",
                f"node '{node.id}' names no speaker: say who makes the point, as the source attributes it",
                ptr,
                node.id,
                severity="warning",
            )


def _person(speaker: str) -> str:
    """The name part of a speaker ('Wendy Sherman, Deputy Secretary of State' -> 'wendy sherman')."""
    return " ".join(speaker.split(",")[0].casefold().split())


def speaker_spellings(ctx: Context) -> Iterator[Issue]:
    """A person spelt two ways across the debate ('Josep Borrell' and 'Jose Borrell') is probably a slip."""
    from difflib import SequenceMatcher

    names: dict[str, str] = {}  # person -> a speaker text that spells it
    for other in (*ctx.debate.values(), ctx.map):
        for node, *_ in other.walk() if other is not ctx.map else ctx.visits:
            if node.speaker:
                names.setdefault(_person(node.speaker), node.speaker)
    reported: set[str] = set()
    for node, _, ptr, _ in ctx.visits:
        if not node.speaker:
            continue
        person = _person(node.speaker)
        if person in reported:
            continue
        for twin, spelt in names.items():
            if twin != person and len(twin) > 4 and SequenceMatcher(None, person, twin).ratio() >= 0.85:
                reported.add(person)
                yield _issue(
                    "speaker-spelling",
                    f"node '{node.id}': speaker '{node.speaker}' looks like '{spelt}' spelt another way "
                    "(in this debate); use one spelling",
                    f"{ptr}/speaker",
                    node.id,
                    severity="warning",
                )
                break
