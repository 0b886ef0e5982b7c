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

    from argmap.cli import load_commands

    with _cwd(cwd):
        result = CliRunner(env=env).invoke(load_commands(), list(args), catch_exceptions=False)
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


class ServeProcess:
    """`argmap serve --port 0` in its own process, ready once it has printed its address (its readiness signal).

    Nothing here waits on time: the caps are generous bounds that only a hung process reaches.
    """

    CAP = 120.0

    def __init__(
        self, cwd: Path, *args: str, sigint_ignored: bool = False, env: dict[str, str] | None = None
    ) -> None:
        import signal
        import tempfile

        # stderr goes to a file, not a pipe nobody drains: a chatty server must never block on it.
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "argmap", "serve", "--port", "0", "--no-diagrams", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            # As a shell starts a background job: SIGINT ignored, which the child inherits.
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
        )
        import select

        ready, _, _ = select.select([self.proc.stdout], [], [], self.CAP)
        first = self.proc.stdout.readline() if ready else ""
        if not first.startswith("serving http://"):
            self.close()
            raise AssertionError(f"argmap serve did not start: {first!r} {self.stderr()}")
        self.url = first.split()[1]

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()

    def finish(self) -> tuple[int, str, str]:
        """Wait for the process to end (after a signal): exit code, the rest of stdout, stderr."""
        out, _ = self.proc.communicate(timeout=self.CAP)
        return self.proc.returncode, out, self.stderr()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=self.CAP)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._stderr.close()


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
