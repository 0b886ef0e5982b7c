"""Names too long for the file system, chosen by a user or by a map's id: one plain line, exit 2, nothing written."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_argmap

LONG = "a" * 300
NEW = ("--title", "T", "--claim", "A claim.", "--claim-id", "c", "--side", "russia=Russia")


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != ".argmap.lock")


def _refused(project: Path, *args: str, limit: str = "limited to 255 bytes") -> str:
    before = _files(project)
    proc = run_argmap(*args, cwd=project)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: "), proc.stderr
    assert limit in lines[0] and "internal error" not in lines[0]
    assert _files(project) == before, "a refused command wrote a file"
    return lines[0]


def _map(project: Path, map_id: str, name: str = "m.json") -> Path:
    data = {
        "id": map_id,
        "title": "T",
        "sides": {"russia": {"name": "Russia"}},
        "claim": {"id": "c", "kind": "claim", "side": "russia", "text": "A claim."},
    }
    path = project / "maps" / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_new_with_a_file_name_over_255_bytes_is_refused(project: Path) -> None:
    line = _refused(project, "new", f"maps/{LONG}.json", *NEW)
    assert line.startswith("argmap: maps/aaaa") and "305 bytes" in line


def test_new_with_a_name_of_many_bytes_in_few_characters_is_refused(project: Path) -> None:
    # 100 characters, 300 bytes in UTF-8: the limit is in bytes.
    _refused(project, "new", f"maps/{'€' * 100}.json", *NEW)


def test_new_with_a_whole_path_over_the_limit_is_refused(project: Path) -> None:
    deep = "maps/" + "b/" * 2100 + "m.json"
    line = _refused(project, "new", deep, *NEW, limit="a whole path is limited to")
    assert "path is" in line


def test_rename_map_to_an_id_too_long_for_its_file_is_refused(project: Path) -> None:
    _map(project, "m")
    _refused(project, "rename", "maps/m.json", "--map", LONG)
    kept = run_argmap("rename", "maps/m.json", "--map", LONG, "--keep-file", cwd=project)
    assert kept.returncode == 0, kept.stderr
    assert (project / "maps" / "m.json").exists()


def test_export_and_import_to_an_overlong_name_are_refused(project: Path) -> None:
    _map(project, "m")
    _refused(project, "export", "maps/m.json", "--to", "outline", "-o", f"{LONG}.txt")
    run_argmap("export", "maps/m.json", "--to", "outline", "-o", "m.txt", cwd=project)
    _refused(project, "import", "m.txt", "--from", "outline", "-o", f"out/{LONG}.json")
    (project / "out").mkdir()
    _refused(project, "import", "m.txt", "--from", "outline", "-o", f"out/{LONG}")


def test_import_of_a_map_whose_id_is_too_long_for_a_file_name_is_refused(project: Path) -> None:
    _map(project, LONG)
    assert run_argmap("export", "maps/m.json", "--to", "outline", "-o", "m.txt", cwd=project).returncode == 0
    (project / "maps" / "m.json").unlink()
    _refused(project, "import", "m.txt", "--from", "outline", "-o", "out")


def test_site_of_a_map_whose_id_is_too_long_for_a_page_name_is_refused(project: Path) -> None:
    _map(project, LONG)
    line = _refused(project, "site", "maps", "-o", "site")
    assert line.startswith("argmap: site/aaaa")


def test_an_overlong_name_no_check_caught_is_still_a_plain_refusal(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argmap.authoring

    def too_long(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENAMETOOLONG, "File name too long", f"maps/{LONG}.json")

    monkeypatch.setattr(argmap.authoring, "new_map_file", too_long)
    line = _refused(project, "new", "maps/m.json", *NEW)
    assert "the file name is too long for the file system" in line


def test_the_mcp_new_tool_refuses_an_overlong_name_as_a_tool_error(project: Path) -> None:
    pytest.importorskip("mcp", reason="the MCP SDK is not installed")
    import anyio
    from mcp import Client

    from argmap.mcp.server import build
    from argmap.mcp.tools import Folder

    async def session() -> list[Any]:
        async with Client(build(Folder(project / "maps"))) as client:
            base = {"title": "T", "claim": "A claim.", "sides": ["russia=Russia"]}
            return [
                await client.call_tool("new", {**base, "id": "m", "file": f"{LONG}.json"}),
                await client.call_tool("new", {**base, "id": LONG}),
            ]

    for result in anyio.run(session):
        assert result.is_error
        text = result.content[0].text
        assert len(text.splitlines()) == 1 and "limited to 255 bytes" in text, text
        assert "internal error" not in text
    assert _files(project / "maps") == []
