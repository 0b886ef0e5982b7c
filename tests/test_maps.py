"""The seed debate in maps/: every map validates, every node is sourced, every quote is in its source."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.debate import open_debate
from argmap.quotes import SourceText

from .conftest import ROOT

MAPS = sorted((ROOT / "maps").glob("*.json"))


def test_the_five_maps_are_there() -> None:
    ids = {argmap.load(p).id for p in MAPS}
    assert ids == {
        "ukraine-never-in-nato",
        "nato-out-of-eastern-europe",
        "intermediate-range-missiles",
        "minsk-autonomy",
        "week-of-talks",
    }


def test_every_map_validates_without_warnings() -> None:
    result = open_debate([ROOT / "maps"]).findings
    assert result.files and not result.issues


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_every_node_has_a_side_and_a_quote_found_in_its_source(path: Path) -> None:
    m = argmap.load(path)
    texts = {sid: SourceText((ROOT / s.path).read_text(encoding="utf-8")) for sid, s in m.sources.items()}
    for node, *_ in m.walk():
        assert node.side in m.sides, node.id
        assert node.quote is not None, f"{node.id} has no quote"
        assert texts[node.quote.source].contains(node.quote.text), node.id
        assert node.text.strip()


def test_cross_map_links_tie_the_week_of_talks_to_the_demands() -> None:
    m = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    linked = {link.split(":")[0] for node, *_ in m.walk() for link in (*node.supports, *node.attacks)}
    assert linked == {"ukraine-never-in-nato", "nato-out-of-eastern-europe", "intermediate-range-missiles"}
