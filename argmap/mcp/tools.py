"""The MCP server's tools: each parses its arguments, makes the library call its CLI command makes, and replies.

Reads open the debate afresh on every call (another writer may have changed it); writes go through
`authoring.store.change`, the one write path: under the folder's lock, the whole debate checked,
all files written or none. Nothing here knows the MCP SDK; `server.py` binds these to it.
"""

from __future__ import annotations

import json
import re
import shlex
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..coverage import Coverage
from ..debate import Debate, MapFile, open_debate
from ..diff import Diff
from ..errors import ArgmapError, Findings, NotFoundError, RefusedError, UsageError
from ..io.files import DEFAULT_LOCK_TIMEOUT, fitting_name
from ..io.loader import locate_issues
from ..model import ArgMap, Node, split_link
from ..report import format_choices
from ..semantics.run import EvaluationReport
from ..vocab import (
    ALLOWED_PARENTS,
    RELATION_TO_PARENT,
    AnswerKind,
    ImageFormat,
    Kind,
    Page,
    Role,
    SearchMatch,
    Semantics,
    SupportMode,
    TreeBearing,
)
from .params import Param, checked, choices, input_schema


@dataclass(frozen=True)
class Reply:
    """What a tool answers: text for the assistant, and the same as data, or an image."""

    text: str
    data: dict[str, Any] | None = None
    image: bytes | None = None
    mime: str | None = None


@dataclass(frozen=True)
class Folder:
    """The debate folder the server serves: every map a tool names is one of its files."""

    path: Path

    def debate(self) -> Debate:
        return open_debate([self.path])

    def file(self, ref: str, debate: Debate | None = None) -> MapFile:
        """The map file `ref` names: a map id, or a file name of the folder (with or without .json)."""
        from ..ids import did_you_mean

        debate = debate or self.debate()
        for file in debate.files:
            if file.map is not None and file.map.id == ref:
                return file
        for file in debate.files:
            if ref in (file.path.name, file.path.stem):
                return file
        ids = [f.map.id for f in debate.files if f.map is not None]
        known = f" (its maps: {', '.join(ids)})" if ids else " (it has no maps yet: start one with `new`)"
        raise NotFoundError(f"the debate in {self.path} has no map '{ref}'{did_you_mean(ref, ids)}{known}")

    def sound(self, ref: str, debate: Debate | None = None) -> tuple[MapFile, ArgMap]:
        """The map file `ref` names and its map, refused with its problems when it cannot be read as a map."""
        file = self.file(ref, debate)
        if file.map is None:
            issues = locate_issues(file.loaded, file.loaded.issues, file.display)
            raise RefusedError(f"{file.display}: is not a sound map; fix it first (see `validate`)", issues)
        return file, file.map

    def new_file(self, name: str) -> Path:
        """A new map file's path: a plain file name in the folder, ending in .json."""
        if not name.endswith(".json") or name.startswith(".") or any(c in name for c in "/\\") or name == ".json":
            raise UsageError(f"'{name}' is not a map file name: give a name like my-map.json, without folders")
        return fitting_name(self.path / name, "map file")


Run = Callable[[Folder, dict[str, Any]], Reply]


@dataclass(frozen=True)
class Tool:
    """A tool as the assistant sees it, and the function that answers it."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    run: Run
    writes: bool = False
    destructive: bool = False
    schema: dict[str, Any] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "schema", input_schema(self.params))

    def call(self, folder: Folder, arguments: dict[str, Any] | None) -> Reply:
        return self.run(folder, checked(self.name, self.params, arguments))


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _data(data: dict[str, Any]) -> Reply:
    return Reply(_json(data), data)


# ---------------------------------------------------------------- parameters shared by several tools

MAP = Param("map", "string", "The map: its id (as list_maps gives it) or its file name in the folder.", True)
NODE = Param("node", "string", "Id of the node.", True)
SPEAKER = Param("speaker", "string", "Who said it, with the title the source gives ('' removes it).")
SOURCE = Param("source", "string", "Id of the map's declared source that `quote` comes from.")
QUOTE = Param(
    "quote",
    "string",
    "The passage of the source that backs the point, copied exactly (take it from `search`). A quote the "
    "source does not contain is refused with the closest passage, and nothing is written.",
)
LINKS = "'node-id' in this map or 'map-id:node-id' in another"
# A node's fields beyond its words and place, the same on `add` and `edit` (what `NodeFields` takes).
FIELDS = (
    Param(
        "role",
        "string",
        "argument (the default; clears the field) or context: the node describes or gives background, and takes "
        "no part in evaluation.",
        choices=choices(Role),
    ),
    Param("weight", "number", "Its base score in gradual evaluation, from 0 to 1 (absent: 0.5).", minimum=0, maximum=1),
    Param(
        "undercut",
        "boolean",
        "true: a rebuttal or counter-rebuttal that attacks the inference from its parent to what the parent "
        "answers, not the parent itself; false clears it.",
    ),
    Param("rephrase", "boolean", "true: a premise that restates its parent in other words; false clears it."),
    Param(
        "group",
        "string",
        "Linked premises: premises of one parent in one group support it only together ('' removes it).",
    ),
    Param("title", "string", "The name the node goes by, as in a file it was imported from ('' removes it)."),
    Param(
        "bearing_kind",
        "string",
        "How it bears on its parent: entails (a premise), contrary or contradictory (a rebuttal or "
        "counter-rebuttal). An undercut or a rephrase is said with `undercut` or `rephrase`.",
        choices=choices(TreeBearing),
    ),
    Param(
        "scheme",
        "string",
        "The inference or conflict scheme of its bearing on its parent (AIF), e.g. 'Argument From Expert Opinion' "
        "('' removes it).",
    ),
)


def _fmt(enum, description: str) -> Param:
    return Param("format", "string", description, choices=choices(enum), default="text")


def _lines(issues) -> str:
    from ..report.lines import text_line

    return "\n".join(text_line(i) for i in issues)


# ---------------------------------------------------------------- read tools


def list_maps(folder: Folder, args: dict[str, Any]) -> Reply:
    debate = folder.debate()
    maps, unreadable = [], []
    for file in debate.files:
        m = file.map
        if m is None:
            problem = file.loaded.issues[0].message if file.loaded.issues else "cannot be read"
            unreadable.append({"file": file.path.name, "problem": problem})
            continue
        maps.append(
            {
                "id": m.id,
                "file": file.path.name,
                "title": m.title,
                "claim": {"id": m.claim.id, "text": m.claim.text},
                "nodes": sum(1 for _ in m.walk()),
                "sides": {sid: side.name for sid, side in m.sides.items()},
                "sources": {sid: source.path for sid, source in m.sources.items()},
            }
        )
    data: dict[str, Any] = {"folder": str(folder.path), "maps": maps}
    if unreadable:
        data["unreadable"] = unreadable
    return _data(data)


def _brief(map_id: str, node: Node) -> dict[str, Any]:
    return {"map": map_id, "id": node.id, "kind": node.kind.value, "side": node.side, "text": node.text}


def _node_view(debate: Debate, file: MapFile, m: ArgMap, node_id: str) -> dict[str, Any]:
    from ..authoring.ops import find

    visit = find(m, node_id)
    node = visit.node
    view: dict[str, Any] = {
        "map": m.id,
        "file": file.path.name,
        "node": node.model_dump(mode="json", exclude={"children"}, exclude_none=True),
        "side_name": m.sides[node.side].name if node.side in m.sides else None,
    }
    if visit.parent is not None:
        view["answers"] = {"relation": RELATION_TO_PARENT[node.kind].value, **_brief(m.id, visit.parent)}
    view["answered_by"] = [
        {"relation": RELATION_TO_PARENT[child.kind].value, **_brief(m.id, child)} for child in node.children
    ]
    links_out = []
    # Each map a link names indexed once (finding each target by a walk made a node's k links cost k walks).
    nodes: dict[str, dict[str, Node]] = {}
    for relation, links in (("supports", node.supports), ("attacks", node.attacks)):
        for link in links:
            target_map, target_id = split_link(link)
            other = debate.maps.get(target_map or m.id)
            found = None
            if other is not None:
                index = nodes.get(other.id)
                if index is None:
                    index = nodes[other.id] = {}
                    for v in other.walk():
                        index.setdefault(v.node.id, v.node)  # the first in document order, as a walk finds it
                found = index.get(target_id)
            entry = {"relation": relation, "link": link}
            if found is not None and other is not None:
                entry.update(_brief(other.id, found))
            links_out.append(entry)
    view["links_out"] = links_out
    view["links_in"] = [
        {"relation": relation.value, **_brief(source.map.id, by)}
        for source, by, relation, _ in debate.links_into(m.id, {node.id})
        if source.map is not None
    ]
    return view


def show(folder: Folder, args: dict[str, Any]) -> Reply:
    debate = folder.debate()
    file, m = folder.sound(args["map"], debate)
    if args["node"] is not None:
        return _data(_node_view(debate, file, m, args["node"]))
    if args["evaluate"]:
        from ..report.evaluation_text import evaluated_tree

        return Reply("\n".join(evaluated_tree(file.path, args["depth"])))
    from ..report.tree import tree_lines
    from ..tree import links_in

    return Reply("\n".join(tree_lines(m, args["depth"], links_in=links_in(debate, m))))


def search(folder: Folder, args: dict[str, Any]) -> Reply:
    from dataclasses import asdict

    from ..passages import search as find_passages

    debate = folder.debate()
    found = find_passages(
        debate, debate.root, args["query"], match=args["match"], source=args["source"], limit=args["limit"]
    )
    passages = []
    for p in found.passages:
        entry = asdict(p)
        if found.match is SearchMatch.PHRASE:
            entry.pop("words")
            entry["hits"] = [list(hit) for hit in p.hits]
        else:
            entry.pop("hits")
            entry["words"] = list(p.words)
        passages.append(entry)
    data: dict[str, Any] = {"query": found.query, "match": found.match.value, "total": found.total}
    data["passages"] = passages
    if found.problems:
        data["problems"] = found.problems
    return _data(data)


def validate(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..report import render

    return Reply(render(args["format"], folder.debate().findings))


def evaluate(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..report import render
    from ..semantics.run import evaluate_debate

    report = evaluate_debate(
        folder.debate(), args["semantics"], args["support"], args["explain"], timeout=args["timeout"]
    )
    if not report.ok:
        errors = [i for i in report.validation.issues if i.is_error]
        raise RefusedError(f"{folder.path}: the debate has errors; nothing was evaluated", errors)
    return Reply(render(args["format"], report))


def coverage(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..coverage import coverage_paths
    from ..report import render

    return Reply(render(args["format"], coverage_paths([folder.path], show_uncited=args["uncited"])))


def diff(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..diff import diff_revision
    from ..report import render

    return Reply(render(args["format"], diff_revision(args["revision"], [folder.path])))


_MIME = {"svg": "image/svg+xml", "png": "image/png"}


def render(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..render.files import render_paths
    from ..render.graph import Options

    file, m = folder.sound(args["map"])
    fmt = args["format"]
    options = Options(
        wrap=args["wrap"],
        legend=args["legend"],
        max_depth=args["max_depth"],
        sides=frozenset(args["sides"]) if args["sides"] else None,
        max_answers=args["max_answers"],
        page=Page(args["page"]),
        dpi=args["dpi"],
        evaluate=args["evaluate"],
    )
    with tempfile.TemporaryDirectory(prefix="argmap-mcp-") as out:
        result = render_paths([file.path], out, [fmt], options)
        errors = [i for i in result.issues if i.is_error]
        if errors:
            raise RefusedError(f"{file.display}: the map has errors; nothing was drawn", errors)
        if result.failures:
            raise ArgmapError(result.failures[0])
        # A map too big for one page of `page` is drawn as pages stem-1, stem-2, ...: the first is returned.
        pages = sorted(Path(out).glob(f"{file.path.stem}-[0-9]*.{fmt}"))
        one = Path(out) / f"{file.path.stem}.{fmt}"
        image = (one if one.exists() else Path(out) / f"{file.path.stem}-1.{fmt}").read_bytes()
    note = f"map '{m.id}' as {fmt.upper()}, {len(image):,} bytes"
    if pages:
        note += f" (page 1 of {len(pages)}; page none draws one picture)"
    if result.warnings:
        note += "; warning: " + "; ".join(w.split(": ", 1)[-1] for w in result.warnings)
    return Reply(note, image=image, mime=_MIME[fmt])


# ---------------------------------------------------------------- write tools


def _change(folder: Folder, ref: str, operation: Callable) -> tuple[MapFile, Any]:
    from ..authoring.store import change

    file = folder.file(ref)
    return file, change(file.path, operation, lock_timeout=DEFAULT_LOCK_TIMEOUT)


def new(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring import new_map_file

    path = folder.new_file(args["file"] or f"{args['id']}.json")
    m = new_map_file(
        path,
        args["title"],
        args["claim"],
        args["sides"],
        description=args["description"],
        map_id=args["id"],
        claim_id=args["claim_id"],
        lock_timeout=DEFAULT_LOCK_TIMEOUT,
    )
    return _data({"message": f"created {path.name} with claim '{m.claim.id}'", "map": m.id, "claim": m.claim.id})


def _fields(args: dict[str, Any]) -> dict[str, Any]:
    return {p.name: args[p.name] for p in FIELDS}


def add(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import NodeFields, add_node

    operation = partial(
        add_node,
        parent_id=args["parent"],
        kind=Kind(args["kind"]),
        side=args["side"],
        text=args["text"],
        node_id=args["id"],
        speaker=args["speaker"],
        source=args["source"],
        quote=args["quote"],
        supports=args["supports"],
        attacks=args["attacks"],
        fields=NodeFields(**_fields(args)),
    )
    file, node_id = _change(folder, args["map"], operation)
    message = f"added '{node_id}' under '{args['parent']}' in {file.path.name}"
    return _data({"message": message, "id": node_id})


def edit(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import NodeEdit, edit_node

    change = NodeEdit(
        text=args["text"],
        side=args["side"],
        speaker=args["speaker"],
        source=args["source"],
        quote=args["quote"],
        no_quote=args["no_quote"],
        kind=Kind(args["kind"]) if args["kind"] else None,
        parent=args["parent"],
        add_supports=args["add_supports"] or [],
        remove_supports=args["remove_supports"] or [],
        add_attacks=args["add_attacks"] or [],
        remove_attacks=args["remove_attacks"] or [],
        no_weight=args["no_weight"],
        no_bearing_kind=args["no_bearing_kind"],
        no_bearing=args["no_bearing"],
        **_fields(args),
    )
    node = args["node"]
    _, changed = _change(folder, args["map"], partial(edit_node, node_id=node, change=change))
    message = f"edited '{node}'" if changed else f"'{node}' already is as asked; nothing to change"
    return _data({"message": message, "changed": changed})


def move(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import move_node

    node, parent = args["node"], args["new_parent"]
    kind = Kind(args["kind"]) if args["kind"] else None
    operation = partial(
        move_node, node_id=node, new_parent_id=parent, kind=kind, before=args["before"], after=args["after"]
    )
    _, moved = _change(folder, args["map"], operation)
    return _data({"message": moved.summary(), "kind": str(moved.kind), "map": moved.map, "nodes": moved.nodes})


def remove(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import remove_node

    operation = partial(remove_node, node_id=args["node"], recursive=args["recursive"], unlink=args["unlink"])
    _, removed = _change(folder, args["map"], operation)
    return _data({"message": f"removed {', '.join(repr(r) for r in removed)}", "removed": removed})


def rename(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import rename_map, rename_node

    new_id, node = args["new"], args["node"]
    if node is None:
        _, renamed = _change(folder, args["map"], partial(rename_map, new=new_id, file=not args["keep_file"]))
        changed = renamed is not None
        message = renamed.summary() if renamed else f"the map is already '{new_id}'; nothing to change"
        if renamed is not None and renamed.renamed_from is not None:
            return _data({"message": message, "changed": True, "file": renamed.path.name})
    else:
        _, changed = _change(folder, args["map"], partial(rename_node, old=node, new=new_id))
        message = f"renamed '{node}' to '{new_id}'" if changed else f"'{node}' is already so named; nothing to change"
    return _data({"message": message, "changed": changed})


def side_add(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import add_side

    side = args["side"]
    operation = partial(add_side, side_id=side, name=args["name"], description=args["description"], color=args["color"])
    _change(folder, args["map"], operation)
    return _data({"message": f"declared side '{side}'"})


def side_edit(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import edit_side

    side = args["side"]
    operation = partial(
        edit_side, side_id=side, name=args["name"], description=args["description"], color=args["color"]
    )
    _, changed = _change(folder, args["map"], operation)
    message = f"edited side '{side}'" if changed else f"side '{side}' already is as asked; nothing to change"
    return _data({"message": message, "changed": changed})


def side_rename(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import rename_side
    from ..report.text import plural

    old, new_id = args["side"], args["new"]
    _, count = _change(folder, args["map"], partial(rename_side, old=old, new=new_id))
    message = (
        f"renamed side '{old}' to '{new_id}' ({plural(count, 'node')})" if count is not None else "nothing to change"
    )
    return _data({"message": message, "nodes": count or 0})


def side_remove(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import remove_side

    _change(folder, args["map"], partial(remove_side, side_id=args["side"]))
    return _data({"message": f"removed side '{args['side']}'"})


_SOURCE_FIELDS = ("title", "date", "publisher", "url", "description")


def source_add(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import add_source

    source = args["source"]
    fields = {key: args[key] for key in _SOURCE_FIELDS}
    _change(folder, args["map"], partial(add_source, source_id=source, path=args["path"], **fields))
    return _data({"message": f"declared source '{source}'"})


def source_edit(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import edit_source

    source = args["source"]
    fields = {key: args[key] for key in ("path", *_SOURCE_FIELDS)}
    _, changed = _change(folder, args["map"], partial(edit_source, source_id=source, **fields))
    message = f"edited source '{source}'" if changed else f"source '{source}' already is as asked; nothing to change"
    return _data({"message": message, "changed": changed})


def source_rename(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import rename_source
    from ..report.text import plural

    old, new_id = args["source"], args["new"]
    _, count = _change(folder, args["map"], partial(rename_source, old=old, new=new_id))
    message = (
        f"renamed source '{old}' to '{new_id}' ({plural(count, 'quote')})" if count is not None else "nothing to change"
    )
    return _data({"message": message, "quotes": count or 0})


def source_remove(folder: Folder, args: dict[str, Any]) -> Reply:
    from ..authoring.ops import remove_source

    _change(folder, args["map"], partial(remove_source, source_id=args["source"]))
    return _data({"message": f"removed source '{args['source']}'"})


# ---------------------------------------------------------------- the table


def _grammar() -> str:
    """The kind grammar in words, from the vocabulary: which kind may answer which."""
    parts = []
    for kind in AnswerKind:
        parents = [k.value for k in Kind if k in ALLOWED_PARENTS[Kind(kind)]]
        relation = RELATION_TO_PARENT[Kind(kind)].value
        under = "any node" if len(parents) == len(Kind) else " or ".join(parents)
        parts.append(f"a {kind.value} {relation} {under}")
    return "; ".join(parts)


GRAMMAR = _grammar()
WRITE_NOTE = (
    " The change is made under the debate folder's lock and checked with every map of the debate: one that "
    "would make any map invalid is refused with the reason, and nothing is written."
)

TOOLS: tuple[Tool, ...] = (
    Tool(
        "list_maps",
        "List the maps",
        "List the maps of the debate: each map's id, file, title, root claim, node count, sides and sources. "
        "Start here: other tools name a map by the id this gives.",
        (),
        list_maps,
    ),
    Tool(
        "show",
        "Show a map or a node",
        "Show a map as an indented tree (one line per node: kind, [id], (side), text, then speaker, quote's source, "
        "cross-links out and the links into it), or, with `node`, one node as JSON with its links both ways: the "
        "node it answers, the nodes answering it, its cross-links out and the cross-links into it from every map.",
        (
            MAP,
            Param("node", "string", "Show this node and its links instead of the whole map."),
            Param("depth", "integer", "Show the tree down to this depth (the claim is 0).", minimum=0),
            Param(
                "evaluate",
                "boolean",
                "Put each node's grounded label (in, out, undec) before it; needs a debate without errors.",
                default=False,
            ),
        ),
        show,
    ),
    Tool(
        "search",
        "Search the sources",
        "Search the source texts the debate's maps declare for passages holding a phrase or some words. Each "
        "passage is the sentence (or sentences) holding it, verbatim from the file, with the source id, path, "
        "line and character offsets [start, end): copy its text, or any part of it, into `quote` exactly as "
        "given and the quote check passes. A phrase is matched in any letter case, typographic quotes and "
        "runs of white space forgiven; words match the starts of words, and the sentences holding most of "
        "them come first.",
        (
            Param("query", "string", "The phrase, or the words, to look for.", True),
            Param(
                "match",
                "string",
                "phrase: the words together in this order; words: sentences holding any of them, most first.",
                choices=choices(SearchMatch),
                default=SearchMatch.PHRASE.value,
            ),
            Param("source", "string", "Search only the source of this id."),
            Param("limit", "integer", "Return at most this many passages.", default=10, minimum=1, maximum=100),
        ),
        search,
    ),
    Tool(
        "validate",
        "Validate the debate",
        "Check every map of the debate against the schema and the semantic rules (ids, links, kind grammar, "
        "declared sides and sources, quotes found verbatim in their sources), and report every problem at its "
        "file, line and column. Errors make a map invalid; warnings (a node without quote or speaker) do not.",
        (_fmt(format_choices(Findings), "How to report: text, json, github (Actions annotations) or markdown."),),
        validate,
    ),
    Tool(
        "evaluate",
        "Evaluate the debate",
        "Evaluate the debate as an argumentation framework: each node an argument, each rebuttal and `attacks` "
        "link an attack. Grounded semantics says of every node that it stands, falls or is undecided; preferred, "
        "stable and complete list the extensions and which nodes are accepted in every one or in some; dfquad "
        "and quadratic-energy give each node a strength from 0 to 1 from its weight and its attackers' and "
        "supporters' strengths. `explain` says why one node has its label (or its strength). Context nodes take "
        "no part. Refused, with the problems, when a map has errors.",
        (
            Param(
                "semantics",
                "string",
                "grounded (each node stands, falls or is undecided); preferred, stable, complete (the extensions); "
                "dfquad, quadratic-energy (a strength from 0 to 1, supports counting).",
                choices=choices(Semantics),
                default=Semantics.GROUNDED.value,
            ),
            Param(
                "support",
                "string",
                "Read supports as deductive or necessary, so that they imply attacks (default: they do not).",
                choices=choices(SupportMode),
            ),
            Param(
                "explain",
                "string",
                "Say why this node ('map-id:node-id') has its grounded label, down to nodes nothing attacks "
                "(under dfquad or quadratic-energy: each contribution to its strength).",
            ),
            Param(
                "timeout",
                "number",
                "Stop the search for preferred, stable or complete extensions after this many seconds. Listing "
                "them takes at most half the time left (past it, the count is a lower bound); a search stopped "
                "before every node's acceptance is settled reports what was found so far and marks the rest "
                "unsettled (grounded and gradual semantics always answer).",
                default=60,
                minimum=0,
            ),
            _fmt(format_choices(EvaluationReport), "How to report: text or json."),
        ),
        evaluate,
    ),
    Tool(
        "coverage",
        "Source coverage",
        "How much of each source the maps cite: sentences counted, sentences a quote covers, the percentage, "
        "and (by default) each uncited sentence with its line, to find what the maps leave out.",
        (
            Param("uncited", "boolean", "List each uncited sentence with its line number.", default=True),
            _fmt(format_choices(Coverage), "How to report: text, json or markdown."),
        ),
        coverage,
    ),
    Tool(
        "diff",
        "Changes since a revision",
        "What changed in the debate's maps since a git revision: nodes added, removed, changed, moved, renamed; "
        "sides, sources and links. Needs the folder to be in a git repository.",
        (
            Param("revision", "string", "The git revision to compare with: HEAD, a branch, a tag or a commit.", True),
            _fmt(format_choices(Diff), "How to report: text, json or markdown."),
        ),
        diff,
    ),
    Tool(
        "render",
        "Draw a map",
        "Draw a map as a diagram, returned as an image: boxes coloured by side, premises joined by support "
        "arrows and rebuttals by attack arrows, cross-links dashed. Refused when the map has errors.",
        (
            MAP,
            Param(
                "format",
                "string",
                "png (any client that shows images shows it) or svg (image/svg+xml, which not every client shows).",
                choices=choices([ImageFormat.SVG, ImageFormat.PNG]),
                default=ImageFormat.PNG.value,
            ),
            Param("wrap", "integer", "Wrap node text at this many characters.", default=36, minimum=10, maximum=200),
            Param("legend", "boolean", "Draw the legend of sides and kinds.", default=True),
            Param("max_depth", "integer", "Draw nodes down to this depth (the claim is 0).", minimum=0),
            Param("sides", "array", "Draw only nodes of these side ids; the claim always shows."),
            Param("max_answers", "integer", "Fold a node's answers past this many into one '+N more' box.", minimum=1),
            Param(
                "page",
                "string",
                "Lay answers out to read on this paper (smallest text >= 7 pt), or none.",
                choices=choices(Page),
                default=Page.A3.value,
            ),
            Param("dpi", "integer", "Resolution of a PNG, in dots per inch.", default=96, minimum=24, maximum=600),
            Param(
                "evaluate",
                "boolean",
                "Mark each node's grounded label: thick border in, greyed out, dashed undec.",
                default=False,
            ),
        ),
        render,
    ),
    Tool(
        "new",
        "Start a map",
        "Start a new map in the debate folder: its root claim and its sides. The first side holds the claim."
        + WRITE_NOTE,
        (
            Param("id", "string", "Id of the map: letters, digits, '-', '_', '.'.", True),
            Param("title", "string", "Title of the map.", True),
            Param("claim", "string", "Text of the root claim: the demand or thesis the map is about.", True),
            Param("sides", "array", "The sides, each 'id' or 'id=Display Name'; the first holds the claim.", True),
            Param("file", "string", "File name in the folder (default: the id with .json); refused if it exists."),
            Param("description", "string", "What the map covers, in a sentence or two."),
            Param("claim_id", "string", "Id of the claim (default: made from its text)."),
        ),
        new,
        writes=True,
    ),
    Tool(
        "add",
        "Add a node",
        f"Add a node under `parent` and return its id. The kind grammar: {GRAMMAR}. Back the node with a "
        "verbatim quote: find the passage with `search`, then give its `source` id and the passage as `quote`. "
        "It may be marked context, weighted, an undercut (a rebuttal or counter-rebuttal), a rephrase or one of "
        "a group of linked premises (a premise), given a title, and given the kind and scheme of its bearing on "
        "its parent." + WRITE_NOTE,
        (
            MAP,
            Param("parent", "string", "Id of the node this one answers.", True),
            Param(
                "kind",
                "string",
                "premise (supports its parent), rebuttal or counter-rebuttal (attack it).",
                True,
                choices=choices(AnswerKind),
            ),
            Param("side", "string", "Id of a side the map declares (see list_maps).", True),
            Param("text", "string", "The point, paraphrasing its quote faithfully.", True),
            Param("id", "string", "Id of the new node (default: made from the text)."),
            SPEAKER,
            SOURCE,
            QUOTE,
            Param("supports", "array", f"Cross-links: nodes this one supports, each {LINKS}."),
            Param("attacks", "array", f"Cross-links: nodes this one attacks, each {LINKS}."),
            *FIELDS,
        ),
        add,
        writes=True,
    ),
    Tool(
        "edit",
        "Change a node",
        "Change a node: its text, side, speaker, quote, kind or parent, its cross-links, its role (context or "
        "argument), weight, undercut and rephrase flags, linked-premise group, title, and its bearing's kind and "
        "scheme. Only the fields given change; a flag or bearing the node's kind does not take (a group on a "
        "rebuttal, an undercut on a premise, contrary on a premise, any bearing on the claim) is refused; an edit "
        "that changes nothing says so." + WRITE_NOTE,
        (
            MAP,
            NODE,
            Param("text", "string", "New text."),
            Param("side", "string", "New side id."),
            SPEAKER,
            SOURCE,
            QUOTE,
            Param("no_quote", "boolean", "Drop the node's quote.", default=False),
            Param("kind", "string", "New kind (with `parent`, its kind at the new place).", choices=choices(Kind)),
            Param("parent", "string", "Move the node under this parent."),
            Param("add_supports", "array", f"Add supports cross-links, each {LINKS}."),
            Param("remove_supports", "array", "Remove these supports cross-links."),
            Param("add_attacks", "array", f"Add attacks cross-links, each {LINKS}."),
            Param("remove_attacks", "array", "Remove these attacks cross-links."),
            *FIELDS,
            Param("no_weight", "boolean", "Drop the node's weight (back to 0.5).", default=False),
            Param("no_bearing_kind", "boolean", "Drop its bearing's kind (its scheme stays).", default=False),
            Param(
                "no_bearing",
                "boolean",
                "Drop its whole bearing: kind, scheme, and its place in a premise-conclusion structure.",
                default=False,
            ),
        ),
        edit,
        writes=True,
    ),
    Tool(
        "move",
        "Move a node",
        f"Move a node with its subtree under another parent, in its map or in another map of the debate. The kind "
        f"grammar: {GRAMMAR}; a move into the node's own subtree is refused. A move to another map declares the "
        "subtree's sides and sources there where needed and rewrites every link into or out of it." + WRITE_NOTE,
        (
            MAP,
            Param("node", "string", "Id of the node to move.", True),
            Param("new_parent", "string", "Id of its new parent; 'map-id:node-id' for a parent in another map.", True),
            Param(
                "kind", "string", "Its kind at the new place (default: the kind it has).", choices=choices(AnswerKind)
            ),
            Param("before", "string", "Place it before this answer of the new parent."),
            Param("after", "string", "Place it after this answer of the new parent."),
        ),
        move,
        writes=True,
    ),
    Tool(
        "remove",
        "Remove a node",
        "Remove a node. Refused for a node with answers unless `recursive`, and for one that cross-links point "
        "to unless `unlink` (which removes those links in every map)." + WRITE_NOTE,
        (
            MAP,
            NODE,
            Param("recursive", "boolean", "Also remove the nodes below it.", default=False),
            Param("unlink", "boolean", "Also remove cross-links to the removed nodes, in every map.", default=False),
        ),
        remove,
        writes=True,
        destructive=True,
    ),
    Tool(
        "rename",
        "Rename a node or the map",
        "Rename a node's id (with `node`), or else the map's id, rewriting every link to it in every map of the "
        "debate. A map's file named after its id is renamed with it (`keep_file` keeps the name)." + WRITE_NOTE,
        (
            MAP,
            Param("new", "string", "The new id.", True),
            Param("node", "string", "The node's id now; leave out to rename the map."),
            Param("keep_file", "boolean", "Renaming the map: keep its file's name.", default=False),
        ),
        rename,
        writes=True,
    ),
    Tool(
        "side_add",
        "Declare a side",
        "Declare a side in a map, so that nodes can name it." + WRITE_NOTE,
        (
            MAP,
            Param("side", "string", "Id of the side, e.g. united-states.", True),
            Param("name", "string", "Display name (default: made from the id)."),
            Param("description", "string", "Who the side is, in a sentence."),
            Param("color", "string", "Fill colour #RRGGBB (default: the palette's)."),
        ),
        side_add,
        writes=True,
    ),
    Tool(
        "side_edit",
        "Change a side",
        "Change a side's name, description or colour ('' removes the description or colour)." + WRITE_NOTE,
        (
            MAP,
            Param("side", "string", "Id of the side.", True),
            Param("name", "string", "New display name."),
            Param("description", "string", "New description ('' removes it)."),
            Param("color", "string", "New fill colour #RRGGBB ('' removes it)."),
        ),
        side_edit,
        writes=True,
    ),
    Tool(
        "side_rename",
        "Rename a side",
        "Rename a side and every node of the map that names it." + WRITE_NOTE,
        (MAP, Param("side", "string", "The side's id now.", True), Param("new", "string", "Its new id.", True)),
        side_rename,
        writes=True,
    ),
    Tool(
        "side_remove",
        "Remove a side",
        "Remove a side that no node names." + WRITE_NOTE,
        (MAP, Param("side", "string", "Id of the side.", True)),
        side_remove,
        writes=True,
        destructive=True,
    ),
    Tool(
        "source_add",
        "Declare a source",
        "Declare a source document in a map, so that quotes can cite it. Its text must be a file inside the "
        "project (paths are relative to the project root, the folder above the maps holding seeds/, "
        "pyproject.toml or .git)." + WRITE_NOTE,
        (
            MAP,
            Param("source", "string", "Id of the source, e.g. guide.", True),
            Param("path", "string", "Path of its plain text, relative to the project root, e.g. seeds/x.txt.", True),
            Param("title", "string", "Title of the document.", True),
            Param("date", "string", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.", True),
            Param("publisher", "string", "Who published it."),
            Param("url", "string", "Where it was published (http or https)."),
            Param("description", "string", "What the document is, in a sentence."),
        ),
        source_add,
        writes=True,
    ),
    Tool(
        "source_edit",
        "Change a source",
        "Change a source's path, title, date, publisher, url or description ('' removes the optional ones)."
        + WRITE_NOTE,
        (
            MAP,
            Param("source", "string", "Id of the source.", True),
            Param("path", "string", "New path, relative to the project root."),
            Param("title", "string", "New title."),
            Param("date", "string", "New date: YYYY, YYYY-MM or YYYY-MM-DD."),
            Param("publisher", "string", "Who published it ('' removes it)."),
            Param("url", "string", "Where it was published ('' removes it)."),
            Param("description", "string", "What the document is ('' removes it)."),
        ),
        source_edit,
        writes=True,
    ),
    Tool(
        "source_rename",
        "Rename a source",
        "Rename a source and every quote of the map that cites it." + WRITE_NOTE,
        (MAP, Param("source", "string", "The source's id now.", True), Param("new", "string", "Its new id.", True)),
        source_rename,
        writes=True,
    ),
    Tool(
        "source_remove",
        "Remove a source",
        "Remove a source that no quote cites." + WRITE_NOTE,
        (MAP, Param("source", "string", "Id of the source.", True)),
        source_remove,
        writes=True,
        destructive=True,
    ),
)

BY_NAME = {tool.name: tool for tool in TOOLS}


_COMMAND = re.compile(r"`argmap ((?:side|source) [a-z]+|[a-z]+)(?: ([^`]*))?`")
_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")
# What a command's arguments are, in its tool's parameters: the CLI's MAP is a file, the tools' `map` its name.
_POSITIONALS = {
    "edit": ("map", "node"),
    "remove": ("map", "node"),
    "move": ("map", "node", "new_parent"),
    "rename": ("map", "node", "new"),
    **{f"side_{verb}": ("map", "side") for verb in ("add", "edit", "remove")},
    **{f"source_{verb}": ("map", "source") for verb in ("add", "edit", "remove")},
    "side_rename": ("map", "side", "new"),
    "source_rename": ("map", "source", "new"),
}
# A CLI option that is another parameter of its tool: `rename --map NEW` renames the map, the tool's `new` without
# `node` (its `map` is the file).
_ALIASES = {"rename": {"map": "new"}}
# A word the author is to choose (`NEW-ID`, `FILE`): the CLI's metavariables, said as they are, unquoted.
_PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")


def _param(name: str, params: dict[str, Param]) -> tuple[str, bool | None] | None:
    """The parameter a CLI option is (`--no-quote` no_quote, `--side` sides), and for a flag that stands for a
    boolean parameter set to false (`--no-undercut`), False; None when the tool has no such parameter."""
    name = name.replace("-", "_")
    # `new` takes its sides as one list where the CLI repeats --side.
    found = next((n for n in (name, f"{name}s") if n in params), None)
    if found is not None:
        return found, None
    if name.startswith("no_") and name[3:] in params:
        return name[3:], False  # --no-undercut is the undercut argument set to false
    return None


def _call_in_words(name: str, words: list[str]) -> str | None:
    """A command line (`argmap edit maps/a.json u --no-undercut`) as the call of its tool that does the same
    (the `edit` tool with `map` 'a.json', `node` 'u' and `undercut` false); None when it is not one."""
    params = {p.name: p for p in BY_NAME[name].params}
    names = iter(_POSITIONALS.get(name, ()))
    aliases = _ALIASES.get(name, {})

    def value(key: str, word: str) -> str:
        if _PLACEHOLDER.fullmatch(word):
            return f"`{key}` {word}"
        if key == "map":
            return f"`{key}` '{Path(word).name}'"
        return f"`{key}` {word}" if params[key].type in ("number", "integer") else f"`{key}` '{word}'"

    said: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("--"):
            key = next(names, None)
            if key is None:
                return None
            said.append(value(key, word))
            continue
        alias = aliases.get(word[2:])
        found = (alias, None) if alias is not None else _param(word[2:], params)
        if found is None:
            return None
        key, flag = found
        if flag is False:
            said.append(f"`{key}` false")
        elif params[key].type == "boolean":
            said.append(f"`{key}` true")
        elif index < len(words):
            index += 1
            said.append(value(key, words[index - 1]))
        else:
            said.append(f"`{key}`")  # an option named for what it does (`argmap evaluate --semantics`)
    if not said:
        return None
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"the `{name}` tool with {listed}"


def in_tool_terms(message: str, tool: str | None = None) -> str:
    """A library message in the server's words: `argmap side add` is the side_add tool, --no-quote its no_quote,
    --no-undercut its undercut set to false; a command line with its arguments is the call that does the same,
    naming the node and the argument to give, and a value the author is to choose (NEW-ID) in the CLI's capitals."""
    params = {p.name: p for p in BY_NAME[tool].params} if tool in BY_NAME else {}

    def command(match: re.Match) -> str:
        name = match.group(1).replace(" ", "_")
        if name not in BY_NAME:
            return match.group(0)
        if match.group(2):
            try:
                said = _call_in_words(name, shlex.split(match.group(2)))
            except ValueError:  # quotes that do not pair: no command line to read
                said = None
            if said is not None:
                return said
        return f"the `{name}` tool"

    def option(match: re.Match) -> str:
        found = _param(match.group(1), params)
        if found is None:
            return match.group(0)
        key, value = found
        return f"`{key}` false" if value is False else f"`{key}`"

    return _OPTION.sub(option, _COMMAND.sub(command, message))


def call(folder: Folder, name: str, arguments: dict[str, Any] | None) -> Reply:
    """Answer one tool call; a refusal is an ArgmapError with a one-line message."""
    tool = BY_NAME.get(name)
    if tool is None:
        from ..ids import did_you_mean

        raise UsageError(f"no tool '{name}'{did_you_mean(name, BY_NAME)}")
    return tool.call(folder, arguments)
