"""How much of each source the maps cite: sentences, sentences a quote covers, and the ones none does."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ArgmapError
from .quotes import INDEX_AFTER, SourceProblem, SourceText, WordIndex, normalize

if TYPE_CHECKING:
    from .debate import Debate
    from .model import ArgMap

MIN_SENTENCE = 40
SENTENCE_RULE = (
    "A sentence ends at . ! or ? (closing quotes or brackets may follow) followed by white space, "
    "or at a blank line; sentences under 40 characters are not counted. A sentence is cited when "
    "a quote, matched as `argmap validate` matches it, covers any part of it."
)

_SPACE = re.compile(r"\s+")
# What a sentence may end with just before the white space: a stop, then any closing quotes or brackets.
_STOP = re.compile(r"[.!?][\"'\u2018-\u201f\u2032\u2033)\]]*\Z")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A counted sentence: the line it starts on and its text with white space collapsed."""

    line: int
    text: str


@dataclass
class SourceCoverage:
    """One source document: its counted sentences, how many are cited, the rest, and quotes not found."""

    source: str
    sentences: int = 0
    cited: int = 0
    uncited: list[Sentence] = field(default_factory=list)
    quotes: int = 0
    # (map id, node id) of each quote of this source that does not occur in it.
    unmatched: list[tuple[str, str]] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        """Share of sentences cited, to one decimal; None for a source with no sentence to count."""
        return round(100 * self.cited / self.sentences, 1) if self.sentences else None


@dataclass
class Coverage:
    """Every source's coverage; `show_uncited` asks the text and Markdown reports to list uncited sentences."""

    sources: list[SourceCoverage] = field(default_factory=list)
    show_uncited: bool = False

    @property
    def rule(self) -> str:
        return SENTENCE_RULE

    @property
    def sentences(self) -> int:
        return sum(s.sentences for s in self.sources)

    @property
    def cited(self) -> int:
        return sum(s.cited for s in self.sources)

    @property
    def percent(self) -> float | None:
        return round(100 * self.cited / self.sentences, 1) if self.sentences else None

    def below(self, threshold: float) -> list[SourceCoverage]:
        """The sources whose cited share is under `threshold` percent (a source with no sentences never is)."""
        return [s for s in self.sources if s.percent is not None and s.percent < threshold]


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # in the normalised text
    end: int
    line: int
    text: str


def sentences(text: str) -> tuple[str, list[_Span]]:
    """The text as `quotes.normalize` makes it, and every sentence in it with its place and first line.

    Sentences end only at runs of white space, which normalising turns into single spaces, so the
    normalised sentences joined by spaces are exactly the normalised text: a quote found in that text
    falls at known sentences.
    """
    spans: list[_Span] = []
    newlines = [m.start() for m in re.finditer("\n", text)]
    pieces: list[str] = []
    at = 0  # start of the current piece in the original text
    offset = 0  # where the next piece starts in the normalised text

    def close(end: int) -> None:
        nonlocal offset
        piece = normalize(text[at:end])
        if piece:
            pieces.append(piece)
            first = at + (len(text[at:end]) - len(text[at:end].lstrip()))
            spans.append(_Span(offset, offset + len(piece), bisect_right(newlines, first - 1) + 1, piece))
            offset += len(piece) + 1

    for run in _SPACE.finditer(text):
        blank_line = run.group().count("\n") >= 2
        if blank_line or _STOP.search(text, max(at, run.start() - 8), run.start()):
            close(run.start())
            at = run.end()
    close(len(text))
    return " ".join(pieces), spans


def _covered(hay: str, needles: Iterable[str]) -> tuple[list[tuple[int, int]], list[bool]]:
    """Merged spans of `hay` that the needles cover (every occurrence), and whether each needle was found."""
    needles = list(needles)
    # Many quotes are looked up by the words of the source, indexed once, not by a scan of it each.
    index = WordIndex(hay) if len(needles) > INDEX_AFTER else None
    spans: list[tuple[int, int]] = []
    hit: dict[str, bool] = {"": False}
    for needle in needles:
        if needle not in hit:  # the same quote again covers the same stretches
            starts = index.find_all(needle) if index is not None else WordIndex.scan(hay, needle)
            spans.extend((start, start + len(needle)) for start in starts)
            hit[needle] = bool(starts)
    found = [hit[needle] for needle in needles]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged, found


def measure(name: str, text: str, quotes: Sequence[tuple[str, str, str]]) -> SourceCoverage:
    """Coverage of one source text by quotes given as (map id, node id, quote text)."""
    normalized, spans = sentences(text)
    merged, found = _covered(normalized, [normalize(q) for _, _, q in quotes])
    ends = [end for _, end in merged]
    result = SourceCoverage(name, quotes=len(quotes))
    result.unmatched = [(m, n) for (m, n, _), hit in zip(quotes, found, strict=True) if not hit]
    for span in spans:
        if len(span.text) < MIN_SENTENCE:
            continue
        result.sentences += 1
        # The first covered stretch ending after the sentence starts covers it if it starts before its end.
        index = bisect_left(ends, span.start + 1)
        if index < len(merged) and merged[index][0] < span.end:
            result.cited += 1
        else:
            result.uncited.append(Sentence(span.line, span.text))
    return result


def coverage(
    debate: Debate | Iterable[ArgMap], root: Path | str | None = None, *, show_uncited: bool = False
) -> Coverage:
    """Coverage of every source the debate's given maps declare, by all their quotes (maps in memory will do:
    their sources are found from `root`, else from each map's project root).

    A source declared by several maps (under any id) is measured once, with every map's quotes. Any
    subset of a debate will do: cross-links are not followed, so maps they name need not be there.
    """
    from .debate import Debate

    if not isinstance(debate, Debate):
        debate = Debate.of_maps(debate, root=root)
    debate.given_maps()  # a file that is not a map is refused at its first problem
    order: dict[Path, str] = {}  # resolved file -> the path as first declared
    texts: dict[Path, SourceText] = {}
    quotes: dict[Path, list[tuple[str, str, str]]] = {}
    for file in debate.given:
        m = file.map
        assert m is not None
        base = debate.root_of(file)
        files: dict[str, Path] = {}
        for source_id, source in m.sources.items():
            path = (base / source.path).resolve()
            where = f"{m.path or m.id}: source '{source_id}': {source.path}"
            if not path.is_relative_to(base.resolve()):
                raise ArgmapError(f"{where} lies outside the project at {base}")
            text = debate.sources.get(path)
            if isinstance(text, SourceProblem):
                raise ArgmapError(f"{where} {text.reason}")
            files[source_id] = path
            order.setdefault(path, source.path)
            texts[path] = text
            quotes.setdefault(path, [])
        for node, *_ in m.walk():
            if node.quote is not None and node.quote.source in files:
                quotes[files[node.quote.source]].append((m.id, node.id, node.quote.text))
    return Coverage([measure(name, texts[path].text, quotes[path]) for path, name in order.items()], show_uncited)


def coverage_paths(
    paths: Sequence[Path | str] | None = None, root: Path | str | None = None, *, show_uncited: bool = False
) -> Coverage:
    """Coverage for the maps under files and folders (default maps/): `coverage` of the debate they open."""
    from .debate import open_debate

    return coverage(open_debate(paths or [Path("maps")], root), show_uncited=show_uncited)
