"""Semantic rules beyond the schema: one function per rule, each yielding Issues with a stable code."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import Issue
from .model import ALLOWED_PARENTS, ArgMap, Edge, Kind, Relation, Visit, split_link
from .positions import pointer
from .quotes import SourceCache, SourceText

# Every code a rule can emit, with what it means; docs and tests read this table.
CODES: dict[str, str] = {
    "duplicate-id": "two nodes of one map share an id",
    "unknown-link": "a supports/attacks cross-link names a node or map that does not exist",
    "self-link": "a node supports or attacks itself",
    "support-cycle": "nodes support each other in a circle through cross-links",
    "kind-grammar": "a node's kind is not allowed under its parent's kind (or a claim is not the root)",
    "undeclared-side": "a node names a side not declared in `sides`",
    "undeclared-source": "a quote names a source not declared in `sources`",
    "source-missing": "a declared source file does not exist or cannot be read",
    "source-outside": "a declared source file lies outside the project",
    "quote-not-found": "a quote does not occur verbatim in its source",
    "empty-text": "a text that must say something is empty",
    "unused-side": "(warning) a declared side that no node uses",
    "unused-source": "(warning) a declared source that no quote uses",
    "duplicate-map-id": "two maps of one debate share an id",
}

ROOT_MARKERS = ("seeds", "pyproject.toml", ".git")


def find_root(start: Path | None) -> Path:
    """The project root of a map: the nearest folder holding seeds/, pyproject.toml or .git."""
    if start is None:
        return Path.cwd()
    folder = start.resolve().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return folder


@dataclass
class Context:
    map: ArgMap
    root: Path
    debate: Mapping[str, ArgMap]
    sources: SourceCache
    visits: list[Visit] = field(default_factory=list)
    _other_ids: dict[str, set[str]] = field(default_factory=dict)

    @cached_property
    def edges(self) -> list[Edge]:
        return list(self.map.edges(self.visits))

    @cached_property
    def source_texts(self) -> dict[str, SourceText | str]:
        """Each declared source's text, or why it cannot be had; resolved once per map."""
        root = self.root.resolve()
        texts: dict[str, SourceText | str] = {}
        for source_id, source in self.map.sources.items():
            path = (root / source.path).resolve()
            if path.is_relative_to(root):
                texts[source_id] = self.sources.get(path)
            else:
                texts[source_id] = "lies outside the project (source paths are relative to the project root)"
        return texts

    def ids_of(self, other: ArgMap) -> set[str]:
        """Node ids of another map of the debate, collected once however many links point into it."""
        if other.id not in self._other_ids:
            self._other_ids[other.id] = {visit.node.id for visit in other.walk()}
        return self._other_ids[other.id]

    @cached_property
    def index(self) -> dict[str, Visit]:
        """Node id -> first visit of that id."""
        index: dict[str, Visit] = {}
        for visit in self.visits:
            index.setdefault(visit.node.id, visit)
        return index


def _issue(code: str, message: str, ptr: str, node: str | None = None, severity="error") -> Issue:
    return Issue(code, message, ptr, severity=severity, node=node)


def empty_text(ctx: Context) -> Iterator[Issue]:
    m = ctx.map
    if not m.title.strip():
        yield _issue("empty-text", "the map's title is empty", "/title")
    for side_id, side in m.sides.items():
        if not side.name.strip():
            yield _issue("empty-text", f"side '{side_id}' has an empty name", pointer("sides", side_id, "name"))
    for node, _, ptr, _ in ctx.visits:
        if not node.text.strip():
            yield _issue("empty-text", f"node '{node.id}' has empty text", f"{ptr}/text", node.id)
        if node.quote is not None and not node.quote.text.strip():
            yield _issue("empty-text", f"node '{node.id}' has an empty quote", f"{ptr}/quote/text", node.id)


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    for node, _, ptr, _ in ctx.visits:
        first = ctx.index[node.id]
        if first.pointer != ptr:
            yield _issue(
                "duplicate-id",
                f"node id '{node.id}' is already used by the node at {first.pointer}",
                f"{ptr}/id",
                node.id,
            )


def kind_grammar(ctx: Context) -> Iterator[Issue]:
    for node, parent, ptr, _ in ctx.visits:
        if parent is None:
            if node.kind is not Kind.CLAIM:
                yield _issue(
                    "kind-grammar",
                    f"the root node '{node.id}' must be a claim, not a {node.kind}",
                    f"{ptr}/kind",
                    node.id,
                )
            continue
        if parent.kind not in ALLOWED_PARENTS[node.kind]:
            yield _issue("kind-grammar", _grammar_message(node.id, node.kind, parent), f"{ptr}/kind", node.id)


def _grammar_message(node_id: str, kind: Kind, parent) -> str:
    where = f"node '{node_id}' is a {kind} under the {parent.kind} '{parent.id}'"
    if kind is Kind.CLAIM:
        return f"{where}: a claim stands only at the root (use premise, rebuttal or counter-rebuttal)"
    if kind is Kind.REBUTTAL:
        return f"{where}: a rebuttal attacks a claim or a premise (use counter-rebuttal to answer a rebuttal)"
    return (
        f"{where}: a counter-rebuttal attacks a rebuttal or a counter-rebuttal (use rebuttal against a {parent.kind})"
    )


def declared_sides(ctx: Context) -> Iterator[Issue]:
    used = set()
    for node, _, ptr, _ in ctx.visits:
        used.add(node.side)
        if node.side not in ctx.map.sides:
            known = ", ".join(sorted(ctx.map.sides)) or "none"
            yield _issue(
                "undeclared-side",
                f"node '{node.id}' names side '{node.side}', which is not declared in `sides` (declared: {known})",
                f"{ptr}/side",
                node.id,
            )
    yield from _unused("side", ctx.map.sides, used, "no node uses it")


def declared_sources(ctx: Context) -> Iterator[Issue]:
    used = set()
    for node, _, ptr, _ in ctx.visits:
        if node.quote is None:
            continue
        used.add(node.quote.source)
        if node.quote.source not in ctx.map.sources:
            known = ", ".join(sorted(ctx.map.sources)) or "none"
            yield _issue(
                "undeclared-source",
                f"node '{node.id}' quotes source '{node.quote.source}', which is not declared in "
                f"`sources` (declared: {known})",
                f"{ptr}/quote/source",
                node.id,
            )
    yield from _unused("source", ctx.map.sources, used, "no quote uses it")


def _unused(what: str, declared: Iterable[str], used: set[str], why: str) -> Iterator[Issue]:
    for item in declared:
        if item not in used:
            message = f"{what} '{item}' is declared but {why}"
            yield _issue(f"unused-{what}", message, pointer(f"{what}s", item), severity="warning")


def source_files(ctx: Context) -> Iterator[Issue]:
    for source_id, source in ctx.map.sources.items():
        text = ctx.source_texts[source_id]
        if isinstance(text, str):
            code = "source-outside" if text.startswith("lies outside") else "source-missing"
            yield _issue(code, f"source '{source_id}': {source.path} {text}", pointer("sources", source_id, "path"))


def quotes_found(ctx: Context) -> Iterator[Issue]:
    for node, _, ptr, _ in ctx.visits:
        quote = node.quote
        if quote is None or quote.source not in ctx.map.sources or not quote.text.strip():
            continue
        text = ctx.source_texts[quote.source]
        if isinstance(text, str) or text.contains(quote.text):
            continue  # an unreadable source is reported once, by source_files
        hint = text.closest(quote.text)
        if len(hint) > 240:
            hint = hint[:237] + "..."
        yield _issue(
            "quote-not-found",
            f"node '{node.id}': the quote does not occur in source '{quote.source}' "
            f"({ctx.map.sources[quote.source].path}); closest passage: \u201c{hint}\u201d",
            f"{ptr}/quote/text",
            node.id,
        )


def links(ctx: Context) -> Iterator[Issue]:
    for edge in ctx.edges:
        if not edge.crosslink:
            continue
        map_id, node_id = split_link(edge.target)
        if map_id is None or map_id == ctx.map.id:
            if node_id == edge.source:
                yield _issue("self-link", f"node '{edge.source}' {edge.relation} itself", edge.pointer, edge.source)
            elif node_id not in ctx.index:
                yield _issue(
                    "unknown-link",
                    f"node '{edge.source}' {edge.relation} '{edge.target}', but this map has no node with that id",
                    edge.pointer,
                    edge.source,
                )
            continue
        other = ctx.debate.get(map_id)
        if other is None:
            known = ", ".join(sorted(ctx.debate)) or "none"
            yield _issue(
                "unknown-link",
                f"node '{edge.source}' {edge.relation} '{edge.target}', but no map "
                f"in this debate has the id '{map_id}' (maps: {known})",
                edge.pointer,
                edge.source,
            )
        elif node_id not in ctx.ids_of(other):
            yield _issue(
                "unknown-link",
                f"node '{edge.source}' {edge.relation} '{edge.target}', but map '{map_id}' has no node '{node_id}'",
                edge.pointer,
                edge.source,
            )


def _support_targets(m: ArgMap, edges: Iterable[Edge]) -> dict[str, list[tuple[str, str]]]:
    """For each node of a map, the (map id, node id) pairs it supports, tree and cross-links alike."""
    out: dict[str, list[tuple[str, str]]] = {}
    for edge in edges:
        if edge.relation is Relation.SUPPORTS:
            map_id, node_id = split_link(edge.target)
            target = (map_id or m.id, node_id)
            if target != (m.id, edge.source):  # a self-link is its own finding, not a cycle
                out.setdefault(edge.source, []).append(target)
    return out


def support_cycles(ctx: Context) -> Iterator[Issue]:
    own = ctx.map.id
    adjacency = {own: _support_targets(ctx.map, ctx.edges)}

    def targets(key: tuple[str, str]) -> list[tuple[str, str]]:
        map_id, node_id = key
        if map_id not in adjacency:
            other = ctx.debate.get(map_id)
            adjacency[map_id] = _support_targets(other, other.edges()) if other is not None else {}
        return adjacency[map_id].get(node_id, [])

    state: dict[tuple[str, str], int] = {}  # 1 on the current path, 2 finished
    reported: set[frozenset] = set()
    for visit in ctx.visits:
        start = (own, visit.node.id)
        if start in state:
            continue
        path = [start]
        position = {start: 0}
        stack = [iter(targets(start))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                done = path.pop()
                del position[done]
                state[done] = 2
                stack.pop()
                continue
            seen = state.get(nxt, 0)
            if seen == 0:
                state[nxt] = 1
                position[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(targets(nxt)))
            elif seen == 1:
                cycle = path[position[nxt] :]
                key = frozenset(cycle)
                if key in reported:
                    continue
                reported.add(key)
                here = next((n for m_id, n in cycle if m_id == own), cycle[0][1])
                names = [n if m_id == own else f"{m_id}:{n}" for m_id, n in cycle]
                chain = " -> ".join([*names, names[0]])
                yield _issue(
                    "support-cycle",
                    f"support cycle {chain}: a point cannot support itself, even through others",
                    ctx.index[here].pointer if here in ctx.index else "/claim",
                    here,
                )


RULES: tuple[Callable[[Context], Iterator[Issue]], ...] = (
    empty_text,
    duplicate_ids,
    kind_grammar,
    declared_sides,
    declared_sources,
    source_files,
    quotes_found,
    links,
    support_cycles,
)


def check(
    argmap: ArgMap,
    *,
    debate: Mapping[str, ArgMap] | None = None,
    root: Path | str | None = None,
    sources: SourceCache | None = None,
) -> list[Issue]:
    """Every semantic issue of one map. `debate` holds the other maps that cross-links may name."""
    ctx = Context(
        map=argmap,
        root=Path(root) if root is not None else find_root(argmap.path),
        debate=debate or {},
        sources=sources or SourceCache(),
        visits=list(argmap.walk()),
    )
    issues: list[Issue] = []
    for rule in RULES:
        issues.extend(rule(ctx))
    return issues
