"""The speed helpers: what a process that ends without freeing keeps, and what any other lets go."""

from __future__ import annotations

import weakref

import pytest

from argmap import perf


class _Structure:
    """Something large that is done with (weakly referable, unlike a dict)."""


@pytest.fixture(autouse=True)
def _as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perf, "_SPARED", None)


def test_a_process_that_frees_as_usual_lets_a_spared_structure_go() -> None:
    done = _Structure()
    gone = weakref.ref(done)
    perf.spare(done)
    del done
    assert gone() is None


def test_a_process_ending_without_freeing_keeps_it_to_the_end_and_a_server_lets_go_again() -> None:
    perf.ending_without_freeing()
    done = _Structure()
    kept = weakref.ref(done)
    perf.spare(done)
    del done
    assert kept() is not None
    perf.ending_without_freeing(False)  # a server: it runs for hours
    assert kept() is None
    later = _Structure()
    gone = weakref.ref(later)
    perf.spare(later)
    del later
    assert gone() is None


def test_no_more_than_a_few_are_kept() -> None:
    perf.ending_without_freeing()
    structures = [_Structure() for _ in range(perf._MOST_SPARED + 3)]
    refs = [weakref.ref(s) for s in structures]
    for structure in structures:
        perf.spare(structure)
    del structures, structure
    assert [r() is not None for r in refs] == [True] * perf._MOST_SPARED + [False] * 3
