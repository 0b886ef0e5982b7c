"""A debate made from the last one by `with_texts` (as the language server makes one per edit) finds what a
debate opened afresh on the same texts finds, edit after edit: kept facts and findings never go stale."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from argmap.debate import Debate, open_debate

from .test_lsp import VERBATIM
from .test_lsp import _map as _empty_map

SPEAKERS = ["Josep Borrell", "Jose Borrell", "Sergei Ryabkov", "Sergey Ryabkov", "Wendy Sherman", None]
KINDS = ["premise", "rebuttal", "counter-rebuttal"]


def _node(node_id: str, kind: str, rng: random.Random) -> dict:
    node = {"id": node_id, "kind": kind, "side": "russia", "text": f"Point {node_id}."}
    speaker = rng.choice(SPEAKERS)
    if speaker:
        node["speaker"] = speaker
    if rng.random() < 0.8:
        node["quote"] = {"source": "guide", "text": VERBATIM}
    return node


def _map(map_id: str, rng: random.Random) -> dict:
    claim = {**_node(f"{map_id}-claim", "claim", rng), "children": []}
    nodes = [claim]
    for index in range(rng.randint(2, 7)):
        parent = rng.choice(nodes)
        child = _node(f"{map_id}-{index}", rng.choice(KINDS), rng)
        parent.setdefault("children", []).append(child)
        nodes.append(child)
    return {**_empty_map(map_id, []), "claim": claim}


def _nodes(data: dict) -> list[dict]:
    out, stack = [], [data["claim"]]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.get("children", []))
    return out


def _link(rng: random.Random, maps: dict[Path, dict]) -> str:
    """A link to a node of some map, to a node that is not there, or to a map that is not there."""
    other = rng.choice(list(maps.values()))
    target = rng.choice([n["id"] for n in _nodes(other)] + ["nowhere"])
    map_id = rng.choice([other["id"], other["id"], "no-such-map"])
    return f"{map_id}:{target}"


def _edit(rng: random.Random, data: dict, maps: dict[Path, dict]) -> None:
    """One change an author might type into a map."""
    node = rng.choice(_nodes(data))
    what = rng.randrange(8)
    if what == 0:
        node[rng.choice(["supports", "attacks"])] = [_link(rng, maps)]
    elif what == 1:
        node.pop("supports", None)
        node.pop("attacks", None)
    elif what == 2:
        speaker = rng.choice(SPEAKERS)
        node.pop("speaker", None) if speaker is None else node.__setitem__("speaker", speaker)
    elif what == 3:
        node["id"] = rng.choice([n["id"] for n in _nodes(rng.choice(list(maps.values())))] + ["fresh-id"])
    elif what == 4:
        data["id"] = rng.choice([m["id"] for m in maps.values()] + ["renamed"])
    elif what == 5:
        if node is data["claim"] or rng.random() < 0.5:
            node.pop("role", None)
        else:
            node["role"] = "context"
    elif what == 6:
        node["quote"] = {"source": "guide", "text": rng.choice([VERBATIM, "Russia demands a guaranty"])}
    else:
        node["supports"] = [f"{data['id']}:{rng.choice(_nodes(data))['id']}"]  # may close a support cycle


def _texts(maps: dict[Path, dict]) -> dict[Path, str]:
    return {path: json.dumps(data, indent=2) + "\n" for path, data in maps.items()}


def _found(debate: Debate) -> dict[Path, tuple]:
    return {
        f.path: (debate.findings_of(f), debate.problems(f, errors_only=True), debate.facts(f.map) if f.map else None)
        for f in debate.files
    }


@pytest.mark.parametrize("seed", range(12))
def test_an_edited_debate_finds_what_a_fresh_one_finds(project: Path, seed: int) -> None:
    rng = random.Random(seed)
    folder = project / "maps"
    maps = {folder / f"{map_id}.json": _map(map_id, rng) for map_id in "abcd"}
    for path, text in _texts(maps).items():
        path.write_text(text, encoding="utf-8")
    on_disk = _texts(maps)
    typed = dict(on_disk)  # each file's text as the editor holds it
    debate = open_debate([folder], recursive=False)
    _found(debate)  # everything worked out once, so the next debates have it all to reuse
    for step in range(25):
        path = rng.choice(list(maps))
        roll = rng.random()
        if roll < 0.08:
            text: str | None = "{ half-typed"  # not JSON: the map drops out of the others' checks
            typed[path] = text
        elif roll < 0.14 and path in on_disk:
            text = None  # as on disk
            typed[path] = on_disk[path]
            maps[path] = json.loads(on_disk[path])
        elif roll < 0.18:
            path = folder / f"z-new-{step}.json"  # a map typed in a new buffer, not yet saved
            maps[path] = _map(f"new-{step}", rng)
            text = typed[path] = _texts({path: maps[path]})[path]
        else:
            data = copy.deepcopy(maps[path])
            _edit(rng, data, maps)
            maps[path] = data
            text = typed[path] = _texts({path: data})[path]
        debate = debate.with_texts({path: text})
        overlay = {p: t for p, t in typed.items() if on_disk.get(p) != t}
        # Afresh, with the files in the same order (the first map of an id is the one that keeps it).
        fresh = open_debate([f.path for f in debate.files], overlay=overlay)
        assert [f.path for f in fresh.files] == [f.path for f in debate.files]
        assert _found(debate) == _found(fresh), f"seed {seed}, step {step}: {path.name}"
