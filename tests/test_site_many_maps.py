"""The site of a debate of many maps: each page's nav stays bounded, so the site grows with the maps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from argmap.model import ArgMap
from argmap.site import build_site
from argmap.site.build import NAV_ALL_LIMIT, NAV_LINKED_LIMIT


def _map(number: int, supports: Sequence[str] = (), attacks: Sequence[str] = ()) -> ArgMap:
    claim = {
        "id": "c",
        "kind": "claim",
        "side": "s",
        "speaker": "X",
        "text": f"Claim of map {number}.",
        "supports": list(supports),
        "attacks": list(attacks),
    }
    data = {"id": f"m{number:03}", "title": f"Map {number}", "sides": {"s": {"name": "S"}}, "claim": claim}
    return ArgMap.model_validate(data)


def _nav(html: str) -> str:
    (nav,) = re.findall(r'<nav aria-label="Maps of the debate">.*?</nav>', html, re.S)
    return nav


def _page(out: Path, number: int) -> str:
    return (out / f"m{number:03}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """More maps than NAV_ALL_LIMIT: map 10 supports map 40 and is attacked by map 60; the last map (the hub)
    attacks the NAV_LINKED_LIMIT + 5 maps before its neighbour, listed backwards."""
    count = NAV_ALL_LIMIT + NAV_LINKED_LIMIT + 60
    hub = count - 1
    linked = range(hub - 1 - (NAV_LINKED_LIMIT + 5), hub - 1)
    links: dict[int, dict] = {10: {"supports": ["m040:c"]}, 60: {"attacks": ["m010:c"]}}
    links[hub] = {"attacks": [f"m{n:03}:c" for n in reversed(linked)]}
    maps = [_map(n, **links.get(n, {})) for n in range(count)]
    out = tmp_path_factory.mktemp("many")
    build_site(maps, out, root=out, diagrams=False)
    return out, count, hub, linked


def test_a_map_page_names_the_index_its_neighbours_and_its_linked_maps(many):
    out, count, *_ = many
    nav = _nav(_page(out, 10))
    assert f'<a href="index.html">All {count:,} maps</a>' in nav
    assert '<a href="m009.html" rel="prev">Previous: Map 9</a>' in nav
    assert '<a href="m010.html" aria-current="page">Map 10</a>' in nav
    assert '<a href="m011.html" rel="next">Next: Map 11</a>' in nav
    assert '<a href="m040.html">Map 40</a>' in nav  # it links to it
    assert '<a href="m060.html">Map 60</a>' in nav  # it is linked from it
    pages = re.findall(r'href="(m\d+)\.html"', nav)
    assert sorted(pages) == ["m009", "m010", "m011", "m040", "m060"]  # no far map
    assert nav.count("<ul") == nav.count("</ul>") and nav.count("<li") == nav.count("</li>")


def test_the_first_and_last_maps_have_one_neighbour_and_unlinked_maps_no_linked_list(many):
    out, count, *_ = many
    first, last = _nav(_page(out, 0)), _nav(_page(out, count - 1))
    assert 'rel="prev"' not in first and '<a href="m001.html" rel="next">' in first
    assert 'rel="next"' not in last and f'<a href="m{count - 2:03}.html" rel="prev">' in last
    assert "Linked maps" not in first


def test_linked_maps_are_capped_in_the_debates_order_and_the_rest_lead_to_the_index(many):
    out, _, hub, linked = many
    nav = _nav(_page(out, hub))
    named = nav[nav.index("Linked maps:") :]
    assert re.findall(r'href="m(\d+)\.html"', named) == [f"{n:03}" for n in linked[:NAV_LINKED_LIMIT]]
    assert '<a href="index.html#links-h">and 5 more</a>' in named
    assert 'id="links-h"' in (out / "index.html").read_text(encoding="utf-8")
    # And a map it attacks, even one its nav leaves out, names it back.
    assert f'<a href="m{hub:03}.html">Map {hub}</a>' in _nav(_page(out, linked[-1]))


def test_the_index_lists_every_map_once_and_its_nav_only_itself(many):
    out, count, *_ = many
    html = (out / "index.html").read_text(encoding="utf-8")
    assert _nav(html) == (
        f'<nav aria-label="Maps of the debate"><ul><li><a href="index.html" aria-current="page">All {count:,} maps</a>'
        "</li></ul></nav>"
    )
    cards = re.findall(r'<li class="map-card"><h3><a href="(m\d+)\.html">', html)
    assert cards == [f"m{n:03}" for n in range(count)]


def test_a_debate_at_the_limit_keeps_every_map_in_every_nav(tmp_path):
    maps = [_map(n) for n in range(NAV_ALL_LIMIT)]
    build_site(maps, tmp_path, root=tmp_path, diagrams=False)
    for page in ("m000.html", f"m{NAV_ALL_LIMIT - 1:03}.html", "index.html"):
        nav = _nav((tmp_path / page).read_text(encoding="utf-8"))
        assert len(re.findall(r'href="m\d+\.html"', nav)) == NAV_ALL_LIMIT
        assert nav.count('aria-current="page"') == 1
        assert "All " not in nav and ">The debate</a>" in nav


def _site_bytes(folder: Path, count: int) -> int:
    maps = [_map(n, supports=[f"m{(n + 1) % count:03}:c"]) for n in range(count)]
    build_site(maps, folder, root=folder, diagrams=False)
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_the_site_grows_linearly_with_the_maps(tmp_path):
    """Twice the maps, about twice the bytes (a nav of every map on every page made it four times)."""
    small, large = _site_bytes(tmp_path / "a", 200), _site_bytes(tmp_path / "b", 400)
    assert 1.8 < large / small < 2.1, (small, large)


def test_the_diagrams_share_one_view_of_the_debate(tmp_path, monkeypatch):
    """Each map's diagram needs the whole debate's view (colours, stubs, links in): made once, not once a map."""
    from argmap.render.graph import DebateView

    made = []
    real = DebateView.of.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(DebateView, "of", classmethod(lambda cls, *a, **k: made.append(1) or real(cls, *a, **k)))
    maps = [_map(n, supports=[f"m{(n + 1) % 5:03}:c"]) for n in range(5)]
    result = build_site(maps, tmp_path, root=tmp_path)
    if result.notes:
        pytest.skip(f"no diagrams drawn: {result.notes[0]}")
    assert len(made) == 1
    html = _page(tmp_path, 0)
    assert "<svg" in html and 'href="m001.html#node-c"' in html  # the stub of the map it supports


def _resolves(folder: Path, count: int, monkeypatch) -> int:
    """How many paths a rebuild of a site of `count` maps (map files in `folder`/maps) resolves."""
    import argmap

    (folder / "maps").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("", encoding="utf-8")
    for n in range(count):
        (folder / "maps" / f"m{n:03}.json").write_text(_map(n).model_dump_json(exclude_none=True), encoding="utf-8")
    maps = [argmap.load(p) for p in sorted((folder / "maps").glob("*.json"))]
    build_site(maps, folder / "site", diagrams=False)
    from argmap.io import files

    calls = []
    real, real_resolved = Path.resolve, files.resolved
    # Both ways a path is resolved: Path.resolve, and files.resolved (os.path.realpath, safe on a link loop).
    monkeypatch.setattr(Path, "resolve", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    monkeypatch.setattr(files, "resolved", lambda path: calls.append(1) or real_resolved(path))
    build_site(maps, folder / "site", diagrams=False)  # over the site it made: each page replaced
    monkeypatch.setattr(Path, "resolve", real)
    monkeypatch.setattr(files, "resolved", real_resolved)
    return len(calls)


def test_rebuilding_a_site_checks_its_pages_against_the_maps_read_in_linear_work(tmp_path, monkeypatch):
    """Every page replaced is checked not to be a map the site reads: by a lookup, not a resolve of every map
    per page (1,000 maps took 69 s of CPU to rebuild)."""
    small, large = _resolves(tmp_path / "a", 60, monkeypatch), _resolves(tmp_path / "b", 120, monkeypatch)
    assert large / small < 2.2, (small, large)
