"""Operations on a map's tree: a new map, and add, edit, move, remove and rename nodes (and the map's id)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArgmapError, NotFoundError, UsageError
from ..ids import did_you_mean, slug, unique_id
from ..io.files import fitting_name
from ..model import ALLOWED_PARENTS, ArgMap, Kind, Node, Quote, Side, Visit
from ..vocab import Relation, plural
from .draft import Draft
from .fields import NodeFields, fields_fit, set_fields
from .links import Linker, drop_links, follow
from .obstacles import Obstacles
from .values import _known_side, check_id, check_text, find

if TYPE_CHECKING:
    from ..debate import MapFile


def new_map(
    map_id: str,
    title: str,
    claim: str,
    sides: list[tuple[str, str]],
    description: str | None = None,
    claim_id: str | None = None,
    schema_uri: str | None = None,
) -> ArgMap:
    if not sides:
        raise UsageError("a map needs at least one side (--side)")
    check_id(map_id, "map id")
    check_text(title, "--title", required=True)
    check_text(claim, "--claim", required=True)
    description = check_text(description, "--description") or None
    seen = set()
    for side_id, name in sides:
        if side_id in seen:
            raise UsageError(f"--side '{side_id}' is given twice")
        seen.add(side_id)
        check_text(name, f"--side {side_id}", required=True)
    root_id = check_id(claim_id, "--claim-id") if claim_id is not None else (slug(claim) or "claim")
    root = Node.model_construct(
        id=root_id,
        kind=Kind.CLAIM,
        side=sides[0][0],
        speaker=None,
        text=claim,
        quote=None,
        supports=[],
        attacks=[],
        children=[],
    )
    return ArgMap.model_construct(
        schema_uri=schema_uri,
        id=map_id,
        title=title,
        description=description,
        sides={sid: Side.model_construct(name=name, description=None, color=None) for sid, name in sides},
        sources={},
        claim=root,
    )


def _quote(m: ArgMap, source: str | None, text: str | None, current: Quote | None = None) -> Quote | None:
    check_text(text, "--quote")
    if text is None and source is None:
        return current
    if source is not None and source not in m.sources:
        raise NotFoundError(
            f"map '{m.id}' declares no source '{source}'{did_you_mean(source, m.sources)} "
            f"(declare it with `argmap source add`)"
        )
    if text is None:
        if current is None:
            raise UsageError("--source needs --quote (the passage quoted)")
        return Quote.model_construct(source=source, text=current.text)
    source = source or (current.source if current else None)
    if source is None:
        if len(m.sources) == 1:
            source = next(iter(m.sources))
        elif not m.sources:
            raise UsageError("--quote needs a declared source: declare one with `argmap source add` first")
        else:
            raise UsageError(f"--quote needs --source (one of {', '.join(m.sources)})")
    return Quote.model_construct(source=source, text=text)


def add_node(
    draft: Draft,
    parent_id: str,
    kind: Kind,
    side: str,
    text: str,
    node_id: str | None = None,
    speaker: str | None = None,
    source: str | None = None,
    quote: str | None = None,
    supports: list[str] | None = None,
    attacks: list[str] | None = None,
    fields: NodeFields | None = None,
) -> str:
    """Add a node under `parent_id`; returns its id (made from the text when not given).

    Refused with every obstacle at once: an unknown parent, side or source, an id taken, a kind that
    cannot answer the parent, a flag its kind does not take (`fields`), a link that names nothing.
    """
    m = draft.map
    kind = Kind(kind)
    if kind is Kind.CLAIM:
        raise UsageError("a map has one claim, at its root; add a premise, rebuttal or counter-rebuttal")
    check_text(text, "--text", required=True)
    speaker = check_text(speaker, "--speaker")
    if node_id is not None:
        check_id(node_id, "--id")
    obstacles = Obstacles(f"add a {kind} under '{parent_id}'")
    with obstacles.gather():
        _known_side(m, side)
    parent = None
    with obstacles.gather():
        parent = find(m, parent_id).node
    if parent is not None:
        kind_fits(obstacles, kind, parent)
    taken = {v.node.id for v in m.walk()}
    if node_id is None:
        node_id = unique_id(slug(text), taken, kind.value)
    elif node_id in taken:
        obstacles.add(f"map '{m.id}' already has a node '{node_id}'", "choose another --id")
    node_quote = None
    with obstacles.gather():
        node_quote = _quote(m, source, quote)
    node = Node.model_construct(
        id=node_id,
        kind=kind,
        side=side,
        speaker=speaker or None,
        text=text,
        quote=node_quote,
        supports=[],
        attacks=[],
        children=[],
    )
    if fields is not None:
        set_fields(node, fields)
        fields_fit(obstacles, node, kind, parent is m.claim, fields)
    linker = Linker(draft, node, parent)
    for relation, targets in ((Relation.SUPPORTS, supports), (Relation.ATTACKS, attacks)):
        for target in targets or []:
            with obstacles.gather():
                linker.add(relation, target)
    obstacles.check()
    assert parent is not None
    parent.children.append(node)
    draft.touch()
    return node_id


def fitting_kind(kind: Kind, parent: Kind) -> Kind:
    """The kind that says what `kind` says (support, or attack) and may answer a node of kind `parent`."""
    if parent in ALLOWED_PARENTS[kind] or kind in (Kind.PREMISE, Kind.CLAIM):
        return kind
    return Kind.REBUTTAL if parent in (Kind.CLAIM, Kind.PREMISE) else Kind.COUNTER_REBUTTAL


def command(draft: Draft, verb: str) -> str:
    """The start of the command line that changes the draft's map (`argmap edit 'my maps/a.json'`), in the words
    of its file, quoted to be pasted into a shell."""
    assert draft.file is not None
    return f"argmap {verb} {shlex.quote(draft.file.display)}"


def kind_fits(
    obstacles: Obstacles, kind: Kind, parent: Node, answers: Sequence[Node] = (), draft: Draft | None = None
) -> None:
    """Whether a node of `kind` may answer `parent`, and its own `answers` (of a node of `draft`'s map) answer it;
    each misfit an obstacle."""
    if parent.kind not in ALLOWED_PARENTS[kind]:
        obstacles.add(
            f"a {kind} cannot answer the {parent.kind} '{parent.id}'", f"use --kind {fitting_kind(kind, parent.kind)}"
        )
    misfits = [c for c in answers if kind not in ALLOWED_PARENTS[c.kind]]
    if misfits:
        assert draft is not None
        names = ", ".join(f"'{c.id}' ({c.kind})" for c in misfits)
        # Neither end can change first (a rebuttal under a premise that is to be a rebuttal cannot be a
        # counter-rebuttal while it still answers the premise): the answers go elsewhere first. The claim
        # takes any attack as a rebuttal; every misfit is an attack of one kind, as the new kind refuses it.
        claim = draft.map.claim.id
        as_rebuttal = "" if misfits[0].kind is Kind.REBUTTAL else f" --kind {Kind.REBUTTAL}"
        if len(misfits) == 1:
            remedy = f"move it elsewhere first: `{command(draft, 'move')} {misfits[0].id} {claim}{as_rebuttal}`"
        else:
            remedy = f"move them elsewhere first: `{command(draft, 'move')} ID {claim}{as_rebuttal}` for each"
        obstacles.add(f"its answers {names} cannot answer a {kind}", remedy)


@dataclass
class NodeEdit(NodeFields):
    """What `edit` may change on a node (its fields too: role, weight, flags, title); None leaves a field as it is."""

    text: str | None = None
    side: str | None = None
    speaker: str | None = None
    source: str | None = None
    quote: str | None = None
    no_quote: bool = False
    kind: Kind | None = None
    parent: str | None = None
    add_supports: list[str] = field(default_factory=list)
    remove_supports: list[str] = field(default_factory=list)
    add_attacks: list[str] = field(default_factory=list)
    remove_attacks: list[str] = field(default_factory=list)


def edit_node(draft: Draft, node_id: str, change: NodeEdit) -> bool:
    """Change a node; returns False when the edit changes nothing. An empty speaker removes it.

    Refused with every obstacle at once (an unknown side or source, a kind or parent that does not fit,
    a flag the kind does not take, a link that names nothing or repeats one).
    """
    m = draft.map
    visit = find(m, node_id)
    node = visit.node
    before = node.model_dump()
    parent_before = visit.parent
    check_text(change.text, "--text", required=True)
    speaker = check_text(change.speaker, "--speaker")
    if change.no_quote and (change.quote is not None or change.source is not None):
        raise UsageError("--no-quote drops the quote; it cannot go with --quote or --source")
    obstacles = Obstacles(f"edit '{node_id}'")
    if change.side is not None:
        with obstacles.gather():
            _known_side(m, change.side)
    if change.text is not None:
        node.text = change.text
    if change.side is not None:
        node.side = change.side
    if speaker is not None:
        node.speaker = speaker or None
    with obstacles.gather():
        node.quote = None if change.no_quote else _quote(m, change.source, change.quote, node.quote)
    set_fields(node, change)
    if change.parent is not None or change.kind is not None:
        _place(draft, visit, change.parent, Kind(change.kind) if change.kind else None, obstacles=obstacles)
    found = m.find(node_id)
    parent = found.parent if found is not None else None
    # The flags are fitted to the kind and parent asked for, whether or not the node could go there.
    kind = Kind(change.kind) if change.kind else node.kind
    wanted = m.find(change.parent) if change.parent is not None else None
    under = wanted.node if wanted is not None else parent
    fields_fit(obstacles, node, kind, under is not None and under is m.claim, change)
    linker = Linker(draft, node, parent)
    for relation, adds, removes in (
        (Relation.SUPPORTS, change.add_supports, change.remove_supports),
        (Relation.ATTACKS, change.add_attacks, change.remove_attacks),
    ):
        for link in removes:
            with obstacles.gather():
                linker.remove(relation, link)
        for link in adds:
            with obstacles.gather():
                linker.add(relation, link)
    linker.flush()
    obstacles.check()
    if node.model_dump() == before and parent is parent_before:
        return False
    draft.touch()
    return True


def _place(
    draft: Draft,
    visit: Visit,
    new_parent: str | None,
    kind: Kind | None,
    before: str | None = None,
    after: str | None = None,
    *,
    obstacles: Obstacles,
) -> None:
    """Hang a node (with its subtree) under a new parent and/or give it a new kind, checking the grammar.

    What stands in the way (a cycle, a kind that does not fit, a sibling that is not there) is added to
    `obstacles`, and nothing moves.
    """
    m = draft.map
    node = visit.node
    if visit.parent is None:
        if kind not in (None, Kind.CLAIM) or new_parent is not None:
            obstacles.add(f"'{node.id}' is the root claim; it stays the root and stays a claim")
        else:
            node.kind = Kind.CLAIM  # a root that is not yet a claim (a hand-edited file) is mended
        return
    target = visit.parent
    if new_parent is not None:
        found = None
        with obstacles.gather():
            found = find(m, new_parent).node
        if found is None:
            return
        target = found
        if new_parent in {v.node.id for v in subtree(node)}:
            obstacles.add(
                f"'{new_parent}' is inside the subtree of '{node.id}', so the tree would become a cycle",
                "choose a parent outside it",
            )
            return
    new_kind = kind or node.kind
    if new_kind is Kind.CLAIM:
        obstacles.add(f"'{node.id}' cannot become a claim: a map has one claim, at its root")
        return
    kind_fits(obstacles, new_kind, target, node.children, draft)
    anchor = before or after
    if anchor == node.id:
        raise UsageError(f"'{node.id}' cannot be placed before or after itself; name another answer of the parent")
    if anchor is not None:
        siblings = [c.id for c in target.children if c is not node]
        if anchor not in siblings:
            obstacles.add(
                f"'{anchor}' is not an answer of '{target.id}'{did_you_mean(anchor, siblings)}",
                "--before/--after name a sibling at the new place",
            )
    if obstacles:
        return
    node.kind = new_kind
    if new_parent is None and anchor is None:
        return  # a new kind alone: the node keeps its place among its siblings
    visit.parent.children.remove(node)
    hang(node, target, anchor, bool(before))


def hang(node: Node, parent: Node, anchor: str | None, before: bool) -> None:
    """Put `node` among `parent`'s answers: last, or before or after the answer `anchor`."""
    if anchor is None:
        parent.children.append(node)
    else:
        index = next(i for i, c in enumerate(parent.children) if c.id == anchor)
        parent.children.insert(index if before else index + 1, node)


def subtree(node: Node) -> list[Visit]:
    out, stack = [], [Visit(node, None, "", 0)]
    while stack:
        v = stack.pop()
        out.append(v)
        stack.extend(Visit(c, v.node, "", v.depth + 1) for c in reversed(v.node.children))
    return out


def remove_node(draft: Draft, node_id: str, recursive: bool = False, unlink: bool = False) -> list[str]:
    """Remove a node; returns the ids removed. Refuses, naming both at once, answers below it without
    `recursive` and links into it from anywhere in the debate without `unlink` (which drops those links
    in every map)."""
    m = draft.map
    visit = find(m, node_id)
    if visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; delete the map file instead")
    obstacles = Obstacles(f"remove '{node_id}'")
    removed_visits = subtree(visit.node)
    if visit.node.children and not recursive:
        below = plural(len(removed_visits) - 1, "node")
        obstacles.add(f"it has {below} below it", "use --recursive to remove them too")
    removed = {v.node.id for v in removed_visits}
    incoming = [x for x in draft.debate.links_into(m.id, removed) if not (x[0] is draft.file and x[1].id in removed)]
    if incoming and not unlink:
        named = "; ".join(
            f"'{node.id}' {relation} '{link}'"
            + ("" if file is draft.file or file.map is None else f" (map '{file.map.id}', {file.display})")
            for file, node, relation, link in incoming
        )
        obstacles.add(
            f"removing it would leave {plural(len(incoming), 'cross-link')} pointing at nothing: {named}",
            "use --unlink to remove those links too",
        )
    obstacles.check()
    visit.parent.children.remove(visit.node)
    # Each linking node's list filtered once: dropping its links one at a time rescanned the list per link.
    drops: dict[tuple[int, Relation], tuple[MapFile, Node, set[str]]] = {}
    for file, node, relation, link in incoming:
        drops.setdefault((id(node), relation), (file, node, set()))[2].add(link)
    for (_, relation), (file, node, links) in drops.items():
        drop_links(node, relation, links)
        draft.touch(file)
    draft.touch()
    return [v.node.id for v in removed_visits]


def _unique_map_id(draft: Draft, map_id: str | None = None) -> str | None:
    """Links name maps by id: with two maps of one id, rewriting them would guess which was meant."""
    map_id = map_id or draft.map.id
    twins = [f.display for f in draft.debate.files if f.map is not None and f.map.id == map_id]
    if len(twins) > 1:
        return f"maps {', '.join(twins)} share the id '{map_id}', so links to it are ambiguous"
    return None


TWINS = "give one of them another id first: `argmap rename FILE --map NEW`"


def rename_node(draft: Draft, old: str, new: str) -> bool:
    """Rename a node and every link to it in the debate; False when the name is already `new`."""
    m = draft.map
    check_id(new, "new id")
    visit = find(m, old)
    if old == new:
        return False
    obstacles = Obstacles(f"rename '{old}' to '{new}'")
    twins = _unique_map_id(draft)
    if twins:
        obstacles.add(twins, TWINS)
    if m.find(new) is not None:
        obstacles.add(f"map '{m.id}' already has a node '{new}'", "choose another id")
    obstacles.check()
    follow(draft, {(m.id, old): (m.id, new)})
    visit.node.id = new
    draft.touch()
    return True


@dataclass(frozen=True)
class MapRenamed:
    """What `rename --map` did: the map's ids, and its file's name before and after (the same when kept)."""

    old: str
    new: str
    path: Path
    renamed_from: Path | None = None  # the file's old path, when it was renamed with the id
    kept_because: str | None = None  # why the file kept its name, when it did
    links_left: bool = False  # another map had the old id too: links naming it were left as they are

    def summary(self) -> str:
        """What the rename did, in a sentence (the file's new name, or why it kept its name)."""
        said = f"renamed the map to '{self.new}'"
        if self.renamed_from is not None:
            said = f"{said} and its file {self.renamed_from} to {self.path.name}"
        else:
            why = f" ({self.kept_because})" if self.kept_because else ", as asked"
            said = f"{said}; its file {self.path} keeps its name{why}"
        if self.links_left:
            said += f"; links to '{self.old}' were left as they are: they name the other map of that id"
        return said


def file_for(path: Path, old: str, new: str) -> Path | None:
    """The name a map file takes with the map's new id, when it is named after the old one (`old.json`, or
    `3-old.json`: a number that orders the maps kept); None when it is named otherwise."""
    match = re.fullmatch(rf"(\d+-)?{re.escape(old)}", path.stem)
    return path.with_name(f"{match.group(1) or ''}{new}{path.suffix}") if match else None


def rename_map(draft: Draft, new: str, *, file: bool = True) -> MapRenamed | None:
    """Rename the map and every link into it in the debate; None when its id is already `new`.

    With `file` (the default) a file named after the id is renamed with it (`old.json` to `new.json`,
    `3-old.json` to `3-new.json`), so that the map has one name: its id is its file's, its diagram's and
    its site page's name. A file named otherwise keeps its name.

    A map that shares its id with another is renamed out of the clash (the remedy other changes name for
    it), but the links naming that id are left as they are: which of the maps each meant cannot be told.
    """
    m = draft.map
    current = draft.file
    assert current is not None
    check_id(new, "new map id")
    if new == m.id:
        return None
    old = m.id
    obstacles = Obstacles(f"rename the map '{old}' to '{new}'")
    twins = _unique_map_id(draft) is not None
    taken = new in draft.maps
    if taken:
        obstacles.add(f"the debate already has a map '{new}' ({_path_of(draft, new)})", "choose another id")
    target = file_for(current.path, old, new) if file else None
    if target is not None:
        fitting_name(target, "map file")  # an id too long to name a file: --keep-file keeps the old name
    kept = None
    if file and target is None:
        kept = f"it is not named after the id '{old}'"
    elif target is not None and current.path.is_symlink():
        target, kept = None, "it is a symbolic link"
    elif target is not None and not taken and (target.exists() or target.is_symlink()):
        obstacles.add(f"{target} already exists", "move it away, or keep the file's name with --keep-file")
    obstacles.check()
    if not twins:
        follow(draft, maps={old: new})
    m.id = new
    draft.touch()
    if target is not None:
        draft.rename_file(current, target)
        return MapRenamed(old, new, target, current.path, links_left=twins)
    return MapRenamed(old, new, current.path, None, kept if file else None, twins)


def _path_of(draft: Draft, map_id: str) -> Path | None:
    return next((f.path for f in draft.debate.files if f.map is not None and f.map.id == map_id), None)
