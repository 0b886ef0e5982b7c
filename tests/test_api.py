"""The library as Python users call it: argmap.load, argmap.check, the explicit relations."""

from __future__ import annotations

import pytest

import argmap
from argmap.model import Kind, Relation

from .conftest import CASES


def test_load_and_check_a_valid_map() -> None:
    m = argmap.load(CASES / "valid" / "minimal.json")
    assert isinstance(m, argmap.ArgMap)
    assert m.claim.kind is Kind.CLAIM
    assert argmap.check(m) == []


def test_load_refuses_an_unsound_map_with_located_issues() -> None:
    path = CASES / "invalid" / "schema-bad-kind.json"
    with pytest.raises(argmap.ArgmapError) as info:
        argmap.load(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.line, issue.column, issue.node) == ("schema", 32, 17, "right-to-choose")


def test_check_returns_semantic_issues_as_data() -> None:
    m = argmap.load(CASES / "invalid" / "kind-rebuttal-under-rebuttal.json")
    (issue,) = [i for i in argmap.check(m) if i.is_error]
    assert issue.code == "kind-grammar"
    assert issue.node == "r2"
    assert issue.pointer == "/claim/children/0/children/0/kind"


def test_relations_are_explicit_in_the_model() -> None:
    m = argmap.load(CASES / "invalid" / "support-cycle.json")
    edges = {(e.source, e.target): (e.relation, e.crosslink) for e in m.edges()}
    assert edges[("right-to-choose", "no-ukraine-in-nato")] == (Relation.ATTACKS, False)
    assert edges[("p2", "p1")] == (Relation.SUPPORTS, False)
    assert edges[("p1", "p2")] == (Relation.SUPPORTS, True)
