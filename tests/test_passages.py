"""Searching the sources: passages are the file's own text at their offsets, so quoting one passes the quote check."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.debate import Debate, open_debate
from argmap.errors import NotFoundError, UsageError
from argmap.passages import search
from argmap.quotes import Offsets, SourceText, normalize

from .conftest import ROOT

SEEDS = ROOT / "seeds"
GUIDE = (SEEDS / "2022-01-12-what-does-russia-want.txt").read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def debate() -> Debate:
    return open_debate([ROOT / "maps"])


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2019\u201c\u201d.x"), max_size=60))
def test_offsets_map_the_normalised_text_back_to_the_original(text: str) -> None:
    normalized = normalize(text)
    offsets = Offsets(text)
    for index, char in enumerate(normalized):
        original = text[offsets(index)]
        assert normalize(original) == char or (char == " " and original.isspace())


def test_a_phrase_is_found_in_its_sentence_verbatim_at_its_offsets(debate: Debate) -> None:
    found = search(debate, debate.root, "iron guarantees")
    assert found.total == 1
    passage = found.passages[0]
    assert passage.source == "guide"
    assert passage.path == "seeds/2022-01-12-what-does-russia-want.txt"
    assert GUIDE[passage.start : passage.end] == passage.text
    assert passage.text == "\u201cWe need iron guarantees, waterproof, bulletproof, legally binding."
    assert [GUIDE[s:e] for s, e in passage.hits] == ["iron guarantees"]
    assert passage.line == GUIDE.count("\n", 0, passage.start) + 1


def test_a_phrase_forgives_case_typographic_quotes_and_white_space(debate: Debate) -> None:
    typed = search(debate, debate.root, "RUSSIA'S   main\ndemand")
    assert typed.total == 1
    assert typed.passages[0].text.startswith("Russia\u2019s main demand is a commitment from NATO")
    assert SourceText(GUIDE).contains(typed.passages[0].text)


def test_every_passage_of_every_search_is_a_quote_that_passes(debate: Debate) -> None:
    texts = {p.name: SourceText(p.read_text(encoding="utf-8-sig")) for p in SEEDS.glob("*.txt")}
    for query, match in (("NATO", "phrase"), ("security guarantees", "words"), ("Minsk agreements", "phrase")):
        found = search(debate, debate.root, query, match=match, limit=100)
        assert found.passages
        for passage in found.passages:
            text = texts[Path(passage.path).name]
            assert text.text[passage.start : passage.end] == passage.text
            assert text.contains(passage.text)


def test_words_rank_sentences_holding_most_of_them_first(debate: Debate) -> None:
    found = search(debate, debate.root, "promise Ukraine join alliance", match="words", limit=5)
    best = found.passages[0]
    assert set(best.words) == {"promise", "ukraine", "join", "alliance"}
    assert "2008 promise that Ukraine could one day join the defense alliance" in best.text
    counts = [len(p.words) for p in found.passages]
    assert counts == sorted(counts, reverse=True)
    # A word of four letters or more matches the start of a longer one.
    assert any("guarantees" in p.text.lower() for p in search(debate, debate.root, "guarantee", match="words").passages)


def test_search_keeps_to_one_source_and_refuses_an_unknown_one(debate: Debate) -> None:
    found = search(debate, debate.root, "NATO", source="aljazeera", limit=100)
    assert found.passages and {p.source for p in found.passages} == {"aljazeera"}
    with pytest.raises(NotFoundError, match=r"no map of the debate declares a source 'gide' \(did you mean guide\?\)"):
        search(debate, debate.root, "NATO", source="gide")


def test_a_limit_cuts_the_list_but_the_total_counts_all(debate: Debate) -> None:
    found = search(debate, debate.root, "NATO", limit=2)
    assert len(found.passages) == 2 and found.total > 2


@pytest.mark.parametrize("query", ["", "   ", "x" * 5001])
def test_a_blank_or_overlong_search_is_refused(debate: Debate, query: str) -> None:
    with pytest.raises(UsageError):
        search(debate, debate.root, query)


def test_nothing_found_is_an_empty_list(debate: Debate) -> None:
    found = search(debate, debate.root, "bananas in pyjamas")
    assert found.total == 0 and found.passages == []
