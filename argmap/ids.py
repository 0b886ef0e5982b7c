"""Readable ids made from text, unique within a map; and what counts as no text at all."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Letters that NFKD does not take apart into an ASCII letter and an accent.
_SPELLED = str.maketrans(
    {
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
)


def is_blank(text: str) -> bool:
    """True for text that shows nothing: empty, white space, or only invisible format characters."""
    return all(c.isspace() or unicodedata.category(c) in ("Cf", "Cc", "Zs") for c in text)


def slug(text: str, limit: int = 40) -> str:
    """A readable id from text: ASCII, lower case, words joined by hyphens.

    '' when the text has no Latin letter (another script, or only numbers): the caller numbers the id instead.
    """
    ascii_text = unicodedata.normalize("NFKD", text.translate(_SPELLED)).encode("ascii", "ignore").decode()
    if not any(c.isalpha() for c in ascii_text):
        return ""
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


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
