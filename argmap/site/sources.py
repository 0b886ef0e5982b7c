"""Find a quote in its source text and the sentences around it, as offsets a browser can slice."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..quotes import INDEX_AFTER, TYPOGRAPHIC_QUOTES, WordIndex

# The same forgiveness as the quote check: typographic quotes are straight ones, white space runs are one space.
_STRAIGHT = TYPOGRAPHIC_QUOTES
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# Sentences of context on each side of the quote, and a ceiling on their length in characters.
CONTEXT_SENTENCES = 1
CONTEXT_CHARS = 400


@dataclass
class SourceIndex:
    """A source text prepared for many look-ups: its normalised form with the original offset of each character."""

    text: str
    normalized: str = ""
    offsets: list[int] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # start offsets of paragraphs, ascending
    sentences: list[int] = field(default_factory=list)  # start offsets of sentences, ascending
    _utf16: list[int] | None = None
    _lookups: int = 0
    _words: WordIndex | None = None

    def __post_init__(self) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        pending_space = False
        for index, char in enumerate(self.text):
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                offsets.append(index - 1)
                pending_space = False
            chars.append(_STRAIGHT.get(char, char))
            offsets.append(index)
        self.normalized = "".join(chars)
        self.offsets = offsets
        self.paragraphs = [0, *(m.end() for m in _PARAGRAPH.finditer(self.text))]
        self.sentences = sorted({*self.paragraphs, *(m.end() for m in _SENTENCE_END.finditer(self.text))})
        if any(ord(c) > 0xFFFF for c in self.text):
            # JavaScript strings count UTF-16 units: characters outside the BMP take two.
            units, total = [], 0
            for char in self.text:
                units.append(total)
                total += 2 if ord(char) > 0xFFFF else 1
            units.append(total)
            self._utf16 = units

    def js(self, offset: int) -> int:
        """A Python offset into the text as a JavaScript (UTF-16) offset."""
        return offset if self._utf16 is None else self._utf16[offset]

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of the original text that the quote matches, or None."""
        needle = " ".join(quote.translate(str.maketrans(_STRAIGHT)).split())
        if not needle:
            return None
        # A source many quotes cite is looked up by its words, indexed once, not scanned per quote.
        self._lookups += 1
        if self._lookups > INDEX_AFTER and self._words is None:
            self._words = WordIndex(self.normalized)
        at = self.normalized.find(needle) if self._words is None else self._words.find(needle)
        if at < 0:
            return None
        return self.offsets[at], self.offsets[at + len(needle) - 1] + 1

    def context(self, start: int, end: int) -> tuple[int, int]:
        """The span around [start, end): a sentence either side, within the quote's paragraph, capped in length."""
        para = bisect_right(self.paragraphs, start) - 1
        para_start = self.paragraphs[para]
        after_para = bisect_right(self.paragraphs, max(start, end - 1))
        para_end = self.paragraphs[after_para] if after_para < len(self.paragraphs) else len(self.text)
        first = bisect_right(self.sentences, start) - 1
        last = bisect_right(self.sentences, max(start, end - 1))  # index of the sentence after the quote's last
        begin = self.sentences[max(0, first - CONTEXT_SENTENCES)]
        stop_index = last + CONTEXT_SENTENCES
        stop = self.sentences[stop_index] if stop_index < len(self.sentences) else len(self.text)
        begin = max(begin, para_start, start - CONTEXT_CHARS)
        stop = min(stop, para_end, end + CONTEXT_CHARS)
        # A capped edge is moved to a word boundary so the context does not start or end mid-word.
        if begin == start - CONTEXT_CHARS:
            space = self.text.find(" ", begin, start)
            begin = space + 1 if space >= 0 else begin
        if stop == end + CONTEXT_CHARS:
            space = self.text.rfind(" ", end, stop)
            stop = space if space >= 0 else stop
        return begin, max(stop, end)

    def locate(self, quote: str) -> list[int] | None:
        """[context start, quote start, quote end, context end] as JavaScript offsets, and the quote's paragraph
        number; None if the quote is not in the text."""
        span = self.find(quote)
        if span is None:
            return None
        begin, stop = self.context(*span)
        paragraph = bisect_right(self.paragraphs, span[0]) - 1
        return [self.js(begin), self.js(span[0]), self.js(span[1]), self.js(stop), paragraph]

    def paragraph_texts(self) -> list[str]:
        """The text's paragraphs, numbered as `locate` numbers them."""
        bounds = [*self.paragraphs, len(self.text)]
        return [self.text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
