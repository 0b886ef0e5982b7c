"""The debate: the one way in. `open_debate` reads every map of the folders some paths name, once.

A folder of maps is one debate: cross-links name nodes of the folder's other maps (`map-id:node-id`).
A Debate is complete (every map of its folders is read before anything is checked) and is not changed
after it is made; each file's findings are computed the first time they are asked for, and kept.
validate, render, the site, evaluate, export, coverage, diff and every writer start from one; the
language server keeps one per folder and makes the next from it (`with_texts`), re-reading only the files
that changed and reusing what it knew of the others (their facts, and their findings where those hold).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from . import checks
from .checks.context import Consulted, Context, Facts
from .errors import ArgmapError, Code, Findings, Issue, RefusedError, UsageError
from .io.files import resolved
from .io.loader import Loaded, locate_issues, read
from .io.shape import Shape, json_shape
from .model import ArgMap, Node, split_link
from .quotes import SourceCache
from .vocab import Relation

ROOT_MARKERS = ("seeds", "pyproject.toml", ".git")


def find_root(start: Path | None) -> Path:
    """The project root of a map file: the nearest folder above it holding seeds/, pyproject.toml or .git."""
    if start is None:
        return Path.cwd()
    folder = resolved(start).parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return folder


def _hidden(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") for part in parts)


def map_files(folder: Path) -> list[Path]:
    """The map files of one debate folder, in name order (hidden files left out)."""
    return Disk().map_files(folder, recursive=False)


class Files(Protocol):
    """Where map files are read from: the disk (with unsaved texts laid over it), or a git revision."""

    def is_dir(self, path: Path) -> bool: ...

    def exists(self, path: Path) -> bool: ...

    def key(self, path: Path) -> Hashable:
        """What one file is, however it is reached (two paths to one file give one key)."""
        ...

    def folder_key(self, path: Path) -> Path:
        """The debate a file belongs to: its folder, as one key however it is reached."""
        ...

    def map_files(self, folder: Path, recursive: bool) -> list[Path]:
        """The map files of a folder (*.json, hidden ones left out), in name order; below it too if asked."""
        ...

    def load(self, paths: Sequence[Path]) -> list[Loaded]:
        """Each file read, parsed, checked against the schema and modelled (never raises for bad content)."""
        ...

    def display(self, path: Path) -> str: ...


class Disk:
    """Map files on disk; `overlay` gives texts (unsaved buffers) that stand in for files' contents."""

    def __init__(self, overlay: Mapping[Path, str] | None = None):
        self.overlay = {resolved(Path(p)): text for p, text in (overlay or {}).items()}

    def is_dir(self, path: Path) -> bool:
        return path.is_dir()

    def exists(self, path: Path) -> bool:
        return path.exists() or path.is_symlink() or resolved(path) in self.overlay

    def key(self, path: Path) -> Hashable:
        return resolved(path)

    def folder_key(self, path: Path) -> Path:
        return resolved(path.parent)

    def map_files(self, folder: Path, recursive: bool) -> list[Path]:
        found = folder.rglob("*.json") if recursive else folder.glob("*.json")
        files = {p for p in found if not _hidden(p.relative_to(folder).parts) and not p.is_dir()}
        if self.overlay:
            # An unsaved buffer of a new map is part of its folder's debate before it is ever saved.
            base = resolved(folder)
            for path in self.overlay:
                if path.suffix == ".json" and (path.parent == base or recursive and path.is_relative_to(base)):
                    below = path.relative_to(base)
                    if not _hidden(below.parts) and not path.exists():
                        files.add(folder / below)
        return sorted(files)

    def load(self, paths: Sequence[Path]) -> list[Loaded]:
        out = []
        for path in paths:
            text = self.overlay.get(resolved(path)) if self.overlay else None
            out.append(read(path) if text is None else read(path, raw=text.encode("utf-8", "surrogatepass")))
        return out

    def display(self, path: Path) -> str:
        return str(path)


def load_file(path: Path, text: str | None = None) -> MapFile:
    """One file read as a debate reads it: from disk, or from `text` standing in for its contents."""
    (loaded,) = Disk({path: text} if text is not None else None).load([path])
    return MapFile(path, str(path), loaded)


@dataclass(frozen=True, eq=False, init=False)
class MapFile:
    """One file of a debate as read: its path, the name to show for it, what loading it gave, its folder."""

    path: Path
    display: str
    loaded: Loaded
    folder: Path  # the debate folder it belongs to (default: the path's folder, resolved)

    def __init__(self, path: Path, display: str, loaded: Loaded, folder: Path | None = None) -> None:
        put = object.__setattr__  # frozen: the fields are set once, here
        put(self, "path", path)
        put(self, "display", display)
        put(self, "loaded", loaded)
        put(self, "folder", resolved(self.path.parent) if folder is None else folder)

    @property
    def map(self) -> ArgMap | None:
        return self.loaded.map

    @classmethod
    def of(cls, argmap: ArgMap, display: str | None = None, text: str = "") -> MapFile:
        """A map made or changed in memory, as the file it is (or would be) at its path."""
        path = argmap.path if argmap.path is not None else Path(f"{argmap.id}.json")
        return cls(
            path,
            display or (str(argmap.path) if argmap.path is not None else argmap.id),
            Loaded(path, text, map=argmap),
        )


class Debate:
    """The maps of one or more folders, every one read; `given` are the files the paths named, in order.

    Each folder is a debate of its own: links resolve, and map ids must be unique, within a folder.
    Do not change a Debate's maps: its findings are kept. A writer changes a Draft (`authoring.store`).
    """

    def __init__(
        self,
        files: Iterable[MapFile] = (),
        given: Iterable[MapFile] | None = None,
        *,
        root: Path | str | None = None,
        sources: SourceCache | None = None,
        placed: bool = False,
    ):
        self.files: tuple[MapFile, ...] = tuple(files)
        self.given: tuple[MapFile, ...] = self.files if given is None else tuple(given)
        self._root: Path | None = Path(root) if root is not None else None
        self.sources = sources or SourceCache()
        # Whether `problems` name their file (its display), as a writer reports them: the rules then make
        # each issue placed, rather than unplaced and copied (an import's check makes tens of thousands).
        self.placed = placed
        # The paths the debate was opened on, as given (for messages).
        self.opened_on: tuple[str, ...] = ()
        # JSON files of a folder asked for that are surely no maps (package.json beside the maps): left out.
        self.skipped: tuple[str, ...] = ()
        self._problems: dict[tuple[int, bool], list[Issue]] = {}
        self._roots: dict[Path, Path] = {}
        # Kept across `with_files` for the files it keeps (keyed by id, the object held so the id stays its own):
        # each map's facts; each file's findings by its own rules, with the maps they looked up; its located issues.
        self._facts: dict[int, tuple[ArgMap, Facts]] = {}
        self._checked: dict[tuple[int, bool], tuple[MapFile, Consulted, list[Issue]]] = {}
        self._located: dict[int, tuple[MapFile, list[Issue], list[Issue]]] = {}

    @classmethod
    def of_maps(cls, maps: Iterable[ArgMap], *, root: Path | str | None = None) -> Debate:
        """A debate of maps made or loaded in memory (their files, where they have one, are not read)."""
        return cls([MapFile.of(m) for m in maps], root=root)

    # ------------------------------------------------------------ what it holds

    @cached_property
    def folders(self) -> dict[Path, tuple[MapFile, ...]]:
        """Each folder's files, in the debate's order (the files given first, then the rest by name)."""
        out: dict[Path, list[MapFile]] = {}
        for file in self.files:
            out.setdefault(file.folder, []).append(file)
        return {folder: tuple(files) for folder, files in out.items()}

    @cached_property
    def maps(self) -> dict[str, ArgMap]:
        """Map id -> map, for every file that could be modelled (the first file of an id wins)."""
        out: dict[str, ArgMap] = {}
        for file in self.files:
            if file.map is not None:
                out.setdefault(file.map.id, file.map)
        return out

    def __iter__(self) -> Iterator[ArgMap]:
        """The sound maps, in file order."""
        return iter(self.maps.values())

    def __len__(self) -> int:
        return len(self.maps)

    def file_of(self, map_id: str) -> MapFile | None:
        return next((f for f in self.files if f.map is not None and f.map.id == map_id), None)

    def path_of(self, map_id: str) -> Path | None:
        file = self.file_of(map_id)
        return file.path if file else None

    def links_into(self, map_id: str, node_ids: set[str]) -> list[tuple[MapFile, Node, Relation, str]]:
        """Every cross-link in the debate that names one of `node_ids` of map `map_id`: file, node, relation, link."""
        out = []
        for file in self.files:
            other = file.map
            if other is None:
                continue
            for node, *_ in other.walk():
                for relation, links in ((Relation.SUPPORTS, node.supports), (Relation.ATTACKS, node.attacks)):
                    for link in links:
                        target_map, target = split_link(link)
                        if (target_map or other.id) == map_id and target in node_ids:
                            out.append((file, node, relation, link))
        return out

    @property
    def root(self) -> Path:
        """The project root source paths are relative to: the one given, else the first folder's."""
        if self._root is not None:
            return self._root
        return self.root_of(self.files[0]) if self.files else find_root(None)

    def root_of(self, file: MapFile) -> Path:
        """The project root that the file's source paths are relative to."""
        if self._root is not None:
            return self._root
        if file.folder not in self._roots:
            self._roots[file.folder] = find_root(file.path)
        return self._roots[file.folder]

    def rebuilt(self, files: Iterable[MapFile], *, placed: bool = False) -> Debate:
        """A new debate of these files, with this one's root and source cache (and nothing else kept)."""
        return Debate(files, root=self._root, sources=self.sources, placed=placed)

    def with_files(self, files: Iterable[MapFile], *, remove: Iterable[Path] = ()) -> Debate:
        """A new debate with these files in place of the ones at their paths (others are added, given), and
        the files at `remove` left out.

        The files it keeps are taken as unchanged: what this debate worked out about them (each map's facts,
        and a file's findings while the maps they depend on are the same) is reused. After changing maps
        in place, make a debate of fresh objects with `rebuilt`.
        """
        new = list(files)
        by_key = {resolved(f.path): f for f in new}
        gone = {resolved(Path(p)) for p in remove}
        kept: list[MapFile] = []
        swapped: dict[int, MapFile] = {}
        for old in self.files:
            key = resolved(old.path)
            if key in gone:
                continue
            swapped[id(old)] = replacement = by_key.pop(key, old)
            kept.append(replacement)
        added = [f for f in new if resolved(f.path) in by_key]
        given = [swapped[id(f)] for f in self.given if id(f) in swapped] + added
        debate = Debate([*kept, *added], given, root=self._root, sources=self.sources, placed=self.placed)
        unchanged = {id(f) for f in self.files if swapped.get(id(f)) is f}
        maps = {id(f.map) for f in kept if id(f) in unchanged and f.map is not None}
        debate._facts = {key: value for key, value in self._facts.items() if key in maps}
        debate._checked = {key: value for key, value in self._checked.items() if key[0] in unchanged}
        debate._located = {key: value for key, value in self._located.items() if key in unchanged}
        debate._roots = dict(self._roots)
        return debate

    def with_texts(self, texts: Mapping[Path, str | None]) -> Debate:
        """A new debate with these files read from the texts given (None: as on disk now, left out if gone).

        Only those files are read; the others, and what is known of them, are kept (see `with_files`).
        """
        files = [load_file(path, text) for path, text in texts.items() if text is not None or path.exists()]
        gone = [path for path, text in texts.items() if text is None and not path.exists()]
        return self.with_files(files, remove=gone)

    def facts(self, m: ArgMap) -> Facts:
        """What other maps' rules need of a map (its node ids, support links, speakers): one walk per map."""
        kept = self._facts.get(id(m))
        if kept is None or kept[0] is not m:
            kept = self._facts[id(m)] = (m, Facts.of(m))
        return kept[1]

    # ------------------------------------------------------------ checking

    @cached_property
    def _folder_maps(self) -> dict[Path, dict[str, ArgMap]]:
        out: dict[Path, dict[str, ArgMap]] = {}
        for folder, files in self.folders.items():
            maps: dict[str, ArgMap] = {}
            for file in files:
                if file.map is not None:
                    maps.setdefault(file.map.id, file.map)
            out[folder] = maps
        return out

    @cached_property
    def _debate_wide(self) -> dict[Path, dict[str, list[Issue]]]:
        return {folder: checks.run_debate(maps, self.facts) for folder, maps in self._folder_maps.items()}

    def debate_rule_findings(self) -> dict[str, list[Issue]]:
        """What the debate rules (support cycles, speaker spellings) found, by map id: a finding there can come
        and go on a map no edit touched (a circle of four maps broken in one of them)."""
        return {map_id: issues for by_map in self._debate_wide.values() for map_id, issues in by_map.items()}

    def _own_rules(self, file: MapFile, argmap: ArgMap, maps: dict[str, ArgMap], errors_only: bool) -> list[Issue]:
        """The map's rules (`checks.run`), or what they found before if the maps they looked up are unchanged."""
        key = (id(file), errors_only)
        kept = self._checked.get(key)
        if kept is not None and kept[0] is file and kept[1].holds_in(maps):
            return kept[2]
        consulted = Consulted(maps)
        known = self._facts.get(id(argmap))
        ctx = Context(
            map=argmap,
            root=self.root_of(file),
            debate=consulted,
            sources=self.sources,
            visits=list(argmap.walk()),
            facts_of=self.facts,
            known=known[1] if known is not None and known[0] is argmap else None,
            file=file.display if self.placed else None,
        )
        found = checks.run(ctx, errors_only)
        if ctx.known is None and "facts" in ctx.__dict__:  # worked out from the rules' walk: kept for the others
            self._facts[id(argmap)] = (argmap, ctx.facts)
        self._checked[key] = (file, consulted, found)
        return found

    def problems(self, file: MapFile, *, errors_only: bool = False) -> list[Issue]:
        """What is wrong with one file, on its own and in its folder's debate, at JSON pointers (and naming
        the file, in a debate that places its problems)."""
        key = (id(file), errors_only)
        if key in self._problems:
            return self._problems[key]
        issues = list(file.loaded.issues)
        argmap = file.map
        if argmap is not None:
            maps = self._folder_maps[file.folder]
            first = maps[argmap.id]
            if first is not argmap:
                owner = next(f for f in self.folders[file.folder] if f.map is first)
                issues.append(
                    Issue(Code.DUPLICATE_MAP_ID, f"map id '{argmap.id}' is already used by {owner.display}", "/id")
                )
            # The map's own rules run first: their walk gives the map's facts, which the debate rules need too.
            own = self._own_rules(file, argmap, maps, errors_only)
            wide = self._debate_wide[file.folder].get(argmap.id, []) if first is argmap else []
            # The debate rules' errors (support cycles) before the map's own findings, their warnings after.
            issues.extend(i for i in wide if i.is_error)
            issues.extend(own)
            issues.extend(i for i in wide if not i.is_error and not errors_only)
        if self.placed:  # the rules placed most; the others are placed here
            issues = [i if i.file is not None else i.at(file.display) for i in issues]
        self._problems[key] = issues
        return issues

    def findings_of(self, file: MapFile) -> list[Issue]:
        """Everything wrong with one file, located at its lines."""
        issues = self.problems(file)
        kept = self._located.get(id(file))
        if kept is None or kept[0] is not file or kept[1] != issues:
            located = locate_issues(file.loaded, issues, file.display) if issues else []
            kept = self._located[id(file)] = (file, issues, located)
        return kept[2]

    @cached_property
    def findings(self) -> Findings:
        """What `argmap validate` reports: every issue of the given files, file by file, in the order given."""
        return Findings(tuple(f.display for f in self.given), tuple(i for f in self.given for i in self.findings_of(f)))

    @property
    def ok(self) -> bool:
        return self.findings.ok

    def sound(self) -> list[MapFile]:
        """The given files whose maps have no errors, in the order given."""
        return [f for f in self.given if f.map is not None and not any(i.is_error for i in self.findings_of(f))]

    def errors(self) -> list[Issue]:
        """Every error of the given files, located."""
        return [i for i in self.findings.issues if i.is_error]

    def given_maps(self) -> list[tuple[str, ArgMap]]:
        """Each given file's name and map; a file that could not be read as a map is refused at its first problem.

        For commands that need the maps but not their soundness (diff, coverage): other problems are
        `argmap validate`'s to report.
        """
        out = []
        for file in self.given:
            if file.map is None:
                first = locate_issues(file.loaded, file.loaded.issues, file.display)[0]
                raise ArgmapError(f"{file.display}:{first.line}:{first.column}: {first.message}")
            out.append((file.display, file.map))
        return out

    def require_sound(self, what: str) -> None:
        """Refuse, with the located errors, a debate whose given files have any."""
        errors = self.errors()
        if errors:
            names = ", ".join(dict.fromkeys(i.file or "" for i in errors))
            raise RefusedError(f"{names}: {what} needs maps without errors (see `argmap validate`)", errors)


# ---------------------------------------------------------------- opening


def _collect(paths: Iterable[Path | str], files: Files, recursive: bool = True) -> list[Path]:
    """The map files the paths name: files as given, folders searched (below too), once each, in order."""
    found: list[Path] = []
    seen: set[Hashable] = set()
    for given in paths:
        path = Path(given)
        if files.is_dir(path):
            named = files.map_files(path, recursive=recursive)
        elif files.exists(path):
            named = [path]
        else:
            raise UsageError(f"no such file or folder: {given}")
        for file in named:
            key = files.key(file)
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def open_debate(
    paths: Iterable[Path | str],
    root: Path | str | None = None,
    overlay: Mapping[Path, str] | None = None,
    *,
    files: Files | None = None,
    recursive: bool = True,
) -> Debate:
    """The debate the paths name: every map of each folder they touch is read, the files named first.

    `paths` are map files and folders (a folder is searched below, each folder found its own debate);
    `root` is the project root source paths are relative to (default: found from each map);
    `overlay` maps paths to texts that stand in for the files' contents (a new path adds a map);
    `files` reads from elsewhere than the disk (diff reads a git revision);
    `recursive=False` takes a folder's own maps, not those of the folders below it.
    """
    files = files or Disk(overlay)
    paths = list(paths)  # read twice: a one-pass iterable would lose its files
    named = _collect(paths, files, recursive)
    # Every map of each folder, the named ones first: they win a clash of map ids, as the user meant them.
    order: dict[Hashable, Path] = {}
    given_keys = []
    for path in named:
        key = files.key(path)
        order.setdefault(key, path)
        given_keys.append(key)
    folders: dict[Path, Path] = {}
    for path in named:
        folders.setdefault(files.folder_key(path), path.parent)
    for folder in folders.values():
        for path in files.map_files(folder, recursive=False):
            order.setdefault(files.key(path), path)
    paths_in_order = list(order.values())
    loaded = files.load(paths_in_order)
    by_key = {
        key: MapFile(path, files.display(path), load, files.folder_key(path))
        for (key, path), load in zip(order.items(), loaded, strict=True)
    }
    # A file found in a folder that does not load as a map, and whose top level has none of a map's keys and
    # names no argmap schema, is some other JSON (package.json, a settings file): not the debate's. A file
    # named on its own is always checked.
    explicit = {files.key(Path(p)) for p in paths if not files.is_dir(Path(p))}
    skipped = [
        key
        for key, file in by_key.items()
        if file.map is None and key not in explicit and json_shape(file.loaded.text or file.loaded.head) is Shape.OTHER
    ]
    for key in skipped:
        by_key.pop(key)
    # Named where the user asked for a folder's maps; a named map's neighbours are only its debate's context.
    walked = [order[k] for k in given_keys if k not in by_key]
    given_keys = [k for k in given_keys if k in by_key]
    grouped: dict[Path, list[MapFile]] = {}
    for file in by_key.values():
        grouped.setdefault(file.folder, []).append(file)
    everything = [f for group in grouped.values() for f in group]
    debate = Debate(everything, [by_key[k] for k in given_keys], root=root)
    debate.opened_on = tuple(str(p) for p in paths)
    debate.skipped = tuple(files.display(path) for path in walked)
    return debate


def check(argmap: ArgMap, *, debate: Debate | None = None, root: Path | str | None = None) -> list[Issue]:
    """Every issue of one map, at JSON pointers, checked against the other maps of its debate.

    Without `debate`, the debate is the folder the map was loaded from (for a map made in memory, only
    itself). The map takes the place of its file there, or, made in memory, of the map of its id.
    """
    if debate is None:
        path = argmap.path
        debate = open_debate([path], root) if path is not None and path.exists() else Debate(root=root)
    twin = debate.file_of(argmap.id) if argmap.path is None else None
    if twin is None:
        file = MapFile.of(argmap)
    else:
        file = MapFile(twin.path, twin.display, Loaded(twin.path, map=argmap), twin.folder)
    return debate.with_files([file]).problems(file)
