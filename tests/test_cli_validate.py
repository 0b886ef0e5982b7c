"""`argmap validate` and `argmap schema` as a user runs them: output formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import CASES, ROOT, run_argmap, run_process


def test_valid_map_exits_0(project: Path, minimal_map: str) -> None:
    (project / "maps" / "m.json").write_text(minimal_map)
    proc = run_argmap("validate", cwd=project)  # default: maps/
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == "1 file, 0 problems\n"


def test_every_problem_in_every_file_is_reported(project: Path) -> None:
    for name in ("kind-rebuttal-under-rebuttal", "quote-not-found", "json-syntax"):
        text = (CASES / "invalid" / f"{name}.json").read_text(encoding="utf-8")
        (project / "maps" / f"{name}.json").write_text(text.replace('"minimal"', f'"{name}"'))
    proc = run_argmap("validate", "maps", cwd=project)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1] if ": error[" in line] == [
        "error[json-syntax]",
        "error[kind-grammar]",
        "error[quote-not-found]",
    ]
    assert lines[0].startswith("maps/json-syntax.json:4:3: ")
    assert lines[-1] == "3 files, 3 problems, 1 warning"  # kind-rebuttal-under-rebuttal's r2 has no quote


def test_usage_errors_exit_2(project: Path) -> None:
    proc = run_argmap("validate", "no-such-dir", cwd=project)
    assert proc.returncode == 2
    assert "no such file or folder: no-such-dir" in proc.stderr
    proc = run_argmap("validate", "--format", "xml", cwd=project)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_json_format(project: Path) -> None:
    shutil.copy(CASES / "invalid" / "undeclared-side.json", project / "maps" / "m.json")
    proc = run_argmap("validate", "--format", "json", cwd=project)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["summary"] == {"files": 1, "problems": 1, "warnings": 1, "valid": False}
    error = [f for f in doc["findings"] if f["severity"] == "error"][0]
    assert error == {
        "file": "maps/m.json",
        "line": 33,
        "column": 17,
        "pointer": "/claim/children/0/side",
        "node": "right-to-choose",
        "code": "undeclared-side",
        "severity": "error",
        "message": "node 'right-to-choose' names side 'nato', which is not declared in `sides` "
        "(declared: russia, united-states)",
    }


def test_github_format_escapes_annotation_properties(project: Path) -> None:
    shutil.copy(CASES / "invalid" / "json-syntax.json", project / "maps" / "a,b:c.json")
    proc = run_argmap("validate", "-f", "github", cwd=project)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first == (
        "::error file=maps/a%2Cb%3Ac.json,line=4,col=3,title=argmap json-syntax::invalid JSON: Expecting ',' delimiter"
    )


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    committed = tmp_path / "schemas" / "argmap.schema.json"
    committed.parent.mkdir()
    shutil.copy(ROOT / "schemas" / "argmap.schema.json", committed)
    assert run_argmap("schema", "--check", cwd=tmp_path).returncode == 0
    committed.write_text(committed.read_text().replace("unique within the map", "unique"))
    proc = run_argmap("schema", "--check", cwd=tmp_path)
    assert proc.returncode == 1
    assert "out of date" in proc.stderr
    assert run_argmap("schema", "--write", cwd=tmp_path).returncode == 0
    assert committed.read_text() == (ROOT / "schemas" / "argmap.schema.json").read_text()


def test_schema_prints_the_committed_schema() -> None:
    proc = run_argmap("schema")
    assert proc.returncode == 0
    assert proc.stdout == (ROOT / "schemas" / "argmap.schema.json").read_text(encoding="utf-8")


def test_python_dash_m_and_help() -> None:
    proc = run_process("--help")
    assert proc.returncode == 0
    assert "validate" in proc.stdout and "schema" in proc.stdout


def test_json_in_a_folder_that_is_surely_no_map_is_skipped_and_named(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "ok.json").write_text(minimal_map, encoding="utf-8")
    (maps / "package.json").write_text('{"name": "debate-site", "version": "1.0.0"}', encoding="utf-8")
    (maps / "list.json").write_text("[1, 2]", encoding="utf-8")
    # Broken, but with a map's keys: a map gone wrong, never skipped.
    (maps / "broken.json").write_text('{"id": "broken", "claim": {}}', encoding="utf-8")
    proc = run_argmap("validate", "maps", cwd=project)
    assert proc.returncode == 1
    assert "broken.json" in proc.stdout and "package.json" not in proc.stdout and "list.json" not in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("2 files, ")  # ok.json and broken.json
    assert proc.stderr.splitlines() == [
        f"argmap: skipped maps/{name}: JSON that is no map (no argmap $schema; no claim, id or sides)"
        for name in ("list.json", "package.json")
    ]
    # A map named on its own: its folder's other files are its debate, and a skipped one is not its business.
    alone = run_argmap("validate", "maps/ok.json", cwd=project)
    assert alone.returncode == 0 and alone.stderr == "", alone.stdout + alone.stderr
    # Named on its own, a file is always checked.
    named = run_argmap("validate", "maps/package.json", cwd=project)
    assert named.returncode == 1 and "maps/package.json:1:1: error[schema]" in named.stdout


def test_a_symlink_loop_in_a_folder_is_one_unreadable_file_not_an_internal_error(
    project: Path, minimal_map: str
) -> None:
    """A link to itself beside the maps (a loop the resolver cannot follow) is a file that cannot be read,
    reported at its name; every command reading the folder goes on with the other maps."""
    maps = project / "maps"
    (maps / "ok.json").write_text(minimal_map, encoding="utf-8")
    (maps / "loop.json").symlink_to("loop.json")
    proc = run_argmap("validate", "maps", cwd=project)
    assert proc.returncode == 1, proc.stderr
    assert "internal error" not in proc.stderr
    assert "maps/loop.json:1:1: error[read-error]" in proc.stdout
    named = run_argmap("validate", "maps/loop.json", cwd=project)
    assert named.returncode == 1 and "internal error" not in named.stderr
    shown = run_argmap("show", "maps/ok.json", cwd=project)
    assert shown.returncode == 0, shown.stderr
    claim = json.loads(minimal_map)["claim"]["id"]
    edited = run_argmap("edit", "maps/ok.json", claim, "--weight", "0.25", cwd=project)
    assert edited.returncode == 0, edited.stderr
    assert json.loads((maps / "ok.json").read_text(encoding="utf-8"))["claim"]["weight"] == 0.25
    assert (maps / "loop.json").is_symlink()


@pytest.mark.parametrize(
    "before",
    ["<<<<<<< HEAD\n", "// the map of the talks\n", "\0", "x"],
    ids=["merge-conflict", "comment", "nul", "stray-letter"],
)
def test_a_map_gone_wrong_before_its_first_brace_is_reported_never_skipped(
    project: Path, minimal_map: str, before: str
) -> None:
    """Text before a map's opening brace (a merge's conflict marker, a comment) breaks the JSON but leaves a
    map's keys: the file is a map gone wrong, reported at its place, not JSON that is no map."""
    data = json.loads(minimal_map)
    data.pop("$schema", None)  # hand-made maps often name no schema
    (project / "maps" / "talks.json").write_text(before + json.dumps(data, indent=2), encoding="utf-8")
    proc = run_argmap("validate", "maps", cwd=project)
    assert proc.returncode == 1
    assert "maps/talks.json:" in proc.stdout and "error[json-syntax]" in proc.stdout
    assert "skipped" not in proc.stderr


def test_json_too_large_to_read_is_told_by_its_head_as_a_small_file_is(project: Path, minimal_map: str) -> None:
    """Over the size limit a file is not read whole; its first kilobytes still tell other JSON (skipped, as
    the same file small would be) from a map (reported as too large)."""
    maps = project / "maps"
    (maps / "ok.json").write_text(minimal_map, encoding="utf-8")
    rows = ",".join(['{"k": 1, "v": "' + "x" * 100 + '"}'] * 200_000)
    (maps / "data.json").write_text('{"name": "data", "rows": [' + rows + "]}", encoding="utf-8")
    big = json.loads(minimal_map)
    big["description"] = "y" * (21 * 1024 * 1024)
    (maps / "big.json").write_text(json.dumps(big), encoding="utf-8")
    proc = run_argmap("validate", "maps", cwd=project)
    assert proc.returncode == 1
    assert "maps/big.json:1:1: error[file-too-large]" in proc.stdout
    assert "data.json" not in proc.stdout
    assert "argmap: skipped maps/data.json: JSON that is no map" in proc.stderr


def test_a_json_file_that_is_not_json_at_all_is_reported_not_skipped(project: Path, minimal_map: str) -> None:
    """Only JSON of another shape is surely no map; bytes that are no JSON (a NUL-filled file, a stray word)
    say nothing of what the file was meant to be, and are reported."""
    maps = project / "maps"
    (maps / "ok.json").write_text(minimal_map, encoding="utf-8")
    (maps / "zeros.json").write_bytes(b"\0" * 64)
    (maps / "word.json").write_text("nothing here", encoding="utf-8")
    proc = run_argmap("validate", "maps", cwd=project)
    assert proc.returncode == 1 and "skipped" not in proc.stderr
    assert "maps/zeros.json:1:1: error[" in proc.stdout and "maps/word.json:1:1: error[json-syntax]" in proc.stdout
