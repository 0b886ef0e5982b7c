"""Real files nobody on this project wrote: every one read as its reference tool reads it, or the difference named.

The corpus (895 files: Kialo exports, AraucariaDB AIF, xAIF, the Argdown project's tests and docs
examples; origins in its README) is read in place from `shared/realworld-corpus/` beside the project
(or ARGMAP_CORPUS). Kialo: every file imports, one node per numbered claim (less `-> See` lines and a
question), and export then import gives the same maps, through Kialo, Argdown and AIF alike. AIF:
statements, supports, attacks and rephrases equal arguebuf's atom and scheme nodes, every linked
inference keeps its premise set, and a round trip through AIF or Argdown is exact. Argdown: for every
file the Argdown CLI reads, argmap reads as many statements and arguments, a round trip is exact, and
the CLI reads argmap's export with the same statements, arguments and relations by kind; each
difference is named in a "not kept" line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from argmap.diff import diff_maps
from argmap.formats import read_file, read_text, write
from argmap.formats._graph import ATTACKS, REPHRASE, SUPPORTS, uses
from argmap.io.serialize import dump_map

from .conftest import ROOT
from .test_formats_tools import argdown_cli, arguebuf_python  # noqa: F401 - the tools' fixtures


def _corpus() -> Path | None:
    candidates = [os.environ.get("ARGMAP_CORPUS"), ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "realworld-corpus").is_dir():
            return Path(candidate) / "realworld-corpus"
        if candidate and Path(candidate).name == "realworld-corpus" and Path(candidate).is_dir():
            return Path(candidate)
    return None


CORPUS = _corpus()
ABSENT = "the real-world corpus (shared/realworld-corpus/ beside the project, or ARGMAP_CORPUS) is not here"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CORPUS is None, reason=ABSENT)]


def _files(folder: str, pattern: str) -> list[Path]:
    return sorted((CORPUS / folder).rglob(pattern)) if CORPUS is not None else []


def _same(maps, back) -> bool:
    return [dump_map(m) for m in back] == [dump_map(m) for m in maps] and not diff_maps(maps, back).differs


# ---------------------------------------------------------------- Kialo

_NUMBERED = re.compile(r"^[ \t]*(?:[0-9]+\.)+(?:[ \t]|$)", re.M)


def _kialo_counts(text: str) -> int:
    """Numbered claims, less `-> See` lines and the question of a question discussion."""
    body = re.split(r"(?m)^Sources:\r?$", text)[0]
    lines = body.replace("\r\n", "\n").split("\n")
    numbered = sees = questions = 0
    for index, line in enumerate(lines):
        if not _NUMBERED.match(line):
            continue
        numbered += 1
        after = line[_NUMBERED.match(line).end() :].strip()  # type: ignore[union-attr]
        questions += after.startswith("Question:")
        rest = re.sub(r"^(Pro|Con|Thesis):\s*", "", after)
        if not rest and index + 1 < len(lines):
            rest = lines[index + 1].strip()
        sees += rest.startswith("-> See")
    return numbered - sees - questions


@pytest.mark.parametrize("path", _files("kialo", "*"), ids=lambda p: p.name[-40:])
def test_every_kialo_export_imports_with_a_node_per_claim_and_round_trips_in_every_format(path: Path) -> None:
    _, imported = read_file(path, "kialo")
    nodes = sum(1 for m in imported.maps for _ in m.walk())
    assert nodes == _kialo_counts(path.read_text(encoding="utf-8-sig"))
    for fmt, name in (("kialo", "back.txt"), ("argdown", "back.argdown"), ("aif", "back.json")):
        back = read_text(write(imported.maps, fmt), name, fmt)[1].maps
        assert _same(imported.maps, back), fmt


# ---------------------------------------------------------------- AIF, beside arguebuf

READ_ALL_WITH_ARGUEBUF = """
import json, sys, pathlib, arguebuf
out = {}
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    data = json.loads(path.read_text(encoding="utf-8"))
    # arguebuf's AIF schema wants 'locutions' and 'participants'; AraucariaDB's files have neither.
    g = arguebuf.load.xaif(data) if "AIF" in data else arguebuf.load.aif({"locutions": [], "participants": [], **data})
    schemes = []
    for s in g.scheme_nodes.values():
        premises = sorted(g.atom_nodes[n.id].plain_text for n in g.incoming_nodes(s) if n.id in g.atom_nodes)
        conclusions = [g.atom_nodes[n.id].plain_text for n in g.outgoing_nodes(s) if n.id in g.atom_nodes]
        schemes.append([type(s.scheme).__name__, premises, conclusions])
    out[path.name] = {"atoms": len(g.atom_nodes), "schemes": schemes}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def arguebuf_reads(arguebuf_python: str) -> dict:  # noqa: F811 - the fixture by its name
    ran = subprocess.run(
        [arguebuf_python, "-c", READ_ALL_WITH_ARGUEBUF, str(CORPUS / "aif")], capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return json.loads(ran.stdout)


_KIND = {"Support": SUPPORTS, "Attack": ATTACKS, "Rephrase": REPHRASE}


@pytest.mark.parametrize("path", _files("aif", "*"), ids=lambda p: p.name[-40:])
def test_every_aif_file_keeps_arguebufs_statements_supports_attacks_and_premise_sets(
    path: Path, arguebuf_reads: dict
) -> None:
    _, imported = read_file(path, "aif")
    theirs = arguebuf_reads[path.name]
    maps = imported.maps
    assert sum(1 for m in maps for _ in m.walk()) == theirs["atoms"]
    relations = uses(maps)
    assert Counter(u.relation for u in relations) == Counter(
        _KIND[kind] for kind, *_ in theirs["schemes"] if kind in _KIND
    )
    # Every linked inference keeps its premise set: (premises, conclusion) for each support, by text.
    texts = {(m.id, n.id): n.text for m in maps for n, *_ in m.walk()}
    ours = Counter(
        (tuple(sorted(p.node.text for p in u.premises)), texts[u.target])
        for u in relations
        if u.relation == SUPPORTS and u.target is not None
    )
    assert ours == Counter(
        (tuple(premises), conclusions[0]) for kind, premises, conclusions in theirs["schemes"] if kind == "Support"
    )
    # An analysis with no statement (arguebuf's xaif-empty) has nothing for Argdown to hold.
    for fmt, name in (("aif", "back.json"), ("argdown", "back.argdown"))[: 2 if maps else 1]:
        back = read_text(write(maps, fmt), name, fmt)[1].maps
        assert _same(maps, back), fmt


# ---------------------------------------------------------------- Argdown, beside the Argdown CLI


def _cli_json(cli: Path, folder: Path, out: Path) -> dict[str, dict | None]:
    """The Argdown CLI's JSON of every file of a folder (one run), or None where it refuses a file."""
    subprocess.run([str(cli), "json", "./*.argdown", str(out)], cwd=folder, capture_output=True, text=True)
    found = {}
    for path in folder.glob("*.argdown"):
        result = out / f"{path.stem}.json"
        found[path.name] = json.loads(result.read_text(encoding="utf-8")) if result.exists() else None
    return found


def _kinds(data: dict) -> Counter:
    return Counter(r["relationType"] for r in data["relations"])


@pytest.fixture(scope="module")
def argdown_reads(argdown_cli: Path, tmp_path_factory) -> dict[Path, dict | None]:  # noqa: F811
    """What the CLI makes of each corpus file (files starting with '_' are partials it skips)."""
    out = {}
    for index, folder in enumerate(sorted({p.parent for p in _files("argdown", "*.argdown")})):
        target = tmp_path_factory.mktemp(f"argdown-{index}")
        for name, data in _cli_json(argdown_cli, folder, target).items():
            out[folder / name] = data
    return out


@pytest.fixture(scope="module")
def argdown_exports(argdown_cli: Path, argdown_reads, tmp_path_factory) -> dict[Path, tuple]:  # noqa: F811
    """For each file the CLI reads: argmap's import, and the CLI's JSON of argmap's export of it."""
    folder = tmp_path_factory.mktemp("exports")
    imported = {}
    for index, (path, data) in enumerate(sorted(argdown_reads.items())):
        if data is None:
            continue
        result = read_file(path, "argdown")[1]
        imported[path] = (f"e{index}", result)
        if result.maps:
            (folder / f"e{index}.argdown").write_text(write(result.maps, "argdown"), encoding="utf-8")
    read = _cli_json(argdown_cli, folder, folder / "out")
    return {path: (result, read.get(f"{name}.argdown")) for path, (name, result) in imported.items()}


@pytest.mark.parametrize(
    "path", [p for p in _files("argdown", "*.argdown") if not p.name.startswith("_")], ids=lambda p: p.name[-45:]
)
def test_every_argdown_file_the_cli_reads_is_read_the_same_and_its_export_too(
    path: Path, argdown_reads, argdown_exports
) -> None:
    if path not in argdown_exports:
        pytest.skip("the Argdown CLI refuses this file (a syntax error or a fragment), so there is nothing to match")
    imported, exported = argdown_exports[path]
    reference = argdown_reads[path]
    losses = " / ".join(imported.loss_lines())
    exploded = "explodeArguments" in losses
    nodes = sum(1 for m in imported.maps for _ in m.walk())
    if not exploded:
        assert nodes == len(reference["statements"]) + len(reference["arguments"]), losses
    if not imported.maps:
        return  # headings only: nothing to write back (the CLI reads no statement either)
    assert _same(imported.maps, read_text(write(imported.maps, "argdown"), "back.argdown", "argdown")[1].maps)
    assert exported is not None, "the Argdown CLI refuses argmap's export"
    assert len(exported["statements"]) == len(reference["statements"])
    if not exploded:
        assert len(exported["arguments"]) == len(reference["arguments"])
    theirs, ours = _kinds(reference), _kinds(exported)
    named = re.search(r"(\d+) undercuts of a statement or argument that bears on nothing kept as attacks", losses)
    if named:  # each one an attack in argmap's export: named, so counted back
        moved = int(named.group(1))
        ours["undercut"] += moved
        ours["attack"] -= moved
    assert +ours == +theirs
