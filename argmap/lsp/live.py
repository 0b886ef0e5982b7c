"""The debates open in an editor: each folder's maps as on disk or as typed, re-checked edit by edit.

Each folder is a `Debate` opened once (`open_debate`); an edit makes the next from it (`Debate.with_texts`),
which re-reads that one file and keeps what it knew of the others. The edited map is checked against the
others as last read; the other files are re-checked only when the edit can change what is wrong with them
(links to or from the edited map, its id, its speakers). Every check is the library's own.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..debate import Debate, MapFile, find_root, load_file, map_files, open_debate
from ..errors import Issue
from ..io.loader import Loaded
from ..model import ArgMap
from ..quotes import SourceCache
from .shape import HEAD, Shape, is_outline, json_shape

if TYPE_CHECKING:
    from ..formats.outline import Parsed


@dataclass
class Summary:
    """What other files' findings can depend on in one map: its id, the maps it links to, its speakers
    (each person's first spelling and node, which the debate's speaker rule names)."""

    map_id: str | None = None
    links_to: frozenset[str] = frozenset()
    speakers: frozenset[tuple[str, str, str]] = frozenset()

    @classmethod
    def of(cls, debate: Debate, m: ArgMap | None) -> Summary:
        if m is None:
            return cls()
        facts = debate.facts(m)
        speakers = frozenset((name, speaker, node) for name, (speaker, node, _) in facts.speakers.items())
        return cls(m.id, facts.links_to, speakers)


@dataclass
class Outline:
    """An outline file open in the editor: the map it describes, and where each pointer came from."""

    file: MapFile
    places: Parsed | None = None  # None when the outline cannot be read
    problems: list[Issue] = field(default_factory=list)  # an unreadable outline's problems, at its lines
    text: str = ""  # the outline as typed


class LiveDebate:
    """One debate folder as the editor sees it: every map file, with the open ones as typed."""

    def __init__(
        self,
        folder: Path,
        root: Path | None = None,
        overlay: Mapping[Path, str] | None = None,
        outlines: Collection[Path] = (),
    ):
        """The folder's debate, with `overlay`'s texts (the buffers open in it) standing in for their files;
        `outlines`: the files known to be outlines whatever their text now looks like."""
        self.folder = folder
        self.root = root or find_root(folder / "_")
        self.summaries: dict[Path, tuple[MapFile, Summary]] = {}
        self._before: dict[Path, Summary] = {}  # each changed file's summary before its first unchecked change
        # ... and what the debate rules found then, by map id (a support cycle is reported on every map it
        # passes through, also on maps that neither link to the changed one nor are linked from it).
        self._wide_before: dict[Path, dict[str, list[Issue]]] = {}
        self.outlines: dict[Path, Outline] = {}
        # Each file's last sound map: what a half-typed buffer declared, for completion.
        self.last_sound: dict[Path, ArgMap] = {}
        self.generation = 0  # bumped on every change, so derived results (the evaluation) know when to go
        self._known_outlines = outlines  # the workspace's own set: an outline served later is known too
        overlay = dict(overlay or {})
        maps = {path: text for path, text in overlay.items() if not self.is_outline(path, text)}
        self._now(open_debate([folder], self.root, overlay=maps, recursive=False))
        for path, text in overlay.items():
            if path not in maps:
                self._store_outline(path, text)

    # ------------------------------------------------------------ files

    def _now(self, debate: Debate) -> None:
        """The debate as it stands from now on."""
        self.current = debate
        self.files: dict[Path, MapFile] = {f.path: f for f in debate.files}
        for path, file in self.files.items():
            if file.map is not None:
                self.last_sound[path] = file.map
        self.generation += 1

    @property
    def sources(self) -> SourceCache:
        return self.current.sources

    def summary(self, path: Path) -> Summary:
        """What other files' findings can depend on in this file as it stands (worked out once per version)."""
        file = self.files.get(path)
        cached = self.summaries.get(path)
        if file is None:
            return Summary()
        if cached is None or cached[0] is not file:
            cached = self.summaries[path] = (file, Summary.of(self.current, file.map))
        return cached[1]

    def is_outline(self, path: Path, text: str | None) -> bool:
        """Whether a file is one of the folder's outlines: once one, always (a half-typed outline, or one
        closed, is still no JSON map)."""
        return path in self.outlines or path in self._known_outlines or is_outline(path, text)

    def set_text(self, path: Path, text: str | None) -> None:
        """A file as typed (None: as on disk now); `affected` then says which other files to check again."""
        if self.is_outline(path, text):
            self._store_outline(path, text)
            return
        if path not in self._before:
            self._before[path] = self.summary(path)
            self._wide_before[path] = self.current.debate_rule_findings()
        self._now(self.current.with_texts({path: text}))

    def affected(self, path: Path) -> list[Path]:
        """The other files whose findings the changes to `path` since the last call can have changed."""
        before = self._before.pop(path, None)
        wide_before = self._wide_before.pop(path, {})
        if before is None:
            return []
        after = self.summary(path)
        if before.map_id != after.map_id or before.speakers != after.speakers:
            return [p for p in self.files if p != path]  # duplicate ids and speaker spellings span the debate
        ids = {i for i in (before.map_id, after.map_id) if i}
        wide_after = self.current.debate_rule_findings()
        # A circle that opened or closed, or changed its way round: every map it passes through says so.
        turned = {m for m in wide_before.keys() | wide_after.keys() if wide_before.get(m) != wide_after.get(m)}
        out = []
        for other in self.files:
            if other == path:
                continue
            summary = self.summary(other)
            # Links into the edited map may now dangle; links out of it may close a support cycle there.
            if (
                summary.links_to & ids
                or (summary.map_id in before.links_to | after.links_to)
                or summary.map_id in turned
            ):
                out.append(other)
        return out

    def refresh_sources(self) -> list[Path]:
        """A source file changed on disk: read the sources anew; every map may quote it."""
        self._now(Debate(self.current.files, root=self.root))
        return list(self.files)

    # ------------------------------------------------------------ outlines

    def _store_outline(self, path: Path, text: str | None) -> None:
        from ..formats.outline import OutlineError, parse_outline

        if text is None:
            self.outlines.pop(path, None)
            return
        try:
            parsed = parse_outline(text)
        except OutlineError as exc:
            empty = MapFile(path, str(path), Loaded(path, text=text))
            problems = [i.at(str(path), i.line, i.column) for i in exc.issues]
            self.outlines[path] = Outline(empty, None, problems, text)
            return
        # The map the outline describes, read as a map file of that text would be.
        data = json.dumps(parsed.data, ensure_ascii=False)
        self.outlines[path] = Outline(load_file(path, data), parsed, text=text)

    # ------------------------------------------------------------ the debate

    def debate(self, leave_out: str | None = None, extra: Iterable[MapFile] = ()) -> Debate:
        """The debate of the files as they stand (`leave_out`: a map id the caller stands in for)."""
        extra = list(extra)
        if leave_out is None and not extra:
            return self.current
        twins = [f.path for f in self.current.files if f.map is not None and f.map.id == leave_out]
        return self.current.with_files(extra, remove=twins)

    @property
    def maps(self) -> dict[str, ArgMap]:
        return self.current.maps

    def file_of(self, map_id: str) -> MapFile | None:
        return self.current.file_of(map_id)

    def file_at(self, path: Path) -> MapFile | None:
        if path in self.outlines:
            return self.outlines[path].file
        return self.files.get(path)

    def check(self, paths: Iterable[Path]) -> dict[Path, list[Issue]]:
        """What is wrong with each file (its issues keep their JSON pointers), checked in the debate."""
        paths = list(paths)
        out: dict[Path, list[Issue]] = {}
        chosen = [self.files[p] for p in paths if p in self.files]
        if chosen:
            by_name = {f.display: f.path for f in chosen}
            for p in paths:
                if p in self.files:
                    out[p] = []
            for issue in (i for f in chosen for i in self.current.findings_of(f)):
                out[by_name[issue.file or ""]].append(issue)
        for p in paths:
            if p in self.outlines:
                out[p] = self._check_outline(self.outlines[p])
        return out

    def _check_outline(self, outline: Outline) -> list[Issue]:
        if outline.places is None:
            return outline.problems
        file = outline.file
        own = file.map.id if file.map is not None else None
        # The outline stands in for the folder's map of the same id (its JSON twin), if there is one.
        issues = self.debate(leave_out=own, extra=[file]).findings_of(file)
        return [i.at(i.file or file.display, *outline.places.place(i.pointer)) for i in issues]


class Workspace:
    """Every debate folder the editor has a file open in, and the texts of the open files."""

    def __init__(self) -> None:
        self.debates: dict[Path, LiveDebate] = {}
        self.open: dict[Path, str] = {}
        self.outlines: set[Path] = set()  # the files served as outlines
        self._shown: dict[Path, tuple[MapFile, bool]] = {}

    def debate_of(self, path: Path) -> LiveDebate:
        folder = path.parent
        live = self.debates.get(folder)
        if live is None:
            # The other buffers open in the folder stand in for their files from the start.
            typed = {other: text for other, text in self.open.items() if other.parent == folder and other != path}
            live = self.debates[folder] = LiveDebate(folder, overlay=typed, outlines=self.outlines)
        return live

    def serves(self, path: Path, text: str) -> bool:
        """Whether a file is a map or an outline of a debate, from its text (see `shape`): a JSON file that
        is a map by its `$schema` or its shape, or that may become one (empty, half typed) in a folder of
        maps; never a JSON file that surely is none (package.json, an array)."""
        if is_outline(path, text):
            self.outlines.add(path)
            return True
        if path.suffix != ".json":
            return False
        shape = json_shape(text)
        if shape is not Shape.UNKNOWN:
            return shape is Shape.MAP
        return self.is_debate_folder(path.parent)

    def is_debate_folder(self, folder: Path) -> bool:
        """Whether a folder holds a map: one open in the editor, or a file that is one by its first kilobytes."""
        if folder in self.debates:
            return True
        for other in map_files(folder):
            try:
                with other.open(encoding="utf-8", errors="replace") as handle:
                    if json_shape(handle.read(HEAD)) is Shape.MAP:
                        return True
            except OSError:
                continue
        return False

    def shows(self, live: LiveDebate, path: Path) -> bool:
        """Whether the findings of a file of a served folder are the editor's to see: it is open and served,
        or, not open, it is not surely something else than a map (the package.json beside the maps)."""
        if path in self.open or path in live.outlines:
            return True
        file = live.files.get(path)
        if file is None:
            return False
        kept = self._shown.get(path)
        if kept is None or kept[0] is not file:
            kept = self._shown[path] = (file, json_shape(file.loaded.text) is not Shape.OTHER)
        return kept[1]
