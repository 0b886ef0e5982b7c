"""A folder of maps is one debate: cross-map links resolve across its files; map ids are unique."""

from __future__ import annotations

import json
from pathlib import Path

from argmap.debate import Debate
from argmap.model import ArgMap

from .conftest import run_argmap


def _map(map_id: str, minimal_map: str, **claim_extra) -> str:
    data = json.loads(minimal_map)
    data["id"] = map_id
    data["claim"].update(claim_extra)
    return json.dumps(data, indent=2)


def test_cross_map_links_resolve_within_the_folder(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map, attacks=["b:right-to-choose"]))
    (maps / "b.json").write_text(_map("b", minimal_map))
    assert run_argmap("validate", cwd=project).returncode == 0
    # A single file still resolves its links against the other maps of its folder.
    proc = run_argmap("validate", "maps/a.json", cwd=project)
    assert proc.returncode == 0, proc.stdout


def test_cross_map_link_to_a_missing_node(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map, supports=["b:nothing-here"]))
    (maps / "b.json").write_text(_map("b", minimal_map))
    proc = run_argmap("validate", "maps/a.json", cwd=project)
    assert proc.returncode == 1
    assert (
        "error[unknown-link]: node 'no-ukraine-in-nato' supports 'b:nothing-here', "
        "but map 'b' has no node 'nothing-here'" in proc.stdout
    )


def test_support_cycle_across_maps(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map, supports=["b:no-ukraine-in-nato"]))
    (maps / "b.json").write_text(_map("b", minimal_map, supports=["a:no-ukraine-in-nato"]))
    proc = run_argmap("validate", cwd=project)
    assert proc.returncode == 1
    assert "support cycle no-ukraine-in-nato -> b:no-ukraine-in-nato -> no-ukraine-in-nato" in proc.stdout


def test_duplicate_map_ids(project: Path, minimal_map: str) -> None:
    (project / "maps" / "a.json").write_text(_map("same", minimal_map))
    (project / "maps" / "b.json").write_text(_map("same", minimal_map))
    proc = run_argmap("validate", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("maps/b.json:3:9: error[duplicate-map-id]: map id 'same'")


def test_unused_source_is_a_warning_only(project: Path, minimal_map: str) -> None:
    data = json.loads(minimal_map)
    data["sources"]["extra"] = {"path": data["sources"]["guide"]["path"], "title": "t", "date": "2022"}
    (project / "maps" / "m.json").write_text(json.dumps(data, indent=2))
    proc = run_argmap("validate", cwd=project)
    assert proc.returncode == 0
    assert "warning[unused-source]: source 'extra' is declared but no quote uses it" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "1 file, 0 problems, 1 warning"


def _node(node_id: str, kind: str, **extra: object) -> dict:
    return {"id": node_id, "kind": kind, "side": "s", "text": node_id, **extra}


def _tree(map_id: str, claim: dict) -> ArgMap:
    return ArgMap.model_validate({"id": map_id, "title": map_id, "sides": {"s": {"name": "S"}}, "claim": claim})


def _cycles(debate: Debate) -> dict[str, list[str]]:
    return {
        f.display: [i.message.partition(": a point")[0] for i in debate.problems(f) if i.code == "support-cycle"]
        for f in debate.files
    }


def test_a_support_cycle_runs_through_tree_edges_too() -> None:
    # p supports its parent c by the tree; c supports b:x, which supports p.
    a = _tree("a", _node("c", "claim", supports=["b:x"], children=[_node("p", "premise")]))
    b = _tree("b", _node("x", "claim", supports=["a:p"]))
    assert _cycles(Debate.of_maps([a, b])) == {
        "a": ["support cycle c -> b:x -> p -> c"],
        "b": ["support cycle x -> a:p -> a:c -> x"],
    }


def test_a_support_cycle_through_a_duplicated_node_id_follows_each_node_of_that_id() -> None:
    # Two nodes 'p' (an error of its own): a link to 'p' leads up from both, so two cycles close.
    p_deep = _node("q", "premise", children=[_node("p", "premise")])
    a = _tree("a", _node("c", "claim", supports=["b:x"], children=[p_deep, _node("p", "premise")]))
    b = _tree("b", _node("x", "claim", supports=["a:p"]))
    assert _cycles(Debate.of_maps([a, b])) == {
        "a": ["support cycle c -> b:x -> p -> q -> c", "support cycle c -> b:x -> p -> c"],
        "b": ["support cycle x -> a:p -> a:q -> a:c -> x", "support cycle x -> a:p -> a:c -> x"],
    }


def test_a_debate_that_places_its_problems_gives_the_same_issues_naming_their_file() -> None:
    # A writer's check asks for placed issues (the rules name the file as they make them): the same
    # issues, in the same order, as the file-less ones placed afterwards.
    a = _tree("a", _node("c", "claim", supports=["b:x", "c"], children=[_node("p", "rebuttal", side="t")]))
    b = _tree("b", _node("x", "claim", supports=["a:c"], speaker="Jose Borrell"))
    a.claim.speaker = "Josep Borrell"
    plain = Debate.of_maps([a, b])
    placed = plain.rebuilt(plain.files, placed=True)
    for file, twin in zip(plain.files, placed.files, strict=True):
        expected = [i.at(file.display) for i in plain.problems(file)]
        assert expected and placed.problems(twin) == expected
        assert {i.code for i in expected} >= {"missing-quote", "support-cycle"}
