"""Operations that grow and restructure a debate: new, add, edit, move, remove, rename, links, sides, sources.

Each operation changes a Draft, a debate read for this one change whose maps belong to nobody else, and
raises ArgmapError for a request that cannot mean anything (an unknown id, a move into its own subtree).
Whether the changed debate is valid is for the store to check, with the same rules as `argmap validate`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArgmapError, NotFoundError, UsageError
from ..ids import did_you_mean, is_blank, slug, unique_id
from ..model import COLOR_PATTERN, DATE_PATTERN, ID_PATTERN, ArgMap, Kind, Node, Quote, Side, Source, Visit, split_link
from ..vocab import Relation
from .draft import Draft

_ID = re.compile(ID_PATTERN)
_COLOR = re.compile(COLOR_PATTERN)
_DATE = re.compile(DATE_PATTERN)


# ---------------------------------------------------------------- values from the user


def check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise UsageError(
            f"{what} '{value}' is not a valid id: use letters, digits, '-', '_' or '.', starting with a letter or digit"
        )
    return value


def check_text(value: str | None, what: str, required: bool = False) -> str | None:
    """Text must be writable as UTF-8: a lone surrogate (from a broken terminal or a \\ud800 escape) is not.

    A required text must show something; an optional one that shows nothing is '' (which removes it).
    """
    if value is None:
        return None
    if is_blank(value):
        if required:
            raise UsageError(f"{what} is blank: give a text that says something")
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(
            f"{what}: character {exc.start + 1} is not valid Unicode text (a lone surrogate, often from bytes "
            "that are not UTF-8); nothing was written"
        ) from None
    return value


def check_date(value: str) -> str:
    if not _DATE.match(value):
        raise UsageError(f"--date '{value}': give YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise UsageError(f"--date '{value}' is not a calendar date ({exc})") from None
    return value


def check_color(value: str | None) -> str | None:
    if value is not None and not _COLOR.match(value):
        raise UsageError(f"--color '{value}': give a colour as #RRGGBB, e.g. #0072B2")
    return value


def check_url(value: str | None) -> str | None:
    """A web address (http or https) or a relative link; other schemes (javascript:, data:) can run code."""
    value = check_text(value, "--url")
    if value and ":" in value.split("/")[0] and not value.lower().startswith(("http://", "https://")):
        raise UsageError(f"--url '{value}': give an http:// or https:// address")
    return value


def side_name(side_id: str) -> str:
    """'united-states' -> 'United States': a default display name."""
    return " ".join(part.capitalize() for part in re.split(r"[-_.]", side_id) if part)


def parse_side(spec: str) -> tuple[str, str]:
    """'russia' or 'russia=Russian Federation' -> (id, name)."""
    side_id, sep, name = spec.partition("=")
    side_id = check_id(side_id.strip(), "side")
    return side_id, (name.strip() if sep else side_name(side_id))


# ---------------------------------------------------------------- maps


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


def find(m: ArgMap, node_id: str) -> Visit:
    visit = m.find(node_id)
    if visit is None:
        hint = did_you_mean(node_id, (v.node.id for v in m.walk()))
        raise NotFoundError(f"map '{m.id}' has no node '{node_id}'{hint}")
    return visit


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


def _known_source(m: ArgMap, source: str) -> str:
    if source not in m.sources:
        raise NotFoundError(f"map '{m.id}' declares no source '{source}'{did_you_mean(source, m.sources)}")
    return source


def _known_side(m: ArgMap, side: str) -> str:
    if side not in m.sides:
        raise NotFoundError(
            f"map '{m.id}' declares no side '{side}'{did_you_mean(side, m.sides)} (declare it with `argmap side add`)"
        )
    return side


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


# ---------------------------------------------------------------- links


def _link_target(draft: Draft, link: str) -> tuple[str, str]:
    """(map id, node id) of a link, refused when it names nothing in the debate."""
    m = draft.map
    map_id, node_id = split_link(link)
    if not _ID.match(node_id) or (map_id is not None and not _ID.match(map_id)):
        raise UsageError(f"'{link}' is not a link: give 'node-id' or 'map-id:node-id'")
    if map_id is None or map_id == m.id:
        find(m, node_id)
        return m.id, node_id
    other = draft.maps.get(map_id)
    if other is None:
        raise NotFoundError(f"no map in this debate has the id '{map_id}'{did_you_mean(map_id, draft.maps)}")
    find(other, node_id)
    return map_id, node_id


def add_link(draft: Draft, node: Node, relation: Relation, link: str, parent: Node | None = None) -> None:
    """Add a cross-link from `node`, refusing one that repeats, contradicts or restates the tree."""
    m = draft.map
    target = _link_target(draft, link)
    own = {(*_norm(m, x),) for x in (node.supports if relation is Relation.SUPPORTS else node.attacks)}
    other_rel = Relation.ATTACKS if relation is Relation.SUPPORTS else Relation.SUPPORTS
    other = {(*_norm(m, x),) for x in (node.attacks if relation is Relation.SUPPORTS else node.supports)}
    if target == (m.id, node.id):
        raise ArgmapError(f"'{node.id}' cannot {relation.value.removesuffix('s')} itself")
    if target in own:
        raise ArgmapError(f"'{node.id}' already {relation} '{link}'")
    if target in other:
        raise ArgmapError(f"'{node.id}' already {other_rel} '{link}'; a point cannot both support and attack it")
    if parent is None:
        visit = m.find(node.id)
        parent = visit.parent if visit else None
    if parent is not None and target == (m.id, parent.id):
        raise ArgmapError(
            f"'{node.id}' already answers '{parent.id}' in the tree (as a {node.kind}); a cross-link would say it again"
        )
    (node.supports if relation is Relation.SUPPORTS else node.attacks).append(link)


def _norm(m: ArgMap, link: str) -> tuple[str, str]:
    map_id, node_id = split_link(link)
    return (map_id or m.id, node_id)


def remove_link(draft: Draft, node: Node, relation: Relation, link: str) -> None:
    m = draft.map
    links = node.supports if relation is Relation.SUPPORTS else node.attacks
    wanted = _norm(m, link)
    keep = [x for x in links if _norm(m, x) != wanted]
    if len(keep) == len(links):
        have = ", ".join(links) or "none"
        raise NotFoundError(f"'{node.id}' has no {relation} link to '{link}' (it {relation}: {have})")
    links[:] = keep


# ---------------------------------------------------------------- edit, move, remove


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
    parent = m.find(node_id).parent
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
            + ("" if file is draft.file else f" (map '{file.map.id}', {file.display})")
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


# ---------------------------------------------------------------- renames


def _rewrite_links(draft: Draft, map_id: str, old: str | None, new_map: str | None, new_node: str | None) -> None:
    """Point every link to `map_id:old` (every link into `map_id` when old is None) at the new name."""
    for file in draft.debate.files:
        other = file.map
        if other is None:
            continue
        touched = False
        for node, *_ in other.walk():
            for links in (node.supports, node.attacks):
                for index, link in enumerate(links):
                    target_map, target = split_link(link)
                    if (target_map or other.id) != map_id or (old is not None and target != old):
                        continue
                    node_part = new_node if old is not None else target
                    if target_map is None:
                        links[index] = node_part
                    else:
                        links[index] = f"{new_map or target_map}:{node_part}"
                    touched = True
        if touched:
            draft.touch(file)


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


# ---------------------------------------------------------------- sides and sources


def add_side(
    draft: Draft, side_id: str, name: str | None = None, description: str | None = None, color: str | None = None
) -> None:
    """Declare a side; its display name defaults to one made from the id ('united-states': 'United States')."""
    m = draft.map
    check_id(side_id, "side")
    if side_id in m.sides:
        raise ArgmapError(f"side '{side_id}' is already declared (change it with `argmap side edit`)")
    m.sides[side_id] = Side.model_construct(
        name=check_text(name if name is not None else side_name(side_id), "--name", required=True),
        description=check_text(description, "--description") or None,
        color=check_color(color or None),
    )
    draft.touch()


def edit_side(draft: Draft, side_id: str, name: str | None, description: str | None, color: str | None) -> bool:
    side = draft.map.sides[_known_side(draft.map, side_id)]
    fields = {
        "name": check_text(name, "--name", required=True),
        "description": check_text(description, "--description"),
        "color": check_color(color) if color else color,  # "" removes the colour
    }
    changed = _set_fields(side, fields, removable={"description", "color"})
    if changed:
        draft.touch()
    return changed


def rename_side(draft: Draft, old: str, new: str) -> int | None:
    """Rename a side and every node that names it; how many nodes changed (None: already so named)."""
    m = draft.map
    _known_side(m, old)
    check_id(new, "new side id")
    if new == old:
        return None
    if new in m.sides:
        raise ArgmapError(f"side '{new}' is already declared")
    m.sides = _renamed(m.sides, old, new)
    count = 0
    for node, *_ in m.walk():
        if node.side == old:
            node.side = new
            count += 1
    draft.touch()
    return count


def remove_side(draft: Draft, side_id: str) -> None:
    m = draft.map
    _known_side(m, side_id)
    users = [node.id for node, *_ in m.walk() if node.side == side_id]
    if users:
        raise ArgmapError(f"side '{side_id}' is used by {len(users)} node(s): {_listed(users)}; change them first")
    del m.sides[side_id]
    draft.touch()


def _listed(ids: list[str], most: int = 5) -> str:
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


def _renamed(table: dict, old: str, new: str) -> dict:
    """The table with one key renamed, in the same order (declaration order is what the diagrams show)."""
    return {(new if key == old else key): value for key, value in table.items()}


def _set_fields(target: object, fields: dict[str, str | None], removable: set[str]) -> bool:
    """Set the given fields; '' removes a removable one. Returns whether anything changed."""
    changed = False
    for key, value in fields.items():
        if value is None:
            continue
        value = (value or None) if key in removable else value
        if getattr(target, key) != value:
            setattr(target, key, value)
            changed = True
    return changed


def _source_path(draft: Draft, path: str) -> str:
    """A source path stored relative to the project root, so the map is portable."""
    root = draft.root.resolve()
    given = Path(path)
    full = (given if given.is_absolute() else root / given).resolve()
    if not full.exists():
        raise NotFoundError(
            f"source file {path} does not exist (source paths are relative to the project root, {root})"
        )
    if not full.is_relative_to(root):
        raise ArgmapError(f"source file {path} lies outside the project ({root}); copy it into seeds/")
    return full.relative_to(root).as_posix()


def add_source(
    draft: Draft,
    source_id: str,
    path: str,
    title: str,
    date: str,
    publisher: str | None = None,
    url: str | None = None,
    description: str | None = None,
) -> None:
    m = draft.map
    check_id(source_id, "source")
    if source_id in m.sources:
        raise ArgmapError(f"source '{source_id}' is already declared (change it with `argmap source edit`)")
    m.sources[source_id] = Source.model_construct(
        path=_source_path(draft, path),
        title=check_text(title, "--title", required=True),
        date=check_date(date),
        publisher=check_text(publisher, "--publisher") or None,
        url=check_url(url) or None,
        description=check_text(description, "--description") or None,
    )
    draft.touch()


def edit_source(draft: Draft, source_id: str, **fields: str | None) -> bool:
    m = draft.map
    source = m.sources[_known_source(m, source_id)]
    for key, value in fields.items():
        fields[key] = check_text(value, f"--{key}", required=key in ("path", "title", "date"))
    fields["url"] = check_url(fields.get("url"))
    if fields.get("path") is not None:
        fields["path"] = _source_path(draft, fields["path"])
    if fields.get("date") is not None:
        fields["date"] = check_date(fields["date"])
    changed = _set_fields(source, fields, removable={"publisher", "url", "description"})
    if changed:
        draft.touch()
    return changed


def rename_source(draft: Draft, old: str, new: str) -> int | None:
    """Rename a source and every quote that cites it; how many quotes changed (None: already so named)."""
    m = draft.map
    _known_source(m, old)
    check_id(new, "new source id")
    if new == old:
        return None
    if new in m.sources:
        raise ArgmapError(f"source '{new}' is already declared")
    m.sources = _renamed(m.sources, old, new)
    count = 0
    for node, *_ in m.walk():
        if node.quote is not None and node.quote.source == old:
            node.quote = Quote.model_construct(source=new, text=node.quote.text)
            count += 1
    draft.touch()
    return count


def remove_source(draft: Draft, source_id: str) -> None:
    m = draft.map
    _known_source(m, source_id)
    users = [node.id for node, *_ in m.walk() if node.quote is not None and node.quote.source == source_id]
    if users:
        raise ArgmapError(
            f"source '{source_id}' is quoted by {len(users)} node(s): {_listed(users)}; change them first"
        )
    del m.sources[source_id]
    draft.touch()
