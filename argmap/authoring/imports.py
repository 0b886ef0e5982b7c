"""Bring a map in from a text format as a new map file of its debate, problems placed at the text's lines."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ReadError, RefusedError
from ..formats.outline import OutlineError, Parsed, parse_outline, relocate
from ..io.files import DEFAULT_LOCK_TIMEOUT, read_regular
from ..io.loader import parse_at, too_deep
from ..model import ArgMap
from .store import create

# An outline is a human-written text; a larger one is not an outline.
MAX_OUTLINE_BYTES = 20 * 1024 * 1024


def import_outline(
    source: Path | str, output: Path | str, *, overwrite: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> ArgMap:
    """Read an outline file into a new map file, checked like `argmap validate`; problems at outline lines."""
    source, output = Path(source), Path(output)
    raw = read_regular(source, MAX_OUTLINE_BYTES, "outline file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{source}: is not UTF-8 text (byte {exc.start})") from None
    try:
        parsed = parse_outline(text)
    except OutlineError as exc:
        located = [i.at(str(source), i.line, i.column) for i in exc.issues]
        raise RefusedError(f"{source}: not a valid outline; nothing was written", located) from None
    return _create(parsed, source, output, overwrite, lock_timeout)


def _create(parsed: Parsed, source: Path, output: Path, overwrite: bool, lock_timeout: float) -> ArgMap:
    deep = too_deep(parsed.data)
    if deep is not None:
        raise RefusedError(f"{source}: {deep.message}; nothing was written", relocate([deep], parsed, str(source)))
    # The JSON the outline makes, read as a map file would be: schema problems come back at pointers.
    loaded = parse_at(output, json.dumps(parsed.data, ensure_ascii=False))
    if loaded.map is None:
        problems = relocate([i for i in loaded.issues if i.is_error], parsed, str(source))
        raise RefusedError(f"{source}: the map would be invalid; nothing was written", problems)
    try:
        create(output, loaded.map, overwrite=overwrite, lock_timeout=lock_timeout)
    except RefusedError as exc:
        raise RefusedError(
            f"{source}: the map would be invalid; nothing was written", relocate(exc.issues, parsed, str(source))
        ) from None
    return loaded.map
