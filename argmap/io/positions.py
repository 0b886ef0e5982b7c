"""Map JSON pointers and character offsets in a JSON text to 1-based line:column, on demand."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterable, Iterator
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


class _Token(NamedTuple):
    part: str  # "key" (a member's key), "value" (a scalar, or the bracket that opens a container), "close"
    pointer: str  # the member's, the value's, or the closed container's
    start: int
    end: int
    opened: int  # for "close": where the container opened
    key: str | None  # for "key": the key as read


def _tokens(text: str) -> Iterator[_Token]:
    """The keys, values and closing brackets of a JSON text with their pointers, read tolerantly token by token.

    One linear pass with an explicit stack, so depth costs no recursion; text that is not JSON is read as
    far as its tokens make sense (an editor's half-typed buffer, a file the parser refused).
    """
    # Frame: [pointer, is_object, current key or index, expecting_key, where it opened]
    stack: list[list] = []
    for match in _TOKEN.finditer(text):
        tok = match.group()
        first = tok[0]
        frame = stack[-1] if stack else None
        if frame is not None and frame[1] and frame[3]:
            if first == '"':
                try:
                    key = json.loads(tok)
                except ValueError:
                    key = tok[1:-1]
                frame[2] = escape_token(key)
                frame[3] = False
                yield _Token("key", f"{frame[0]}/{frame[2]}", match.start(), match.end(), 0, key)
            elif first == "}":
                stack.pop()
                yield _Token("close", frame[0], match.start(), match.end(), frame[4], None)
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
            if frame is not None:
                stack.pop()
                yield _Token("close", frame[0], match.start(), match.end(), frame[4], None)
            continue
        ptr = f"{frame[0]}/{frame[2]}" if frame is not None else ""
        yield _Token("value", ptr, match.start(), match.end(), 0, None)
        if first == "{":
            stack.append([ptr, True, "", True, match.start()])
        elif first == "[":
            stack.append([ptr, False, 0, False, match.start()])


def value_offsets(text: str, wanted: Iterable[str]) -> dict[str, int]:
    """Offset of the value at each wanted pointer; a missing pointer maps to its nearest present parent."""
    wanted = set(wanted)
    try:
        return {ptr: span[0] for ptr, span in value_spans(text, wanted).items()}
    except ValueError:
        return _scanned_offsets(text, wanted)


def _scanned_offsets(text: str, wanted: set[str]) -> dict[str, int]:
    """value_offsets for a text that is not valid JSON: one tolerant pass over its tokens."""
    needed = set()
    for ptr in wanted:
        # Ancestors are recorded too, as fallbacks for pointers that name nothing in the text.
        parts = ptr.split("/")
        for end in range(len(parts), 0, -1):
            needed.add("/".join(parts[:end]))
    found: dict[str, int] = {}
    for token in _tokens(text):
        if token.part == "value" and token.pointer in needed and token.pointer not in found:
            found[token.pointer] = token.start
            if len(found) == len(needed):
                break
    result: dict[str, int] = {}
    for ptr in wanted:
        probe = ptr
        while probe not in found and probe:
            probe = probe.rpartition("/")[0]
        result[ptr] = found.get(probe, 0)
    return result


_SPACE = re.compile(r"[ \t\n\r]*")
# The C scanner: a whole value at C speed (typeshed types make_scanner as a class taking one of its own kind).
_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # pyright: ignore[reportArgumentType]
# The C string scanner json itself uses (typeshed leaves it out of json.decoder's stubs).
_scanstring = json.decoder.scanstring  # pyright: ignore[reportAttributeAccessIssue]


def _skip_space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    assert found is not None  # the pattern matches the empty string: it always matches
    return found.end()


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
            key, at = _scanstring(text, at + 1)
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
                key, key_end = _scanstring(text, at + 1)
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
    open_: list[tuple[str, int]] = []  # the containers open at the offset: pointer, where each opened
    for token in _tokens(text):
        if token.start > offset:
            break
        if token.part == "close":
            open_.pop()
            if offset < token.end:
                return At(token.pointer, "inside", token.opened, token.end)
        elif token.part == "key" and offset < token.end:
            return At(token.pointer, "key", token.start, token.end)
        elif token.part == "value":
            if text[token.start] in "{[":
                open_.append((token.pointer, token.start))
            elif offset < token.end:
                return At(token.pointer, "value", token.start, token.end)
    if open_:
        return At(open_[-1][0], "inside", open_[-1][1], len(text))
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
    seen: dict[str, set[str]] = {}  # each open object's keys, by its pointer
    for token in _tokens(text):
        if token.part == "key":
            keys = seen.setdefault(token.pointer.rpartition("/")[0], set())
            if token.key in keys:
                return token.start, token.key or "", token.pointer
            keys.add(token.key or "")
        elif token.part == "close":
            seen.pop(token.pointer, None)
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
