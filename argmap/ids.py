"""Readable ids made from text, unique within a map."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def slug(text: str, limit: int = 40) -> str:
    """A readable id from text: ASCII, lower case, words joined by hyphens ('' for text in other scripts)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
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
