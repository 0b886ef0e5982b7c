"""A node's role, weight, undercut, rephrase, group, title and bearing, set and cleared with `add` and `edit`; a
flag or bearing its kind or place does not take refused as the map format refuses it, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from argmap.authoring.fields import fields_fit
from argmap.authoring.obstacles import Obstacles
from argmap.model import ArgMap, Bearing, Kind, Node

from .conftest import run_argmap

MAP = "maps/m.json"


def ok(project: Path, *args: str) -> str:
    proc = run_argmap(*args, cwd=project)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def refused(project: Path, *args: str, code: int = 1) -> str:
    """Run a command that must be refused (1) or is misused (2): the map must be byte for byte as it was."""
    path = project / MAP
    before = path.read_bytes()
    proc = run_argmap(*args, cwd=project)
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == before
    return proc.stderr


def nodes(project: Path) -> dict[str, dict[str, Any]]:
    """Every node of the map as the file holds it, by id."""
    out, todo = {}, [json.loads((project / MAP).read_text(encoding="utf-8"))["claim"]]
    while todo:
        node = todo.pop()
        out[node["id"]] = node
        todo += node.get("children", [])
    return out


@pytest.fixture
def tree(project: Path) -> Path:
    """Claim c; premises p1 and p2 under it; rebuttal r under p1; counter-rebuttal cr under r."""
    ok(project, "new", MAP, "--title", "M", "--claim", "Yes.", "--claim-id", "c", "--side", "a", "--side", "b")
    for parent, kind, side, node in (
        ("c", "premise", "a", "p1"),
        ("c", "premise", "a", "p2"),
        ("p1", "rebuttal", "b", "r"),
        ("r", "counter-rebuttal", "a", "cr"),
    ):
        ok(project, "add", MAP, parent, "--kind", kind, "--side", side, "--text", f"Point {node}.", "--id", node)
    return project


def test_every_field_is_set_shown_and_cleared(tree: Path) -> None:
    added = ok(
        tree, "add", MAP, "c", "--kind", "premise", "--side", "a", "--text", "Before.",
        "--role", "context", "--weight", "0.25", "--title", "Background",
    )  # fmt: skip
    assert added == "before"
    ok(tree, "edit", MAP, "p1", "--group", "linked", "--weight", "1")
    ok(tree, "edit", MAP, "p2", "--group", "linked", "--rephrase")
    ok(tree, "edit", MAP, "r", "--undercut")
    got = nodes(tree)
    assert {k: got["before"].get(k) for k in ("role", "weight", "title")} == {
        "role": "context",
        "weight": 0.25,
        "title": "Background",
    }
    assert (got["p1"]["group"], got["p1"]["weight"]) == ("linked", 1)
    assert (got["p2"]["group"], got["p2"]["rephrase"]) == ("linked", True)
    assert got["r"]["undercut"] is True
    shown = ok(tree, "show", MAP, "--no-color").splitlines()
    assert any("[before]" in line and line.endswith("— context; weight 0.25; title: Background") for line in shown)
    assert any("[p2]" in line and line.endswith("— rephrase; group linked") for line in shown)
    assert any("[r]" in line and line.endswith("— undercut") for line in shown)
    as_json = {n["id"]: n for n in json.loads(ok(tree, "show", MAP, "-f", "json"))["nodes"]}
    assert as_json["before"]["role"] == "context" and as_json["p1"]["weight"] == 1 and as_json["r"]["undercut"] is True
    assert "role" not in as_json["p1"] and "group" not in as_json["r"]
    assert "1 file, 0 problems" in ok(tree, "validate", "maps")  # warnings (no quotes) aside

    ok(tree, "edit", MAP, "before", "--role", "argument", "--no-weight", "--title", "")
    ok(tree, "edit", MAP, "p2", "--group", "", "--no-rephrase")
    ok(tree, "edit", MAP, "r", "--no-undercut")
    got = nodes(tree)
    for node, keys in (("before", ("role", "weight", "title")), ("p2", ("group", "rephrase")), ("r", ("undercut",))):
        assert not set(keys) & set(got[node]), node  # cleared: the key is gone, not false or null
    assert (
        ok(tree, "edit", MAP, "r", "--no-undercut", "--role", "argument")
        == "'r' already is as asked; nothing to change"
    )
    assert ok(tree, "edit", MAP, "p1", "--weight", "1") == "'p1' already is as asked; nothing to change"


def test_a_malformed_value_is_a_usage_error(tree: Path) -> None:
    assert "--weight 2 of 'p1': a weight is from 0 to 1" in refused(tree, "edit", MAP, "p1", "--weight", "2", code=2)
    assert "--weight -0.5 of 'p1'" in refused(tree, "edit", MAP, "p1", "--weight", "-0.5", code=2)
    assert "--weight nan of 'p1'" in refused(tree, "edit", MAP, "p1", "--weight", "nan", code=2)
    assert "cannot go with --weight" in refused(tree, "edit", MAP, "p1", "--weight", "0.5", "--no-weight", code=2)
    assert "'p1': --group 'a b' is not a valid id" in refused(tree, "edit", MAP, "p1", "--group", "a b", code=2)
    assert "'bogus' is not one of 'argument', 'context'" in refused(tree, "edit", MAP, "p1", "--role", "bogus", code=2)
    err = refused(tree, "add", MAP, "c", "--kind", "premise", "--side", "a", "--text", "X.", "--weight", "7", code=2)
    assert "--weight 7 of 'x'" in err


def test_a_weight_at_the_bounds_is_written_and_shown_as_the_number_it_is(tree: Path) -> None:
    # Just past 1 is said as given, not rounded to a 1 that the message then calls out of range.
    err = refused(tree, "edit", MAP, "p1", "--weight", "1.0000001", code=2)
    assert "--weight 1.0000001 of 'p1'" in err
    # Minus zero is zero: written 0.0, shown 0, never "-0".
    ok(tree, "edit", MAP, "p1", "--weight", "-0.0")
    assert '"weight": 0.0' in (tree / MAP).read_text(encoding="utf-8")
    assert any(line.endswith("weight 0") or "weight 0;" in line for line in ok(tree, "show", MAP).splitlines())
    assert "-0" not in ok(tree, "show", MAP)


def test_a_flag_the_kind_does_not_take_is_refused_naming_the_node(tree: Path) -> None:
    err = refused(tree, "edit", MAP, "r", "--group", "g", "--rephrase")
    assert err.startswith("argmap: cannot edit 'r' (2 obstacles): 1) 'r' as a rebuttal cannot be in a group ('g')")
    assert "2) 'r' as a rebuttal cannot be a rephrase: a rephrase is a premise restating its parent" in err
    assert "'p1' as a premise cannot be an undercut" in refused(tree, "edit", MAP, "p1", "--undercut")
    assert "'c' as a claim cannot be in a group" in refused(tree, "edit", MAP, "c", "--group", "g")
    err = refused(tree, "add", MAP, "c", "--kind", "rebuttal", "--side", "b", "--text", "No.", "--undercut")
    assert "cannot add a rebuttal under 'c': 'no' cannot be an undercut under the claim" in err
    # A flag the node has, that its new kind or place would not take, is named with the option that clears it.
    ok(tree, "edit", MAP, "p2", "--group", "g")
    err = refused(tree, "edit", MAP, "p2", "--kind", "rebuttal")
    assert err.rstrip().endswith(
        "'p2' as a rebuttal cannot be in a group ('g'): linked premises are premises (clear it with --group '')"
    )
    ok(tree, "edit", MAP, "r", "--undercut")
    err = refused(tree, "move", MAP, "r", "c")
    assert (
        "'r' cannot be an undercut under the claim" in err
        and f"clear it first: `argmap edit {MAP} r --no-undercut`" in err
    )
    ok(tree, "edit", MAP, "p2", "--kind", "rebuttal", "--group", "")
    assert nodes(tree)["p2"]["kind"] == "rebuttal" and "group" not in nodes(tree)["p2"]


def test_a_bearing_is_set_shown_and_cleared(tree: Path) -> None:
    added = ok(
        tree, "add", MAP, "c", "--kind", "premise", "--side", "a", "--text", "Sign.", "--id", "sign",
        "--bearing-kind", "entails", "--scheme", "Argument From Sign",
    )  # fmt: skip
    assert added == "sign"
    ok(tree, "edit", MAP, "r", "--bearing-kind", "contrary")
    ok(tree, "edit", MAP, "cr", "--bearing-kind", "contradictory", "--scheme", "Conflict From Goal")
    got = nodes(tree)
    assert got["sign"]["bearing"] == {"kind": "entails", "scheme": "Argument From Sign"}
    assert got["r"]["bearing"] == {"kind": "contrary"}
    assert got["cr"]["bearing"] == {"kind": "contradictory", "scheme": "Conflict From Goal"}
    shown = ok(tree, "show", MAP, "--no-color").splitlines()
    assert any("[sign]" in line and line.endswith("— bearing entails; scheme: Argument From Sign") for line in shown)
    assert any("[r]" in line and line.endswith("— bearing contrary") for line in shown)
    as_json = {n["id"]: n for n in json.loads(ok(tree, "show", MAP, "-f", "json"))["nodes"]}
    assert as_json["cr"]["bearing"] == {"kind": "contradictory", "scheme": "Conflict From Goal"}
    assert "bearing" not in as_json["p1"]
    assert "1 file, 0 problems" in ok(tree, "validate", "maps")

    ok(tree, "edit", MAP, "cr", "--no-bearing-kind")
    assert nodes(tree)["cr"]["bearing"] == {"scheme": "Conflict From Goal"}  # the scheme stays
    ok(tree, "edit", MAP, "cr", "--scheme", "")
    ok(tree, "edit", MAP, "sign", "--no-bearing")
    got = nodes(tree)
    assert "bearing" not in got["cr"] and "bearing" not in got["sign"]  # an empty bearing is no bearing
    assert ok(tree, "edit", MAP, "r", "--bearing-kind", "contrary") == "'r' already is as asked; nothing to change"

    # A bearing an import wrote (its place in a premise-conclusion structure) is kept by a change of its kind.
    data = json.loads((tree / MAP).read_text(encoding="utf-8"))
    data["claim"]["children"][1]["bearing"] = {"pcs": 2}
    (tree / MAP).write_text(json.dumps(data), encoding="utf-8")
    ok(tree, "edit", MAP, "p2", "--bearing-kind", "entails")
    assert nodes(tree)["p2"]["bearing"] == {"kind": "entails", "pcs": 2}
    shown = ok(tree, "show", MAP, "--no-color").splitlines()
    assert any("[p2]" in line and line.endswith("— bearing entails; pcs (2)") for line in shown)
    err = refused(tree, "edit", MAP, "p2", "--kind", "rebuttal", "--no-bearing-kind")
    assert err.rstrip().endswith(
        "node 'p2': its attack of its parent has no place in linked premises or a pcs (clear it with --no-bearing)"
    )
    ok(tree, "edit", MAP, "p2", "--kind", "rebuttal", "--no-bearing")
    assert "bearing" not in nodes(tree)["p2"]


def test_a_bearing_the_node_does_not_take_is_refused_naming_the_node_and_the_option(tree: Path) -> None:
    assert (
        refused(tree, "edit", MAP, "p1", "--bearing-kind", "contrary")
        .rstrip()
        .endswith(
            "--bearing-kind contrary of 'p1': as a premise it supports its parent, so its bearing cannot be contrary "
            "(an attack's) (give --bearing-kind entails)"
        )
    )
    assert (
        refused(tree, "edit", MAP, "cr", "--bearing-kind", "entails")
        .rstrip()
        .endswith("(a support's) (give --bearing-kind contrary or contradictory)")
    )
    err = refused(
        tree, "add", MAP, "c", "--kind", "rebuttal", "--side", "b", "--text", "No.", "--bearing-kind", "entails"
    )
    assert "cannot add a rebuttal under 'c': --bearing-kind entails of 'no': as a rebuttal it attacks its parent" in err
    assert (
        refused(tree, "edit", MAP, "c", "--bearing-kind", "entails", "--scheme", "S")
        .rstrip()
        .endswith("'c' is the root claim: it answers no parent, so it takes no --bearing-kind or --scheme")
    )
    # A tree node's undercut and rephrase are its flags, not kinds of its bearing.
    err = refused(tree, "edit", MAP, "r", "--bearing-kind", "undercut", code=2)
    assert "'undercut' is not one of 'entails', 'contrary', 'contradictory'" in err
    # A bearing the node has, that its new kind or place would not take, is named with the option that clears it.
    ok(tree, "edit", MAP, "p2", "--bearing-kind", "entails", "--scheme", "Argument From Sign")
    assert (
        refused(tree, "edit", MAP, "p2", "--kind", "rebuttal")
        .rstrip()
        .endswith(
            "'p2' as a rebuttal attacks its parent, so its bearing cannot be entails (a support's) "
            "(clear it with --no-bearing-kind)"
        )
    )
    err = refused(tree, "move", MAP, "p2", "r", "--kind", "counter-rebuttal")
    assert f"clear it first: `argmap edit {MAP} p2 --no-bearing-kind`" in err
    ok(tree, "edit", MAP, "p2", "--kind", "rebuttal", "--bearing-kind", "contrary")
    assert nodes(tree)["p2"]["bearing"] == {"kind": "contrary", "scheme": "Argument From Sign"}
    # Options that undo each other are a usage error.
    assert "cannot go with --bearing-kind, --no-bearing-kind or --scheme" in refused(
        tree, "edit", MAP, "p2", "--no-bearing", "--scheme", "S", code=2
    )
    assert "--no-bearing-kind drops the bearing's kind; it cannot go with --bearing-kind" in refused(
        tree, "edit", MAP, "p2", "--no-bearing-kind", "--bearing-kind", "contrary", code=2
    )
    assert "'bogus' is not one of" in refused(tree, "edit", MAP, "p2", "--bearing-kind", "bogus", code=2)


def test_the_debate_check_refuses_a_context_node_that_would_have_to_argue(tree: Path) -> None:
    err = refused(tree, "edit", MAP, "p1", "--role", "context")
    assert "the change would make the debate invalid; nothing was written" in err
    assert "error[context-argues]: node 'r' answers the context node 'p1'" in err
    assert "the claim 'c' is marked context" in refused(tree, "edit", MAP, "c", "--role", "context")
    ok(tree, "edit", MAP, "cr", "--role", "context")
    err = refused(tree, "add", MAP, "cr", "--kind", "counter-rebuttal", "--side", "b", "--text", "And?")
    assert "answers the context node 'cr'" in err


def test_evaluate_leaves_out_a_node_edit_marks_context(tree: Path) -> None:
    ok(tree, "add", MAP, "c", "--kind", "rebuttal", "--side", "b", "--text", "No.", "--id", "no")
    before = ok(tree, "evaluate", "maps", "-f", "json")
    assert json.loads(before)["labels"]["m:c"] == "out"
    ok(tree, "edit", MAP, "no", "--role", "context")
    after = json.loads(ok(tree, "evaluate", "maps", "-f", "json"))
    assert after["labels"]["m:c"] == "in" and "m:no" not in after["labels"]
    assert any(line.startswith("context ") and "[no]" in line for line in ok(tree, "evaluate", "maps").splitlines())


CASES = [
    (kind, parent, flag)
    for kind, parent in (
        (Kind.PREMISE, "c"),
        (Kind.PREMISE, "p"),
        (Kind.REBUTTAL, "c"),
        (Kind.REBUTTAL, "p"),
        (Kind.COUNTER_REBUTTAL, "r"),
    )
    for flag in (
        {"group": "g"},
        {"rephrase": True},
        {"rephrase": False},
        {"undercut": True},
        {"undercut": False},
        {"bearing": {"kind": "entails"}},
        {"bearing": {"kind": "contrary"}},
        {"bearing": {"kind": "contradictory"}},
        {"bearing": {"kind": "undercut"}},
        {"bearing": {"kind": "rephrase"}},
        {"bearing": {"scheme": "S"}},
        {"bearing": {"pcs": 2}},
    )
]


@pytest.mark.parametrize(("kind", "parent", "flag"), CASES)
def test_the_authoring_check_refuses_what_the_model_refuses(kind: Kind, parent: str, flag: dict[str, Any]) -> None:
    node = {"id": "x", "kind": kind.value, "side": "s", "text": "X.", **flag}
    premise = {"id": "p", "kind": "premise", "side": "s", "text": "P.", "children": [node] if parent == "p" else []}
    rebuttal = {"id": "r", "kind": "rebuttal", "side": "s", "text": "R.", "children": [node] if parent == "r" else []}
    claim = {"id": "c", "kind": "claim", "side": "s", "text": "C.", "children": [premise, rebuttal]}
    if parent == "c":
        claim["children"].append(node)
    try:
        ArgMap.model_validate({"id": "m", "title": "M", "sides": {"s": {"name": "S"}}, "claim": claim})
        valid = True
    except ValidationError:
        valid = False
    fields = {k: Bearing.model_validate(v) if k == "bearing" else v for k, v in flag.items()}
    obstacles = Obstacles("check")
    fields_fit(obstacles, Node.model_construct(id="x", kind=kind, side="s", text="X.", **fields), kind, parent == "c")
    assert valid is not bool(obstacles), obstacles.found


@pytest.mark.parametrize("bearing", [{"kind": "entails"}, {"scheme": "S"}])
def test_the_authoring_check_refuses_a_bearing_on_the_claim_as_the_model_does(bearing: dict[str, Any]) -> None:
    claim = {"id": "c", "kind": "claim", "side": "s", "text": "C.", "bearing": bearing}
    with pytest.raises(ValidationError, match="the claim bears on no parent"):
        ArgMap.model_validate({"id": "m", "title": "M", "sides": {"s": {"name": "S"}}, "claim": claim})
    obstacles = Obstacles("check")
    node = Node.model_construct(id="c", kind=Kind.CLAIM, side="s", text="C.", bearing=Bearing.model_validate(bearing))
    fields_fit(obstacles, node, Kind.CLAIM, False)
    assert obstacles.found == [
        ("'c' is the root claim: it answers no parent, so it takes no bearing", "clear it with --no-bearing")
    ]
