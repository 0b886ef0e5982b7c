"""Time `argmap.evaluate` beside the `formal-argumentation` package on the same arguments and attacks.

    python benchmarks/bench_evaluate.py [--rounds 5] [--nodes 100000] [--cross 10000] [--pairs 5000]

1. Grounded: one map of --nodes nodes (benchmarks/generate.py) with --cross extra `attacks` cross-links
   between random nodes. argmap's time is `argmap.evaluate([m])` on the loaded map: the framework built from
   the map, the labelling, the dict of labels. formal-argumentation's time is building its
   ArgumentationFramework from the argument names and attack pairs (taken from the map data beforehand,
   not timed) and running `grounded_extension`. Both run in this one process, alternating, with the garbage
   collector as Python leaves it; formal-argumentation is also timed with the collector off, for reference.
   The two results are checked to agree.
2. Preferred: five maps of 100 nodes with small attack cycles across them (two-cycles and three-cycles),
   `argmap.evaluate(maps, "preferred")`, its extensions listed; formal-argumentation's
   `preferred_extensions` beside it when it finishes.

3. Rebutting pairs: one map whose claim --pairs rebuttals attack, each pair of them attacking each other
   through `attacks` links: one part of 3^(pairs/2) complete extensions (2^(pairs/2) preferred and stable).
   argmap's time (CPU) is `argmap.evaluate([m], semantics)` on the loaded map, credulous and sceptical
   acceptance read: the extensions listed up to the cap, acceptance decided by SAT queries. The answer is
   checked (every rebuttal accepted in some extension, none in every one, the claim in none).

4. Odd cycles on one claim: one map whose claim 2,000, 4,000 and 8,000 three-cycles of rebuttals attack (each
   member a rebuttal of the claim, each attacking the next by an `attacks` link). Every complete labelling
   leaves them all undecided, the claim too: one empty complete and preferred extension, no stable one.
   argmap's time (CPU) as for the rebutting pairs; the answer is checked. Before the strongly connected
   components were looked at, the 6,001 to 24,001 arguments made one SAT problem and CPU time grew with the
   square of the cycles (complete: 0.15 / 0.6 / 1.6-2.4 s here; 0.14 / 0.7 / 4.5 s on a busier run).

5. DF-QuAD: one map of --nodes nodes, half its answers premises (supports) and half attacks, most with a
   random `weight`, and --cross cross-links (attacks and supports) from a node to one made before it, so the
   graph stays acyclic. argmap's time is `argmap.evaluate([m], "dfquad")` on the loaded map: the bipolar
   graph built from the map, the strengths, their dict. formal-argumentation's is building its
   WeightedBipolarGraph from the names, weights and edges (read from the map data beforehand, not timed) and
   `dfquad_bipolar_strengths`. Both are checked to agree to 1e-9. Target (issue 20): at most 0.5 of
   formal-argumentation's time.

Figures are printed, not asserted (machines differ; this one is shared).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from argmap import evaluate  # noqa: E402
from argmap.model import ArgMap  # noqa: E402

try:
    from argumentation.core.dung import ArgumentationFramework, grounded_extension, preferred_extensions
except ImportError:  # pragma: no cover - the test extra installs it
    sys.exit("bench_evaluate: needs formal-argumentation (pip install -e '.[test]')")


def nodes_of(data: dict) -> list[dict]:
    out, stack = [], [data["claim"]]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.get("children", []))
    return out


def arguments_and_attacks(maps: list[dict]) -> tuple[list[str], list[tuple[str, str]]]:
    """The framework read straight from the map data, independently of argmap.semantics."""
    names, attacks = [], []
    for data in maps:
        stack = [(data["claim"], None)]
        while stack:
            n, parent = stack.pop()
            name = f"{data['id']}:{n['id']}"
            names.append(name)
            if parent is not None and n["kind"] in ("rebuttal", "counter-rebuttal"):
                attacks.append((name, parent))
            for link in n.get("attacks", []):
                attacks.append((name, link if ":" in link else f"{data['id']}:{link}"))
            stack.extend((child, name) for child in n.get("children", []))
    return names, attacks


def model(data: dict) -> ArgMap:
    # The map is built as `argmap.load` builds it, without the file: at 100,000 nodes the generated JSON is
    # over the loader's 20 MiB limit.
    gc.disable()
    try:
        return ArgMap.model_validate(data)
    finally:
        gc.enable()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def row(label: str, times: list[float]) -> str:
    return (
        f"  {label:<44} first {times[0]:6.3f} s   best {min(times):6.3f} s   median {statistics.median(times):6.3f} s"
    )


def bench_grounded(nodes: int, cross: int, rounds: int) -> None:
    data = generate(nodes)
    data["id"] = "big"
    rng = random.Random(12)
    everyone = nodes_of(data)
    for _ in range(cross):
        a, b = rng.choice(everyone), rng.choice(everyone)
        a.setdefault("attacks", []).append(b["id"])
    m = model(data)
    names, attacks = arguments_and_attacks([data])
    ours, theirs, theirs_nogc = [], [], []
    for _ in range(rounds):
        t, ev = timed(lambda: evaluate([m]))
        ours.append(t)
        t, extension = timed(lambda: grounded_extension(ArgumentationFramework(frozenset(names), frozenset(attacks))))
        theirs.append(t)
        gc.disable()
        try:
            t, _ = timed(lambda: grounded_extension(ArgumentationFramework(frozenset(names), frozenset(attacks))))
        finally:
            gc.enable()
        theirs_nogc.append(t)
    accepted = {name for name, label in ev.labels.items() if label == "in"}
    assert accepted == set(extension), "argmap and formal-argumentation disagree on the grounded extension"
    print(f"grounded: one map of {len(names):,} nodes, {len(attacks):,} attacks ({cross:,} cross-links); "
          f"{len(accepted):,} in; {rounds} rounds, alternating")
    print(row("argmap.evaluate([m])", ours))
    print(row("formal-argumentation (build + grounded)", theirs))
    print(row("formal-argumentation, garbage collector off", theirs_nogc))
    print(f"  ratio argmap / formal-argumentation: median {statistics.median(ours) / statistics.median(theirs):.2f}, "
          f"best {min(ours) / min(theirs):.2f} (GC off for it: {min(ours) / min(theirs_nogc):.2f})")


def debate_with_cycles(maps: int = 5, size: int = 100, even: int = 12, odd: int = 12) -> list[dict]:
    rng = random.Random(7)
    datas = []
    for i in range(maps):
        data = generate(size)
        data["id"] = f"m{i}"
        datas.append(data)
    pools = [nodes_of(d) for d in datas]

    def pick(map_index: int) -> tuple[dict, str]:
        n = rng.choice(pools[map_index])
        return n, f"m{map_index}:{n['id']}"

    for length, count in ((2, even), (3, odd)):
        for _ in range(count):
            members = [pick(i) for i in rng.sample(range(maps), length)]
            for k, (n, _) in enumerate(members):
                n.setdefault("attacks", []).append(members[(k + 1) % length][1])
    return datas


def bench_preferred(rounds: int) -> None:
    datas = debate_with_cycles()
    maps = [model(d) for d in datas]
    names, attacks = arguments_and_attacks(datas)
    times = []
    for _ in range(rounds):
        t, ev = timed(lambda: (lambda e: (e, e.extensions))(evaluate(maps, "preferred"))[0])
        times.append(t)
    print(f"preferred: {len(maps)} maps, {len(names)} nodes, 12 two-cycles and 12 three-cycles across maps; "
          f"{ev.extension_count} extensions, {len(ev.sceptical)} sceptically accepted")
    print(row("argmap.evaluate(maps, 'preferred')", times))
    try:
        t, theirs = timed(lambda: preferred_extensions(ArgumentationFramework(frozenset(names), frozenset(attacks))))
    except Exception as exc:  # it refuses frameworks past its enumeration budget
        print(f"  formal-argumentation preferred_extensions: gave up ({type(exc).__name__}: {exc})")
        return
    if {frozenset(e) for e in ev.extensions} != set(theirs):
        print("  formal-argumentation's preferred extensions DIFFER from argmap's")
    print(row("formal-argumentation preferred_extensions", [t]) + "   (one round)")


def rebutting_pairs_map(count: int) -> dict:
    """A claim rebutted by `count` nodes, each pair of them attacking each other by `attacks` links."""
    children = [
        {"id": f"r{i}", "kind": "rebuttal", "side": "b", "speaker": "Y", "text": f"Rebuttal {i}."} for i in range(count)
    ]
    for i, child in enumerate(children):
        child["attacks"] = [f"r{i ^ 1}"]
    claim = {"id": "c", "kind": "claim", "side": "a", "speaker": "X", "text": "The claim.", "children": children}
    return {"id": "pairs", "title": "Pairs", "sides": {"a": {"name": "A"}, "b": {"name": "B"}}, "claim": claim}


def timed_rounds(m, semantics: str, rounds: int):
    """CPU seconds of each of `rounds` evaluations of one map (the acceptance lists read in each), and the last."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        ev = evaluate([m], semantics)
        ev.credulous, ev.sceptical  # noqa: B018 - computed when first read: part of what is timed
        times.append(time.process_time() - start)
    return times, ev


def bench_rebutting_pairs(count: int, rounds: int) -> None:
    m = model(rebutting_pairs_map(count))
    print(f"rebutting pairs: one map, a claim and {count:,} rebuttals of it in {count // 2:,} pairs that attack each "
          f"other (one part: 3^{count // 2:,} complete extensions); CPU time, {rounds} rounds")
    for semantics in ("preferred", "stable", "complete"):
        times, ev = timed_rounds(m, semantics, rounds)
        credulous, sceptical = ev.credulous, ev.sceptical
        assert ev.complete_search and sceptical == [] and len(credulous) == count and "pairs:c" not in credulous
        count_said = f"{'at least ' if not ev.count_exact else ''}{ev.extension_count} extensions"
        print(row(f"argmap.evaluate([m], {semantics!r})", times) + f"   {count_said}, acceptance exact")


def odd_cycles_map(count: int) -> dict:
    """A claim that `count` three-cycles of rebuttals attack: each member rebuts the claim and attacks the next."""
    children = []
    for i in range(count):
        for j in range(3):
            children.append(
                {
                    "id": f"t{i}-{j}",
                    "kind": "rebuttal",
                    "side": "b",
                    "speaker": "Y",
                    "text": f"Rebuttal {i}.{j}.",
                    "attacks": [f"t{i}-{(j + 1) % 3}"],
                }
            )
    claim = {"id": "c", "kind": "claim", "side": "a", "speaker": "X", "text": "The claim.", "children": children}
    return {"id": "cycles", "title": "Cycles", "sides": {"a": {"name": "A"}, "b": {"name": "B"}}, "claim": claim}


def bench_odd_cycles(rounds: int) -> None:
    print(f"odd cycles on one claim: a claim that three-cycles of its rebuttals attack; CPU time, {rounds} rounds")
    for count in (2_000, 4_000, 8_000):
        m = model(odd_cycles_map(count))
        for semantics in ("complete", "preferred", "stable"):
            times, ev = timed_rounds(m, semantics, rounds)
            credulous, sceptical = ev.credulous, ev.sceptical
            assert ev.complete_search and ev.count_exact and credulous == [] and sceptical == []
            assert ev.extension_count == (0 if semantics == "stable" else 1)
            said = f"   {ev.extension_count} extension{'' if ev.extension_count == 1 else 's'}"
            print(row(f"{count:,} cycles, evaluate([m], {semantics!r})", times) + said)


def bipolar_map(nodes: int, cross: int) -> dict:
    """A generated map with premises among its answers, weights, and acyclic cross-links of both kinds."""
    data = generate(nodes)
    data["id"] = "big"
    rng = random.Random(20)
    order = [data["claim"]]
    for node in order:  # breadth first: a parent's kind is final before its children's
        for child in node.get("children", []):
            if rng.random() < 0.5:
                child["kind"] = "premise"
            else:
                child["kind"] = "rebuttal" if node["kind"] in ("claim", "premise") else "counter-rebuttal"
            if rng.random() < 0.7:
                child["weight"] = round(rng.random(), 4)
            order.append(child)
    # An edge between two nodes is one relation: a cross-link never doubles a tree edge or another link.
    parent_of = {id(child): i for i, node in enumerate(order) for child in node.get("children", [])}
    taken: set[tuple[int, int]] = set()
    for _ in range(cross):
        source = rng.randrange(2, len(order))
        target = rng.randrange(source)
        if parent_of.get(id(order[source])) == target or (source, target) in taken:
            continue
        taken.add((source, target))
        relation = rng.choice(["attacks", "supports"])
        order[source].setdefault(relation, []).append(order[target]["id"])
    return data


def weighted_edges(data: dict) -> tuple[dict[str, float], set, set]:
    """Base scores, attacks and supports read straight from the map data, independently of argmap.semantics."""
    base: dict[str, float] = {}
    attacks: set[tuple[str, str]] = set()
    supports: set[tuple[str, str]] = set()
    stack = [(data["claim"], None)]
    while stack:
        n, parent = stack.pop()
        name = f"{data['id']}:{n['id']}"
        base[name] = n.get("weight", 0.5)
        if parent is not None:
            (supports if n["kind"] == "premise" else attacks).add((name, parent))
        for relation, into in (("attacks", attacks), ("supports", supports)):
            for link in n.get(relation, []):
                into.add((name, f"{data['id']}:{link}"))
        stack.extend((child, name) for child in n.get("children", []))
    return base, attacks, supports


def bench_dfquad(nodes: int, cross: int, rounds: int) -> None:
    from argumentation.gradual.dfquad import dfquad_bipolar_strengths
    from argumentation.gradual.gradual import WeightedBipolarGraph

    data = bipolar_map(nodes, cross)
    m = model(data)
    base, attacks, supports = weighted_edges(data)

    def theirs_run():
        graph = WeightedBipolarGraph(
            arguments=frozenset(base), initial_weights=base, attacks=frozenset(attacks), supports=frozenset(supports)
        )
        return dfquad_bipolar_strengths(graph).strengths

    ours, theirs = [], []
    for _ in range(rounds):
        t, ev = timed(lambda: evaluate([m], "dfquad"))
        ours.append(t)
        t, strengths = timed(theirs_run)
        theirs.append(t)
    worst = max(abs(ev.strengths[name] - strengths[name]) for name in strengths)
    assert worst <= 1e-9, f"argmap and formal-argumentation disagree on DF-QuAD by {worst}"
    print(
        f"dfquad: one map of {len(base):,} nodes, {len(attacks):,} attacks, {len(supports):,} supports "
        f"({cross:,} cross-links); largest difference {worst:.1e}; {rounds} rounds, alternating"
    )
    print(row('argmap.evaluate([m], "dfquad")', ours))
    print(row("formal-argumentation (build + dfquad)", theirs))
    print(
        f"  ratio argmap / formal-argumentation: median {statistics.median(ours) / statistics.median(theirs):.2f}, "
        f"best {min(ours) / min(theirs):.2f} (target: at most 0.5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--cross", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=5_000)
    args = parser.parse_args()
    bench_grounded(args.nodes, args.cross, args.rounds)
    bench_preferred(args.rounds)
    bench_rebutting_pairs(args.pairs, args.rounds)
    bench_odd_cycles(args.rounds)
    bench_dfquad(args.nodes, args.cross, args.rounds)


if __name__ == "__main__":
    main()
