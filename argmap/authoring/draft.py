"""A Draft: the debate opened for one transaction, whose maps the operations change in memory."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from ..debate import Debate, MapFile
from ..errors import ConflictError, Issue, ReadError, RefusedError, UsageError
from ..io.files import fitting_name, read_regular, read_seen, resolved
from ..io.loader import MAX_FILE_BYTES, Loaded, locate_issues
from ..model import ArgMap

T = TypeVar("T")


def map_name(path: Path) -> None:
    """Refuse a map file name the debate would not see (a debate is its folder's *.json files), or one
    the file system cannot hold."""
    fitting_name(path, "map file")
    if path.suffix != ".json":
        raise UsageError(f"{path}: a map file's name ends in .json (the debate is the folder's *.json files)")


@dataclass
class Plan(Generic[T]):
    """What a transaction wrote, or in plan mode would write: each changed file's new text, and the checks.

    `added` are the errors the change would add to the debate (a write refuses them); `warnings`, when
    asked for, the changed files' warnings. Both at JSON pointers (the texts are not written yet).
    """

    value: T | None = None
    raw: dict[Path, bytes] = field(default_factory=dict)  # each changed file's new text, as the UTF-8 written
    added: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # Map files given a new name: old path -> new path (the new one's text is in `texts`; the old is removed).
    renamed: dict[Path, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.added

    @property
    def texts(self) -> dict[Path, str]:
        """Each changed file's new text (decoded when asked: a write needs only the bytes)."""
        return {path: raw.decode("utf-8") for path, raw in self.raw.items()}


class Draft:
    """A debate opened for one change: the map the user named, the files the change touched or made.

    The draft owns the maps of `debate` (read for this transaction alone): operations change them in
    place and `touch` the files they change; the transaction checks and writes those files.
    """

    def __init__(self, debate: Debate, folder: Path):
        self.debate = debate
        self.folder = folder
        self.file: MapFile | None = None
        self.changed: list[MapFile] = []
        self._touched: set[int] = set()  # ids of the files in `changed`: a touch looks up one, not the list
        # What each file made by `create` replaces: its text on disk when read (None: no file there).
        self.replacing: dict[int, str | None] = {}
        # Files renamed by the change: the renamed file's id -> the file it was (removed on commit).
        self.renamed: dict[int, MapFile] = {}
        # Files `create` made from a map just modelled from data and changed by nothing since (an import's):
        # not read back before writing. Any other map handed in may have been changed past its validators.
        self.created: set[int] = set()
        # Errors an import lets through as warnings (a link to a map it has not brought in yet).
        self.lenient: Callable[[Issue, MapFile], bool] | None = None
        # Set when the transaction ends: what it wrote, or in plan mode would write.
        self.plan: Plan | None = None
        # Other files the change brings (a document an import quotes): (path, text, text on disk or None).
        self.documents: list[tuple[Path, str, str | None]] = []

    # ------------------------------------------------------------ the map named

    def open(self, path: Path | str) -> MapFile:
        """Make the map at `path` the one this change is about; refused unless it is a sound map."""
        path = Path(path)
        wanted = resolved(path)
        file = next((f for f in self.debate.files if resolved(f.path) == wanted), None)
        if file is None:
            raise ReadError(f"{path}: no such map file in {self.folder}")
        if file.display != str(path):
            file = self._renamed(file, str(path))
        if file.map is None:
            issues = locate_issues(file.loaded, file.loaded.issues, str(path))
            raise RefusedError(f"{path}: is not a sound map; fix it first (see `argmap validate {path}`)", issues)
        self.file = file
        return file

    def _renamed(self, file: MapFile, display: str) -> MapFile:
        """The file under the name the user gave it (so messages say it as they did)."""
        named = MapFile(file.path, display, file.loaded, file.folder)
        self.debate = self.debate.with_files([named])
        return named

    @property
    def map(self) -> ArgMap:
        assert self.file is not None and self.file.map is not None, "open() a map first"
        return self.file.map

    @property
    def maps(self) -> dict[str, ArgMap]:
        """Map id -> map as the draft has them now (an operation may have renamed one)."""
        out: dict[str, ArgMap] = {}
        for file in self.debate.files:
            if file.map is not None:
                out.setdefault(file.map.id, file.map)
        return out

    @property
    def root(self) -> Path:
        """The project root source paths are relative to."""
        file = self.file or (self.debate.files[0] if self.debate.files else None)
        return self.debate.root_of(file) if file is not None else self.debate.root

    def touch(self, file: MapFile | None = None) -> None:
        """Mark a file as changed, so the transaction checks and writes it."""
        file = file or self.file
        assert file is not None
        if id(file) not in self._touched:
            self._touched.add(id(file))
            self.changed.append(file)

    def others(self) -> list[MapFile]:
        """The other sound maps of the debate."""
        return [f for f in self.debate.files if f is not self.file and f.map is not None]

    # ------------------------------------------------------------ new files

    def create(self, path: Path | str, argmap: ArgMap, *, overwrite: bool = False, modelled: bool = False) -> MapFile:
        """Add a new map file to the debate (written on commit); an existing file is replaced only when asked.

        `modelled`: the map was just made by the model from data, and nothing in this change alters it, so
        its text need not be read back before it is written (an import's thousands of nodes).
        """
        return self.create_many([(Path(path), argmap)], overwrite=overwrite, modelled=modelled)[0]

    def create_many(
        self, items: list[tuple[Path, ArgMap]], *, overwrite: bool = False, modelled: bool = False
    ) -> list[MapFile]:
        """`create` for many files at once: the debate is remade once, not once per file (an import may bring
        thousands of maps, and each remaking looks at every file already there)."""
        folder = self.folder.resolve()
        files: list[MapFile] = []
        currents: list[str | None] = []
        named: set[Path] = set()
        for path, argmap in items:
            path = Path(path)
            map_name(path)
            if path.parent.resolve() != folder:
                raise UsageError(f"{path}: is not in the debate folder {self.folder}")
            if path.resolve() in named:
                raise UsageError(f"{path}: is named twice among the maps to create")
            named.add(path.resolve())
            exists = path.exists() or path.is_symlink()
            if exists and not overwrite:
                raise ConflictError(f"{path}: already exists; nothing was written (--force replaces it)")
            current = None
            seen = None
            if exists:
                if path.is_dir():
                    raise ReadError(f"{path}: is a folder; give the path of the map file to create")
                raw, seen = read_seen(path, MAX_FILE_BYTES, "map file")
                current = raw.decode("utf-8-sig", "replace")
            loaded = Loaded(path, text=current or "", map=argmap.at_path(path), seen=seen)
            files.append(MapFile(path, str(path), loaded))
            currents.append(current)
        self.debate = self.debate.with_files(files)
        for file, current in zip(files, currents, strict=True):
            self.replacing[id(file)] = current
            if modelled:
                self.created.add(id(file))
            self.touch(file)
        return files

    def rename_file(self, file: MapFile, path: Path | str) -> MapFile:
        """Give a map file a new name in its folder: on commit its map is written at `path` and `file` removed."""
        path = Path(path)
        map_name(path)
        if path.parent.resolve() != file.path.parent.resolve():
            raise UsageError(f"{path}: a map file is renamed within its folder ({file.path.parent})")
        if path.exists() or path.is_symlink():
            raise ConflictError(f"{path}: already exists; nothing was written")
        assert file.map is not None
        renamed = MapFile(path, str(path), Loaded(path, text="", map=file.map.at_path(path)), file.folder)
        self.debate = self.debate.rebuilt([renamed if f is file else f for f in self.debate.files])
        self.renamed[id(renamed)] = self.renamed.pop(id(file), file)
        self.replacing[id(renamed)] = None  # no file may stand at the new name
        self.changed = [f for f in self.changed if f is not file]
        self._touched.discard(id(file))
        self.touch(renamed)
        if self.file is file:
            self.file = renamed
        return renamed

    def add_document(self, relative: str, text: str, *, overwrite: bool = False) -> Path | None:
        """A source document (under the project root) written with the maps; its quotes checked against it now.

        The same text already there is left as it is (None); another text there is replaced only when asked.
        """
        from ..io.files import OutputFolder

        root = self.root
        path = root / relative
        OutputFolder(root).check([relative])  # never written through a link
        current = None
        if path.exists() or path.is_symlink():
            current = read_regular(path, None, "source text").decode("utf-8-sig", "replace")
            if current == text:
                return None
            if not overwrite:
                raise ConflictError(f"{path}: already exists with another text; nothing was written (--force replaces)")
        self.debate.sources.put(path, text)
        self.documents.append((path, text, current))
        return path

    def expected(self, file: MapFile) -> str | None:
        """A changed file's text as read (None: there must be no file), to tell whether it changed since."""
        if id(file) in self.replacing:
            return self.replacing[id(file)]
        return file.loaded.text


def writable(path: Path) -> bool:
    """Whether a write may replace the file: access, and its mode bits too (root may write anything,
    but a file marked read-only stays so)."""
    target = path.resolve()
    return os.access(target, os.W_OK) and bool(target.stat().st_mode & 0o222)
