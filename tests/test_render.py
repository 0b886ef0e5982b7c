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
from argmap.render.files import RenderResult, write_drawing
from argmap.render.graph import Options, build
from argmap.render.pages import lay_out, to_dot
from argmap.vocab import Page

from .conftest import CASES, ROOT, run_argmap
from .svg_compare import differences

GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE = CASES / "render" / "hostile-text.json"
MINIMAL = CASES / "valid" / "minimal.json"
SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(not find_engines(), reason="no dot executable (system Graphviz or graphviz-pure)")


def _dot(path: Path, **options) -> str:
    return to_dot(build([argmap.load(path)], Options(**options)))


@pytest.mark.parametrize(
    ("name", "path", "options"),
    [
        ("minimal", MINIMAL, {}),
        ("hostile-text", HOSTILE, {}),
        ("hostile-text-depth1-nolegend", HOSTILE, {"max_depth": 1, "legend": False}),
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
    # Lines are drawn from what is answered to the answer, the mark at the answered end.
    support = re.search(r"\troot -> inject \[(.*)\]", text).group(1)
    attack = re.search(r"\troot -> r \[(.*)\]", text).group(1)
    assert "edge [" in text and "style=solid" in text
    assert "style=" not in support and "arrowtail=normal" in support and "dir=back" in support
    assert "style=dashed" in attack and "arrowtail=tee" in attack
    # A link inside the map whose ends share the page is one line, arrow at the node it attacks.
    cross = re.search(r"\tr -> inject \[(.*)\]", text).group(1)
    assert "style=dashed" in cross and "arrowhead=tee" in cross and "dir=forward" in cross


def test_depth_limit_and_side_filter() -> None:
    m = argmap.load(HOSTILE)
    graph = build([m], Options(max_depth=1))
    nodes = {n.key: n for n in graph.nodes() if not n.stub}
    assert set(nodes) == {"root", "inject", "r"}
    assert nodes["inject"].hidden == 1 and nodes["r"].hidden == 1
    graph = build([m], Options(sides=frozenset({"b"})))
    # The claim always shows; a hidden node hides the answers to it, and counts them all.
    assert [n.key for n in graph.nodes() if not n.stub] == ["root", "inject"]
    assert graph.top.hidden == 2  # r and its counter-rebuttal
    assert graph.legend == [('Side <A> & "B"', "#E69F00", "#000000"), ("Сторона Б 日本", "#56B4E9", "#000000")]
    graph = build([m], Options(max_depth=0))
    assert graph.top.hidden == 4  # every node below the claim, not only its answers


def _svg_nodes(svg: bytes) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


@needs_dot
def test_svg_shows_every_text_exactly(tmp_path: Path) -> None:
    proc = run_argmap("render", str(HOSTILE), "-o", str(tmp_path), "--wrap", "200", "--no-legend")
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "hostile-text.svg").read_bytes()
    nodes = _svg_nodes(svg)
    texts = {g.find(f"{SVG}title").text: [t.text for t in g.iter(f"{SVG}text")] for g in nodes}
    assert sorted(texts) == ["cr", "deep", "inject", "r", "root", "title"]  # the injection attempt did not create nodes
    m = json.loads(HOSTILE.read_text(encoding="utf-8"))
    root = m["claim"]
    assert root["text"] in texts["root"]
    assert root["speaker"] in texts["root"]
    assert texts["inject"][1:3] == root["children"][0]["text"].split("\n")
    assert "Третий уровень: 中文 ✓" in texts["deep"]
    assert texts["title"] == [m["title"]]


@needs_dot
def test_svg_structure_and_tooltips(tmp_path: Path) -> None:
    proc = run_argmap("render", str(MINIMAL), "-o", str(tmp_path), "-f", "svg", "-f", "png", "-f", "dot")
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "minimal.svg").read_bytes()
    titles = [g.find(f"{SVG}title").text for g in _svg_nodes(svg)]
    assert {"no-ukraine-in-nato", "right-to-choose"} <= set(titles)
    links = [a.get("{http://www.w3.org/1999/xlink}title") for a in ET.fromstring(svg).iter(f"{SVG}a")]
    assert any(t and "sovereign choice of countries" in t and "What does Russia want?" in t for t in links)
    assert (tmp_path / "minimal.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "minimal.dot").read_text(encoding="utf-8") == _paged(MINIMAL)


def _paged(path: Path) -> str:
    """The DOT `argmap render` writes for a map that fits one page."""
    (source,) = lay_out(build([argmap.load(path)], Options()), path.stem).sources()
    return source


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
    assert (tmp_path / "minimal.dot").read_text(encoding="utf-8") == _paged(MINIMAL)


def test_failed_render_leaves_no_half_written_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken-dot"
    broken.write_text("#!/bin/sh\nprintf '<svg partial'\necho 'Error: boom' >&2\nexit 3\n")
    broken.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    (out / "minimal.svg").write_text("previous diagram")
    result = RenderResult()
    drawing = lay_out(build([argmap.load(MINIMAL)]), "minimal")
    (out / "minimal.png").write_text("previous picture")
    engines = [Engine(broken, "system", frozenset({"svg"}))]
    # SVG is drawn by argmap itself; PNG goes through Graphviz, whose failure must leave the old picture.
    write_drawing(drawing, drawing.each_page(), out, ["png"], engines, result, Options())
    assert result.failures == [f"{out / 'minimal'}.png: Graphviz (system) failed to write svg: Error: boom"]
    assert (out / "minimal.svg").read_text() == "previous diagram"
    assert (out / "minimal.png").read_text() == "previous picture"
    assert sorted(p.name for p in out.iterdir()) == ["minimal.dot", "minimal.png", "minimal.svg"]


def test_pages_synced_together_land_in_place_and_an_interrupted_group_leaves_no_debris(tmp_path: Path) -> None:
    from argmap.io.files import SYNC_GROUP, OutputFolder, synced_together

    out = tmp_path / "out"
    out.mkdir()
    (out / "page-0.svg").write_text("previous")
    (out / "page-0.svg").chmod(0o600)
    folder = OutputFolder(out)
    with synced_together():
        for number in range(SYNC_GROUP + 6):
            folder.write(f"page-{number}.svg", f"page {number}")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"page-{n}.svg" for n in range(SYNC_GROUP + 6))
    assert all((out / f"page-{n}.svg").read_text() == f"page {n}" for n in range(SYNC_GROUP + 6))
    assert (out / "page-0.svg").stat().st_mode & 0o777 == 0o600  # a replaced file keeps its mode

    later = tmp_path / "later"
    folder = OutputFolder(later)
    with pytest.raises(KeyboardInterrupt), synced_together():
        for number in range(SYNC_GROUP + 6):
            folder.write(f"page-{number}.svg", "new")
        raise KeyboardInterrupt
    # The full group is in place; the pages staged after it are gone, with no temporary file left.
    assert sorted(p.name for p in later.iterdir()) == sorted(f"page-{n}.svg" for n in range(SYNC_GROUP))


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
    # Both maps, each under its title, and the link between them drawn as one line.
    assert "<B>A guarantee that Ukraine can never join NATO</B>" in overview
    assert '"b/no-ukraine-in-nato" -> "minimal/right-to-choose"' in overview
    titles = {g.find(f"{SVG}title").text for g in _svg_nodes((diagrams / "overview.svg").read_bytes())}
    assert {
        "minimal/no-ukraine-in-nato",
        "minimal/right-to-choose",
        "b/no-ukraine-in-nato",
        "b/right-to-choose",
    } <= titles


def test_unknown_side_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_argmap("render", str(MINIMAL), "-o", str(tmp_path), "--side", "martians")
    assert proc.returncode == 2
    assert "--side martians: no map declares that side" in proc.stderr
    assert not any(tmp_path.iterdir())


def test_out_naming_a_file_is_a_usage_error_before_anything_is_drawn(tmp_path: Path) -> None:
    # As `site -o FILE`: one line and exit 2, not a failure per map after the progress lines.
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    proc = run_argmap("render", str(MINIMAL), "-o", str(notes))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"argmap: {notes}: is a file, not a folder; give a folder (it is made if missing)"
    assert notes.read_text(encoding="utf-8") == "mine" and sorted(tmp_path.iterdir()) == [notes]


@pytest.mark.parametrize("name", ["out.svg", "diagram.png", "x.PDF", "x.dot", "pages.html"])
def test_out_named_like_a_diagram_is_a_usage_error_and_nothing_is_made(tmp_path: Path, name: str) -> None:
    # `-o out.svg` made a folder named out.svg holding minimal.svg: -o names a folder, said at once.
    out = tmp_path / name
    proc = run_argmap("render", str(MINIMAL), "-o", str(out))
    assert proc.returncode == 2 and proc.stdout == ""
    suggested = out.with_suffix("")
    assert proc.stderr.strip() == (
        f"argmap: {out}: -o names the folder to write into, not a file; give a folder, e.g. -o {suggested} "
        "(nothing was written)"
    )
    assert not any(tmp_path.iterdir())


def test_an_existing_folder_named_like_a_diagram_is_written_into(tmp_path: Path) -> None:
    out = tmp_path / "out.svg"
    out.mkdir()
    proc = run_argmap("render", str(MINIMAL), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert (out / "minimal.svg").is_file()


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
    for dot in tmp_path.glob("*.dot"):
        text = dot.read_text()
        samples = dict(re.findall(r'\t"(legend/\d+/\d+)" \[[^\]]*fillcolor="(#[0-9A-F]{6})" fontcolor', text))
        for key, side in re.findall(r'\t"(legend/\d+/\d+)/text" \[label=<([^>]+)>', text):
            if key in samples:
                colours_of.setdefault(side, set()).add(samples[key])
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


def _pages_of(folder: Path, stem: str) -> list[Path]:
    """A diagram's SVG pages: `stem.svg` alone, or `stem-1.svg`, `stem-2.svg`, ..."""
    one = folder / f"{stem}.svg"
    return (
        [one]
        if one.exists()
        else sorted(folder.glob(f"{stem}-[0-9]*.svg"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    )


@pytest.mark.parametrize("path", SEED_MAPS, ids=[p.stem for p in SEED_MAPS])
@needs_dot
def test_every_seed_map_reads_at_a3(seed_diagrams: Path, path: Path) -> None:
    pages = _pages_of(seed_diagrams, path.stem)
    assert pages and all(_a3_text(page.read_bytes()) >= 7.0 for page in pages)


def _fills(dot_text: str) -> set[str]:
    return set(re.findall(r'fillcolor="(#[0-9A-F]{6})"', dot_text))


@needs_dot
def test_seed_fills_are_far_apart_and_their_text_contrasts(seed_diagrams: Path) -> None:
    from argmap.palette import contrast, delta_e76

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
    from argmap.palette import contrast, delta_e76, text_colour
    from argmap.render.files import debate_view

    paths = _debate(sides, tmp_path)
    maps = [argmap.load(p) for p in paths]
    together = debate_view(argmap.open_debate([tmp_path]))
    alone = debate_view(argmap.open_debate([paths[1]]), [(str(paths[1]), maps[1])])  # its sibling is read too
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
            here = " ".join(p.read_text(encoding="utf-8") for p in _pages_of(seed_diagrams, path.stem))
            there = " ".join(p.read_text(encoding="utf-8") for p in _pages_of(seed_diagrams, other_path.stem))
            assert re.search(rf'xlink:href="{other_path.stem}(-\d+)?\.svg#{other_node}"', here)
            assert re.search(rf'xlink:href="{path.stem}(-\d+)?\.svg#{edge.source}"', there)
            links += 1
    assert links >= 3  # the seed debate's links between maps (fidelity.md lists them)


@needs_dot
def test_one_stub_per_node_of_another_map_in_each_diagram(seed_diagrams: Path) -> None:
    for path in SEED_MAPS:
        for page in _pages_of(seed_diagrams, path.stem):
            targets = [
                a.get(XLINK)
                for g in ET.fromstring(page.read_bytes()).iter(f"{SVG}g")
                if g.get("class") == "node"
                for a in g.iter(f"{SVG}a")
                if a.get(XLINK) and not a.get(XLINK).split("#")[0].startswith(path.stem)
            ]
            assert len(targets) == len(set(targets)), page.name


def test_stub_labels_name_the_other_map_and_cut_at_a_word() -> None:
    from argmap.render.graph import cut_at_word

    assert cut_at_word("one two three", 60) == "one two three"
    assert cut_at_word("alpha beta gamma delta", 14) == "alpha beta\u2026"
    assert cut_at_word("x" * 80, 20) == "x" * 19 + "\u2026"
    m = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    from argmap.render.files import debate_view

    graph = build([m], view=debate_view(argmap.open_debate([ROOT / "maps"])))
    stubs = [n for n in graph.nodes() if n.stub == "link"]
    titles = {argmap.load(p).title for p in SEED_MAPS}
    assert stubs and all(n.header.startswith("in map ") for n in stubs)
    assert all(any(t.startswith(n.header[7:].rstrip("\u2026")) for t in titles) for n in stubs)
    for n in stubs:
        text = " ".join(n.lines)
        assert text.endswith("\u2026") or text == " ".join(n.tooltip.split())


def test_max_answers_folds_the_rest_into_one_stub(tmp_path: Path) -> None:
    m = argmap.load(_debate(9, tmp_path)[0])  # a claim with 8 premises
    nodes = build([m], Options(max_answers=3)).nodes()
    more = [n for n in nodes if n.stub == "more"]
    assert len(more) == 1 and more[0].header == "+5 more"
    assert len([n for n in nodes if n.stub == ""]) == 4
    assert len(build([m]).nodes()) == 9  # off by default: every node is drawn


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
    assert digraph.pipe(format="svg") == svg
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
        dot = f"digraph {{ a [shape=box label=<{text}>] }}"
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
def test_cli_pages_a_map_too_big_for_the_paper_and_page_none_keeps_one_picture(tmp_path: Path) -> None:
    path = _wide_map(tmp_path, answers=60)
    proc = run_argmap("render", str(path), "-o", str(tmp_path / "a"), "--page", "a4", "-f", "svg", "-f", "dot", "-q")
    assert proc.returncode == 0 and "argmap: warning" not in proc.stderr, proc.stderr
    pages = _pages_of(tmp_path / "a", "wide")
    assert len(pages) >= 2 and (tmp_path / "a" / "wide.html").exists()
    from argmap.render.page import fit_scale, svg_size

    for page in pages:
        assert 11 * fit_scale(*svg_size(page.read_bytes()), Page.A4) >= 7.0
    # Each page's DOT is the very DOT its picture was drawn from.
    dots = sorted((tmp_path / "a").glob("wide-*.dot"))
    assert len(dots) == len(pages)
    first = pages[0].read_text(encoding="utf-8")
    assert "continued on page 2:" in first
    assert "continued from page 1" in pages[1].read_text(encoding="utf-8")
    proc = run_argmap("render", str(path), "-o", str(tmp_path / "b"), "--page", "none", "-q")
    assert proc.returncode == 0 and "argmap: warning" not in proc.stderr
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["wide.svg"]
    proc = run_argmap("render", str(path), "-o", str(tmp_path / "c"), "--max-answers", "3", "--page", "a4", "-q")
    assert proc.returncode == 0 and "argmap: warning" not in proc.stderr, proc.stderr
    svg = (tmp_path / "c" / "wide.svg").read_text(encoding="utf-8")
    assert "+57 more" in svg and "number 3<" not in svg


@needs_dot
def test_dot_alone_is_the_dot_the_pictures_are_drawn_from(tmp_path: Path) -> None:
    path = ROOT / "maps" / "5-week-of-talks.json"
    alone = run_argmap("render", str(path), "-o", str(tmp_path / "a"), "-f", "dot", "-q")
    both = run_argmap("render", str(path), "-o", str(tmp_path / "b"), "-f", "svg", "-f", "png", "-f", "dot", "-q")
    assert alone.returncode == both.returncode == 0
    a = sorted((tmp_path / "a").glob("*.dot"))
    b = sorted((tmp_path / "b").glob("*.dot"))
    assert [p.name for p in a] == [p.name for p in b] and a
    assert all(x.read_text() == y.read_text() for x, y in zip(a, b, strict=True))
    # And drawing that DOT with Graphviz gives the SVG written beside it (argmap draws it; see test_render_svg).
    for dot in b:
        drawn = run_dot(dot.read_text(encoding="utf-8"), "svg", engine_for("svg"))
        assert differences(dot.with_suffix(".svg").read_bytes(), drawn) == []


@needs_dot
def test_evaluate_keeps_the_fills_and_marks_labels_with_a_badge(tmp_path: Path) -> None:
    proc = run_argmap("render", "maps", "-o", str(tmp_path), "--evaluate", "-f", "dot", "-q")
    assert proc.returncode == 0, proc.stderr
    text = " ".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.dot"))
    assert "\u2717 OUT" in text and "\u2713 IN" in text
    # No node is greyed out: every fill is a side's colour (or a stub's white).
    assert "#EEEEEE" not in text and "#767676" not in text
    from argmap.palette import delta_e76

    fills = set(re.findall(r'fillcolor="(#[0-9A-F]{6})"', text)) - {"#FFFFFF"}
    assert fills and all(delta_e76(fill, "#FFFFFF") > 5 for fill in fills)  # the badge's white is no side's fill


def test_the_legend_draws_each_line_as_the_diagram_does() -> None:
    text = _dot(HOSTILE)
    attack = re.search(r"\troot -> r \[(.*)\]", text).group(1)
    sample = re.search(r'\t"legend/\d+/1/a" -> "legend/\d+/1/b" \[(.*)\]', text).group(1)
    strip = lambda attrs: re.sub(r"pos=\"[^\"]*\" ?", "", attrs)  # noqa: E731
    assert strip(sample) == strip(attack)


def test_strengths_plug_into_the_badge() -> None:
    from argmap.render.graph import DebateView

    m = argmap.load(MINIMAL)
    view = DebateView.of([m])
    view.labels = {f"{m.id}:{m.claim.id}": "in"}
    view.strengths = {f"{m.id}:{m.claim.id}": 0.734}
    assert "\u2713 IN 0.73" in to_dot(build([m], Options(evaluate=True), view=view))


@needs_dot
def test_cli_dpi_sets_the_png_resolution(tmp_path: Path) -> None:
    def width(dpi: str) -> int:
        out = tmp_path / dpi
        proc = run_argmap("render", str(MINIMAL), "-o", str(out), "-f", "png", "--dpi", dpi, "-q")
        assert proc.returncode == 0, proc.stderr
        return int.from_bytes((out / "minimal.png").read_bytes()[16:20], "big")

    assert abs(width("144") - 2 * width("72")) <= 2


def test_diagram_pipe_and_render_work_without_a_system_dot(tmp_path: Path, monkeypatch) -> None:
    from argmap.render import backend

    pure = [e for e in find_engines() if e.name == "graphviz-pure"]
    if not pure:
        pytest.skip("graphviz-pure is not installed")
    monkeypatch.setattr(backend, "find_engines", lambda: pure)
    digraph = argmap.diagram(MINIMAL)
    svg = digraph.pipe(format="svg")
    assert "no-ukraine-in-nato" in {g.find(f"{SVG}title").text for g in _svg_nodes(svg)}
    assert digraph.pipe(format="png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in digraph._repr_svg_()
    written = Path(digraph.render("m", directory=tmp_path, format="svg"))
    assert written == tmp_path / "m.svg" and written.read_bytes() == svg
    assert (tmp_path / "m").read_text(encoding="utf-8") == digraph.source


@needs_dot
def test_the_sites_diagram_is_one_picture_with_stubs_leading_to_the_other_maps_pages(tmp_path: Path) -> None:
    from argmap.render.files import map_pages
    from argmap.site.build import build_site

    debate = argmap.open_debate([ROOT / "maps"])
    m = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    (svg,) = map_pages(debate, m.id, Options(page=Page.NONE), lambda other, node: f"{other}.html#node-{node}")
    hrefs = {a.get(XLINK) for a in ET.fromstring(svg).iter(f"{SVG}a")}
    assert "ukraine-never-in-nato.html#node-guarantee-ukraine-never-joins" in hrefs
    build_site(debate, tmp_path / "site")
    page = (tmp_path / "site" / f"{m.id}.html").read_text(encoding="utf-8")
    assert 'xlink:href="ukraine-never-in-nato.html#node-guarantee-ukraine-never-joins"' in page


@needs_dot
def test_pages_drawn_by_several_processes_come_back_in_order() -> None:
    from argmap.render.backend import draw_many

    sources = (f'digraph {{ p [label="page {n}"] }}\n' for n in range(7))
    pictures = draw_many(sources, "svg", engine_for("svg"), workers=3)
    assert [re.search(rb">page (\d)<", svg).group(1) for svg in pictures] == [str(n).encode() for n in range(7)]


def test_pdf_pages_are_joined_into_one_document() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    from argmap.render.backend import join_pdf

    def page(width: float) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(width=width, height=100)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    joined = PdfReader(io.BytesIO(join_pdf([page(200), page(300), page(400)])))
    assert [float(p.mediabox.width) for p in joined.pages] == [200, 300, 400]


def test_svg_of_text_holding_characters_xml_forbids_is_well_formed(project: Path) -> None:
    """An escape, a control character, U+FFFE and U+FFFF may come in from a pasted or imported text; none
    is allowed in XML, and an SVG holding one is not shown at all by a browser."""
    data = json.loads((CASES / "valid" / "minimal.json").read_text(encoding="utf-8"))
    data.pop("$schema")
    odd = "Esc \x1b[31m bell \x07 nonchars \ufffe \uffff end."
    data["claim"]["text"] = odd
    data["claim"]["title"] = odd
    data["sides"]["russia"]["name"] = odd
    (project / "maps" / "odd.json").write_text(json.dumps(data), encoding="utf-8")
    proc = run_argmap("render", "maps/odd.json", "-o", "out", "-q", cwd=project)
    assert proc.returncode == 0, proc.stderr
    svg = (project / "out" / "odd.svg").read_bytes()
    ET.fromstring(svg)  # well-formed
    assert "end." in svg.decode("utf-8")


def test_a_box_wider_than_the_page_gets_a_page_of_its_own_not_endless_cuts(tmp_path: Path) -> None:
    # A box wider than a page's column can be neither split nor cut smaller. Paging re-queued it under
    # the same parent for ever: a Kialo discussion's claims at --wrap 200 on A4, and the overview of an
    # Argdown import whose map is titled with a 400-character paragraph, never finished.
    from .conftest import run_process

    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "maps").mkdir()
    long, title_text = (" ".join(f"{word}{i}" for i in range(80)) for word in ("word", "title"))
    sides = {"pro": {"name": "For"}}
    for name, title, child in (("a", "A", long), ("b", title_text, "Short.")):
        claim = {"id": name, "kind": "claim", "side": "pro", "text": f"Claim {name}."}
        claim["children"] = [{"id": f"{name}-child", "kind": "premise", "side": "pro", "text": child}]
        doc = {"id": name, "title": title, "sides": sides, "claim": claim}
        (tmp_path / "maps" / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    wide = run_process(
        "render", "maps/a.json", "-o", "wide", "--wrap", "200", "--page", "a4", "-q", cwd=tmp_path, timeout=60
    )
    assert wide.returncode == 0, wide.stderr
    overview = run_process("render", "maps", "-o", "all", "--overview", "-f", "dot", "-q", cwd=tmp_path, timeout=60)
    assert overview.returncode == 0, overview.stderr
    dot = (tmp_path / "all" / "overview.dot").read_text(encoding="utf-8")
    assert "title79" not in dot and "title1 title2" in dot  # the title is cut at a word and wrapped


def test_the_overview_of_semmelweis_draws_its_continued_root_on_a_shared_page(tmp_path: Path) -> None:
    # The Argdown project's semmelweis_betz.argdown, read in place (5 maps): the overview's invisible
    # root, continued on page 2, shared that page with a branch queued after it and was drawn there as
    # a box (KeyError: 'top', exit 70).
    from .test_formats_corpus import ABSENT, CORPUS

    if CORPUS is None:
        pytest.skip(ABSENT)
    source = CORPUS / "argdown" / "repo-tests" / "argdown-core" / "test" / "semmelweis_betz.argdown"
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    assert run_argmap("import", str(source), "-o", "maps", cwd=tmp_path).returncode == 0
    ran = run_argmap("render", "maps", "-o", "out", "--overview", "-f", "dot", "-q", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    pages = sorted(p.name for p in (tmp_path / "out").glob("overview*.dot"))
    assert len(pages) > 1  # the root's answers are continued, which is what went wrong
    for page in pages:
        assert '"top"' not in (tmp_path / "out" / page).read_text(encoding="utf-8")


def test_a_paragraph_long_map_title_is_cut_to_the_page_not_the_page_scaled_to_it(tmp_path: Path) -> None:
    # An Argdown import titles a map with its first statement, here a 562-character paragraph of the
    # Greenspan example: the page title was drawn on one 20 pt line 5,326 pt wide, and the page scaled
    # to fit A3 printed the map's text at 2.3 pt.
    paragraph = " ".join(f"word{i}" for i in range(90))
    claim = {"id": "c", "kind": "claim", "side": "s", "text": paragraph}
    doc = {"id": "m", "title": paragraph, "sides": {"s": {"name": "S"}}, "claim": claim}
    drawing = lay_out(build([argmap.ArgMap.model_validate(doc)], Options()), "m")
    title = drawing.title(1)
    assert title.startswith("word0 word1 ") and title.endswith("\u2026") and "word89" not in title
    dot = next(iter(drawing.sources()))
    width = float(re.search(r'bb="0,0,([0-9.]+),', dot).group(1))  # type: ignore[union-attr]
    assert width < 1300  # an A3 page's room at 7 pt, not the title's length
