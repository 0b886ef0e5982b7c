"""Complete, preferred and stable extensions, computed strongly connected component by component.

Every complete labelling agrees with the grounded one on the arguments it settles, so only the grounded
`undec` arguments are searched. They are split into independent parts (weakly connected components), and each
part into strongly connected components (SCCs), taken attackers first. The labels of one SCC depend only on the
SCCs above it (Baroni, Giacomin & Guida 2005), so each SCC is solved alone given the labels above it: a large
debate whose cycles are small costs a small search per cycle, not one search over the whole debate.
Parts are independent: their extensions combine as a product, and acceptance is read part by part.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from ..vocab import Semantics
from .framework import Framework
from .grounded import IN, OUT, UNDEC


class Extensions:
    """The extensions of a framework under one semantics, kept as a product of independent parts."""

    def __init__(self, settled: list[int], parts: list[list[frozenset[int]]]):
        # `settled`: the grounded `in` arguments, in every extension; `parts`: each part's in-sets.
        self.settled = settled
        self.parts = parts

    def __len__(self) -> int:
        count = 1
        for part in self.parts:
            count *= len(part)
        return count

    def __iter__(self) -> Iterator[list[int]]:
        """Each extension as a sorted list of argument numbers."""
        if len(self) == 0:
            return
        for choice in product(*self.parts):
            yield sorted(self.settled + [a for in_set in choice for a in in_set])

    def credulous(self) -> list[int]:
        """Arguments in at least one extension."""
        if len(self) == 0:
            return []
        return sorted(self.settled + [a for part in self.parts for a in frozenset().union(*part)])

    def sceptical(self) -> list[int]:
        """Arguments in every extension (none when there is no extension at all)."""
        if len(self) == 0:
            return []
        return sorted(self.settled + [a for part in self.parts for a in frozenset.intersection(*part)])


def extensions(fw: Framework, label: bytearray, semantics: Semantics | str) -> Extensions:
    """The extensions of `fw` under complete, preferred or stable semantics, given its grounded labelling."""
    semantics = Semantics(semantics)
    n = len(fw.names)
    settled = [a for a in range(n) if label[a] == IN]
    open_ = [a for a in range(n) if label[a] == UNDEC]
    if not open_:
        return Extensions(settled, [])
    # The undecided arguments and the attacks among them; an out attacker never matters and no in argument
    # attacks an undecided one.
    local = {a: i for i, a in enumerate(open_)}
    k = len(open_)
    succ: list[set[int]] = [set() for _ in range(k)]
    pred: list[set[int]] = [set() for _ in range(k)]
    for a, b in fw.attacks():
        la, lb = local.get(a), local.get(b)
        if la is not None and lb is not None:
            succ[la].add(lb)
            pred[lb].add(la)
    succ_l = [sorted(s) for s in succ]
    pred_l = [sorted(p) for p in pred]
    part_of = _parts(k, succ_l, pred_l)
    by_part: dict[int, list[list[int]]] = {}
    for scc in reversed(_sccs(k, succ_l)):  # Tarjan finds the attacked SCCs first; take attackers first
        by_part.setdefault(part_of[scc[0]], []).append(scc)
    parts = []
    for sccs in by_part.values():
        in_sets = _solve_part(sccs, pred_l, semantics)
        parts.append([frozenset(open_[i] for i in s) for s in in_sets])
        if not in_sets:
            break  # no stable extension in this part, so none at all
    return Extensions(settled, parts)


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


def _sccs(k: int, succ: list[list[int]]) -> list[list[int]]:
    """Tarjan's strongly connected components, without recursion; attacked components come out first."""
    index = [-1] * k
    low = [0] * k
    on_stack = [False] * k
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(k):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            nbrs = succ[v]
            descended = False
            while i < len(nbrs):
                w = nbrs[i]
                i += 1
                if index[w] < 0:
                    work[-1] = (v, i)
                    work.append((w, 0))
                    descended = True
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            if descended:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
            if low[v] == index[v]:
                scc = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    scc.append(w)
                    if w == v:
                        break
                found.append(sorted(scc))
    return found


def _solve_part(sccs: list[list[int]], pred: list[list[int]], semantics: Semantics) -> list[frozenset[int]]:
    """The in-sets of one part's extensions, SCC by SCC given the labels of the SCCs above."""
    states: list[dict[int, int]] = [{}]
    for scc in sccs:
        grown = []
        for labels in states:
            for local in _local_labellings(scc, pred, labels, semantics):
                merged = dict(labels)
                merged.update(local)
                grown.append(merged)
        states = grown
        if not states:
            return []
    return [frozenset(a for a, lab in labels.items() if lab == IN) for labels in states]


def _local_labellings(
    scc: list[int], pred: list[list[int]], above: dict[int, int], semantics: Semantics
) -> list[dict[int, int]]:
    """The labellings of one SCC that are complete given the labels of its attackers outside it.

    Preferred keeps those whose in-set is maximal; stable those with nothing undecided. An argument attacked
    from above by an in argument is out; one attacked from above by an undecided argument cannot be in.
    """
    members = set(scc)
    forced_out: set[int] = set()
    blocked: set[int] = set()
    inner: dict[int, list[int]] = {}
    for a in scc:
        inner[a] = [b for b in pred[a] if b in members]
        for b in pred[a]:
            if b not in members:
                if above[b] == IN:
                    forced_out.add(a)
                elif above[b] == UNDEC:
                    blocked.add(a)
    candidates = [a for a in scc if a not in forced_out and a not in blocked and a not in inner[a]]
    # Conflict-free sets of candidates, grown one argument at a time (no recursion).
    conflict = {a: {b for b in inner[a] if b in members} for a in candidates}
    for a in candidates:
        for b in inner[a]:
            conflict.setdefault(b, set()).add(a)
    sets: list[frozenset[int]] = [frozenset()]
    for a in candidates:
        sets += [s | {a} for s in sets if not (conflict[a] & s)]
    found: list[tuple[frozenset[int], dict[int, int]]] = []
    for chosen in sets:
        out = set(forced_out)
        out.update(a for a in scc if any(b in chosen for b in inner[a]))
        if any(b not in out for a in chosen for b in inner[a]):
            continue  # a chosen argument is not defended
        labels = {}
        complete = True
        for a in scc:
            if a in chosen:
                labels[a] = IN
            elif a in out:
                labels[a] = OUT
            elif a not in blocked and all(b in out for b in inner[a]):
                complete = False  # every attacker out, so it should have been in
                break
            else:
                labels[a] = UNDEC
        if complete:
            found.append((chosen, labels))
    if semantics is Semantics.PREFERRED:
        found = [(s, lab) for s, lab in found if not any(s < other for other, _ in found)]
    elif semantics is Semantics.STABLE:
        found = [(s, lab) for s, lab in found if UNDEC not in lab.values()]
    return [lab for _, lab in found]


__all__ = ["Extensions", "extensions", "IN", "OUT", "UNDEC"]
