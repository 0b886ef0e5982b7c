"""Change a map file safely: read it, check the changed map like `argmap validate`, write it atomically.

A change is refused (and the file left as it was) when it adds an error, when the file changed on
disk after it was read, or when the file cannot be written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .checks import check
from .errors import ArgmapError, Issue
from .loader import locate_issues, read
from .model import ArgMap
from .quotes import SourceCache
from .serialize import dump_map
from .validate import add_siblings
from .write import write_atomic


class RefusedError(ArgmapError):
    """The change was not made; `issues` say why, located in the changed map's text."""


@dataclass
class Opened:
    """A map read for change, with the exact bytes it was read from."""

    path: Path
    raw: bytes
    map: ArgMap


def _key(issue: Issue) -> tuple:
    return issue.code, issue.node, issue.message


@dataclass
class Surroundings:
    """What a map is checked against besides itself: the other maps of its folder, and source texts."""

    others: dict[str, ArgMap]
    sources: SourceCache


def surroundings(path: Path) -> Surroundings:
    others: dict[str, ArgMap] = {}
    add_siblings(path.resolve().parent, others, exclude=path)
    return Surroundings(others, SourceCache())


def findings(path: Path, text: str, display: str, around: Surroundings | None = None) -> list[Issue]:
    """Every problem `argmap validate` would report for this text at this path, located.

    Pass `around` to check several versions of one map without reading its neighbours again.
    """
    around = around or surroundings(path)
    loaded = read(path, raw=text.encode("utf-8"))
    issues = list(loaded.issues)
    if loaded.map is not None:
        debate = dict(around.others)
        other = debate.get(loaded.map.id)
        if other is not None:
            issues.append(Issue("duplicate-map-id", f"map id '{loaded.map.id}' is already used by {other.path}", "/id"))
        debate[loaded.map.id] = loaded.map
        issues.extend(check(loaded.map, debate=debate, sources=around.sources))
    return locate_issues(loaded, issues, display)


def open_map(path: Path | str) -> Opened:
    """Read a map to change it; refuses a file that is not a loadable map."""
    path = Path(path)
    if path.is_dir():
        raise ArgmapError(f"{path}: is a folder, not a map file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArgmapError(f"{path}: no such map file (create one with `argmap new`)") from None
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot be read ({exc.strerror})") from None
    loaded = read(path, raw=raw)
    if loaded.map is None:
        issues = locate_issues(loaded, loaded.issues, str(path))
        raise RefusedError(f"{path}: is not a sound map; fix it first (see `argmap validate {path}`)", issues)
    return Opened(path, raw, loaded.map)


def save(opened: Opened, changed: ArgMap) -> str:
    """Write `changed` over the file if it adds no error; returns the text written."""
    path = opened.path
    text = dump_map(changed)
    around = surroundings(path)
    before = findings(path, opened.raw.decode("utf-8-sig"), str(path), around)
    after = findings(path, text, str(path), around)
    old = {_key(i) for i in before if i.severity == "error"}
    # The changed text was never written, so its line numbers would point at nothing: name the node.
    new = [replace(i, line=None, column=None) for i in after if i.severity == "error" and _key(i) not in old]
    if new:
        raise RefusedError(f"{path}: the change would make the map invalid; nothing was written", new)
    _write_checked(path, text, expected=opened.raw)
    return text


def create(path: Path | str, argmap: ArgMap, *, overwrite: bool = False) -> str:
    """Write a new map file; refuses to overwrite unless asked, and refuses an invalid map."""
    path = Path(path)
    if path.is_dir():
        raise ArgmapError(f"{path}: is a folder; give the path of the map file to create")
    if path.exists() and not overwrite:
        raise ArgmapError(f"{path}: already exists; nothing was written")
    text = dump_map(argmap)
    errors = [replace(i, line=None, column=None) for i in findings(path, text, str(path)) if i.severity == "error"]
    if errors:
        raise RefusedError(f"{path}: the map would be invalid; nothing was written", errors)
    _write_checked(path, text, expected=path.read_bytes() if path.exists() else None)
    return text


def _write_checked(path: Path, text: str, expected: bytes | None) -> None:
    """Atomic write, refused if the file changed since it was read or cannot be written."""
    try:
        current = path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot be read ({exc.strerror}); nothing was written") from None
    if current != expected:
        raise ArgmapError(f"{path}: changed on disk since it was read; nothing was written (run the command again)")
    # Mode bits as well as access(): root may write anything, but a file marked read-only stays so.
    if current is not None and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise ArgmapError(f"{path}: is read-only; nothing was written")
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot be written ({exc.strerror}); nothing was written") from None


def change(path: Path | str, edit: Callable[[ArgMap], object]) -> tuple[str, object]:
    """Open a map, apply `edit` to a copy, save it; returns the text written and what `edit` returned."""
    opened = open_map(path)
    changed = opened.map.model_copy(deep=True)
    result = edit(changed)
    return save(opened, changed), result
