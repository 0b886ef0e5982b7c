"""The static site's builder without a browser: pages, node elements, quote places, escaping, assets."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import argmap
from argmap.errors import ArgmapError
from argmap.site import build_site, site_from_paths
from argmap.site.pages import side_view
from argmap.site.sources import SourceIndex

from .conftest import ROOT

SEED_MAPS = sorted((ROOT / "maps").glob("*.json"))


class _Page(HTMLParser):
    """Collects what the tests look at: elements with data-node, ids, src/href, and the data script."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.ids: list[str] = []
        self.urls: list[str] = []
        self.tags: list[str] = []
        self._in_data = False
        self.data_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "data-node" in attrs:
            self.nodes.append(attrs["data-node"])
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for key in ("src", "href"):
            if key in attrs:
                self.urls.append(attrs[key])
        self._in_data = tag == "script" and attrs.get("id") == "argmap-data"

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_text += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    maps = [argmap.load(p) for p in SEED_MAPS]
    return out, maps, build_site(maps, out)


def test_every_node_of_every_seed_map_has_its_element(seed_site):
    out, maps, _ = seed_site
    for m in maps:
        page = parse(out / f"{m.id}.html")
        expected = [f"{m.id}:{visit.node.id}" for visit in m.walk()]
        assert page.nodes == expected  # document order, each once


def test_the_site_has_an_index_a_page_per_map_sources_and_assets(seed_site):
    out, maps, result = seed_site
    names = {p.relative_to(out).as_posix() for p in result.pages}
    assert "index.html" in names
    assert {f"{m.id}.html" for m in maps} <= names
    assert any(n.startswith("sources/") for n in names)
    assert (out / "assets" / "site.js").read_text(encoding="utf-8").startswith("//")
    assert "--fill" in (out / "assets" / "site.css").read_text(encoding="utf-8")
    index = parse(out / "index.html")
    assert {f"{m.id}.html" for m in maps} <= set(index.urls)


def test_nothing_is_fetched_from_the_network(seed_site):
    """Self-contained: every script, stylesheet and image is a file of the site (links out are to sources)."""
    out, _, _ = seed_site
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', text):
            assert not re.match(r"(https?:)?//", match.group(2)), (page.name, match.group(0))


def test_every_seed_quote_is_found_with_its_context(seed_site):
    out, maps, _ = seed_site
    for m in maps:
        data = json.loads(parse(out / f"{m.id}.html").data_text)
        for node, *_ in m.walk():
            if node.quote is None:
                continue
            entry = data["nodes"][node.id]
            assert entry["q"] == node.quote.text
            start, q_start, q_end, stop, paragraph = entry["loc"]
            text = data["sources"][node.quote.source]["text"]
            assert start <= q_start < q_end <= stop
            passage = " ".join(text[q_start:q_end].split())
            assert passage.replace("\u2019", "'") == " ".join(node.quote.text.split()).replace("\u2019", "'")
            assert paragraph >= 0


def test_cross_links_are_links_to_the_other_pages_node(seed_site):
    out, maps, _ = seed_site
    pages = {m.id: set(parse(out / f"{m.id}.html").ids) for m in maps}
    seen = 0
    for m in maps:
        data = json.loads(parse(out / f"{m.id}.html").data_text)
        for node, *_ in m.walk():
            for link in (*node.supports, *node.attacks):
                target_map, _, target_node = link.rpartition(":")
                target_map = target_map or m.id
                hrefs = [entry[1] for entry in data["nodes"][node.id]["out"]]
                want = f"#node-{target_node}" if target_map == m.id else f"{target_map}.html#node-{target_node}"
                assert want in hrefs
                assert f"node-{target_node}" in pages[target_map]
                # ... and the target lists the link back.
                back = json.loads(parse(out / f"{target_map}.html").data_text)["nodes"][target_node]["in"]
                assert any(entry[1].endswith(f"#node-{node.id}") for entry in back)
                seen += 1
    assert seen > 0


def test_user_text_cannot_inject_markup(project, minimal_map, tmp_path):
    raw = json.loads(minimal_map)
    raw["title"] = "<script>alert(1)</script>"
    raw["claim"]["text"] = 'A "claim" & <b>bold</b> </script><script>alert(2)</script>'
    raw["claim"]["speaker"] = "<img src=x onerror=alert(3)>"
    path = project / "maps" / "hostile.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "out"
    build_site([argmap.load(path)], out, diagrams=False)
    html = (out / f"{raw['id']}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert html.count("<script") == 2  # the site's script and the data, nothing else


def test_a_deep_map_is_written_without_recursion(project, tmp_path):
    depth = 180
    node = {"id": f"n{depth}", "kind": "premise", "side": "s", "text": "leaf"}
    for i in range(depth - 1, 0, -1):
        node = {"id": f"n{i}", "kind": "premise", "side": "s", "text": f"level {i}", "children": [node]}
    doc = {
        "id": "deep",
        "title": "Deep",
        "sides": {"s": {"name": "S"}},
        "claim": {"id": "root", "kind": "claim", "side": "s", "text": "root", "children": [node]},
    }
    path = project / "maps" / "deep.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    build_site([argmap.load(path)], out, diagrams=False)
    html = (out / "deep.html").read_text(encoding="utf-8")
    assert html.count('role="treeitem"') == depth + 1
    assert html.count("<ul") == html.count("</ul>")
    assert len(re.findall(r"<li[ >]", html)) == html.count("</li>")
    assert 'aria-level="181"' in html


def test_a_large_map_opens_folded_and_without_a_diagram(project, tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    path = project / "maps" / "big.json"
    path.write_text(json.dumps(generate(3000)), encoding="utf-8")
    out = tmp_path / "out"
    m = argmap.load(path)
    build_site([m], out, diagram_limit=2000)
    html = (out / f"{m.id}.html").read_text(encoding="utf-8")
    assert "<svg" not in html and "3,000 nodes" in html
    assert 'aria-expanded="false"' in html and " hidden>" in html


def test_diagrams_are_inline_svg_whose_nodes_name_the_tree_nodes(seed_site):
    pytest.importorskip("argmap.render.backend")
    out, maps, result = seed_site
    if result.notes:
        pytest.skip(f"no dot to draw with: {result.notes[0]}")
    m = maps[0]
    html = (out / f"{m.id}.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg") : html.index("</svg>")]
    found = re.findall(r'<g id="[^"]*" class="node">\s*<title>([^<]*)</title>', svg)
    titles = {unescape(title) for title in found}  # Graphviz writes '-' as &#45;
    assert {visit.node.id for visit in m.walk()} <= titles


def test_a_debate_is_taken_with_its_root(project, tmp_path):
    for path in SEED_MAPS:
        (project / "maps" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    debate = argmap.open_debate([project / "maps"])
    out = tmp_path / "out"
    result = build_site(debate, out, diagrams=False)
    assert len(result.pages) == 1 + len(SEED_MAPS) + 2  # index, the maps, the two seed sources
    first = next(iter(debate))
    data = json.loads(parse(out / f"{first.id}.html").data_text)
    assert all("loc" in entry for entry in data["nodes"].values() if "q" in entry)  # sources found from its root


def test_two_maps_with_one_id_are_refused(tmp_path):
    m = argmap.load(SEED_MAPS[0])
    with pytest.raises(ArgmapError, match="two maps have the id"):
        build_site([m, m], tmp_path)


def test_site_from_paths_builds_the_sound_maps_and_reports_the_rest(project, tmp_path):
    for path in SEED_MAPS[:2]:
        (project / "maps" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "maps" / "broken.json").write_text("{", encoding="utf-8")
    result, checked = site_from_paths([project / "maps"], tmp_path / "out", diagrams=False)
    assert not checked.ok
    assert [i.code for i in checked.issues if i.severity == "error"] == ["json-syntax"]
    assert len(checked.maps) == 2
    assert (tmp_path / "out" / f"{checked.maps[0].id}.html").is_file()


def test_source_index_forgives_quotes_and_spaces_only():
    index = SourceIndex("First one.  He said \u201cwe  do\nnot\u201d trust.\n\nNext paragraph here.")
    start, end = index.find('said "we do not" trust')
    assert index.text[start:end] == "said \u201cwe  do\nnot\u201d trust"
    assert index.find("said we do not trust") is None
    where = index.locate("we do not")
    assert index.text[where[0] : where[3]].startswith("First one.")
    assert "Next" not in index.text[where[0] : where[3]]  # the context stays in the quote's paragraph
    assert where[4] == 0 and index.locate("Next paragraph")[4] == 1


def test_source_offsets_count_utf16_units_for_javascript():
    index = SourceIndex("\U0001f600 smile. The quote is here.")
    start, q_start, q_end, _, _ = index.locate("The quote")
    # The emoji is one Python character and two JavaScript units.
    assert q_start == index.text.index("The quote") + 1
    assert q_end - q_start == len("The quote")


@pytest.mark.parametrize(("fill", "expected"), [("#77AADD", "#000000"), ("#102040", "#FFFFFF"), ("#FFFFFF", "#000000")])
def test_card_text_is_black_or_white_for_contrast(fill, expected):
    # The one WCAG rule (render.colours.text_colour) gives the ink of a card as of a diagram's box.
    assert side_view("side", {"side": ("Side", fill)}).ink == expected


def test_a_map_named_index_does_not_overwrite_the_index(project, minimal_map, tmp_path):
    raw = json.loads(minimal_map)
    raw["id"] = "index"
    path = project / "maps" / "index.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "out"
    build_site([argmap.load(path)], out, diagrams=False)
    assert "_index.html" in parse(out / "index.html").urls
    assert parse(out / "_index.html").nodes[0] == f"index:{raw['claim']['id']}"


def test_every_node_carries_its_grounded_verdict_and_the_index_each_claims(seed_site):
    out, maps, _ = seed_site
    labels = argmap.evaluate(maps).labels
    verdict = {"in": "stands", "out": "falls", "undec": "undecided"}
    for m in maps:
        html = (out / f"{m.id}.html").read_text(encoding="utf-8")
        for visit in m.walk():
            name = f"{m.id}:{visit.node.id}"
            row = f'data-node="{name}" data-kind="{visit.node.kind.value}" data-side="{visit.node.side}" '
            if visit.node.role == "context":  # it takes no part in evaluation, so it has no verdict
                assert name not in labels and f"{row}aria-level" in html
            else:
                assert f'{row}data-label="{labels[name]}"' in html
    index = (out / "index.html").read_text(encoding="utf-8")
    for m in maps:
        claim = labels[f"{m.id}:{m.claim.id}"]
        card = index.split(f'<li class="map-card"><h3><a href="{m.id}.html"', 1)[1].split("</li>", 1)[0]
        assert f'class="verdict v-{claim}"' in card and f">{verdict[claim]}</span>" in card
    assert "grounded semantics" in index


def test_a_source_many_quotes_cite_finds_them_as_one_quote_does():
    text = "Intro.\n\n" + "\n".join(f"Sentence {i} says  \u201cthis\u201d and that." for i in range(100))
    quotes = [f'Sentence {i} says "this" and' for i in range(0, 100, 3)] + ["says this", "Sentence 4 says that", "a"]
    asked = SourceIndex(text)
    for quote in quotes * 2:
        assert asked.find(quote) == SourceIndex(text).find(quote)
    assert asked._words is not None  # the index was built and used
