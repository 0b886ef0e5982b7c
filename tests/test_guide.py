"""The reader's guide (docs/debate.md) and the fidelity record (docs/fidelity.md) say only what the seed maps hold."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

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
# "`map:node` (context)" or "`map:node` (context, under `map:parent`)": a node that only describes.
CONTEXT_CLAIM = re.compile(rf"{REF}\s+\(context(?:,\s+under\s+{REF})?\)")
# "`map:node` (undercut of `map:parent`)": a counter-rebuttal that attacks its parent's inference.
UNDERCUT_CLAIM = re.compile(rf"{REF}\s+\(undercut\s+of\s+{REF}\)")
LINK_CLAIM = re.compile(rf"{REF}\s+(supports|attacks)\s+{REF}")


class Named(NamedTuple):
    kind: str
    parent: str | None
    context: bool
    undercut: bool


def _nodes() -> dict[str, Named]:
    """Every node as 'map:node' -> its kind, 'map:parent' (or None), role and undercut mark."""
    out = {}
    for map_id, m in MAPS.items():
        for visit in m.walk():
            node = visit.node
            parent = f"{map_id}:{visit.parent.id}" if visit.parent is not None else None
            out[f"{map_id}:{node.id}"] = Named(node.kind.value, parent, node.role == "context", bool(node.undercut))
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


def test_every_diagram_and_page_the_guide_links_exists() -> None:
    linked = re.findall(r"\]\((diagrams/[^)]+)\)", GUIDE)
    assert linked
    assert [name for name in linked if not (ROOT / "docs" / name).is_file()] == []


def test_every_node_the_guide_names_exists() -> None:
    named = set(re.findall(REF, GUIDE))
    assert len(named) > 50
    assert named - NODES.keys() == set()


def test_every_kind_and_parent_the_guide_states_is_the_maps() -> None:
    claims = KIND_CLAIM.findall(GUIDE)
    assert len(claims) > 50
    for node, kind, parent in claims:
        named = NODES[node]
        # A context node keeps a kind only to be drawn, and an undercut is more than its kind: the guide
        # names them as such, never as a plain premise or rebuttal.
        assert not named.context, f"the guide calls {node} a {kind}; the map marks it context"
        assert not named.undercut, f"the guide calls {node} a {kind}; the map marks it an undercut"
        assert named.kind == kind, f"the guide calls {node} a {kind}, the map a {named.kind}"
        if parent:
            assert named.parent == parent, f"the guide hangs {node} under {parent}, the map under {named.parent}"


def test_every_context_node_and_undercut_the_guide_states_is_the_maps() -> None:
    contexts = CONTEXT_CLAIM.findall(GUIDE)
    undercuts = UNDERCUT_CLAIM.findall(GUIDE)
    assert contexts and undercuts
    for node, parent in contexts:
        named = NODES[node]
        assert named.context, f"the guide calls {node} context; the map does not"
        if parent:
            assert named.parent == parent, f"the guide hangs {node} under {parent}, the map under {named.parent}"
    for node, parent in undercuts:
        named = NODES[node]
        assert named.undercut, f"the guide calls {node} an undercut; the map does not"
        assert named.parent == parent, f"the guide hangs {node} under {parent}, the map under {named.parent}"


def test_the_links_the_guide_states_are_the_maps_links() -> None:
    # Every link the guide states is in the maps, and the guide names every cross-link the maps draw.
    stated = {(a, rel, b) for a, rel, b in LINK_CLAIM.findall(GUIDE)}
    assert stated - _edges() == set()
    assert _edges(crosslinks_only=True) - stated == set()


def test_the_guide_lists_every_link_between_maps() -> None:
    listed = set(LINK_CLAIM.findall(_section(GUIDE, "## Links between the maps")))
    between_maps = {e for e in _edges(crosslinks_only=True) if e[0].split(":")[0] != e[2].split(":")[0]}
    assert listed == between_maps


def test_the_counts_the_guide_gives_are_the_maps() -> None:
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", GUIDE, re.M)
    assert {row[0] for row in rows} == MAPS.keys()
    for map_id, nodes, premises, rebuttals, counters, links, context in rows:
        m = MAPS[map_id]
        kinds = Counter(visit.node.kind.value for visit in m.walk())
        out = sum(1 for e in m.edges() if e.crosslink and ":" in e.target and e.target.split(":")[0] != map_id)
        described = sum(1 for visit in m.walk() if visit.node.role == "context")
        assert (int(nodes), int(premises), int(rebuttals), int(counters), int(links), int(context)) == (
            sum(kinds.values()),
            kinds["premise"],
            kinds["rebuttal"],
            kinds["counter-rebuttal"],
            out,
            described,
        ), map_id


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_every_map_has_its_section_and_diagram(map_id: str) -> None:
    heading = re.search(rf"^## (\d)\. .*\(`{map_id}`\)$", GUIDE, re.M)
    assert heading, f"no section for {map_id}"
    section = _section(GUIDE, heading.group(0))
    path = MAPS[map_id].path
    assert path is not None
    # Its diagram, one picture or its pages; every picture the guide shows is in docs/diagrams.
    shown = re.findall(r"\(diagrams/([\w.-]+\.svg)\)", section)
    assert any(re.fullmatch(rf"{re.escape(path.stem)}(-\d+)?\.svg", name) for name in shown), shown
    assert all((ROOT / "docs" / "diagrams" / name).is_file() for name in shown), shown
    # "Map 3" in the prose is the section numbered 3, which is the file numbered 3.
    assert path.stem.startswith(f"{heading.group(1)}-")
    # The walk-through names every node of its map, and says of each context node that it is one.
    named = {ref for ref in re.findall(REF, section) if ref.startswith(f"{map_id}:")}
    assert named == {n for n in NODES if n.startswith(f"{map_id}:")}
    described = {node for node, _ in CONTEXT_CLAIM.findall(section) if node.startswith(f"{map_id}:")}
    assert described == {n for n in named if NODES[n].context}


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_every_map_has_reasons_and_answers_where_its_source_gives_them(map_id: str) -> None:
    # Only nodes that argue count: a context node answers nothing. The guide gives no argument
    # against demand 3 (its Western answer is "This can be an area of compromise", and the 2019 charge
    # of violations describes how the treaty ended), so map 3 alone has reasons and no answer; a
    # counter-rebuttal appears only where a source answers an answer.
    arguing = {visit.node.kind.value for visit in MAPS[map_id].walk() if visit.node.role != "context"}
    assert {"claim", "premise"} <= arguing
    assert ("rebuttal" in arguing) is (map_id != "intermediate-range-missiles")
    assert {v.node.kind.value for m in MAPS.values() for v in m.walk() if v.node.role != "context"} == {
        "claim",
        "premise",
        "rebuttal",
        "counter-rebuttal",
    }


def test_context_nodes_are_leaves_or_have_context_answers_only() -> None:
    # A node that only describes argues nothing, so nothing that argues may answer it or link to it.
    linked = {target for _, _, target in _edges(crosslinks_only=True)}
    for map_id, m in MAPS.items():
        for visit in m.walk():
            node = visit.node
            if node.role == "context":
                assert all(child.role == "context" for child in node.children), f"{map_id}:{node.id}"
                assert not node.supports and not node.attacks, f"{map_id}:{node.id}"
                assert f"{map_id}:{node.id}" not in linked, f"{map_id}:{node.id}"


def test_the_fidelity_record_has_a_row_for_every_node_and_every_crosslink() -> None:
    rows = re.findall(rf"^\| {REF} \|", FIDELITY, re.M)
    assert Counter(rows) == Counter(NODES.keys())
    links = set(re.findall(rf"^\| {REF} (supports|attacks) {REF} \|", FIDELITY, re.M))
    assert links == _edges(crosslinks_only=True)


def test_the_fourth_reading_classifies_every_node_once_and_counts_them() -> None:
    section = _section(FIDELITY, "## Fourth reading (independent)")
    rows = re.findall(rf"^\| (faithful|minor slip|wrong) \| {REF} \|", section, re.M)
    assert Counter(node for _, node in rows) == Counter(NODES.keys())
    verdicts = Counter(verdict for verdict, _ in rows)
    stated = re.search(r"\*\*(\d+)\s+faithful,\s+(\d+)\s+minor\s+slips,\s+(\d+)\s+wrong\.\*\*", section)
    assert stated, "the section states its counts"
    assert tuple(map(int, stated.groups())) == (verdicts["faithful"], verdicts["minor slip"], verdicts["wrong"])
    # Every wrong node was fixed: the reading's bar is that a fresh reading finds none left.
    assert all(why.startswith("fixed:") for why in re.findall(r"^\| wrong \| `[^`]+` \| ([^|]+)\|", section, re.M))
