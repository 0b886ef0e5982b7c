"""argmap's own SVG (render.svg) is the picture Graphviz draws from the same DOT: compared on every kind of page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import argmap
from argmap.model import ArgMap
from argmap.render import svg
from argmap.render.backend import draw_many, engine_for, find_engines, run_dot
from argmap.render.files import debate_view
from argmap.render.graph import DebateView, Options, build
from argmap.render.pages import lay_out
from argmap.semantics import evaluate
from argmap.vocab import Page, Semantics

from .conftest import CASES, ROOT, run_argmap
from .diagram_maps import generated, kialo_export
from .svg_compare import diagram_differences, differences

pytestmark = pytest.mark.skipif(not find_engines(), reason="no dot executable (system Graphviz or graphviz-pure)")

SEED_MAPS = sorted((ROOT / "maps").glob("*.json"))
HOSTILE = CASES / "render" / "hostile-text.json"


def _same_as_graphviz(maps: list[ArgMap], options: Options, view: DebateView | None = None, title=None) -> int:
    """Draw every page both ways and require the same picture; returns the number of pages compared."""
    drawing = lay_out(build(maps, options, view=view, title=title), "diagram")
    pages = list(drawing.each_page(lambda other, node: f"{other}.svg#{node}"))
    theirs = draw_many([page.source for page in pages], "svg", engine_for("svg"), workers=2)
    for number, (page, drawn) in enumerate(zip(pages, theirs, strict=True), start=1):
        mine = svg.draw(page)
        assert diagram_differences(mine, drawn) == [], number
        assert differences(mine, drawn) == [], number
    return len(pages)


@pytest.fixture(scope="module")
def seed():
    debate = argmap.open_debate([ROOT / "maps"])
    sound = [(f.display, f.map) for f in debate.sound() if f.map is not None]
    return [m for _, m in sound], debate_view(debate, sound)


OPTIONS = {
    "a3": Options(),
    "one-picture": Options(page=Page.NONE),
    "a4": Options(page=Page.A4),
    "depth-2": Options(max_depth=2),
    "3-answers": Options(max_answers=3),
    "wrap-20-no-legend": Options(wrap=20, legend=False),
    "russia-only": Options(sides=frozenset({"russia"})),
}


@pytest.mark.parametrize("name", OPTIONS)
def test_seed_maps_drawn_as_graphviz_draws_them(seed, name: str) -> None:
    maps, view = seed
    assert sum(_same_as_graphviz([m], OPTIONS[name], view) for m in maps) >= len(maps)


def test_the_overview_drawn_as_graphviz_draws_it(seed) -> None:
    maps, view = seed
    assert _same_as_graphviz(maps, Options(), view, title="The debate: all maps") > 1
    _same_as_graphviz(maps, Options(page=Page.NONE), view, title="The debate: all maps")


@pytest.mark.parametrize("semantics", [Semantics.GROUNDED, Semantics.DFQUAD])
def test_evaluated_seed_maps_drawn_as_graphviz_draws_them(seed, semantics: Semantics) -> None:
    maps, view = seed
    found = evaluate(maps, semantics)
    view = debate_view(argmap.open_debate([ROOT / "maps"]), [(m.id, m) for m in maps])
    if semantics.gradual:
        view.strengths = dict(found.strengths or {})
    else:
        view.labels = {name: label.value for name, label in found.labels.items()}
    for m in maps:
        _same_as_graphviz([m], Options(evaluate=True, semantics=semantics), view)


@pytest.mark.parametrize("options", [Options(), Options(max_depth=1, legend=False), Options(page=Page.NONE)])
def test_hostile_text_drawn_as_graphviz_draws_it(options: Options) -> None:
    _same_as_graphviz([argmap.load(HOSTILE)], options)


@pytest.mark.parametrize(("nodes", "page"), [(100, Page.A3), (600, Page.A3), (600, Page.NONE)])
def test_generated_maps_drawn_as_graphviz_draws_them(tmp_path: Path, nodes: int, page: Page) -> None:
    path = tmp_path / "maps" / f"generated-{nodes}.json"
    path.parent.mkdir()
    path.write_text(json.dumps(generated(nodes, links=nodes // 50)), encoding="utf-8")
    _same_as_graphviz([argmap.load(path)], Options(page=page))


def test_an_imported_kialo_debate_drawn_as_graphviz_draws_it(tmp_path: Path) -> None:
    path = tmp_path / "discussion.txt"
    path.write_text(kialo_export(585), encoding="utf-8")
    (m,) = argmap.import_file(path, "kialo")
    assert _same_as_graphviz([m], Options()) > 10


SCRIPTS = [
    "Перемирие не соблюдается — «никогда»",
    "北约东扩 威胁 安全",
    "الناتو لن يتوسع شرقا",
    "Ελλάδα & <b>not bold</b> \"quoted\" 'single' 100% — back\\slash \\N \\G",
    "Ça coûte cher: naïve café… 日本語とEnglish",
    "two  spaces,   three -- dashes",
]


def test_text_in_many_scripts_and_markup_drawn_as_graphviz_draws_it(tmp_path: Path) -> None:
    data = generated(60, seed=3)
    data["title"] = "Ünïcödé — a title & <markup> \\N"
    stack, index = [data["claim"]], 0
    while stack:
        node = stack.pop()
        node["text"] = f"{node['text'][:20]} {SCRIPTS[index % len(SCRIPTS)]}"
        node["speaker"] = SCRIPTS[(index + 1) % len(SCRIPTS)][:30]
        index += 1
        stack.extend(node.get("children", []))
    path = tmp_path / "maps" / "scripts.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    m = argmap.load(path)
    _same_as_graphviz([m], Options())
    _same_as_graphviz([m], Options(page=Page.NONE))


def test_the_comparison_sees_a_moved_box_a_changed_text_and_a_missing_line() -> None:
    m = argmap.load(ROOT / "maps" / "1-ukraine-never-in-nato.json")
    (page,) = lay_out(build([m], Options(page=Page.NONE)), m.id).each_page()
    mine = svg.draw(page)
    drawn = run_dot(page.source, "svg", engine_for("svg"))
    assert differences(mine, drawn) == [] and diagram_differences(mine, drawn) == []
    name, _, attrs = next(s for s in page.statements if s[1] is None and s[0] != "title")
    x, _, y = attrs["pos"].rstrip("!").partition(",")
    attrs["pos"] = f"{float(x) + 0.5},{y}!"
    assert any(name in line for line in diagram_differences(svg.draw(page), drawn))
    attrs["pos"] = f"{x},{y}!"
    changed = drawn.replace(b">Russia<", b">Rusia<", 1)
    assert changed != drawn and differences(mine, changed) and diagram_differences(mine, changed)
    edge = next(i for i, s in enumerate(page.statements) if s[1] is not None)
    del page.statements[edge]
    assert differences(svg.draw(page), drawn) and diagram_differences(svg.draw(page), drawn)


def test_render_writes_the_svg_graphviz_draws_from_the_dot_beside_it(tmp_path: Path) -> None:
    """End to end: each SVG `render` writes is what Graphviz draws from the DOT `-f dot` writes beside it."""
    proc = run_argmap("render", "maps", "--overview", "-o", str(tmp_path), "-f", "svg", "-f", "dot", "-q")
    assert proc.returncode == 0, proc.stderr
    dots = sorted(tmp_path.glob("*.dot"))
    assert len(dots) >= len(SEED_MAPS) + 1
    for dot in dots:
        drawn = run_dot(dot.read_text(encoding="utf-8"), "svg", engine_for("svg"))
        written = dot.with_suffix(".svg").read_bytes()
        assert differences(written, drawn) == [] and diagram_differences(written, drawn) == [], dot.name
