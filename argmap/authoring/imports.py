"""Bring a map in from a text format as a new map file of its debate, problems placed at the text's lines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..debate import Debate, MapFile
from ..errors import ArgmapError, ConflictError, Issue, ReadError, RefusedError, UsageError
from ..formats.outline import OutlineError, Parsed, parse_outline, relocate
from ..io.files import DEFAULT_LOCK_TIMEOUT, LOCK_NAME, OutputFolder, debate_lock, read_text, remove_stale_temps
from ..io.loader import Loaded, locate_issues, parse_at, too_deep
from ..io.serialize import dump_map
from ..model import ArgMap, split_link
from .store import create, encoded, write_all

# An outline is a human-written text; a larger one is not an outline.
MAX_OUTLINE_BYTES = 20 * 1024 * 1024


def import_outline(
    source: Path | str, output: Path | str, *, overwrite: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> ArgMap:
    """Read an outline file into a new map file, checked like `argmap validate`; problems at outline lines."""
    source, output = Path(source), Path(output)
    text = read_text(source, MAX_OUTLINE_BYTES, "outline file")
    try:
        parsed = parse_outline(text)
    except OutlineError as exc:
        located = [i.at(str(source), i.line, i.column) for i in exc.issues]
        raise RefusedError(f"{source}: not a valid outline; nothing was written", located) from None
    return _create(parsed, source, output, overwrite, lock_timeout)


def _create(parsed: Parsed, source: Path, output: Path, overwrite: bool, lock_timeout: float) -> ArgMap:
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
    try:
        create(output, loaded.map, overwrite=overwrite, lock_timeout=lock_timeout)
    except RefusedError as exc:
        raise RefusedError(
            f"{source}: the map would be invalid; nothing was written", _placed(exc.issues, parsed, source, output)
        ) from None
    return loaded.map


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
    other problem refuses the import and nothing is written.
    """
    from .. import formats

    source, output = Path(source), Path(output)
    text = read_text(source, formats.MAX_IMPORT_BYTES, "file")
    chosen = fmt or formats.guess(text, str(source))
    single = output.suffix.lower() == ".json"
    if chosen == "outline":
        # The outline keeps its own import: every problem placed at the outline's lines.
        target = output
        if not single:
            parsed = parse_outline(text) if _outline_ok(text) else None
            target = output / f"{parsed.data.get('id', source.stem) if parsed else source.stem}.json"
            output.mkdir(exist_ok=True)
        m = import_outline(source, target, overwrite=overwrite, lock_timeout=lock_timeout)
        return ImportResult(chosen, fmt is None, [m], written=[target])
    _, imported = formats.read_text(text, str(source), chosen)
    maps = imported.maps
    if single and len(maps) != 1:
        raise UsageError(
            f"{source}: holds {len(maps)} maps ({', '.join(m.id for m in maps[:5])}"
            f"{', ...' if len(maps) > 5 else ''}); give a folder to -o to write one file per map"
        )
    folder = output.parent if single else output
    created = not single and not output.exists()
    if not single:
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: is not a folder; give a folder, or a .json file for a single map")
        if not output.parent.is_dir():
            raise ReadError(f"{output}: the folder {output.parent} does not exist; create it first")
        output.mkdir(exist_ok=True)
    elif not folder.is_dir():
        raise ReadError(f"{output}: the folder {folder} does not exist; create it first")
    paths = [output] if single else [output / f"{m.id}.json" for m in maps]
    OutputFolder(folder, inputs=[source]).check(p.name for p in paths)  # no link at a destination
    result = ImportResult(chosen, fmt is None, maps, imported.loss_lines())
    try:
        with debate_lock(folder, lock_timeout):
            remove_stale_temps(folder)
            existing = [p for p in paths if p.exists() or p.is_symlink()]
            if existing and not overwrite:
                names = ", ".join(str(p) for p in existing[:3]) + (", ..." if len(existing) > 3 else "")
                raise ConflictError(f"{names}: already exists; nothing was written (--force replaces)")
            debate = Debate.load(folder)
            replaced = {p.resolve() for p in paths}
            debate.files = [f for f in debate.files if f.path.resolve() not in replaced]
            texts = [dump_map(m) for m in maps]
            new_files = [
                MapFile(p, str(p), Loaded(p, text=t, map=m.at_path(p)))
                for p, t, m in zip(paths, texts, maps, strict=True)
            ]
            debate.files.extend(new_files)
            present = set(debate.maps)
            problems: list[Issue] = []
            for file in new_files:
                # Only what is said gets a line and column: locating thousands of warnings costs more than the import.
                said: list[Issue] = []
                for issue in debate.file_problems(file, debate.maps):
                    if issue.code == "unknown-link" and _names_absent_map(issue, file.map, present):
                        said.append(replace(issue, severity="warning"))
                    elif issue.is_error:
                        said.append(issue)
                    else:
                        result.warnings.append(issue.at(str(file.path)))
                for issue in locate_issues(file.loaded, said, file.display):
                    (problems if issue.is_error else result.warnings).append(issue)
            if problems:
                raise RefusedError(f"{source}: the imported maps would be invalid; nothing was written", problems)
            for file, text_out in zip(new_files, texts, strict=True):
                encoded(file.display, text_out)
            # All or nothing: every map of the import is staged, then renamed into place.
            write_all(
                [
                    (p, t, p.read_text(encoding="utf-8") if p.exists() else None)
                    for p, t in zip(paths, texts, strict=True)
                ]
            )
            result.written.extend(paths)
    except ArgmapError:
        if created:
            _remove_made_folder(output)
        raise
    return result


def _remove_made_folder(folder: Path) -> None:
    """Take away the folder a failed import made, so a refusal leaves nothing behind."""
    (folder / LOCK_NAME).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something else is in it now: not ours to remove


def _outline_ok(text: str) -> bool:
    try:
        parse_outline(text)
    except OutlineError:
        return False
    return True


def _names_absent_map(issue: Issue, m: ArgMap, present: set[str]) -> bool:
    """Whether an unknown-link issue names a map that is not in the folder (not a missing node of one)."""
    where, _, field_name = issue.pointer.rpartition("/")[0].rpartition("/")
    index = issue.pointer.rpartition("/")[2]
    visit = next((v for v in m.walk() if v.pointer == where), None)
    if visit is None or field_name not in ("supports", "attacks") or not index.isdigit():
        return False
    links = getattr(visit.node, field_name)
    if int(index) >= len(links):
        return False
    map_id, _ = split_link(links[int(index)])
    return map_id is not None and map_id not in present
