"""Every write to a debate goes through one transaction: lock, open, change a Draft, check once, commit.

lock (keyed on the real folders) -> Debate (the folder, every map read once) -> Draft operations ->
one check of the debate -> every changed file staged, checked unchanged on disk and writable, renamed
into place -> unlock. A change is refused, and every file left as it was, when it adds an error
anywhere in the debate, when a file changed on disk after it was read, when a file is read-only, or
when a map would pass the size limit. `plan` runs the same steps and writes nothing: it returns the
texts a write would leave, for an editor to show or apply (a rename's workspace edit, say).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from ..debate import Debate, MapFile, open_debate
from ..errors import ArgmapError, ConflictError, Issue, ReadError, RefusedError, TooLargeError, UsageError
from ..io.files import (
    DEFAULT_LOCK_TIMEOUT,
    debate_lock,
    fitting_name,
    read_regular,
    remove_stale_temps,
    resolved,
    stage,
    still_there,
    write_target,
)
from ..io.loader import MAX_FILE_BYTES, read, too_deep
from ..io.serialize import dump_map_utf8
from ..model import ArgMap
from ..perf import gc_paused
from .draft import Draft, Plan, map_name, writable

T = TypeVar("T")


def _lock_folders(folder: Path) -> list[Path]:
    """The folders whose locks a change to `folder` takes: it, and the real folder of each map linked into it.

    A map reached through a symlink and through its real path is one file: every writer of it must hold
    the lock of the folder it really lives in.
    """
    own = resolved(folder)
    linked = {resolved(path).parent for path in folder.glob("*.json") if path.is_symlink()}
    return [own, *sorted(linked - {own})]


@contextmanager
def transaction(
    folder: Path | str,
    *,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    plan: bool = False,
    overlay: Mapping[Path, str] | None = None,
    warnings: bool = False,
    root: Path | str | None = None,
) -> Iterator[Draft]:
    """Open the debate of `folder` for one change: operations change the Draft, and on leaving the block the
    debate is checked once and the changed files written all-or-nothing (an exception writes nothing).

    `plan=True` writes nothing and takes no lock: `draft.plan` then holds the texts a write would leave
    and the errors it would add (it is not refused). `overlay` (plan mode only) gives unsaved texts that
    stand in for files. `warnings` also collects the changed files' warnings into the plan.
    """
    folder = Path(folder)
    if overlay and not plan:
        raise UsageError("unsaved texts (overlay) can only be planned with, never written")
    if not folder.is_dir():
        raise ReadError(f"{folder}: no such debate folder")
    if plan:
        draft = Draft(open_debate([folder], root, overlay), folder)
        yield draft
        draft.plan = _check(draft, warnings)
        return
    with debate_lock(_lock_folders(folder), lock_timeout) as locked:
        for held in locked:
            remove_stale_temps(held)
        draft = Draft(open_debate([folder], root), folder)
        yield draft
        result = _check(draft, warnings)
        if result.added:
            new = all(id(f) in draft.replacing for f in draft.changed)
            what = "the map would be invalid" if new else "the change would make the debate invalid"
            raise RefusedError(f"{draft.changed[0].display}: {what}; nothing was written", result.added)
        _write(draft, result, locked)
        draft.plan = result


def run(
    folder: Path | str,
    operation: Callable[[Draft], T],
    *,
    plan: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    overlay: Mapping[Path, str] | None = None,
    warnings: bool = False,
    root: Path | str | None = None,
) -> Plan[T]:
    """Apply `operation` to the debate of `folder` in one transaction; the plan says what it (would have) wrote."""
    with transaction(
        folder, lock_timeout=lock_timeout, plan=plan, overlay=overlay, warnings=warnings, root=root
    ) as draft:
        value = operation(draft)
    result = draft.plan
    assert result is not None  # the transaction makes its plan as it ends
    result.value = value
    return result


def change(path: Path | str, operation: Callable[[Draft], T], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> T:
    """Open the debate of the map at `path`, apply `operation` to that map, and write what it changed."""
    path = Path(path)
    _existing(path)

    with transaction(path.parent, lock_timeout=lock_timeout) as draft:
        draft.open(path)
        value = operation(draft)
    return value


def plan_change(
    path: Path | str,
    operation: Callable[[Draft], T],
    *,
    overlay: Mapping[Path, str] | None = None,
    root: Path | str | None = None,
) -> Plan[T]:
    """What `change` would write, without writing (nor locking): the new texts and the errors it would add."""
    path = Path(path)
    _existing(path, overlay)

    def on_map(draft: Draft) -> T:
        draft.open(path)
        return operation(draft)

    return run(path.parent, on_map, plan=True, overlay=overlay, root=root)


def _existing(path: Path, overlay: Mapping[Path, str] | None = None) -> None:
    map_name(path)
    if path.is_dir():
        raise ReadError(f"{path}: is a folder; give a map file")
    if not path.exists() and not (overlay and path.resolve() in {Path(p).resolve() for p in overlay}):
        raise ReadError(f"{path}: no such map file (create one with `argmap new`)")


def create(
    path: Path | str, argmap: ArgMap, *, overwrite: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> str:
    """Write a new map file into its debate folder; refuses an existing file (unless asked) and an invalid map."""
    path = fitting_name(path, "map file")
    if path.is_dir():
        raise ReadError(f"{path}: is a folder; give the path of the map file to create")
    map_name(path)
    if not path.parent.is_dir():
        raise ReadError(f"{path}: the folder {path.parent} does not exist; create it first")
    written = run(path.parent, lambda draft: draft.create(path, argmap, overwrite=overwrite), lock_timeout=lock_timeout)
    return written.texts[path]


# ---------------------------------------------------------------- the one check and the commit


def _key(issue: Issue) -> tuple:
    return issue.file, issue.code, issue.node, issue.message


def _errors(debate: Debate, draft: Draft, changed: set[int], warnings: bool) -> tuple[list[Issue], list[Issue]]:
    """Every error of the debate, and (when asked) the changed files' warnings, at JSON pointers.

    `debate` places its problems (`Debate.placed`): they name their file already.
    """
    errors: list[Issue] = []
    said: list[Issue] = []
    lenient = draft.lenient
    for file in debate.files:
        mine = id(file) in changed
        for issue in debate.problems(file, errors_only=not (warnings and mine)):
            if issue.is_error:
                if lenient is None or not lenient(issue, file):
                    errors.append(issue)
                    continue
                issue = issue.as_warning()
            if mine:
                said.append(issue)
    return errors, said


def _as_read(draft: Draft) -> Debate:
    """The debate as it was on disk before the change, rebuilt from the texts read (no file read again)."""
    files = []
    for file in draft.debate.files:
        if id(file) in draft.renamed:
            was = draft.renamed[id(file)]  # the file as it was, under its old name
            raw = was.loaded.text.encode("utf-8")
            files.append(MapFile(was.path, was.display, read(was.path, raw=raw), was.folder))
        elif id(file) in draft.replacing:
            text = draft.replacing[id(file)]
            if text is not None:
                files.append(MapFile(file.path, file.display, read(file.path, raw=text.encode("utf-8")), file.folder))
        elif file.map is not None:
            raw = file.loaded.text.encode("utf-8")
            files.append(MapFile(file.path, file.display, read(file.path, raw=raw), file.folder))
        else:
            files.append(file)
    return draft.debate.rebuilt(files, placed=True)


def _check(draft: Draft, warnings: bool) -> Plan:
    """Check the changed debate once: the texts to write, the errors the change adds, the warnings asked for.

    Errors that were there before the change do not count against it; only the ones it adds.
    """
    plan: Plan = Plan()
    if not draft.changed:
        return plan
    for file in draft.changed:
        assert file.map is not None
        try:
            raw = dump_map_utf8(file.map)
        except UnicodeEncodeError as exc:
            encoded(file.display, exc.object)  # refused, with the character named
            raise
        size = len(raw)
        if size > MAX_FILE_BYTES:
            raise TooLargeError(
                f"{file.display}: the map would be {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MiB limit "
                "for a map; nothing was written (split the debate into several maps)"
            )
        plan.raw[file.path] = raw
        if id(file) in draft.renamed:
            plan.renamed[draft.renamed[id(file)].path] = file.path
        if id(file) not in draft.created:
            plan.added.extend(_unreadable(file, raw))
    if plan.added:
        return plan
    # A debate of fresh objects: the draft's maps are changed in place, so nothing kept may be reused.
    after = draft.debate.rebuilt(draft.debate.files, placed=True)
    changed = {id(f) for f in draft.changed}
    errors, plan.warnings = _errors(after, draft, changed, warnings)
    if errors:
        # Rare: only then is the debate as it was checked too, to tell old errors from new.
        before = _as_read(draft)
        had = {_key(i) for i in _errors(before, draft, set(), False)[0]}
        plan.added = [i.unplaced() for i in errors if _key(i) not in had]
    return plan


def _unreadable(file: MapFile, raw: bytes) -> list[Issue]:
    """Why the text about to be written would not load as a map (none: it loads).

    Operations change a map in place, past the model's own validators: an edit that breaks one of its rules
    (a flag its new kind does not take, say) must be refused here, or the file written could not be read back.
    """
    import orjson
    from pydantic import ValidationError

    try:
        # The quick road (the loader's own JSON reading hooks every object, for duplicate keys a dump never
        # makes); any doubt takes the loader's road, which also says where and why.
        data = orjson.loads(raw)
        if too_deep(data) is None:
            with gc_paused():
                ArgMap.model_validate(data)
            return []
    except (orjson.JSONDecodeError, ValidationError):
        pass
    loaded = read(file.path, raw=raw)
    return [] if loaded.map is not None else [i.at(file.display) for i in loaded.issues]


def encoded(display: str, text: str) -> bytes:
    """A map's text as UTF-8, refused when it holds a lone surrogate (from a \\ud800 escape in imported text)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RefusedError(
            f"{display}: a text holds {text[exc.start]!a}, half of a UTF-16 surrogate pair: not a character, "
            "and not writable as UTF-8; nothing was written"
        ) from None


def _write(draft: Draft, plan: Plan, locked: Sequence[Path]) -> None:
    """Refuse if a changed file changed on disk since it was read or is read-only; else write them all."""
    writes = []
    removals = []
    for file in draft.changed:
        expected = draft.expected(file)
        _still_as_read(file, expected)
        target = write_target(file.path, file.loaded.seen)
        seen = file.loaded.seen
        if seen is not None and seen.link is not None and target.parent not in locked:
            # A link made after the locks were taken, to a folder whose lock this writer does not hold.
            raise ConflictError(
                f"{file.display}: changed on disk since it was read; nothing was written (run the command again)"
            )
        writes.append((file.path, plan.raw[file.path], expected, target))
        if id(file) in draft.renamed:
            old = draft.renamed[id(file)]
            _still_as_read(old, old.loaded.text)
            removals.append((old.path, old.loaded.text))
    for path, text, current in draft.documents:
        path.parent.mkdir(parents=True, exist_ok=True)
        writes.append((path, text, current, write_target(path, None)))
    write_all(writes, removals)


def _still_as_read(file: MapFile, expected: str | None) -> None:
    """Refuse when another program changed the file since it was read, or when it is read-only.

    Changed means its text, and also what stands at its name: another file, a link where a file was, a
    link to elsewhere (a write must land on the file that was read, never through a link put there since).
    """
    path = file.path
    seen = file.loaded.seen
    changed = ConflictError(
        f"{file.display}: changed on disk since it was read; nothing was written (run the command again)"
    )
    if seen is not None or expected is None:
        if not still_there(path, seen):
            raise changed
    exists = path.exists() or path.is_symlink()
    try:
        current = read_regular(path, MAX_FILE_BYTES + 1, "map file").decode("utf-8-sig", "replace") if exists else None
    except ReadError as exc:
        raise ConflictError(f"{exc}; nothing was written") from None
    if current != expected and not (current is None and not expected):
        raise changed
    if current is not None and not writable(write_target(path, seen)):
        raise ConflictError(f"{file.display}: is read-only; nothing was written")


def write_all(
    writes: Sequence[tuple[Path, str | bytes, str | None, Path]], removals: Sequence[tuple[Path, str]] = ()
) -> None:
    """Stage every file, rename each into place, then remove the files renamed away (`removals`: path and
    text as read); if one step fails, put back what was done, so every file is as it was.

    Each write is (path, text or its UTF-8, text as read or None, target): the target is the file to replace, fixed when
    it was read (through a link that was there then, to the file it named); it is not resolved again, so
    a link put at the name since is replaced, never followed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for _, text, _, target in writes:
            staged.append((stage(target, text, follow=False), target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise ArgmapError(
            f"{exc.filename or writes[0][0]}: cannot be written ({exc.strerror}); nothing was written"
        ) from None
    done: list[int] = []
    removed: list[tuple[Path, str]] = []
    try:
        for index, (tmp, target) in enumerate(staged):
            os.replace(tmp, target)
            done.append(index)
        for path, text in removals:
            path.unlink()
            removed.append((path, text))
    except OSError as exc:
        for path, text in removed:
            os.replace(stage(path, text, follow=False), path)
        for index in done:
            _, _, old, target = writes[index]
            if old is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(stage(target, old, follow=False), target)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise ArgmapError(
            f"{exc.filename or writes[0][0]}: cannot be written ({exc.strerror}); nothing was written"
        ) from None
