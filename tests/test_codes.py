"""Every code a finding can carry is a member of errors.Code, each one is emitted somewhere, and docs/codes.md
is the table generated from the enum."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from argmap.debate import open_debate
from argmap.errors import Code, Issue, codes_table

from .conftest import CASES, ROOT


def test_an_issue_refuses_a_code_that_is_not_a_member() -> None:
    with pytest.raises(ValueError):
        Issue("no-such-code", "x")  # type: ignore[arg-type]
    issue = Issue("unused-side", "x")  # type: ignore[arg-type]
    assert issue.code is Code.UNUSED_SIDE and issue.severity == "warning"


def test_an_issue_is_frozen_and_placing_it_makes_another() -> None:
    from dataclasses import FrozenInstanceError

    issue = Issue(Code.MISSING_QUOTE, "m", "/claim", None, "c")
    placed = issue.at("a.json", 3, 4)
    with pytest.raises(FrozenInstanceError):
        placed.file = "b.json"  # type: ignore[misc]
    assert (issue.file, issue.line, issue.column) == (None, None, None)
    assert placed == Issue(Code.MISSING_QUOTE, "m", "/claim", "warning", "c", "a.json", 3, 4)
    assert hash(placed) == hash(Issue(Code.MISSING_QUOTE, "m", "/claim", "warning", "c", "a.json", 3, 4))
    assert placed.at("a.json").line is None and placed.unplaced().file == "a.json"


def test_the_library_names_codes_by_member_and_names_every_member() -> None:
    """No finding is made from a bare string, and no member is left that nothing emits."""
    named: set[str] = set()
    for path in (ROOT / "argmap").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code":
                named.add(node.attr)
            makers = {"Issue", "_issue", "issue", "SourceProblem"} | ({"fail"} if path.name == "loader.py" else set())
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in makers:
                first = node.args[0] if node.args else None
                assert not isinstance(first, ast.Constant), f"{path.name}:{node.lineno}: a code as a bare string"
    assert named - {c.name for c in Code} == set()
    assert {c.name for c in Code} - named == set(), "members no module emits"


def _codes(paths: list[Path], root: Path | None = None) -> set[str]:
    return {i.code.value for i in open_debate(paths, root).findings.issues}


def test_every_code_of_a_file_or_a_debate_is_emitted_by_a_case(tmp_path: Path, minimal_map: str) -> None:
    seen: set[str] = set()
    for path in sorted((CASES / "invalid").glob("*.json")):
        seen |= _codes([path])
    # The ones a case file cannot carry: made here.
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "big.txt").write_bytes(b"")
    os.truncate(tmp_path / "seeds" / "big.txt", 11 * 1024 * 1024)  # sparse: no 11 MB written
    data = json.loads(minimal_map)
    data["sources"]["big"] = {"path": "seeds/big.txt", "title": "Big", "date": "2022"}
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a.json").write_text(json.dumps(data))
    (tmp_path / "maps" / "b.json").write_text(json.dumps(data))
    (tmp_path / "maps" / "huge.json").write_bytes(b"")
    os.truncate(tmp_path / "maps" / "huge.json", 21 * 1024 * 1024)
    os.mkfifo(tmp_path / "maps" / "pipe.json")
    seen |= _codes([tmp_path / "maps"], root=tmp_path)
    wanted = {c.value for c in Code if c.found_by in ("file", "schema", "map", "debate")}
    assert wanted - seen == set()


def test_docs_codes_table_is_generated_from_the_enum() -> None:
    # Regenerate with: python -m argmap.errors > docs/codes.md
    assert (ROOT / "docs" / "codes.md").read_text(encoding="utf-8") == codes_table()
