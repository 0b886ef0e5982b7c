"""The grounded labelling in linear time, and why each argument has its label."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import compress

from .framework import Framework, derivation

UNDEC, IN, OUT = 0, 1, 2
NONE = -1


def grounded(fw: Framework) -> tuple[bytearray, list[int]]:
    """Label every argument: 1 in, 2 out, 0 undec; and for each out argument, the in attacker that settled it.

    The least fixed point, reached in one pass: an argument whose attackers are all out is in; an argument
    with an attacker in is out. Each attack is looked at at most twice, so the time is linear in the size
    of the framework.
    """
    tree, more, n = fw.tree, fw.more, len(fw.names)
    # Live attackers of each argument, counted in C: the tree gives one target per argument at most.
    live = [0] * (n + 1)
    for target, count in Counter(tree).items():
        live[target] = count
    del live[0]  # tree holds target + 1; slot 0 counted the arguments that attack nothing
    for targets in more.values():
        for t in targets:
            live[t] += 1
    label = bytearray(n)
    why = [NONE] * n
    todo = list(compress(range(n), map((0).__eq__, live)))
    pop, push, extra = todo.pop, todo.append, more.get
    while todo:
        a = pop()
        label[a] = IN
        # The targets of a go out; each of their own targets loses a live attacker. The tree's one target
        # is handled apart from the rest so that no tuple is built per argument.
        t = tree[a]
        if t and not label[t - 1]:
            b = t - 1
            label[b] = OUT
            why[b] = a
            c = tree[b]
            if c:
                live[c - 1] -= 1
                if not live[c - 1]:
                    push(c - 1)
            further = extra(b)
            if further:
                for c in further:
                    live[c] -= 1
                    if not live[c]:
                        push(c)
        outs = extra(a)
        if outs:
            for b in outs:
                if label[b]:
                    continue
                label[b] = OUT
                why[b] = a
                c = tree[b]
                if c:
                    live[c - 1] -= 1
                    if not live[c - 1]:
                        push(c - 1)
                further = extra(b)
                if further:
                    for c in further:
                        live[c] -= 1
                        if not live[c]:
                            push(c)
    return label, why


@dataclass(frozen=True, slots=True)
class Step:
    """One argument of an explanation: its label and the attackers that give it that label."""

    argument: str
    label: str
    because: tuple[str, ...]
    depth: int
    repeated: bool = False
    # For each attacker in `because` whose attack is derived from support, how (see framework.derivation).
    derived: tuple = ()


def explain(fw: Framework, label: bytearray, why: list[int], argument: str) -> list[Step]:
    """Why `argument` has its grounded label, as a tree of steps in depth-first order.

    In: every attacker is out (each explained in turn). Out: these attackers are in, the first being the one
    that settled it, and only that one is explained further: following it always ends at arguments nobody
    attacks, where another in attacker could lead back round to the argument being explained. Undec: no
    attacker is in and these are undec (which leads round a cycle). An argument already explained is listed
    again as `repeated`, not expanded. An attack that a reading of support derived carries its derivation.
    """
    from ..vocab import Label

    names = fw.names
    words = (Label.UNDEC, Label.IN, Label.OUT)
    root = fw.index(argument)
    steps: list[Step] = []
    seen: set[int] = set()
    stack = [(root, 0)]
    while stack:
        a, depth = stack.pop()
        if a in seen:
            steps.append(Step(names[a], words[label[a]].value, (), depth, repeated=True))
            continue
        seen.add(a)
        if label[a] == OUT:
            settled = why[a]
            because = [settled, *(b for b in fw.attackers(a) if label[b] == IN and b != settled)]
            follow = [settled]
        elif label[a] == IN:
            because = follow = fw.attackers(a)
        else:
            because = follow = [b for b in fw.attackers(a) if label[b] == UNDEC]
        derived = tuple(d for d in (derivation(fw, b, a) for b in because) if d is not None) if fw.derived else ()
        steps.append(Step(names[a], words[label[a]].value, tuple(names[b] for b in because), depth, False, derived))
        stack.extend((b, depth + 1) for b in reversed(follow))
    return steps
