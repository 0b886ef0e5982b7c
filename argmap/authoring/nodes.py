"""Operations on a map's tree: a new map, and add, edit, move, remove and rename nodes (and the map's id)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArgmapError, NotFoundError, UsageError
from ..ids import did_you_mean, slug, unique_id
from ..model import ArgMap, Kind, Node, Quote, Side, Visit
from ..vocab import Relation
from .draft import Draft
from .links import _rewrite_links, add_link, remove_link
from .values import _known_side, check_id, check_text, find


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
) -> str:
    """Add a node under `parent_id`; returns its id (made from the text when not given)."""
    m = draft.map
    kind = Kind(kind)
    if kind is Kind.CLAIM:
        raise UsageError("a map has one claim, at its root; add a premise, rebuttal or counter-rebuttal")
    check_text(text, "--text", required=True)
    speaker = check_text(speaker, "--speaker")
    _known_side(m, side)
    parent = find(m, parent_id).node
    taken = {v.node.id for v in m.walk()}
    if node_id is None:
        node_id = unique_id(slug(text), taken, kind.value)
    else:
        check_id(node_id, "--id")
        if node_id in taken:
            raise ArgmapError(f"map '{m.id}' already has a node '{node_id}'; choose another --id")
    node = Node.model_construct(
        id=node_id,
        kind=kind,
        side=side,
        speaker=speaker or None,
        text=text,
        quote=_quote(m, source, quote),
        supports=[],
        attacks=[],
        children=[],
    )
    parent.children.append(node)
    for relation, targets in ((Relation.SUPPORTS, supports), (Relation.ATTACKS, attacks)):
        for target in targets or []:
            add_link(draft, node, relation, target, parent)
    draft.touch()
    return node_id


@dataclass
class NodeEdit:
    """What `edit` may change on a node; None leaves a field as it is."""

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
    """Change a node; returns False when the edit changes nothing. An empty speaker removes it."""
    m = draft.map
    visit = find(m, node_id)
    node = visit.node
    before = node.model_dump()
    parent_before = visit.parent
    check_text(change.text, "--text", required=True)
    speaker = check_text(change.speaker, "--speaker")
    if change.side is not None:
        _known_side(m, change.side)
    if change.no_quote and (change.quote is not None or change.source is not None):
        raise UsageError("--no-quote drops the quote; it cannot go with --quote or --source")
    if change.text is not None:
        node.text = change.text
    if change.side is not None:
        node.side = change.side
    if speaker is not None:
        node.speaker = speaker or None
    node.quote = None if change.no_quote else _quote(m, change.source, change.quote, node.quote)
    if change.parent is not None or change.kind is not None:
        _place(draft, visit, change.parent, Kind(change.kind) if change.kind else None)
    parent = find(m, node_id).parent
    for relation, adds, removes in (
        (Relation.SUPPORTS, change.add_supports, change.remove_supports),
        (Relation.ATTACKS, change.add_attacks, change.remove_attacks),
    ):
        for link in removes:
            remove_link(draft, node, relation, link)
        for link in adds:
            add_link(draft, node, relation, link, parent)
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
) -> None:
    """Hang a node (with its subtree) under a new parent and/or give it a new kind, checking the grammar."""
    m = draft.map
    node = visit.node
    if visit.parent is None:
        if kind not in (None, Kind.CLAIM) or new_parent is not None:
            raise ArgmapError(f"'{node.id}' is the root claim; it stays the root and stays a claim")
        node.kind = Kind.CLAIM  # a root that is not yet a claim (a hand-edited file) is mended
        return
    target = find(m, new_parent).node if new_parent is not None else visit.parent
    if new_parent is not None and new_parent in {v.node.id for v in subtree(node)}:
        raise ArgmapError(
            f"cannot move '{node.id}' under '{new_parent}': '{new_parent}' is inside the subtree of "
            f"'{node.id}', so the tree would become a cycle"
        )
    new_kind = kind or node.kind
    if new_kind is Kind.CLAIM:
        raise ArgmapError(f"'{node.id}' cannot become a claim: a map has one claim, at its root")
    # Whether the kind fits its new parent, and its answers fit it, is the kind-grammar rule's to say.
    anchor = before or after
    if anchor == node.id:
        raise UsageError(f"'{node.id}' cannot be placed before or after itself; name another answer of the parent")
    if anchor is not None:
        siblings = [c.id for c in target.children if c is not node]
        if anchor not in siblings:
            raise NotFoundError(
                f"'{anchor}' is not an answer of '{target.id}'{did_you_mean(anchor, siblings)}; "
                "--before/--after name a sibling at the new place"
            )
    visit.parent.children.remove(node)
    node.kind = new_kind
    if anchor is None:
        target.children.append(node)
    else:
        index = next(i for i, c in enumerate(target.children) if c.id == anchor)
        target.children.insert(index if before else index + 1, node)


def move_node(
    draft: Draft,
    node_id: str,
    new_parent_id: str,
    kind: Kind | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Kind:
    """Hang a node (with its subtree) under another parent; returns the kind it has there."""
    if before and after:
        raise UsageError("give --before or --after, not both")
    visit = find(draft.map, node_id)
    if visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; it cannot be moved")
    _place(draft, visit, new_parent_id, Kind(kind) if kind else None, before, after)
    draft.touch()
    return visit.node.kind


def subtree(node: Node) -> list[Visit]:
    out, stack = [], [Visit(node, None, "", 0)]
    while stack:
        v = stack.pop()
        out.append(v)
        stack.extend(Visit(c, v.node, "", v.depth + 1) for c in reversed(v.node.children))
    return out


def remove_node(draft: Draft, node_id: str, recursive: bool = False, unlink: bool = False) -> list[str]:
    """Remove a node; returns the ids removed. Refuses children without `recursive`, and links into it
    from anywhere in the debate without `unlink` (which then drops those links in every map)."""
    m = draft.map
    visit = find(m, node_id)
    if visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; delete the map file instead")
    removed_visits = subtree(visit.node)
    if visit.node.children and not recursive:
        below = len(removed_visits) - 1
        raise ArgmapError(f"'{node_id}' has {below} node(s) below it; use --recursive to remove them too")
    removed = {v.node.id for v in removed_visits}
    incoming = [x for x in draft.debate.links_into(m.id, removed) if not (x[0] is draft.file and x[1].id in removed)]
    if incoming and not unlink:
        named = "; ".join(
            f"'{node.id}' {relation} '{link}'"
            + ("" if file is draft.file or file.map is None else f" (map '{file.map.id}', {file.display})")
            for file, node, relation, link in incoming
        )
        raise ArgmapError(
            f"removing it would leave cross-links pointing at nothing: {named} (use --unlink to remove those links too)"
        )
    visit.parent.children.remove(visit.node)
    for file, node, relation, link in incoming:
        links = node.supports if relation is Relation.SUPPORTS else node.attacks
        links[:] = [x for x in links if x != link]
        draft.touch(file)
    draft.touch()
    return [v.node.id for v in removed_visits]


def _unique_map_id(draft: Draft) -> None:
    """Links name maps by id: with two maps of one id, rewriting them would guess which was meant."""
    m = draft.map
    twins = [f.display for f in draft.debate.files if f.map is not None and f.map.id == m.id]
    if len(twins) > 1:
        raise ArgmapError(
            f"maps {', '.join(twins)} share the id '{m.id}', so links to it are ambiguous; "
            "give one of them another id first (argmap rename FILE --map NEW)"
        )


def rename_node(draft: Draft, old: str, new: str) -> bool:
    """Rename a node and every link to it in the debate; False when the name is already `new`."""
    m = draft.map
    check_id(new, "new id")
    visit = find(m, old)
    if old == new:
        return False
    _unique_map_id(draft)
    if m.find(new) is not None:
        raise ArgmapError(f"map '{m.id}' already has a node '{new}'")
    _rewrite_links(draft, m.id, old, None, new)
    visit.node.id = new
    draft.touch()
    return True


def rename_map(draft: Draft, new: str) -> bool:
    """Rename the map and every link into it in the debate; False when its id is already `new`."""
    m = draft.map
    check_id(new, "new map id")
    if new == m.id:
        return False
    _unique_map_id(draft)
    if new in draft.maps:
        raise ArgmapError(f"the debate already has a map '{new}' ({_path_of(draft, new)})")
    old = m.id
    _rewrite_links(draft, old, None, new, None)
    m.id = new
    draft.touch()
    return True


def _path_of(draft: Draft, map_id: str) -> Path | None:
    return next((f.path for f in draft.debate.files if f.map is not None and f.map.id == map_id), None)
