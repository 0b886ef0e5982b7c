"""`argmap.coverage`: sentence counts against a hand count, the sentence rule, and the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.coverage import MIN_SENTENCE, coverage, coverage_paths, measure, sentences
from argmap.errors import ArgmapError
from argmap.model import ArgMap
from argmap.quotes import normalize
from argmap.report import render

from .conftest import ROOT

SEED = ROOT / "seeds" / "2022-01-12-what-does-russia-want.txt"


def seed_excerpt() -> str:
    """The seed guide's first nine lines: its dateline, three paragraphs and the first heading."""
    return "".join(SEED.read_text(encoding="utf-8").splitlines(keepends=True)[:9])


def map_quoting(*quotes: str, source_path: str = "seeds/excerpt.txt") -> dict:
    children = [
        {"id": f"p{i}", "kind": "premise", "side": "russia", "text": "A point.", "quote": {"source": "s", "text": q}}
        for i, q in enumerate(quotes)
    ]
    return {
        "id": "m",
        "title": "T",
        "sides": {"russia": {"name": "Russia"}},
        "sources": {"s": {"path": source_path, "title": "Excerpt", "date": "2022"}},
        "claim": {"id": "c", "kind": "claim", "side": "russia", "text": "C.", "children": children},
    }


def test_seed_excerpt_against_a_hand_count(project: Path) -> None:
    # By hand, the nine lines hold 7 sentences of 40 characters or more:
    #   line 3: "MOSCOW The first American ... in Geneva." / "NATO then hosted ... in Brussels." /
    #           "Finally, the Organization ... on Thursday."
    #   line 5: "Russia drew all this attention ... invasion." / "Analysts hailed ... by Moscow."
    #   line 7: "What does Russia want ... with Moscow?"
    #   line 9: "Russia demands a guarantee that Ukraine can never join NATO" (after "1.", a sentence of its own)
    # and shorter ones not counted: "date 2022-01-12", "Here is a guide.", "1.".
    # The three quotes below cover the 2nd and 3rd (one quote across both), the 5th and the 7th.
    (project / "seeds" / "excerpt.txt").write_text(seed_excerpt(), encoding="utf-8")
    data = map_quoting(
        "delegation in Brussels. Finally, the Organization",
        'broad "security guarantees" demanded by Moscow',  # straight quotes for the source's typographic ones
        "Russia demands a guarantee that Ukraine can never join NATO",
        "a sentence the source does not have",
    )
    (project / "maps" / "m.json").write_text(json.dumps(data), encoding="utf-8")
    result = coverage_paths([project / "maps"])
    [source] = result.sources
    assert (source.source, source.sentences, source.cited, source.percent) == ("seeds/excerpt.txt", 7, 4, 57.1)
    assert [(u.line, u.text[:30]) for u in source.uncited] == [
        (3, "MOSCOW The first American and "),
        (5, "Russia drew all this attention"),
        (7, "What does Russia want and why "),
    ]
    assert source.quotes == 4 and source.unmatched == [("m", "p3")]


def test_the_sentence_rule() -> None:
    text = (
        "Title line without a stop\n\n"
        "The first sentence is long enough to count, surely it is. Short one. "
        "The second \u201ccounted\u201d sentence also runs past forty characters!\u201d "
        "Is this third sentence, with a question mark, long enough to count? Yes.\n"
        "\n  A final paragraph sentence that has no full stop at its end\n"
        "and goes on over a second line.Without a space there is no break."
    )
    normalized, spans = sentences(text)
    assert normalized == normalize(text)
    assert [(s.line, s.text) for s in spans] == [
        (1, "Title line without a stop"),
        (3, "The first sentence is long enough to count, surely it is."),
        (3, "Short one."),
        (3, 'The second "counted" sentence also runs past forty characters!"'),
        (3, "Is this third sentence, with a question mark, long enough to count?"),
        (3, "Yes."),
        (
            5,
            "A final paragraph sentence that has no full stop at its end and goes on over a second line."
            "Without a space there is no break.",
        ),
    ]
    for span in spans:
        assert normalized[span.start : span.end] == span.text
    result = measure("x", text, [("m", "a", "count? Yes.   A final")])
    assert (result.sentences, result.cited) == (4, 2)
    assert [u.text[:10] for u in result.uncited] == ["The first ", "The second"]
    assert all(len(s.text) >= MIN_SENTENCE for s in result.uncited)


@given(st.text(alphabet=st.sampled_from('ab .!?\u201d"\n\t\u00a0'), max_size=60))
def test_sentences_rejoin_to_the_quote_checks_text(text: str) -> None:
    normalized, spans = sentences(text)
    assert normalized == normalize(text)
    assert " ".join(s.text for s in spans) == normalized


def test_a_source_shared_by_two_maps_is_measured_once(project: Path) -> None:
    (project / "seeds" / "excerpt.txt").write_text(seed_excerpt(), encoding="utf-8")
    first = ArgMap.model_validate(map_quoting("Russia demands a guarantee that Ukraine can never join NATO"))
    second_data = map_quoting("NATO then hosted a Russian delegation")
    second_data["id"] = "m2"
    second_data["sources"] = {"other-id": second_data["sources"]["s"]}
    second_data["claim"]["children"][0]["quote"]["source"] = "other-id"
    second = ArgMap.model_validate(second_data)
    result = coverage([first, second], root=project)
    assert [(s.source, s.sentences, s.cited, s.quotes) for s in result.sources] == [("seeds/excerpt.txt", 7, 2, 2)]


def test_reports(project: Path) -> None:
    (project / "seeds" / "excerpt.txt").write_text(seed_excerpt(), encoding="utf-8")
    result = coverage([ArgMap.model_validate(map_quoting("NATO then hosted a Russian delegation"))], root=project)
    result.show_uncited = True
    text = render("text", result)
    assert text.splitlines()[0] == "seeds/excerpt.txt: 1 of 7 sentences cited (14.3%)"
    assert "  3: MOSCOW The first American and Russian diplomats confronted each other in Geneva." in text
    assert text.splitlines()[-1] == "1 source: 1 of 7 sentences cited (14.3%)"
    assert "| seeds/excerpt.txt | 7 | 1 | 14.3% |" in render("markdown", result)
    assert "- line 3: MOSCOW The first American" in render("markdown", result)
    result.show_uncited = False
    assert "MOSCOW" not in render("text", result) + render("markdown", result)
    doc = json.loads(render("json", result))
    [entry] = doc["sources"]
    assert list(entry)[:5] == ["source", "sentences", "cited", "percent", "uncited"]
    assert (entry["source"], entry["sentences"], entry["cited"], entry["percent"]) == ("seeds/excerpt.txt", 7, 1, 14.3)
    assert entry["uncited"][0] == {
        "line": 3,
        "text": "MOSCOW The first American and Russian diplomats confronted each other in Geneva.",
    }
    assert result.below(20) == result.sources and result.below(10) == []


def test_seed_maps_cover_their_sources() -> None:
    result = coverage_paths([ROOT / "maps"])
    assert {Path(s.source).name for s in result.sources} == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    for s in result.sources:
        assert s.unmatched == [] and 0 < s.cited <= s.sentences


def test_unreadable_and_outside_sources_are_refused(project: Path) -> None:
    m = ArgMap.model_validate(map_quoting("x", source_path="seeds/missing.txt"))
    with pytest.raises(ArgmapError, match=r"^m: source 's': seeds/missing.txt does not exist$"):
        coverage([m], root=project)
    m = ArgMap.model_validate(map_quoting("x", source_path="../elsewhere.txt"))
    with pytest.raises(ArgmapError, match="lies outside the project"):
        coverage([m], root=project)


def test_a_source_with_no_countable_sentence(project: Path) -> None:
    (project / "seeds" / "short.txt").write_text("Yes. No.\n", encoding="utf-8")
    result = coverage([ArgMap.model_validate(map_quoting("Yes.", source_path="seeds/short.txt"))], root=project)
    assert result.sources[0].percent is None and result.below(100) == []
    assert "0 of 0 sentences cited (n/a)" in render("text", result)


def test_many_quotes_cover_what_few_at_a_time_cover(monkeypatch) -> None:
    text = "\n".join(f"Sentence number {i} of the source, long enough to count here: a b c a b c." for i in range(100))
    quotes = [("m", f"q{i}", f"number {i} of the source") for i in range(0, 100, 3)]
    quotes += [("m", "dup", "number 3 of the source"), ("m", "short", "a b"), ("m", "gone", "number 7 of the sauce")]
    quotes += [("m", "empty", ""), ("m", "over", "c a b c. Sentence number 10 of")]
    indexed = measure("s", text, quotes)
    monkeypatch.setattr("argmap.coverage.INDEX_AFTER", len(quotes))
    assert measure("s", text, quotes) == indexed
    assert indexed.unmatched == [("m", "gone"), ("m", "empty")]
