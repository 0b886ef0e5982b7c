"""Authoring from the command line: new, add, edit, move, remove, show, sides and sources; never lose work."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

import argmap
from argmap.authoring.ops import Draft
from argmap.authoring.store import change
from argmap.errors import ArgmapError
from argmap.io.serialize import dump_map

from .conftest import ROOT, run_argmap

SEED = "seeds/2022-01-12-what-does-russia-want.txt"


@pytest.fixture
def demo(project: Path) -> Path:
    """A map with a claim, a rebuttal (quoted) and a premise, made with the commands themselves."""

    def ok(*args: str) -> str:
        proc = run_argmap(*args, cwd=project)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip()

    ok(
        "new",
        "maps/demo.json",
        "--title",
        "Demo",
        "--claim",
        "Ukraine must never join NATO.",
        "--side",
        "russia",
        "--side",
        "united-states=United States",
        "--description",
        "A demo map.",
    )
    ok("source", "add", "maps/demo.json", "guide", "--path", SEED, "--title", "Guide", "--date", "2022-01-12")
    assert (
        ok(
            "add",
            "maps/demo.json",
            "ukraine-must-never-join-nato",
            "--kind",
            "rebuttal",
            "--side",
            "united-states",
            "--text",
            "Joining is a sovereign choice.",
            "--speaker",
            "Wendy Sherman",
            "--quote",
            "It is the sovereign choice of countries",
        )
        == "joining-is-a-sovereign-choice"
    )
    assert (
        ok(
            "add",
            "maps/demo.json",
            "ukraine-must-never-join-nato",
            "--kind",
            "premise",
            "--side",
            "russia",
            "--text",
            "No trust.",
            "--id",
            "no-trust",
            "--quote",
            "“We do not trust the other side,”",
        )
        == "no-trust"
    )
    return project / "maps" / "demo.json"


def _refused(project: Path, path: Path, *args: str, code: int = 1) -> str:
    """Run a command that must be refused (1) or is misused (2); the file must be byte for byte as it was."""
    before = path.read_bytes()
    proc = run_argmap(*args, cwd=project)
    assert proc.returncode == code, proc.stdout
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == before
    return proc.stderr


def test_new_map_is_valid_and_formatted(demo: Path) -> None:
    text = demo.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["$schema"] == "../schemas/argmap.schema.json"  # editors find the schema from the new file
    assert data["sides"] == {"russia": {"name": "Russia"}, "united-states": {"name": "United States"}}
    assert data["description"] == "A demo map."
    assert text.endswith("}\n") and '\n  "id": "demo",\n' in text
    assert text == dump_map(argmap.load(demo))
    assert run_argmap("validate", str(demo)).returncode == 0


def test_new_refuses_to_overwrite_or_write_into_a_folder(demo: Path) -> None:
    project = demo.parent.parent
    err = _refused(project, demo, "new", "maps/demo.json", "--title", "T", "--claim", "C", "--side", "x")
    assert "already exists; nothing was written" in err
    proc = run_argmap("new", "maps", "--title", "T", "--claim", "C", "--side", "x", cwd=project)
    assert proc.returncode == 1 and "is a folder" in proc.stderr


def test_add_refusals_leave_the_file_as_it_was(demo: Path) -> None:
    project = demo.parent.parent
    err = _refused(
        project,
        demo,
        "add",
        "maps/demo.json",
        "sovereign-choice",
        "--kind",
        "premise",
        "--side",
        "russia",
        "--text",
        "x",
    )
    assert "has no node 'sovereign-choice' (did you mean joining-is-a-sovereign-choice?)" in err
    err = _refused(
        project, demo, "add", "maps/demo.json", "no-trust", "--kind", "premise", "--side", "nato", "--text", "x"
    )
    assert "map 'demo' declares no side 'nato' (declare it with `argmap side add`)" in err
    err = _refused(
        project,
        demo,
        "add",
        "maps/demo.json",
        "joining-is-a-sovereign-choice",
        "--kind",
        "counter-rebuttal",
        "--side",
        "russia",
        "--text",
        "Moscow disagrees.",
        "--quote",
        "But Moscow does not see it that wya.",
    )
    assert "error[quote-not-found]" in err and "closest passage: “But Moscow does not see it that way.”" in err
    err = _refused(
        project,
        demo,
        "add",
        "maps/demo.json",
        "joining-is-a-sovereign-choice",
        "--kind",
        "rebuttal",
        "--side",
        "russia",
        "--text",
        "Answer.",
    )
    assert "a rebuttal cannot answer the rebuttal 'joining-is-a-sovereign-choice' (use --kind counter-rebuttal)" in err


def test_edit_move_remove(demo: Path) -> None:
    project = demo.parent.parent

    def ok(*args: str) -> None:
        proc = run_argmap(*args, cwd=project)
        assert proc.returncode == 0, proc.stderr

    ok("edit", "maps/demo.json", "no-trust", "--text", "Russia does not trust the other side.", "--speaker", "Ryabkov")
    ok(
        "add",
        "maps/demo.json",
        "joining-is-a-sovereign-choice",
        "--kind",
        "counter-rebuttal",
        "--side",
        "russia",
        "--text",
        "Moscow does not see it that way.",
        "--id",
        "moscow",
        "--quote",
        "But Moscow does not see it that way.",
    )
    ok(
        "add",
        "maps/demo.json",
        "no-trust",
        "--kind",
        "premise",
        "--side",
        "russia",
        "--text",
        "Guarantees.",
        "--id",
        "guarantees",
        "--quote",
        "We need iron guarantees",
        "--supports",
        "moscow",
    )
    m = argmap.load(demo)
    assert m.find("no-trust").node.speaker == "Ryabkov"
    # A counter-rebuttal cannot hang under a premise; a node cannot go under its own subtree; nor the root.
    err = _refused(project, demo, "move", "maps/demo.json", "moscow", "no-trust")
    assert "a counter-rebuttal cannot answer the premise 'no-trust' (use --kind rebuttal)" in err
    assert "would become a cycle" in _refused(
        project, demo, "move", "maps/demo.json", "joining-is-a-sovereign-choice", "moscow"
    )
    assert "is the root claim" in _refused(
        project, demo, "move", "maps/demo.json", "ukraine-must-never-join-nato", "no-trust"
    )
    ok("move", "maps/demo.json", "guarantees", "ukraine-must-never-join-nato")
    assert argmap.load(demo).find("guarantees").parent.id == "ukraine-must-never-join-nato"
    err = _refused(project, demo, "remove", "maps/demo.json", "moscow")
    assert "'guarantees' supports 'moscow'" in err and "--unlink" in err
    assert "has 1 node below it" in _refused(
        project, demo, "remove", "maps/demo.json", "joining-is-a-sovereign-choice"
    )
    ok("remove", "maps/demo.json", "joining-is-a-sovereign-choice", "--recursive", "--unlink")
    m = argmap.load(demo)
    assert m.find("moscow") is None and m.find("guarantees").node.supports == []
    ok("edit", "maps/demo.json", "no-trust", "--speaker", "")
    assert argmap.load(demo).find("no-trust").node.speaker is None
    assert run_argmap("validate", "maps", cwd=project).returncode == 0


def test_a_new_kind_keeps_the_nodes_place_and_a_refusal_names_the_move_that_clears_the_way(demo: Path) -> None:
    project = demo.parent.parent
    claim = "ukraine-must-never-join-nato"

    def ok(*args: str) -> str:
        proc = run_argmap(*args, cwd=project)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def answers(node_id: str) -> list[str]:
        return [c.id for c in argmap.load(demo).find(node_id).node.children]

    for parent, kind, node_id in (
        ("no-trust", "premise", "fear"),
        ("no-trust", "premise", "history"),
        (claim, "premise", "last"),
        ("no-trust", "rebuttal", "doubt"),
    ):
        ok("add", "maps/demo.json", parent, "--kind", kind, "--side", "russia", "--text", node_id, "--id", node_id)
    assert answers(claim) == ["joining-is-a-sovereign-choice", "no-trust", "last"]
    # A premise's rebuttal cannot answer it as a rebuttal, nor be a counter-rebuttal while it answers a
    # premise: the remedy moves it out of the way, and is a command to paste.
    err = _refused(project, demo, "edit", "maps/demo.json", "no-trust", "--kind", "rebuttal")
    assert err.strip().endswith(
        "its answers 'doubt' (rebuttal) cannot answer a rebuttal "
        f"(move it elsewhere first: `argmap move maps/demo.json doubt {claim}`)"
    )
    remedy = shlex.split(err.split("`")[1])
    assert remedy[0] == "argmap"
    ok(*remedy[1:])
    ok("edit", "maps/demo.json", "no-trust", "--kind", "rebuttal")
    # The node stays between its siblings, its answers in their order.
    assert answers(claim) == ["joining-is-a-sovereign-choice", "no-trust", "last", "doubt"]
    assert argmap.load(demo).find("no-trust").node.kind == "rebuttal"
    assert answers("no-trust") == ["fear", "history"]
    ok("edit", "maps/demo.json", "joining-is-a-sovereign-choice", "--kind", "premise")
    assert answers(claim) == ["joining-is-a-sovereign-choice", "no-trust", "last", "doubt"]
    # A new parent places it last there, as `move` does.
    ok("edit", "maps/demo.json", "no-trust", "--kind", "premise", "--parent", claim)
    assert answers(claim) == ["joining-is-a-sovereign-choice", "last", "doubt", "no-trust"]
    assert run_argmap("validate", "maps", cwd=project).returncode == 0


def test_side_and_source_commands(demo: Path) -> None:
    project = demo.parent.parent
    proc = run_argmap(
        "side", "add", "maps/demo.json", "eu", "--name", "European Union", "--color", "#112233", cwd=project
    )
    assert proc.returncode == 0, proc.stderr
    assert argmap.load(demo).sides["eu"].color == "#112233"
    assert "already declared" in _refused(project, demo, "side", "add", "maps/demo.json", "eu")
    assert "give a colour as #RRGGBB" in _refused(
        project, demo, "side", "add", "maps/demo.json", "osce", "--color", "red", code=2
    )
    assert "does not exist (source paths are relative to the project root" in _refused(
        project,
        demo,
        "source",
        "add",
        "maps/demo.json",
        "x",
        "--path",
        "seeds/none.txt",
        "--title",
        "T",
        "--date",
        "2022",
    )


def test_show_tree_depth_and_colour(demo: Path) -> None:
    project = demo.parent.parent
    proc = run_argmap("show", "maps/demo.json", cwd=project)
    assert proc.stdout.splitlines() == [
        "Demo  (demo)",
        "* claim [ukraine-must-never-join-nato] (Russia) Ukraine must never join NATO.",
        "├─ - rebuttal [joining-is-a-sovereign-choice] (United States) Joining is a sovereign choice."
        "  — Wendy Sherman; quote: guide",
        "└─ + premise [no-trust] (Russia) No trust.  — quote: guide",
    ]
    shallow = run_argmap("show", "maps/demo.json", "--depth", "0", cwd=project).stdout.splitlines()
    assert shallow[-1] == "… 2 more below"
    coloured = run_argmap("show", "maps/demo.json", "--color", cwd=project).stdout
    assert "\033[31m- rebuttal\033[0m" in coloured


def test_change_refused_when_the_file_changed_on_disk(demo: Path) -> None:
    def mine(draft: Draft) -> None:
        draft.map.title = "Mine"
        draft.touch()
        # Another program (an editor, not argmap: it takes no lock) saves the file meanwhile.
        demo.write_text(demo.read_text(encoding="utf-8").replace('"Demo"', '"Theirs"'), encoding="utf-8")

    with pytest.raises(ArgmapError, match="changed on disk since it was read"):
        change(demo, mine)
    assert argmap.load(demo).title == "Theirs"


def test_maps_created_together_join_the_debate_once_and_a_path_named_twice_is_refused(demo: Path) -> None:
    from argmap.authoring.store import run

    maps = demo.parent
    made = [argmap.load(demo).model_copy(update={"id": f"made-{n}"}, deep=True) for n in range(3)]

    def create(draft: Draft) -> list[str]:
        draft.create_many([(maps / f"made-{n}.json", m) for n, m in enumerate(made)])
        return sorted(draft.maps)

    assert run(maps, create).value == ["demo", "made-0", "made-1", "made-2"]
    assert argmap.load(maps / "made-2.json").id == "made-2"
    before = {p.name: p.read_bytes() for p in maps.glob("*.json")}
    twice = [(maps / "again.json", made[0]), (maps / "again.json", made[1])]
    with pytest.raises(ArgmapError, match="again.json: is named twice among the maps to create"):
        run(maps, lambda draft: draft.create_many(twice))
    assert {p.name: p.read_bytes() for p in maps.glob("*.json")} == before


def test_read_only_file_and_unsound_file_are_refused(demo: Path) -> None:
    project = demo.parent.parent
    demo.chmod(0o444)
    try:
        assert "is read-only" in _refused(project, demo, "edit", "maps/demo.json", "no-trust", "--text", "x")
    finally:
        demo.chmod(0o644)
    demo.write_text("{ not json", encoding="utf-8")
    err = _refused(project, demo, "edit", "maps/demo.json", "no-trust", "--text", "x")
    assert "is not a sound map" in err and "maps/demo.json:1:3: error[json-syntax]" in err


def test_missing_map_file(project: Path) -> None:
    proc = run_argmap("add", "maps/none.json", "x", "--kind", "premise", "--side", "s", "--text", "t", cwd=project)
    assert proc.returncode == 1 and "no such map file" in proc.stderr


def test_seed_maps_keep_their_bytes_through_the_serializer() -> None:
    for path in sorted((ROOT / "maps").glob("*.json")):
        assert dump_map(argmap.load(path)) == path.read_text(encoding="utf-8"), path.name


def test_the_bytes_a_write_puts_on_disk_are_the_serializers_text() -> None:
    # dump_map_utf8 dumps in Python mode; a value JSON mode converts its own way takes JSON mode's road.
    from datetime import date

    from argmap.io.serialize import dump_map_utf8
    from argmap.model import Kind

    m = argmap.load(ROOT / "maps" / "1-ukraine-never-in-nato.json")
    assert dump_map_utf8(m) == dump_map(m).encode("utf-8")
    for value in (date(2022, 1, 12), {"a", "b"}, 2**70, (1, 2.5), "\u2028", float("inf")):
        m.claim.data = {"value": value}
        assert dump_map_utf8(m) == dump_map(m).encode("utf-8"), value
    m.claim.data = None
    deepest = m.claim
    for depth in range(150):  # deeper than orjson writes
        deepest.children = [deepest.model_copy(update={"id": f"deep-{depth}", "kind": Kind.PREMISE, "children": []})]
        deepest = deepest.children[0]
    assert dump_map_utf8(m) == dump_map(m).encode("utf-8")
