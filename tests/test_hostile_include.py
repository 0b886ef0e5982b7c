"""Argdown `@include(...)` paths the operating system refuses (a NUL, an overlong name): one plain line, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_argmap

CASES = {
    "nul": "a\x00b.argdown",
    "encoded-nul-and-more": "x\x00/../../etc/passwd",
    "overlong-name": "a" * 300 + ".argdown",
    "overlong-path": "b/" * 2100 + "c.argdown",
}


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_an_include_path_the_os_refuses_is_a_plain_refusal(tmp_path: Path, name: str) -> None:
    source = tmp_path / "main.argdown"
    source.write_text(f"[a]: A claim.\n\n  @include({CASES[name]})\n", encoding="utf-8")
    proc = run_argmap("import", str(source), "--from", "argdown", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert lines[0].startswith(f"argmap: {source}:3:3: @include("), lines[0]
    assert "\x00" not in proc.stderr  # shown as \x00, never written raw
    assert not (tmp_path / "out").exists()
