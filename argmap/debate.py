"""The debate: the maps of a folder, loaded once and checked together; the one place the rules run.

A folder of maps is one debate: cross-links name nodes of the folder's other maps (`map-id:node-id`).
`validate`, every authoring change, rendering and the other commands see maps through a Debate.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .checks.context import Context
from .checks.quotes import SourceCache
from .errors import Issue, UsageError
from .io.loader import Loaded, locate_issues, read
from .model import ArgMap, Node, split_link
from .vocab import Relation

ROOT_MARKERS = ("seeds", "pyproject.toml", ".git")


def find_root(start: Path | None) -> Path:
    """The project root of a map file: the nearest folder above it holding seeds/, pyproject.toml or .git."""
    if start is None:
        return Path.cwd()
    folder = start.resolve().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return folder


def map_files(folder: Path) -> list[Path]:
    """The map files of one debate folder, in name order (hidden files left out)."""
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


@dataclass
class MapFile:
    """One file of a debate as read: its path, the name to show for it, and what loading it gave."""

    path: Path
    display: str
    loaded: Loaded

    @property
    def map(self) -> ArgMap | None:
        return self.loaded.map


class Debate:
    """The maps of one folder. Files given explicitly come first; the rest are read when a link needs them."""

    def __init__(
        self,
        folder: Path,
        files: Iterable[MapFile] = (),
        *,
        root: Path | str | None = None,
        sources: SourceCache | None = None,
        complete: bool = False,
        closed: bool = False,
    ):
        self.folder = folder
        self.files: list[MapFile] = list(files)
        self._root = Path(root) if root is not None else None
        self.sources = sources or SourceCache()
        # closed: the caller gave every map there is; the folder is not read for more.
        self._complete = closed
        if complete:
            self.complete()

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, folder: Path | str, *, root: Path | str | None = None) -> Debate:
        """Every map file of `folder`."""
        folder = Path(folder)
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a folder of maps")
        return cls(folder, root=root, complete=True)

    def complete(self) -> None:
        """Read the folder's map files that are not read yet."""
        if self._complete:
            return
        self._complete = True
        have = {f.path.resolve() for f in self.files}
        for path in map_files(self.folder):
            if path.resolve() not in have:
                self.files.append(MapFile(path, str(path), read(path)))

    def __iter__(self) -> Iterator[ArgMap]:
        """The sound maps, in file order."""
        return iter(self.maps.values())

    def __len__(self) -> int:
        return len(self.maps)

    @property
    def maps(self) -> dict[str, ArgMap]:
        """Map id -> map, for every file that could be modelled (the first file of an id wins)."""
        out: dict[str, ArgMap] = {}
        for file in self.files:
            if file.map is not None:
                out.setdefault(file.map.id, file.map)
        return out

    @property
    def root(self) -> Path:
        return self._root if self._root is not None else find_root(self.folder / "_")

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

    # ------------------------------------------------------------ checking

    def check_map(
        self, argmap: ArgMap, maps: Mapping[str, ArgMap] | None = None, *, errors_only: bool = False
    ) -> list[Issue]:
        """Every semantic issue of one map of this debate, at JSON pointers (not yet at lines)."""
        maps = self.maps if maps is None else maps
        if not self._complete and argmap.linked_maps() - set(maps):
            self.complete()
            maps = self.maps
        root = self._root if self._root is not None else find_root(argmap.path or self.folder / "_")
        ctx = Context(map=argmap, root=root, debate=maps, sources=self.sources, visits=list(argmap.walk()))
        return checks.run(ctx, errors_only)

    def file_problems(
        self, file: MapFile, maps: Mapping[str, ArgMap] | None = None, *, errors_only: bool = False
    ) -> list[Issue]:
        """What is wrong with one file on its own and in this debate, at JSON pointers (not yet at lines)."""
        if file.map is None:
            return list(file.loaded.issues)
        issues = list(file.loaded.issues)
        first = self.file_of(file.map.id)
        if first is not None and first is not file:
            issues.append(
                Issue("duplicate-map-id", f"map id '{file.map.id}' is already used by {first.display}", "/id")
            )
        issues.extend(self.check_map(file.map, self.maps if maps is None else maps, errors_only=errors_only))
        return issues

    def issues_of(
        self, file: MapFile, maps: Mapping[str, ArgMap] | None = None, debate_wide: dict[str, list[Issue]] | None = None
    ) -> list[Issue]:
        """Everything wrong with one file, located at its lines (`debate_wide`: the debate rules' findings)."""
        issues = self.file_problems(file, maps)
        if file.map is not None and debate_wide and self.file_of(file.map.id) is file:
            issues.extend(debate_wide.get(file.map.id, []))
        return locate_issues(file.loaded, issues, file.display) if issues else []

    def validate(self, files: Iterable[MapFile] | None = None) -> list[Issue]:
        """Every issue of the given files (default: all read so far), file by file."""
        chosen = list(self.files if files is None else files)
        maps = self.maps
        out: list[Issue] = []
        debate_wide = checks.run_debate(maps)
        for file in chosen:
            before = len(self.files)
            out.extend(self.issues_of(file, maps, debate_wide))
            if len(self.files) != before:  # a link made the debate read the rest of the folder
                maps = self.maps
                debate_wide = checks.run_debate(maps)
        return out


# ---------------------------------------------------------------- validating paths


@dataclass
class ValidationResult:
    """What validating some files found."""

    kind = "findings"

    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Each file with its map when it could be modelled, in the order the files were given.
    entries: list[tuple[str, ArgMap | None]] = field(default_factory=list)
    debates: list[Debate] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(i.is_error for i in self.issues)

    @property
    def warnings(self) -> int:
        return len(self.issues) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def sound_maps(self) -> list[tuple[str, ArgMap]]:
        """The files whose maps have no errors, with their maps."""
        failed = {i.file for i in self.issues if i.is_error}
        return [(name, m) for name, m in self.entries if m is not None and name not in failed]


def collect(paths: Iterable[Path | str]) -> list[Path]:
    """Map files under the given files and folders (folders searched for *.json), in order, once each."""
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if not any(s.startswith(".") for s in p.parts))
        elif path.exists() or path.is_symlink():
            files = [path]
        else:
            raise UsageError(f"no such file or folder: {given}")
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def debates_of(paths: Iterable[Path | str], root: Path | str | None = None) -> list[Debate]:
    """The given map files grouped into the debates (folders) they belong to, sharing one source cache."""
    sources = SourceCache()
    debates: dict[Path, Debate] = {}
    for path in collect(paths):
        folder = path.parent.resolve()
        if folder not in debates:
            debates[folder] = Debate(path.parent, root=root, sources=sources)
        debates[folder].files.append(MapFile(path, str(path), read(path)))
    return list(debates.values())


def validate_paths(paths: Iterable[Path | str], root: Path | str | None = None) -> ValidationResult:
    """Validate every map under `paths`; cross-map links resolve within each folder."""
    files = collect(paths)  # once: `paths` may be a one-pass iterable, and folders are searched only once
    debates = debates_of(files, root)
    result = ValidationResult(debates=debates)
    located: dict[str, list[Issue]] = {}
    for debate in debates:
        for issue in debate.validate(list(debate.files)):
            located.setdefault(issue.file or "", []).append(issue)
    # Report in the order the files were given, whichever folder they are in.
    rank = {path.resolve(): n for n, path in enumerate(files)}
    given = [f for debate in debates for f in debate.files if f.path.resolve() in rank]
    for file in sorted(given, key=lambda f: rank[f.path.resolve()]):
        result.files.append(file.display)
        result.entries.append((file.display, file.map))
        result.issues.extend(located.get(file.display, []))
    return result


def load_debate(path: Path | str = "maps", *, root: Path | str | None = None) -> Debate:
    """The debate a folder holds, or the one a map file belongs to (every map of its folder)."""
    path = Path(path)
    if path.is_dir():
        return Debate.load(path, root=root)
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    debate = Debate(path.parent, [MapFile(path, str(path), read(path))], root=root)
    debate.complete()
    return debate


def check(
    argmap: ArgMap,
    *,
    debate: Debate | Mapping[str, ArgMap] | None = None,
    root: Path | str | None = None,
    sources: SourceCache | None = None,
) -> list[Issue]:
    """Every semantic issue of one map, checked against the other maps of its debate.

    Without `debate`, the debate is the folder the map was loaded from (for a map made in memory,
    only itself); a mapping of map id -> map may stand in for a Debate.
    """
    if isinstance(debate, Debate):
        return debate.check_map(argmap) + checks.run_debate(debate.maps).get(argmap.id, [])
    if debate is not None:
        maps = {**debate, argmap.id: argmap} if argmap.id not in debate else dict(debate)
        context_root = Path(root) if root is not None else find_root(argmap.path)
        host = Debate(Path(context_root), root=context_root, sources=sources, closed=True)
        return host.check_map(argmap, maps) + checks.run_debate(maps).get(argmap.id, [])
    folder = argmap.path.parent if argmap.path is not None else None
    if folder is None:
        host = Debate(Path.cwd(), root=root, sources=sources, closed=True)
        return host.check_map(argmap, {argmap.id: argmap}) + checks.run_debate({argmap.id: argmap}).get(argmap.id, [])
    host = Debate(folder, root=root, sources=sources, complete=True)
    maps = {m.id: m for m in host if m.path is None or m.path.resolve() != argmap.path.resolve()}
    maps[argmap.id] = argmap
    return host.check_map(argmap, maps) + checks.run_debate(maps).get(argmap.id, [])
