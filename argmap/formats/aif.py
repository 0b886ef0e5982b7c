"""AIF (Argument Interchange Format) JSON, as AIFdb and OVA write it (plain or in xAIF's wrapper), both ways.

Reading: I-nodes are statements; RA (inference), CA (conflict) and MA (rephrase) nodes join them;
a CA aimed at an RA is an undercut; speakers come from locutions (L -> YA -> I). Writing: one I-node
per node, one RA/CA/MA per relation, and each node's speaker and quote as a locution (an L-node
asserting the I-node through a YA node, as OVA writes them). What the AIF graph cannot say in its
own terms (map ids and titles, node ids, sides, sources, cross-links to maps outside the file) goes
in an `argmap` block beside `nodes` and `edges`, which AIF tools ignore and argmap reads back.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from ..ids import slug
from ..io.positions import locate
from ..model import ArgMap, Kind, split_link
from . import Format, Imported, format_error, register
from ._graph import ATTACKS, REPHRASE, SUPPORTS, UNATTRIBUTED, Graph, Inference, MapInfo, Statement, build, map_info

SCHEME_TYPES = {"RA": SUPPORTS, "CA": ATTACKS, "MA": REPHRASE}
DEFAULT_SCHEMES = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}
_PLAIN_SCHEME_TEXT = {"", "RA", "CA", "MA", *DEFAULT_SCHEMES.values()}
# AIFdb locution texts name the speaker first: "CL : text", "Participant Rachel: text", "VCBrown says 'text'".
_SPEAKER_PREFIX = re.compile(r"^\s*([^:]{1,60}?)\s*:\s+\S")
_SPEAKER_SAYS = re.compile(r"^\s*(\S[^']{0,60}?) says '")


# ---------------------------------------------------------------- reading


def _fail(message: str, name: str, text: str, ptr: str | None = None):
    if ptr:
        line, column = locate(text, [ptr]).get(ptr, (None, None))
        return format_error(f"{ptr}: {message}", name, line, column)
    return format_error(message, name)


def _load(text: str, name: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise format_error(f"not JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except RecursionError:
        raise format_error("not AIF: JSON nested too deeply", name) from None
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise format_error("not AIF: expected an object with 'nodes' and 'edges' lists", name, 1, 1)
    return data


def read(text: str, name: str) -> Imported:
    data = _load(text, name)
    meta = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    graph = Graph()
    losses = graph.losses
    types: dict[str, str] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(data["nodes"]):
        if not isinstance(node, dict) or "nodeID" not in node or not isinstance(node.get("type"), str):
            raise _fail("a node needs a 'nodeID' and a 'type'", name, text, f"/nodes/{index}")
        key = str(node["nodeID"])
        if key in nodes:
            raise _fail(f"node id '{key}' is used twice", name, text, f"/nodes/{index}/nodeID")
        types[key] = node["type"]
        nodes[key] = node
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for index, edge in enumerate(data["edges"]):
        if not isinstance(edge, dict) or "fromID" not in edge or "toID" not in edge:
            raise _fail("an edge needs a 'fromID' and a 'toID'", name, text, f"/edges/{index}")
        source, target = str(edge["fromID"]), str(edge["toID"])
        for end, key in (("fromID", source), ("toID", target)):
            if key not in nodes:
                raise _fail(f"edge names node '{key}', which is not in 'nodes'", name, text, f"/edges/{index}/{end}")
        succ[source].append(target)
        pred[target].append(source)

    node_meta = meta.get("nodes", {}) if isinstance(meta.get("nodes"), dict) else {}
    speakers = _speakers(data, nodes, types, succ, pred, losses)
    for key, node in nodes.items():
        if types[key] != "I":
            continue
        extra = node_meta.get(key, {})
        text_value = node.get("text") if isinstance(node.get("text"), str) else ""
        if not text_value.strip():
            losses["statements with no text given '(no text)'"] += 1
            text_value = "(no text)"
        speaker, said = speakers.get(key, (None, None))
        if said is not None and key not in node_meta:
            speaker, said = _speaker_in_text(speaker, said)
        quote = None
        if extra.get("quote") and said is not None:
            quote = (extra["quote"], said)
        elif said is not None and said.strip() not in (text_value.strip(), ""):
            losses["locution texts not kept (a quote needs a source document)"] += 1
        side = extra.get("side") or (slug(speaker) if speaker and slug(speaker) else UNATTRIBUTED)
        if not extra.get("side") and speaker and side not in graph.sides:
            graph.sides[side] = {"name": speaker}
        graph.statements[key] = Statement(key, text_value, speaker, side, quote, extra.get("id"))
    graph.sides.setdefault(UNATTRIBUTED, {"name": "Unattributed"})

    inference_meta = meta.get("inferences", {}) if isinstance(meta.get("inferences"), dict) else {}
    for key, node in nodes.items():
        kind = types[key]
        if kind == "PA":
            losses["preference nodes (PA) not represented"] += 1
            continue
        if kind not in SCHEME_TYPES:
            continue
        scheme = node.get("scheme", node.get("text", ""))
        if isinstance(scheme, str) and scheme.strip() not in _PLAIN_SCHEME_TEXT:
            losses["scheme names of inferences and conflicts not kept"] += 1
        premises = [p for p in pred.get(key, ()) if types[p] == "I"]
        targets = [t for t in succ.get(key, ()) if types[t] == "I" or types[t] in SCHEME_TYPES]
        if len(targets) > 1:
            losses["inferences with several conclusions: all but the first left out"] += 1
        if not premises or not targets:
            losses["inferences with no premise or no conclusion left out"] += 1
            continue
        target = targets[0]
        if types[target] != "I" and kind != "CA":
            losses["supports or rephrases aimed at an inference not represented"] += 1
            continue
        extra = inference_meta.get(key, {})
        graph.inferences.append(
            Inference(
                key,
                premises,
                target,
                SCHEME_TYPES[kind],
                tree=extra.get("tree", True),
                group=extra.get("group"),
                under=extra.get("under"),
            )
        )
    _read_meta(meta, graph)
    maps = build(graph)
    return Imported(maps, graph.losses)


def _speakers(data, nodes, types, succ, pred, losses) -> dict[str, tuple[str | None, str | None]]:
    """For each I-node asserted by a locution: the speaker and the locution's text."""
    names: dict[str, str] = {}
    for person in data.get("participants") or []:
        if isinstance(person, dict) and "participantID" in person:
            full = " ".join(str(person.get(k) or "") for k in ("firstname", "surname")).strip()
            if full:
                names[str(person["participantID"])] = full
    person_of: dict[str, str] = {}
    for locution in data.get("locutions") or []:
        if isinstance(locution, dict) and "nodeID" in locution and "personID" in locution:
            person_of.setdefault(str(locution["nodeID"]), str(locution["personID"]))
    out: dict[str, tuple[str | None, str | None]] = {}
    used_l: set[str] = set()
    for key, kind in types.items():
        if kind == "TA":
            losses["transitions between locutions (TA) not represented"] += 1
        if kind != "YA":
            continue
        sayers = [p for p in pred.get(key, ()) if types[p] == "L"]
        said = [t for t in succ.get(key, ()) if types[t] == "I"]
        if not said:
            if any(types[t] in SCHEME_TYPES for t in succ.get(key, ())):
                losses["illocutions on inferences and conflicts (YA) not represented"] += 1
            continue
        if not sayers:
            continue
        l_key = sayers[0]
        used_l.add(l_key)
        l_text = nodes[l_key].get("text") if isinstance(nodes[l_key].get("text"), str) else ""
        for i_key in said:
            out.setdefault(i_key, (names.get(person_of.get(l_key, "")), l_text))
    unused = sum(1 for k, t in types.items() if t == "L" and k not in used_l)
    if unused:
        losses["locutions (L) that assert no statement not represented"] += unused
    return out


def _speaker_in_text(speaker: str | None, said: str) -> tuple[str | None, str]:
    """AIFdb writes the speaker into the locution's text when it has no participant list."""
    if speaker is not None:
        prefix = speaker + ":"
        return speaker, said[len(prefix) :].strip() if said.startswith(prefix) else said
    match = _SPEAKER_PREFIX.match(said)
    if match:
        return match.group(1).strip(), said[match.end() - 1 :].strip()
    match = _SPEAKER_SAYS.match(said)
    if match:
        return match.group(1).strip(), said[match.end() :].rstrip().removesuffix("'")
    return None, said


def _read_meta(meta: dict[str, Any], graph: Graph) -> None:
    """argmap's own block: the maps, sides and sources, and cross-links to maps outside the file."""
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


def sniff(text: str) -> bool:
    head = text.lstrip()[:4096]
    return head.startswith("{") and (('"nodes"' in head and '"edges"' in text[:200_000]) or '"AIF"' in head)


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

    in_export = {m.id: m for m in maps}
    ids: dict[tuple[str, str], str] = {}  # (map id, node id) -> I-node
    visits = {m.id: list(m.walk()) for m in maps}
    for m in maps:
        for node, *_ in visits[m.id]:
            key = add("I", node.text)
            ids[(m.id, node.id)] = key
            extra: dict[str, Any] = {"id": node.id, "side": node.side}
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

    def scheme(kind: str) -> str:
        return add(kind, DEFAULT_SCHEMES[kind], scheme=DEFAULT_SCHEMES[kind])

    for m in maps:
        inference_of: dict[str, str] = {}  # node id -> the S-node joining it to its parent
        group_of: dict[tuple[str, str], str] = {}
        for node, parent, *_ in visits[m.id]:
            if parent is None:
                continue
            me, parent_key = ids[(m.id, node.id)], ids[(m.id, parent.id)]
            if node.group is not None and (parent.id, node.group) in group_of:
                s_key = group_of[(parent.id, node.group)]
                edge(me, s_key)
                inference_of[node.id] = s_key
                continue
            kind = "MA" if node.rephrase else ("RA" if node.kind is Kind.PREMISE else "CA")
            s_key = scheme(kind)
            edge(me, s_key)
            target = inference_of.get(parent.id) if node.undercut else parent_key
            edge(s_key, target)
            inference_of[node.id] = s_key
            extra = {}
            if node.group is not None:
                group_of[(parent.id, node.group)] = s_key
                extra["group"] = node.group
            if node.undercut:
                extra["under"] = parent_key
            if extra:
                meta_inferences[s_key] = extra
        for node, *_ in visits[m.id]:
            me = ids[(m.id, node.id)]
            for relation, links in ((SUPPORTS, node.supports), (ATTACKS, node.attacks)):
                for position, link in enumerate(links):
                    map_id, node_id = split_link(link)
                    target = ids.get((map_id or m.id, node_id))
                    if target is None or (map_id is not None and map_id not in in_export):
                        external.append({"from": me, "relation": relation, "to": link, "at": position})
                        continue
                    s_key = scheme("RA" if relation == SUPPORTS else "CA")
                    edge(me, s_key)
                    edge(s_key, target)
                    meta_inferences[s_key] = {"tree": False}

    document: dict[str, Any] = {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": [
            {"participantID": str(number), "firstname": speaker, "surname": ""}
            for speaker, number in participants.items()
        ],
        "argmap": {
            "about": "argmap's own data, for reading this file back into the same maps; AIF tools may ignore it",
            "maps": meta_maps,
            "nodes": meta_nodes,
            "inferences": meta_inferences,
            "external": external,
        },
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


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
