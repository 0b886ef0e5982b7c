"""A node's role, weight, undercut, rephrase, group and title, set and cleared with `add` and `edit`; a flag its
kind or place does not take refused as the map format refuses it, and nothing written."""

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
