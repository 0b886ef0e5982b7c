"""Map JSON pointers and character offsets in a JSON text to 1-based line:column, on demand."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable

# Strings (with escapes), structural characters, and bare words (numbers, true, false, null, NaN...).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


def escape_token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def pointer(*parts: str | int) -> str:
    return "".join(f"/{escape_token(str(p))}" for p in parts)


class LineIndex:
    """Offsets of line starts, so any offset becomes line:column in O(log n)."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def value_offsets(text: str, wanted: Iterable[str]) -> dict[str, int]:
    """Offset of the value at each wanted pointer; a missing pointer maps to its nearest present parent.

    One linear pass with an explicit stack, so depth costs no recursion.
    """
    wanted = set(wanted)
    needed = set()
    for ptr in wanted:
        # Ancestors are recorded too, as fallbacks for pointers that name nothing in the text.
        parts = ptr.split("/")
        for end in range(len(parts), 0, -1):
            needed.add("/".join(parts[:end]))
    found: dict[str, int] = {}
    # Frame: [pointer, is_object, current key or index, expecting_key]
    stack: list[list] = []
    for match in _TOKEN.finditer(text):
        tok = match.group()
        first = tok[0]
        if stack:
            frame = stack[-1]
            if frame[1] and frame[3]:
                if first == '"':
                    try:
                        frame[2] = escape_token(json.loads(tok))
                    except ValueError:
                        frame[2] = tok[1:-1]
                    frame[3] = False
                    continue
                if first == "}":
                    stack.pop()
                continue
            if first == ":":
                continue
            if first == ",":
                if frame[1]:
                    frame[3] = True
                else:
                    frame[2] += 1
                continue
            if first in "}]":
                stack.pop()
                continue
            ptr = f"{frame[0]}/{frame[2]}"
        else:
            if first in ",:}]":
                continue
            ptr = ""
        if ptr in needed and ptr not in found:
            found[ptr] = match.start()
            if len(found) == len(needed):
                break
        if first == "{":
            stack.append([ptr, True, "", True])
        elif first == "[":
            stack.append([ptr, False, 0, False])
    result: dict[str, int] = {}
    for ptr in wanted:
        probe = ptr
        while probe not in found and probe:
            probe = probe.rpartition("/")[0]
        result[ptr] = found.get(probe, 0)
    return result


def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Line and column of the value at each pointer (its nearest present parent when it is absent)."""
    offsets = value_offsets(text, pointers)
    index = LineIndex(text)
    return {ptr: index.position(off) for ptr, off in offsets.items()}


def first_bare_word(text: str, words: set[str]) -> int | None:
    """Offset of the first bare token (outside strings) that is one of `words`."""
    for match in _TOKEN.finditer(text):
        if match.group() in words:
            return match.start()
    return None


def first_too_deep(text: str, limit: int) -> int:
    """Offset of the first bracket that opens nesting level limit+1 (outside strings)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        first = match.group()[0]
        if first in "{[":
            depth += 1
            if depth > limit:
                return match.start()
        elif first in "}]":
            depth -= 1
    return 0


def first_duplicate_key(text: str) -> tuple[int, str, str] | None:
    """Offset, key and JSON pointer of the first key that repeats within one object (one linear pass)."""
    # Frame: [pointer, keys seen (None for an array), current key or index, expecting_key]
    stack: list[list] = []
    for match in _TOKEN.finditer(text):
        tok = match.group()
        first = tok[0]
        frame = stack[-1] if stack else None
        if frame is not None and frame[1] is not None and frame[3]:
            if first == '"':
                try:
                    key = json.loads(tok)
                except ValueError:
                    key = tok[1:-1]
                if key in frame[1]:
                    return match.start(), key, f"{frame[0]}/{escape_token(key)}"
                frame[1].add(key)
                frame[2] = escape_token(key)
                frame[3] = False
            elif first == "}":
                stack.pop()
            continue
        if first in ":":
            continue
        if first == ",":
            if frame is not None:
                if frame[1] is not None:
                    frame[3] = True
                else:
                    frame[2] += 1
            continue
        if first in "}]":
            if stack:
                stack.pop()
            continue
        ptr = f"{frame[0]}/{frame[2]}" if frame is not None else ""
        if first == "{":
            stack.append([ptr, set(), "", True])
        elif first == "[":
            stack.append([ptr, None, 0, False])
    return None


_SURROGATE = re.compile(
    r"(\\+)u[dD]([89abAB][0-9a-fA-F]{2})(?:\\u[dD]([c-fC-F][0-9a-fA-F]{2}))?"  # a high half, maybe paired
    r"|(\\+)u[dD][c-fC-F][0-9a-fA-F]{2}"  # a low half alone
)


def first_lone_surrogate(text: str) -> int | None:
    """Offset of the first `\\uD800`-`\\uDFFF` escape that is not half of a valid pair (it cannot be UTF-8)."""
    for match in _SURROGATE.finditer(text):
        slashes = match.group(1) or match.group(4)
        if len(slashes) % 2 == 0:
            continue  # an escaped backslash followed by the letters "ud...", not an escape
        if match.group(1) and match.group(3):
            continue  # a high surrogate followed by a low one: one character outside the BMP
        return match.start() + len(slashes) - 1
    return None


def first_long_number(text: str, digits: int) -> int:
    """Offset of the first bare number with more than `digits` digits."""
    for match in _TOKEN.finditer(text):
        tok = match.group()
        if tok[0] in "-0123456789" and len(tok) > digits:
            return match.start()
    return 0
