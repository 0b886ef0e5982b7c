"""Each argument's acceptance within one part, decided by SAT queries that never list the extensions.

The credulous and sceptical questions of the ICCMA competition, asked of one incremental solver (`sat.Part`)
for all the part's arguments together. Each query asks for a labelling that settles some argument still
open, with the solver steered (its preferred phases) to settle as many as it can; every model settles all
the arguments it covers, so the calls number about the distinct answers, not the arguments.

- Credulous (complete and preferred alike; stable): some labelling has the argument in.
- Sceptical, complete: never; the grounded labelling is complete and leaves every argument of a part
  undecided.
- Sceptical, stable: no stable labelling leaves it out (the part has one: it was searched first).
- Sceptical, preferred: a complete labelling with it out settles "no" at once, since a preferred extension
  holding that labelling's in-set attacks it too. For the rest, a counter-example search (as cegartix and
  mu-toksia do): ask for a complete labelling that leaves one of them not in and is inside no preferred
  extension found; grow it to a preferred extension M; those M leaves out are not sceptical, and M joins
  the ones found. When no such labelling is left, every preferred extension holds the rest: one without
  them would be such a labelling. Each M is a new preferred extension, listed with those found.
"""

from __future__ import annotations

from collections.abc import Callable

from ..vocab import Semantics
from .sat import Part

UNKNOWN, YES, NO = 0, 1, 2


class Acceptance:
    """What is known of each argument of a part: credulously and sceptically accepted, YES, NO or UNKNOWN."""

    def __init__(self, k: int, semantics: Semantics):
        self.semantics = semantics
        self.credulous = bytearray(k)
        # Under complete semantics no argument of a part is sceptically accepted (see the module's note).
        self.sceptical = bytearray([NO]) * k if semantics is Semantics.COMPLETE else bytearray(k)

    def saw(self, extension: list[int]) -> None:
        """An extension found: its members are accepted in one, and the others not in every one."""
        credulous, sceptical = self.credulous, self.sceptical
        for i in extension:
            credulous[i] = YES
        if self.semantics is not Semantics.COMPLETE:
            inside = set(extension)
            for i in range(len(sceptical)):
                if i not in inside:
                    sceptical[i] = NO

    def labelling(self, part: Part, model: list[int]) -> None:
        """A complete (or stable) labelling found: its in arguments are credulous; its out ones, under
        preferred and stable semantics, not sceptical (a preferred extension holding its in-set attacks them)."""
        for i in part.ins(model):
            self.credulous[i] = YES
        if self.semantics is not Semantics.COMPLETE:
            for i in part.outs(model):
                self.sceptical[i] = NO

    def unsettled(self) -> list[int]:
        """The arguments not yet known to be accepted in every extension, in some only, or in none."""
        credulous, sceptical = self.credulous, self.sceptical
        return [i for i in range(len(credulous)) if not credulous[i] or not sceptical[i]]


def decide(part: Part, found: list[list[int]], known: Acceptance) -> None:
    """Settle every argument of `part` in `known`, given the extensions `found` so far (all of them real).

    `known` is updated as answers come, so a Timeout leaves what was settled; preferred extensions met on the
    way are added to `found` (and blocked in the solver, as the listing does).
    """
    for extension in found:
        known.saw(extension)
    credulous, sceptical = known.credulous, known.sceptical
    remaining = _cover(part, credulous, part.in_var, lambda m: known.labelling(part, m), True)
    for i in remaining:
        credulous[i] = NO
    for i in range(part.k):
        if credulous[i] == NO:
            sceptical[i] = NO  # the part has an extension, and this argument is in none
    if known.semantics is Semantics.COMPLETE:
        return
    if known.semantics is Semantics.STABLE:
        for i in _cover(part, sceptical, part.out_var, lambda m: known.labelling(part, m), False):
            sceptical[i] = YES
        return
    rest = _cover(part, sceptical, part.out_var, lambda m: known.labelling(part, m), False)
    while rest:
        lits = [-part.in_var(i) for i in rest]
        _steer(part, rest, False)
        model = part.ask(lits, (part.found,))
        if model is None:
            break
        grown = part.grow(part.ins(model))
        found.append(grown)
        known.saw(grown)
        if not part.block(grown, maximal=True):
            break  # it holds every argument: the one preferred extension
        rest = [i for i in rest if not sceptical[i]]
    for i in rest:
        if not sceptical[i]:
            sceptical[i] = YES


def _cover(
    part: Part, state: bytearray, literal: Callable[[int], int], seen: Callable[[list[int]], None], inward: bool
) -> list[int]:
    """Ask for models making `literal(i)` true for some i still UNKNOWN in `state`, until there is none.

    `inward` says whether the literals put their arguments in (else out, or not in).

    Each model goes to `seen`, which must settle those i; the ones still UNKNOWN when no model is left are
    returned (no labelling makes their literal true).
    """
    while True:
        open_ = [i for i in range(part.k) if not state[i]]
        if not open_:
            return []
        lits = [literal(i) for i in open_]
        _steer(part, open_, inward)
        model = part.ask(lits)
        if model is None:
            return open_
        seen(model)


def _steer(part: Part, chosen: list[int], inward: bool) -> None:
    """Have the solver try the `chosen` arguments in (`inward`) or out first, and every other one the other way.

    One model then settles as many of them as it can. Every argument gets a phase, since phases last from one
    call to the next: left from an earlier question, they would steer away from this one.
    """
    want = bytearray([not inward]) * part.k
    if part.stable and inward:
        # An argument out of a stable extension needs an attacker in: steered out wholesale, the others would
        # leave the chosen no room (each model then settled one, a chain of n attacking pairs n/2 calls). So
        # the chosen and what is apart from them in, what attacks them or they attack out.
        want = bytearray([True]) * part.k
        near = part.near
        for i in chosen:
            for j in near[i]:
                want[j] = False
    for i in chosen:
        want[i] = inward
    phases: list[int] = []
    if part.stable:
        for i in range(part.k):
            phases.append(i + 1 if want[i] else -(i + 1))
    else:
        for i in range(part.k):
            phases += (2 * i + 1, -(2 * i + 2)) if want[i] else (-(2 * i + 1), 2 * i + 2)
    part.solver.set_phases(phases)
