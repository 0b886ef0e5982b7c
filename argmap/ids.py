"""Readable ids made from text, unique within a map; what counts as no text at all; the parts of a link."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Letters that NFKD does not take apart into an ASCII letter and an accent.
_SPELLED_AS = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "ø": "o",
    "Ø": "O",
    "œ": "oe",
    "Œ": "OE",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
}
_SPELLED = str.maketrans(_SPELLED_AS)
# Translating through a table of many-letter values is slow: only texts holding such a letter pay for it.
_TO_SPELL = re.compile(f"[{''.join(_SPELLED_AS)}]")
# ASCII bytes to words: digits and lower-case letters kept, capitals lowered, everything else a space
# (a word break); one table does both, so a slug makes one pass over its text here, not two.
_WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def is_blank(text: str) -> bool:
    """True for text that shows nothing: empty, white space, or only invisible format characters."""
    if text[:1].isalnum():
        return False  # most texts: a letter or digit first, which always shows
    return all(c.isspace() or unicodedata.category(c) in ("Cf", "Cc", "Zs") for c in text)


def slug(text: str, limit: int = 40) -> str:
    """A readable id from text: ASCII, lower case, words joined by hyphens.

    '' when the text has no Latin letter (another script, or only numbers): the caller numbers the id instead.
    """
    if text.isascii():
        raw = text.encode("ascii")  # most texts: nothing to spell out or take apart
    else:
        if _TO_SPELL.search(text) is not None:
            text = text.translate(_SPELLED)
        raw = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    # Words by a byte table and a split: an import names every node, and a pattern per word costs twice this.
    words = raw.translate(_WORD_BYTES).split()
    if all(map(bytes.isdigit, words)):
        return ""  # no Latin letter
    # The words that fit the limit whole: the hyphenated text cut at its last hyphen within the limit
    # (or the first word's first letters when even it is longer), without a loop over the words.
    out = b"-".join(words)
    if len(out) > limit:
        cut = out.rfind(b"-", 0, limit + 1)
        out = out[:cut] if cut > 0 else out[:limit]
    return out.decode("ascii")


def unique_id(base: str, taken: Iterable[str], fallback: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free; `fallback` when the text gave no id."""
    taken = set(taken)
    base = base or fallback
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


class IdAllocator:
    """Unique ids for many nodes at once: `base`, then `base-2`, `base-3`... in O(1) per id (amortised).

    `unique_id` copies what is taken and counts up from 2 on every call, which turns 20,000 nodes of
    the same text into 200 million look-ups; this keeps the taken set and one counter per base.
    """

    def __init__(self, taken: Iterable[str] = ()):
        self.taken = set(taken)
        self._next: dict[str, int] = {}

    def take(self, name: str) -> bool:
        """Reserve a name the input asked for; False when it is already taken."""
        if name in self.taken:
            return False
        self.taken.add(name)
        return True

    def new(self, base: str, fallback: str) -> str:
        """`base` (or `fallback` when the text gave none) if free, else its first free numbered form."""
        base = base or fallback
        if base not in self.taken:
            self.taken.add(base)
            return base
        n = self._next.get(base, 2)
        # Each name is skipped at most once per base, so the counters' total work is linear.
        while f"{base}-{n}" in self.taken:
            n += 1
        self._next[base] = n + 1
        name = f"{base}-{n}"
        self.taken.add(name)
        return name


def split_link(link: str) -> tuple[str | None, str]:
    """'map:node' -> ('map', 'node'); 'node' -> (None, 'node')."""
    map_id, sep, node_id = link.rpartition(":")
    return (map_id if sep else None), node_id


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    known = list(known)
    # Short ids differ by a character in half their length, so the cut-off is lower for them.
    near = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5 if len(wanted) <= 4 else 0.6)
    if len(wanted) >= 3:
        near += [k for k in known if k not in near and (wanted.lower() in k.lower() or k.lower() in wanted.lower())]
    return f" (did you mean {', '.join(near[:3])}?)" if near else ""
