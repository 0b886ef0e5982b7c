"""Apply a change to a debate: under the folder's lock, checked as a whole, written all-or-nothing.

One pass: take the lock, read every map of the folder once, check the debate, apply the operation to
the maps in memory, check the debate again, and write the files the operation touched. A change is
refused, and every file left as it was, when it adds an error anywhere in the debate, when a file
changed on disk after it was read, when a file is read-only, or when a map would pass the size limit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..debate import Debate, MapFile
from ..errors import ArgmapError, ConflictError, Issue, ReadError, RefusedError, TooLargeError, UsageError
from ..io.files import DEFAULT_LOCK_TIMEOUT, debate_lock, read_regular, real_target, remove_stale_temps, stage
from ..io.loader import MAX_FILE_BYTES, Loaded, locate_issues, read
from ..io.serialize import dump_map
from ..model import ArgMap
from .ops import Draft

T = TypeVar("T")


def _key(issue: Issue) -> tuple:
    return issue.file, issue.code, issue.node, issue.message


def _errors(debate: Debate) -> list[Issue]:
    """Every error of every map of the debate, at pointers (the changed texts have no lines yet)."""
    maps = debate.maps
    return [
        issue.at(file.display)
        for file in debate.files
        for issue in debate.file_problems(file, maps, errors_only=True)
        if issue.is_error
    ]


def _map_name(path: Path) -> None:
    # A debate is the folder's *.json files: a map by any other name would sit outside it, unchecked.
    if path.suffix != ".json":
        raise UsageError(f"{path}: a map file's name ends in .json (the debate is the folder's *.json files)")


def change(path: Path | str, operation: Callable[[Draft], T], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> T:
    """Open the debate of the map at `path`, apply `operation` to it, and write what it changed."""
    path = Path(path)
    _map_name(path)
    if path.is_dir():
        raise ReadError(f"{path}: is a folder; give a map file")
    if not path.exists():
        raise ReadError(f"{path}: no such map file (create one with `argmap new`)")
    folder = path.parent
    with debate_lock(folder, lock_timeout):
        remove_stale_temps(folder)
        debate = Debate.load(folder)
        file = _file(debate, path)
        if file.map is None:
            issues = locate_issues(file.loaded, file.loaded.issues, str(path))
            raise RefusedError(f"{path}: is not a sound map; fix it first (see `argmap validate {path}`)", issues)
        draft = Draft(debate, file)
        result = operation(draft)
        if draft.changed:
            _commit(debate, draft.changed)
        return result


def _file(debate: Debate, path: Path) -> MapFile:
    wanted = path.resolve()
    for file in debate.files:
        if file.path.resolve() == wanted:
            file.display = str(path)
            return file
    # Not a *.json name, or hidden: read it into the debate all the same.
    file = MapFile(path, str(path), read(path))
    debate.files.insert(0, file)
    return file


def create(
    path: Path | str, argmap: ArgMap, *, overwrite: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> str:
    """Write a new map file into its debate folder; refuses an existing file (unless asked) and an invalid map."""
    path = Path(path)
    if path.is_dir():
        raise ReadError(f"{path}: is a folder; give the path of the map file to create")
    _map_name(path)
    folder = path.parent
    if not folder.is_dir():
        raise ReadError(f"{path}: the folder {folder} does not exist; create it first")
    with debate_lock(folder, lock_timeout):
        remove_stale_temps(folder)
        if (path.exists() or path.is_symlink()) and not overwrite:
            raise ArgmapError(f"{path}: already exists; nothing was written")
        debate = Debate.load(folder)
        debate.files = [f for f in debate.files if f.path.resolve() != path.resolve()]
        raw = read_regular(path, MAX_FILE_BYTES, "map file") if path.exists() else None
        current = raw.decode("utf-8-sig", "replace") if raw is not None else None
        file = MapFile(path, str(path), Loaded(path, text=current or "", map=argmap.at_path(path)))
        debate.files.append(file)
        return _commit(debate, [file], expected=[current])[0]


def _as_read(debate: Debate, leave_out: MapFile | None = None) -> Debate:
    """The debate as it was on disk before the change, rebuilt from the texts read (no file read again)."""
    files = [
        f if f.map is None else MapFile(f.path, f.display, read(f.path, raw=f.loaded.text.encode("utf-8")))
        for f in debate.files
        if f is not leave_out
    ]
    return Debate(debate.folder, files, root=debate.root, sources=debate.sources, closed=True)


def _commit(debate: Debate, changed: list[MapFile], expected: list[str | None] | None = None) -> list[str]:
    """Check the changed debate, then write every changed file or none.

    `expected` is each file's text as read (None: the file must not exist); by default what was loaded.
    Errors that were there before the change do not block it; only the ones it adds.
    """
    new = expected is not None
    expected = expected if expected is not None else [f.loaded.text for f in changed]
    after = _errors(debate)
    added = []
    if after:
        # Rare: only then is the debate as it was checked too, to tell old errors from new.
        before = {_key(i) for i in _errors(_as_read(debate, leave_out=changed[0] if new else None))}
        added = [i.unplaced() for i in after if _key(i) not in before]
    if added:
        what = "the map would be invalid" if new else "the change would make the debate invalid"
        raise RefusedError(f"{changed[0].display}: {what}; nothing was written", added)
    texts = []
    for file in changed:
        assert file.map is not None
        text = dump_map(file.map)
        size = len(encoded(file.display, text))
        if size > MAX_FILE_BYTES:
            raise TooLargeError(
                f"{file.display}: the map would be {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MiB limit "
                "for a map; nothing was written (split the debate into several maps)"
            )
        texts.append(text)
    for file, old in zip(changed, expected, strict=True):
        _still_as_read(file, old)
    write_all([(file.path, text, old) for file, text, old in zip(changed, texts, expected, strict=True)])
    return texts


def encoded(display: str, text: str) -> bytes:
    """A map's text as UTF-8, refused when it holds a lone surrogate (from a \\ud800 escape in imported text)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RefusedError(
            f"{display}: a text holds {text[exc.start]!a}, half of a UTF-16 surrogate pair: not a character, "
            "and not writable as UTF-8; nothing was written"
        ) from None


def _still_as_read(file: MapFile, expected: str | None) -> None:
    """Refuse when another program changed the file since it was read, or when it is read-only."""
    path = file.path
    exists = path.exists() or path.is_symlink()
    try:
        current = read_regular(path, MAX_FILE_BYTES + 1, "map file").decode("utf-8-sig", "replace") if exists else None
    except ReadError as exc:
        raise ConflictError(f"{exc}; nothing was written") from None
    if current != (file.loaded.text if file.loaded.text is not None else None) and not (
        current is None and not file.loaded.text
    ):
        raise ConflictError(
            f"{file.display}: changed on disk since it was read; nothing was written (run the command again)"
        )
    target = real_target(path)
    # Mode bits as well as access(): root may write anything, but a file marked read-only stays so.
    if current is not None and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise ConflictError(f"{file.display}: is read-only; nothing was written")


def write_all(writes: list[tuple[Path, str, str | None]]) -> None:
    """Stage every file, then rename each into place; if one rename fails, put back those already done."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text, _ in writes:
            staged.append((stage(path, text), real_target(path)))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise ArgmapError(
            f"{exc.filename or writes[0][0]}: cannot be written ({exc.strerror}); nothing was written"
        ) from None
    done: list[int] = []
    try:
        for index, (tmp, target) in enumerate(staged):
            os.replace(tmp, target)
            done.append(index)
    except OSError as exc:
        for index in done:
            path, _, old = writes[index]
            target = staged[index][1]
            if old is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(stage(path, old), target)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise ArgmapError(
            f"{exc.filename or writes[0][0]}: cannot be written ({exc.strerror}); nothing was written"
        ) from None
