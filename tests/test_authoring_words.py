"""What authoring says: links both ways in `show`, warnings counted by code, causes named, placeholders in words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import argmap
from argmap.errors import ArgmapError, ReadError
from argmap.report import render
from argmap.tree import LinkIn, map_tree
from argmap.vocab import Relation

from .conftest import ROOT, run_argmap


def _map(map_id: str, minimal_map: str, **claim_extra) -> str:
    data = json.loads(minimal_map)
    data["id"] = map_id
    data["claim"].update(claim_extra)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture
def debate(project: Path, minimal_map: str) -> Path:
    """Three linked maps: b and c attack a's rebuttal, c supports b's claim."""
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map), encoding="utf-8")
    (maps / "b.json").write_text(_map("b", minimal_map, attacks=["a:right-to-choose"]), encoding="utf-8")
    (maps / "c.json").write_text(
        _map("c", minimal_map, attacks=["a:right-to-choose"], supports=["b:no-ukraine-in-nato"]), encoding="utf-8"
    )
    return project


# ---------------------------------------------------------------- show: links out and in


def test_show_says_which_nodes_of_other_maps_support_or_attack_each_node(debate: Path) -> None:
    proc = run_argmap("show", "maps/a.json", "--no-color", cwd=debate)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if "[right-to-choose]" in x)
    assert line.endswith("attacked by b:no-ukraine-in-nato, c:no-ukraine-in-nato")
    b = run_argmap("show", "maps/b.json", "--no-color", cwd=debate).stdout
    claim = next(x for x in b.splitlines() if "[no-ukraine-in-nato]" in x)
    assert "attacks a:right-to-choose" in claim and "supported by c:no-ukraine-in-nato" in claim


def test_show_json_gives_each_node_its_links_out_and_in(debate: Path) -> None:
    proc = run_argmap("show", "maps/b.json", "--format", "json", cwd=debate)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["map"] == "b" and data["file"] == "maps/b.json"
    claim, rebuttal = data["nodes"]
    assert claim["attacks"] == ["a:right-to-choose"] and claim["supported_by"] == ["c:no-ukraine-in-nato"]
    assert claim["parent"] is None and rebuttal["parent"] == "no-ukraine-in-nato" and rebuttal["depth"] == 1
    assert rebuttal["supported_by"] == [] and rebuttal["attacked_by"] == []
    shallow = json.loads(run_argmap("show", "maps/b.json", "-f", "json", "--depth", "0", cwd=debate).stdout)
    assert [n["id"] for n in shallow["nodes"]] == ["no-ukraine-in-nato"]


def test_a_link_within_the_map_reads_without_its_map(debate: Path) -> None:
    err = run_argmap("edit", "maps/a.json", "right-to-choose", "--add-supports", "b:right-to-choose", cwd=debate).stderr
    assert not err
    run_argmap(
        "add", "maps/a.json", "no-ukraine-in-nato", "--kind", "premise", "--side", "russia", "--speaker", "S",
        "--text", "Another point.", "--id", "another", "--attacks", "right-to-choose", cwd=debate,
    )  # fmt: skip
    tree = map_tree(debate / "maps" / "a.json")
    assert tree.links_in["right-to-choose"] == [
        LinkIn(Relation.ATTACKS, "another"),
        LinkIn(Relation.ATTACKS, "b:no-ukraine-in-nato"),
        LinkIn(Relation.ATTACKS, "c:no-ukraine-in-nato"),
    ]
    b_tree = map_tree(debate / "maps" / "b.json")
    assert b_tree.links_in["right-to-choose"] == [LinkIn(Relation.SUPPORTS, "a:right-to-choose")]
    assert "supported by a:right-to-choose" in render("text", b_tree)


def test_show_of_a_missing_map_says_so(debate: Path) -> None:
    proc = run_argmap("show", "maps/nothing.json", cwd=debate)
    assert proc.returncode == 1 and "maps/nothing.json: no such map file" in proc.stderr
    with pytest.raises(ReadError, match="no such map file"):
        map_tree(debate / "maps" / "nothing.json")


# ---------------------------------------------------------------- render: warnings counted by code


def test_render_counts_warnings_by_code_and_verbose_lists_each(debate: Path, minimal_map: str) -> None:
    data = json.loads(_map("bare", minimal_map))
    del data["claim"]["speaker"]
    del data["claim"]["quote"]
    (debate / "maps" / "bare.json").write_text(json.dumps(data), encoding="utf-8")
    args = ("render", "maps/bare.json", "-o", "out", "-f", "dot", "-q")
    proc = run_argmap(*args, cwd=debate)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "2 warnings in 1 file (1 missing-quote, 1 missing-speaker); --verbose lists each (so does `argmap validate`)"
    ]
    verbose = run_argmap(*args, "--verbose", cwd=debate).stderr.splitlines()
    assert len(verbose) == 2 and all("warning[" in line for line in verbose)
    assert any("[missing-quote]" in line for line in verbose) and any("[missing-speaker]" in line for line in verbose)


def test_render_still_lists_every_error(debate: Path) -> None:
    (debate / "maps" / "broken.json").write_text('{"id": "broken"', encoding="utf-8")
    proc = run_argmap("render", "maps/broken.json", "-o", "out", "-f", "dot", "-q", cwd=debate)
    assert proc.returncode == 1 and "maps/broken.json:1:" in proc.stderr and "error[json-syntax]" in proc.stderr


# ---------------------------------------------------------------- the library names the cause


def test_load_of_a_missing_file_says_no_such_map_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        argmap.load(tmp_path / "missing.json")
    assert str(caught.value) == f"{tmp_path / 'missing.json'}: no such map file"
    with pytest.raises(ReadError, match="is a folder"):
        argmap.load(tmp_path)


def test_load_of_a_broken_map_names_its_first_problem_and_place(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{\n  "id": "m",\n  "title": 3\n}\n', encoding="utf-8")
    with pytest.raises(ArgmapError) as caught:
        argmap.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:") and "is not a sound map: " in message
    assert caught.value.issues and "more problem" in message


# ---------------------------------------------------------------- new: $schema; words, not types


def test_new_outside_a_project_names_the_schema_by_its_id(tmp_path: Path) -> None:
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / ".git").mkdir()  # a project of its own, without argmap's schema in it
    proc = run_argmap("new", "m.json", "--title", "T", "--claim", "C.", "--side", "x", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((folder / "m.json").read_text(encoding="utf-8"))["$schema"] == "urn:argmap:schema:map:3"


def test_new_inside_the_project_points_at_its_schema_file(project: Path) -> None:
    (project / "maps" / "deeper").mkdir()
    proc = run_argmap("new", "maps/deeper/m.json", "--title", "T", "--claim", "C.", "--side", "x", cwd=project)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((project / "maps" / "deeper" / "m.json").read_text(encoding="utf-8"))
    assert data["$schema"] == "../../schemas/argmap.schema.json"


def _commands() -> list[list[str]]:
    from typer.main import get_command

    from argmap.cli import load_commands

    group = get_command(load_commands())
    out = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        out.extend([[name, sub] for sub in subs] if subs else [[name]])
    return out


def test_no_help_shows_a_python_type_where_a_placeholder_belongs() -> None:
    typed = re.compile(r"<(list\[|str>|int|float|path>|bool>)")
    for words in _commands():
        proc = run_argmap(*words, "--help")
        assert proc.returncode == 0, words
        assert not typed.search(proc.stdout), (words, typed.search(proc.stdout))
    new = run_argmap("new", "--help").stdout
    assert "--side ID=NAME" in new and "--lock-timeout SECONDS" in new and "{PATH}" in new
    render_help = run_argmap("render", "--help").stdout
    assert "--wrap N" in render_help and "--format svg|png|pdf|dot" in render_help
    assert "{MAP} {SIDE}" in run_argmap("side", "add", "--help").stdout


def test_the_project_maps_still_show(tmp_path: Path) -> None:
    proc = run_argmap("show", str(ROOT / "maps" / "1-ukraine-never-in-nato.json"), "--depth", "0", "--no-color")
    assert proc.returncode == 0
    # The claim's line names the nodes of other maps that support it (map 5's among them).
    assert re.search(r"supported by [^;\n]*week-of-talks:", proc.stdout.splitlines()[1]), proc.stdout
