"""Read a map file: bytes -> JSON -> schema -> ArgMap, with every problem as a located Issue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ArgmapError, Code, Issue, ReadError
from ..model import MAX_DEPTH, ArgMap
from ..perf import gc_paused
from ..vocab import plural
from . import schema
from .files import Seen, read_seen
from .positions import (
    LineIndex,
    first_bare_word,
    first_duplicate_key,
    first_lone_surrogate,
    first_long_number,
    first_too_deep,
    locate,
    pointer,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
# json.loads recurses per level; past this the interpreter's recursion limit is near.
MAX_JSON_NESTING = 2 * MAX_DEPTH + 8


@dataclass
class Loaded:
    """A map file as read: its text, its data, its model when it is sound, and what was wrong."""

    path: Path
    text: str = ""
    data: Any = None
    map: ArgMap | None = None
    issues: list[Issue] = field(default_factory=list)
    # What stood at the path when it was read from disk (None: read from text given, or not read):
    # a write checks it is still there and lands on that file only.
    seen: Seen | None = None
    # The first characters of a file too large to read whole: enough to tell a map from other JSON.
    head: str = ""


_JSON_MESSAGES = {
    "Extra data": "unexpected text after the end of the JSON document",
    "Expecting value": "expected a JSON value",
}


class _BareConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _BareConstant(name)


class _Duplicates:
    """An object hook that notices a repeated key (json.loads would silently keep the last one)."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) != len(pairs):
            self.found = True
        return built


def parse(path: Path, raw: bytes | None = None) -> Loaded:
    """Bytes to JSON data; problems are issues with a line and column."""
    loaded = Loaded(path)

    def fail(code: Code, message: str, line: int = 1, column: int = 1) -> Loaded:
        loaded.issues.append(Issue(code, message, line=line, column=column))
        return loaded

    if raw is None:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > MAX_FILE_BYTES:
            loaded.head = _head(path)
            return fail(
                Code.FILE_TOO_LARGE,
                f"the file is {size / 1e6:.1f} MB; maps are limited to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB (split the debate into several maps)",
            )
        try:
            raw, loaded.seen = read_seen(path, MAX_FILE_BYTES, "map file")
        except ReadError as exc:
            return fail(Code.READ_ERROR, str(exc).removeprefix(f"{path}: "))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, column = LineIndex(prefix).position(len(prefix))
        return fail(Code.ENCODING, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); maps are UTF-8 JSON", line, column)
    loaded.text = text
    if not text.strip():
        return fail(Code.EMPTY_FILE, "the file is empty; a map is a JSON object (try `argmap new`)")
    duplicates = _Duplicates()
    try:
        with gc_paused():
            loaded.data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=duplicates)
    except json.JSONDecodeError as exc:
        message = _JSON_MESSAGES.get(exc.msg, exc.msg)
        return fail(Code.JSON_SYNTAX, f"invalid JSON: {message}", exc.lineno, exc.colno)
    except _BareConstant as exc:
        offset = first_bare_word(text, {str(exc)}) or 0
        return fail(Code.JSON_SYNTAX, f"invalid JSON: {exc} is not a JSON value", *LineIndex(text).position(offset))
    except RecursionError:
        offset = first_too_deep(text, MAX_JSON_NESTING)
        return fail(
            Code.TOO_DEEP,
            f"JSON nested more than {MAX_JSON_NESTING} levels deep; maps are limited to {MAX_DEPTH} levels of nodes",
            *LineIndex(text).position(offset),
        )
    except ValueError as exc:
        # Python refuses integers of more than 4,300 digits (a guard against quadratic conversion).
        offset = first_long_number(text, 4300)
        return fail(Code.JSON_SYNTAX, f"invalid JSON: {exc}".split(";")[0], *LineIndex(text).position(offset))
    if duplicates.found:
        offset, key, _ = first_duplicate_key(text) or (0, "?", "")
        return fail(
            Code.DUPLICATE_KEY,
            f"the key '{key}' appears twice in one object; JSON readers would silently keep only one",
            *LineIndex(text).position(offset),
        )
    # Surrogate escapes all start \ud8-\udf: a substring search rules most files out in C.
    surrogate = first_lone_surrogate(text) if "\\ud" in text or "\\uD" in text else None
    if surrogate is not None:
        return fail(
            Code.ENCODING,
            "a \\u escape names half of a UTF-16 surrogate pair: not a character, and it cannot be written as UTF-8",
            *LineIndex(text).position(surrogate),
        )
    if not isinstance(loaded.data, dict):
        found = type(loaded.data).__name__.replace("dict", "object").replace("list", "array")
        return fail(Code.NOT_A_MAP, f"the top level must be a JSON object (a map), found {found}")
    return loaded


def _head(path: Path) -> str:
    """The first characters of a file, as far as the shape test reads (io.shape.HEAD); '' if unreadable."""
    from .shape import HEAD

    try:
        with open(path, "rb") as handle:
            return handle.read(4 * HEAD).decode("utf-8", "ignore")
    except OSError:
        return ""


def too_deep(data: dict) -> Issue | None:
    """The first node deeper than MAX_DEPTH, found without recursion."""
    root = data.get("claim")
    stack = [(root, "/claim", 0)]
    while stack:
        node, ptr, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        if depth > MAX_DEPTH:
            return Issue(
                Code.TOO_DEEP,
                f"the tree is more than {MAX_DEPTH} levels deep; split it into several maps",
                ptr,
                node=node.get("id") if isinstance(node.get("id"), str) else None,
            )
        children = node.get("children")
        if isinstance(children, list):
            stack.extend((c, f"{ptr}/children/{i}", depth + 1) for i, c in enumerate(children))
    return None


def read(path: Path | str, raw: bytes | None = None) -> Loaded:
    """Parse, check against the schema and model one map file; never raises for bad content."""
    loaded = parse(Path(path), raw)
    if loaded.issues:
        return loaded
    deep = too_deep(loaded.data)
    if deep:
        loaded.issues.append(deep)
        return loaded
    from pydantic import ValidationError

    try:
        with gc_paused():
            loaded.map = ArgMap.from_file(loaded.data, loaded.path)
    except ValidationError as exc:
        # The schema and the models accept the same documents (the schema is generated from them);
        # the JSON Schema validator is asked only now, for its messages, so a sound map never pays
        # for importing it.
        loaded.issues.extend(schema.validate(loaded.data))
        if not loaded.issues:
            loaded.issues.extend(Issue(Code.SCHEMA, e["msg"], pointer(*e["loc"])) for e in exc.errors())
        return loaded
    return loaded


def locate_issues(loaded: Loaded, issues: list[Issue], display: str) -> list[Issue]:
    """Give each issue the file name and the line:column of its pointer, sorted by place."""
    wanted = [i.pointer for i in issues if i.line is None]
    places = locate(loaded.text, wanted) if wanted and loaded.text else {}
    out = []
    for issue in issues:
        if issue.line is None:
            line, column = places.get(issue.pointer, (1, 1))
        else:
            line, column = issue.line, issue.column
        out.append(issue.at(display, line, column))
    out.sort(key=lambda i: (i.line or 0, i.column or 0))
    return out


def load(path: Path | str) -> ArgMap:
    """Load a map file; raises an error saying why when it is not a sound map (its located issues attached).

    A file that cannot be read at all (missing, a folder, too large) raises ReadError with the cause
    (`maps/x.json: no such map file`); one that can, ArgmapError naming its first problem and place.
    """
    loaded = read(path)
    if loaded.map is None:
        issues = locate_issues(loaded, loaded.issues, str(path))
        errors = [i for i in issues if i.is_error] or issues
        first = errors[0]
        if first.code in (Code.READ_ERROR, Code.FILE_TOO_LARGE):
            raise ReadError(f"{path}: {first.message}", issues)
        more = len(errors) - 1
        tail = f" (and {plural(more, 'more problem')}; see `argmap validate {path}`)" if more else ""
        raise ArgmapError(f"{path}:{first.line}:{first.column}: is not a sound map: {first.message}{tail}", issues)
    return loaded.map


def parse_at(path: Path | str, text: str) -> Loaded:
    """A map's text as it would be read from `path` (for text about to be written)."""
    return read(path, raw=text.encode("utf-8"))
