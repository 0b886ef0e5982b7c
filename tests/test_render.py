"""Rendering: exact DOT against golden files, images checked by structure, failures leave no debris."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
import pytest

import argmap
from argmap.model import split_link
from argmap.render.backend import PURE_FORMATS, Engine, RenderError, engine_for, find_engines, run_dot
from argmap.render.dot import to_dot
from argmap.render.files import RenderResult, _write_diagram
from argmap.render.graph import Options, build

from .conftest import CASES, ROOT, run_argmap

GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE = CASES / "render" / "hostile-text.json"
MINIMAL = CASES / "valid" / "minimal.json"
SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(not find_engines(), reason="no dot executable (system Graphviz or graphviz-pure)")
LEGEND_NODES = 1  # the legend is one table


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
    support = re.search(r"\troot -> inject \[(.*)\]", text).group(1)
    attack = re.search(r"\troot -> r \[(.*)\]", text).group(1)
    # Support is the default edge (solid, arrow), stated once for the graph.
    assert "edge [" in text and "arrowtail=normal" in text and "style=solid" in text
    assert "style=" not in support and "arrowtail=" not in support
    assert "style=dashed" in attack and "arrowtail=tee" in attack
    cross = re.search(r"\tr -> inject \[(.*)\]", text).group(1)
    assert "constraint=false" in cross and "style=dashed" in cross


def test_depth_limit_and_side_filter() -> None:
    m = argmap.load(HOSTILE)
    graph = build([m], Options(max_depth=1))
    nodes = {n.key: n for n in graph.clusters[0].nodes}
    assert set(nodes) == {"root", "inject", "r"}
    assert nodes["inject"].hidden == 1 and nodes["r"].hidden == 1
    graph = build([m], Options(sides=frozenset({"b"})))
    # The claim always shows; a hidden node hides the answers to it, and counts them all.
    assert [n.key for n in graph.clusters[0].nodes] == ["root", "inject"]
    assert graph.clusters[0].nodes[0].hidden == 2  # r and its counter-rebuttal
    assert graph.legend == [('Side <A> & "B"', "#E69F00", "#000000"), ("Сторона Б 日本", "#56B4E9", "#000000")]
    graph = build([m], Options(max_depth=0))
    assert graph.clusters[0].nodes[0].hidden == 4  # every node below the claim, not only its answers


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
    assert "subgraph cluster_minimal" in overview and "subgraph cluster_b" in overview
    assert '"b/no-ukraine-in-nato" -> "minimal/right-to-choose"' in overview
    # The maps are stacked: the first map's deepest node sits above the second map's claim.
    assert '"minimal/right-to-choose" -> "b/no-ukraine-in-nato" [dir=none style=invis]' in overview
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
    legend_row = r'<TD BGCOLOR="(#[0-9A-F]{6})"[^>]*>.*?</TD><TD ALIGN="LEFT"><FONT POINT-SIZE="\d+">([^<]+)<'
    for dot in tmp_path.glob("*.dot"):
        for colour, side in re.findall(legend_row, dot.read_text()):
            colours_of.setdefault(side, set()).add(colour)
    assert len(colours_of) > 3 and all(len(c) == 1 for c in colours_of.values()), colours_of


# ---------------------------------------------------------------- readable, colours, stubs, scripts

SEED_MAPS = sorted((ROOT / "maps").glob("*.json"))
XLINK = "{http://www.w3.org/1999/xlink}href"


def _a3_text(svg: bytes) -> float:
    """Smallest text in points once the SVG is scaled to fit A3 (either orientation), read from the SVG itself."""
    from argmap.render.page import fit_scale, svg_size
    from argmap.vocab import Page

    root = ET.fromstring(svg)
    scale = 1.0
    transform = root.find(f"{SVG}g").get("transform", "")
    found = re.search(r"scale\(([0-9.]+)", transform)
    if found:
        scale = float(found.group(1))  # a `size` attribute would shrink the drawing inside the page
    sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text") if t.get("font-size")]
    return min(sizes) * scale * fit_scale(*svg_size(svg), Page.A3)


@pytest.fixture(scope="module")
def seed_diagrams(tmp_path_factory) -> Path:
    from argmap.render.files import render_paths

    out = tmp_path_factory.mktemp("seed")
    if not find_engines():
        pytest.skip("no dot executable (system Graphviz or graphviz-pure)")
    result = render_paths([ROOT / "maps"], out, ["svg", "dot"])
    assert not result.failures, result.failures
    return out


# Map 5 (38 nodes, 17 answers to the claim, 8 boxes for other maps' nodes) reads only on a grid (5.0 pt in rows).
@pytest.mark.parametrize("path", SEED_MAPS, ids=[p.stem for p in SEED_MAPS])
@needs_dot
def test_every_seed_map_reads_at_a3(seed_diagrams: Path, path: Path) -> None:
    svg = (seed_diagrams / f"{path.stem}.svg").read_bytes()
    assert _a3_text(svg) >= 7.0


def _fills(dot_text: str) -> set[str]:
    return set(re.findall(r'fillcolor="(#[0-9A-F]{6})"', dot_text))


@needs_dot
def test_seed_fills_are_far_apart_and_their_text_contrasts(seed_diagrams: Path) -> None:
    from argmap.render.colours import contrast, delta_e76

    every: set[str] = set()
    for dot in seed_diagrams.glob("*.dot"):
        text = dot.read_text(encoding="utf-8")
        # Black text is the default; a node on a dark fill says fontcolor.
        pairs = {
            (fill, ink or "#000000")
            for fill, ink in re.findall(r'fillcolor="(#[0-9A-F]{6})"(?: fontcolor="(#[0-9A-F]{6})")?', text)
        }
        for fill, ink in pairs:
            assert contrast(fill, ink) >= 4.5, (dot.name, fill, ink)
        every |= {fill for fill, _ in pairs if fill != "#FFFFFF"}
    sides = {side for path in SEED_MAPS for side in argmap.load(path).sides}
    assert len(sides) >= 9 and len(every) == len(sides)  # every side of the seed debate its own colour
    for a, b in itertools.combinations(sorted(every), 2):
        assert delta_e76(a, b) >= 25, (a, b)


def _debate(sides: int, folder: Path) -> list[Path]:
    """Two maps sharing `sides` sides; the second declares them in reverse order and links into the first."""
    ids = [f"side-{i}" for i in range(sides)]
    paths = []
    for number, order in enumerate((ids, ids[::-1])):
        claim = {"id": "c", "kind": "claim", "side": order[0], "text": f"Claim {number}", "children": []}
        for i, side in enumerate(order[1:]):
            claim["children"].append({"id": f"p{i}", "kind": "premise", "side": side, "text": f"Point {i}"})
        if number == 1:
            claim["children"][0]["attacks"] = ["m0:p1"]
        data = {
            "id": f"m{number}",
            "title": f"Map {number}",
            "sides": {s: {"name": s.title()} for s in order},
            "claim": claim,
        }
        path = folder / f"m{number}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("sides", [6, 9, 21])
def test_a_debates_fills_are_far_apart_readable_and_the_same_alone(tmp_path: Path, sides: int) -> None:
    from argmap.render.colours import contrast, delta_e76, text_colour
    from argmap.render.files import debate_view

    paths = _debate(sides, tmp_path)
    maps = [argmap.load(p) for p in paths]
    together = debate_view([argmap.load_debate(tmp_path)])
    alone = debate_view([argmap.load_debate(paths[1])], [(str(paths[1]), maps[1])])  # its sibling is read too
    assert together.fills == alone.fills and len(set(together.fills.values())) == sides
    for a, b in itertools.combinations(together.fills.values(), 2):
        assert delta_e76(a, b) >= 25
    assert all(contrast(f, text_colour(f)) >= 4.5 for f in together.fills.values())
    # Declaration order does not matter: both maps draw each side in the same fill.
    first = _fills(to_dot(build([maps[0]], view=together)))
    second = _fills(to_dot(build([maps[1]], view=together)))
    assert first - {"#FFFFFF"} == second - {"#FFFFFF"}


def test_a_colour_chosen_in_the_map_wins(tmp_path: Path) -> None:
    paths = _debate(3, tmp_path)
    data = json.loads(paths[0].read_text())
    data["sides"]["side-1"]["color"] = "#123456"
    paths[0].write_text(json.dumps(data))
    m = argmap.load(paths[0])
    assert "#123456" in _fills(to_dot(build([m])))


@needs_dot
def test_cross_map_stubs_appear_in_both_diagrams_and_their_links_resolve(seed_diagrams: Path) -> None:
    checked = 0
    for svg_path in seed_diagrams.glob("*.svg"):
        if svg_path.stem == "overview":
            continue
        for a in ET.fromstring(svg_path.read_bytes()).iter(f"{SVG}a"):
            href = a.get(XLINK)
            if not href or "#" not in href:
                continue
            target, anchor = href.split("#")
            other = ET.fromstring((seed_diagrams / target).read_bytes())
            assert any(g.get("id") == anchor for g in other.iter(f"{SVG}g")), href
            checked += 1
    assert checked >= 8
    # Every cross-map link of the seed debate shows at both ends, each leading to the other.
    links = 0
    for path in SEED_MAPS:
        m = argmap.load(path)
        for edge in m.edges():
            other_map, other_node = split_link(edge.target)
            if not edge.crosslink or other_map is None or other_map == m.id:
                continue
            other_path = next(p for p in SEED_MAPS if argmap.load(p).id == other_map)
            here = (seed_diagrams / f"{path.stem}.svg").read_text(encoding="utf-8")
            there = (seed_diagrams / f"{other_path.stem}.svg").read_text(encoding="utf-8")
            assert f'xlink:href="{other_path.stem}.svg#{other_node}"' in here
            assert f'xlink:href="{path.stem}.svg#{edge.source}"' in there
            links += 1
    assert links >= 8


def test_grid_places_every_node_once_below_what_it_answers_within_the_width() -> None:
    m = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    from argmap.render.files import debate_view

    view = debate_view([argmap.load_debate(ROOT / "maps")])
    for width in (1, 3, 4, 7):
        graph = build([m], Options(columns=width), view=view)
        nodes = graph.clusters[0].nodes
        assert set(graph.grid) == {n.key for n in nodes}
        assert len(set(graph.grid.values())) == len(nodes)  # one node to a cell
        assert all(0 <= column < width for _, column in graph.grid.values())
        assert graph.grid[m.claim.id] == (0, 0)
        for edge in graph.edges:
            if edge.layout == "tree":
                assert graph.grid[edge.tail][0] > graph.grid[edge.head][0]  # an answer sits below what it answers
            elif edge.layout == "below":
                assert graph.grid[edge.head][0] > graph.grid[edge.tail][0]
        ranks = {rank for rank, _ in graph.grid.values()}
        assert ranks == set(range(len(ranks)))  # no empty rank
    text = to_dot(build([m], Options(columns=4), view=view))
    assert "weight=100" in text and "rank=same" in text  # the cells are held by invisible edges
    # Tree edges only draw: the cells, not the tree, set ranks and columns.
    tree = re.search(r'\t"meet-russias-demands" -> "nato-undermines-security" \[(.*)\]', text).group(1)
    assert "constraint=false" in tree and "weight=0" in tree


def test_page_fit_tries_grids_shaped_by_the_page_after_rows() -> None:
    from argmap.render.files import _layouts, grid_widths
    from argmap.vocab import Page

    assert grid_widths(Page.A3, 36) == [4, 7]  # upright, turned: 1234 and 1782 pt wide at 7 pt
    assert grid_widths(Page.A4, 36)[0] < 4
    layouts = _layouts(Options(), grid=True)
    assert [(o.row, o.columns) for o in layouts] == [(4, None), (3, None), (2, None), (4, 4), (4, 7)]
    assert all(o.columns is None for o in _layouts(Options(), grid=False))
    assert all(o.columns is None for o in _layouts(Options(rankdir="LR"), grid=True))


def test_max_answers_folds_the_rest_into_one_stub(tmp_path: Path) -> None:
    m = argmap.load(_debate(9, tmp_path)[0])  # a claim with 8 premises
    graph = build([m], Options(max_answers=3))
    nodes = graph.clusters[0].nodes
    more = [n for n in nodes if n.stub == "more"]
    assert len(more) == 1 and more[0].header == "+5 more"
    assert len([n for n in nodes if n.stub == ""]) == 4
    assert len(build([m]).clusters[0].nodes) == 9  # off by default: every node is drawn


@needs_dot
def test_node_text_is_verbatim_whatever_it_contains(tmp_path: Path) -> None:
    text = r"Graphviz escapes \N \G \L \E \T \H \\ and entities &amp; &lt; stay as typed"
    data = json.loads(MINIMAL.read_text(encoding="utf-8"))
    data["claim"]["text"] = text
    path = tmp_path / "escapes.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    digraph = argmap.diagram(path)
    assert isinstance(digraph, graphviz.Digraph)
    svg = digraph._repr_image_svg_xml().encode("utf-8")  # what a notebook shows, drawn without `dot` on PATH
    assert argmap.diagram(argmap.load(path)).source == digraph.source
    shown = [t.text for g in _svg_nodes(svg) for t in g.iter(f"{SVG}text") if t.text]
    joined = " ".join(shown)
    for word in text.split():
        assert word in joined, word


@needs_dot
def test_png_shows_cjk_text_and_follows_dpi(tmp_path: Path) -> None:
    from argmap.render.backend import font_files, rasterise

    if not font_files():
        pytest.skip("no font packages installed (fontpkg-arimo, cvttf-NotoSansCJK-Regular)")

    def png(text: str, dpi: int = 72) -> bytes:
        dot = f'digraph {{ a [shape=box label=<{text}>] }}'
        return rasterise(run_dot(dot, "svg", engine_for("svg")), dpi)

    # Tofu draws every missing character as the same box: two different strings would give one picture.
    assert png("日本語の文章") != png("中文的句子啊")
    assert png("Русский текст") != png("Другой текстъ")
    assert png("مرحبا بالعالم") != png("سلام علیکم دنیا")
    small, large = png("日本語", 72), png("日本語", 144)
    width = lambda image: int.from_bytes(image[16:20], "big")  # noqa: E731
    assert abs(width(large) - 2 * width(small)) <= 2


def _wide_map(folder: Path, answers: int = 30) -> Path:
    """A claim with many long answers: too wide to read on A4 unless they are folded."""
    text = "A long premise that wraps over several lines of the box it is drawn in, number {}"
    data = {
        "id": "wide",
        "title": "Wide",
        "sides": {"a": {"name": "A"}},
        "claim": {
            "id": "c",
            "kind": "claim",
            "side": "a",
            "text": "The claim",
            "children": [
                {"id": f"p{i}", "kind": "premise", "side": "a", "text": text.format(i)} for i in range(answers)
            ],
        },
    }
    path = folder / "wide.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@needs_dot
def test_cli_page_warns_when_a_map_cannot_read_at_that_size_and_max_answers_folds(tmp_path: Path) -> None:
    path = _wide_map(tmp_path)
    proc = run_argmap("render", str(path), "-o", str(tmp_path / "a"), "--page", "a4", "-q")
    assert proc.returncode == 0, proc.stderr
    assert "argmap: warning:" in proc.stderr and "scaled to fit A4, its smallest text is" in proc.stderr
    proc = run_argmap("render", str(path), "-o", str(tmp_path / "b"), "--page", "none", "-q")
    assert proc.returncode == 0 and "argmap: warning" not in proc.stderr
    proc = run_argmap("render", str(path), "-o", str(tmp_path / "c"), "--max-answers", "3", "--page", "a4", "-q")
    assert proc.returncode == 0 and "argmap: warning" not in proc.stderr, proc.stderr
    svg = (tmp_path / "c" / "wide.svg").read_text(encoding="utf-8")
    assert "+27 more" in svg and "number 3<" not in svg


@needs_dot
def test_cli_dpi_sets_the_png_resolution(tmp_path: Path) -> None:
    def width(dpi: str) -> int:
        out = tmp_path / dpi
        proc = run_argmap("render", str(MINIMAL), "-o", str(out), "-f", "png", "--dpi", dpi, "-q")
        assert proc.returncode == 0, proc.stderr
        return int.from_bytes((out / "minimal.png").read_bytes()[16:20], "big")

    assert abs(width("144") - 2 * width("72")) <= 2
