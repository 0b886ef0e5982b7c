"""A folder of maps is one debate: cross-map links resolve across its files; map ids are unique."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run_argmap


def _map(map_id: str, minimal_map: str, **claim_extra) -> str:
    data = json.loads(minimal_map)
    data["id"] = map_id
    data["claim"].update(claim_extra)
    return json.dumps(data, indent=2)


def test_cross_map_links_resolve_within_the_folder(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map, attacks=["b:right-to-choose"]))
    (maps / "b.json").write_text(_map("b", minimal_map))
    assert run_argmap("validate", cwd=project).returncode == 0
    # A single file still resolves its links against the other maps of its folder.
    proc = run_argmap("validate", "maps/a.json", cwd=project)
    assert proc.returncode == 0, proc.stdout


def test_cross_map_link_to_a_missing_node(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map, supports=["b:nothing-here"]))
    (maps / "b.json").write_text(_map("b", minimal_map))
    proc = run_argmap("validate", "maps/a.json", cwd=project)
    assert proc.returncode == 1
    assert (
        "error[unknown-link]: node 'no-ukraine-in-nato' supports 'b:nothing-here', "
        "but map 'b' has no node 'nothing-here'" in proc.stdout
    )


def test_support_cycle_across_maps(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "a.json").write_text(_map("a", minimal_map, supports=["b:no-ukraine-in-nato"]))
    (maps / "b.json").write_text(_map("b", minimal_map, supports=["a:no-ukraine-in-nato"]))
    proc = run_argmap("validate", cwd=project)
    assert proc.returncode == 1
    assert "support cycle no-ukraine-in-nato -> b:no-ukraine-in-nato -> no-ukraine-in-nato" in proc.stdout


def test_duplicate_map_ids(project: Path, minimal_map: str) -> None:
    (project / "maps" / "a.json").write_text(_map("same", minimal_map))
    (project / "maps" / "b.json").write_text(_map("same", minimal_map))
    proc = run_argmap("validate", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("maps/b.json:3:9: error[duplicate-map-id]: map id 'same'")


def test_unused_source_is_a_warning_only(project: Path, minimal_map: str) -> None:
    data = json.loads(minimal_map)
    data["sources"]["extra"] = {"path": data["sources"]["guide"]["path"], "title": "t", "date": "2022"}
    (project / "maps" / "m.json").write_text(json.dumps(data, indent=2))
    proc = run_argmap("validate", cwd=project)
    assert proc.returncode == 0
    assert "warning[unused-source]: source 'extra' is declared but no quote uses it" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "1 file, 0 problems, 1 warning"
