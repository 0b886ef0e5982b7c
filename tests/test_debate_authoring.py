"""Authoring a debate, not a file: the folder's lock, all-or-nothing writes, folder-wide integrity, complete editing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.io.files import LOCK_NAME

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
    assert run_argmap("validate", cwd=project).returncode == 0
    return project


def _snapshot(project: Path) -> dict[str, bytes]:
    # The lock file stays (removing it on release would race with a waiting writer); it holds no data.
    return {p.name: p.read_bytes() for p in sorted((project / "maps").iterdir()) if p.name != LOCK_NAME}


def _ok(project: Path, *args: str) -> str:
    proc = run_argmap(*args, cwd=project)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _refused(project: Path, *args: str, code: int = 1) -> str:
    before = _snapshot(project)
    proc = run_argmap(*args, cwd=project)
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert _snapshot(project) == before, "a refused command changed a file"
    return proc.stderr


# ---------------------------------------------------------------- the lock


@pytest.mark.slow
def test_twenty_writers_at_once_all_land(project: Path, minimal_map: str) -> None:
    """Twenty processes change one debate at once: adds, moves from another map, renames of nodes and maps.

    Every change lands, whatever order the lock gives them, and every link follows its node.
    """
    maps = project / "maps"
    premise = {"kind": "premise", "side": "russia", "speaker": "S"}
    m = json.loads(_map("m", minimal_map, supports=["z0:no-ukraine-in-nato", "z1:no-ukraine-in-nato"]))
    m["claim"]["children"] += [{"id": f"q{n}", "text": f"Point {n}.", **premise} for n in range(2)]
    src = json.loads(_map("src", minimal_map))
    src["claim"]["children"] = [
        {"id": f"p{n}", "text": f"Moved {n}.", "supports": [f"m:q{n % 2}"], **premise} for n in range(4)
    ]
    for name, data in (("m", m), ("src", src)):
        (maps / f"{name}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    for n in range(2):
        (maps / f"z{n}.json").write_text(_map(f"z{n}", minimal_map), encoding="utf-8")
    assert run_argmap("validate", cwd=project).returncode == 0
    wait = ["--lock-timeout", "600"]  # they queue: on a loaded machine twenty writers take longer than 10 s
    add = ["add", "maps/m.json", "no-ukraine-in-nato", "--kind", "premise", "--side", "russia", "--speaker", "S"]
    commands = [[*add, "--text", f"Writer {n} was here.", *wait] for n in range(12)]
    commands += [["move", "maps/src.json", f"p{n}", "m:no-ukraine-in-nato", *wait] for n in range(4)]
    commands += [["rename", "maps/m.json", f"q{n}", f"renamed-q{n}", *wait] for n in range(2)]
    commands += [["rename", f"maps/z{n}.json", "--map", f"zed{n}", *wait] for n in range(2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "argmap", *command],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    # Bounded, never timed: each writer gives up with an error once the lock is not free within its
    # --lock-timeout, and the test fails naming it; the limit below only keeps a hung process (which the
    # lock timeout rules out) from hanging the suite, and every writer is ended before the test ends.
    results = []
    try:
        for command, proc in zip(commands, procs, strict=True):
            _, err = proc.communicate(timeout=900)
            results.append((proc.returncode, " ".join(command), err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert all(code == 0 for code, _, _ in results), [r for r in results if r[0] != 0]
    assert run_argmap("validate", cwd=project).returncode == 0
    after = argmap.load(maps / "m.json")
    texts = {v.node.text for v in after.walk()}
    assert {f"Writer {n} was here." for n in range(12)} <= texts
    # The moved nodes' links into m are m's own now, and name the nodes by their new ids.
    for n in range(4):
        assert after.find(f"p{n}").node.supports == [f"renamed-q{n % 2}"]
    assert [v.node.id for v in argmap.load(maps / "src.json").walk()] == ["no-ukraine-in-nato"]
    assert after.claim.supports == ["zed0:no-ukraine-in-nato", "zed1:no-ukraine-in-nato"]
    assert sorted(p.name for p in maps.glob("*.json")) == ["m.json", "src.json", "zed0.json", "zed1.json"]
    assert not list(maps.glob(".argmap-*.tmp"))


def test_a_held_lock_gives_a_clear_timeout(debate: Path) -> None:
    from filelock import FileLock

    with FileLock(str(debate / "maps" / LOCK_NAME)):
        err = _refused(debate, "edit", "maps/a.json", "right-to-choose", "--text", "x", "--lock-timeout", "0.3")
    assert "another argmap command is changing this debate" in err and "--lock-timeout" in err
    assert "still held after 0.3 s" in err  # the wait asked for, not the 10 s default
    _ok(debate, "edit", "maps/a.json", "right-to-choose", "--text", "Free again.")


def test_two_new_of_one_path_the_second_is_refused(project: Path) -> None:
    args = ["new", "maps/n.json", "--title", "T", "--claim", "C.", "--side", "russia"]
    _ok(project, *args)
    assert "already exists" in _refused(project, *args)


# ---------------------------------------------------------------- integrity across the folder


def test_remove_refuses_a_node_linked_from_other_maps_and_unlink_cleans_every_map(debate: Path) -> None:
    err = _refused(debate, "remove", "maps/a.json", "right-to-choose")
    assert "'no-ukraine-in-nato' attacks 'a:right-to-choose' (map 'b', maps/b.json)" in err
    assert "(map 'c', maps/c.json)" in err and "--unlink" in err
    _ok(debate, "remove", "maps/a.json", "right-to-choose", "--unlink")
    assert argmap.load(debate / "maps" / "b.json").claim.attacks == []
    c = argmap.load(debate / "maps" / "c.json").claim
    assert c.attacks == [] and c.supports == ["b:no-ukraine-in-nato"]
    assert run_argmap("validate", cwd=debate).returncode == 0


def test_rename_a_node_rewrites_every_link_in_the_folder(debate: Path) -> None:
    _ok(debate, "rename", "maps/a.json", "right-to-choose", "sovereign-choice")
    assert argmap.load(debate / "maps" / "b.json").claim.attacks == ["a:sovereign-choice"]
    assert argmap.load(debate / "maps" / "c.json").claim.attacks == ["a:sovereign-choice"]
    assert run_argmap("validate", cwd=debate).returncode == 0
    assert "already has a node 'no-ukraine-in-nato'" in _refused(
        debate, "rename", "maps/a.json", "sovereign-choice", "no-ukraine-in-nato"
    )
    assert "did you mean sovereign-choice" in _refused(debate, "rename", "maps/a.json", "sovereign-choise", "x")
    assert "is not a valid id" in _refused(debate, "rename", "maps/a.json", "sovereign-choice", "Bad Id", code=2)


def test_rename_a_map_rewrites_every_link_into_it(debate: Path) -> None:
    out = _ok(debate, "rename", "maps/b.json", "--map", "bee")
    assert out == "renamed the map to 'bee' and its file maps/b.json to bee.json\n"
    assert not (debate / "maps" / "b.json").exists()
    assert argmap.load(debate / "maps" / "bee.json").id == "bee"
    assert argmap.load(debate / "maps" / "c.json").claim.supports == ["bee:no-ukraine-in-nato"]
    assert run_argmap("validate", cwd=debate).returncode == 0
    assert "already has a map 'a'" in _refused(debate, "rename", "maps/bee.json", "--map", "a")


def test_a_failure_halfway_leaves_every_file_as_it_was(debate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three files to write; the second rename fails: the first is put back, nothing else changes."""
    before = _snapshot(debate)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        if str(src).endswith(".tmp") and Path(dst).suffix == ".json":
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    proc = run_argmap("rename", "maps/a.json", "right-to-choose", "sovereign-choice", cwd=debate)
    monkeypatch.setattr(os, "replace", real_replace)
    assert proc.returncode == 1 and "No space left on device" in proc.stderr and "nothing was written" in proc.stderr
    assert _snapshot(debate) == before
    assert not list((debate / "maps").glob(".argmap-*.tmp"))


def test_a_symlinked_map_is_written_through(debate: Path) -> None:
    real = debate / "elsewhere.json"
    (debate / "maps" / "a.json").rename(real)
    (debate / "maps" / "a.json").symlink_to(real)
    _ok(debate, "edit", "maps/a.json", "right-to-choose", "--text", "Written through the link.")
    assert (debate / "maps" / "a.json").is_symlink()
    assert "Written through the link." in real.read_text(encoding="utf-8")


def test_a_killed_writes_leftover_is_cleaned_by_the_next_change(debate: Path) -> None:
    leftover = debate / "maps" / ".argmap-a.json.abc123.tmp"
    leftover.write_text("half a map", encoding="utf-8")
    _ok(debate, "edit", "maps/a.json", "right-to-choose", "--text", "Next change.")
    assert not leftover.exists()


def test_a_change_past_the_size_limit_is_refused_before_writing(debate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.authoring.store as store

    size = (debate / "maps" / "a.json").stat().st_size
    monkeypatch.setattr(store, "MAX_FILE_BYTES", size + 100)
    err = _refused(debate, "edit", "maps/a.json", "right-to-choose", "--text", "A much longer text. " * 20)
    assert "over the 0 MiB limit" in err or "limit for a map" in err


def test_check_of_a_loaded_map_sees_its_sibling_maps() -> None:
    m = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    assert [i for i in argmap.check(m) if i.code == "unknown-link"] == []


# ---------------------------------------------------------------- complete editing


def test_edit_cross_links_and_their_refusals(debate: Path) -> None:
    path = "maps/b.json"
    _ok(debate, "edit", path, "right-to-choose", "--add-supports", "a:no-ukraine-in-nato")
    assert argmap.load(debate / path).find("right-to-choose").node.supports == ["a:no-ukraine-in-nato"]
    assert "already supports" in _refused(
        debate, "edit", path, "right-to-choose", "--add-supports", "a:no-ukraine-in-nato"
    )
    assert "cannot both support and attack" in _refused(
        debate, "edit", path, "right-to-choose", "--add-attacks", "a:no-ukraine-in-nato"
    )
    assert "already answers 'no-ukraine-in-nato' in the tree" in _refused(
        debate, "edit", path, "right-to-choose", "--add-attacks", "no-ukraine-in-nato"
    )
    assert "cannot support itself" in _refused(
        debate, "edit", path, "right-to-choose", "--add-supports", "right-to-choose"
    )
    assert "no map in this debate has the id 'aa' (did you mean a?)" in _refused(
        debate, "edit", path, "right-to-choose", "--add-attacks", "aa:right-to-choose"
    )
    assert "has no supports link to" in _refused(debate, "edit", path, "right-to-choose", "--remove-supports", "a:x")
    _ok(debate, "edit", path, "right-to-choose", "--remove-supports", "a:no-ukraine-in-nato")
    assert argmap.load(debate / path).find("right-to-choose").node.supports == []


def test_edit_kind_with_parent_no_quote_and_nothing_to_change(debate: Path) -> None:
    path = "maps/a.json"
    _ok(
        debate,
        "add",
        path,
        "right-to-choose",
        "--kind",
        "counter-rebuttal",
        "--side",
        "russia",
        "--speaker",
        "S",
        "--text",
        "Moscow does not see it that way.",
        "--id",
        "moscow",
        "--quote",
        "But Moscow does not see it that way.",
    )
    _ok(debate, "edit", path, "moscow", "--kind", "rebuttal", "--parent", "no-ukraine-in-nato", "--no-quote")
    visit = argmap.load(debate / path).find("moscow")
    assert visit.parent.id == "no-ukraine-in-nato" and visit.node.kind == "rebuttal" and visit.node.quote is None
    out = _ok(debate, "edit", path, "moscow", "--text", "Moscow does not see it that way.")
    assert "nothing to change" in out
    assert "--no-quote drops the quote" in _refused(
        debate, "edit", path, "moscow", "--no-quote", "--quote", "x", code=2
    )


def test_move_with_kind_and_place(debate: Path) -> None:
    path = "maps/a.json"
    for n in (1, 2):
        _ok(
            debate,
            "add",
            path,
            "no-ukraine-in-nato",
            "--kind",
            "premise",
            "--side",
            "russia",
            "--speaker",
            "S",
            "--text",
            f"Point {n}.",
            "--id",
            f"p{n}",
        )
    _ok(debate, "move", path, "p2", "no-ukraine-in-nato", "--before", "right-to-choose")
    children = [c.id for c in argmap.load(debate / path).claim.children]
    assert children == ["p2", "right-to-choose", "p1"]
    _ok(debate, "move", path, "p1", "right-to-choose", "--kind", "counter-rebuttal")
    assert argmap.load(debate / path).find("p1").node.kind == "counter-rebuttal"
    assert "would become a cycle" in _refused(debate, "move", path, "right-to-choose", "p1")
    assert "is not an answer of" in _refused(debate, "move", path, "p2", "right-to-choose", "--after", "nope")


def test_side_and_source_edit_rename_remove(debate: Path) -> None:
    path = "maps/a.json"
    _ok(debate, "side", "edit", path, "russia", "--name", "Russian Federation", "--color", "#0072B2")
    side = argmap.load(debate / path).sides["russia"]
    assert (side.name, side.color) == ("Russian Federation", "#0072B2")
    assert "nothing to change" in _ok(debate, "side", "edit", path, "russia", "--name", "Russian Federation")
    _ok(debate, "side", "rename", path, "united-states", "usa")
    m = argmap.load(debate / path)
    assert "usa" in m.sides and m.find("right-to-choose").node.side == "usa"
    assert "is used by 1 node: right-to-choose" in _refused(debate, "side", "remove", path, "usa")
    assert "did you mean russia" in _refused(debate, "side", "remove", path, "rusia")
    _ok(debate, "side", "add", path, "eu", "--name", "European Union")
    _ok(debate, "side", "remove", path, "eu")
    _ok(debate, "source", "rename", path, "guide", "aljazeera")
    m = argmap.load(debate / path)
    assert list(m.sources) == ["aljazeera"] and m.claim.quote.source == "aljazeera"
    assert "is quoted by 2 nodes" in _refused(debate, "source", "remove", path, "aljazeera")
    absolute = str(debate / "seeds" / "2022-01-al-jazeera-will-nato-meet-russias-demands.txt")
    _ok(debate, "source", "add", path, "other", "--path", absolute, "--title", "Other", "--date", "2022-01")
    assert (
        argmap.load(debate / path).sources["other"].path
        == "seeds/2022-01-al-jazeera-will-nato-meet-russias-demands.txt"
    )
    assert "not a calendar date" in _refused(debate, "source", "edit", path, "other", "--date", "2020-13-45", code=2)
    err = _refused(debate, "source", "edit", path, "other", "--path", "sources/nowhere.txt")
    assert f"relative to the project root, {debate.resolve()}" in err
    _ok(debate, "source", "remove", path, "other")
    assert run_argmap("validate", cwd=debate).returncode == 0


def test_ids_from_text_in_any_script_and_bad_ids_explained(project: Path) -> None:
    proc = run_argmap(
        "new", "maps/m.json", "--title", "T", "--claim", "C.", "--side", "russia", "--claim-id", "Bad Id", cwd=project
    )
    assert proc.returncode == 2 and "--claim-id 'Bad Id' is not a valid id" in proc.stderr
    assert "pydantic" not in proc.stderr.lower() and "Traceback" not in proc.stderr
    _ok(
        project,
        "new",
        "maps/m.json",
        "--title",
        "Т",
        "--claim",
        "Украина никогда не вступит в НАТО.",
        "--side",
        "russia",
    )
    new_id = _ok(
        project, "add", "maps/m.json", "claim", "--kind", "premise", "--side", "russia", "--text", "北约不得东扩"
    ).strip()
    assert new_id == "premise"
    assert argmap.load(project / "maps" / "m.json").claim.id == "claim"


def test_a_map_file_is_named_json_and_never_overwritten_by_its_own_export(debate: Path) -> None:
    proc = run_argmap("new", "maps/t.txt", "--title", "T", "--claim", "C.", "--side", "russia", cwd=debate)
    assert proc.returncode == 2 and "a map file's name ends in .json" in proc.stderr
    assert not (debate / "maps" / "t.txt").exists()
    err = _refused(debate, "export", "outline", "maps/a.json", "-o", "maps/a.json", "--force", code=2)
    assert "is the file being read" in err


def test_renaming_to_the_same_name_changes_nothing(debate: Path) -> None:
    before = _snapshot(debate)
    assert "nothing to change" in _ok(debate, "rename", "maps/a.json", "right-to-choose", "right-to-choose")
    assert "nothing to change" in _ok(debate, "rename", "maps/a.json", "--map", "a")
    assert "nothing to change" in _ok(debate, "side", "rename", "maps/a.json", "russia", "russia")
    assert "nothing to change" in _ok(debate, "source", "rename", "maps/a.json", "guide", "guide")
    assert _snapshot(debate) == before


def test_blank_and_repeated_values_are_refused(debate: Path) -> None:
    path = "maps/a.json"
    assert "--title is blank" in _refused(
        debate, "source", "add", path, "g2", "--path", "seeds/README.md", "--title", "  ", "--date", "2022", code=2
    )
    assert "--text is blank" in _refused(debate, "edit", path, "right-to-choose", "--text", "\u200b", code=2)
    assert "--name is blank" in _refused(debate, "side", "add", path, "eu", "--name", "", code=2)
    assert "give an http:// or https:// address" in _refused(
        debate, "source", "edit", path, "guide", "--url", "javascript:alert(1)", code=2
    )
    proc = run_argmap(
        "new", "maps/n.json", "--title", "T", "--claim", "C.", "--side", "a=A", "--side", "a=B", cwd=debate
    )
    assert proc.returncode == 2 and "--side 'a' is given twice" in proc.stderr
    _ok(debate, "edit", path, "right-to-choose", "--speaker", "   ")  # blank optional text removes it
    assert argmap.load(debate / path).find("right-to-choose").node.speaker is None


def test_a_root_that_is_not_a_claim_can_be_mended(debate: Path) -> None:
    path = debate / "maps" / "a.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"kind": "claim"', '"kind": "premise"'), encoding="utf-8")
    assert run_argmap("validate", "maps/a.json", cwd=debate).returncode == 1
    _ok(debate, "edit", "maps/a.json", "no-ukraine-in-nato", "--kind", "claim")
    assert run_argmap("validate", cwd=debate).returncode == 0


def test_links_into_a_duplicated_map_id_are_not_rewritten(debate: Path) -> None:
    (debate / "maps" / "a2.json").write_bytes((debate / "maps" / "a.json").read_bytes())
    err = _refused(debate, "rename", "maps/a2.json", "right-to-choose", "other-name")
    assert "share the id 'a', so links to it are ambiguous" in err
    assert "(give one of them another id first: `argmap rename FILE --map NEW`)" in err
    links = _snapshot(debate)
    # The remedy, with the file and the id chosen: the links naming 'a' stay, as which map each meant is unknown.
    assert _ok(debate, "rename", "maps/a2.json", "--map", "a2") == (
        "renamed the map to 'a2'; its file maps/a2.json keeps its name (it is not named after the id 'a'); "
        "links to 'a' were left as they are: they name the other map of that id\n"
    )
    assert {k: v for k, v in _snapshot(debate).items() if k != "a2.json"} == {
        k: v for k, v in links.items() if k != "a2.json"
    }
    _ok(debate, "rename", "maps/a2.json", "right-to-choose", "other-name")
    assert run_argmap("validate", "maps", cwd=debate).returncode == 0


def test_replacing_a_map_from_an_outline_names_the_other_maps_it_would_break(debate: Path) -> None:
    _ok(debate, "export", "outline", "maps/a.json", "-o", "a.outline")
    outline = debate / "a.outline"
    outline.write_text(outline.read_text(encoding="utf-8").replace("[right-to-choose]", "[renamed]"), encoding="utf-8")
    err = _refused(debate, "import", "outline", "a.outline", "-o", "maps/a.json", "--force")
    assert "maps/b.json: error[unknown-link]" in err and "maps/c.json: error[unknown-link]" in err
    assert "a.outline:" not in err.split("\n", 1)[1]
