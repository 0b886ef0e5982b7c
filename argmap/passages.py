"""Search the source texts of a debate for passages: the sentences holding a phrase or words, verbatim, with offsets.

A passage is a stretch of the source file itself (not of its normalised form), so its text can be
quoted as it stands and pass the quote check. Offsets count characters of the text as read (UTF-8,
a leading byte-order mark dropped); `end` is exclusive. A phrase is matched as quotes are matched
(typographic quotes and runs of white space forgiven), but in any letter case; words are matched as
the starts of words, so 'guarantee' finds 'guarantees'.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .coverage import sentences
from .errors import NotFoundError, UsageError
from .ids import did_you_mean
from .model import ArgMap
from .quotes import MAX_QUOTE_CHARS, SourceCache, SourceProblem, SourceText, normalize
from .vocab import SearchMatch

DEFAULT_LIMIT = 10
_WORD = re.compile(r"\w+")
# Words this short are matched whole: as a prefix, 'a' or 'in' would match nearly every sentence.
_PREFIX_FROM = 4


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence (or run of sentences) of a source holding the search; `text` is the file's own text there."""

    source: str
    path: str
    start: int
    end: int
    line: int
    text: str
    # Phrase search: where each occurrence of the phrase lies (file offsets). Word search: the words found.
    hits: tuple[tuple[int, int], ...] = ()
    words: tuple[str, ...] = ()


@dataclass
class PassageSearch:
    """What a search found: the best passages first, how many there were before the limit, unreadable sources."""

    query: str
    match: SearchMatch
    passages: list[Passage] = field(default_factory=list)
    total: int = 0
    problems: list[str] = field(default_factory=list)


def _folded(text: str) -> str:
    """Lower case, character for character (a character whose lower case is longer stays as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class _Indexed:
    """One source text with its sentences, ready for searching."""

    def __init__(self, source: str, path: str, text: SourceText):
        self.source, self.path, self.text = source, path, text.text
        normalized, spans = sentences(text.text)
        self.normalized = _folded(normalized)
        self.spans = spans
        self.starts = [span.start for span in spans]
        self.offsets = text.offsets

    def passage(self, first: int, last: int, **found) -> Passage:
        """The passage from sentence `first` to sentence `last`, at its place in the file."""
        start = self.offsets(self.spans[first].start)
        end = self.offsets(self.spans[last].end - 1) + 1
        return Passage(self.source, self.path, start, end, self.spans[first].line, self.text[start:end], **found)

    def phrase(self, needle: str) -> list[Passage]:
        out: dict[tuple[int, int], list[tuple[int, int]]] = {}
        at = self.normalized.find(needle)
        while at != -1:
            end = at + len(needle)
            first = bisect_right(self.starts, at) - 1
            last = max(first, bisect_left(self.starts, end) - 1)
            out.setdefault((first, last), []).append((self.offsets(at), self.offsets(end - 1) + 1))
            at = self.normalized.find(needle, at + 1)
        return [self.passage(first, last, hits=tuple(hits)) for (first, last), hits in out.items()]

    def words(self, wanted: list[str]) -> list[tuple[int, Passage]]:
        out = []
        for index, span in enumerate(self.spans):
            tokens = set(_WORD.findall(self.normalized[span.start : span.end]))
            found = tuple(w for w in wanted if w in tokens or (len(w) >= _PREFIX_FROM and _starts(tokens, w)))
            if found:
                out.append((len(found), self.passage(index, index, words=found)))
        return out


def _starts(tokens: set[str], prefix: str) -> bool:
    return any(token.startswith(prefix) for token in tokens)


def _sources(maps: Iterable[ArgMap], root: Path, only: str | None) -> tuple[list[_Indexed], list[str]]:
    """Each source file the maps declare, once (under the id its first map gives it), and those unreadable."""
    cache = SourceCache()
    seen: set[Path] = set()
    found, problems, declared = [], [], set()
    for m in maps:
        for source_id, source in m.sources.items():
            declared.add(source_id)
            if only is not None and source_id != only:
                continue
            path = (root / source.path).resolve()
            if path in seen:
                continue
            seen.add(path)
            if not path.is_relative_to(root.resolve()):
                problems.append(f"source '{source_id}': {source.path} lies outside the project ({root})")
                continue
            text = cache.get(path)
            if isinstance(text, SourceProblem):
                problems.append(f"source '{source_id}': {source.path} {text.reason}")
                continue
            found.append(_Indexed(source_id, source.path, text))
    if only is not None and only not in declared:

        raise NotFoundError(f"no map of the debate declares a source '{only}'{did_you_mean(only, sorted(declared))}")
    return found, problems


def search(
    maps: Iterable[ArgMap],
    root: Path | str,
    query: str,
    *,
    match: SearchMatch | str = SearchMatch.PHRASE,
    source: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> PassageSearch:
    """The passages of the maps' sources (paths relative to `root`) that hold `query`.

    A phrase search returns every sentence holding the phrase, in the order of the sources. A word
    search ranks sentences by how many of the words they hold (every word first), then by place.
    `source` keeps to the source of that id.
    """
    if not query or not query.strip():
        raise UsageError("give a phrase or some words to search for")
    if len(query) > MAX_QUOTE_CHARS:
        raise UsageError(f"the search is {len(query):,} characters; a quote is limited to {MAX_QUOTE_CHARS:,}")
    if limit < 1:
        raise UsageError("the limit is at least 1")
    match = SearchMatch(match)
    texts, problems = _sources(maps, Path(root), source)
    result = PassageSearch(query, match, problems=problems)
    if match is SearchMatch.PHRASE:
        needle = _folded(normalize(query))
        found = [p for text in texts for p in text.phrase(needle)]
    else:
        wanted = list(dict.fromkeys(_WORD.findall(_folded(query))))
        if not wanted:
            raise UsageError(f"'{query}' holds no word to search for")
        scored = [(score, n, p) for n, (score, p) in enumerate(s for text in texts for s in text.words(wanted))]
        found = [p for _, _, p in sorted(scored, key=lambda item: (-item[0], item[1]))]
    result.total = len(found)
    result.passages = found[:limit]
    return result
