"""`role: context`: such nodes take no part in evaluation, and validate refuses one that would have to argue."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

import argmap
from argmap.model import ArgMap

from .conftest import ROOT, run_argmap

SEMANTICS = ["grounded", "preferred", "dfquad", "quadratic-energy"]


def seed_maps() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "maps").glob("*.json"))]


def with_context(maps: list[dict], rng: random.Random, count: int) -> tuple[list[dict], set[str]]:
    """The maps with `count` context nodes hung under random nodes (some with context children of their own)."""
    maps = copy.deepcopy(maps)
    added: set[str] = set()
    for number in range(count):
        data = rng.choice(maps)
        nodes, todo = [], [data["claim"]]
        while todo:
            node = todo.pop()
            nodes.append(node)
            todo += node.get("children", [])
        parent = rng.choice([n for n in nodes if n.get("role") != "context"])
        kind = rng.choice(["premise", "rebuttal"] if parent["kind"] in ("claim", "premise") else ["counter-rebuttal"])
        node = {"id": f"background-{number}", "kind": kind, "role": "context", "side": parent["side"],
                "speaker": "Narrator", "text": "What happened before.", "weight": rng.random()}
        if rng.random() < 0.5:
            node["children"] = [{"id": f"detail-{number}", "kind": "premise", "role": "context",
                                 "side": parent["side"], "speaker": "Narrator", "text": "A detail."}]
            added.add(f"{data['id']}:detail-{number}")
        parent.setdefault("children", []).append(node)
        added.add(f"{data['id']}:background-{number}")
    return maps, added


def result(ev) -> dict:
    if ev.strengths is not None:
        return ev.strengths
    if ev.extensions is not None:
        return {"extensions": sorted(sorted(e) for e in ev.extensions)}
    return {name: label.value for name, label in ev.labels.items()}


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_context_nodes_leave_every_other_verdict_unchanged(semantics: str) -> None:
    plain = seed_maps()
    before = result(argmap.evaluate([ArgMap.model_validate(d) for d in plain], semantics))
    rng = random.Random(semantics)
    for _ in range(10):
        maps, added = with_context(plain, rng, rng.randrange(1, 12))
        ev = argmap.evaluate([ArgMap.model_validate(d) for d in maps], semantics)
        assert result(ev) == before
        names = ev.strengths if ev.strengths is not None else ev.labels
        assert not added & set(names)


def test_context_nodes_validate_and_read_context_in_the_report(project: Path) -> None:
    maps, added = with_context(seed_maps(), random.Random(1), 6)
    folder = project / "maps"
    for data in maps:
        (folder / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    checked = run_argmap("validate", "maps", cwd=project)
    assert checked.returncode == 0, checked.stdout
    report = run_argmap("evaluate", "maps", cwd=project).stdout
    for name in added:
        node = name.partition(":")[2]
        assert any(line.startswith("context ") and f"[{node}]" in line for line in report.splitlines()), node


def tiny(claim: dict) -> dict:
    return {"id": "m", "title": "T", "sides": {"s": {"name": "S"}}, "claim": claim}


def test_a_context_claim_or_undercut_is_refused(tmp_path: Path) -> None:
    claim = {"id": "c", "kind": "claim", "role": "context", "side": "s", "speaker": "X", "text": "Background."}
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "m.json").write_text(json.dumps(tiny(claim)), encoding="utf-8")
    proc = run_argmap("validate", str(folder))
    assert proc.returncode == 1
    assert "error[context-argues]: the claim 'c' is marked context, but a map's claim is what it argues" in proc.stdout
    undercut = {"id": "u", "kind": "rebuttal", "undercut": True, "role": "context", "side": "s", "speaker": "X",
                "text": "Not so fast."}
    premise = {"id": "p", "kind": "premise", "side": "s", "speaker": "X", "text": "Because.", "children": [undercut]}
    claim = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": "Yes.", "children": [premise]}
    (folder / "m.json").write_text(json.dumps(tiny(claim)), encoding="utf-8")
    proc = run_argmap("validate", str(folder))
    assert "node 'u' is marked context, but an undercut attacks an inference" in proc.stdout


def test_a_link_from_another_map_to_a_context_node_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    background = {"id": "b", "kind": "premise", "role": "context", "side": "s", "speaker": "X", "text": "Then."}
    claim = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": "Yes.", "children": [background]}
    (folder / "m.json").write_text(json.dumps(tiny(claim)), encoding="utf-8")
    other = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": "No.", "supports": ["m:b"]}
    (folder / "n.json").write_text(json.dumps({**tiny(other), "id": "n"}), encoding="utf-8")
    proc = run_argmap("validate", str(folder))
    assert proc.returncode == 1
    assert "error[context-argues]: node 'c' supports 'm:b', a context node" in proc.stdout


@pytest.mark.parametrize("semantics", ["grounded", "preferred", "dfquad"])
def test_explaining_a_context_node_says_it_takes_no_part(semantics: str) -> None:
    """The node is in the debate: 'no argument ... in the debate' would send the user looking for a typo."""
    proc = run_argmap(
        "evaluate", "maps", "--semantics", semantics, "--explain", "ukraine-never-in-nato:separatists-sabotage"
    )
    assert proc.returncode == 1
    assert "no argument" not in proc.stderr
    assert "'ukraine-never-in-nato:separatists-sabotage' is a context node" in proc.stderr
    assert "takes no part in evaluation" in proc.stderr
    bare = run_argmap("evaluate", "maps", "--explain", "separatists-sabotage")
    assert bare.returncode == 1 and "is a context node" in bare.stderr
