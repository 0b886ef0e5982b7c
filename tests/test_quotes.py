"""Quote matching forgives typographic quotes and white space, and nothing else."""

from __future__ import annotations

import pytest

from argmap.quotes import SourceText, WordIndex, normalize

SOURCE = SourceText("He said: \u201cWe do not  trust\nthe other side,\u201d and left.\nIt\u2019s over.")


@pytest.mark.parametrize(
    "quote",
    [
        '"We do not trust the other side,"',
        "\u201cWe do not trust the other side,\u201d",
        "We do not\ttrust   the other\n side",
        "It's over.",
        "It\u2019s over.",
    ],
)
def test_forgiven_differences(quote: str) -> None:
    assert SOURCE.contains(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "we do not trust the other side",  # case
        "We do not trust the other side.",  # punctuation
        "We don't trust the other side",  # wording
        "Wedo not trust",  # removed white space is not a run of white space
        "",
        "   ",
    ],
)
def test_everything_else_must_match(quote: str) -> None:
    assert not SOURCE.contains(quote)


def test_normalize() -> None:
    assert normalize("  a\u00a0\u00a0b\n\u2018c\u2019 ") == "a b 'c'"


def test_closest_passage_points_at_the_near_miss() -> None:
    assert SOURCE.closest("We do not trust the other sides") == '"We do not trust the other side,"'


def test_a_quote_is_found_at_its_place_in_the_source_own_text() -> None:
    start, end = SOURCE.span_of("We do not trust the other side,")
    assert SOURCE.text[start:end] == "We do not  trust\nthe other side,"
    start, end = SOURCE.span_of("It's over.")
    assert SOURCE.text[start:end] == "It\u2019s over."
    assert SOURCE.span_of("We don't trust") is None


def test_the_nearest_passage_is_the_source_own_text_and_matches_verbatim() -> None:
    start, end = SOURCE.nearest("We do not trust the others side")
    passage = SOURCE.text[start:end]
    assert passage == "\u201cWe do not  trust\nthe other side,\u201d"
    assert SOURCE.contains(passage)


HAY = "aa bb cc bb cc dd aa bb cc bb cc dd xaa bb ccx bb bb bb"
NEEDLES = [
    "aa bb cc",
    "a bb cc b",  # starts and ends inside words
    "bb cc bb cc",  # overlapping occurrences
    "bb bb",  # under three words: scanned
    "bb bb bb",
    "cc dd aa bb",
    "dd zz aa",  # an inner word the text lacks
    "a bb c",
    "xaa bb ccx bb bb bb",
    "bb",
    "y",
]


@pytest.mark.parametrize("needle", NEEDLES)
def test_the_word_index_finds_what_a_scan_finds(needle: str) -> None:
    index = WordIndex(HAY)
    assert index.find(needle) == HAY.find(needle)
    assert index.find_all(needle) == WordIndex.scan(HAY, needle)


def test_a_much_asked_source_answers_as_a_little_asked_one() -> None:
    text = "The first point. " + " ".join(f"Sentence {i} says  “this” and that." for i in range(200))
    quotes = [f'Sentence {i} says "this" and' for i in range(0, 200, 7)] + ["Sentence 3 says that", "says “this”"]
    fresh = [SourceText(text) for _ in quotes]
    asked = SourceText(text)
    for quote, once in zip(quotes * 2, fresh * 2, strict=True):
        assert asked.contains(quote) == once.contains(quote)
        assert asked.span_of(quote) == once.span_of(quote)
        assert asked.nearest(quote) == once.nearest(quote)
    assert "words" in vars(asked)  # the index was built and used
