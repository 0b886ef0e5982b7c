"""Exports read by the other tools: AIF by arguebuf (Python 3.13+), Argdown by the Argdown CLI (node).

Each tool is installed once into a cache (ARGMAP_TOOL_CACHE, default ~/.cache/argmap-tests) by the
project's own test; where it cannot be installed the test skips and names what is missing.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

import argmap
from argmap.formats import write
from argmap.model import split_link
from argmap.vocab import Kind

from .conftest import CASES, ROOT

CACHE = Path(os.environ.get("ARGMAP_TOOL_CACHE", Path.home() / ".cache" / "argmap-tests"))
ARGUEBUF = "arguebuf==3.0.0"
ARGDOWN_CLI = "@argdown/cli@1.7.5"


def _maps() -> list[argmap.ArgMap]:
    paths = [*sorted((ROOT / "maps").glob("*.json")), CASES / "valid" / "linked-undercut-rephrase.json"]
    return [argmap.load(p) for p in paths]


def _python313() -> str | None:
    """An interpreter of Python 3.13 or later: on PATH, or installed by pyenv."""
    candidates = [shutil.which(f"python3.{minor}") for minor in range(20, 12, -1)]
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(str(root / "versions" / "3.1[3-9]*" / "bin" / "python")), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info >= (3, 13))"], capture_output=True, text=True
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


@pytest.fixture(scope="session")
def arguebuf_python() -> str:
    venv = CACHE / "arguebuf-venv"
    python = venv / "bin" / "python"
    if not python.exists() or subprocess.run([python, "-c", "import arguebuf"], capture_output=True).returncode:
        base = _python313()
        if base is None:
            pytest.skip("arguebuf needs Python 3.13 or later: none found (python3.13 on PATH or under pyenv)")
        made = subprocess.run([base, "-m", "venv", "--clear", str(venv)], capture_output=True, text=True)
        if made.returncode:
            pytest.skip(f"cannot make a virtual environment with {base}: {made.stderr.strip()[-200:]}")
        pip = subprocess.run([python, "-m", "pip", "install", "-q", ARGUEBUF], capture_output=True, text=True)
        if pip.returncode:
            pytest.skip(f"cannot install {ARGUEBUF} from PyPI: {pip.stderr.strip()[-200:]}")
    return str(python)


READ_WITH_ARGUEBUF = """
import json, sys, arguebuf
g = arguebuf.load.file(sys.argv[1])
print(json.dumps({
    "atoms": {a.id: [a.plain_text, a.participant.name if a.participant else None,
                     a.reference.text if a.reference else None] for a in g.atom_nodes.values()},
    "schemes": {s.id: type(s.scheme).__name__ for s in g.scheme_nodes.values()},
    "edges": [[e.source.id, e.target.id] for e in g.edges.values()],
}))
"""


def test_aif_export_loads_in_arguebuf_with_every_node_relation_speaker_and_quote(
    arguebuf_python: str, tmp_path: Path
) -> None:
    maps = _maps()
    path = tmp_path / "debate.json"
    path.write_text(write(maps, "aif"), encoding="utf-8")
    ran = subprocess.run([arguebuf_python, "-c", READ_WITH_ARGUEBUF, str(path)], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    graph = json.loads(ran.stdout)
    atoms = list(graph["atoms"].values())
    nodes = [n for m in maps for n, *_ in m.walk()]
    # one atom per node, in order, each with its text, speaker and quote
    assert [a[0] for a in atoms] == [n.text for n in nodes]
    assert [a[1] for a in atoms] == [n.speaker for n in nodes]
    assert [a[2] for a in atoms] == [n.quote.text if n.quote else (n.text if n.speaker else None) for n in nodes]
    # one scheme per relation: linked premises share theirs; undercuts aim at a scheme
    in_export = {m.id for m in maps}
    relations = Counter()
    for m in maps:
        groups = set()
        for node, parent, *_ in m.walk():
            if parent is not None:
                if node.group is not None and (parent.id, node.group) in groups:
                    continue
                groups.add((parent.id, node.group))
                kind = "Rephrase" if node.rephrase else ("Support" if node.kind is Kind.PREMISE else "Attack")
                relations[kind] += 1
            for link in node.supports:
                relations["Support"] += (split_link(link)[0] or m.id) in in_export
            for link in node.attacks:
                relations["Attack"] += (split_link(link)[0] or m.id) in in_export
    assert Counter(graph["schemes"].values()) == relations
    schemes = set(graph["schemes"])
    undercuts = [e for e in graph["edges"] if e[0] in schemes and e[1] in schemes]
    assert len(undercuts) == sum(1 for n in nodes if n.undercut)


@pytest.fixture(scope="session")
def argdown_cli() -> Path:
    prefix = CACHE / "argdown-cli"
    binary = prefix / "node_modules" / ".bin" / "argdown"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            pytest.skip("the Argdown CLI needs node and npm: not on PATH")
        prefix.mkdir(parents=True, exist_ok=True)
        ran = subprocess.run(
            [npm, "install", "--silent", "--prefix", str(prefix), ARGDOWN_CLI], capture_output=True, text=True
        )
        if ran.returncode or not binary.exists():
            pytest.skip(f"cannot install {ARGDOWN_CLI} from npm: {ran.stderr.strip()[-200:]}")
    return binary


def test_argdown_export_is_read_by_the_argdown_cli_with_the_same_statements_and_relations(
    argdown_cli: Path, tmp_path: Path
) -> None:
    maps = _maps()
    source = tmp_path / "debate.argdown"
    source.write_text(write(maps, "argdown"), encoding="utf-8")
    ran = subprocess.run([str(argdown_cli), "json", str(source), str(tmp_path / "out")], capture_output=True, text=True)
    assert ran.returncode == 0 and "Successfully" in ran.stdout, ran.stdout + ran.stderr
    data = json.loads((tmp_path / "out" / "debate.json").read_text(encoding="utf-8"))
    assert data["arguments"] == {}
    # each statement is defined once, in its map's tree, with its text and argmap's data
    defined = {t: [m for m in s["members"] if "data" in m] for t, s in data["statements"].items()}
    assert all(len(members) == 1 for members in defined.values())
    from argmap.formats.argdown import _Writer

    title = {key: ref[1:-1] for key, ref in _Writer(maps).refs.items()}  # (map, node) -> its Argdown title
    nodes = {title[(m.id, n.id)]: n for m in maps for n, *_ in m.walk()}
    assert set(defined) == set(nodes)
    assert {t: members[0]["text"].strip() for t, members in defined.items()} == {
        t: " ".join(n.text.split()) for t, n in nodes.items()
    }
    own = {t: members[0]["data"]["argmap"] for t, members in defined.items()}
    assert {t: (d["id"], d["side"]) for t, d in own.items()} == {t: (n.id, n.side) for t, n in nodes.items()}
    in_export = {m.id for m in maps}
    expected = Counter()
    undercuts = {(m.id, n.id) for m in maps for n, *_ in m.walk() if n.undercut}
    for m in maps:
        for edge in m.edges():
            map_id, node_id = split_link(edge.target)
            if (map_id or m.id) in in_export:
                kind = "support" if edge.relation == "supports" else "attack"
                if not edge.crosslink and (m.id, edge.source) in undercuts:
                    kind = "undercut"  # '<_': the CLI aims it at the parent's inference, when it has one
                expected[(title[(m.id, edge.source)], kind, title[(map_id or m.id, node_id)])] += 1
    relations = Counter((r["from"], r["relationType"], r["to"]) for r in data["relations"])
    assert relations == expected
