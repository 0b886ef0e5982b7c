"""Diagrams measured as drawn: no line through a box it does not join, few crossings, every page >= 7 pt at A3.

The figures come from Graphviz's own SVG (render.measure), on the seed maps, generated maps of 100
and 600 nodes and a 585-claim discussion in Kialo's export format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import argmap
from argmap.model import ArgMap, Kind
from argmap.render.backend import draw_many, engine_for, find_engines
from argmap.render.files import debate_view
from argmap.render.graph import Options, build
from argmap.render.measure import measure, read_svg
from argmap.render.pages import lay_out

from .conftest import ROOT
from .diagram_maps import generated, kialo_export

pytestmark = pytest.mark.skipif(not find_engines(), reason="no dot executable (system Graphviz or graphviz-pure)")

# Lines of the tree cannot cross (each trunk runs only past its own node's answers, see render.layout);
# only the lines of links inside a page can, where a lane or channel passes another's. The bound
# allows every such line to cross one other on average, over all the page's lines.
CROSSINGS_PER_EDGE = 0.25
MIN_PT = 7.0
SEED_MAPS = sorted((ROOT / "maps").glob("*.json"))


def _svgs(m: ArgMap, view=None) -> list[bytes]:
    drawing = lay_out(build([m], Options(), view=view), m.id)
    return draw_many(drawing.sources(), "svg", engine_for("svg"))


def _check(svgs: list[bytes]) -> None:
    for number, svg in enumerate(svgs, start=1):
        found = measure(svg)
        assert found.through_boxes == [], (number, found.through_boxes[:5])
        assert found.crossings_per_edge <= CROSSINGS_PER_EDGE, (number, found.summary())
        assert found.text_pt >= MIN_PT, (number, found.summary())


@pytest.fixture(scope="module")
def seed_view():
    return debate_view(argmap.open_debate([ROOT / "maps"]))


@pytest.mark.parametrize("path", SEED_MAPS, ids=[p.stem for p in SEED_MAPS])
def test_seed_maps_measure_clean(path: Path, seed_view) -> None:
    svgs = _svgs(argmap.load(path), seed_view)
    _check(svgs)
    # No bundle: unrelated lines never run side by side in one corridor.
    assert all(measure(svg).shared == 0 for svg in svgs)


def test_map_5_reads_at_a3_without_a_bundle(seed_view) -> None:
    svgs = _svgs(argmap.load(ROOT / "maps" / "5-week-of-talks.json"), seed_view)
    assert len(svgs) <= 2
    for svg in svgs:
        found = measure(svg)
        assert found.shared == 0 and found.crossings == 0 and found.text_pt >= MIN_PT


@pytest.mark.parametrize("nodes", [100, 600])
def test_generated_maps_measure_clean(tmp_path: Path, nodes: int) -> None:
    path = tmp_path / "maps" / f"generated-{nodes}.json"
    path.parent.mkdir()
    path.write_text(json.dumps(generated(nodes, links=nodes // 50)), encoding="utf-8")
    m = argmap.load(path)
    svgs = _svgs(m)
    _check(svgs)
    drawn = {key for svg in svgs for key in read_svg(svg).boxes}
    assert {n.node.id for n in m.walk()} <= drawn  # every node is on some page


def test_an_imported_kialo_debate_of_585_claims_measures_clean(tmp_path: Path) -> None:
    path = tmp_path / "discussion.txt"
    path.write_text(kialo_export(585), encoding="utf-8")
    (m,) = argmap.import_file(path, "kialo")
    assert sum(1 for _ in m.walk()) >= 575  # `-> See` reuses become links, not nodes
    _check(_svgs(m))


def test_boxes_are_the_size_graphviz_draws(seed_view) -> None:
    """The layout places boxes before Graphviz runs: their sizes must be the ones Graphviz draws."""
    m = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    drawing = lay_out(build([m], Options(), view=seed_view), m.id)
    svgs = draw_many(drawing.sources(), "svg", engine_for("svg"))
    for page, svg in zip(drawing.pages, svgs, strict=True):
        drawn = read_svg(svg).boxes
        for item in page.items:
            _, _, w, h = page.boxes[item.key]
            x0, y0, x1, y1 = drawn[item.key]
            outer = 8 if item.kind is Kind.CLAIM else 0  # the claim's second border, 4 pt outside the first
            assert abs((x1 - x0) - w - outer) < 2.5 and abs((y1 - y0) - h - outer) < 2.5, (
                item.key,
                (w, h),
                (x1 - x0, y1 - y0),
            )


def test_every_cut_edge_ends_in_a_reference_and_the_page_says_where_it_came_from(tmp_path: Path) -> None:
    path = tmp_path / "maps" / "generated-600.json"
    path.parent.mkdir()
    path.write_text(json.dumps(generated(600)), encoding="utf-8")
    m = argmap.load(path)
    drawing = lay_out(build([m], Options()), m.id)
    assert len(drawing.pages) > 1
    drawn_on = drawing.where
    assert set(drawn_on) >= {n.node.id for n in m.walk()}  # each node drawn on some page
    for page in drawing.pages:
        for item in page.items:
            if item.stub == "ref":
                assert item.header == f"continued on page {item.other_page}:"
                target = drawing.pages[item.other_page - 1]
                assert item.other_key in target.boxes  # the answer it stands for is drawn there
                opening = [o for o in target.items if o.stub == "from" and f"page {page.number}" in o.header]
                assert opening, (page.number, item.other_page)
        if page.number > 1:
            assert page.items[0].stub == "from"
