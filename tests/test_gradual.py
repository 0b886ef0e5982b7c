"""Gradual semantics (DF-QuAD, quadratic energy) against formal-argumentation's, on random maps and the seed debate."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

import argmap
from argmap.model import ArgMap
from argmap.semantics import Bipolar, evaluate, evaluate_bipolar

from .conftest import ROOT, run_argmap

pytest.importorskip("argumentation.gradual", reason="formal-argumentation (the test extra) is the reference")
from argumentation.gradual.dfquad import dfquad_bipolar_strengths  # noqa: E402
from argumentation.gradual.gradual import WeightedBipolarGraph, quadratic_energy_strengths  # noqa: E402

TOLERANCE = {"dfquad": 1e-9, "quadratic-energy": 1e-6}


def reference(semantics: str, base: dict[str, float], attacks, supports) -> dict[str, float]:
    graph = WeightedBipolarGraph(
        arguments=frozenset(base), initial_weights=base, attacks=frozenset(attacks), supports=frozenset(supports)
    )
    found = (dfquad_bipolar_strengths if semantics == "dfquad" else quadratic_energy_strengths)(graph)
    assert found.converged
    return found.strengths


def random_map(rng: random.Random, number: int, size: int, links: int) -> tuple[ArgMap, dict, set, set]:
    """A map of `size` nodes with random kinds and weights, and `links` cross-links that keep it acyclic.

    Returns the map and, worked out independently of argmap, its base scores, attacks and supports.
    """
    map_id = f"m{number}"
    nodes = [{"id": "n0", "kind": "claim", "side": "s", "text": "Claim.", "children": []}]
    base = {f"{map_id}:n0": 0.5}
    attacks: set[tuple[str, str]] = set()
    supports: set[tuple[str, str]] = set()
    for i in range(1, size):
        parent = rng.randrange(i)
        kind = rng.choice(["premise", "rebuttal", "counter-rebuttal"])
        node = {"id": f"n{i}", "kind": kind, "side": "s", "text": f"Point {i}.", "children": []}
        if rng.random() < 0.7:
            node["weight"] = round(rng.random(), 3)
        nodes[parent]["children"].append(node)
        nodes.append(node)
        base[f"{map_id}:n{i}"] = node.get("weight", 0.5)
        (supports if kind == "premise" else attacks).add((f"{map_id}:n{i}", f"{map_id}:n{parent}"))
    # Cross-links from a node to one made before it: every edge runs from a later node to an earlier one.
    for _ in range(links):
        if size < 3:
            break
        source = rng.randrange(2, size)
        target = rng.randrange(source)
        edge = (f"{map_id}:n{source}", f"{map_id}:n{target}")
        if edge in attacks or edge in supports:
            continue
        relation = rng.choice(["attacks", "supports"])
        nodes[source].setdefault(relation, []).append(f"n{target}")
        (attacks if relation == "attacks" else supports).add(edge)
    data = {"id": map_id, "title": "T", "sides": {"s": {"name": "S"}}, "claim": nodes[0]}
    return ArgMap.model_validate(data), base, attacks, supports


@pytest.mark.parametrize("semantics", ["dfquad", "quadratic-energy"])
@pytest.mark.parametrize("shape", ["tree", "dag"])
def test_agrees_with_formal_argumentation_on_random_maps(semantics: str, shape: str) -> None:
    # 75 maps per semantics and shape: 300 random bipolar trees and DAGs in all.
    rng = random.Random(f"{semantics}-{shape}")
    for number in range(75):
        size = rng.randrange(1, 40)
        m, base, attacks, supports = random_map(rng, number, size, 0 if shape == "tree" else rng.randrange(1, 30))
        ours = evaluate([m], semantics).strengths
        theirs = reference(semantics, base, attacks, supports)
        assert ours.keys() == theirs.keys()
        worst = max(abs(ours[name] - theirs[name]) for name in ours)
        assert worst <= TOLERANCE[semantics], (number, worst)


def seed_graph() -> tuple[dict, set, set]:
    """The seed debate's bipolar graph, read from the map files by hand (not through argmap's builder)."""
    base: dict[str, float] = {}
    attacks: set[tuple[str, str]] = set()
    supports: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "maps").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        map_id = data["id"]
        todo = [(data["claim"], None)]
        while todo:
            node, parent = todo.pop()
            if node.get("role") == "context":
                continue
            name = f"{map_id}:{node['id']}"
            base[name] = node.get("weight", 0.5)
            if parent is not None:
                (supports if node["kind"] == "premise" else attacks).add((name, parent))
            for relation, into in (("attacks", attacks), ("supports", supports)):
                for link in node.get(relation, []):
                    into.add((name, link if ":" in link else f"{map_id}:{link}"))
            todo += [(child, name) for child in node.get("children", [])]
    return base, attacks, supports


@pytest.mark.parametrize("semantics", ["dfquad", "quadratic-energy"])
def test_agrees_with_formal_argumentation_on_the_seed_debate(semantics: str) -> None:
    base, attacks, supports = seed_graph()
    ours = evaluate(argmap.open_debate([ROOT / "maps"]), semantics).strengths
    theirs = reference(semantics, base, attacks, supports)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[n] - theirs[n]) for n in ours) <= TOLERANCE[semantics]


@pytest.mark.parametrize("semantics", ["dfquad", "quadratic-energy"])
def test_a_cycle_settles_where_formal_argumentation_does(semantics: str) -> None:
    base = {"a": 0.3, "b": 0.8, "c": 0.5, "d": 0.6}
    attacks = {("a", "b"), ("b", "a"), ("c", "a")}
    supports = {("d", "c"), ("a", "d")}
    ev = evaluate_bipolar(Bipolar.from_edges(base, attacks, supports), semantics)
    assert ev.converged
    theirs = reference(semantics, base, attacks, supports)
    assert max(abs(ev.strengths[n] - theirs[n]) for n in base) <= TOLERANCE[semantics]


def test_dfquad_by_hand() -> None:
    # c (base 0.5) has a supporter of strength 0.8 and an attacker of strength 0.4: net +0.4, so
    # 0.5 + 0.4 * (1 - 0.5) = 0.7.
    ev = evaluate_bipolar(Bipolar.from_edges({"c": 0.5, "s": 0.8, "a": 0.4}, [("a", "c")], [("s", "c")]))
    assert ev.strengths["c"] == pytest.approx(0.7, abs=1e-12)
    b = ev.contributions("c")
    assert (b.support, b.attack, b.base) == (pytest.approx(0.8), pytest.approx(0.4), 0.5)
    assert [(c.argument, c.attacks) for c in b.contributions] == [("a", True), ("s", False)]


def write(folder: Path, map_id: str, claim: dict) -> None:
    data = {"id": map_id, "title": map_id, "sides": {"s": {"name": "S"}}, "claim": claim}
    (folder / f"{map_id}.json").write_text(json.dumps(data), encoding="utf-8")


def test_cli_dfquad_report_json_and_explain(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    premise = {"id": "p", "kind": "premise", "side": "s", "speaker": "X", "text": "Because.", "weight": 0.8}
    rebuttal = {"id": "r", "kind": "rebuttal", "side": "s", "speaker": "X", "text": "No.", "weight": 0.4}
    write(
        folder,
        "m",
        {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": "Yes.", "children": [premise, rebuttal]},
    )
    text = run_argmap("evaluate", str(folder), "--semantics", "dfquad")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Each node has a strength from 0 to 1: it starts at its base score")
    assert "the claim's strength is 0.70 (base 0.50; combined attack 0.40, combined support 0.80)" in text.stdout
    assert "\n0.70 █████▋   * claim [c]" in text.stdout  # 0.7 of 8 cells: 5 full and 5 eighths
    document = json.loads(run_argmap("evaluate", str(folder), "--semantics", "dfquad", "-f", "json").stdout)
    assert document["semantics"] == "dfquad" and document["converged"] is True
    assert document["strengths"] == {"m:c": pytest.approx(0.7), "m:p": 0.8, "m:r": 0.4}
    why = run_argmap("evaluate", str(folder), "--semantics", "dfquad", "--explain", "m:c").stdout
    assert why.splitlines()[:4] == [
        "why m:c has strength 0.7000 (dfquad semantics):",
        "  base score 0.5000",
        "  supported by m:p, strength 0.8000",
        "  attacked by m:r, strength 0.4000",
    ]
    assert "strength = base + net × (1 - base) = 0.7000" in why
    energy = json.loads(
        run_argmap("evaluate", str(folder), "--semantics", "quadratic-energy", "--explain", "m:c", "-f", "json").stdout
    )
    # E = 0.8 - 0.4 = 0.4; h(0.4) = 0.16 / 1.16; strength = 0.5 + 0.5 * h(0.4).
    assert energy["energy"] == pytest.approx(0.4) and energy["strength"] == pytest.approx(0.5 + 0.5 * 0.16 / 1.16)
    refused = run_argmap("evaluate", str(folder), "--semantics", "dfquad", "--support", "deductive")
    assert refused.returncode == 2 and "counts supports as they are" in refused.stderr


def test_docs_table_of_the_seed_debate_is_what_evaluate_says() -> None:
    doc = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    section = doc[doc.index("<!-- seed-table") :]
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \| ([0-9.]+) \| ([0-9.]+) \|$", section, re.M)
    debate = argmap.open_debate([ROOT / "maps"])
    assert sorted(r[0] for r in rows) == sorted(debate.maps)
    labels = evaluate(debate).labels
    dfquad = evaluate(debate, "dfquad").strengths
    energy = evaluate(debate, "quadratic-energy").strengths
    verdict = {"in": "stands", "out": "falls", "undec": "undecided"}
    for map_id, grounded, df, qe in rows:
        claim = f"{map_id}:{debate.maps[map_id].claim.id}"
        assert grounded == verdict[labels[claim].value], map_id
        assert (df, qe) == (f"{dfquad[claim]:.2f}", f"{energy[claim]:.2f}"), map_id


def small_debate(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    premise = {"id": "p", "kind": "premise", "side": "s", "speaker": "X", "text": "Because.", "weight": 0.8}
    rebuttal = {"id": "r", "kind": "rebuttal", "side": "s", "speaker": "X", "text": "No.", "weight": 0.4}
    claim = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": "Yes.", "children": [premise, rebuttal]}
    write(folder, "m", claim)
    return folder


def test_show_evaluate_with_dfquad_prints_each_strength(tmp_path: Path) -> None:
    folder = small_debate(tmp_path)
    lines = run_argmap("show", str(folder / "m.json"), "--evaluate", "--semantics", "dfquad", "--no-color").stdout
    rows = lines.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ["0.70", "0.80", "0.40"]


def test_render_evaluate_with_dfquad_badges_each_strength(tmp_path: Path) -> None:
    folder = small_debate(tmp_path)
    out = tmp_path / "out"
    proc = run_argmap("render", str(folder), "--evaluate", "--semantics", "dfquad", "-o", str(out), "-f", "dot", "-q")
    assert proc.returncode == 0, proc.stderr
    dot = (out / "m.dot").read_text(encoding="utf-8")
    assert "<B>0.70</B>" in dot and "<B>0.80</B>" in dot and "<B>0.40</B>" in dot
    assert "Badge: strength (dfquad)" in dot and "Badge: grounded label" not in dot
    refused = run_argmap("render", str(folder), "--evaluate", "--semantics", "preferred", "-o", str(tmp_path / "x"))
    assert refused.returncode == 2 and not (tmp_path / "x").exists()


def test_the_site_carries_each_nodes_dfquad_strength(tmp_path: Path) -> None:
    folder = small_debate(tmp_path)
    out = tmp_path / "site"
    proc = run_argmap("site", str(folder), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    page = next(p for p in out.glob("*.html") if p.name != "index.html").read_text(encoding="utf-8")
    strengths = re.findall(r'data-strength="([0-9.]+)"', page)
    assert sorted(strengths) == ["0.4000", "0.7000", "0.8000"]
    assert "strength 0.70" in page
