"""The least a reader of an AIF graph does in Python, for bench_formats' floor: parsed AIF to named claim trees.

Only the tree (the types indexed, each edge sorted once, speakers found through their locutions, a node
dict per statement, each placed once below the first conclusion it supports or attacks, ids from the
text): no losses counted, no argmap block, quotes, cross-links, linked premises or depth limit, no model.
argmap's reader does all of those too; this says how little room the target leaves any reader.
"""

from __future__ import annotations

from typing import Any

from argmap.ids import IdAllocator, slug

SCHEMES = ("RA", "CA", "MA")


def bare_trees(document: dict[str, Any]) -> list[dict[str, Any]]:
    nodes, edges = document["nodes"], document["edges"]
    types = {node["nodeID"]: node["type"] for node in nodes}
    premises: dict[str, list[str]] = {}
    conclusions: dict[str, list[str]] = {}
    said: dict[str, list[str]] = {}
    locution: dict[str, str] = {}
    for edge in edges:
        source, target = edge["fromID"], edge["toID"]
        kind, aim = types[source], types[target]
        if kind == "I" and aim in SCHEMES:
            premises.setdefault(target, []).append(source)
        elif kind in SCHEMES:
            conclusions.setdefault(source, []).append(target)
        elif kind == "YA" and aim == "I":
            said.setdefault(source, []).append(target)
        elif kind == "L" and aim == "YA":
            locution.setdefault(target, source)
    person = {item["nodeID"]: item["personID"] for item in document.get("locutions", [])}
    names = {
        p["participantID"]: f"{p.get('firstname', '')} {p.get('surname', '')}".strip()
        for p in document.get("participants", [])
    }
    speaker: dict[str, str | None] = {}
    for illocution, statements in said.items():
        name = names.get(person.get(locution.get(illocution, ""), ""))
        for key in statements:
            speaker.setdefault(key, name)
    made: dict[str, dict[str, Any]] = {}
    sides: dict[str | None, str] = {}
    for node in nodes:
        if node["type"] == "I":
            name = speaker.get(node["nodeID"])
            side = sides.get(name)
            if side is None:
                side = sides[name] = (slug(name) if name else "") or "unattributed"
            item = {"id": "", "kind": "", "side": side, "text": node["text"].strip()}
            if name:
                item["speaker"] = name
            made[node["nodeID"]] = item
    into: dict[str, list[tuple[str, list[str]]]] = {}
    below: set[str] = set()
    for scheme, given in premises.items():
        aims = conclusions.get(scheme)
        if aims and aims[0] in made:
            into.setdefault(aims[0], []).append((types[scheme], given))
            below.update(given)
    placed: set[str] = set()
    roots = []
    for key, root in made.items():
        if key in below:
            continue
        root["kind"] = "claim"
        placed.add(key)
        ids = IdAllocator()
        stack = [key]
        while stack:
            parent_key = stack.pop()
            parent = made[parent_key]
            parent["id"] = ids.new(slug(parent["text"]), "node")
            for scheme_type, given in into.get(parent_key, ()):
                for child_key in given:
                    if child_key in placed or child_key not in made:
                        continue
                    placed.add(child_key)
                    child = made[child_key]
                    attacks = scheme_type == "CA"
                    child["kind"] = (
                        ("rebuttal" if parent["kind"] in ("claim", "premise") else "counter-rebuttal")
                        if attacks
                        else "premise"
                    )
                    parent.setdefault("children", []).append(child)
                    stack.append(child_key)
        roots.append(root)
    return roots
