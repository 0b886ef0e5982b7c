"""Hostile files: each is one clear problem line with a place, exit 1, no traceback, no hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_argmap


def _validate(path: Path) -> tuple[int, list[str]]:
    proc = run_argmap("validate", str(path))
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc.returncode, proc.stdout.splitlines()


def test_node_tree_deeper_than_the_limit(tmp_path: Path, minimal_map: str) -> None:
    from argmap.model import MAX_DEPTH

    data = json.loads(minimal_map)
    node = {"id": "leaf", "kind": "premise", "side": "russia", "text": "x"}
    for level in range(MAX_DEPTH + 5):
        node = {"id": f"n{level}", "kind": "premise", "side": "russia", "text": "x", "children": [node]}
    data["claim"]["children"] = [node]
    path = tmp_path / "deep-tree.json"
    path.write_text(json.dumps(data, indent=1))
    proc = run_argmap("validate", "--format", "json", str(path))
    assert proc.returncode == 1
    (finding,) = json.loads(proc.stdout)["findings"]
    assert finding["code"] == "too-deep"
    # The first node past the limit: depth MAX_DEPTH + 1 below the root claim.
    assert finding["pointer"] == "/claim" + "/children/0" * (MAX_DEPTH + 1)
    # The outermost generated node n{MAX_DEPTH + 4} sits at depth 1, so depth d holds n{MAX_DEPTH + 5 - d}.
    assert finding["node"] == "n4"
    assert path.read_text().splitlines()[finding["line"] - 1].strip() == "{"


def test_file_of_50_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"id": "x", "title": "' + "a" * 50_000_000 + '"}')
    code, lines = _validate(path)
    assert code == 1
    assert lines[0] == (
        f"{path}:1:1: error[file-too-large]: the file is 50.0 MB; maps are limited to 20 MiB "
        "(split the debate into several maps)"
    )


def test_a_folder_given_as_a_file_is_read_as_a_folder_of_maps(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    proc = run_argmap("validate", str(tmp_path))
    assert proc.returncode == 0
    assert proc.stdout.strip() == "0 files, 0 problems"


@pytest.mark.parametrize(
    "name", ["empty-file", "invalid-utf8", "nan", "trailing-garbage", "not-an-object", "deep-nesting"]
)
def test_cli_reports_case_without_traceback(name: str) -> None:
    from .conftest import CASES

    path = CASES / "invalid" / f"{name}.json"
    code, lines = _validate(path)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert code == 1
    assert lines[:-1] == [f"{path}:{line}" for line in expected]
