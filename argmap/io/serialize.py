"""Write a map as stable JSON: 2-space indent, keys in model order, defaults left out, trailing newline."""

from __future__ import annotations

import json

from ..model import ArgMap


def dump_map(argmap: ArgMap) -> str:
    """The text of a map file; the same map always gives the same text, so diffs stay small."""
    data = argmap.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return dump_json(data)


def dump_map_utf8(argmap: ArgMap) -> bytes:
    """`dump_map`'s text as the UTF-8 a write puts on disk, made without the text in between (decoding
    and encoding again cost half as much as the dump itself on a large map).

    Raises UnicodeEncodeError, as `str.encode` does, when a text holds half of a surrogate pair.
    """
    import orjson

    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    try:
        # Python mode costs a quarter less than JSON mode, and orjson writes enums by their value as JSON mode
        # does. A value JSON mode would convert its own way (a date, a dataclass or an integer past 64 bits
        # in `data`) is refused here, and the map takes the JSON-mode road.
        python = argmap.model_dump(by_alias=True, exclude_defaults=True)
        passthrough = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
        return orjson.dumps(python, option=option | passthrough, default=_not_json)
    except orjson.JSONEncodeError:
        pass
    data = argmap.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    try:
        return orjson.dumps(data, option=option)
    except orjson.JSONEncodeError:  # nested too deep for orjson, or a lone surrogate it will not write
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _not_json(value: object) -> object:
    raise TypeError(f"{type(value).__name__} is converted by JSON mode")


def dump_json(data: object) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)` and a newline, byte for byte, but fast.

    The standard library indents in pure Python (2.4 s for a 100,000-node map); orjson writes the same
    bytes in C. orjson stops at 255 levels of nesting, so the deepest maps take the slow road.
    """
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
