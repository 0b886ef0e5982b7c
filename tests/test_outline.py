"""The outline format: export then import gives back the same map; errors point at line:column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.formats.outline import OutlineError, export_outline, parse_outline
from argmap.io.serialize import dump_map
from argmap.model import ALLOWED_PARENTS, ArgMap, Kind

from .conftest import ROOT, run_argmap

MAPS = sorted((ROOT / "maps").glob("*.json"))


def _roundtrip(m: ArgMap) -> ArgMap:
    return ArgMap.model_validate(parse_outline(export_outline(m)).data)


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_seed_maps_round_trip_exactly(path: Path) -> None:
    m = argmap.load(path)
    assert dump_map(_roundtrip(m)) == path.read_text(encoding="utf-8")


IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
# Any text at all: edge spaces, line breaks, quotes, signs, brackets, colons, other scripts.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list(' \n\t"[](){}:#*+-,')),
    max_size=30,
)


@st.composite
def maps(draw) -> ArgMap:
    sides = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    sources = draw(st.lists(IDS, max_size=2, unique=True))
    ids = iter(draw(st.lists(IDS, min_size=12, max_size=12, unique=True)))
    count = draw(st.integers(0, 10))

    def node(kind: Kind) -> dict:
        d = {"id": next(ids), "kind": kind.value, "side": draw(st.sampled_from(sides)), "text": draw(TEXT)}
        if draw(st.booleans()):
            d["speaker"] = draw(TEXT)
        if sources and draw(st.booleans()):
            d["quote"] = {"source": draw(st.sampled_from(sources)), "text": draw(TEXT)}
        return d

    root = node(Kind.CLAIM)
    placed = [root]
    for _ in range(count):
        parent = draw(st.sampled_from(placed))
        # Mostly kinds the grammar allows, sometimes not: the outline must carry those exactly too.
        allowed = [k for k in Kind if Kind(parent["kind"]) in ALLOWED_PARENTS[k]] or [Kind.PREMISE]
        kind = draw(st.sampled_from(allowed) if draw(st.integers(0, 4)) else st.sampled_from(list(Kind)))
        child = node(kind)
        parent.setdefault("children", []).append(child)
        placed.append(child)
    all_ids = [n["id"] for n in placed]
    for n in placed:
        if draw(st.booleans()):
            n["supports"] = draw(st.lists(st.sampled_from(all_ids) | st.just("other-map:x"), max_size=2))
        if draw(st.booleans()):
            n["attacks"] = draw(st.lists(st.sampled_from(all_ids), max_size=2))
        _schema3_keys(draw, n)
    data = {"id": draw(IDS), "title": draw(TEXT), "sides": {s: {"name": draw(TEXT)} for s in sides}, "claim": root}
    if draw(st.booleans()):
        data["description"] = draw(TEXT)
    if sources:
        data["sources"] = {
            s: {"path": draw(TEXT), "title": draw(TEXT), "date": "2022-01", "publisher": draw(TEXT)} for s in sources
        }
    return ArgMap.model_validate(data)


def _schema3_keys(draw, n: dict) -> None:
    """Schema 3's node keys, each sometimes: the outline must carry every key of the model."""
    support_kind = st.sampled_from([None, "entails"])
    attack_kind = st.sampled_from([None, "contrary", "contradictory"])

    def bearing(kind: st.SearchStrategy, support: bool) -> dict:
        b = {"kind": draw(kind), "scheme": draw(st.none() | TEXT)}
        if support and draw(st.booleans()):
            b["pcs"] = draw(st.integers(1, 9))
            if draw(st.booleans()):
                b["inference"] = {"rules": draw(st.lists(TEXT, max_size=2)), "data": {"uses": [1, 2]}}
        return {k: v for k, v in b.items() if v is not None}

    if draw(st.booleans()):
        n["role"] = draw(st.sampled_from(["argument", "context"]))
    if draw(st.booleans()):
        n["weight"] = draw(st.floats(0, 1))
    if draw(st.booleans()):
        n["title"] = draw(TEXT)
    if draw(st.booleans()):
        n["argument"] = draw(st.booleans())
    if draw(st.booleans()):
        n["data"] = {"tag": draw(TEXT), "n": draw(st.integers()), "list": [None, True, 1.5]}
    if n["kind"] != "claim" and draw(st.booleans()):
        n["bearing"] = bearing(support_kind if n["kind"] == "premise" else attack_kind, n["kind"] == "premise")
    supports, attacks = set(n.get("supports", [])), set(n.get("attacks", []))
    links = {link: link in supports for link in supports ^ attacks}
    if links and draw(st.booleans()):
        link = draw(st.sampled_from(sorted(links)))
        told = [
            bearing(support_kind if links[link] else attack_kind, links[link]) for _ in range(draw(st.integers(1, 2)))
        ]
        n["bearings"] = {link: told}


def test_the_outline_names_every_node_key_of_the_model() -> None:
    from argmap.formats.outline import FLAG_KEYS, JSON_KEYS, SPECIAL_KEYS, TEXT_KEYS
    from argmap.model import Node

    assert sorted((*SPECIAL_KEYS, *TEXT_KEYS, *FLAG_KEYS, *JSON_KEYS)) == sorted(Node.model_fields)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_generated_maps_round_trip_exactly(m: ArgMap) -> None:
    assert dump_map(_roundtrip(m)) == dump_map(m)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("id: x\ntitle: t\nside a: A\n\t* (a) claim\n", 4, 1, "indent with spaces, not tabs"),
        (
            "id: x\nside a: A\n* (a) claim\n  + [p] a premise without side\n",
            4,
            3,
            "a node line is: SIGN [id] (side) text",
        ),
        ("id: x\nside a: A\n* (a) claim\n  + (a) p\n    speker: Bob\n", 5, 5, "unknown node property `speker:`"),
        ("id: x\nside a: A\n* (a) claim\n* (a) another\n", 4, 1, "only one claim (`*`) per map"),
        ("id: x\nside a: A\n+ (a) premise first\n", 3, 1, "no claim yet"),
        ('id: x\nside a: A\n* (a) "unterminated\n', 3, 7, "invalid quoted value"),
        ("id: x\nsides a: A\n", 2, 1, "unknown header line `sides a:`"),
        ("id: x\nside a: A\n  colour: red\n", 3, 3, "`colour:` does not belong to a side here"),
        ("id: x\nside a: A\n", 2, 1, "the outline has no claim"),
    ],
)
def test_outline_errors_point_at_line_and_column(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(OutlineError) as info:
        parse_outline(text)
    (issue,) = info.value.issues
    assert (issue.line, issue.column) == (line, column)
    assert message in issue.message


def test_ids_are_made_from_text_when_left_out() -> None:
    data = parse_outline("id: m\ntitle: T\nside a: A\n* (a) The claim.\n  + (a) A reason.\n  + (a) A reason.\n").data
    assert [c["id"] for c in data["claim"]["children"]] == ["a-reason", "a-reason-2"]
    assert data["claim"]["id"] == "the-claim"


def test_cli_round_trip_and_errors_at_outline_lines(project: Path) -> None:
    source = ROOT / "maps" / "4-minsk-autonomy.json"
    out = run_argmap("export", "outline", str(source), "-o", str(project / "minsk.outline"))
    assert out.returncode == 0, out.stderr
    proc = run_argmap("import", "outline", "minsk.outline", "-o", "maps/minsk.json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "maps" / "minsk.json").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    # A quote that is not in its source is reported at the outline's line, and nothing is written.
    outline = (project / "minsk.outline").read_text(encoding="utf-8").replace("US supports Minsk", "US loves Minsk")
    outline = outline.replace("id: minsk-autonomy", "id: minsk-draft")
    (project / "bad.outline").write_text(outline, encoding="utf-8")
    line = outline.splitlines().index("    quote guide: US loves Minsk agreements.") + 1
    column = outline.splitlines()[line - 1].index("US loves") + 1
    proc = run_argmap("import", "outline", "bad.outline", "-o", "maps/bad.json", cwd=project)
    assert proc.returncode == 1
    assert f"bad.outline:{line}:{column}: error[quote-not-found]" in proc.stderr
    assert not (project / "maps" / "bad.json").exists()
