"""`argmap.diff`: every category of change between a committed map and the working tree, and its reports."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.diff import diff, diff_maps, diff_paths, diff_revision
from argmap.errors import ArgmapError, UsageError
from argmap.model import ArgMap
from argmap.report import render

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git executable")

SOURCE = {"path": "seeds/2022-01-12-what-does-russia-want.txt", "title": "What does Russia want?", "date": "2022-01-12"}


def node(node_id: str, kind: str, text: str, side: str = "russia", children=(), **extra) -> dict:
    return {"id": node_id, "kind": kind, "side": side, "text": text, **extra, "children": list(children)}


def base_map() -> dict:
    return {
        "id": "m",
        "title": "Ukraine never in NATO",
        "sides": {"russia": {"name": "Russia"}, "nato": {"name": "NATO"}},
        "sources": {"guide": SOURCE},
        "claim": node(
            "c",
            "claim",
            "NATO must guarantee that Ukraine never joins.",
            quote={"source": "guide", "text": "Russia demands a guarantee that Ukraine can never join NATO"},
            children=[
                node(
                    "p1",
                    "premise",
                    "Ukraine is historic Russia.",
                    children=[
                        node("r1", "rebuttal", "Countries choose their alliances.", "nato"),
                        node("p4", "premise", "Putin says so.", speaker="Vladimir Putin"),
                    ],
                ),
                node("p2", "premise", "The 2008 promise was a mistake."),
                node("r2", "rebuttal", "NATO never expanded by force.", "nato", speaker="NATO"),
                node("p3", "premise", "Russia does not trust the other side."),
            ],
        ),
    }


def other_map() -> dict:
    return {
        "id": "other",
        "title": "Another demand",
        "sides": {"russia": {"name": "Russia"}},
        "claim": node("o1", "claim", "Something else.", attacks=["m:p3"]),
    }


def changed_map() -> dict:
    """base_map with one change of every kind."""
    m = copy.deepcopy(base_map())
    claim = m["claim"]
    p1, p2, r2, p3 = claim["children"]
    p4 = p1["children"].pop(1)  # move p4 from under p1 ...
    claim["children"] = [p1, r2, p3, p4]  # ... to under the claim; p2 removed
    r2["text"] = "NATO has never been enlarged by force."  # edit
    del r2["speaker"]
    p3["id"] = "p3-trust"  # rename, same content
    p1["supports"] = ["other:o1"]  # a new cross-link
    claim["children"].append(node("p5", "premise", "The alliance moves east.", children=[]))  # add
    m["sides"]["eu"] = {"name": "European Union"}
    return m


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the base map and another map committed, then every kind of change made."""
    write(project / "maps" / "m.json", base_map())
    write(project / "maps" / "other.json", other_map())
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    write(project / "maps" / "m.json", changed_map())
    other = other_map()
    other["claim"]["attacks"] = ["m:p3-trust"]  # follows the rename: not a link change
    write(project / "maps" / "other.json", other)
    monkeypatch.chdir(project)
    return project


def test_every_category_in_json(repo: Path) -> None:
    result = diff(["HEAD"])
    assert result.differs
    doc = json.loads(render("json", result))
    assert doc["old"] == "HEAD" and doc["new"] == "working tree" and doc["differs"] is True
    assert doc["added"] == [
        {
            "map": "m",
            "node": "p5",
            "parent": "c",
            "kind": "premise",
            "side": "russia",
            "text": "The alliance moves east.",
        }
    ]
    assert doc["removed"] == [
        {
            "map": "m",
            "node": "p2",
            "parent": "c",
            "kind": "premise",
            "side": "russia",
            "text": "The 2008 promise was a mistake.",
        }
    ]
    assert doc["changed"] == [
        {
            "map": "m",
            "node": "r2",
            "fields": {
                "text": {"old": "NATO never expanded by force.", "new": "NATO has never been enlarged by force."},
                "speaker": {"old": "NATO", "new": None},
            },
        }
    ]
    assert doc["moved"] == [{"map": "m", "node": "p4", "old_parent": "p1", "new_parent": "c"}]
    assert doc["renamed"] == [{"map": "m", "node": "p3-trust", "old_id": "p3"}]
    assert doc["links"] == {
        "added": [{"map": "m", "node": "p1", "relation": "supports", "target": "other:o1"}],
        "removed": [],
    }
    assert doc["sides"]["added"] == [{"map": "m", "side": "eu", "name": "European Union"}]
    assert doc["sides"]["removed"] == [] and doc["sources"] == {"added": [], "removed": [], "changed": []}
    assert doc["maps"] == {"compared": 2, "added": [], "removed": [], "changed": []}
    assert list(doc) == [
        "old",
        "new",
        "differs",
        "maps",
        "added",
        "removed",
        "changed",
        "moved",
        "renamed",
        "sides",
        "sources",
        "links",
    ]


def test_every_category_in_markdown(repo: Path) -> None:
    text = render("markdown", diff(["HEAD"]))
    lines = text.splitlines()
    assert lines[0] == "## argmap diff: HEAD → working tree"
    assert "### `m`: Ukraine never in NATO" in lines
    for expected in [
        "- **added** premise `p5` under `c` (russia): The alliance moves east.",
        "- **removed** premise `p2` (was under `c`, russia): The 2008 promise was a mistake.",
        "- **moved** `p4` from under `p1` to under `c`",
        "- **renamed** `p3` to `p3-trust`",
        "- **added** side `eu` (European Union)",
        "- **added** link: `p1` supports `other:o1`",
        "| `r2` | text | NATO never expanded by force. | NATO has never been enlarged by force. |",
        "| `r2` | speaker | NATO | *(none)* |",
    ]:
        assert expected in lines, expected
    assert "`other`" not in text  # unchanged maps are not listed


def test_text_shows_old_and_new_values(repo: Path) -> None:
    text = render("text", diff(["HEAD"]))
    assert '      text: "NATO never expanded by force." -> "NATO has never been enlarged by force."' in text
    assert "  = 'p3' renamed to 'p3-trust'" in text
    assert text.splitlines()[-1] == (
        "HEAD -> working tree: 2 maps; 1 node added, 1 node removed, 1 node changed, 1 node moved, "
        "1 node renamed, 1 link added"
    )


def test_no_change_is_no_difference(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changed")
    result = diff(["HEAD"])
    assert not result.differs
    assert render("text", result) == "no differences between HEAD and working tree (2 maps)\n"
    assert json.loads(render("json", result))["added"] == []
    # The first commit, named another way, still differs.
    assert diff(["HEAD~1", "maps"]).differs


def test_whole_maps_added_and_removed(repo: Path) -> None:
    (repo / "maps" / "other.json").unlink()
    new = other_map()
    new["id"] = "third"
    new["claim"]["id"] = "t1"
    write(repo / "maps" / "third.json", new)
    doc = json.loads(render("json", diff(["HEAD"])))
    assert doc["maps"]["added"] == [{"map": "third", "title": "Another demand", "file": "maps/third.json", "nodes": 1}]
    assert doc["maps"]["removed"] == [
        {"map": "other", "title": "Another demand", "file": "HEAD:maps/other.json", "nodes": 1}
    ]
    # Their nodes are not itemised: the map as a whole is the change.
    assert [e["node"] for e in doc["added"]] == ["p5"]


def test_map_renamed_with_the_links_into_it(repo: Path) -> None:
    # What `argmap rename --map` does: a new map id, and every link into the map rewritten.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changed")
    renamed = other_map()
    renamed["id"] = "elsewhere"
    renamed["claim"]["attacks"] = ["m:p3-trust"]  # as committed
    write(repo / "maps" / "other.json", renamed)
    changed = changed_map()
    changed["claim"]["children"][0]["supports"] = ["elsewhere:o1"]
    write(repo / "maps" / "m.json", changed)
    result = diff(["HEAD"])
    doc = json.loads(render("json", result))
    assert doc["maps"]["changed"] == [{"map": "elsewhere", "fields": {"id": {"old": "other", "new": "elsewhere"}}}]
    assert doc["maps"]["added"] == doc["maps"]["removed"] == [] and doc["links"] == {"added": [], "removed": []}
    assert '  ~ map id: "other" -> "elsewhere"' in render("text", result)
    assert "| map | id | other | elsewhere |" in render("markdown", result)


def test_single_file_and_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only = diff(["HEAD", "maps/other.json"])
    assert [m.map for m in only.maps] == ["other"]
    # Without map m in the set its rename is unknown, so the link that follows it reads as replaced.
    assert [e.target for e in only.entries("links_removed")] == ["m:p3"]
    assert [e.target for e in only.entries("links_added")] == ["m:p3-trust"]
    monkeypatch.chdir(repo / "maps")
    assert [m.map for m in diff_revision("HEAD", ["."]).maps] == ["m", "other"]


def test_folder_deleted_in_working_tree(repo: Path) -> None:
    shutil.rmtree(repo / "maps")
    result = diff(["HEAD"])
    assert [m.status for m in result.maps] == ["removed", "removed"]


def test_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a" / "m.json", base_map())
    write(tmp_path / "b" / "m.json", changed_map())
    result = diff([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [e.node for e in result.entries("added")] == ["p5"]
    assert not diff_paths(tmp_path / "a", tmp_path / "a" / "m.json").differs


def test_usage_errors_are_one_line(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    with pytest.raises(UsageError, match=r"^unknown revision 'no-such-rev' in "):
        diff(["no-such-rev"])
    with pytest.raises(UsageError, match="unknown revision '--output=x'"):
        diff(["--output=x"])
    with pytest.raises(
        UsageError, match=r"^no such file or folder: nowhere \(neither in the working tree nor at HEAD\)"
    ):
        diff(["HEAD", "nowhere"])
    with pytest.raises(UsageError, match="give exactly one NEW"):
        diff(["maps"])
    with pytest.raises(UsageError, match="give OLD NEW"):
        diff([])
    outside = tmp_path_factory.mktemp("plain")
    (outside / "maps").mkdir()
    os.chdir(outside)
    with pytest.raises(UsageError, match=r"^not a git repository: "):
        diff(["HEAD"])


def test_broken_map_is_refused_with_its_place(repo: Path) -> None:
    (repo / "maps" / "m.json").write_text('{"id": "m",\n  "title": }\n')
    with pytest.raises(ArgmapError, match=r"^maps/m.json:2:12: invalid JSON"):
        diff(["HEAD"])
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken")
    with pytest.raises(ArgmapError, match=r"^HEAD:maps/m.json:2:12: "):
        diff(["HEAD"])


def test_duplicate_ids_are_refused() -> None:
    data = base_map()
    data["claim"]["children"][1]["id"] = "p1"
    twice = ArgMap.model_validate(data)
    with pytest.raises(ArgmapError, match=r"node id 'p1' occurs twice \(/claim/children/0 and /claim/children/1\)"):
        diff_maps([ArgMap.model_validate(base_map())], [twice])


def test_links_into_maps_outside_the_set_are_compared_as_written() -> None:
    old, new = base_map(), base_map()
    new["claim"]["children"][0]["attacks"] = ["elsewhere:x"]
    result = diff_maps([ArgMap.model_validate(old)], [ArgMap.model_validate(new)])
    assert [(e.node, e.relation, e.target) for e in result.entries("links_added")] == [("p1", "attacks", "elsewhere:x")]


def test_rename_with_a_move_and_link_to_the_renamed_node() -> None:
    old, new = base_map(), base_map()
    old["claim"]["children"][2]["attacks"] = ["p3"]
    p3 = new["claim"]["children"].pop(3)
    p3["id"] = "trust"
    new["claim"]["children"][0]["children"].append(p3)
    new["claim"]["children"][2]["attacks"] = ["trust"]
    result = diff_maps([ArgMap.model_validate(old)], [ArgMap.model_validate(new)])
    assert [(r.old_id, r.node) for r in result.entries("renamed")] == [("p3", "trust")]
    assert [(m.node, m.old_parent, m.new_parent) for m in result.entries("moved")] == [("trust", "c", "p1")]
    assert result.entries("links_added") == result.entries("links_removed") == []
    assert result.entries("added") == result.entries("removed") == []


def test_two_revisions_are_compared_as_two_debates(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changed")
    write(repo / "maps" / "m.json", base_map())  # the working tree goes back: it must not be what is read
    result = diff(["HEAD~1", "HEAD"])
    assert (result.old, result.new) == ("HEAD~1", "HEAD")
    assert [e.node for e in result.entries("added")] == ["p5"]
    assert {m.old_file for m in result.maps} == {"HEAD~1:maps/m.json", "HEAD~1:maps/other.json"}
    assert {m.new_file for m in result.maps} == {"HEAD:maps/m.json", "HEAD:maps/other.json"}
    # With paths after the two revisions, and the other way round.
    only = diff(["HEAD~1", "HEAD", "maps/other.json"])
    assert [m.map for m in only.maps] == ["other"]
    back = diff(["HEAD", "HEAD~1"])
    assert [e.node for e in back.entries("removed")] == ["p5"]
    assert not diff(["HEAD", "HEAD"]).differs
    with pytest.raises(UsageError, match=r"no such file or folder: nowhere \(neither at HEAD~1 nor at HEAD\)"):
        diff(["HEAD~1", "HEAD", "nowhere"])


def test_diff_of_two_revisions_through_the_cli(repo: Path) -> None:
    from .conftest import run_argmap

    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changed")
    proc = run_argmap("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert (doc["old"], doc["new"]) == ("HEAD~1", "HEAD") and [e["node"] for e in doc["added"]] == ["p5"]
