"""`argmap serve` ended by SIGTERM (docker stop, systemd, CI) or SIGHUP (its terminal closed, an ssh session dropped):
as Ctrl-C ends it."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from .conftest import ROOT, ServeProcess

needs_sighup = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="this platform has no SIGHUP")


@pytest.fixture
def debate(project: Path) -> Path:
    shutil.copy(ROOT / "maps" / "1-ukraine-never-in-nato.json", project / "maps")
    return project


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_ends_the_server_as_ctrl_c_does_and_removes_its_build(
    name: str, debate: Path, tmp_path: Path
) -> None:
    if not hasattr(signal, name):
        pytest.skip(f"this platform has no {name}")
    temp = tmp_path / "tmp"
    temp.mkdir()
    server = ServeProcess(debate, env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert [p.name[:13] for p in temp.iterdir()] == ["argmap-serve-"]  # its build, while it serves
        server.proc.send_signal(getattr(signal, name))
        code, out, err = server.finish()
    finally:
        server.close()
    assert code == 0, err
    assert out.strip() == "stopped" and "Traceback" not in err
    assert list(temp.iterdir()) == []


@needs_sighup
def test_sighup_after_the_terminal_is_gone_still_cleans_up_and_exits_0(debate: Path, tmp_path: Path) -> None:
    # The terminal closed: nobody reads the server's output any more; "stopped" has nowhere to go.
    temp = tmp_path / "tmp"
    temp.mkdir()
    server = ServeProcess(debate, env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert server.proc.stdout is not None
        server.proc.stdout.close()
        server.proc.send_signal(signal.SIGHUP)
        code = server.proc.wait(timeout=server.CAP)
        err = server.stderr()
    finally:
        server.close()
    assert code == 0, err
    assert "Traceback" not in err and "internal error" not in err and "Exception ignored" not in err
    assert list(temp.iterdir()) == []
