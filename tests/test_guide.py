"""The reader's guide (docs/debate.md) and the fidelity record (docs/fidelity.md) say only what the seed maps hold."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import argmap

from .conftest import ROOT

GUIDE = (ROOT / "docs" / "debate.md").read_text(encoding="utf-8")
FIDELITY = (ROOT / "docs" / "fidelity.md").read_text(encoding="utf-8")
MAPS = {m.id: m for m in (argmap.load(p) for p in sorted((ROOT / "maps").glob("*.json")))}

_ID = r"[a-z0-9][a-z0-9-]*"
REF = rf"`({_ID}:{_ID})`"
KINDS = "claim|premise|rebuttal|counter-rebuttal"
# "`map:node` (kind)" or "`map:node` (kind of `map:parent`)"; the guide may break a line anywhere.
KIND_CLAIM = re.compile(rf"{REF}\s+\(({KINDS})(?:\s+of\s+{REF})?\)")
LINK_CLAIM = re.compile(rf"{REF}\s+(supports|attacks)\s+{REF}")


def _nodes() -> dict[str, tuple[str, str | None]]:
    """Every node as 'map:node' -> (kind, 'map:parent' or None)."""
    out = {}
    for map_id, m in MAPS.items():
        for visit in m.walk():
            parent = f"{map_id}:{visit.parent.id}" if visit.parent is not None else None
            out[f"{map_id}:{visit.node.id}"] = (visit.node.kind.value, parent)
    return out


def _edges(crosslinks_only: bool = False) -> set[tuple[str, str, str]]:
    """Every support and attack as ('map:source', relation, 'map:target')."""
    out = set()
    for map_id, m in MAPS.items():
        for edge in m.edges():
            if crosslinks_only and not edge.crosslink:
                continue
            target = edge.target if ":" in edge.target else f"{map_id}:{edge.target}"
            out.add((f"{map_id}:{edge.source}", edge.relation.value, target))
    return out


NODES = _nodes()


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else len(text)]


def test_every_node_the_guide_names_exists() -> None:
    named = set(re.findall(REF, GUIDE))
    assert len(named) > 50
    assert named - NODES.keys() == set()


def test_every_kind_and_parent_the_guide_states_is_the_maps() -> None:
    claims = KIND_CLAIM.findall(GUIDE)
    assert len(claims) > 50
    for node, kind, parent in claims:
        assert NODES[node][0] == kind, f"the guide calls {node} a {kind}, the map a {NODES[node][0]}"
        if parent:
            assert NODES[node][1] == parent, f"the guide hangs {node} under {parent}, the map under {NODES[node][1]}"


def test_every_link_the_guide_states_is_in_the_maps() -> None:
    stated = {(a, rel, b) for a, rel, b in LINK_CLAIM.findall(GUIDE)}
    assert len(stated) > 10
    assert stated - _edges() == set()


def test_the_guide_lists_every_link_between_maps() -> None:
    listed = set(LINK_CLAIM.findall(_section(GUIDE, "## Links between the maps")))
    between_maps = {e for e in _edges(crosslinks_only=True) if e[0].split(":")[0] != e[2].split(":")[0]}
    assert listed == between_maps


def test_the_counts_the_guide_gives_are_the_maps() -> None:
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", GUIDE, re.M)
    assert {row[0] for row in rows} == MAPS.keys()
    for map_id, nodes, premises, rebuttals, counters, links in rows:
        m = MAPS[map_id]
        kinds = Counter(visit.node.kind.value for visit in m.walk())
        out = sum(1 for e in m.edges() if e.crosslink and ":" in e.target and e.target.split(":")[0] != map_id)
        assert (int(nodes), int(premises), int(rebuttals), int(counters), int(links)) == (
            sum(kinds.values()),
            kinds["premise"],
            kinds["rebuttal"],
            kinds["counter-rebuttal"],
            out,
        ), map_id


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_every_map_has_its_section_and_diagram(map_id: str) -> None:
    heading = re.search(rf"^## (\d)\. .*\(`{map_id}`\)$", GUIDE, re.M)
    assert heading, f"no section for {map_id}"
    section = _section(GUIDE, heading.group(0))
    path = MAPS[map_id].path
    # One picture, or the first of its A3 pages (docs/rendering.md: a map too big for one page).
    assert path is not None and any(f"diagrams/{path.stem}{page}.svg" in section for page in ("", "-1"))
    # "Map 3" in the prose is the section numbered 3, which is the file numbered 3.
    assert path.stem.startswith(f"{heading.group(1)}-")
    # The walk-through names every node of its map.
    named = {ref for ref in re.findall(REF, section) if ref.startswith(f"{map_id}:")}
    assert named == {n for n in NODES if n.startswith(f"{map_id}:")}


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_every_map_has_reasons_and_answers(map_id: str) -> None:
    # A counter-rebuttal only where a source answers an answer: the guide records no reply to the
    # charge against the missile ban, so map 3 has none, and the debate as a whole has all four kinds.
    kinds = {visit.node.kind.value for visit in MAPS[map_id].walk()}
    assert {"claim", "premise", "rebuttal"} <= kinds
    assert {visit.node.kind.value for m in MAPS.values() for visit in m.walk()} == {
        "claim",
        "premise",
        "rebuttal",
        "counter-rebuttal",
    }


def test_the_fidelity_record_has_a_row_for_every_node_and_every_crosslink() -> None:
    rows = re.findall(rf"^\| {REF} \|", FIDELITY, re.M)
    assert Counter(rows) == Counter(NODES.keys())
    links = set(re.findall(rf"^\| {REF} (supports|attacks) {REF} \|", FIDELITY, re.M))
    assert links == _edges(crosslinks_only=True)


def test_the_evaluation_the_guide_reports() -> None:
    semantics = pytest.importorskip("argmap.semantics", reason="argmap.semantics (argmap evaluate) is not in this tree")
    section = _section(GUIDE, "## Synthesis")
    claims = {f"{map_id}:{m.claim.id}" for map_id, m in MAPS.items()}
    stated = re.findall(rf"{REF}\s+is\s+(in|out|undec)\b", section)
    assert {ref for ref, _ in stated} == claims
    labels = semantics.evaluate(MAPS.values()).labels
    for ref, label in stated:
        assert getattr(labels[ref], "value", labels[ref]) == label, ref
    # "Read with supports as deductive or necessary ..., every demand falls".
    assert "every demand falls" in section
    for mode in ("deductive", "necessary"):
        labels = semantics.evaluate(MAPS.values(), support=mode).labels
        assert {getattr(labels[ref], "value", labels[ref]) for ref in claims} == {"out"}, mode
