"""Dung semantics over maps: checked against brute-force enumeration, textbook frameworks and support modes."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pytest

import argmap
from argmap.errors import ArgmapError
from argmap.model import ArgMap
from argmap.semantics import Framework, evaluate, evaluate_framework
from argmap.vocab import Label, Semantics

ROOT = Path(__file__).resolve().parent.parent
SEMANTICS = ["grounded", "complete", "preferred", "stable"]


# --- brute force: the definitions, applied to every subset -------------------------------------------------


def brute_force(args: list[str], attacks: set[tuple[str, str]]) -> dict[str, list[frozenset[str]]]:
    """Extensions by definition: conflict-free, defending its members, and so on, over all 2^n subsets."""
    attackers = {a: {x for x, y in attacks if y == a} for a in args}

    def attacked_by(s):
        return {y for x, y in attacks if x in s}

    def defended(s):
        hit = attacked_by(s)
        return {a for a in args if attackers[a] <= hit}

    complete, stable = [], []
    for r in range(len(args) + 1):
        for subset in combinations(args, r):
            s = frozenset(subset)
            if any((x, y) in attacks for x in s for y in s):
                continue
            if defended(s) == s:
                complete.append(s)
            if attacked_by(s) | s == set(args):
                stable.append(s)
    preferred = [s for s in complete if not any(s < t for t in complete)]
    grounded = [min(complete, key=len)]
    assert all(grounded[0] <= s for s in complete)
    return {"grounded": grounded, "complete": complete, "preferred": preferred, "stable": stable}


def grounded_labels(args, attacks, ground: frozenset[str]) -> dict[str, str]:
    out = {y for x, y in attacks if x in ground}
    return {a: "in" if a in ground else "out" if a in out else "undec" for a in args}


def check_against_brute_force(result_of, args, attacks):
    """`result_of(semantics)` gives an Evaluation; compare it with the enumeration for every semantics."""
    expected = brute_force(args, attacks)
    for name in SEMANTICS:
        ev = result_of(name)
        assert ev.labels == grounded_labels(args, attacks, expected["grounded"][0]), name
        if name == "grounded":
            assert ev.extensions is None
            continue
        got = [frozenset(e) for e in ev.extensions]
        assert len(got) == len(set(got)), f"{name}: an extension listed twice"
        assert set(got) == set(expected[name]), name
        assert ev.extension_count == len(expected[name])
        union = frozenset().union(*expected[name]) if expected[name] else frozenset()
        common = frozenset.intersection(*expected[name]) if expected[name] else frozenset()
        assert set(ev.credulous) == union, name
        assert set(ev.sceptical) == common, name


@pytest.mark.parametrize("seed", range(300))
def test_random_frameworks_agree_with_brute_force(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 8)
    args = [f"a{i}" for i in range(n)]
    density = rng.choice([0.1, 0.2, 0.3, 0.5])
    attacks = {(x, y) for x in args for y in args if rng.random() < density and (x != y or rng.random() < 0.3)}
    fw = Framework.from_attacks(args, sorted(attacks))
    check_against_brute_force(lambda s: evaluate_framework(fw, s), args, attacks)


# --- random maps: trees of rebuttals with cross-links making odd and even cycles across maps -----------------

CHILD_KINDS = {
    "claim": ["premise", "rebuttal"],
    "premise": ["premise", "rebuttal"],
    "rebuttal": ["premise", "counter-rebuttal"],
    "counter-rebuttal": ["premise", "counter-rebuttal"],
}


def node(node_id, kind, children=(), attacks=(), supports=()):
    out = {"id": node_id, "kind": kind, "side": "s", "text": node_id, "children": list(children)}
    if attacks:
        out["attacks"] = list(attacks)
    if supports:
        out["supports"] = list(supports)
    return out


def make_map(map_id, claim) -> ArgMap:
    return ArgMap.model_validate({"id": map_id, "title": map_id, "sides": {"s": {"name": "S"}}, "claim": claim})


def random_debate(rng: random.Random):
    """2-3 maps of 1-4 nodes, with cross-links; returns the maps and the attacks they should give."""
    maps, attacks, everyone = [], set(), []
    trees = []
    for mi in range(rng.randint(2, 3)):
        map_id = f"m{mi}"
        root = node("c", "claim")
        flat = [(root, None)]
        for i in range(rng.randint(0, 3)):
            parent, _ = rng.choice(flat)
            kind = rng.choice(CHILD_KINDS[parent["kind"]])
            child = node(f"n{i}", kind)
            parent["children"].append(child)
            flat.append((child, parent))
            if kind != "premise":
                attacks.add((f"{map_id}:{child['id']}", f"{map_id}:{parent['id']}"))
        trees.append((map_id, root, flat))
        everyone += [(map_id, n) for n, _ in flat]
    for _ in range(rng.randint(1, 5)):
        (ma, a), (mb, b) = rng.choice(everyone), rng.choice(everyone)
        link = b["id"] if ma == mb and rng.random() < 0.5 else f"{mb}:{b['id']}"
        if rng.random() < 0.8:
            a.setdefault("attacks", []).append(link)
            attacks.add((f"{ma}:{a['id']}", f"{mb}:{b['id']}"))
        else:
            a.setdefault("supports", []).append(link)  # support gives no attack by default
    maps = [make_map(map_id, root) for map_id, root, _ in trees]
    args = [f"{map_id}:{n['id']}" for map_id, n in everyone]
    return maps, args, attacks


@pytest.mark.parametrize("seed", range(200))
def test_random_debates_agree_with_brute_force(seed):
    maps, args, attacks = random_debate(random.Random(1000 + seed))
    check_against_brute_force(lambda s: evaluate(maps, s), args, attacks)


def cycle_maps(length: int) -> list[ArgMap]:
    """One claim per map, each attacking the next map's claim: a cycle of `length` across maps."""
    return [make_map(f"m{i}", node("c", "claim", attacks=[f"m{(i + 1) % length}:c"])) for i in range(length)]


def test_odd_cycle_across_maps():
    maps = cycle_maps(3)
    assert set(evaluate(maps).labels.values()) == {Label.UNDEC}
    assert evaluate(maps, "preferred").extensions == [[]]
    assert evaluate(maps, "complete").extensions == [[]]
    stable = evaluate(maps, "stable")
    assert stable.extensions == [] and stable.credulous == [] and stable.sceptical == []


def test_even_cycle_across_maps():
    maps = cycle_maps(4)
    preferred = evaluate(maps, "preferred")
    assert sorted(preferred.extensions) == [["m0:c", "m2:c"], ["m1:c", "m3:c"]]
    assert preferred.sceptical == [] and preferred.credulous == ["m0:c", "m1:c", "m2:c", "m3:c"]
    assert len(evaluate(maps, "complete").extensions) == 3


# --- textbook frameworks -----------------------------------------------------------------------------------

TEXTBOOK = {
    # Dung's Nixon diamond: two arguments attacking each other.
    "mutual": (["a", "b"], [("a", "b"), ("b", "a")], {
        "grounded": {"a": "undec", "b": "undec"},
        "complete": [[], ["a"], ["b"]], "preferred": [["a"], ["b"]], "stable": [["a"], ["b"]],
    }),
    # A chain: a defends c against b.
    "chain": (["a", "b", "c"], [("a", "b"), ("b", "c")], {
        "grounded": {"a": "in", "b": "out", "c": "in"},
        "complete": [["a", "c"]], "preferred": [["a", "c"]], "stable": [["a", "c"]],
    }),
    # An odd cycle has no stable extension.
    "odd cycle": (["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")], {
        "grounded": {"a": "undec", "b": "undec", "c": "undec"},
        "complete": [[]], "preferred": [[]], "stable": [],
    }),
    # Floating reinstatement: d is in every preferred extension but undecided in the grounded one.
    "floating": (["a", "b", "c", "d"], [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")], {
        "grounded": {"a": "undec", "b": "undec", "c": "undec", "d": "undec"},
        "complete": [[], ["a", "d"], ["b", "d"]], "preferred": [["a", "d"], ["b", "d"]],
        "stable": [["a", "d"], ["b", "d"]],
    }),
    # An even cycle attacking an odd one: preferred {a} and {b, d}, only {b, d} is stable.
    "even into odd": (["a", "b", "c", "d", "e"], [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "e"),
                                                  ("e", "c")], {
        "grounded": dict.fromkeys("abcde", "undec"),
        "complete": [[], ["a"], ["b", "d"]], "preferred": [["a"], ["b", "d"]], "stable": [["b", "d"]],
    }),
    # A self-attacker is never in, and what it attacks is never out because of it.
    "self-attack": (["a", "b", "c"], [("a", "a"), ("a", "b"), ("c", "c")], {
        "grounded": {"a": "undec", "b": "undec", "c": "undec"},
        "complete": [[]], "preferred": [[]], "stable": [],
    }),
}


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_textbook_frameworks(name):
    args, attacks, expected = TEXTBOOK[name]
    fw = Framework.from_attacks(args, attacks)
    assert evaluate_framework(fw).labels == expected["grounded"]
    for semantics in ("complete", "preferred", "stable"):
        got = sorted(sorted(e) for e in evaluate_framework(fw, semantics).extensions)
        assert got == sorted(expected[semantics]), semantics


# --- maps: what counts as an attack ----------------------------------------------------------------------


def test_rebuttals_attack_their_parents_and_premises_do_not():
    rebuttal = node("r", "rebuttal", [node("k", "counter-rebuttal")])
    m = make_map("m", node("c", "claim", [node("p", "premise"), rebuttal]))
    assert evaluate([m]).labels == {"m:c": "in", "m:p": "in", "m:r": "out", "m:k": "in"}


def test_a_cross_link_to_the_own_parent_counts():
    # The premise attacks its parent by a cross-link; the claim goes out although premises never attack.
    m = make_map("m", node("c", "claim", [node("p", "premise", attacks=["c"])]))
    assert evaluate([m]).labels == {"m:c": "out", "m:p": "in"}
    # A rebuttal attacking its parent twice (tree and cross-link) still falls to one counter-rebuttal.
    m = make_map("m", node("c", "claim", [node("r", "rebuttal", [node("k", "counter-rebuttal")], attacks=["c"])]))
    assert evaluate([m]).labels == {"m:c": "in", "m:r": "out", "m:k": "in"}


def test_a_child_attacked_by_a_cross_link_from_its_parent():
    m = make_map("m", node("c", "claim", [node("r", "rebuttal")], attacks=["r"]))
    assert evaluate([m]).labels == {"m:c": "undec", "m:r": "undec"}
    assert sorted(evaluate([m], "preferred").extensions) == [["m:c"], ["m:r"]]


def test_a_link_naming_no_node_is_refused_with_its_place():
    m = make_map("m", node("c", "claim", attacks=["other:x"]))
    with pytest.raises(ArgmapError, match=r"map 'm': node 'c' attacks 'other:x', but there is no map 'other'"):
        evaluate([m])
    m = make_map("m", node("c", "claim", attacks=["x"]))
    with pytest.raises(ArgmapError, match="no node of that id"):
        evaluate([m])


def test_unknown_semantics_or_support_is_refused():
    m = make_map("m", node("c", "claim"))
    with pytest.raises(ArgmapError, match="semantics"):
        evaluate([m], "ideal")
    with pytest.raises(ArgmapError, match="support"):
        evaluate([m], support="abductive")


def test_a_debate_object_is_accepted():
    class Debate:
        def __init__(self, maps):
            self.maps = {m.id: m for m in maps}

    maps = cycle_maps(2)
    assert evaluate(Debate(maps), "stable").extensions == evaluate(maps, "stable").extensions


def test_top_level_export_evaluates_the_seed_debate():
    maps = [argmap.load(p) for p in sorted((ROOT / "maps").glob("*.json"))]
    ev = argmap.evaluate(maps)
    # Every node is an argument but the context nodes, which take no part.
    assert len(ev.labels) == sum(1 for m in maps for v in m.walk() if v.node.role != "context")
    assert set(ev.labels.values()) <= set(Label)
    for semantics in Semantics:
        argmap.evaluate(maps, semantics)


# --- support: the three-node examples documented in derive() and the README --------------------------------


def attack_names(ev) -> set[tuple[str, str]]:
    names = ev.framework.names
    return {(names[a], names[b]) for a, b in ev.framework.attacks()}


def test_support_adds_no_attack_by_default():
    m = make_map("m", node("c", "claim", [node("a", "premise"), node("b", "rebuttal")]))
    assert attack_names(evaluate([m])) == {("m:b", "m:c")}


def test_deductive_supported_attack():
    # a supports b, b attacks c: if a is accepted so is b, so a attacks c.
    m = make_map("m", node("c", "claim", [node("b", "rebuttal", [node("a", "premise")])]))
    ev = evaluate([m], support="deductive")
    assert attack_names(ev) == {("m:b", "m:c"), ("m:a", "m:c")}
    assert ev.labels == {"m:a": "in", "m:b": "in", "m:c": "out"}
    assert attack_names(evaluate([m], support="necessary")) == {("m:b", "m:c")}


def test_deductive_mediated_attack():
    # a supports c, b attacks c: c cannot be rejected while a stands, so b attacks a.
    m = make_map("m", node("c", "claim", [node("a", "premise"), node("b", "rebuttal")]))
    ev = evaluate([m], support="deductive")
    assert attack_names(ev) == {("m:b", "m:c"), ("m:b", "m:a")}
    assert ev.labels == {"m:a": "out", "m:b": "in", "m:c": "out"}
    assert evaluate([m]).labels["m:a"] == "in"


def test_necessary_secondary_attack():
    # b attacks a, a supports c, and c cannot be accepted without a: b attacks c.
    m = make_map("m", node("c", "claim", [node("a", "premise", [node("b", "rebuttal")])]))
    assert evaluate([m]).labels == {"m:a": "out", "m:b": "in", "m:c": "in"}
    ev = evaluate([m], support="necessary")
    assert attack_names(ev) == {("m:b", "m:a"), ("m:b", "m:c")}
    assert ev.labels == {"m:a": "out", "m:b": "in", "m:c": "out"}
    assert evaluate([m], support="deductive").labels["m:c"] == "in"


def test_necessary_extended_attack():
    # x supports a and attacks b: a cannot be accepted without x, so accepting a means b falls: a attacks b.
    m = make_map("m", node("a", "claim", [node("x", "premise", attacks=["b"]), node("b", "rebuttal")]))
    ev = evaluate([m], support="necessary")
    assert attack_names(ev) == {("m:b", "m:a"), ("m:x", "m:b"), ("m:a", "m:b")}
    assert evaluate([m], support="deductive").framework.more.get(ev.framework.index("m:a")) is None


def test_support_chains_and_cross_map_supports():
    # Deductive: a supports x across maps, x supports y, b attacks y: b attacks x and a (chains of support).
    m1 = make_map("m1", node("a", "claim", supports=["m2:x"]))
    m2 = make_map("m2", node("y", "claim", [node("x", "premise"), node("b", "rebuttal")]))
    ev = evaluate([m1, m2], support="deductive")
    assert {("m2:b", "m2:x"), ("m2:b", "m1:a")} <= attack_names(ev)
    assert ev.labels["m1:a"] == "out"


def test_support_cycles_terminate():
    m = make_map("m", node("c", "claim", [node("a", "premise", supports=["c"]), node("b", "rebuttal")]))
    for mode in ("deductive", "necessary"):
        evaluate([m], support=mode)


# --- explanations -------------------------------------------------------------------------------------------


def test_explain_goes_down_to_unattacked_arguments():
    # c <- r <- k: c is in because r is out, r is out because k is in, k is in because nobody attacks it.
    m = make_map("m", node("c", "claim", [node("r", "rebuttal", [node("k", "counter-rebuttal")])]))
    steps = evaluate([m]).explain("m:c")
    assert [(s.argument, s.label, s.because, s.depth) for s in steps] == [
        ("m:c", "in", ("m:r",), 0),
        ("m:r", "out", ("m:k",), 1),
        ("m:k", "in", (), 2),
    ]


def test_explain_out_names_the_attacker_that_settled_it():
    # Even cycle a <-> b broken by e attacking b: explaining a must not loop through the cycle.
    fw = Framework.from_attacks("abcde", [("a", "d"), ("d", "c"), ("c", "b"), ("b", "a"), ("e", "b"), ("e", "d")])
    ev = evaluate_framework(fw)
    steps = ev.explain("a")
    assert steps[0].label == "in" and steps[0].because == ("b",)
    # b is out because of e (which settled it) and c; only e is followed, since c leads back round to a.
    assert steps[1].argument == "b" and steps[1].because == ("e", "c")
    assert [s.argument for s in steps] == ["a", "b", "e"]
    assert all(not s.repeated for s in steps)


def test_explain_undec_follows_the_cycle_once():
    ev = evaluate(cycle_maps(3))
    steps = ev.explain("m0:c")
    assert [s.argument for s in steps] == ["m0:c", "m2:c", "m1:c", "m0:c"]
    assert steps[-1].repeated and all(s.label == "undec" for s in steps)


def test_explain_unknown_argument():
    with pytest.raises(ArgmapError, match="no argument 'm0:zz'"):
        evaluate(cycle_maps(2)).explain("m0:zz")


def test_a_long_cycle_is_solved_by_propagation_not_by_subsets():
    # 40 maps in a ring: 2^40 subsets, but two preferred extensions (every other claim) and three complete ones.
    maps = cycle_maps(40)
    preferred = evaluate(maps, "preferred")
    assert sorted(preferred.extensions) == [[f"m{i}:c" for i in range(start, 40, 2)] for start in (0, 1)]
    assert evaluate(maps, "complete").extension_count == 3
    assert evaluate(cycle_maps(41), "stable").extensions == []


# --- undercuts (schema 2): an attack on the inference, not on the node answered -------------------------------


def undercut(node_dict):
    node_dict["undercut"] = True
    return node_dict


def undercut_map(*below_u):
    """claim c <- premise p <- rebuttal r <- undercut u (u answers r's attack on p, not r)."""
    u = undercut(node("u", "counter-rebuttal", list(below_u)))
    return make_map("m", node("c", "claim", [node("p", "premise", [node("r", "rebuttal", [u])])]))


def test_an_undercut_cancels_the_attack_not_the_attacker():
    r = node("r", "rebuttal", [node("u", "counter-rebuttal")])
    plain = make_map("m", node("c", "claim", [node("p", "premise", [r])]))
    assert evaluate([plain]).labels == {"m:c": "in", "m:p": "in", "m:r": "out", "m:u": "in"}
    ev = evaluate([undercut_map()])
    # r stands (nothing attacks it) but its attack on p does not hold, so p stands too.
    assert ev.labels == {"m:c": "in", "m:p": "in", "m:r": "in", "m:u": "in"}
    for semantics in ("preferred", "stable", "complete"):
        assert evaluate([undercut_map()], semantics).extensions == [["m:c", "m:p", "m:r", "m:u"]]


def test_a_defeated_undercut_lets_the_attack_through():
    ev = evaluate([undercut_map(node("k", "counter-rebuttal"))])
    assert ev.labels == {"m:c": "in", "m:p": "out", "m:r": "in", "m:u": "out", "m:k": "in"}
    steps = ev.explain("m:p")
    assert [s.argument for s in steps[:2]] == ["m:p", "(m:r attacks m:p)"]


def test_an_undercut_of_an_undercut_restores_the_attack():
    ev = evaluate([undercut_map(undercut(node("w", "counter-rebuttal")))])
    assert ev.labels == {"m:c": "in", "m:p": "out", "m:r": "in", "m:u": "in", "m:w": "in"}


def test_an_undecided_attacker_leaves_what_it_attacks_undecided_through_the_undercut_route():
    # r and s attack each other; u would undercut r's attack on p but k defeats u: the attack holds when r does.
    u = undercut(node("u", "counter-rebuttal", [node("k", "counter-rebuttal")]))
    r = node("r", "rebuttal", [u], attacks=["s"])
    m = make_map("m", node("c", "claim", [node("p", "premise", [r]), node("s", "rebuttal", attacks=["r"])]))
    ev = evaluate([m])
    assert ev.labels == {"m:c": "undec", "m:p": "undec", "m:s": "undec", "m:r": "undec", "m:u": "out", "m:k": "in"}
    preferred = sorted(sorted(e) for e in evaluate([m], "preferred").extensions)
    assert preferred == [["m:c", "m:k", "m:r"], ["m:k", "m:p", "m:s"]]


def test_an_undercut_of_a_support_attacks_nothing_and_cuts_the_support():
    u = undercut(node("u", "rebuttal"))
    m = make_map("m", node("c", "claim", [node("p", "premise", [u]), node("b", "rebuttal")]))
    assert evaluate([m]).labels == {"m:c": "out", "m:p": "in", "m:u": "in", "m:b": "in"}
    # Deductively, b's attack on c would strike p (mediated), but p's support of c is undercut.
    assert evaluate([m], support="deductive").labels["m:p"] == "in"
    p = node("p", "premise", [node("u", "rebuttal")])
    m_plain = make_map("m", node("c", "claim", [p, node("b", "rebuttal")]))
    assert evaluate([m_plain], support="deductive").labels["m:p"] == "out"


def test_linked_premises_are_each_necessary_but_not_each_sufficient():
    p1, p2 = node("p1", "premise"), node("p2", "premise", [node("r", "rebuttal")])
    p1["group"] = p2["group"] = "g"
    m = make_map("m", node("c", "claim", [p1, p2, node("b", "rebuttal")]))
    # Necessary: r attacks p2, one of c's linked premises, so r attacks c (secondary attack).
    assert ("m:r", "m:c") in attack_names(evaluate([m], support="necessary"))
    # Deductive: b attacks c, but neither premise alone entails c, so b attacks neither (no mediated attack).
    deductive = attack_names(evaluate([m], support="deductive"))
    assert ("m:b", "m:p1") not in deductive and ("m:b", "m:p2") not in deductive
    ungrouped = make_map("m", node("c", "claim", [node("p1", "premise"), node("b", "rebuttal")]))
    assert ("m:b", "m:p1") in attack_names(evaluate([ungrouped], support="deductive"))
