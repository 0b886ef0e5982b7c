"""Complete, preferred and stable extensions, and each argument's acceptance, found part by part with a SAT solver.

Every complete labelling agrees with the grounded one on the arguments it settles, so only the grounded
`undec` arguments are searched; under complete and preferred semantics, less those undecided in every
complete labelling, found component by component (`scc`). They are split into independent parts (weakly
connected components); the extensions of the whole combine the parts' as a product, and acceptance is read
part by part, so a debate of many small independent cycles never enumerates their product.

Each part is encoded in propositional logic, as the ICCMA solvers do, and handed to CaDiCaL through
python-sat (`sat.Part`). Its extensions are listed while that is cheap (at most `MOST`, and fewer in a
large part, see `cap`); a part listed to the end gives its acceptance from the list. A part with more
(one claim that 2,500 mutually attacking pairs rebut has 3^2500 complete extensions) keeps the ones found,
its count then a lower bound, and has each argument's acceptance decided by SAT queries on the same solver
(`acceptance.decide`), which never enumerate. The solver's clause learning settles in milliseconds what a
search over labels would try exponentially often (two camps of 150 that attack each other: two preferred
extensions, found in a few SAT calls). A timeout stops the solver between rounds of conflicts; what was
found and settled until then is kept, and the search is marked unfinished.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import product

from ..errors import ArgmapError
from ..vocab import Semantics
from .acceptance import YES, Acceptance, decide
from .framework import Framework
from .grounded import IN, OUT, UNDEC
from .sat import Part, Timeout
from .scc import undecided_for_good

# A part's extensions are listed up to MOST of them, and up to WORK arguments' worth (a part of 5,000
# arguments lists 40): each one costs a solver call and a blocking clause as long as the part.
MOST = 1_000
WORK = 200_000


def cap(k: int) -> int:
    """How many extensions of a part of `k` arguments are listed before acceptance is left to queries."""
    return max(1, min(MOST, WORK // k))


class Extensions:
    """The extensions of a framework under one semantics, kept as a product of independent parts.

    `parts` hold each part's in-sets found. `exact` is False when some part has more than were listed:
    `count` is then a lower bound, while acceptance is still exact. `finished` is False when a timeout
    stopped the search: acceptance is then known only for the arguments not in `unsettled()`, and a part not
    reached holds nothing, so no whole extension is known.
    """

    def __init__(
        self,
        settled: list[int],
        parts: list[list[frozenset[int]]],
        *,
        exact: bool = True,
        finished: bool = True,
        decided: dict[int, tuple[frozenset[int], frozenset[int], frozenset[int]]] | None = None,
        exists: bool | None = True,
        searched: list[int] | None = None,
        elapsed: float = 0.0,
    ):
        # `settled`: the grounded `in` arguments, in every extension (when there is one).
        self.settled = settled
        self.parts = parts
        self.exact = exact
        self.finished = finished
        # Part number -> its credulous, sceptical and unsettled arguments, for the parts not listed to the end.
        self.decided = decided or {}
        # Whether any extension exists: None when a timeout stopped a stable search before every part had one.
        self.exists = exists
        self.searched = searched or []  # the grounded `undec` arguments
        self.elapsed = elapsed

    @property
    def count(self) -> int:
        """How many extensions (at least, unless `exact`): the product of the parts' counts (2^5000 for 5,000
        independent two-cycles, which len() could not return)."""
        count = 1
        for part in self.parts:
            count *= len(part)
        return count

    def __iter__(self) -> Iterator[list[int]]:
        """Each extension (found) as a sorted list of argument numbers."""
        if self.count == 0:
            return
        for choice in product(*self.parts):
            yield sorted(self.settled + [a for in_set in choice for a in in_set])

    def credulous(self) -> list[int]:
        """Arguments known to be in at least one extension."""
        if not self.exists:
            return []
        found = list(self.settled)
        for p, part in enumerate(self.parts):
            known = self.decided.get(p)
            found += known[0] if known is not None else frozenset().union(*part)
        return sorted(found)

    def sceptical(self) -> list[int]:
        """Arguments known to be in every extension (none when there is no extension at all)."""
        if not self.exists:
            return []
        found = list(self.settled)
        for p, part in enumerate(self.parts):
            known = self.decided.get(p)
            found += known[1] if known is not None else frozenset.intersection(*part)
        return sorted(found)

    def unsettled(self) -> list[int]:
        """Arguments whose acceptance a timeout left unknown (in every extension, in some only, or in none)."""
        if self.exists is None:
            return sorted(self.settled + self.searched)
        return sorted(a for known in self.decided.values() for a in known[2])


def extensions(fw: Framework, label: bytearray, semantics: Semantics | str, timeout: float | None = None) -> Extensions:
    """The extensions of `fw` under complete, preferred or stable semantics, given its grounded labelling.

    `timeout` (seconds) bounds the search; past it the result holds what was found and `finished` is False.
    Within it, listing a part's extensions takes at most half the time left, so that its acceptance can be
    decided in the rest.
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
    stable, preferred = semantics is Semantics.STABLE, semantics is Semantics.PREFERRED
    # Components undecided in every complete labelling leave the search (see `scc`): in no extension, they
    # only keep the arguments they attack from being in. Not under stable semantics: any such component
    # means there is no stable extension, which the solver finds at the first one it refutes, in one call.
    if stable:
        fixed, cut_short = bytearray(k), False
    else:
        fixed, cut_short = undecided_for_good(k, succ_l, pred_l, pred_s, succ_s, deadline)
    blocked: set[int] = set()
    if any(fixed):
        for a in range(k):
            if fixed[a]:
                continue
            if any(fixed[b] for b in pred_l[a]):
                blocked.add(a)
                pred_s[a] = {b for b in pred_s[a] if not fixed[b]}
                pred_l[a] = sorted(pred_s[a])
            if any(fixed[b] for b in succ_l[a]):
                succ_s[a] = {b for b in succ_s[a] if not fixed[b]}
                succ_l[a] = sorted(succ_s[a])
    part_of = _parts(k, succ_l, pred_l, fixed)
    members: dict[int, list[int]] = {}
    for i in range(k):
        if not fixed[i]:
            members.setdefault(part_of[i], []).append(i)
    groups = list(members.values())
    # One extension from every part first, so that a timeout still leaves whole extensions when it can (and
    # a stable search learns at once whether there is any); then each part in turn, listed and decided.
    found: list[list[list[int]]] = [[] for _ in groups]
    solvers: list[Part | None] = [None] * len(groups)
    listings: list = [None] * len(groups)
    known: dict[int, Acceptance] = {}
    listed = [False] * len(groups)
    finished = not cut_short
    try:
        for p, group in enumerate(groups):
            part = solvers[p] = Part(group, k, pred_l, pred_s, succ_s, stable, blocked)
            part.deadline = deadline
            listing = listings[p] = part.extensions(preferred)
            first = next(listing, None)
            if first is None:
                # No stable extension in this part, so none at all.
                return Extensions(settled, [[]], exists=False, elapsed=time.monotonic() - started)
            found[p].append(first)
        for p, part in enumerate(solvers):
            assert part is not None
            most = cap(part.k)
            if deadline is not None:
                part.deadline = (time.monotonic() + deadline) / 2
            try:
                while len(found[p]) < most:
                    extension = next(listings[p], None)
                    if extension is None:
                        listed[p] = True
                        break
                    found[p].append(extension)
            except Timeout:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
            if not listed[p]:
                part.deadline = deadline
                known[p] = Acceptance(part.k, semantics)
                decide(part, found[p], known[p])
            listings[p].close()
            part.delete()
            solvers[p] = None
    except Timeout:
        finished = False
    finally:
        for p, part in enumerate(solvers):
            if part is not None:
                listings[p].close()
                part.delete()
    decided = {}
    for p, group in enumerate(groups):
        if listed[p]:
            continue
        if p not in known:  # a timeout stopped the listing: what the extensions found say
            known[p] = Acceptance(len(group), semantics)
            for extension in found[p]:
                known[p].saw(extension)
        state = known[p]
        decided[p] = (
            frozenset(open_[group[i]] for i, v in enumerate(state.credulous) if v == YES),
            frozenset(open_[group[i]] for i, v in enumerate(state.sceptical) if v == YES),
            frozenset(open_[group[i]] for i in state.unsettled()),
        )
    parts = [
        [frozenset(open_[group[i]] for i in s) for s in in_sets] for group, in_sets in zip(groups, found, strict=True)
    ]
    exists = True if not stable or all(found) else None
    return Extensions(
        settled,
        parts,
        exact=all(listed),
        finished=finished,
        decided=decided,
        exists=exists,
        searched=open_,
        elapsed=time.monotonic() - started,
    )


def _parts(k: int, succ: list[list[int]], pred: list[list[int]], skip: bytearray) -> list[int]:
    """A part number for each argument not skipped: arguments joined by attacks either way share one."""
    part = [-1] * k
    for start in range(k):
        if part[start] >= 0 or skip[start]:
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


__all__ = ["Extensions", "extensions", "IN", "OUT", "UNDEC"]
