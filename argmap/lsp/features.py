"""What the editor asks about a place in a map: hover, definition, references, completion, rename targets.

Plain answers in offsets of the files' texts (`Place`); the server turns them into the protocol's types.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..debate import MapFile
from ..io.positions import At, pointer_at, value_spans
from ..model import ALLOWED_PARENTS, ArgMap, Kind, Node, Relation, Visit, split_link
from ..quotes import SourceProblem, SourceText
from . import outlines
from .live import LiveDebate, Outline
from .targets import NODE_POINTER, Place, Target, node_at, node_at_id

# How much of the source to show either side of a quote in a hover.
CONTEXT_CHARS = 160


def target_at(file: MapFile, offset: int) -> Target | None:
    """What lies at `offset` of a map file's text, named in the map's terms."""
    m = file.map
    if m is None:
        return None
    at = pointer_at(file.loaded.text, offset)
    if at is None:
        return None
    parts = at.pointer.split("/")
    if at.part == "key" and len(parts) == 3 and parts[1] in ("sides", "sources"):
        return Target("side" if parts[1] == "sides" else "source", m.id, _unescape(parts[2]), (at.start, at.end))
    if at.pointer == "/id" and at.part == "value":
        return Target("map", m.id, m.id, (at.start, at.end))
    if at.part == "value" and len(parts) == 4 and parts[1] == "sources" and parts[3] == "path":
        return Target("source-file", m.id, _unescape(parts[2]), (at.start, at.end))
    match = NODE_POINTER.match(at.pointer)
    if not match:
        return None
    node = node_at(m, match[1])
    if node is None:
        return None
    rest = match[2]
    span = (at.start, at.end)
    if at.part == "value":
        if rest == "/id":
            return Target("node", m.id, node.id, span, node.id)
        if rest == "/side":
            return Target("side", m.id, node.side, span, node.id)
        if rest == "/quote/source" and node.quote is not None:
            return Target("source", m.id, node.quote.source, span, node.id)
        if rest == "/quote/text":
            return Target("quote", m.id, node.id, span, node.id)
        link = re.fullmatch(r"/(supports|attacks)/(\d+)", rest)
        if link:
            links = node.supports if link[1] == "supports" else node.attacks
            if int(link[2]) < len(links):
                return Target("link", m.id, links[int(link[2])], span, node.id)
    if at.part == "inside" and rest and not rest.startswith("/children"):
        return None
    return Target("node", m.id, node.id, span, node.id) if not rest.startswith("/children") else None


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_link(live: LiveDebate, map_id: str, link: str) -> tuple[str, str]:
    target_map, node_id = split_link(link)
    return (target_map or map_id, node_id)


def node_place(live: LiveDebate, map_id: str, node_id: str) -> Place | None:
    """Where a node's id is written in its map file."""
    file = live.file_of(map_id)
    if file is None or file.map is None:
        return None
    visit = file.map.find(node_id)
    if visit is None:
        return None
    start, end = value_spans(file.loaded.text, [f"{visit.pointer}/id"])[f"{visit.pointer}/id"]
    return Place(file.path, start, end)


def key_place(file: MapFile, table: str, key: str) -> Place | None:
    """Where a side or source is declared: its key in `sides` or `sources`."""
    text = file.loaded.text
    from ..io.positions import escape_token

    try:
        spans = value_spans(text, [f"/{table}/{escape_token(key)}", f"/{table}"])
    except ValueError:
        return None
    value = spans[f"/{table}/{escape_token(key)}"]
    if value == spans[f"/{table}"]:
        return None  # not declared: the span fell back to the table
    # The key is the last string before the value's colon.
    colon = text.rfind(":", 0, value[0])
    end = text.rfind('"', 0, colon) + 1
    start = text.rfind('"', 0, end - 1)
    return Place(file.path, start, end)


def source_of(live: LiveDebate, m: ArgMap, source_id: str) -> tuple[Path, SourceText] | None:
    source = m.sources.get(source_id)
    if source is None:
        return None
    path = (live.root / source.path).resolve()
    text = live.sources.get(path)
    return None if isinstance(text, SourceProblem) else (path, text)


# ---------------------------------------------------------------- definition and references


def target_in(live: LiveDebate, file: MapFile, offset: int) -> Target | None:
    """What lies at `offset` of a map file or an outline."""
    outline = live.outlines.get(file.path)
    if outline is None:
        return target_at(file, offset)
    return outlines.target(outline, offset)


def _node_place(live: LiveDebate, file: MapFile, map_id: str, node_id: str) -> Place | None:
    outline = live.outlines.get(file.path)
    if outline is not None and file.map is not None and map_id == file.map.id:
        return outlines.node_place(outline, node_id)
    return node_place(live, map_id, node_id)


def definition(live: LiveDebate, file: MapFile, offset: int) -> list[Place]:
    target = target_in(live, file, offset)
    if target is None or file.map is None:
        return []
    if target.what == "link":
        place = _node_place(live, file, *resolve_link(live, target.map_id, target.name))
        return [place] if place else []
    if target.what in ("side", "source") and file.path not in live.outlines:
        place = key_place(file, f"{target.what}s", target.name)
        return [place] if place else []
    if target.what == "source-file":
        found = source_of(live, file.map, target.name)
        return [Place(found[0], 0, 0)] if found else []
    if target.what == "quote":
        node = node_at_id(file.map, target.name)
        if node is None or node.quote is None:
            return []
        found = source_of(live, file.map, node.quote.source)
        if found is None:
            return []
        path, text = found
        span = text.span_of(node.quote.text) or text.nearest(node.quote.text)
        return [Place(path, *span)]
    return []


def links_into(live: LiveDebate, map_id: str, node_id: str) -> list[tuple[MapFile, Node, str, str]]:
    """Every cross-link in the debate to one node: the file and node that hold it, where, and the link."""
    out = []
    # Each holding map's nodes indexed once, by id (the first in document order, as a walk finds it):
    # a walk per link made a node with k links into it cost k walks.
    places: dict[int, dict[str, Visit]] = {}
    for file, node, relation, link in live.debate().links_into(map_id, {node_id}):
        if file.map is None:
            continue
        index = places.get(id(file.map))
        if index is None:
            index = places[id(file.map)] = {}
            for v in file.map.walk():
                index.setdefault(v.node.id, v)
        visit = index.get(node.id)
        if visit is None:
            continue
        key = "supports" if relation is Relation.SUPPORTS else "attacks"
        links = node.supports if relation is Relation.SUPPORTS else node.attacks
        out.extend((file, node, f"{visit.pointer}/{key}/{i}", link) for i, x in enumerate(links) if x == link)
    return out


def references(live: LiveDebate, file: MapFile, offset: int, include_declaration: bool = True) -> list[Place]:
    """Every cross-link in the debate to the node under the cursor (its id, or a link naming it)."""
    target = target_in(live, file, offset)
    if target is None or target.what not in ("node", "link"):
        return []
    key = resolve_link(live, target.map_id, target.name) if target.what == "link" else (target.map_id, target.name)
    out = []
    if include_declaration:
        place = node_place(live, *key)
        if place:
            out.append(place)
    by_file: dict[Path, list[str]] = {}
    for holder, _, ptr, _ in links_into(live, *key):
        by_file.setdefault(holder.path, []).append(ptr)
    for path, pointers in by_file.items():
        holder = live.file_at(path)
        if holder is not None:
            spans = value_spans(holder.loaded.text, pointers)
            out.extend(Place(path, *spans[ptr]) for ptr in pointers)
    return out


# ---------------------------------------------------------------- hover


def hover(
    live: LiveDebate, file: MapFile, offset: int, labels: dict[str, str] | None = None
) -> tuple[str, tuple[int, int]] | None:
    """Markdown about the node, link, side or source under the cursor, and the range it is about."""
    target = target_in(live, file, offset)
    if target is None or file.map is None:
        return None
    m = file.map
    if target.what == "link":
        map_id, node_id = resolve_link(live, target.map_id, target.name)
        other = file.map if file.map is not None and map_id == file.map.id else live.maps.get(map_id)
        node = node_at_id(other, node_id) if other else None
        if other is None or node is None:
            return f"`{target.name}`: no such node in the debate", target.span
        return node_text(live, other, node, labels, brief=True), target.span
    if target.what == "side" and target.name in m.sides:
        side = m.sides[target.name]
        users = sum(1 for node, *_ in m.walk() if node.side == target.name)
        lines = [f"**side** `{target.name}`: {side.name}"]
        if side.description:
            lines.append(side.description)
        lines.append(f"{users} node{'s' if users != 1 else ''} of this map")
        return "\n\n".join(lines), target.span
    if target.what in ("source", "source-file") and target.name in m.sources:
        source = m.sources[target.name]
        lines = [f"**source** `{target.name}`: *{source.title}* ({source.date})", f"`{source.path}`"]
        if source.publisher:
            lines.append(source.publisher)
        return "\n\n".join(lines), target.span
    node = node_at_id(m, target.node or target.name)
    if node is None:
        return None
    return node_text(live, m, node, labels), target.span


def node_text(live: LiveDebate, m: ArgMap, node: Node, labels: dict[str, str] | None, brief: bool = False) -> str:
    side = m.sides.get(node.side)
    head = f"**{node.kind.value}** `{m.id}:{node.id}` · side **{side.name if side else node.side}**"
    lines = [head]
    if node.speaker:
        lines.append(f"Speaker: {node.speaker}")
    lines.append(f"> {node.text}")
    if labels is not None and f"{m.id}:{node.id}" in labels:
        lines.append(f"Evaluation (grounded): **{labels[f'{m.id}:{node.id}']}**")
    if brief:
        return "\n\n".join(lines)
    if node.quote is not None:
        lines.append(quote_in_context(live, m, node))
    visit = m.find(node.id)
    if visit is not None and visit.parent is not None and node.relation is not None:
        answers = len(node.children)
        lines.append(
            f"In the tree: {node.relation.value} `{visit.parent.id}`"
            + (f"; answered by {answers} node{'s' if answers != 1 else ''}" if answers else "")
        )
    outgoing = [
        (rel, link) for rel, links in (("supports", node.supports), ("attacks", node.attacks)) for link in links
    ]
    if outgoing:
        lines.append("Links: " + "; ".join(f"{rel} `{link}`" for rel, link in outgoing))
    into = links_into(live, m.id, node.id)
    if into:
        lines.append(
            "Linked from: " + "; ".join(f"`{f.map.id}:{n.id}` ({ptr.split('/')[-2]})" for f, n, ptr, _ in into if f.map)
        )
    return "\n\n".join(lines)


def quote_in_context(live: LiveDebate, m: ArgMap, node: Node) -> str:
    assert node.quote is not None
    found = source_of(live, m, node.quote.source)
    where = m.sources[node.quote.source].path if node.quote.source in m.sources else node.quote.source
    if found is None:
        return f"Quote ({where}, not readable): “{node.quote.text}”"
    _, text = found
    span = text.span_of(node.quote.text)
    if span is None:
        start, end = text.nearest(node.quote.text)
        return f"Quote **not found** in `{where}`; nearest passage: “{_flat(text.text[start:end])}”"
    start, end = span
    before = _flat(text.text[max(0, start - CONTEXT_CHARS) : start])
    after = _flat(text.text[end : end + CONTEXT_CHARS])
    return f"Quote in `{where}`: …{before} **{_flat(text.text[start:end])}** {after}…"


def _flat(text: str) -> str:
    return " ".join(text.split()).replace("*", "\\*")


# ---------------------------------------------------------------- completion


@dataclass(frozen=True)
class Completion:
    label: str
    kind: str  # "node", "side", "source", "kind"
    detail: str
    replace: tuple[int, int]  # the range the label replaces
    quoted: bool  # whether the insertion needs its own quotation marks


def completions(live: LiveDebate, file: MapFile, offset: int) -> list[Completion]:
    """Link targets, sides, sources or kinds for the value under the cursor.

    A half-typed value (an empty link, a side not yet chosen) makes the buffer unsound; the map's last
    sound version says which sides and sources it declares.
    """
    outline = live.outlines.get(file.path)
    if outline is not None:
        return _outline_completions(live, outline, offset)
    text = file.loaded.text
    at = pointer_at(text, offset)
    if at is None or at.part == "key":
        return []
    match = NODE_POINTER.match(at.pointer)
    if not match:
        return []
    rest = match[2]
    replace, quoted = _replace_range(text, at, offset)
    m = file.map or live.last_sound.get(file.path)
    in_links = re.fullmatch(r"/(supports|attacks)", rest) if at.part == "inside" else None
    if in_links or (at.part == "value" and re.fullmatch(r"/(supports|attacks)/\d+", rest)):
        return _link_targets(live, m, replace, quoted, text[replace[0] : offset])
    if at.part != "value" or m is None:
        return []
    if rest == "/side":
        return [Completion(s, "side", side.name, replace, quoted) for s, side in m.sides.items()]
    if rest == "/quote/source":
        return [Completion(s, "source", src.title, replace, quoted) for s, src in m.sources.items()]
    if rest == "/kind":
        if match[1] == "/claim":
            return [Completion(Kind.CLAIM.value, "kind", "the root", replace, quoted)]
        parent = _parent_kind(m, match[1])
        kinds = [k for k in Kind if k is not Kind.CLAIM and (parent is None or parent in ALLOWED_PARENTS[k])]
        return [
            Completion(k.value, "kind", f"answers a {parent.value}" if parent else "", replace, quoted) for k in kinds
        ]
    return []


def _outline_completions(live: LiveDebate, outline: Outline, offset: int) -> list[Completion]:
    found = outlines.context(outline, offset)
    if found is None:
        return []
    what, replace = found
    m = outline.file.map
    if what == "link":
        return _link_targets(live, m, replace, False, outline.text[replace[0] : offset])
    return [Completion(s, "side", side.name, replace, False) for s, side in m.sides.items()] if m else []


def _parent_kind(m: ArgMap | None, ptr: str) -> Kind | None:
    if m is None or ptr == "/claim":
        return None
    parent = node_at(m, ptr.rsplit("/children/", 1)[0])
    return parent.kind if parent else None


def _replace_range(text: str, at: At, offset: int) -> tuple[tuple[int, int], bool]:
    """The characters a completion replaces: a string's content (between its quotes), else nothing."""
    if at.part == "value" and text.startswith('"', at.start):
        end = at.end - 1 if at.end - at.start >= 2 and text[at.end - 1] == '"' else at.end
        return (at.start + 1, max(end, at.start + 1)), False
    return (offset, offset), True


def _link_targets(live: LiveDebate, m: ArgMap | None, replace, quoted, typed: str) -> list[Completion]:
    own = m.id if m is not None else None
    maps = dict(live.maps)
    if m is not None:
        maps.setdefault(m.id, m)
    wanted_map = typed.split(":", 1)[0] if ":" in typed else None
    out = []
    for map_id, other in maps.items():
        if wanted_map is not None and map_id != wanted_map:
            continue
        for node, *_ in other.walk():
            label = node.id if map_id == own and wanted_map is None else f"{map_id}:{node.id}"
            out.append(Completion(label, "node", node.text, replace, quoted))
    return out


def quoted_json(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
