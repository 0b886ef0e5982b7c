"""What changed between two sets of maps: nodes added, removed, changed, moved, renamed; sides, sources, links."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import ArgmapError, UsageError
from .ids import split_link

if TYPE_CHECKING:
    from .debate import Debate
    from .io.loader import Loaded
    from .model import ArgMap, Node

# The fields of a node compared one by one; `quote` is the quote's text, `source` the id of its source.
# A node's cross-links are itemised under links added/removed, not repeated as a changed field.
NODE_FIELDS = ("text", "kind", "side", "speaker", "quote", "source")
MAP_FIELDS = ("title", "description")
SIDE_FIELDS = ("name", "description", "color")
SOURCE_FIELDS = ("path", "title", "date", "publisher", "url", "description")
DEFAULT_PATHS = (Path("maps"),)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a node, map, side or source, before and after (None: absent)."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class NodeEntry:
    """A node added or removed, with what a reviewer needs to recognise it."""

    map: str
    node: str
    parent: str | None
    kind: str
    side: str
    text: str


@dataclass(frozen=True, slots=True)
class NodeChange:
    map: str
    node: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Move:
    """A node now hangs under another parent (ids of the new side; `old_parent` as it was named then)."""

    map: str
    node: str
    old_parent: str | None
    new_parent: str | None


@dataclass(frozen=True, slots=True)
class Rename:
    """Same content under a new id."""

    map: str
    node: str
    old_id: str


@dataclass(frozen=True, slots=True)
class ItemEntry:
    """A side or source declared or withdrawn; `label` is the side's name or the source's path."""

    map: str
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class ItemChange:
    map: str
    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class LinkEntry:
    """A cross-link: `node` supports or attacks `target` ('node' or 'map:node')."""

    map: str
    node: str
    relation: str
    target: str


@dataclass
class MapDiff:
    """What changed in one map; a map only on one side is added or removed as a whole."""

    map: str
    title: str
    old_file: str | None
    new_file: str | None
    nodes: int = 0
    fields: list[FieldChange] = field(default_factory=list)
    added: list[NodeEntry] = field(default_factory=list)
    removed: list[NodeEntry] = field(default_factory=list)
    changed: list[NodeChange] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    sides_added: list[ItemEntry] = field(default_factory=list)
    sides_removed: list[ItemEntry] = field(default_factory=list)
    sides_changed: list[ItemChange] = field(default_factory=list)
    sources_added: list[ItemEntry] = field(default_factory=list)
    sources_removed: list[ItemEntry] = field(default_factory=list)
    sources_changed: list[ItemChange] = field(default_factory=list)
    links_added: list[LinkEntry] = field(default_factory=list)
    links_removed: list[LinkEntry] = field(default_factory=list)

    @property
    def status(self) -> str:
        """added, removed, changed or same."""
        if self.old_file is None:
            return "added"
        if self.new_file is None:
            return "removed"
        parts = (
            self.fields,
            self.added,
            self.removed,
            self.changed,
            self.moved,
            self.renamed,
            self.sides_added,
            self.sides_removed,
            self.sides_changed,
            self.sources_added,
            self.sources_removed,
            self.sources_changed,
            self.links_added,
            self.links_removed,
        )
        return "changed" if any(parts) else "same"


@dataclass
class Diff:
    """The maps of two sides compared, in the new side's file order, then the maps only the old side has."""

    old: str
    new: str
    maps: list[MapDiff] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return any(m.status != "same" for m in self.maps)

    def entries(self, category: str) -> list:
        """Every entry of one category (added, removed, changed, moved, renamed, links_added, ...) over all maps."""
        return [entry for m in self.maps for entry in getattr(m, category)]

    def with_status(self, status: str) -> list[MapDiff]:
        return [m for m in self.maps if m.status == status]


# ---------------------------------------------------------------- comparing models


def _node_fields(node: Node) -> tuple[str | None, ...]:
    quote = node.quote
    return (
        node.text,
        str(node.kind),
        node.side,
        node.speaker,
        quote.text if quote else None,
        quote.source if quote else None,
    )


def _field_changes(names: Sequence[str], old: Sequence[str | None], new: Sequence[str | None]) -> tuple:
    return tuple(FieldChange(n, a, b) for n, a, b in zip(names, old, new, strict=True) if a != b)


class _Indexed:
    """A map's nodes by id, in document order, each with its parent's id; ids must be unique to be compared."""

    def __init__(self, file: str, m: ArgMap):
        self.file = file
        self.map = m
        self.nodes: dict[str, Node] = {}
        self.parent: dict[str, str | None] = {}
        pointers: dict[str, str] = {}
        for node, parent, ptr, _ in m.walk():
            if node.id in self.nodes:
                raise ArgmapError(
                    f"{file}: node id '{node.id}' occurs twice ({pointers[node.id]} and {ptr}); "
                    "a map with duplicate ids cannot be compared (`argmap validate` finds them)"
                )
            self.nodes[node.id] = node
            self.parent[node.id] = parent.id if parent is not None else None
            pointers[node.id] = ptr


def _match(old: _Indexed, new: _Indexed) -> tuple[dict[str, str], list[Rename]]:
    """Old id -> new id for every node on both sides: same id first, then same content under a new id."""
    pairs = {node_id: node_id for node_id in old.nodes if node_id in new.nodes}
    # Content -> the new-only ids that carry it, in document order: one hash look-up per old-only node.
    waiting: dict[tuple, list[str]] = {}
    for node_id, node in new.nodes.items():
        if node_id not in old.nodes:
            waiting.setdefault(_node_fields(node), []).append(node_id)
    for queue in waiting.values():
        queue.reverse()
    renames = []
    for node_id, node in old.nodes.items():
        if node_id in new.nodes:
            continue
        queue = waiting.get(_node_fields(node))
        if queue:
            new_id = queue.pop()
            pairs[node_id] = new_id
            renames.append(Rename(new.map.id, new_id, node_id))
    order = {node_id: i for i, node_id in enumerate(new.nodes)}
    renames.sort(key=lambda r: order[r.node])
    return pairs, renames


def _links(node: Node) -> Iterator[tuple[str, str]]:
    for target in node.supports:
        yield "supports", target
    for target in node.attacks:
        yield "attacks", target


def _translate(link: str, map_id: str, names: dict[str, tuple[str, dict[str, str]]]) -> str:
    """An old link in the new side's names, so a renamed target does not show as a link removed and added.

    `names`: old map id -> (its new id, old node id -> new node id for the nodes renamed); `map_id` is
    the old id of the map the link is written in.
    """
    other, node_id = split_link(link)
    if (other or map_id) not in names:
        return link
    new_map, table = names[other or map_id]
    new_node = table.get(node_id, node_id)
    return new_node if other is None else f"{new_map}:{new_node}"


def _items(
    map_id: str, old: dict, new: dict, names: Sequence[str], label: str
) -> tuple[list[ItemEntry], list[ItemEntry], list[ItemChange]]:
    added = [ItemEntry(map_id, k, getattr(v, label)) for k, v in new.items() if k not in old]
    removed = [ItemEntry(map_id, k, getattr(v, label)) for k, v in old.items() if k not in new]
    changed = []
    for key, value in new.items():
        if key in old:
            fields = _field_changes(names, [getattr(old[key], n) for n in names], [getattr(value, n) for n in names])
            if fields:
                changed.append(ItemChange(map_id, key, fields))
    return added, removed, changed


def _entry(map_id: str, node: Node, parent: str | None) -> NodeEntry:
    return NodeEntry(map_id, node.id, parent, str(node.kind), node.side, node.text)


def _file(m: ArgMap) -> str:
    return str(m.path) if m.path is not None else m.id


def _by_id(maps: Iterable[tuple[str, ArgMap]]) -> dict[str, tuple[str, ArgMap]]:
    out: dict[str, tuple[str, ArgMap]] = {}
    for name, m in maps:
        if m.id in out:
            raise ArgmapError(f"{name}: map id '{m.id}' is already used by {out[m.id][0]}")
        out[m.id] = (name, m)
    return out


def diff_maps(old: Iterable[ArgMap], new: Iterable[ArgMap], old_label: str = "old", new_label: str = "new") -> Diff:
    """Compare two sets of maps, each named by its file (or its id, for a map made in memory)."""
    return compare([(_file(m), m) for m in old], [(_file(m), m) for m in new], old_label, new_label)


def diff_debates(old: Debate, new: Debate, old_label: str = "old", new_label: str = "new") -> Diff:
    """Compare the maps of the files each debate was opened on (a file that is not a map is refused)."""
    return compare(old.given_maps(), new.given_maps(), old_label, new_label)


def compare(
    old: Iterable[tuple[str, ArgMap]], new: Iterable[tuple[str, ArgMap]], old_label: str = "old", new_label: str = "new"
) -> Diff:
    """Compare two sets of (file name, map), matched by map id (or, for a map renamed, its root claim's id).

    Linear time. Cross-links are compared as written, so links into maps outside either set are no obstacle.
    """
    old_maps, new_maps = _by_id(old), _by_id(new)
    # New map id -> old map id: the same id, else (a map renamed) the same id of the root claim.
    counterpart = {map_id: map_id for map_id in new_maps if map_id in old_maps}
    by_claim: dict[str, str] = {}
    for map_id, (_, m) in new_maps.items():
        if map_id not in old_maps:
            by_claim.setdefault(m.claim.id, map_id)
    for map_id, (_, m) in old_maps.items():
        new_id = by_claim.pop(m.claim.id, None) if map_id not in new_maps else None
        if new_id is not None:
            counterpart[new_id] = map_id
    indexed = {
        new_id: (_Indexed(*old_maps[old_id]), _Indexed(*new_maps[new_id])) for new_id, old_id in counterpart.items()
    }
    # Renames of every map first: a link in one map may name a node renamed in another.
    pairing = {map_id: _match(a, b) for map_id, (a, b) in indexed.items()}
    names = {old_id: (new_id, {r.old_id: r.node for r in pairing[new_id][1]}) for new_id, old_id in counterpart.items()}

    result = Diff(old_label, new_label)
    for map_id, (name, m) in new_maps.items():
        if map_id not in counterpart:
            result.maps.append(MapDiff(map_id, m.title, None, name, nodes=sum(1 for _ in m.walk())))
            continue
        a, b = indexed[map_id]
        pairs, found = pairing[map_id]
        result.maps.append(_compare(a, b, pairs, found, names))
    matched = set(counterpart.values())
    for map_id, (name, m) in old_maps.items():
        if map_id not in matched:
            result.maps.append(MapDiff(map_id, m.title, name, None, nodes=sum(1 for _ in m.walk())))
    return result


def _compare(
    a: _Indexed, b: _Indexed, pairs: dict[str, str], renamed: list[Rename], names: dict[str, tuple[str, dict]]
) -> MapDiff:
    old, new = a.map, b.map
    map_id = new.id
    out = MapDiff(map_id, new.title, a.file, b.file, nodes=len(b.nodes), renamed=renamed)
    fields = ("id", *MAP_FIELDS)
    out.fields = list(_field_changes(fields, [getattr(old, n) for n in fields], [getattr(new, n) for n in fields]))
    out.sides_added, out.sides_removed, out.sides_changed = _items(map_id, old.sides, new.sides, SIDE_FIELDS, "name")
    out.sources_added, out.sources_removed, out.sources_changed = _items(
        map_id, old.sources, new.sources, SOURCE_FIELDS, "path"
    )
    matched_new = {new_id: old_id for old_id, new_id in pairs.items()}
    for new_id, node in b.nodes.items():
        old_id = matched_new.get(new_id)
        if old_id is None:
            out.added.append(_entry(map_id, node, b.parent[new_id]))
            out.links_added.extend(LinkEntry(map_id, new_id, rel, t) for rel, t in _links(node))
            continue
        before = a.nodes[old_id]
        fields = _field_changes(NODE_FIELDS, _node_fields(before), _node_fields(node))
        if fields:
            out.changed.append(NodeChange(map_id, new_id, fields))
        old_parent = a.parent[old_id]
        if (pairs.get(old_parent) if old_parent is not None else None) != b.parent[new_id]:
            out.moved.append(Move(map_id, new_id, old_parent, b.parent[new_id]))
        # Old links in the new side's names, each with the target as it was written then.
        was = {(rel, _translate(t, old.id, names)): t for rel, t in _links(before)}
        now = set(_links(node))
        out.links_added.extend(LinkEntry(map_id, new_id, rel, t) for rel, t in _links(node) if (rel, t) not in was)
        out.links_removed.extend(
            LinkEntry(map_id, new_id, rel, written) for (rel, t), written in was.items() if (rel, t) not in now
        )
    for old_id, node in a.nodes.items():
        if old_id not in pairs:
            out.removed.append(_entry(map_id, node, a.parent[old_id]))
            out.links_removed.extend(LinkEntry(map_id, old_id, rel, t) for rel, t in _links(node))
    return out


# ---------------------------------------------------------------- the two sides: files, or git revisions


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "--literal-pathspecs", *args], cwd=cwd, input=stdin, capture_output=True)
    except FileNotFoundError:
        raise UsageError("git is not installed; `argmap diff REV` reads the old maps with git") from None


def _repository(start: Path) -> Path:
    folder = start.absolute()
    while not folder.exists():
        folder = folder.parent
    if folder.is_file():
        folder = folder.parent
    proc = _git(["rev-parse", "--show-toplevel"], folder)
    if proc.returncode != 0:
        raise UsageError(f"not a git repository: {folder} (`argmap diff REV` compares with a git revision)")
    return Path(proc.stdout.decode().strip())


def _commit(top: Path, rev: str) -> str | None:
    if rev.startswith("-"):
        return None
    proc = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    return proc.stdout.decode().strip() if proc.returncode == 0 else None


class Revision:
    """The map files of a git revision, for `open_debate`: one `git ls-tree` lists them, one
    `git cat-file --batch` reads them. Files are named as `git show` names them, 'REV:path'."""

    def __init__(self, top: Path, rev: str, commit: str, paths: Sequence[Path]):
        self.top, self.rev = top.resolve(), rev
        rels = {self._rel(p) for p in paths}
        # Each path, and each path's folder: a file's siblings are its debate.
        specs = sorted(rels | {r.rpartition("/")[0] for r in rels})
        listing = _git(["ls-tree", "-r", "-z", commit, "--", *(s or "." for s in specs)], top)
        if listing.returncode != 0:
            raise ArgmapError(f"git ls-tree failed: {listing.stderr.decode(errors='replace').strip()}")
        self.blobs: dict[str, str] = {}
        self.dirs: set[str] = {""}
        for row in listing.stdout.split(b"\0"):
            if not row:
                continue
            meta, name = row.decode("utf-8", "surrogateescape").split("\t", 1)
            mode, kind, sha = meta.split()
            if kind != "blob" or mode == "120000":  # a symlink's blob is the path it names, not a map
                continue
            self.blobs[name] = sha
            parts = name.split("/")
            self.dirs.update("/".join(parts[:i]) for i in range(1, len(parts)))

    def _rel(self, path: Path) -> str:
        try:
            rel = Path(os.path.abspath(path)).resolve().relative_to(self.top)
        except ValueError:
            raise UsageError(f"{path} lies outside the git repository at {self.top}") from None
        return rel.as_posix() if rel.parts else ""

    def is_dir(self, path: Path) -> bool:
        return self._rel(path) in self.dirs

    def exists(self, path: Path) -> bool:
        rel = self._rel(path)
        return rel in self.blobs or rel in self.dirs

    def key(self, path: Path) -> Hashable:
        return self._rel(path)

    def folder_key(self, path: Path) -> Path:
        return self.top / self._rel(path).rpartition("/")[0]

    def map_files(self, folder: Path, recursive: bool) -> list[Path]:
        base = self._rel(folder)
        prefix = f"{base}/" if base else ""
        found = []
        for name in self.blobs:
            if not name.startswith(prefix) or not name.endswith(".json"):
                continue
            below = PurePosixPath(name[len(prefix) :])
            if (recursive or len(below.parts) == 1) and not any(p.startswith(".") for p in below.parts):
                found.append(folder / below)
        return sorted(found)

    def load(self, paths: Sequence[Path]) -> list[Loaded]:
        from .io.loader import read

        shas = [self.blobs[self._rel(p)] for p in paths]
        return [read(path, raw) for path, raw in zip(paths, self._cat(shas), strict=True)]

    def _cat(self, shas: list[str]) -> list[bytes]:
        """The contents of many blobs from one `git cat-file --batch` process."""
        if not shas:
            return []
        proc = _git(["cat-file", "--batch"], self.top, ("\n".join(shas) + "\n").encode())
        if proc.returncode != 0:
            raise ArgmapError(f"git cat-file failed in {self.top}: {proc.stderr.decode(errors='replace').strip()}")
        out, data, at = [], proc.stdout, 0
        for _ in shas:
            header_end = data.index(b"\n", at)
            size = int(data[at:header_end].split()[2])
            out.append(data[header_end + 1 : header_end + 1 + size])
            at = header_end + 1 + size + 1
        return out

    def display(self, path: Path) -> str:
        return f"{self.rev}:{self._rel(path)}"


def diff_paths(old: Path | str, new: Path | str) -> Diff:
    """Compare the maps of two files or folders."""
    from .debate import open_debate

    return diff_debates(open_debate([old]), open_debate([new]), str(old), str(new))


def _revision(top: Path, rev: str, paths: Sequence[Path]) -> Revision:
    commit = _commit(top, rev)
    if commit is None:
        raise UsageError(f"unknown revision '{rev}' in {top}")
    return Revision(top, rev, commit, paths)


def diff_revisions(old: str, new: str | None = None, paths: Sequence[Path | str] | None = None) -> Diff:
    """Compare the maps under `paths` (default maps/) at git revision `old` with revision `new`, or with the
    working tree when `new` is None. Each side is a Debate opened where its maps are."""
    from .debate import Debate, Disk, Files, open_debate

    targets = [Path(p) for p in paths] if paths else list(DEFAULT_PATHS)
    top = _repository(targets[0])
    trees: list[Files] = [_revision(top, old, targets), _revision(top, new, targets) if new is not None else Disk()]
    for path in targets:
        if not any(tree.exists(path) for tree in trees):
            where = f"in the working tree nor at {old}" if new is None else f"at {old} nor at {new}"
            raise UsageError(f"no such file or folder: {path} (neither {where})")
    old_side, new_side = (
        open_debate(there, files=tree) if (there := [p for p in targets if tree.exists(p)]) else Debate()
        for tree in trees
    )
    return diff_debates(old_side, new_side, old, new or "working tree")


def diff_revision(rev: str, paths: Sequence[Path | str] | None = None) -> Diff:
    """Compare the maps under `paths` (default maps/) at git revision `rev` with the working tree."""
    return diff_revisions(rev, None, paths)


def diff(args: Sequence[str]) -> Diff:
    """`OLD NEW` (two files or folders), `REV [PATHS]` (a revision against the working tree) or
    `REV1 REV2 [PATHS]` (two revisions): one comparison of two debates."""
    if not args:
        raise UsageError("give OLD NEW (two files or folders) or a git revision, optionally with PATHS")
    first = Path(args[0])
    if first.exists():
        if len(args) != 2:
            raise UsageError(f"{first} is a file or folder: give exactly one NEW file or folder to compare it with")
        return diff_paths(first, args[1])
    rest = list(args[1:])
    if rest and not Path(rest[0]).exists() and not rest[0].startswith("-"):
        top = _repository(Path(rest[1]) if len(rest) > 1 else DEFAULT_PATHS[0])
        if _commit(top, rest[0]) is not None:
            return diff_revisions(args[0], rest[0], rest[1:])
    return diff_revisions(args[0], None, rest)
