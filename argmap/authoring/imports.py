"""Bring maps in from a text format as new map files of their debate, written by the one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArgmapError, Code, Issue, ReadError, RefusedError, UsageError
from ..io.files import DEFAULT_LOCK_TIMEOUT, LOCK_NAME, OutputFolder, fitting_name, read_text
from ..io.loader import parse_at, too_deep
from ..model import ArgMap, Node, split_link
from .draft import Draft, Plan
from .store import run

if TYPE_CHECKING:
    from ..formats.outline import Parsed

# An outline is a human-written text; a larger one is not an outline.
MAX_OUTLINE_BYTES = 20 * 1024 * 1024


def import_outline(
    source: Path | str, output: Path | str, *, overwrite: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> ArgMap:
    """Read an outline file into a new map file, checked like `argmap validate`; problems at outline lines."""
    source, output = Path(source), Path(output)
    parsed = _parse(read_text(source, MAX_OUTLINE_BYTES, "outline file"), source)
    return _write_outline(parsed, source, output, overwrite, lock_timeout)[0]


def _parse(text: str, source: Path) -> Parsed:
    # The outline's own reader, for outlines alone: an import of another format does without it.
    from ..formats.outline import OutlineError, parse_outline

    try:
        return parse_outline(text)
    except OutlineError as exc:
        located = [i.at(str(source), i.line, i.column) for i in exc.issues]
        raise RefusedError(f"{source}: not a valid outline; nothing was written", located) from None


def _write_outline(
    parsed: Parsed, source: Path, output: Path, overwrite: bool, lock_timeout: float
) -> tuple[ArgMap, list[Issue]]:
    """The map written, and its warnings (at the outline's lines, as its problems are)."""
    from ..formats.outline import relocate

    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"{output}: is the file being read; write the map elsewhere")
    OutputFolder(output.parent).check([output.name])  # a new map is output: never written through a link
    deep = too_deep(parsed.data)
    if deep is not None:
        raise RefusedError(f"{source}: {deep.message}; nothing was written", relocate([deep], parsed, str(source)))
    # The JSON the outline makes, read as a map file would be: schema problems come back at pointers.
    loaded = parse_at(output, json.dumps(parsed.data, ensure_ascii=False))
    if loaded.map is None:
        problems = relocate([i for i in loaded.issues if i.is_error], parsed, str(source))
        raise RefusedError(f"{source}: the map would be invalid; nothing was written", problems)
    if not output.parent.is_dir():
        raise ReadError(f"{output}: the folder {output.parent} does not exist; create it first")
    try:
        written = _write_maps(output.parent, [(output, loaded.map)], overwrite, lock_timeout)
    except RefusedError as exc:
        if not exc.issues:
            raise
        raise RefusedError(
            f"{source}: the map would be invalid; nothing was written", _placed(exc.issues, parsed, source, output)
        ) from None
    return loaded.map, _placed(written.warnings, parsed, source, output)


def _write_maps(
    folder: Path,
    maps: list[tuple[Path, ArgMap]],
    overwrite: bool,
    lock_timeout: float,
    documents: dict[str, str] | None = None,
) -> Plan:
    """Write new map files into their folder in one transaction, checked with the folder's other maps.

    A cross-link to a map that is not in the folder is let through as a warning (it validates once
    that map is beside it); any other error refuses the import, and nothing is written. `documents`
    (xAIF's analysed text) are written with the maps, under the project root, their quotes checked.
    """

    def operation(draft: Draft) -> list[Path]:
        written = [draft.add_document(path, text, overwrite=overwrite) for path, text in (documents or {}).items()]
        made = {id(file) for file in draft.create_many(maps, overwrite=overwrite, modelled=True)}
        present = set(draft.maps)
        # Each new map's nodes by pointer, made once: an import may bring thousands of links to absent maps.
        nodes_at: dict[int, dict[str, Node]] = {}

        def at(m: ArgMap) -> dict[str, Node]:
            index = nodes_at.get(id(m))
            if index is None:
                index = nodes_at[id(m)] = {v.pointer: v.node for v in m.walk()}
            return index

        draft.lenient = lambda issue, file: (
            id(file) in made
            and issue.code is Code.UNKNOWN_LINK
            and file.map is not None
            and _names_absent_map(issue, at(file.map), present)
        )
        return [path for path in written if path is not None]

    return run(folder, operation, lock_timeout=lock_timeout, warnings=True)


# ---------------------------------------------------------------- any interchange format


@dataclass
class ImportResult:
    """What `import_into` did: the format read (and whether it was guessed), the maps, what they lost."""

    format: str
    guessed: bool
    maps: list[ArgMap]
    losses: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def _placed(issues: list[Issue], parsed: Parsed, source: Path, output: Path) -> list[Issue]:
    """The new map's problems at the outline's lines; problems it causes in other maps stay at those maps."""
    from ..formats.outline import relocate

    own = [i for i in issues if i.file == str(output)]
    return relocate(own, parsed, str(source)) + [i for i in issues if i.file != str(output)]


def import_into(
    source: Path | str,
    output: Path | str,
    fmt: str | None = None,
    *,
    overwrite: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> ImportResult:
    """Read an interchange file into map files: a folder gets one file per map, a `.json` path the single map.

    The new maps are checked with the folder's other maps, as `argmap validate` would; a cross-link
    to a map that is not in the folder is a warning (it validates once that map is beside it), any
    other problem refuses the import and nothing is written (a folder it made is taken away again).
    """
    from .. import formats

    source, output = Path(source), fitting_name(output, "output")
    text = read_text(source, formats.MAX_IMPORT_BYTES, "file")
    chosen = fmt or formats.guess(text, str(source))
    single = output.suffix.lower() == ".json"
    if not single:
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: is not a folder; give a folder, or a .json file for a single map")
        if not output.parent.is_dir():
            raise ReadError(f"{output}: the folder {output.parent} does not exist; create it first")
    elif not output.parent.is_dir():
        raise ReadError(f"{output}: the folder {output.parent} does not exist; create it first")
    if chosen == "outline":
        # The outline keeps its own import: every problem placed at the outline's lines; parsed once.
        parsed = _parse(text, source)
        map_id = parsed.data.get("id")
        target = (
            output
            if single
            else output / f"{map_id if isinstance(map_id, str) and '/' not in map_id else source.stem}.json"
        )
        fitting_name(target, "map file")
        made = _make_folder(output, single)
        try:
            m, warnings = _write_outline(parsed, source, target, overwrite, lock_timeout)
        except ArgmapError:
            if made:
                _remove_made_folder(output)
            raise
        return ImportResult(chosen, fmt is None, [m], warnings=warnings, written=[target])
    _, imported = formats.read_text(text, str(source), chosen)
    maps = imported.maps
    if single and len(maps) != 1:
        raise UsageError(
            f"{source}: holds {len(maps)} maps ({', '.join(m.id for m in maps[:5])}"
            f"{', ...' if len(maps) > 5 else ''}); give a folder to -o to write one file per map"
        )
    paths = [output] if single else [output / f"{m.id}.json" for m in maps]
    folder = output.parent if single else output
    for path in paths:
        fitting_name(path, "map file")
    OutputFolder(folder, inputs=[source]).check(p.name for p in paths)  # no link at a destination
    result = ImportResult(chosen, fmt is None, maps, imported.loss_lines())
    made = _make_folder(output, single)
    try:
        pairs = list(zip(paths, maps, strict=True))
        written = _write_maps(folder, pairs, overwrite, lock_timeout, imported.documents)
    except RefusedError as exc:
        if made:
            _remove_made_folder(output)
        if not exc.issues:
            raise
        raise RefusedError(f"{source}: the imported maps would be invalid; nothing was written", exc.issues) from None
    except ArgmapError:
        if made:
            _remove_made_folder(output)
        raise
    result.warnings.extend(written.warnings)
    result.written.extend([*(written.value or ()), *paths])
    return result


def _make_folder(output: Path, single: bool) -> bool:
    """Make the output folder of a many-map import; whether it was made now."""
    if single or output.exists():
        return False
    output.mkdir()
    return True


def _remove_made_folder(folder: Path) -> None:
    """Take away the folder a failed import made, so a refusal leaves nothing behind."""
    (folder / LOCK_NAME).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something else is in it now: not ours to remove


def _names_absent_map(issue: Issue, nodes_at: dict[str, Node], present: set[str]) -> bool:
    """Whether an unknown-link issue names a map that is not in the folder (not a missing node of one);
    `nodes_at`: the map's nodes by JSON pointer."""
    where, _, field_name = issue.pointer.rpartition("/")[0].rpartition("/")
    index = issue.pointer.rpartition("/")[2]
    node = nodes_at.get(where)
    if node is None or field_name not in ("supports", "attacks") or not index.isdigit():
        return False
    links = getattr(node, field_name)
    if int(index) >= len(links):
        return False
    map_id, _ = split_link(links[int(index)])
    return map_id is not None and map_id not in present
