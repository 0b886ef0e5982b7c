"""Shared fixtures: the project root, the CLI run in-process (or as a real process), a scratch project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


@dataclass
class Ran:
    """What a run of the CLI gave: the same fields as subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _cwd(path: Path | str):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_argmap(*args: str, cwd: Path | str = ROOT, env: dict[str, str] | None = None) -> Ran:
    """Run the CLI as a user does, in this process (typer's CliRunner): fast, same exit codes and output."""
    from typer.testing import CliRunner

    from argmap.cli import app

    with _cwd(cwd):
        result = CliRunner(env=env).invoke(app, list(args), catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, cwd: Path | str = ROOT, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run the CLI in its own process: for what needs one (concurrency, signals, the console script, start-up)."""
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
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
