"""The case folders: every valid map validates; every invalid one reports exactly its expected lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.debate import validate_paths
from argmap.report.text import text_line

from .conftest import CASES

VALID = sorted((CASES / "valid").glob("*.json"))
INVALID = sorted((CASES / "invalid").glob("*.json"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_case(path: Path) -> None:
    result = validate_paths([path])
    assert [text_line(i) for i in result.issues] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    result = validate_paths([path])
    prefix = f"{path}:"
    got = [text_line(i).removeprefix(prefix) for i in result.issues]
    assert got == expected
    assert not result.ok or all(i.severity == "warning" for i in result.issues)


def test_every_check_code_has_a_case() -> None:
    from argmap.checks import CODES

    covered = {
        line.split("[", 1)[1].split("]", 1)[0]
        for path in INVALID
        for line in path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    }
    # duplicate-map-id and unused-source need two files or a debate (tests/test_debate.py), and
    # source-too-large a generated 10 MiB source (tests/test_bad_input.py).
    missing = set(CODES) - covered - {"duplicate-map-id", "unused-source", "source-too-large"}
    assert not missing, f"check codes without an invalid case: {sorted(missing)}"
