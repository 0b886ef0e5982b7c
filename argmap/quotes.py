"""Source texts and quote matching: forgive typographic quotes and runs of white space, nothing else."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import Code, ReadError, TooLargeError
from .io.files import read_regular

# Sources larger than this are refused: a source is an article or a transcript, not a corpus.
MAX_SOURCE_BYTES = 10 * 1024 * 1024
# Quotes longer than this are refused: a quote backs one point, and matching stays cheap.
MAX_QUOTE_CHARS = 5000

# Typographic quote marks and the straight ones they are read as.
TYPOGRAPHIC_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}
_TYPOGRAPHIC = str.maketrans(TYPOGRAPHIC_QUOTES)
_SPACE = re.compile(r"\s+")
# How many runs of the quote's words are looked up when searching for the closest passage.
_ANCHOR_TRIES = 64
# Look-ups in one source before its words are indexed: a few quotes scan it, thousands would scan it each.
INDEX_AFTER = 16


def normalize(text: str) -> str:
    """Straighten typographic quotes and collapse every run of white space to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


class WordIndex:
    """Where each space-delimited word of a normalised text starts, to find a quote of three or more words
    at the places of its rarest inner word rather than by a scan of the whole text per quote.

    A needle's inner words are bounded by spaces inside the needle, so wherever the needle occurs each
    inner word occurs whole at its place: checking those places finds exactly what `str.find` finds.
    """

    def __init__(self, hay: str):
        self.hay = hay
        self._at: dict[str, list[int]] = {}
        position = 0
        at = self._at
        for word in hay.split(" "):
            places = at.get(word)
            if places is None:
                at[word] = [position]
            else:
                places.append(position)
            position += len(word) + 1

    def _candidates(self, needle: str) -> list[int] | None:
        """Where `needle` may start, in order; None when it has no inner word to go by."""
        words = needle.split(" ")
        if len(words) < 3:
            return None
        best: list[int] | None = None
        shift = 0
        offset = len(words[0]) + 1
        for word in words[1:-1]:
            places = self._at.get(word, [])
            if best is None or len(places) < len(best):
                best, shift = places, offset
                if not places:
                    break
            offset += len(word) + 1
        assert best is not None
        return [place - shift for place in best if place >= shift]

    def find(self, needle: str) -> int:
        """`hay.find(needle)`."""
        starts = self._candidates(needle)
        if starts is None:
            return self.hay.find(needle)
        hay = self.hay
        return next((start for start in starts if hay.startswith(needle, start)), -1)

    @staticmethod
    def scan(hay: str, needle: str) -> list[int]:
        """`find_all` by repeated `str.find`, for a needle of under three words or a text asked little."""
        found: list[int] = []
        start = hay.find(needle)
        while start != -1:
            found.append(start)
            start = hay.find(needle, start + len(needle))
        return found

    def find_all(self, needle: str) -> list[int]:
        """The starts of `needle` in hay, left to right, none overlapping the one before (as repeated `find` does)."""
        hay = self.hay
        starts = self._candidates(needle)
        if starts is None:
            return self.scan(hay, needle)
        found: list[int] = []
        end = 0
        for start in starts:
            if start >= end and hay.startswith(needle, start):
                found.append(start)
                end = start + len(needle)
        return found


@dataclass(frozen=True)
class SourceProblem:
    """Why a source's text cannot be had: a check code and a reason that completes '<path> ...'."""

    code: Code
    reason: str


class Offsets:
    """Maps offsets in `normalize(text)` back to offsets in `text`.

    Normalising keeps every character but collapses runs of white space to one space and strips the
    ends, so the two differ by a shift that changes only after a collapsed run: one entry per run.
    """

    def __init__(self, text: str):
        self._at: list[int] = []  # normalised offset where a shift starts
        self._shift: list[int] = []
        lead = len(text) - len(text.lstrip())
        self._at.append(0)
        self._shift.append(lead)
        removed = lead
        for run in _SPACE.finditer(text, lead):
            if run.end() == len(text):
                break  # trailing white space is stripped; nothing follows it
            if run.end() - run.start() == 1:
                continue  # one white-space character becomes one space: no shift
            removed += len(run.group()) - 1
            self._at.append(run.end() - removed)
            self._shift.append(removed)

    def __call__(self, index: int) -> int:
        return index + self._shift[bisect_right(self._at, index) - 1]


class SourceText:
    """A source document's text, normalised once, for many quote look-ups."""

    def __init__(self, text: str):
        self.text = text
        self.normalized = normalize(text)
        self._found: dict[str, bool] = {}
        self._lookups = 0

    def find(self, needle: str) -> int:
        """`self.normalized.find(needle)` (a normalised needle), by the word index once the source is much asked."""
        self._lookups += 1
        if self._lookups > INDEX_AFTER:
            return self.words.find(needle)
        return self.normalized.find(needle)

    @cached_property
    def words(self) -> WordIndex:
        """The normalised text's words, indexed."""
        return WordIndex(self.normalized)

    def contains(self, quote: str) -> bool:
        # Remembered: a debate checked again and again (an editor's, at every pause in typing) asks the same.
        found = self._found.get(quote)
        if found is None:
            needle = normalize(quote)
            found = self._found[quote] = bool(needle) and self.find(needle) >= 0
        return found

    def closest(self, quote: str, width: int | None = None) -> str:
        """The passage of the source most like `quote`, found by anchoring on runs of its words.

        Each look-up is a substring search, so the cost is bounded by a few dozen scans of the source
        however long the source and the quote are.
        """
        start, end = self._closest(quote, width)
        return self.normalized[start:end]

    def span_of(self, quote: str) -> tuple[int, int] | None:
        """Where `quote` occurs in the source's own text (start and end offsets), or None."""
        needle = normalize(quote)
        start = self.find(needle) if needle else -1
        return None if start < 0 else self._original(start, start + len(needle))

    def nearest(self, quote: str) -> tuple[int, int]:
        """Start and end offsets, in the source's own text, of the passage most like `quote` (see `closest`)."""
        return self._original(*self._closest(quote, None))

    @cached_property
    def offsets(self) -> Offsets:
        """Offsets of the normalised text as offsets of the source's own text."""
        return Offsets(self.text)

    def _original(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            return (0, 0)
        return self.offsets(start), self.offsets(end - 1) + 1

    def _closest(self, quote: str, width: int | None) -> tuple[int, int]:
        needle = normalize(quote)
        hay = self.normalized
        if not needle or not hay:
            return (0, 0)
        width = width or len(needle)
        start = self._anchor(needle, self.find)
        start = max(0, min(start, len(hay) - width))
        # Widen to word boundaries so the hint reads as text, not a cut-off fragment.
        while start > 0 and hay[start - 1] != " ":
            start -= 1
        end = min(len(hay), start + width)
        while end < len(hay) and hay[end] != " ":
            end += 1
        return start, end

    @staticmethod
    def _anchor(needle: str, find: Callable[[str], int]) -> int:
        """Where the quote would start in the source, aligned on its longest run of words found there."""
        words = needle.split(" ")
        offsets = []
        position = 0
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        tries = 0
        for size in (8, 4, 2, 1):
            if size > len(words):
                continue
            step = max(1, (len(words) - size + 1) // (_ANCHOR_TRIES // 4))
            for first in range(0, len(words) - size + 1, step):
                tries += 1
                found = find(" ".join(words[first : first + size]))
                if found >= 0:
                    return found - offsets[first]
                if tries >= _ANCHOR_TRIES:
                    return 0
        return 0


class SourceCache:
    """Reads each source file at most once per run; remembers files that cannot be read."""

    def __init__(self) -> None:
        self._texts: dict[Path, SourceText | SourceProblem] = {}

    def put(self, path: Path, text: str) -> None:
        """A source's text before it is on disk (an import about to write the document it quotes)."""
        self._texts[path.resolve()] = SourceText(text)

    def get(self, path: Path) -> SourceText | SourceProblem:
        """The source text, or why it cannot be had."""
        key = path.resolve()
        if key not in self._texts:
            self._texts[key] = self._read(key)
        return self._texts[key]

    @staticmethod
    def _read(path: Path) -> SourceText | SourceProblem:
        if not path.exists():
            return SourceProblem(Code.SOURCE_MISSING, "does not exist")
        try:
            raw = read_regular(path, MAX_SOURCE_BYTES, "source text")
        except TooLargeError as exc:
            return SourceProblem(Code.SOURCE_TOO_LARGE, str(exc).removeprefix(f"{path}: "))
        except ReadError as exc:
            return SourceProblem(Code.SOURCE_MISSING, str(exc).removeprefix(f"{path}: "))
        try:
            return SourceText(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            return SourceProblem(Code.SOURCE_MISSING, f"is not UTF-8 text (byte {exc.start})")
