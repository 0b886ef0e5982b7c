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


# Domains of the search: which labels an argument may still take, as bits.
_IN, _OUT, _UNDEC = 1, 2, 4
_ALL = _IN | _OUT | _UNDEC
_LABEL_OF = {_IN: IN, _OUT: OUT, _UNDEC: UNDEC}


def _local_labellings(
    scc: list[int], pred: list[list[int]], above: dict[int, int], semantics: Semantics
) -> list[dict[int, int]]:
    """The labellings of one SCC that are complete given the labels of its attackers outside it.

    A search over labels with propagation: each argument keeps the labels it may still take, and a label
    goes as soon as its neighbours rule it out (in needs every attacker and target out; out needs an
    attacker in; undec needs no attacker in and one undecided). A long cycle is then settled by a few
    choices, not by trying its subsets. Preferred keeps the labellings whose in-set is maximal; stable
    those with nothing undecided (undec is never tried). From above, an in attacker puts an argument out;
    an undecided one keeps it from being in.
    """
    members = {a: i for i, a in enumerate(scc)}
    k = len(scc)
    attackers = [[members[b] for b in pred[a] if b in members] for a in scc]
    targets: list[list[int]] = [[] for _ in range(k)]
    for i, found in enumerate(attackers):
        for j in found:
            targets[j].append(i)
    forced_out = [any(b not in members and above[b] == IN for b in pred[a]) for a in scc]
    blocked = [any(b not in members and above[b] == UNDEC for b in pred[a]) for a in scc]
    start = [_ALL if semantics is not Semantics.STABLE else _IN | _OUT] * k
    for i in range(k):
        if forced_out[i]:
            start[i] = _OUT
        elif blocked[i] or i in attackers[i]:
            start[i] &= ~_IN

    def propagate(dom: list[int], todo: list[int]) -> bool:
        """Narrow the domains until nothing changes; False on a contradiction."""
        queued = set(todo)
        while todo:
            i = todo.pop()
            queued.discard(i)
            d = dom[i]
            att = attackers[i]
            if d & _IN and not all(dom[j] & _OUT for j in (*att, *targets[i])):
                d &= ~_IN
            if d & _OUT and not forced_out[i] and not any(dom[j] & _IN for j in att):
                d &= ~_OUT
            if d & _UNDEC and not (
                all(dom[j] & (_OUT | _UNDEC) for j in att) and (blocked[i] or any(dom[j] & _UNDEC for j in att))
            ):
                d &= ~_UNDEC
            if not d:
                return False
            narrowed = [i] if d != dom[i] else []
            dom[i] = d
            # What a settled argument asks of its neighbours.
            if d == _IN:
                for j in (*att, *targets[i]):
                    if dom[j] != _OUT:
                        if not dom[j] & _OUT:
                            return False
                        dom[j] = _OUT
                        narrowed.append(j)
            elif d == _UNDEC:
                for j in att:
                    if dom[j] & _IN:
                        dom[j] &= ~_IN
                        if not dom[j]:
                            return False
                        narrowed.append(j)
                if not blocked[i]:
                    can = [j for j in att if dom[j] & _UNDEC]
                    if len(can) == 1 and dom[can[0]] != _UNDEC:
                        dom[can[0]] = _UNDEC
                        narrowed.append(can[0])
            elif d == _OUT and not forced_out[i]:
                can = [j for j in att if dom[j] & _IN]
                if len(can) == 1 and dom[can[0]] != _IN:
                    dom[can[0]] = _IN
                    narrowed.append(can[0])
            for j in narrowed:
                for n in (j, *attackers[j], *targets[j]):
                    if n not in queued:
                        queued.add(n)
                        todo.append(n)
        return True

    found: list[tuple[frozenset[int], dict[int, int]]] = []
    stack: list[list[int]] = []
    first = list(start)
    if propagate(first, list(range(k))):
        stack.append(first)
    while stack:
        dom = stack.pop()
        open_ = [i for i in range(k) if dom[i] & (dom[i] - 1)]  # more than one label left
        if not open_:
            labels = [_LABEL_OF[d] for d in dom]
            if _complete(labels, attackers, forced_out, blocked):
                chosen = frozenset(scc[i] for i in range(k) if labels[i] == IN)
                found.append((chosen, {scc[i]: labels[i] for i in range(k)}))
            continue
        i = open_[0]
        for bit in (_UNDEC, _OUT, _IN):  # popped in reverse: in is tried first
            if dom[i] & bit:
                branch = list(dom)
                branch[i] = bit
                if propagate(branch, [i]):
                    stack.append(branch)
    if semantics is Semantics.PREFERRED:
        found = [(s, lab) for s, lab in found if not any(s < other for other, _ in found)]
    return [lab for _, lab in found]


def _complete(labels: list[int], attackers: list[list[int]], forced_out: list[bool], blocked: list[bool]) -> bool:
    """Whether a full labelling of an SCC is complete given what attacks it from above."""
    for i, label in enumerate(labels):
        if forced_out[i]:
            if label != OUT:
                return False
            continue
        inner = [labels[j] for j in attackers[i]]
        if IN in inner:
            expected = OUT
        elif blocked[i] or UNDEC in inner:
            expected = UNDEC
        else:
            expected = IN
        if label != expected:
            return False
    return True


__all__ = ["Extensions", "extensions", "IN", "OUT", "UNDEC"]
