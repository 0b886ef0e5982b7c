"""A map swapped for a symbolic link while a writer works on it: the write never lands outside the file read.

The race is made deterministic: the swap is done by a hook placed between the read and the commit (or
between the commit's check and its rename), where an attacker's process would have to hit it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import argmap.authoring.store as store

from .conftest import run_argmap

ADD = ("add", "maps/a.json", "no-ukraine-in-nato", "--kind", "premise", "--side", "russia", "--text", "Added.")


@pytest.fixture
def debate(project: Path, minimal_map: str) -> Path:
    data = json.loads(minimal_map)
    data["id"] = "a"
    (project / "maps" / "a.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    assert run_argmap("validate", cwd=project).returncode == 0
    return project


@pytest.fixture
def outside(debate: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file the user owns outside the debate folder, which must never be written; it holds the map's own
    text, so that a check of the text alone cannot tell the swap."""
    path = tmp_path_factory.mktemp("home") / "precious.json"
    path.write_bytes((debate / "maps" / "a.json").read_bytes())
    return path


def _swap_for_link(map_file: Path, outside: Path) -> None:
    """What the attacker does: the map replaced by a link to the outside file."""
    map_file.unlink()
    map_file.symlink_to(outside)


def _linked_map(debate: Path, outside: Path) -> tuple[Path, Callable[[], None]]:
    """Map a.json made a link to a file beside it; and what repoints the link at the outside file (same bytes)."""
    map_file = debate / "maps" / "a.json"
    real = debate / "real-a.json"
    map_file.rename(real)
    map_file.symlink_to(real)

    def repoint() -> None:
        outside.write_bytes(real.read_bytes())
        map_file.unlink()
        map_file.symlink_to(outside)

    return real, repoint


def _hook(monkeypatch: pytest.MonkeyPatch, name: str, after: Callable[[], None], *, before: bool) -> None:
    real = getattr(store, name)
    done = []

    def hooked(*args: Any, **kwargs: Any) -> Any:
        if before and not done:
            done.append(after())
        value = real(*args, **kwargs)
        if not before and not done:
            done.append(after())
        return value

    monkeypatch.setattr(store, name, hooked)


def test_a_map_swapped_for_a_link_between_read_and_commit_is_refused(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_file = debate / "maps" / "a.json"
    _hook(monkeypatch, "_check", lambda: _swap_for_link(map_file, outside), before=True)
    before = outside.read_bytes()
    proc = run_argmap(*ADD, cwd=debate)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.stderr.strip().splitlines() == [
        "argmap: maps/a.json: changed on disk since it was read; nothing was written (run the command again)"
    ]
    assert outside.read_bytes() == before
    assert map_file.is_symlink()  # left as the attacker made it: nothing written anywhere
    assert not list((debate / "maps").glob(".argmap-*.tmp")) and not list(outside.parent.glob(".argmap-*"))


def test_a_map_swapped_for_a_link_with_another_text_is_refused(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_file = debate / "maps" / "a.json"
    outside.write_text('{"not": "a map"}\n', encoding="utf-8")
    _hook(monkeypatch, "_check", lambda: _swap_for_link(map_file, outside), before=True)
    proc = run_argmap(*ADD, cwd=debate)
    assert proc.returncode == 1 and "changed on disk since it was read" in proc.stderr
    assert outside.read_text(encoding="utf-8") == '{"not": "a map"}\n'


def test_a_map_replaced_by_another_file_between_read_and_commit_is_refused(
    debate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_file = debate / "maps" / "a.json"

    def replace() -> None:  # the same text, another file (a new inode): not the file that was read
        other = map_file.with_name("other")
        other.write_bytes(map_file.read_bytes())
        other.replace(map_file)

    _hook(monkeypatch, "_check", replace, before=True)
    proc = run_argmap(*ADD, cwd=debate)
    assert proc.returncode == 1 and "changed on disk since it was read" in proc.stderr
    assert "Added." not in map_file.read_text(encoding="utf-8")


def test_a_link_swapped_in_after_the_commits_check_is_replaced_not_followed(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_file = debate / "maps" / "a.json"
    _hook(monkeypatch, "_still_as_read", lambda: _swap_for_link(map_file, outside), before=False)
    before = outside.read_bytes()
    run_argmap(*ADD, cwd=debate)
    assert outside.read_bytes() == before
    assert not list(outside.parent.glob(".argmap-*"))


def test_a_linked_map_repointed_after_the_check_is_written_to_the_file_read(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, repoint = _linked_map(debate, outside)
    _hook(monkeypatch, "_still_as_read", repoint, before=False)
    before = outside.read_bytes()
    run_argmap(*ADD, cwd=debate)
    assert outside.read_bytes() == before
    assert "Added." in real.read_text(encoding="utf-8")


def test_a_linked_map_repointed_before_the_commit_is_refused(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, repoint = _linked_map(debate, outside)
    _hook(monkeypatch, "_check", repoint, before=True)
    before, real_before = outside.read_bytes(), real.read_bytes()
    proc = run_argmap(*ADD, cwd=debate)
    assert proc.returncode == 1 and "changed on disk since it was read" in proc.stderr
    assert outside.read_bytes() == before and real.read_bytes() == real_before


def test_a_map_swapped_for_a_link_after_the_locks_were_taken_is_refused(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Swapped before the read, the link is what was read; but its folder's lock was never taken.
    map_file = debate / "maps" / "a.json"
    _hook(monkeypatch, "open_debate", lambda: _swap_for_link(map_file, outside), before=True)
    before = outside.read_bytes()
    proc = run_argmap(*ADD, cwd=debate)
    assert proc.returncode == 1 and "changed on disk since it was read" in proc.stderr
    assert outside.read_bytes() == before


def test_a_map_that_was_a_link_when_read_is_written_through_and_stays_a_link(debate: Path) -> None:
    map_file = debate / "maps" / "a.json"
    real = debate / "real-a.json"
    map_file.rename(real)
    map_file.symlink_to(os.path.relpath(real, map_file.parent))
    proc = run_argmap(*ADD, cwd=debate)
    assert proc.returncode == 0, proc.stderr
    assert map_file.is_symlink() and "Added." in real.read_text(encoding="utf-8")


def test_the_mcp_writer_refuses_the_swap_as_the_cli_does(
    debate: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("mcp", reason="the MCP SDK is not installed")
    from argmap.mcp import tools
    from argmap.mcp.tools import Folder

    map_file = debate / "maps" / "a.json"
    _hook(monkeypatch, "_check", lambda: _swap_for_link(map_file, outside), before=True)
    before = outside.read_bytes()
    arguments = {"map": "a", "parent": "no-ukraine-in-nato", "kind": "premise", "side": "russia", "text": "Added."}
    with pytest.raises(Exception, match="changed on disk since it was read"):
        tools.BY_NAME["add"].call(Folder(debate / "maps"), arguments)
    assert outside.read_bytes() == before
