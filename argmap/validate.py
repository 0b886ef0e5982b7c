"""Validate files and folders of maps as one debate: load, check, locate every issue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check
from .errors import Issue, UsageError
from .loader import Loaded, locate_issues, read
from .model import ArgMap
from .quotes import SourceCache


@dataclass
class Result:
    """What validating some files found."""

    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Each file with its map when it could be modelled, in the order the files were given.
    entries: list[tuple[str, ArgMap | None]] = field(default_factory=list)

    def sound_maps(self) -> list[tuple[str, ArgMap]]:
        """The files whose maps have no errors, with their maps."""
        failed = {i.file for i in self.issues if i.severity == "error"}
        return [(name, m) for name, m in self.entries if m is not None and name not in failed]

    @property
    def errors(self) -> int:
        return sum(i.severity == "error" for i in self.issues)

    @property
    def warnings(self) -> int:
        return sum(i.severity == "warning" for i in self.issues)

    @property
    def ok(self) -> bool:
        return self.errors == 0


def collect(paths: Iterable[Path | str]) -> list[tuple[Path, str]]:
    """Map files under the given files and folders, with the name to show for each, in order."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if not any(s.startswith(".") for s in p.parts))
        elif path.exists():
            files = [path]
        else:
            raise UsageError(f"no such file or folder: {given}")
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append((file, str(file)))
    return found


def _debate_ids(loaded: list[tuple[Loaded, str]]) -> dict[Path, dict[str, ArgMap]]:
    """Maps by id, per folder: a folder of maps is one debate."""
    debates: dict[Path, dict[str, ArgMap]] = {}
    for item, _ in loaded:
        if item.map is not None:
            debates.setdefault(item.path.resolve().parent, {}).setdefault(item.map.id, item.map)
    return debates


def add_siblings(folder: Path, debate: dict[str, ArgMap], exclude: Path | None = None) -> None:
    """Load the other maps of a folder, so cross-map links from a single file can be resolved."""
    skip = exclude.resolve() if exclude else None
    for file in sorted(folder.glob("*.json")):
        if file.resolve() == skip:
            continue
        sibling = read(file)
        if sibling.map is not None:
            debate.setdefault(sibling.map.id, sibling.map)


def validate_paths(paths: Iterable[Path | str], root: Path | str | None = None) -> Result:
    """Validate every map under `paths`; cross-map links resolve within each folder."""
    targets = collect(paths)
    loaded = [(read(path), display) for path, display in targets]
    debates = _debate_ids(loaded)
    completed: set[Path] = set()
    sources = SourceCache()
    result = Result(files=[display for _, display in targets])
    for item, display in loaded:
        result.entries.append((display, item.map))
        issues = list(item.issues)
        if item.map is not None:
            folder = item.path.resolve().parent
            debate = debates[folder]
            first = debate[item.map.id]
            if first is not item.map:
                issues.append(
                    Issue("duplicate-map-id", f"map id '{item.map.id}' is already used by {first.path}", "/id")
                )
            wants = item.map.linked_maps() - set(debate)
            if wants and folder not in completed:
                add_siblings(folder, debate)
                completed.add(folder)
            issues.extend(check(item.map, debate=debate, root=root, sources=sources))
        if issues:
            result.issues.extend(locate_issues(item, issues, display))
    return result
