"""AIF (Argument Interchange Format) JSON, as AIFdb and OVA write it (plain or in xAIF's wrapper), both ways.

Reading: I-nodes are statements; RA (inference), CA (conflict) and MA (rephrase) nodes join them, one
relation each, their premises linked when there are several (even when a premise stands elsewhere);
a CA aimed at an RA is an undercut; a scheme's name is kept as the relation's `scheme`. Speakers come
from locutions (L -> YA -> I) and the participant each names. xAIF's `text`, the analysed document,
becomes a source (written beside the maps under `seeds/`), and each locution found in it the quote of
the statement it asserts. Every other node and edge (transitions, preferences, illocutions on
inferences, edges from statement to statement...) is counted in a "not kept" line.

Writing: one I-node per node, one RA/CA/MA per relation (linked premises share theirs), each node's
speaker and quote as a locution asserting it through a YA node, as OVA writes them, and each speaker
once in `participants`. What AIF cannot say in its own terms (map ids and titles, node ids, sides,
sources, cross-links to maps outside the file, argmap's other node keys) goes in an `argmap` block
beside `nodes` and `edges`, which AIF tools ignore and argmap reads back.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from pathlib import PurePath
from sys import intern
from typing import Any

from ..ids import slug
from ..io.positions import locate
from ..model import ArgMap
from ..perf import gc_paused, spare
from . import MAX_STATEMENTS, Format, Imported, format_error, register
from ._graph import (
    ATTACKS,
    PASSED_KEYS,
    REPHRASE,
    SUPPORTS,
    UNATTRIBUTED,
    Graph,
    Inference,
    MapInfo,
    Statement,
    build,
    map_info,
    mapping,
    passed_keys,
    uses,
)

SCHEME_TYPES = {"RA": SUPPORTS, "CA": ATTACKS, "MA": REPHRASE}
TYPE_OF = {SUPPORTS: "RA", ATTACKS: "CA", REPHRASE: "MA"}
DEFAULT_SCHEMES = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}
_PLAIN_SCHEME_TEXT = {"", "RA", "CA", "MA", *DEFAULT_SCHEMES.values()}
_ASSERTING = {"asserting", "default illocuting", "ya"}
# "Name: text", the way OVA and AIFdb write a locution (and "Anon: Name: text" for an analyst's).
_PREFIX = re.compile(r"[^:\n]{1,80}?:[ \t]+")


# ---------------------------------------------------------------- reading


def _fail(message: str, name: str, text: str, ptr: str | None = None):
    if ptr:
        line, column = locate(text, [ptr]).get(ptr, (None, None))
        return format_error(f"{ptr}: {message}", name, line, column)
    return format_error(message, name)


def _load(text: str, name: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The AIF graph, the whole document around it, and the JSON pointer prefix of the graph."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise format_error(f"not JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except RecursionError:
        raise format_error("not AIF: JSON nested too deeply", name) from None
    data, prefix = document, ""
    if isinstance(document, dict) and isinstance(document.get("AIF"), dict):
        data, prefix = document["AIF"], "/AIF"
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise format_error("not AIF: expected an object with 'nodes' and 'edges' lists", name, 1, 1)
    return data, document, prefix


class _Reader:
    def __init__(self, text: str, name: str):
        self.text, self.name = text, name
        self.data, self.document, self.prefix = _load(text, name)
        meta = self.document.get("argmap") if isinstance(self.document, dict) else None
        self.meta: dict[str, Any] = meta if isinstance(meta, dict) else {}
        self.graph = Graph()
        self.losses = self.graph.losses
        self.types: dict[str, str] = {}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.kinds: Counter[str] = Counter()  # how many nodes of each type
        self.edges = _Edges()

    def fail(self, message: str, ptr: str):
        return _fail(message, self.name, self.text, self.prefix + ptr)

    def read(self) -> Imported:
        self.index()
        source = self.source_document()
        speakers = self.speakers()
        self.statements(speakers, source)
        self.relations()
        self.read_meta()
        maps = build(self.graph)
        documents = {source[1]: source[2]} if source is not None and source[0] in _used_sources(maps) else {}
        return Imported(maps, self.graph.losses, documents)

    def of_kind(self, wanted: Callable[[str], bool]) -> list[str]:
        """The keys of the nodes whose type passes `wanted`, in the file's order (filtered in C, not per node)."""
        return list(compress(self.types, map(wanted, self.types.values())))

    def index(self) -> None:
        nodes, edges = self.data["nodes"], self.data["edges"]
        if not self.index_quickly(nodes, edges):
            self.edges = _follow(self.types, self.index_checked(nodes, edges))
        self.kinds = Counter(self.types.values())

    def index_quickly(self, nodes: list[Any], edges: list[Any]) -> bool:
        """The index of a file whose every node and edge is well formed, its ids strings, built by whole columns.

        False at the first doubt, with nothing kept: `index_checked` then goes node by node and says where.
        """
        try:
            keys = [node["nodeID"] for node in nodes]
            kinds = [node["type"] for node in nodes]
        except (TypeError, KeyError):  # a node that is no object, or lacks a key
            return False
        if not _only_strings(keys):
            return False
        try:
            # One object per type ("I", "RA"...), not one per node: every later test of a type is an identity.
            types = dict(zip(keys, map(intern, kinds), strict=True))
        except TypeError:  # a type that is no string
            return False
        if len(types) < len(keys):  # a node id used twice
            return False
        try:
            self.edges = _follow(types, edges)
        except (TypeError, KeyError):  # an edge that is no object, lacks an end, or names no node by a string
            return False
        self.types, self.nodes = types, dict(zip(keys, nodes, strict=True))
        return True

    def index_checked(self, nodes_data: list[Any], edges_data: list[Any]) -> list[dict[str, str]]:
        """The index built node by node, refusing the first malformed node or edge where it stands; the edges' ends."""
        nodes, types = self.nodes, self.types
        for index, node in enumerate(nodes_data):
            if type(node) is dict:
                key, kind = node.get("nodeID"), node.get("type")
            else:
                key = kind = None
            if key is None or type(kind) is not str:
                raise self.fail("a node needs a 'nodeID' and a 'type'", f"/nodes/{index}")
            if type(key) is not str:
                key = str(key)
            if key in nodes:
                raise self.fail(f"node id '{key}' is used twice", f"/nodes/{index}/nodeID")
            types[key] = intern(kind)
            nodes[key] = node
        ends: list[dict[str, str]] = []
        for index, edge in enumerate(edges_data):
            if type(edge) is dict:
                source, target = edge.get("fromID"), edge.get("toID")
            else:
                source = target = None
            if source is None or target is None:
                raise self.fail("an edge needs a 'fromID' and a 'toID'", f"/edges/{index}")
            # AIFdb writes ids as strings; a number is read as its string.
            if type(source) is not str:
                source = str(source)
            if type(target) is not str:
                target = str(target)
            if source not in nodes or target not in nodes:
                end, key = ("fromID", source) if source not in nodes else ("toID", target)
                raise self.fail(f"edge names node '{key}', which is not in 'nodes'", f"/edges/{index}/{end}")
            ends.append({"fromID": source, "toID": target})
        return ends

    # ---- the analysed document (xAIF)

    def source_document(self) -> tuple[str, str, str] | None:
        """xAIF's `text` as a source: (source id, its path under the project, its plain text)."""
        raw = self.document.get("text") if self.prefix else None
        if isinstance(raw, dict):  # some OVA versions wrap it: {"txt": "..."}
            raw = raw.get("txt")
        if not isinstance(raw, str) or not raw.strip():
            return None
        plain = _plain_text(raw)
        if not plain.strip():
            return None
        stem = slug(PurePath(self.name).stem) or "aif-document"
        path = f"seeds/{stem}.txt"
        self.graph.sources[stem] = {"path": path, "title": f"{PurePath(self.name).name}: the analysed text"}
        return stem, path, plain

    # ---- who said what

    def participants(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for person in self.data.get("participants") or []:
            if isinstance(person, dict) and "participantID" in person:
                full = " ".join(str(person.get(k) or "") for k in ("firstname", "surname")).strip()
                if full and full.lower() != "none":
                    names.setdefault(str(person["participantID"]), full.removesuffix(" None"))
        return names

    def locution_speakers(self) -> dict[str, str]:
        """Each locution's participant id, the first a locution names."""
        locutions = self.data.get("locutions") or []
        if type(locutions) is list:
            try:
                said = [locution["nodeID"] for locution in locutions]
                persons = [locution["personID"] for locution in locutions]
            except (TypeError, KeyError):
                pass
            else:
                if _only_strings(said) and _only_strings(persons):
                    return dict(zip(reversed(said), reversed(persons), strict=True))  # the first for each locution wins
        person_of: dict[str, str] = {}
        for locution in locutions:
            if isinstance(locution, dict) and "nodeID" in locution and "personID" in locution:
                person_of.setdefault(str(locution["nodeID"]), str(locution["personID"]))
        return person_of

    def speakers(self) -> dict[str, tuple[str | None, str]]:
        """For each I-node asserted by a locution: the speaker (from its participant) and the locution's text."""
        names = self.participants()
        person_of = self.locution_speakers()
        nodes, losses, edges = self.nodes, self.losses, self.edges
        said_by_ya, locution_of = edges.said, edges.locution
        on_locution, on_scheme = edges.on_locution, edges.on_scheme
        out: dict[str, tuple[str | None, str]] = {}
        used_l: set[str] = set()
        forces: dict[str, bool] = {}  # an illocution's text -> whether it asserts: a handful of texts, judged once
        # What else an illocution points at: the sets hold only illocutions, each counted once.
        if on_scheme:
            losses["illocutions on inferences and conflicts (YA) not represented"] += len(on_scheme)
        if on_locution:
            losses["illocutions between locutions (YA, e.g. analysing) not represented"] += len(on_locution)
        illocutions = self.of_kind("YA".__eq__)
        # The illocutions that say a statement, in the file's order (the first to say one names its speaker).
        for key in compress(illocutions, map(said_by_ya.__contains__, illocutions)):
            said = said_by_ya[key]
            l_key = locution_of.get(key)
            if l_key is None:
                continue
            force = nodes[key].get("text")
            if type(force) is not str:
                force = ""
            asserts = forces.get(force)
            if asserts is None:
                asserts = forces[force] = force.strip().lower() in _ASSERTING
            if not asserts:
                losses["illocutionary forces other than asserting (YA: questioning, challenging...) not kept"] += 1
            used_l.add(l_key)
            locution_text = nodes[l_key].get("text")
            said_by = (names.get(person_of.get(l_key, "")), locution_text if type(locution_text) is str else "")
            for i_key in said:
                if i_key not in out:
                    out[i_key] = said_by
        # Every locution counted once, used or not: L-nodes are the only keys in used_l.
        unused = self.kinds["L"] - len(used_l)
        if unused:
            losses["locutions (L) that assert no statement not represented"] += unused
        return out

    def statements(self, speakers: dict[str, tuple[str | None, str]], source: tuple[str, str, str] | None) -> None:
        from ..quotes import SourceText

        graph, losses, nodes = self.graph, self.losses, self.nodes
        kinds = self.kinds
        for kind, count in kinds.items():
            if kind not in SCHEME_TYPES and kind not in ("I", "L", "YA", "TA", "PA"):
                losses[f"nodes of type {kind} not represented"] += count
        if kinds["I"] > MAX_STATEMENTS:
            index = [position for position, kind in enumerate(self.types.values()) if kind == "I"][MAX_STATEMENTS]
            raise self.fail(f"more than {MAX_STATEMENTS:,} statements (I-nodes)", f"/nodes/{index}")
        node_meta = mapping(self.meta.get("nodes"))
        document = SourceText(source[2]) if source is not None else None
        sides_of: dict[str, str] = {}  # speaker -> side, made once per speaker
        statements = graph.statements
        no_extra: dict[str, Any] = {}
        no_speaker: tuple[None, None] = (None, None)
        untexted = unquoted = 0  # losses counted here, added once
        for key in self.of_kind("I".__eq__):
            extra = mapping(node_meta.get(key)) if node_meta else no_extra
            text_value = nodes[key].get("text")
            if type(text_value) is not str or not (stripped := text_value.strip()):
                untexted += 1
                text_value = stripped = "(no text)"
            speaker, said = speakers.get(key, no_speaker)
            quote = None
            if said is not None:
                if speaker and said.startswith(speaker + ":"):
                    said = said[len(speaker) + 1 :].strip()
                if extra and extra.get("quote"):
                    quote = (extra["quote"], said)
                elif source is not None and document is not None:
                    found = _found(document, said)
                    if found is not None:
                        quote = (source[0], found)
                    else:
                        losses["locution texts not found in the analysed text, not kept as quotes"] += 1
                elif said != stripped and said and said.strip() not in (stripped, ""):  # most: the same words
                    unquoted += 1
            side = extra.get("side") if extra else None
            if not side:
                if speaker:
                    side = sides_of.get(speaker)
                    if side is None:
                        side = sides_of[speaker] = slug(speaker) or UNATTRIBUTED
                        if side != UNATTRIBUTED and side not in graph.sides:
                            graph.sides[side] = {"name": speaker}
                else:
                    side = UNATTRIBUTED
            if extra:
                keys = {k: extra[k] for k in PASSED_KEYS if k in extra}
                statements[key] = Statement(key, text_value, speaker, side, quote, extra.get("id"), keys or None)
            else:
                statements[key] = Statement(key, text_value, speaker, side, quote)
        if untexted:
            losses["statements with no text given '(no text)'"] += untexted
        if unquoted:
            losses["locution texts not kept (a quote needs a source document)"] += unquoted
        graph.sides.setdefault(UNATTRIBUTED, {"name": "Unattributed"})

    # ---- inferences and conflicts

    def relations(self) -> None:
        types, nodes, losses, graph, edges = self.types, self.nodes, self.losses, self.graph, self.edges
        inference_meta = mapping(self.meta.get("inferences"))
        for shape, count in edges.odd.items():
            if shape == ("I", "I"):
                losses["edges from statement to statement (I to I, no scheme between them) not kept"] += count
            elif "TA" not in shape and "PA" not in shape:
                losses[f"edges from {shape[0]} to {shape[1]} nodes not represented"] += count
        kinds = self.kinds
        if kinds["TA"]:
            losses["transitions between locutions (TA) not represented"] += kinds["TA"]
        if kinds["PA"]:
            losses["preference nodes (PA) not represented"] += kinds["PA"]
        inferences = graph.inferences
        add = inferences.append
        premises_of, conclusions_of = edges.premises, edges.conclusions
        for key in self.of_kind(SCHEME_TYPES.__contains__):
            kind = types[key]
            premises = premises_of.get(key)
            targets = conclusions_of.get(key)
            if targets and len(targets) > 1:
                losses["inferences with several conclusions: all but the first left out"] += 1
            if not premises or not targets:
                losses["inferences with no premise or no conclusion left out"] += 1
                continue
            target = targets[0]
            if kind != "CA" and types[target] != "I":
                losses["supports or rephrases aimed at an inference not represented"] += 1
                continue
            node = nodes[key]
            scheme = node["scheme"] if "scheme" in node else node.get("text", "")
            bearing: dict[str, Any] | None = None
            if type(scheme) is str and scheme not in _PLAIN_SCHEME_TEXT:
                scheme = scheme.strip()
                if scheme not in _PLAIN_SCHEME_TEXT:
                    bearing = {"scheme": scheme}
            if not inference_meta:  # plain AIF: no argmap block, every premise stands below its conclusion
                add(Inference(key, premises, target, SCHEME_TYPES[kind], True, None, None, bearing))
                continue
            bearing = bearing or {}
            extra = mapping(inference_meta.get(key))
            bearing.update(extra.get("bearing") or {})
            per_premise = extra.get("premises") if isinstance(extra.get("premises"), dict) else None
            references = extra.get("references")
            if references:
                named = set(references)
                tree: list[str] = [p for p in premises if p not in named]
                kept: list[str] = [p for p in premises if p in named]
            else:
                tree, kept = premises, []
            # Linked premises some of which stand elsewhere: two parts of one group, the first named for the node.
            for number, (part, is_tree) in enumerate(((tree, True), (kept, False)) if tree else ((kept, False),)):
                if not part:
                    continue
                inferences.append(
                    Inference(
                        key if number == 0 else f"{key}\0ref",
                        part,
                        target,
                        SCHEME_TYPES[kind],
                        tree=is_tree and extra.get("tree", True),
                        group=extra.get("group"),
                        under=extra.get("under"),
                        bearing=bearing or None,
                        per_premise=per_premise,
                        at=extra.get("at"),
                    )
                )

    def read_meta(self) -> None:
        """argmap's own block: the maps, sides and sources, and cross-links to maps outside the file."""
        meta, graph = self.meta, self.graph
        for item in meta.get("maps", []) if isinstance(meta.get("maps"), list) else []:
            if isinstance(item, dict) and isinstance(item.get("root"), str):
                graph.maps.append(
                    MapInfo(
                        item["root"],
                        item.get("id", ""),
                        item.get("title", ""),
                        item.get("description"),
                        item.get("schema"),
                        item.get("sides"),
                        item.get("sources"),
                    )
                )
                graph.sides.update(item.get("sides") or {})
                graph.sources.update(item.get("sources") or {})
        for item in meta.get("external", []) if isinstance(meta.get("external"), list) else []:
            if isinstance(item, dict) and item.get("relation") in (SUPPORTS, ATTACKS):
                graph.external.append((str(item.get("from")), item["relation"], str(item.get("to")), item.get("at", 0)))


@dataclass(slots=True)
class _Edges:
    """What the edges say, gathered in one pass over them (each list in the file's order)."""

    said: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # illocution -> statements
    on_locution: set[str] = field(default_factory=set)  # illocutions pointing at a locution
    on_scheme: set[str] = field(default_factory=set)  # illocutions pointing at an inference or conflict
    locution: dict[str, str] = field(default_factory=dict)  # illocution -> the first locution performing it
    premises: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # scheme -> I-nodes in
    conclusions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # scheme -> what it aims at
    odd: Counter[tuple[str, str]] = field(default_factory=Counter)  # edges of no shape argmap reads, by shape


def _follow(types: dict[str, str], ends: list[Any]) -> _Edges:
    """One pass over the edges, each sorted by the types of its ends into what the reader asks of it later.

    The edges argmap reads: premise to scheme, scheme to conclusion or to the inference it undercuts,
    locution to illocution, illocution to what is said (or to a locution or scheme, counted as a loss).
    Any other shape is counted by shape.
    """
    edges = _Edges()
    said, premises, conclusions, locution = edges.said, edges.premises, edges.conclusions, edges.locution
    on_locution, on_scheme, odd, schemes = edges.on_locution, edges.on_scheme, edges.odd, SCHEME_TYPES
    for edge in ends:
        source, target = edge["fromID"], edge["toID"]
        source_kind, target_kind = types[source], types[target]
        if source_kind == "I":
            if target_kind in schemes:
                premises[target].append(source)
            else:
                odd[source_kind, target_kind] += 1
        elif source_kind in schemes:
            if target_kind == "I" or target_kind in schemes:
                conclusions[source].append(target)
            else:
                odd[source_kind, target_kind] += 1
        elif source_kind == "YA":
            if target_kind == "I":
                said[source].append(target)
            elif target_kind == "L":
                on_locution.add(source)
            elif target_kind in schemes:
                on_scheme.add(source)
            else:
                odd[source_kind, target_kind] += 1
        elif source_kind == "L" and target_kind == "YA":
            if target not in locution:
                locution[target] = source
        else:
            odd[source_kind, target_kind] += 1
    return edges


def _only_strings(values: list[Any]) -> bool:
    return set(map(type, values)) <= {str}


def _used_sources(maps: list[ArgMap]) -> set[str]:
    return {n.quote.source for m in maps for n, *_ in m.walk() if n.quote is not None}


def _found(document, said: str) -> str | None:
    """The locution's words as the document has them: whole, or after the speaker's 'Name: ' prefixes."""
    candidate = said.strip()
    for _ in range(3):
        if document.contains(candidate):
            return candidate
        match = _PREFIX.match(candidate)
        if match is None:
            return None
        candidate = candidate[match.end() :].strip()
    return candidate if document.contains(candidate) else None


def _plain_text(raw: str) -> str:
    """The text of OVA's marked-up document: tags dropped, line breaks kept, entities read."""
    # Only xAIF carries a document: the HTML parser is imported for it alone.
    from html.parser import HTMLParser

    parts: list[str] = []

    class PlainText(HTMLParser):
        def handle_starttag(self, tag: str, attrs) -> None:
            if tag in ("br", "p", "div"):
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            parts.append(data)

    parser = PlainText(convert_charrefs=True)
    parser.feed(raw)
    parser.close()
    return "".join(parts).strip() + "\n"


def read(text: str, name: str) -> Imported:
    # The parsed file and the maps are tens of thousands of long-lived objects: collecting while they are
    # made would rescan them again and again and free nothing.
    with gc_paused():
        reader = _Reader(text, name)
        imported = reader.read()
    spare(reader)  # the parsed file and its indexes: some 300,000 objects for 10,000 statements
    return imported


def sniff(text: str) -> bool:
    head = text.lstrip()[:4096]
    # AIFdb lists every node before the first edge: in a large file "edges" comes megabytes in.
    return head.startswith("{") and (('"nodes"' in head and '"edges"' in text) or '"AIF"' in head)


# ---------------------------------------------------------------- writing


def write(maps: list[ArgMap]) -> str:
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    participants: dict[str, int] = {}
    meta_maps: list[dict[str, Any]] = []
    meta_nodes: dict[str, dict[str, Any]] = {}
    meta_inferences: dict[str, dict[str, Any]] = {}
    external: list[dict[str, Any]] = []
    counter = iter(range(1, 1 << 62))

    def add(kind: str, text: str, **extra: Any) -> str:
        key = str(next(counter))
        nodes.append({"nodeID": key, "text": text, "type": kind, **extra})
        return key

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target})

    ids: dict[tuple[str, str], str] = {}  # (map id, node id) -> I-node
    for m in maps:
        for node, *_ in m.walk():
            key = add("I", node.text)
            ids[(m.id, node.id)] = key
            extra: dict[str, Any] = {"id": node.id, "side": node.side, **passed_keys(node)}
            if node.speaker is not None or node.quote is not None:
                said = node.quote.text if node.quote is not None else node.text
                l_key = add("L", said)
                ya = add("YA", "Asserting", scheme="Asserting")
                edge(l_key, ya)
                edge(ya, key)
                if node.speaker is not None:
                    person = participants.setdefault(node.speaker, len(participants) + 1)
                    locutions.append({"nodeID": l_key, "personID": str(person)})
                if node.quote is not None:
                    extra["quote"] = node.quote.source
            meta_nodes[key] = extra
        meta_maps.append(map_info(m, ids[(m.id, m.claim.id)]))

    carrier: dict[tuple[str, str], str] = {}  # (map id, node id) -> the S-node joining it to its parent
    pending_undercuts: list[tuple[str, tuple[str, str], str]] = []  # (CA, target node, its premise I-node)
    for use in uses(maps):
        first = use.premises[0]
        if use.target is None:
            external.append(
                {
                    "from": ids[(first.map_id, first.node.id)],
                    "relation": use.relation,
                    "to": use.link,
                    "at": first.position,
                }
            )
            continue
        kind = TYPE_OF[use.relation]
        schemes = {p.bearing["scheme"] for p in use.premises if isinstance(p.bearing.get("scheme"), str)}
        scheme: str = schemes.pop() if len(schemes) == 1 else DEFAULT_SCHEMES[kind]
        s_key = add(kind, scheme, scheme=scheme)
        extra = {}
        references = []
        per_premise: dict[str, dict[str, Any]] = {}
        at: dict[str, int] = {}
        own_of = {id(p): _own_bearing(p.bearing) for p in use.premises}
        common = {k: v for k, v in own_of[id(first)].items() if all(own_of[id(p)].get(k) == v for p in use.premises)}
        for premise in use.premises:
            i_key = ids[(premise.map_id, premise.node.id)]
            edge(i_key, s_key)
            if premise.tree:
                carrier[(premise.map_id, premise.node.id)] = s_key
            else:
                references.append(i_key)
                at[i_key] = premise.position
            own = {k: v for k, v in own_of[id(premise)].items() if k not in common}
            if own:
                per_premise[i_key] = own
        target_key = ids[use.target]
        if use.undercut:
            pending_undercuts.append((s_key, use.target, target_key))
        else:
            edge(s_key, target_key)
        if use.group is not None:
            extra["group"] = use.group
        if references:
            extra["references"] = references
            extra["at"] = at
            if len(references) == len(use.premises):
                extra["tree"] = False
        if use.undercut:
            extra["under"] = target_key
        if common:
            extra["bearing"] = common
        if per_premise:
            extra["premises"] = per_premise
        if extra:
            meta_inferences[s_key] = extra
    for s_key, target, target_key in pending_undercuts:
        # An undercut attacks the inference that carries its target to the target's parent.
        edge(s_key, carrier.get(target, target_key))

    document: dict[str, Any] = {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": [{"participantID": str(number), **_names(speaker)} for speaker, number in participants.items()],
        "argmap": {
            "about": "argmap's own data, for reading this file back into the same maps; AIF tools may ignore it",
            "maps": meta_maps,
            "nodes": meta_nodes,
            "inferences": meta_inferences,
            "external": external,
        },
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _own_bearing(bearing: dict[str, Any]) -> dict[str, Any]:
    """What a bearing says beyond the S-node itself: its type (rephrase, undercut), scheme and group."""
    return {
        k: v
        for k, v in bearing.items()
        if k not in ("scheme", "group") and not (k == "kind" and v in ("rephrase", "undercut"))
    }


def _names(speaker: str) -> dict[str, str]:
    """A participant's first name and surname, split at the last space, as AIF records them."""
    first, _, last = speaker.rpartition(" ")
    return {"firstname": first, "surname": last} if first else {"firstname": speaker, "surname": ""}


FORMAT = register(
    Format(
        "aif",
        (".json", ".aif"),
        "Argument Interchange Format (AIFdb / OVA JSON, plain or xAIF)",
        read=read,
        write=write,
        sniff=sniff,
    )
)
