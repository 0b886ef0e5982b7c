"""What a file open in the editor is (a map, an outline, something else): JSON by its shape
(`argmap.io.shape`), an outline by its suffix, its header or its lines."""

from __future__ import annotations

import re
from pathlib import Path

from ..io.shape import HEAD, MAP_KEYS, Shape, json_shape, names_schema, top_level_keys

__all__ = ["HEAD", "MAP_KEYS", "Shape", "is_outline", "json_shape", "names_schema", "top_level_keys"]

OUTLINE_SUFFIX = ".outline"
OUTLINE_HEADER = "# argmap outline"
# An outline's header lines (`id: x`, `side russia: Russia`) and its claim line (`* [id] (side) text`).
_HEADER_LINE = re.compile(r"(?:id|title|description|schema|side \S+|source \S+):(?: |$)")
_NAMING_LINE = re.compile(r"(?:id|side \S+):(?: |$)")
_CLAIM_LINE = re.compile(r"\*(?: +\[[^\]\s]*\])? +\([^)\s]*\)")


def is_outline(path: Path, text: str | None = None) -> bool:
    """Whether a file is an outline: `*.outline`, or a `.txt` that starts with the outline's header or has
    an outline's shape (header lines naming the map or a side, then the claim line)."""
    if path.suffix == OUTLINE_SUFFIX:
        return True
    if path.suffix != ".txt" or text is None:
        return False
    text = text.lstrip("\ufeff")
    if text.startswith(OUTLINE_HEADER):
        return True
    named = False
    for line in text[:HEAD].split("\n"):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        if _CLAIM_LINE.match(line):
            return named
        if line[0] == " ":
            continue  # a side's or source's own lines
        if not _HEADER_LINE.match(line):
            return False  # prose: a source text, notes
        named = named or bool(_NAMING_LINE.match(line))
    return False
