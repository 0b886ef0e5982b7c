"""Authoring across the debate: a subtree moved to another map, a map renamed with its file, every obstacle at once."""

from __future__ import annotations

import json
import os
import shlex
import shutil
from pathlib import Path

import pytest

import argmap
from argmap.authoring import ops
from argmap.authoring.store import change, plan_change
from argmap.errors import BlockedError

from .conftest import run_argmap
from .test_debate_authoring import _ok, _refused, _snapshot


def _map(map_id: str, minimal_map: str, **claim_extra) -> str:
    """The minimal map under another id; outside map a, its rebuttal's id is the map's (`b-choice`)."""
    data = json.loads(minimal_map)
    data["id"] = map_id
    data["claim"].update(claim_extra)
    if map_id != "a":
        data["claim"]["children"][0]["id"] = f"{map_id}-choice"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture
def debate(project: Path, minimal_map: str) -> Path:
    """Three linked maps: b and c attack a's rebuttal, c supports b's claim; a's rebuttal has an answer."""
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map), encoding="utf-8")
    (maps / "b.json").write_text(_map("b", minimal_map, attacks=["a:right-to-choose"]), encoding="utf-8")
    (maps / "c.json").write_text(
        _map("c", minimal_map, attacks=["a:right-to-choose"], supports=["b:no-ukraine-in-nato"]), encoding="utf-8"
    )
    _ok(
        project, "add", "maps/a.json", "right-to-choose", "--kind", "counter-rebuttal", "--side", "russia",
        "--speaker", "S", "--text", "Moscow does not see it that way.", "--id", "moscow",
        "--quote", "But Moscow does not see it that way.", "--attacks", "no-ukraine-in-nato",
    )  # fmt: skip
    return project


def _load(project: Path, name: str) -> argmap.ArgMap:
    return argmap.load(project / "maps" / f"{name}.json")


# ---------------------------------------------------------------- move to another map


def test_a_subtree_moves_to_another_map_with_every_link_rewritten(debate: Path, minimal_map: str) -> None:
    # A fourth map, d, that declares neither the sides nor the source the subtree uses.
    data = json.loads(_map("d", minimal_map))
    data["sides"] = {"nato": {"name": "NATO"}}
    data["sources"] = {}
    data["claim"] = {"id": "d-claim", "kind": "claim", "side": "nato", "speaker": "X", "text": "Something else."}
    (debate / "maps" / "d.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    out = _ok(debate, "move", "maps/a.json", "right-to-choose", "d:d-claim")
    assert out == (
        "moved 'right-to-choose' (2 nodes) to map 'd' under 'd-claim' as a rebuttal; "
        "declared there: side 'united-states', side 'russia', source 'guide'; 3 links rewritten\n"
    )
    a, b, c, d = (_load(debate, name) for name in "abcd")
    assert [n.id for n, *_ in a.walk()] == ["no-ukraine-in-nato"]
    assert [n.id for n, *_ in d.walk()] == ["d-claim", "right-to-choose", "moscow"]
    assert list(d.sides) == ["nato", "united-states", "russia"] and d.sides["russia"].name == "Russia"
    assert d.sources["guide"].path == a.sources["guide"].path
    # Into the subtree from other maps: the new map's name. Out of it, into the old map: the old map's name.
    assert b.claim.attacks == ["d:right-to-choose"]
    assert c.claim.attacks == ["d:right-to-choose"] and c.claim.supports == ["b:no-ukraine-in-nato"]
    assert d.find("moscow").node.attacks == ["a:no-ukraine-in-nato"]
    assert run_argmap("validate", cwd=debate).returncode == 0


def test_a_link_between_two_maps_becomes_local_when_both_ends_share_one(debate: Path) -> None:
    # b's claim attacks a's rebuttal; the rebuttal moves under b's claim: b's link is now within b.
    out = _ok(debate, "move", "maps/a.json", "right-to-choose", "b:no-ukraine-in-nato")
    assert "to map 'b'" in out
    b, c = _load(debate, "b"), _load(debate, "c")
    assert b.claim.attacks == ["right-to-choose"]  # written within one map: no map prefix
    assert c.claim.attacks == ["b:right-to-choose"]
    assert b.find("moscow").node.attacks == ["a:no-ukraine-in-nato"]
    assert run_argmap("validate", cwd=debate).returncode == 0
    shown = _ok(debate, "show", "maps/b.json", "--no-color")
    line = next(x for x in shown.splitlines() if "[right-to-choose]" in x)
    assert "attacked by no-ukraine-in-nato, c:no-ukraine-in-nato" in line


def test_bearings_follow_their_links(debate: Path) -> None:
    path = debate / "maps" / "c.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claim"]["bearings"] = {"a:right-to-choose": [{"kind": "contrary"}]}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    _ok(debate, "move", "maps/a.json", "right-to-choose", "b:no-ukraine-in-nato")
    assert _load(debate, "c").claim.bearings == {"b:right-to-choose": [argmap.model.Bearing(kind="contrary")]}
    _ok(debate, "rename", "maps/b.json", "right-to-choose", "choice")
    assert list(_load(debate, "c").claim.bearings) == ["b:choice"]
    _ok(debate, "edit", "maps/c.json", "no-ukraine-in-nato", "--remove-attacks", "b:choice")
    assert _load(debate, "c").claim.bearings is None


def test_a_move_to_another_map_refuses_clashing_ids_and_names_them(debate: Path) -> None:
    err = _refused(debate, "move", "maps/a.json", "moscow", "b:no-ukraine-in-nato")
    assert "map 'b'" not in err  # moscow is a's alone: no clash; but a counter-rebuttal cannot answer a claim
    assert "a counter-rebuttal cannot answer the claim 'no-ukraine-in-nato' (use --kind rebuttal)" in err
    _ok(debate, "add", "maps/b.json", "no-ukraine-in-nato", "--kind", "premise", "--side", "russia",
        "--speaker", "S", "--text", "Also moscow.", "--id", "moscow")  # fmt: skip
    (debate / "maps" / "c.json").write_text(
        (debate / "maps" / "c.json").read_text(encoding="utf-8").replace('"c-choice"', '"right-to-choose"'),
        encoding="utf-8",
    )
    err = _refused(debate, "move", "maps/a.json", "right-to-choose", "c:no-ukraine-in-nato")
    assert "map 'c' already has 1 node of the same id: right-to-choose" in err
    assert "(rename it first: `argmap rename maps/a.json right-to-choose NEW-ID`)" in err
    err = _refused(debate, "move", "maps/a.json", "right-to-choose", "c:no-ukraine-in-nato")
    assert "map 'c' already has 1 node of the same id: right-to-choose" in err
    _ok(debate, "rename", "maps/b.json", "moscow", "moscow-too")
    _ok(debate, "add", "maps/c.json", "no-ukraine-in-nato", "--kind", "premise", "--side", "russia",
        "--speaker", "S", "--text", "Also moscow.", "--id", "moscow")  # fmt: skip
    err = _refused(debate, "move", "maps/a.json", "right-to-choose", "c:no-ukraine-in-nato")
    assert "map 'c' already has 2 nodes of the same id: right-to-choose, moscow" in err
    assert "(rename them first: `argmap rename maps/a.json ID NEW-ID` for each)" in err


def test_the_command_a_clash_names_is_one_to_paste(debate: Path) -> None:
    """The remedy is the command line that clears the way, its file quoted for the shell."""
    folder = debate / "my maps"
    shutil.copytree(debate / "maps", folder)
    _ok(debate, "add", "my maps/c.json", "no-ukraine-in-nato", "--kind", "premise", "--side", "russia",
        "--speaker", "S", "--text", "Also moscow.", "--id", "moscow")  # fmt: skip
    err = _refused(debate, "move", "my maps/a.json", "right-to-choose", "c:no-ukraine-in-nato")
    assert "(rename it first: `argmap rename 'my maps/a.json' moscow NEW-ID`)" in err
    command = shlex.split(err.split("`")[1].replace("NEW-ID", "moscow-a"))
    assert command[0] == "argmap"
    _ok(debate, *command[1:])
    _ok(debate, "move", "my maps/a.json", "right-to-choose", "c:no-ukraine-in-nato")
    moved = argmap.load(folder / "c.json").find("right-to-choose")
    assert moved is not None and [c.id for c in moved.node.children] == ["moscow-a"]


def test_every_obstacle_of_a_move_at_once(debate: Path) -> None:
    err = _refused(debate, "move", "maps/a.json", "right-to-choose", "x:no-ukraine-in-nato")
    assert "no map in this debate has the id 'x'" in err
    err = _refused(debate, "move", "maps/a.json", "right-to-choos", "bb:no-ukraine-in-nato")
    assert "(2 obstacles)" in err and "did you mean right-to-choose" in err and "did you mean b?" in err
    # Onto a rebuttal: the kind, and the sibling named by --before, in one refusal.
    err = _refused(debate, "move", "maps/a.json", "moscow", "c:c-choice", "--kind", "rebuttal",
                   "--before", "nothing")  # fmt: skip
    assert "(2 obstacles)" in err
    assert "a rebuttal cannot answer the rebuttal 'c-choice' (use --kind counter-rebuttal)" in err
    assert "'nothing' is not an answer of 'c-choice'" in err


def test_a_source_id_naming_another_document_in_the_other_map_is_refused(debate: Path) -> None:
    path = debate / "maps" / "b.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sources"]["guide"]["path"] = "seeds/" + sorted(p.name for p in (debate / "seeds").iterdir())[-1]
    data["claim"].pop("quote")
    data["claim"]["children"][0].pop("quote")
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    err = _refused(debate, "move", "maps/a.json", "right-to-choose", "b:no-ukraine-in-nato")
    assert "source 'guide' is seeds/2022-01-12-what-does-russia-want.txt in map 'a' but seeds/" in err
    assert "(give one of them another id first: `argmap source rename maps/a.json guide NEW-ID`)" in err


def test_a_move_to_another_map_is_all_or_nothing(debate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(debate)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        if str(src).endswith(".tmp") and Path(dst).suffix == ".json":
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    proc = run_argmap("move", "maps/a.json", "right-to-choose", "b:no-ukraine-in-nato", cwd=debate)
    monkeypatch.setattr(os, "replace", real_replace)
    assert proc.returncode == 1 and "nothing was written" in proc.stderr
    assert _snapshot(debate) == before


def test_the_library_moves_across_maps_through_the_one_write_path(debate: Path) -> None:
    planned = plan_change(debate / "maps" / "a.json", lambda d: ops.move_node(d, "moscow", "c:c-choice"))
    assert planned.ok and planned.value is not None and planned.value.across and planned.value.map == "c"
    assert set(planned.texts) == {debate / "maps" / "a.json", debate / "maps" / "c.json"}
    assert _load(debate, "a").find("moscow") is not None  # a plan writes nothing
    moved = change(debate / "maps" / "a.json", lambda d: ops.move_node(d, "moscow", "c:c-choice"))
    assert moved.summary().startswith("moved 'moscow' (1 node) to map 'c' under 'c-choice'")
    assert _load(debate, "c").find("moscow").node.attacks == ["a:no-ukraine-in-nato"]
    with pytest.raises(BlockedError) as caught:
        change(debate / "maps" / "c.json", lambda d: ops.move_node(d, "moscow", "a:nothing"))
    assert caught.value.obstacles == [("map 'a' has no node 'nothing'", None)]


# ---------------------------------------------------------------- rename a map with its file


def test_rename_map_renames_a_file_named_after_it(debate: Path) -> None:
    out = _ok(debate, "rename", "maps/a.json", "--map", "alpha")
    assert out == "renamed the map to 'alpha' and its file maps/a.json to alpha.json\n"
    assert not (debate / "maps" / "a.json").exists() and _load(debate, "alpha").id == "alpha"
    assert _load(debate, "b").claim.attacks == ["alpha:right-to-choose"]
    assert run_argmap("validate", cwd=debate).returncode == 0
    # A file numbered for its order keeps its number.
    (debate / "maps" / "alpha.json").rename(debate / "maps" / "2-alpha.json")
    assert "its file maps/2-alpha.json to 2-beta.json" in _ok(debate, "rename", "maps/2-alpha.json", "--map", "beta")
    assert (debate / "maps" / "2-beta.json").is_file()


def test_rename_map_keeps_a_file_named_otherwise_and_says_so(debate: Path) -> None:
    (debate / "maps" / "a.json").rename(debate / "maps" / "first.json")
    out = _ok(debate, "rename", "maps/first.json", "--map", "alpha")
    assert out == (
        "renamed the map to 'alpha'; its file maps/first.json keeps its name (it is not named after the id 'a')\n"
    )
    out = _ok(debate, "rename", "maps/b.json", "--map", "bee", "--keep-file")
    assert out == "renamed the map to 'bee'; its file maps/b.json keeps its name, as asked\n"
    assert argmap.load(debate / "maps" / "b.json").id == "bee"


def test_rename_map_refuses_every_obstacle_at_once(debate: Path) -> None:
    (debate / "maps" / "x.json").write_text("not a map", encoding="utf-8")
    err = _refused(debate, "rename", "maps/a.json", "--map", "x")
    assert "maps/x.json already exists (move it away, or keep the file's name with --keep-file)" in err
    err = _refused(debate, "rename", "maps/a.json", "--map", "b")
    assert err.count("obstacles") == 0 and "the debate already has a map 'b' (maps/b.json)" in err
    assert "--keep-file goes with --map" in _refused(debate, "rename", "maps/a.json", "x", "y", "--keep-file", code=2)


def test_a_renamed_map_has_one_name_in_its_diagram_and_site_page(debate: Path) -> None:
    _ok(debate, "rename", "maps/a.json", "--map", "alpha")
    _ok(debate, "render", "maps", "-o", "out", "-f", "dot", "-q")
    assert sorted(p.name for p in (debate / "out").glob("*.dot")) == ["alpha.dot", "b.dot", "c.dot"]
    _ok(debate, "site", "maps", "-o", "site")
    assert (debate / "site" / "alpha.html").is_file() and not (debate / "site" / "a.html").exists()


def test_a_failed_rename_puts_the_old_file_back(debate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(debate)
    real_unlink = Path.unlink

    def failing(self, *args, **kwargs):
        if self.name == "a.json":
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", failing)
    proc = run_argmap("rename", "maps/a.json", "--map", "alpha", cwd=debate)
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert proc.returncode == 1 and "nothing was written" in proc.stderr
    assert _snapshot(debate) == before


def test_the_library_plans_a_rename_with_its_new_file_name(debate: Path) -> None:
    a = debate / "maps" / "a.json"
    planned = plan_change(a, lambda d: ops.rename_map(d, "alpha"))
    assert planned.renamed == {a: debate / "maps" / "alpha.json"}
    assert debate / "maps" / "alpha.json" in planned.texts and a.exists()
    kept = plan_change(a, lambda d: ops.rename_map(d, "alpha", file=False))
    assert kept.renamed == {} and a in kept.texts


# ---------------------------------------------------------------- remove: every obstacle at once


def test_remove_names_answers_and_links_at_once(debate: Path) -> None:
    err = _refused(debate, "remove", "maps/a.json", "right-to-choose")
    assert "cannot remove 'right-to-choose' (2 obstacles): 1) it has 1 node below it (use --recursive" in err
    assert "2) removing it would leave 2 cross-links pointing at nothing" in err and "(use --unlink" in err
    assert "(use --unlink" in _refused(debate, "remove", "maps/a.json", "right-to-choose", "--recursive")
    assert "--recursive" in _refused(debate, "remove", "maps/a.json", "right-to-choose", "--unlink")
    assert _ok(debate, "remove", "maps/a.json", "right-to-choose", "-r", "--unlink") == (
        "removed 'right-to-choose', 'moscow'\n"
    )


def test_the_library_refuses_with_every_obstacle_and_its_remedy(debate: Path) -> None:
    before = _snapshot(debate)
    with pytest.raises(BlockedError) as caught:
        change(debate / "maps" / "a.json", lambda d: ops.remove_node(d, "right-to-choose"))
    (below, below_remedy), (links, links_remedy) = caught.value.obstacles
    assert (below, below_remedy) == ("it has 1 node below it", "use --recursive to remove them too")
    assert links.startswith("removing it would leave 2 cross-links pointing at nothing: ")
    assert links_remedy == "use --unlink to remove those links too"
    assert str(caught.value).startswith("cannot remove 'right-to-choose' (2 obstacles): 1) it has 1 node below it")
    assert _snapshot(debate) == before
    assert change(debate / "maps" / "a.json", lambda d: ops.remove_node(d, "right-to-choose", True, True)) == [
        "right-to-choose",
        "moscow",
    ]
    assert _load(debate, "b").claim.attacks == [] and _load(debate, "c").claim.attacks == []


def test_add_names_every_obstacle_with_its_option(debate: Path) -> None:
    err = _refused(debate, "add", "maps/a.json", "right-to-choose", "--kind", "rebuttal", "--side", "rusia",
                   "--text", "T.", "--id", "moscow", "--source", "gide", "--quote", "x",
                   "--attacks", "b:nothing")  # fmt: skip
    assert "(5 obstacles)" in err
    for part in (
        "declares no side 'rusia' (did you mean russia?)",
        "use --kind counter-rebuttal",
        "already has a node 'moscow' (choose another --id)",
        "declares no source 'gide' (did you mean guide?)",
        "map 'b' has no node 'nothing'",
    ):
        assert part in err, part


def test_one_edit_removes_and_adds_many_links_in_order(debate: Path) -> None:
    c = ("edit", "maps/c.json", "no-ukraine-in-nato")
    err = _refused(debate, *c, "--remove-attacks", "a:right-to-choose", "--remove-attacks", "a:right-to-choose")
    assert "has no attacks link to 'a:right-to-choose' (it attacks: none)" in err  # the first removal counts
    err = _refused(debate, *c, "--add-supports", "a:moscow", "--add-supports", "a:moscow", "--add-attacks", "a:moscow")
    assert "(2 obstacles): 1) 'no-ukraine-in-nato' already supports 'a:moscow'; 2) " in err  # the first one counts
    assert "already supports 'a:moscow'; a point cannot both support and attack it" in err  # for both relations
    assert _load(debate, "c").claim.attacks == ["a:right-to-choose"]  # refused: nothing written
    _ok(debate, *c, "--remove-attacks", "a:right-to-choose", "--add-attacks", "a:moscow", "--add-attacks",
        "a:right-to-choose", "--remove-supports", "b:no-ukraine-in-nato", "--add-supports", "b:b-choice")  # fmt: skip
    claim = _load(debate, "c").claim
    assert (claim.attacks, claim.supports) == (["a:moscow", "a:right-to-choose"], ["b:b-choice"])


def test_unlink_drops_every_link_of_a_node_into_the_subtree_and_only_their_bearings(debate: Path) -> None:
    path = debate / "maps" / "c.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claim"]["attacks"] = ["a:right-to-choose", "a:moscow", "a:no-ukraine-in-nato"]
    data["claim"]["bearings"] = {"a:moscow": [{"kind": "contrary"}], "a:no-ukraine-in-nato": [{"kind": "contrary"}]}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    _ok(debate, "remove", "maps/a.json", "right-to-choose", "--recursive", "--unlink")
    claim = _load(debate, "c").claim
    assert claim.attacks == ["a:no-ukraine-in-nato"]
    assert list(claim.bearings or {}) == ["a:no-ukraine-in-nato"]
    assert _load(debate, "b").claim.attacks == []
