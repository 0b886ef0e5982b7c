"""JSON pointer -> line:column: every located offset starts the value the pointer names."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.io.positions import LineIndex, locate, pointer, value_offsets

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
