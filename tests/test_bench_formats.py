"""benchmarks/bare_aif.py, the bare read bench_formats sets beside argmap's AIF reader, builds the same trees."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter

import argmap
from argmap.formats import read_text, write

from .conftest import ROOT


def _bare():
    spec = importlib.util.spec_from_file_location("bare_aif", ROOT / "benchmarks" / "bare_aif.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.bare_trees


def _nodes(claims):
    stack = list(claims)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children", ()))


def test_the_bare_read_places_every_statement_as_argmaps_reader_does() -> None:
    # A map of the seed debate as plain AIF (no argmap block): its tree, speakers, rebuttals and answers.
    m = argmap.load(ROOT / "maps" / "4-minsk-autonomy.json")
    plain = {k: v for k, v in json.loads(write([m], "aif")).items() if k != "argmap"}
    bare = list(_nodes(_bare()(plain)))
    (read,) = read_text(json.dumps(plain), "plain.json", "aif")[1].maps
    ours = [node for node, *_ in read.walk()]
    assert Counter((n["text"], n["kind"], n["side"], n.get("speaker")) for n in bare) == Counter(
        (n.text, n.kind.value, n.side, n.speaker) for n in ours
    )
    assert len({n["id"] for n in bare}) == len(bare)  # each named, once
