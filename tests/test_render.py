"""Rendering: exact DOT against golden files, images checked by structure, failures leave no debris."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap.render.backend import PURE_FORMATS, Engine, RenderError, engine_for, find_engines
from argmap.render.dot import to_dot
from argmap.render.files import RenderResult, _write_diagram
from argmap.render.graph import Options, build

from .conftest import CASES, ROOT, run_argmap

GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE = CASES / "render" / "hostile-text.json"
MINIMAL = CASES / "valid" / "minimal.json"
SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(not find_engines(), reason="no dot executable (system Graphviz or graphviz-pure)")
LEGEND_NODES = 5  # the table and two pairs of sample points


def _dot(path: Path, **options) -> str:
    return to_dot(build([argmap.load(path)], Options(**options)))


@pytest.mark.parametrize(
    ("name", "path", "options"),
    [
        ("minimal", MINIMAL, {}),
        ("hostile-text", HOSTILE, {}),
        ("hostile-text-lr-depth1-nolegend", HOSTILE, {"rankdir": "LR", "max_depth": 1, "legend": False}),
    ],
)
def test_dot_matches_golden(name: str, path: Path, options: dict) -> None:
    # Regenerate after an intended change: ARGMAP_UPDATE_GOLDEN=1 pytest tests/test_render.py
    golden = GOLDEN / f"{name}.dot"
    text = _dot(path, **options)
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_dot_is_deterministic() -> None:
    assert _dot(HOSTILE) == _dot(HOSTILE)


def test_support_and_attack_differ_without_colour() -> None:
    text = _dot(HOSTILE)
    support = re.search(r'"root" -> "inject" \[(.*)\]', text).group(1)
    attack = re.search(r'"root" -> "r" \[(.*)\]', text).group(1)
    assert 'style="solid"' in support and 'arrowtail="normal"' in support
    assert 'style="dashed"' in attack and 'arrowtail="tee"' in attack
    cross = re.search(r'"r" -> "inject" \[(.*)\]', text).group(1)
    assert 'constraint="false"' in cross and 'style="dashed"' in cross


def test_depth_limit_and_side_filter() -> None:
    m = argmap.load(HOSTILE)
    graph = build([m], Options(max_depth=1))
    nodes = {n.key: n for n in graph.clusters[0].nodes}
    assert set(nodes) == {"root", "inject", "r"}
    assert nodes["inject"].hidden_children == 1 and nodes["r"].hidden_children == 1
    graph = build([m], Options(sides=frozenset({"b"})))
    # The claim always shows; a hidden node hides the answers to it.
    assert [n.key for n in graph.clusters[0].nodes] == ["root", "inject"]
    assert graph.legend == [('Side <A> & "B"', "#77AADD"), ("Сторона Б 日本", "#EE8866")]


def _svg_nodes(svg: bytes) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


@needs_dot
def test_svg_shows_every_text_exactly(tmp_path: Path) -> None:
    proc = run_argmap("render", str(HOSTILE), "-o", str(tmp_path), "--wrap", "200", "--no-legend")
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "hostile-text.svg").read_bytes()
    nodes = _svg_nodes(svg)
    assert len(nodes) == 5  # the injection attempt did not create nodes
    texts = {g.find(f"{SVG}title").text: [t.text for t in g.iter(f"{SVG}text")] for g in nodes}
    m = json.loads(HOSTILE.read_text(encoding="utf-8"))
    root = m["claim"]
    assert root["text"] in texts["root"]
    assert root["speaker"] in texts["root"]
    assert texts["inject"][1:3] == root["children"][0]["text"].split("\n")
    assert "Третий уровень: 中文 ✓" in texts["deep"]
    title = ET.fromstring(svg).find(f"{SVG}g/{SVG}text")
    assert title.text == m["title"]


@needs_dot
def test_svg_structure_and_tooltips(tmp_path: Path) -> None:
    proc = run_argmap("render", str(MINIMAL), "-o", str(tmp_path), "-f", "svg", "-f", "png", "-f", "dot")
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "minimal.svg").read_bytes()
    assert len(_svg_nodes(svg)) == 2 + LEGEND_NODES
    links = [a.get("{http://www.w3.org/1999/xlink}title") for a in ET.fromstring(svg).iter(f"{SVG}a")]
    assert any(t and "sovereign choice of countries" in t and "What does Russia want?" in t for t in links)
    assert (tmp_path / "minimal.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "minimal.dot").read_text(encoding="utf-8") == _dot(MINIMAL)


def test_pdf_without_system_graphviz_says_how_to_get_it(tmp_path: Path) -> None:
    pure = Engine(Path("graphviz-pure"), "graphviz-pure", PURE_FORMATS)
    with pytest.raises(RenderError, match="apt-get install graphviz"):
        engine_for("pdf", [pure])
    with pytest.raises(RenderError, match="no Graphviz `dot` found"):
        engine_for("svg", [])


@needs_dot
def test_cli_pdf_failure_still_writes_dot_and_exits_1(tmp_path: Path) -> None:
    # A PATH holding only this interpreter's scripts: graphviz-pure but no system dot.
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    proc = __import__("subprocess").run(
        [sys.executable, "-m", "argmap", "render", str(MINIMAL), "-o", str(tmp_path), "-f", "pdf"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if shutil.which("dot", path=env["PATH"]):
        pytest.skip("a system dot sits beside the interpreter")
    assert proc.returncode == 1
    assert "PDF needs Graphviz's own `dot`" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "minimal.pdf").exists()
    assert (tmp_path / "minimal.dot").read_text(encoding="utf-8") == _dot(MINIMAL)


def test_failed_render_leaves_no_half_written_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken-dot"
    broken.write_text("#!/bin/sh\nprintf '<svg partial'\necho 'Error: boom' >&2\nexit 3\n")
    broken.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    (out / "m.svg").write_text("previous diagram")
    result = RenderResult()
    _write_diagram("digraph { a }", out / "m", ["svg"], [Engine(broken, "system", frozenset({"svg"}))], result)
    assert result.failures == [f"{out / 'm.svg'}: Graphviz (system) failed to write svg: Error: boom"]
    assert (out / "m.svg").read_text() == "previous diagram"
    assert sorted(p.name for p in out.iterdir()) == ["m.dot", "m.svg"]


@needs_dot
def test_render_folder_with_overview_progress_and_an_invalid_map(project: Path) -> None:
    maps = project / "maps"
    a = json.loads(MINIMAL.read_text(encoding="utf-8"))
    b = json.loads(MINIMAL.read_text(encoding="utf-8"))
    b["id"] = "b"
    b["claim"]["attacks"] = ["minimal:right-to-choose"]
    (maps / "a.json").write_text(json.dumps(a))
    (maps / "b.json").write_text(json.dumps(b))
    shutil.copy(CASES / "invalid" / "quote-not-found.json", maps / "c.json")
    (project / "maps" / "c.json").write_text((maps / "c.json").read_text().replace('"minimal"', '"c"'))
    proc = run_argmap("render", "--overview", "-f", "svg", "-f", "dot", cwd=project)
    assert proc.returncode == 1  # c.json is invalid, so it is reported and not drawn
    assert "maps/c.json:38:19: error[quote-not-found]" in proc.stderr
    assert "[1/3] maps/a.json" in proc.stderr and "[3/3] overview" in proc.stderr
    diagrams = project / "diagrams"
    assert sorted(p.name for p in diagrams.iterdir()) == [
        "a.dot",
        "a.svg",
        "b.dot",
        "b.svg",
        "overview.dot",
        "overview.svg",
    ]
    overview = (diagrams / "overview.dot").read_text(encoding="utf-8")
    assert 'subgraph "cluster_minimal"' in overview and 'subgraph "cluster_b"' in overview
    assert '"b:no-ukraine-in-nato" -> "minimal:right-to-choose"' in overview
    # The maps are stacked: the first map's deepest node sits above the second map's claim.
    assert '"minimal:right-to-choose" -> "b:no-ukraine-in-nato" [style="invis"];' in overview
    assert len(_svg_nodes((diagrams / "overview.svg").read_bytes())) == 4 + LEGEND_NODES


def test_unknown_side_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_argmap("render", str(MINIMAL), "-o", str(tmp_path), "--side", "martians")
    assert proc.returncode == 2
    assert "--side martians: no map declares that side" in proc.stderr
    assert not any(tmp_path.iterdir())


def test_wrap() -> None:
    from argmap.render.graph import _wrap

    assert _wrap("one two three four", 9) == ["one two", "three", "four"]
    assert _wrap("a verylongwordindeed b", 6) == ["a", "verylo", "ngword", "indeed", "b"]
    assert _wrap("first\n\nthird  line", 40) == ["first", "", "third line"]
    assert _wrap("", 10) == [""]


@needs_dot
def test_a_side_keeps_its_colour_across_the_diagrams_of_a_debate(tmp_path: Path) -> None:
    proc = run_argmap("render", "maps", "-o", str(tmp_path), "-f", "dot", "-q")
    assert proc.returncode == 0, proc.stderr
    colours_of: dict[str, set[str]] = {}  # side name -> colours it was drawn in
    legend_row = r'<TD BGCOLOR="(#[0-9A-F]{6})"[^>]*> </TD><TD ALIGN="LEFT">([^<]+)<'
    for dot in tmp_path.glob("*.dot"):
        for colour, side in re.findall(legend_row, dot.read_text()):
            colours_of.setdefault(side, set()).add(colour)
    assert len(colours_of) > 3 and all(len(c) == 1 for c in colours_of.values()), colours_of
