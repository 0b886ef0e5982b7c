"""The arguments undecided in every complete labelling, found strongly connected component by component.

A claim that many odd cycles attack (three rebuttals rebutting each other round, each also attacking the
claim) is one connected part only through the claim, and one SAT problem: CaDiCaL refuted its thousands of
independent cycles one conflict at a time, each undoing a trail as long as the part (4.5 s of CPU for 8,000
cycles, four times as much for twice as many). Yet nothing about such a cycle is open: every complete
labelling leaves it undecided, and the claim with it.

Following the SCC-recursive scheme (Baroni, Giacomin and Guida 2005), the components of the attack graph
among the grounded `undec` arguments are taken in topological order. A component all of whose attackers
from earlier components are undecided in every complete labelling is, in any complete labelling, labelled
as a complete labelling of the component alone in which the members those attackers hit can never be in
(an undecided attacker is neither in nor out). The component labelled all `undec` is always such a
labelling; when it is the only one (no member can be in), the whole component is undecided everywhere too.

Those arguments (`fixed`) take no part in the search: they are in no extension, an argument they attack can
never be in (`blocked`), and every complete labelling of the rest, with them undecided, is one of the whole
framework, and only those. Complete and preferred semantics use this; under stable semantics any of them
means there is no stable extension, which the solver finds by refuting the first such component it meets.
"""

from __future__ import annotations

import time

from .sat import Part, Timeout


def components(k: int, succ: list[list[int]]) -> list[list[int]]:
    """The strongly connected components of arguments 0..k-1, attackers' components before their targets'.

    Tarjan's algorithm with an explicit stack (an attack chain of 100,000 would exhaust Python's recursion);
    each argument's targets are walked by one iterator, resumed where it stopped, so an edge costs one step
    of a for loop.
    """
    index = [-1] * k
    low = [0] * k
    on_stack = bytearray(k)
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(k):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        path = [root]
        walks = [iter(succ[root])]
        while path:
            a = path[-1]
            low_a = low[a]
            for b in walks[-1]:
                if index[b] < 0:
                    index[b] = low[b] = counter
                    counter += 1
                    stack.append(b)
                    on_stack[b] = 1
                    path.append(b)
                    walks.append(iter(succ[b]))
                    break
                if on_stack[b] and index[b] < low_a:
                    low_a = index[b]
            else:
                low[a] = low_a
                path.pop()
                walks.pop()
                if path and low_a < low[path[-1]]:
                    low[path[-1]] = low_a
                if low_a == index[a]:
                    component = []
                    while True:
                        b = stack.pop()
                        on_stack[b] = 0
                        component.append(b)
                        if b == a:
                            break
                    found.append(component)
                continue
            low[a] = low_a
    found.reverse()  # Tarjan closes a component after every one it reaches: reversed, sources come first
    return found


def undecided_for_good(
    k: int,
    succ: list[list[int]],
    pred: list[list[int]],
    pred_s: list[set[int]],
    succ_s: list[set[int]],
    deadline: float | None,
) -> tuple[bytearray, bool]:
    """Which of the arguments 0..k-1 (all grounded `undec`) are undecided in every complete labelling.

    Returns the marks and whether the look was cut short by the deadline (what is marked holds all the same:
    a component not looked at is simply left to the search).
    """
    marks = bytearray(k)
    if deadline is not None and time.monotonic() >= deadline:
        return marks, True
    # An argument that counter-attacks each of its attackers is admissible alone: in some complete labelling.
    # Its component and every one it reaches (through an attacker that is not undecided for good) are left to
    # the search, so the components are sought only among the rest: none at all in two camps that attack
    # each other or in pairs that rebut a claim, whose every member answers its attackers.
    todo = [a for a in range(k) if pred_s[a] <= succ_s[a] and a not in succ_s[a]]
    live = set(todo)
    while todo and len(live) < k:  # set differences, in C: two camps of 500 have 500,000 attacks
        fresh = succ_s[todo.pop()] - live
        live |= fresh
        todo += fresh
    if len(live) == k:
        return marks, False
    rest = [a for a in range(k) if a not in live]
    number = {a: i for i, a in enumerate(rest)}
    inner = [[number[b] for b in succ[a] if b not in live] for a in rest]
    member = [-1] * k
    for c, inner_component in enumerate(components(len(rest), inner)):
        component = [rest[i] for i in inner_component]
        if len(component) == 1:
            # A self-attacker is never in; any other member has only attackers from earlier components. If
            # they are undecided for good, so is it.
            a = component[0]
            member[a] = c
            if all(marks[b] for b in pred[a] if b != a):
                marks[a] = 1
            continue
        for a in component:
            member[a] = c
        inside = set(component)
        if all(succ_s[a] <= inside for a in component):
            continue  # it attacks nothing further on: marking it would take nothing from the search
        if any(not marks[b] for a in component if not pred_s[a] <= inside for b in pred_s[a] - inside):
            continue  # an attacker from an earlier component may be in or out: left to the search
        if deadline is not None and time.monotonic() >= deadline:
            return marks, True
        if not _odd_cycle(component, inside, pred_s):
            if _admissible_found(component, c, member, pred, succ_s):
                continue
            try:
                if _can_accept(component, c, member, pred_s, succ_s, deadline):
                    continue
            except Timeout:
                return marks, True
        for a in component:
            marks[a] = 1
    return marks, False


def _admissible_found(
    component: list[int], c: int, member: list[int], pred: list[list[int]], succ_s: list[set[int]]
) -> bool:
    """Whether a few greedy tries find a nonempty admissible set in the component (as each member of a
    two-cycle is alone, or every other member of an even cycle): then it is not undecided everywhere.
    Members attacked from earlier components are never taken; a try that meets a conflict gives up, so this
    only spares the SAT call when it says yes. The tries together take at most a few steps an attack."""
    budget = 4 * sum(len(pred[a]) + 1 for a in component)
    tries = 0
    for x in component:
        if x in succ_s[x] or any(member[b] != c for b in pred[x]):
            continue
        chosen = {x}
        hit = set(succ_s[x])  # what the chosen attack
        todo = [x]
        ok = True
        while todo and ok:
            for y in pred[todo.pop()]:
                if y in hit:
                    continue  # already answered
                # A defender against y: attacked from within only, attacking neither itself nor the chosen,
                # and not attacked by them.
                for z in pred[y]:
                    budget -= 1 + len(pred[z])
                    if (
                        member[z] == c
                        and z not in hit
                        and z not in succ_s[z]
                        and not succ_s[z] & chosen
                        and all(member[w] == c for w in pred[z])
                    ):
                        chosen.add(z)
                        hit |= succ_s[z]
                        todo.append(z)
                        break
                else:
                    ok = False
                    break
                if budget < 0:
                    return False
        if ok and not hit & chosen:
            return True
        tries += 1
        if tries == 3:
            return False
    return False


def _odd_cycle(component: list[int], inside: set[int], pred_s: list[set[int]]) -> bool:
    """Whether the component is one cycle of odd length (each member attacked by one other member): no member
    can then be in, for in, it would have the next out, the one after in, and so round to attacking itself.
    Attackers from earlier components only forbid more (they keep their targets from being in)."""
    return len(component) % 2 == 1 and all(len(pred_s[a] & inside) == 1 for a in component)


def _can_accept(
    component: list[int],
    c: int,
    member: list[int],
    pred_s: list[set[int]],
    succ_s: list[set[int]],
    deadline: float | None,
) -> bool:
    """Whether some complete labelling of the component, its members attacked from earlier components never in,
    has a member in (one SAT call on the component alone)."""
    number = {a: i for i, a in enumerate(component)}
    inner_pred = [{number[b] for b in pred_s[a] if member[b] == c} for a in component]
    inner_succ = [{number[b] for b in succ_s[a] if member[b] == c} for a in component]
    blocked = {number[a] for a in component if len(inner_pred[number[a]]) < len(pred_s[a])}
    free = [i for i in range(len(component)) if i not in blocked]
    if not free:
        return False
    part = Part(
        list(range(len(component))),
        len(component),
        [sorted(p) for p in inner_pred],
        inner_pred,
        inner_succ,
        False,
        blocked,
    )
    try:
        part.deadline = deadline
        return part.ask([part.in_var(i) for i in free]) is not None
    finally:
        part.delete()
