"""One part of a framework as clauses in an incremental SAT solver: its extensions found one by one."""

from __future__ import annotations

import time
from collections.abc import Generator

from ..perf import gc_paused

# CaDiCaL 1.9.5: on two camps of 500 that attack each other it finds the second extension in 500 conflicts
# where Glucose and MiniSat take 7,000 to 10,000 (and ten times as long).
SOLVER = "cadical195"


class Timeout(Exception):
    """The deadline passed before the solver answered."""


class Part:
    """The complete (or stable) labellings of one part, as models of one solver kept for every question asked.

    Arguments are numbered 0..k-1 within the part. Complete labellings take two variables an argument,
    in(i) = 2i + 1 and out(i) = 2i + 2; stable ones one, in(i) = i + 1. Clauses that only the search for
    further extensions wants (each blocks extensions already found) carry the guard variable `found`, so
    they hold only when `found` is assumed and every other question sees all labellings.

    `blocked` arguments (complete labellings only) also have an attacker outside the part that is undecided in
    every complete labelling (see `scc`): they are never in, and out only when an attacker in the part is in.
    """

    def __init__(
        self,
        group: list[int],
        total: int,
        pred: list[list[int]],
        pred_s: list[set[int]],
        succ_s: list[set[int]],
        stable: bool,
        blocked: set[int] | frozenset[int] = frozenset(),
    ):
        from pysat.solvers import Solver

        k = self.k = len(group)
        self.group = group
        self.stable = stable
        self.deadline: float | None = None
        whole = k == total  # one part holds every undecided argument: its numbers are already 0..k-1
        number = None if whole else dict(zip(group, range(k), strict=True))
        # Under stable semantics, each argument's attackers and targets within the part: what must be out
        # for it to be in (see acceptance._steer).
        self.near: list[list[int]] = []
        # Half a million small clause lists: the cyclic collector would rescan them all again and again.
        with gc_paused():
            clauses: list[list[int]] = []
            add = clauses.append
            for i, a in enumerate(group):
                # Attackers that a attacks back: the clause such a pair needs is the same from either end, so
                # it is written once. Two camps that attack each other thus halve their clauses.
                mutual = pred_s[a] & succ_s[a]
                attackers = pred[a]
                one_way = [b for b in attackers if b not in mutual] if mutual else attackers
                back = [b for b in mutual if b >= a]  # itself too: a self-attacker is never in
                if number is not None:
                    attackers, one_way, back = ([number[b] for b in xs] for xs in (attackers, one_way, back))
                if stable:
                    targets = succ_s[a] if number is None else [number[b] for b in succ_s[a]]
                    self.near.append([*attackers, *targets])
                    # No two members attack each other, and every argument is in or attacked by one that is.
                    x = i + 1
                    clauses += [[-x, -(j + 1)] for j in one_way]
                    clauses += [[-x, -(j + 1)] for j in back]
                    add([x, *[j + 1 for j in attackers]])
                    continue
                # Never both; in -> every attacker out; an attacker in -> out; every attacker out -> in; out ->
                # some attacker in. (Each undecided argument has an undecided attacker.)
                into, outo = 2 * i + 1, 2 * i + 2
                add([-into, -outo])
                clauses += [[-into, 2 * j + 2] for j in attackers]
                clauses += [[-(2 * j + 1), outo] for j in one_way]
                if a in blocked:
                    add([-into])  # its attackers are never all out
                else:
                    add([into, *[-(2 * j + 2) for j in attackers]])
                add([-outo, *[2 * j + 1 for j in attackers]])
            self.solver = Solver(name=SOLVER, bootstrap_with=clauses)
            del clauses
        self.top = k if stable else 2 * k
        self.found = self.fresh()

    def fresh(self) -> int:
        """A variable no clause has used yet."""
        self.top += 1
        return self.top

    def in_var(self, i: int) -> int:
        return i + 1 if self.stable else 2 * i + 1

    def out_var(self, i: int) -> int:
        """out(i) under complete labellings (a stable labelling's out is not in)."""
        return -(i + 1) if self.stable else 2 * i + 2

    def ins(self, model: list[int]) -> list[int]:
        """The arguments a model labels in."""
        if self.stable:
            return [i for i in range(self.k) if model[i] > 0]
        return [i for i in range(self.k) if model[2 * i] > 0]

    def outs(self, model: list[int]) -> list[int]:
        """The arguments a model labels out."""
        if self.stable:
            return [i for i in range(self.k) if model[i] < 0]
        return [i for i in range(self.k) if model[2 * i + 1] > 0]

    def solve(self, assumptions: list[int]) -> list[int] | None:
        """A model under the assumptions, or None when there is none; Timeout past the deadline."""
        solver = self.solver
        if self.deadline is None:
            return solver.get_model() if solver.solve(assumptions=assumptions) else None
        # In rounds of a few thousand conflicts, looking at the clock between them (CaDiCaL cannot be
        # interrupted from another thread); learnt clauses carry over from one round to the next.
        budget = 2_000
        while True:
            if time.monotonic() >= self.deadline:
                raise Timeout
            solver.conf_budget(budget)
            result = solver.solve_limited(assumptions=assumptions)
            if result is not None:
                return solver.get_model() if result else None
            budget = min(budget * 2, 64_000)

    def ask(self, clause: list[int], assumptions: tuple[int, ...] = ()) -> list[int] | None:
        """A model that also satisfies `clause` (for this question only), or None."""
        act = self.fresh()
        self.solver.add_clause([-act, *clause])
        try:
            return self.solve([act, *assumptions])
        finally:
            self.solver.add_clause([-act])  # retired: the clause holds no more

    def grow(self, chosen: list[int]) -> list[int]:
        """A preferred extension containing the complete extension `chosen`: taken larger while one is."""
        while True:
            inside = set(chosen)
            outside = [self.in_var(i) for i in range(self.k) if i not in inside]
            bigger = self.ask(outside, tuple(map(self.in_var, chosen)))
            if bigger is None:
                return chosen
            chosen = self.ins(bigger)

    def block(self, chosen: list[int], maximal: bool) -> bool:
        """Keep the extension `chosen` from being found again; False when nothing else can be.

        Preferred and stable extensions are never inside one another, so a later one must take in an argument
        this one leaves out: a shorter clause than blocking the labelling, which the solver refutes quickly
        once every extension is found. A complete labelling is fixed by its in-set, which is blocked.
        """
        inside = set(chosen)
        if maximal:
            outside = [self.in_var(i) for i in range(self.k) if i not in inside]
            if not outside:
                return False
            self.solver.add_clause([-self.found, *outside])
        else:
            flip = [-self.in_var(i) if i in inside else self.in_var(i) for i in range(self.k)]
            self.solver.add_clause([-self.found, *flip])
        return True

    def extensions(self, preferred: bool) -> Generator[list[int], None, None]:
        """The extensions not yet found, one at a time (in-sets, arguments numbered within the part).

        Preferred ones by growing each model to a maximal one and then asking only for models not inside one
        found (Cerutti et al.'s PrefSAT); complete and stable ones model by model.
        """
        maximal = preferred or self.stable
        while True:
            model = self.solve([self.found])
            if model is None:
                return
            chosen = self.ins(model)
            if preferred:
                chosen = self.grow(chosen)
            more = self.block(chosen, maximal)  # before handing it out: the caller may stop at any one
            yield chosen
            if not more:
                return

    def delete(self) -> None:
        self.solver.delete()
