"""JSON pointer -> line:column: every located offset starts the value the pointer names."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.io.positions import At, LineIndex, locate, pointer, pointer_at, value_offsets, value_spans

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


def _pointers(value, prefix=""):
    stack = [(value, prefix)]
    while stack:
        item, ptr = stack.pop()
        yield ptr, item
        if isinstance(item, dict):
            stack.extend((v, ptr + pointer(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{ptr}/{i}") for i, v in enumerate(item))


@settings(max_examples=200, deadline=None)
@given(JSON, st.sampled_from([None, 1, 2]), st.booleans())
def test_offsets_start_the_named_value(value, indent, ascii_only) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    expected = dict(_pointers(value))
    offsets = value_offsets(text, expected)
    decoder = json.JSONDecoder()
    for ptr, item in expected.items():
        parsed, _ = decoder.raw_decode(text, offsets[ptr])
        assert parsed == item, ptr


def test_missing_pointer_falls_back_to_nearest_parent() -> None:
    text = '{\n  "a": {\n    "b": 1\n  }\n}'
    assert locate(text, ["/a/zzz", "/a/b", ""]) == {"/a/zzz": (2, 8), "/a/b": (3, 10), "": (1, 1)}


def test_line_index_counts_characters_not_bytes() -> None:
    index = LineIndex("\u00e9\u00e9\nab")
    assert index.position(1) == (1, 2)
    assert index.position(4) == (2, 2)


@settings(max_examples=200, deadline=None)
@given(JSON, st.sampled_from([None, 1, 2]), st.booleans())
def test_spans_hold_exactly_the_named_value(value, indent, ascii_only) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    expected = dict(_pointers(value))
    for ptr, (start, end) in value_spans(text, expected).items():
        assert json.loads(text[start:end]) == expected[ptr], ptr


def test_spans_of_a_missing_pointer_and_of_text_that_is_not_json() -> None:
    text = '{"a": {"b": [1, "two"]}}'
    assert value_spans(text, ["/a/b/1", "/a/zzz"]) == {"/a/b/1": (16, 21), "/a/zzz": (6, 23)}
    with pytest.raises(ValueError):
        value_spans('{"a": [1, 2', ["/a/1"])
    # value_offsets still finds what a half-typed text holds, token by token.
    assert value_offsets('{"a": [1, 2', ["/a/1"]) == {"/a/1": 10}


def test_pointer_at_names_the_key_or_value_under_the_cursor() -> None:
    text = '{"sides": {"nato": {"name": "NATO"}}, "claim": {"supports": ["m:x", "y"]}}'
    assert pointer_at(text, text.index('"nato"') + 2) == At("/sides/nato", "key", 11, 17)
    assert pointer_at(text, text.index('"NATO"')) == At("/sides/nato/name", "value", 28, 34)
    assert pointer_at(text, text.index('"y"') + 1).pointer == "/claim/supports/1"
    assert pointer_at(text, text.index('"m:x"') - 1).part == "inside"
    # Half typed: the unfinished array is still the place of the cursor.
    half = '{"claim": {"supports": ["m:'
    assert pointer_at(half, len(half)) == At("/claim/supports", "inside", 23, len(half))


@settings(max_examples=100, deadline=None)
@given(JSON, st.sampled_from([None, 2]))
def test_pointer_at_reads_valid_and_half_typed_text_alike(value, indent) -> None:
    from argmap.io.positions import _descend_to, _scan_to

    text = json.dumps(value, indent=indent)
    for offset in range(len(text) + 1):
        fast, slow = _descend_to(text, offset), _scan_to(text, offset)
        assert (fast and fast[:2]) == (slow and slow[:2]), offset
        if fast and fast.part != "inside":
            assert fast == slow
