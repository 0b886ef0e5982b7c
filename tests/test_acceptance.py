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


def _stopped_anywhere(names, attacks, strikes: int, monkeypatch) -> None:
    """The timeout strikes at each of the first `strikes` solver calls: what is reported as settled is so,
    the rest is unsettled, and a search that ran to the end says everything."""
    from argmap.semantics import sat

    monkeypatch.setattr(extensions_module, "MOST", 1)
    expected = brute(names, attacks)
    fw = Framework.from_attacks(names, sorted(attacks))
    solve = sat.Part.solve
    for semantics in SEMANTICS:
        truth = expected[semantics]
        union = set().union(*truth) if truth else set()
        common = set(frozenset.intersection(*truth)) if truth else set()
        for strike in range(strikes):
            calls = []

            def limited(self, assumptions, calls=calls, strike=strike):
                calls.append(1)
                if len(calls) > strike:
                    raise sat.Timeout
                return solve(self, assumptions)

            monkeypatch.setattr(sat.Part, "solve", limited)
            ev = evaluate_framework(fw, semantics, timeout=60)
            monkeypatch.setattr(sat.Part, "solve", solve)
            where = (semantics, strike, names, sorted(attacks))
            assert set(map(frozenset, ev.extensions)) <= set(truth), where
            assert set(ev.credulous) <= union and set(ev.sceptical) <= common, where
            for name in set(names) - set(ev.unsettled):
                # Settled: its word is the true one.
                assert (name in ev.sceptical) == (name in common), where
                assert (name in ev.credulous) == (name in union), where
            if ev.complete_search:
                assert ev.unsettled == [] and set(ev.credulous) == union and set(ev.sceptical) == common, where
                break


@pytest.mark.parametrize("seed", range(60))
def test_a_search_stopped_anywhere_says_only_what_is_true(seed: int, monkeypatch) -> None:
    """The timeout strikes at the n-th solver call: what is reported as settled is so, the rest is unsettled."""
    _stopped_anywhere(*framework(seed), 12, monkeypatch)


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


def layered(seed: int) -> tuple[list[str], set[tuple[str, str]]]:
    """Up to 13 arguments in blocks (odd and even cycles, some with a chord, dense clumps, self-attackers,
    lone arguments), with attacks only from earlier blocks to later ones, and now and then one back: a
    framework of many strongly connected components, some undecided in every complete labelling."""
    rng = random.Random(seed)
    names: list[str] = []
    attacks: set[tuple[str, str]] = set()
    blocks: list[list[str]] = []
    total = rng.randint(3, 13)
    while len(names) < total:
        kind = rng.choice(["odd", "odd", "even", "dense", "self", "one"])
        size = {"odd": rng.choice([3, 3, 5]), "even": rng.choice([2, 4]), "dense": rng.randint(2, 4)}.get(kind, 1)
        block = [f"a{len(names) + i}" for i in range(min(size, total - len(names)))]
        names += block
        if kind in ("odd", "even") and len(block) > 1:
            attacks |= {(block[i], block[(i + 1) % len(block)]) for i in range(len(block))}
            if rng.random() < 0.3:
                attacks.add((rng.choice(block), rng.choice(block)))
        elif kind == "dense":
            attacks |= {(x, y) for x in block for y in block if x != y and rng.random() < 0.5}
        elif kind == "self":
            attacks.add((block[0], block[0]))
        blocks.append(block)
    for i, block in enumerate(blocks):
        for later in blocks[i + 1 :]:
            if rng.random() < 0.35:
                attacks.add((rng.choice(block), rng.choice(later)))
    if rng.random() < 0.2 and len(names) > 1:
        x, y = rng.sample(names, 2)
        attacks.add((x, y))
    shuffled = names[:]
    rng.shuffle(shuffled)  # so that attackers' components do not come first in argument order
    rename = dict(zip(names, shuffled, strict=True))
    return shuffled, {(rename[x], rename[y]) for x, y in attacks}


@pytest.mark.parametrize("listed", [None, 1])
@pytest.mark.parametrize("seed", range(200))
def test_acceptance_over_many_strongly_connected_components_is_acceptance_from_every_extension(
    seed: int, listed: int | None, monkeypatch
) -> None:
    """Components undecided in every complete labelling leave the search; the answers are brute force's."""
    if listed is not None:
        monkeypatch.setattr(extensions_module, "MOST", listed)
    names, attacks = layered(seed)
    expected = brute(names, attacks)
    fw = Framework.from_attacks(names, sorted(attacks))
    for semantics in SEMANTICS:
        truth = expected[semantics]
        ev = evaluate_framework(fw, semantics)
        where = (semantics, names, sorted(attacks))
        assert ev.complete_search and ev.unsettled == []
        assert set(ev.credulous) == (set().union(*truth) if truth else set()), where
        assert set(ev.sceptical) == (set(frozenset.intersection(*truth)) if truth else set()), where
        listing = [frozenset(e) for e in ev.extensions]
        assert len(set(listing)) == len(listing) == ev.extension_count and set(listing) <= set(truth), where
        if ev.count_exact:
            assert set(listing) == set(truth), where


@pytest.mark.parametrize("seed", range(40))
def test_a_search_over_many_components_stopped_anywhere_says_only_what_is_true(seed: int, monkeypatch) -> None:
    """As above, the timeout striking at the n-th solver call, the look at the components included."""
    _stopped_anywhere(*layered(seed), 8, monkeypatch)


@pytest.mark.parametrize("chord", [False, True])
def test_a_claim_that_thousands_of_odd_cycles_attack_is_undecided_without_a_search(chord: bool) -> None:
    """2,000 three-cycles each attacking the claim (with `chord`, each cycle's second member also attacks
    itself, so no shortcut for plain cycles applies and each is looked at alone by the solver): every complete
    labelling leaves all undecided, so the one complete and preferred extension is empty and there is no
    stable one. Under complete and preferred semantics the solver is never asked about the part they and the
    claim make together: its search over 6,002 arguments took time growing with the square of the cycles."""
    from argmap.semantics import sat

    names, attacks = ["c", "d"], [("c", "d")]  # the claim attacks d, which the cycles thus leave undecided too
    for i in range(2000):
        t = [f"t{i}_{j}" for j in range(3)]
        names += t
        attacks += [(t[0], t[1]), (t[1], t[2]), (t[2], t[0]), (t[i % 3], "c")]
        if chord:
            attacks.append((t[1], t[1]))
    sizes: list[int] = []
    part = sat.Part.__init__

    def counted(self, group, *rest):
        sizes.append(len(group))
        part(self, group, *rest)

    sat.Part.__init__ = counted
    try:
        for semantics in SEMANTICS:
            sizes.clear()
            ev = evaluate_framework(Framework.from_attacks(names, attacks), semantics)
            assert ev.complete_search and ev.count_exact and ev.credulous == [] and ev.sceptical == []
            assert ev.extensions == ([] if semantics == "stable" else [[]])
            if semantics != "stable":  # stable semantics refutes one cycle and is done
                assert all(size <= 3 for size in sizes), (semantics, max(sizes))
    finally:
        sat.Part.__init__ = part
