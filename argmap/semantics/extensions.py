"""Complete, preferred and stable extensions, found by a SAT solver part by part.

Every complete labelling agrees with the grounded one on the arguments it settles, so only the grounded
`undec` arguments are searched. They are split into independent parts (weakly connected components); the
extensions of the whole combine the parts' as a product, and acceptance is read part by part, so a debate
of many small independent cycles never enumerates their product.

Each part is encoded in propositional logic, as the ICCMA solvers do (two variables an argument, `in` and
`out`; a complete labelling is a model: in iff every attacker is out, out iff some attacker is in), and
handed to CaDiCaL through python-sat. Complete and stable extensions are enumerated model by model, each
found one blocked; preferred ones by growing each model to a maximal one and then asking only for models
that are not contained in one found (Cerutti et al.'s PrefSAT). The solver's clause learning settles in
milliseconds what a search over labels would try exponentially often (two camps of 150 that attack each
other: two preferred extensions, found in a few SAT calls). A timeout stops the solver between rounds of
conflicts; what was found until then is kept and marked unfinished.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from itertools import product

from ..errors import ArgmapError
from ..perf import gc_paused
from ..vocab import Semantics
from .framework import Framework
from .grounded import IN, OUT, UNDEC

# CaDiCaL 1.9.5: on two camps of 500 that attack each other it finds the second extension in 500 conflicts
# where Glucose and MiniSat take 7,000 to 10,000 (and ten times as long).
SOLVER = "cadical195"


class Extensions:
    """The extensions of a framework under one semantics, kept as a product of independent parts.

    `finished` is False when a timeout stopped the search: `parts` then hold what was found so far (a part
    not reached holds nothing, so no whole extension is known), and `unsolved` the arguments whose parts
    were not searched to the end.
    """

    def __init__(
        self,
        settled: list[int],
        parts: list[list[frozenset[int]]],
        finished: bool = True,
        unsolved: frozenset[int] = frozenset(),
        elapsed: float = 0.0,
    ):
        # `settled`: the grounded `in` arguments, in every extension; `parts`: each part's in-sets.
        self.settled = settled
        self.parts = parts
        self.finished = finished
        self.unsolved = unsolved
        self.elapsed = elapsed

    @property
    def count(self) -> int:
        """How many extensions: the product of the parts' counts (2^5000 for 5,000 independent two-cycles,
        which len() could not return)."""
        count = 1
        for part in self.parts:
            count *= len(part)
        return count

    def __iter__(self) -> Iterator[list[int]]:
        """Each extension as a sorted list of argument numbers."""
        if self.count == 0:
            return
        for choice in product(*self.parts):
            yield sorted(self.settled + [a for in_set in choice for a in in_set])

    def credulous(self) -> list[int]:
        """Arguments in at least one extension (found so far, after a timeout)."""
        if self.count == 0:
            return []
        return sorted(self.settled + [a for part in self.parts for a in frozenset().union(*part)])

    def sceptical(self) -> list[int]:
        """Arguments in every extension (none when there is no extension at all)."""
        if self.count == 0:
            return []
        found = self.settled + [a for part in self.parts for a in frozenset.intersection(*part)]
        # After a timeout an argument of an unfinished part may yet miss from an extension not found.
        return sorted(a for a in found if a not in self.unsolved)


class _Timeout(Exception):
    pass


def extensions(fw: Framework, label: bytearray, semantics: Semantics | str, timeout: float | None = None) -> Extensions:
    """The extensions of `fw` under complete, preferred or stable semantics, given its grounded labelling.

    `timeout` (seconds) bounds the search; past it the result holds what was found and `finished` is False.
    """
    semantics = Semantics(semantics)
    if semantics not in (Semantics.COMPLETE, Semantics.PREFERRED, Semantics.STABLE):
        raise ArgmapError(f"{semantics.value} semantics has no extensions")
    started = time.monotonic()
    deadline = None if timeout is None else started + timeout
    n = len(fw.names)
    settled = [a for a in range(n) if label[a] == IN]
    open_ = [a for a in range(n) if label[a] == UNDEC]
    if not open_:
        return Extensions(settled, [])
    # The undecided arguments and the attacks among them; an out attacker never matters and no in argument
    # attacks an undecided one.
    local = [-1] * n
    for i, a in enumerate(open_):
        local[a] = i
    k = len(open_)
    tree, more = fw.tree, fw.more
    succ_s: list[set[int]] = []
    for a in open_:
        ends = {local[b] for b in more.get(a, ())}
        if tree[a]:
            ends.add(local[tree[a] - 1])
        ends.discard(-1)
        succ_s.append(ends)
    pred_s: list[set[int]] = [set() for _ in range(k)]
    for la, ends in enumerate(succ_s):
        for lb in ends:
            pred_s[lb].add(la)
    pred_l = [sorted(p) for p in pred_s]
    succ_l = [sorted(p) for p in succ_s]
    part_of = _parts(k, succ_l, pred_l)
    members: dict[int, list[int]] = {}
    for i in range(k):
        members.setdefault(part_of[i], []).append(i)
    groups = list(members.values())
    # A part's search yields its in-sets one by one. One from every part first, so that a timeout still leaves
    # whole extensions when it can; then the rest of each part.
    found: list[list[frozenset[int]]] = [[] for _ in groups]
    searches = [_search(group, k, pred_l, pred_s, succ_s, semantics, deadline) for group in groups]
    done = [False] * len(groups)
    finished = True
    try:
        for p, search in enumerate(searches):
            first = next(search, None)
            if first is None:
                done[p] = True
                if not found[p]:
                    # No stable extension in this part, so none at all.
                    return Extensions(settled, [[]], elapsed=time.monotonic() - started)
            else:
                found[p].append(first)
        for p, search in enumerate(searches):
            if not done[p]:
                found[p].extend(search)
                done[p] = True
    except _Timeout:
        finished = False
    finally:
        for search in searches:
            search.close()
    unsolved = frozenset(open_[i] for p, group in enumerate(groups) if not done[p] for i in group)
    parts = [[frozenset(open_[i] for i in s) for s in in_sets] for in_sets in found]
    return Extensions(settled, parts, finished, unsolved, time.monotonic() - started)


def _parts(k: int, succ: list[list[int]], pred: list[list[int]]) -> list[int]:
    """A part number for each argument: arguments joined by attacks either way share one."""
    part = [-1] * k
    for start in range(k):
        if part[start] >= 0:
            continue
        part[start] = start
        todo = [start]
        while todo:
            a = todo.pop()
            for b in (*succ[a], *pred[a]):
                if part[b] < 0:
                    part[b] = start
                    todo.append(b)
    return part


def _search(
    group: list[int],
    total: int,
    pred: list[list[int]],
    pred_s: list[set[int]],
    succ_s: list[set[int]],
    semantics: Semantics,
    deadline: float | None,
) -> Generator[frozenset[int], None, None]:
    """The in-sets of one part's extensions, one at a time (arguments numbered as in `pred`, of `total`)."""
    from pysat.solvers import Solver

    k = len(group)
    whole = k == total  # one part holds every undecided argument: its numbers are already 0..k-1
    number = None if whole else dict(zip(group, range(k), strict=True))
    stable = semantics is Semantics.STABLE
    # Half a million small clause lists: the cyclic collector would rescan them all again and again.
    with gc_paused():
        clauses: list[list[int]] = []
        add = clauses.append
        for i, a in enumerate(group):
            # Attackers that a attacks back: the clause such a pair needs is the same from either end, so it is
            # written once. Two camps that attack each other thus halve their clauses.
            mutual = pred_s[a] & succ_s[a]
            attackers = pred[a]
            one_way = [b for b in attackers if b not in mutual] if mutual else attackers
            back = [b for b in mutual if b >= a]  # itself too: a self-attacker is never in
            if number is not None:
                attackers, one_way, back = ([number[b] for b in xs] for xs in (attackers, one_way, back))
            if stable:
                # Stable, one variable an argument, in(i) = i + 1: no two members attack each other, and every
                # argument is in or attacked by one that is.
                x = i + 1
                clauses += [[-x, -(j + 1)] for j in one_way]
                clauses += [[-x, -(j + 1)] for j in back]
                add([x, *[j + 1 for j in attackers]])
                continue
            # Complete labellings, in(i) = 2i + 1, out(i) = 2i + 2: never both; in -> every attacker out; an
            # attacker in -> out; every attacker out -> in; out -> some attacker in. (Each undecided argument has
            # an undecided attacker.)
            into, outo = 2 * i + 1, 2 * i + 2
            add([-into, -outo])
            clauses += [[-into, 2 * j + 2] for j in attackers]
            clauses += [[-(2 * j + 1), outo] for j in one_way]
            add([into, *[-(2 * j + 2) for j in attackers]])
            add([-outo, *[2 * j + 1 for j in attackers]])
        solver = Solver(name=SOLVER, bootstrap_with=clauses)
        del clauses
    ins = range(1, k + 1) if stable else range(1, 2 * k + 1, 2)

    def solve(assumptions: list[int]) -> list[int] | None:
        if deadline is None:
            return solver.get_model() if solver.solve(assumptions=assumptions) else None
        # In rounds of a few thousand conflicts, looking at the clock between them (CaDiCaL cannot be
        # interrupted from another thread); learnt clauses carry over from one round to the next.
        budget = 2_000
        while True:
            if time.monotonic() >= deadline:
                raise _Timeout
            solver.conf_budget(budget)
            result = solver.solve_limited(assumptions=assumptions)
            if result is not None:
                return solver.get_model() if result else None
            budget = min(budget * 2, 64_000)

    def var(i: int) -> int:
        return i + 1 if stable else 2 * i + 1

    def arg(v: int) -> int:
        return v - 1 if stable else (v - 1) // 2

    def in_set(model: list[int]) -> list[int]:
        return [arg(v) for v in ins if model[v - 1] > 0]

    try:
        model = solve([])
        while model is not None:
            chosen = in_set(model)
            if semantics is not Semantics.COMPLETE:
                # Preferred: grow the model while some complete labelling takes in more. Then (preferred and
                # stable extensions alike are never inside one another) ask only for labellings that are not
                # inside one found: a shorter clause than blocking the labelling, which the solver refutes
                # quickly once every extension is found.
                grow = (solver.nof_vars() or 0) + 1  # the solver's count (None only before any clause)
                while semantics is Semantics.PREFERRED:
                    inside = set(chosen)
                    solver.add_clause([-grow, *(v for v in ins if arg(v) not in inside)])
                    bigger = solve([grow, *(var(i) for i in chosen)])
                    solver.add_clause([-grow])
                    if bigger is None:
                        break
                    chosen = in_set(bigger)
                    grow += 1
                yield frozenset(group[i] for i in chosen)
                inside = set(chosen)
                outside = [v for v in ins if arg(v) not in inside]
                if not outside:
                    return
                solver.add_clause(outside)
            else:
                yield frozenset(group[i] for i in chosen)
                # Block this labelling (a complete labelling is fixed by its in-set).
                inside = set(chosen)
                solver.add_clause([-v if arg(v) in inside else v for v in ins])
            model = solve([])
    finally:
        solver.delete()


__all__ = ["Extensions", "extensions", "IN", "OUT", "UNDEC"]
