"""Shared fixtures: the project root, a runner for the real `argmap` process, a scratch project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


def run_argmap(*args: str, cwd: Path | str = ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the CLI as a user does, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: the seed documents under seeds/, the schema, and an empty maps/."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "maps").mkdir()
    return tmp_path


@pytest.fixture
def minimal_map() -> str:
    return (CASES / "valid" / "minimal.json").read_text(encoding="utf-8")
