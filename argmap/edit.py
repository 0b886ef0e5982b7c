"""Operations that grow and restructure a map: new, add, edit, move, remove, and sides and sources.

Each works on a map in memory and raises ArgmapError for a request that cannot mean anything (an
unknown id, a move into its own subtree); whether the result is a valid map is for store.save to check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .errors import ArgmapError
from .model import ArgMap, Kind, Node, Quote, Side, Source, Visit, split_link


def slug(text: str, limit: int = 40) -> str:
    """A readable id from text: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


def unique_id(base: str, taken: Iterable[str], fallback: str) -> str:
    taken = set(taken)
    base = base or fallback
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def side_name(side_id: str) -> str:
    """'united-states' -> 'United States': a default display name."""
    return " ".join(part.capitalize() for part in re.split(r"[-_.]", side_id) if part)


def parse_side(spec: str) -> tuple[str, str]:
    """'russia' or 'russia=Russian Federation' -> (id, name)."""
    side_id, sep, name = spec.partition("=")
    side_id = side_id.strip()
    return side_id, (name.strip() if sep else side_name(side_id))


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
        raise ArgmapError("a map needs at least one side (--side)")
    root = Node(id=claim_id or slug(claim) or "claim", kind=Kind.CLAIM, side=sides[0][0], text=claim)
    return ArgMap.model_construct(
        schema_uri=schema_uri,
        id=map_id,
        title=title,
        description=description,
        sides={sid: Side.model_construct(name=name, description=None, color=None) for sid, name in sides},
        sources={},
        claim=root,
    )


def _visit(m: ArgMap, node_id: str) -> Visit:
    visit = m.find(node_id)
    if visit is None:
        ids = [v.node.id for v in m.walk()]
        near = [i for i in ids if node_id.lower() in i.lower() or i.lower() in node_id.lower()][:3]
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise ArgmapError(f"map '{m.id}' has no node '{node_id}'{hint}")
    return visit


def _quote(m: ArgMap, source: str | None, text: str | None, current: Quote | None = None) -> Quote | None:
    if text is None and source is None:
        return current
    if text is None:
        if current is None:
            raise ArgmapError("--source needs --quote (the passage quoted)")
        return Quote.model_construct(source=source, text=current.text)
    source = source or (current.source if current else None)
    if source is None:
        if len(m.sources) == 1:
            source = next(iter(m.sources))
        else:
            raise ArgmapError("--quote needs --source (which declared source it is from)")
    return Quote.model_construct(source=source, text=text)


def add_node(
    m: ArgMap,
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
    """Add a node under `parent_id`; returns its id (generated from the text when not given)."""
    parent = _visit(m, parent_id).node
    taken = [v.node.id for v in m.walk()]
    if node_id is None:
        node_id = unique_id(slug(text), taken, kind.value)
    node = Node.model_construct(
        id=node_id,
        kind=kind,
        side=side,
        speaker=speaker or None,
        text=text,
        quote=_quote(m, source, quote),
        supports=list(supports or []),
        attacks=list(attacks or []),
        children=[],
    )
    parent.children.append(node)
    return node_id


def edit_node(
    m: ArgMap,
    node_id: str,
    text: str | None = None,
    side: str | None = None,
    speaker: str | None = None,
    source: str | None = None,
    quote: str | None = None,
    kind: Kind | None = None,
) -> None:
    """Change fields of a node; an empty speaker removes it."""
    node = _visit(m, node_id).node
    if text is not None:
        node.text = text
    if side is not None:
        node.side = side
    if speaker is not None:
        node.speaker = speaker or None
    if kind is not None:
        node.kind = kind
    node.quote = _quote(m, source, quote, node.quote)


def move_node(m: ArgMap, node_id: str, new_parent_id: str) -> None:
    """Hang a node (with its subtree) under another parent; refuses the root and cycles."""
    visit = _visit(m, node_id)
    if visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; it cannot be moved")
    target = _visit(m, new_parent_id)
    subtree = {v.node.id for v in _subtree(visit.node)}
    if new_parent_id in subtree:
        raise ArgmapError(
            f"cannot move '{node_id}' under '{new_parent_id}': '{new_parent_id}' is inside the subtree of "
            f"'{node_id}', so the tree would become a cycle"
        )
    visit.parent.children.remove(visit.node)
    target.node.children.append(visit.node)


def _subtree(node: Node) -> list[Visit]:
    out, stack = [], [Visit(node, None, "", 0)]
    while stack:
        v = stack.pop()
        out.append(v)
        stack.extend(Visit(c, v.node, "", v.depth + 1) for c in reversed(v.node.children))
    return out


def dangling_links(m: ArgMap, removed: set[str]) -> list[str]:
    """Cross-links in `m` that name a removed node: 'node supports target'."""
    out = []
    for node, *_ in m.walk():
        if node.id in removed:
            continue
        for relation, links in (("supports", node.supports), ("attacks", node.attacks)):
            out.extend(f"'{node.id}' {relation} '{link}'" for link in links if _names(m, link, removed))
    return out


def remove_node(m: ArgMap, node_id: str, recursive: bool = False, unlink: bool = False) -> list[str]:
    """Remove a node; returns the ids removed. Refuses children without `recursive`, dangling links without `unlink`."""
    visit = _visit(m, node_id)
    if visit.parent is None:
        raise ArgmapError(f"'{node_id}' is the root claim; delete the map file instead")
    if visit.node.children and not recursive:
        n = len(_subtree(visit.node)) - 1
        raise ArgmapError(f"'{node_id}' has {n} node(s) below it; use --recursive to remove them too")
    removed = {v.node.id for v in _subtree(visit.node)}
    dangling = dangling_links(m, removed)
    if dangling and not unlink:
        raise ArgmapError(
            "removing it would leave cross-links pointing at nothing: "
            + "; ".join(dangling)
            + " (use --unlink to remove those links too)"
        )
    visit.parent.children.remove(visit.node)
    if unlink:
        for node, *_ in m.walk():
            node.supports = [x for x in node.supports if not _names(m, x, removed)]
            node.attacks = [x for x in node.attacks if not _names(m, x, removed)]
    return [v.node.id for v in _subtree(visit.node)]


def _names(m: ArgMap, link: str, removed: set[str]) -> bool:
    map_id, target = split_link(link)
    return map_id in (None, m.id) and target in removed


def add_side(m: ArgMap, side_id: str, name: str, description: str | None = None, color: str | None = None) -> None:
    if side_id in m.sides:
        raise ArgmapError(f"side '{side_id}' is already declared")
    m.sides[side_id] = Side.model_construct(name=name, description=description, color=color)


def add_source(
    m: ArgMap,
    source_id: str,
    path: str,
    title: str,
    date: str,
    publisher: str | None = None,
    url: str | None = None,
    description: str | None = None,
) -> None:
    if source_id in m.sources:
        raise ArgmapError(f"source '{source_id}' is already declared")
    m.sources[source_id] = Source.model_construct(
        path=path, title=title, date=date, publisher=publisher, url=url, description=description
    )
