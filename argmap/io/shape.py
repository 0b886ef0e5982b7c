"""Whether a JSON text is an argmap map, told from its first kilobytes without parsing it.

A map need not name the argmap schema (the schema does not require `$schema`; imported and hand-made
maps often lack it), so a JSON file is also known by its top level: an object with `claim` and `id` or
`sides` (the schema requires all three). Only the first `HEAD` characters are looked at, scanned for the
top level's keys without parsing, so that a huge JSON file that is no map costs no more than a small one,
and a half-typed map that no longer parses is still known, as is one with text before its opening brace
(only JSON of another shape is surely no map).
"""

from __future__ import annotations

import re
from enum import Enum

HEAD = 16384  # characters looked at: a map's top-level keys come before its tree, as argmap writes them
# The top-level keys of a map (schemas/argmap.schema.json's properties; a test checks they agree).
MAP_KEYS = frozenset({"$schema", "id", "title", "description", "sides", "sources", "claim"})
# A map names the argmap schema: its committed file (any path to it) or its URN.
_SCHEMA = re.compile(r'"\$schema"\s*:\s*"[^"]*(?:argmap\.schema\.json|urn:argmap:schema:)')
# How a JSON value other than an object starts.
_VALUE = re.compile(r'[\["]|-?[0-9]|(?:true|false|null)\b')
# JSON's tokens as far as nesting and keys go: a string, a bracket, a colon; everything else skipped.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


class Shape(Enum):
    MAP = "map"  # a map: it says so, or its top level has a map's keys
    OTHER = "other"  # surely not a map: JSON but not an object, or keys no map has and none that names one
    UNKNOWN = "unknown"  # could become one (empty, half typed, an object with only some of a map's keys)


def names_schema(text: str) -> bool:
    """Whether a JSON text says it is an argmap map (its `$schema`, near the top as argmap writes it)."""
    return bool(_SCHEMA.search(text[:4096]))


def top_level_keys(text: str) -> tuple[str | None, set[str], bool]:
    """The first character of a JSON text's value, the keys of its top-level object seen within `HEAD`
    characters, and whether that object closed there."""
    head = text[:HEAD].lstrip("\ufeff \t\r\n")
    if not head:
        return None, set(), False
    first = head[0]
    keys: set[str] = set()
    if first != "{":
        return first, keys, False
    depth = 0
    last: str | None = None  # a string just seen at the top level: a key if a colon follows
    for match in _TOKEN.finditer(head):
        token = match.group()
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth == 0:
                return first, keys, True
        elif token == ":":
            if depth == 1 and last is not None:
                keys.add(last)
        last = token[1:-1] if depth == 1 and token[0] == '"' else None
    return first, keys, False


def json_shape(text: str) -> Shape:
    """Whether a JSON text is a map by its shape (see the module's docstring)."""
    if names_schema(text):
        return Shape.MAP
    first, keys, _ = top_level_keys(text)
    if first is None:
        return Shape.UNKNOWN
    if first != "{":
        if _VALUE.match(text.lstrip("\ufeff \t\r\n")):
            return Shape.OTHER  # an array, a string, a number: a map is an object
        # Not JSON at all. Text before a map's brace (a merge's conflict marker, a comment) leaves the map's
        # keys: a map gone wrong, to be reported; anything else (binary, a stray word) says nothing of what
        # the file was meant to be, and is reported too.
        brace = text.find("{", 0, HEAD)
        inner = top_level_keys(text[brace:])[1] if brace >= 0 else set()
        return Shape.MAP if "claim" in inner and inner & {"id", "sides"} else Shape.UNKNOWN
    if "claim" in keys and keys & {"id", "sides"}:
        return Shape.MAP
    if keys - MAP_KEYS and not keys & {"claim", "id", "sides"}:
        return Shape.OTHER  # package.json, tsconfig.json, a settings file
    return Shape.UNKNOWN
