"""Map JSON pointers and character offsets in a JSON text to 1-based line:column, on demand."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterable
from typing import NamedTuple

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
    """Offset of the value at each wanted pointer; a missing pointer maps to its nearest present parent."""
    wanted = set(wanted)
    try:
        return {ptr: span[0] for ptr, span in value_spans(text, wanted).items()}
    except ValueError:
        return _scanned_offsets(text, wanted)


def _scanned_offsets(text: str, wanted: set[str]) -> dict[str, int]:
    """value_offsets for a text that is not valid JSON: one tolerant linear pass over its tokens."""
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


_SPACE = re.compile(r"[ \t\n\r]*")
_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # the C scanner: skips a whole value at C speed


def _skip_space(text: str, at: int) -> int:
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]


def _value_end(text: str, at: int) -> int:
    """Where the JSON value starting at `at` ends; ValueError when there is none."""
    try:
        return _SCAN(text, at)[1]
    except StopIteration:
        raise ValueError(f"no JSON value at offset {at}") from None


def value_spans(text: str, wanted: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Start and end offsets of the value at each wanted pointer (a missing one: its nearest present parent).

    Only the containers on the way to a wanted value are walked in Python; every other value is skipped by
    the C scanner, so the cost is about one `json.loads` of the text before the last wanted value. An explicit
    stack walks the levels, so depth costs no recursion. Raises ValueError when the text is not valid JSON.
    """
    wanted = set(wanted)
    trie: dict = {}
    for ptr in wanted:
        node = trie
        for token in ptr.split("/")[1:]:
            node = node.setdefault(token, {})
    found: dict[str, tuple[int, int]] = {}
    start = _skip_space(text, 0)
    # Frame: [pointer, trie below it, start, is_object, position, next array index]
    stack: list[list] = []

    def enter(ptr: str, below: dict, at: int) -> int:
        """Record the value at `at`; walk into it when something below is wanted, else skip it."""
        if below and text.startswith(("{", "["), at):
            stack.append([ptr, below, at, text[at] == "{", at + 1, 0])
            return -1
        end = _value_end(text, at)
        found[ptr] = (at, end)
        return end

    enter("", trie, start)
    while stack:
        frame = stack[-1]
        ptr, below, _, is_object, at, index = frame
        at = _skip_space(text, at)
        close = "}" if is_object else "]"
        if text.startswith(close, at):
            stack.pop()
            found[ptr] = (frame[2], at + 1)
            if stack:
                stack[-1][4] = at + 1
            continue
        if index and not text.startswith(",", at):
            raise ValueError(f"expected ',' or '{close}' at offset {at}")
        if index:
            at = _skip_space(text, at + 1)
        frame[5] = index + 1
        if is_object:
            if not text.startswith('"', at):
                raise ValueError(f"expected a key at offset {at}")
            key, at = json.decoder.scanstring(text, at + 1)
            at = _skip_space(text, at)
            if not text.startswith(":", at):
                raise ValueError(f"expected ':' at offset {at}")
            at = _skip_space(text, at + 1)
            token = escape_token(key)
        else:
            token = str(index)
        child = f"{ptr}/{token}"
        if token in below and child not in found:
            end = enter(child, below[token], at)
        else:
            end = _value_end(text, at)
        if end >= 0:
            frame[4] = end
    result: dict[str, tuple[int, int]] = {}
    for ptr in wanted:
        probe = ptr
        while probe not in found and probe:
            probe = probe.rpartition("/")[0]
        result[ptr] = found.get(probe, (0, len(text)))
    return result


def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Line and column of the value at each pointer (its nearest present parent when it is absent)."""
    offsets = value_offsets(text, pointers)
    index = LineIndex(text)
    return {ptr: index.position(off) for ptr, off in offsets.items()}


class At(NamedTuple):
    """What an offset of a JSON text falls on: a member's key, a value, or the space inside a container."""

    pointer: str
    part: str  # "key", "value" or "inside"
    start: int
    end: int


def pointer_at(text: str, offset: int) -> At | None:
    """The key or value at `offset` (or the container it lies inside), read tolerantly from the text's tokens.

    For an editor: the text may be half typed. Valid JSON is walked down the containers that hold the offset
    (the values beside them skipped by the C scanner); other text in one pass over its tokens up to the
    offset. None when the offset lies outside the top-level value.
    """
    try:
        return _descend_to(text, offset)
    except ValueError:
        return _scan_to(text, offset)


def _descend_to(text: str, offset: int) -> At | None:
    at = _skip_space(text, 0)
    if offset < at:
        return None
    ptr = ""
    while True:
        if not text.startswith(("{", "["), at):
            end = _value_end(text, at)
            return At(ptr, "value", at, end) if offset < end else None
        container, is_object, index = at, text[at] == "{", 0
        at += 1
        while True:
            at = _skip_space(text, at)
            if text.startswith("}" if is_object else "]", at):
                return At(ptr, "inside", container, at + 1) if offset <= at else None
            if index:
                if not text.startswith(",", at):
                    raise ValueError(f"expected ',' at offset {at}")
                at = _skip_space(text, at + 1)
            if is_object:
                if not text.startswith('"', at):
                    raise ValueError(f"expected a key at offset {at}")
                key, key_end = json.decoder.scanstring(text, at + 1)
                token = escape_token(key)
                if at <= offset < key_end:
                    return At(f"{ptr}/{token}", "key", at, key_end)
                at = _skip_space(text, key_end)
                if not text.startswith(":", at):
                    raise ValueError(f"expected ':' at offset {at}")
                at = _skip_space(text, at + 1)
            else:
                token = str(index)
            index += 1
            if offset < at:
                return At(ptr, "inside", container, at)
            end = _value_end(text, at)
            if offset < end:
                ptr = f"{ptr}/{token}"
                break  # walk into this value
            at = end


def _scan_to(text: str, offset: int) -> At | None:
    # Frame: [pointer, is_object, current key or index, expecting_key, start]
    stack: list[list] = []
    for match in _TOKEN.finditer(text):
        tok = match.group()
        first = tok[0]
        start, end = match.span()
        if start > offset:
            break
        frame = stack[-1] if stack else None
        if frame is not None and frame[1] and frame[3]:
            if first == '"':
                try:
                    frame[2] = escape_token(json.loads(tok))
                except ValueError:
                    frame[2] = tok[1:-1]
                frame[3] = False
                if offset < end:
                    return At(f"{frame[0]}/{frame[2]}", "key", start, end)
            elif first == "}":
                stack.pop()
                if offset < end:
                    return At(frame[0], "inside", frame[4], end)
            continue
        if first == ":":
            continue
        if first == ",":
            if frame is not None:
                if frame[1]:
                    frame[3] = True
                else:
                    frame[2] += 1
            continue
        if first in "}]":
            if stack:
                stack.pop()
                if offset < end:
                    return At(frame[0], "inside", frame[4], end)  # type: ignore[index]
            continue
        ptr = f"{frame[0]}/{frame[2]}" if frame is not None else ""
        if first == "{":
            stack.append([ptr, True, "", True, start])
        elif first == "[":
            stack.append([ptr, False, 0, False, start])
        elif offset < end:
            return At(ptr, "value", start, end)
    if stack:
        return At(stack[-1][0], "inside", stack[-1][4], len(text))
    return None


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
