"""Acceptance decided by SAT queries agrees with brute force, whatever part of the extensions is listed."""

from __future__ import annotations

import importlib
import random
from itertools import combinations

import pytest

from argmap.semantics import Framework, evaluate_framework

# The module, not the function of that name that argmap.semantics exports.
extensions_module = importlib.import_module("argmap.semantics.extensions")

SEMANTICS = ("complete", "preferred", "stable")


def brute(names: list[str], attacks: set[tuple[str, str]]) -> dict[str, list[frozenset[str]]]:
    """Every complete, preferred and stable extension, by trying every subset."""
    attackers = {a: {x for x, y in attacks if y == a} for a in names}

    def defended(s: frozenset[str]) -> set[str]:
        hit = {y for x, y in attacks if x in s}
        return {a for a in names if attackers[a] <= hit}

    complete, stable = [], []
    for size in range(len(names) + 1):
        for chosen in combinations(names, size):
            s = frozenset(chosen)
            if any((x, y) in attacks for x in s for y in s):
                continue
            if defended(s) == s:
                complete.append(s)
            hit = {y for x, y in attacks if x in s}
            if hit | s == set(names):
                stable.append(s)
    preferred = [s for s in complete if not any(s < t for t in complete)]
    return {"complete": complete, "preferred": preferred, "stable": stable}


def framework(seed: int) -> tuple[list[str], set[tuple[str, str]]]:
    """A random framework of up to 9 arguments; half the seeds allow self-attacks, some are dense."""
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(rng.randint(1, 9))]
    density = rng.choice([0.15, 0.25, 0.4])
    selfish = seed % 2 == 0
    attacks = {(x, y) for x in names for y in names if (x != y or selfish) and rng.random() < density}
    return names, attacks


@pytest.mark.parametrize("listed", [None, 1, 2])
@pytest.mark.parametrize("seed", range(150))
def test_acceptance_from_queries_is_acceptance_from_every_extension(seed: int, listed: int | None, monkeypatch) -> None:
    """`listed`: how many extensions a part lists before its acceptance is left to queries (None: as shipped)."""
    if listed is not None:
        monkeypatch.setattr(extensions_module, "MOST", listed)
    names, attacks = framework(seed)
    expected = brute(names, attacks)
    fw = Framework.from_attacks(names, sorted(attacks))
    for semantics in SEMANTICS:
        truth = expected[semantics]
        ev = evaluate_framework(fw, semantics)
        assert ev.complete_search and ev.unsettled == []
        union = set().union(*truth) if truth else set()
        common = set(frozenset.intersection(*truth)) if truth else set()
        assert set(ev.credulous) == union, (semantics, names, attacks)
        assert set(ev.sceptical) == common, (semantics, names, attacks)
        listing = [frozenset(e) for e in ev.extensions]
        assert len(set(listing)) == len(listing) == ev.extension_count  # each found once
        assert set(listing) <= set(truth), (semantics, "a listed extension is not one")
        if ev.count_exact:
            assert set(listing) == set(truth)


def test_queries_settle_many_arguments_a_call() -> None:
    """2,500 pairs that rebut one claim and each other: a handful of calls, not one an argument."""
    from argmap.semantics import sat

    names = ["c"] + [f"r{i}" for i in range(5000)]
    attacks = [(f"r{i}", "c") for i in range(5000)]
    attacks += [(f"r{i}", f"r{i ^ 1}") for i in range(5000)]
    calls = []
    solve = sat.Part.solve

    def counted(self, assumptions):
        calls.append(1)
        return solve(self, assumptions)

    sat.Part.solve = counted
    try:
        for semantics in SEMANTICS:
            calls.clear()
            ev = evaluate_framework(Framework.from_attacks(names, attacks), semantics)
            assert ev.complete_search and not ev.count_exact
            assert ev.extension_count == extensions_module.cap(5001)
            assert ev.sceptical == [] and sorted(ev.credulous) == sorted(names[1:])
            assert len(calls) < ev.extension_count + 50, (semantics, len(calls))
    finally:
        sat.Part.solve = solve


def test_preferred_sceptical_acceptance_of_an_argument_never_out_needs_the_counter_example_search(
    monkeypatch,
) -> None:
    """d and g are never out (a self-attacker stands between each and a two-cycle); whichever preferred
    extension is listed first, the other of d and g is settled only by looking for one that leaves it out."""
    monkeypatch.setattr(extensions_module, "MOST", 1)
    names = ["a", "b", "e", "d", "f", "g"]
    attacks = [("a", "b"), ("b", "a"), ("a", "e"), ("e", "e"), ("e", "d"), ("b", "f"), ("f", "f"), ("f", "g")]
    ev = evaluate_framework(Framework.from_attacks(names, attacks), "preferred")
    assert ev.sceptical == [] and sorted(ev.credulous) == ["a", "b", "d", "g"]
    assert sorted(map(sorted, ev.extensions)) == [["a", "d"], ["b", "g"]]  # the second met on the way
    # Both ends of the two-cycle knock the self-attacker out: d is in every preferred extension.
    both = [*attacks[:5], ("b", "e")]
    ev = evaluate_framework(Framework.from_attacks(names[:4], both), "preferred")
    assert ev.sceptical == ["d"] and sorted(ev.credulous) == ["a", "b", "d"] and not ev.count_exact


@pytest.mark.parametrize("seed", range(60))
def test_a_search_stopped_anywhere_says_only_what_is_true(seed: int, monkeypatch) -> None:
    """The timeout strikes at the n-th solver call: what is reported as settled is so, the rest is unsettled."""
    from argmap.semantics import sat

    monkeypatch.setattr(extensions_module, "MOST", 1)
    names, attacks = framework(seed)
    expected = brute(names, attacks)
    fw = Framework.from_attacks(names, sorted(attacks))
    solve = sat.Part.solve
    for semantics in SEMANTICS:
        truth = expected[semantics]
        union = set().union(*truth) if truth else set()
        common = set(frozenset.intersection(*truth)) if truth else set()
        for strike in range(12):
            calls = []

            def limited(self, assumptions, calls=calls, strike=strike):
                calls.append(1)
                if len(calls) > strike:
                    raise sat.Timeout
                return solve(self, assumptions)

            monkeypatch.setattr(sat.Part, "solve", limited)
            ev = evaluate_framework(fw, semantics, timeout=60)
            monkeypatch.setattr(sat.Part, "solve", solve)
            where = (semantics, strike, names, attacks)
            assert set(map(frozenset, ev.extensions)) <= set(truth), where
            assert set(ev.credulous) <= union and set(ev.sceptical) <= common, where
            settled = set(names) - set(ev.unsettled)
            for name in settled:
                # Settled: its word is the true one.
                assert (name in ev.sceptical) == (name in common), where
                assert (name in ev.credulous) == (name in union), where
            if ev.complete_search:
                assert ev.unsettled == [] and set(ev.credulous) == union and set(ev.sceptical) == common, where
                break


def test_stable_acceptance_of_a_chain_of_attacking_pairs_takes_a_few_calls() -> None:
    """a(i) and b(i) attack each other and a(i) attacks a(i+1): every argument is in some stable extension,
    but a model steered to leave every settled argument out left room for one more each time (n/2 calls,
    quadratic: 5 s of CPU for 4,000 pairs)."""
    from argmap.semantics import sat

    names, attacks = [], []
    for i in range(2000):
        names += [f"a{i}", f"b{i}"]
        attacks += [(f"a{i}", f"b{i}"), (f"b{i}", f"a{i}")] + ([(f"a{i - 1}", f"a{i}")] if i else [])
    calls = []
    solve = sat.Part.solve

    def counted(self, assumptions):
        calls.append(1)
        return solve(self, assumptions)

    sat.Part.solve = counted
    try:
        ev = evaluate_framework(Framework.from_attacks(names, attacks), "stable")
    finally:
        sat.Part.solve = solve
    assert ev.complete_search and not ev.count_exact
    assert sorted(ev.credulous) == sorted(names) and ev.sceptical == []
    assert len(calls) < ev.extension_count + 20, len(calls)
