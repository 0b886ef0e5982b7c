"""The case folders: every valid map validates; every invalid one reports exactly its expected lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.debate import open_debate
from argmap.report.text import text_line

from .conftest import CASES

VALID = sorted((CASES / "valid").glob("*.json"))
INVALID = sorted((CASES / "invalid").glob("*.json"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_case(path: Path) -> None:
    result = open_debate([path]).findings
    assert [text_line(i) for i in result.issues] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    result = open_debate([path]).findings
    prefix = f"{path}:"
    got = [text_line(i).removeprefix(prefix) for i in result.issues]
    assert got == expected
    assert not result.ok or all(i.severity == "warning" for i in result.issues)
