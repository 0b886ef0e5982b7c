"""The one way in (open_debate) and the one way to write (store.transaction), as library users call them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.authoring.ops import add_node, rename_node
from argmap.authoring.store import plan_change, run, transaction
from argmap.debate import open_debate
from argmap.errors import ArgmapError, Code, Findings, UsageError
from argmap.report import format_choices, formats_for, render
from argmap.vocab import Kind, ReportFormat


def _map(map_id: str, minimal_map: str, **claim_extra) -> str:
    data = json.loads(minimal_map)
    data["id"] = map_id
    data["claim"].update(claim_extra)
    return json.dumps(data, indent=2)


@pytest.fixture
def two(project: Path, minimal_map: str) -> Path:
    (project / "maps" / "a.json").write_text(_map("a", minimal_map, attacks=["b:no-ukraine-in-nato"]))
    (project / "maps" / "b.json").write_text(_map("b", minimal_map))
    return project


# ---------------------------------------------------------------- open_debate


def test_a_debate_is_complete_and_its_findings_are_kept(two: Path) -> None:
    debate = open_debate([two / "maps" / "a.json"])
    # The file named comes first; its folder's other maps are read too, before anything is checked.
    assert [f.path.name for f in debate.given] == ["a.json"]
    assert [f.path.name for f in debate.files] == ["a.json", "b.json"]
    assert set(debate.maps) == {"a", "b"}
    assert debate.findings is debate.findings and isinstance(debate.findings, Findings)
    assert debate.findings.files == (str(two / "maps" / "a.json"),) and debate.ok


def test_an_overlay_stands_in_for_a_file_and_adds_an_unsaved_map(two: Path, minimal_map: str) -> None:
    a = two / "maps" / "a.json"
    on_disk = a.read_text()
    broken = on_disk.replace('"b:no-ukraine-in-nato"', '"b:nowhere"')
    debate = open_debate([a], overlay={a: broken})
    (issue,) = debate.findings.issues
    assert issue.code is Code.UNKNOWN_LINK and issue.line is not None  # at the overlay text's line
    assert a.read_text() == on_disk
    # A buffer never saved, in the folder: part of the debate, and the other maps' links resolve to it.
    new = two / "maps" / "c.json"
    debate = open_debate([two / "maps"], overlay={new: _map("c", minimal_map), a: on_disk.replace("b:", "c:")})
    assert set(debate.maps) == {"a", "b", "c"} and debate.ok and not new.exists()
    # Not JSON at all: the finding is at its place, as for a file.
    debate = open_debate([a], overlay={a: "{ nope"})
    assert [i.code for i in debate.findings.issues] == [Code.JSON_SYNTAX]


def test_several_folders_are_several_debates(two: Path, minimal_map: str) -> None:
    (two / "other").mkdir()
    (two / "other" / "a.json").write_text(_map("a", minimal_map))  # the same map id, in another debate
    debate = open_debate([two / "maps", two / "other"])
    assert len(debate.folders) == 2 and debate.ok
    with pytest.raises(UsageError, match="one debate, one folder"):
        from argmap.semantics.run import evaluate_debate

        evaluate_debate(debate)


def test_the_old_entry_points_still_work_and_say_they_are_deprecated(two: Path) -> None:
    with pytest.warns(DeprecationWarning):
        assert set(argmap.load_debate(two / "maps").maps) == {"a", "b"}
    with pytest.warns(DeprecationWarning):
        assert argmap.validate_paths([two / "maps"]).ok


# ---------------------------------------------------------------- the reporters


def test_format_choices_come_from_the_registry() -> None:
    from argmap.coverage import Coverage
    from argmap.diff import Diff
    from argmap.semantics.run import EvaluationReport

    assert formats_for(Findings) == list(ReportFormat)
    assert formats_for(Diff) == formats_for(Coverage) == [ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.MARKDOWN]
    assert formats_for(EvaluationReport) == [ReportFormat.TEXT, ReportFormat.JSON]
    assert [c.value for c in format_choices(Diff)] == ["text", "json", "markdown"]
    with pytest.raises(UsageError, match="choose from text, json, markdown"):
        render("github", Diff("a", "b"))
    assert render("json", Findings()).startswith("{")


# ---------------------------------------------------------------- the transaction


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".json"}


def test_plan_returns_the_texts_and_writes_nothing(two: Path) -> None:
    before = _snapshot(two / "maps")
    plan = plan_change(two / "maps" / "b.json", lambda d: rename_node(d, "no-ukraine-in-nato", "never"))
    assert plan.ok and plan.value is True
    # A rename rewrites the link in the other map too: both texts are planned.
    assert set(plan.texts) == {two / "maps" / "a.json", two / "maps" / "b.json"}
    assert json.loads(plan.texts[two / "maps" / "a.json"])["claim"]["attacks"] == ["b:never"]
    assert _snapshot(two / "maps") == before and not (two / "maps" / ".argmap.lock").exists()


def test_plan_reports_the_errors_a_write_would_refuse(two: Path) -> None:
    def unlinked(draft):
        draft.map.claim.attacks = ["b:nowhere"]
        draft.touch()

    plan = plan_change(two / "maps" / "a.json", unlinked)
    assert not plan.ok and [i.code for i in plan.added] == [Code.UNKNOWN_LINK]
    with pytest.raises(ArgmapError, match="the change would make the debate invalid"):
        run(two / "maps", lambda d: (d.open(two / "maps" / "a.json"), unlinked(d)))


def test_a_change_that_would_leave_a_map_unreadable_is_refused(two: Path) -> None:
    # An operation changes the map in place, past the model's validators: the text it would write is read
    # back first, and a map argmap could not load is never written.
    def undercut_claim_answer(draft):
        draft.map.claim.children[0].undercut = True  # an undercut directly under the claim: no inference
        draft.touch()

    before = _snapshot(two / "maps")
    plan = plan_change(two / "maps" / "b.json", undercut_claim_answer)
    assert not plan.ok and [i.code for i in plan.added] == [Code.SCHEMA]
    assert plan.added[0].file == str(two / "maps" / "b.json") and "undercut" in plan.added[0].message
    with pytest.raises(ArgmapError, match="the change would make the debate invalid") as refused:
        run(two / "maps", lambda d: (d.open(two / "maps" / "b.json"), undercut_claim_answer(d)))
    assert [i.code for i in refused.value.issues] == [Code.SCHEMA]  # type: ignore[attr-defined]
    assert _snapshot(two / "maps") == before


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # the weight of 7 is set past the model on purpose
def test_a_new_map_changed_after_it_was_modelled_is_read_back_and_refused(two: Path) -> None:
    # create() is handed a model, but a model is changed in place past its validators (by its caller, or by
    # an operation after the create in the same change): the text is read back as for any other change.
    from argmap.authoring.store import create
    from argmap.model import ArgMap

    data = json.loads((two / "maps" / "b.json").read_text(encoding="utf-8"))
    data["id"] = "c"
    before = _snapshot(two / "maps")
    m = ArgMap.model_validate(data)
    m.claim.children[0].undercut = True  # an undercut directly under the claim: no inference to attack
    with pytest.raises(ArgmapError, match="the map would be invalid") as refused:
        create(two / "maps" / "c.json", m)
    assert [i.code for i in refused.value.issues] == [Code.SCHEMA]  # type: ignore[attr-defined]
    assert _snapshot(two / "maps") == before and not (two / "maps" / "c.json").exists()

    def made_then_changed(draft):
        draft.create(two / "maps" / "c.json", ArgMap.model_validate(data))
        draft.open(two / "maps" / "c.json")
        draft.map.claim.children[0].weight = 7  # past the model's bounds
        draft.touch()

    with pytest.raises(ArgmapError, match="invalid"):
        run(two / "maps", made_then_changed)
    assert _snapshot(two / "maps") == before and not (two / "maps" / "c.json").exists()


def test_plan_on_unsaved_texts(two: Path) -> None:
    a = two / "maps" / "a.json"
    unsaved = a.read_text().replace('"title": "', '"title": "Unsaved ')
    plan = plan_change(
        a, lambda d: add_node(d, "no-ukraine-in-nato", Kind.PREMISE, "russia", "New."), overlay={a: unsaved}
    )
    assert json.loads(plan.texts[a])["title"].startswith("Unsaved ") and "Unsaved" not in a.read_text()
    with pytest.raises(UsageError, match="only be planned"):
        with transaction(two / "maps", overlay={a: unsaved}):
            pass


def test_one_transaction_many_operations_all_or_nothing(two: Path) -> None:
    with transaction(two / "maps") as draft:
        draft.open(two / "maps" / "b.json")
        first = add_node(draft, "no-ukraine-in-nato", Kind.PREMISE, "russia", "One.")
        second = add_node(draft, first, Kind.PREMISE, "russia", "Two.")
    assert draft.plan is not None and set(draft.plan.texts) == {two / "maps" / "b.json"}
    ids = {v.node.id for v in argmap.load(two / "maps" / "b.json").walk()}
    assert {first, second} <= ids
    before = _snapshot(two / "maps")
    with pytest.raises(RuntimeError):
        with transaction(two / "maps") as draft:
            draft.open(two / "maps" / "b.json")
            add_node(draft, "no-ukraine-in-nato", Kind.PREMISE, "russia", "Three.")
            raise RuntimeError("the caller gives up")
    assert _snapshot(two / "maps") == before


def test_one_place_takes_the_folder_lock() -> None:
    root = Path(argmap.__file__).parent
    takers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if "debate_lock(" in p.read_text())
    assert takers == ["authoring/store.py", "io/files.py"]  # where it is used, and where it is defined


# ---------------------------------------------------------------- one lock for one file, however reached


@pytest.mark.slow
def test_writers_through_a_symlink_and_the_real_path_all_land(project: Path, minimal_map: str) -> None:
    (project / "real").mkdir()
    real = project / "real" / "m.json"
    real.write_text(_map("m", minimal_map))
    link = project / "maps" / "m.json"
    link.symlink_to(os.path.relpath(real, link.parent))
    base = [sys.executable, "-m", "argmap", "add"]
    procs = [
        subprocess.Popen(
            [
                *base,
                str(path),
                "no-ukraine-in-nato",
                "--kind",
                "premise",
                "--side",
                "russia",
                "--speaker",
                "S",
                "--text",
                f"Writer {n} was here.",
                "--lock-timeout",
                "60",
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, path in enumerate([link, real] * 6)
    ]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    texts = {v.node.text for v in argmap.load(real).walk()}
    assert {f"Writer {n} was here." for n in range(12)} <= texts
    assert link.is_symlink() and link.resolve() == real.resolve()  # the link is still a link
