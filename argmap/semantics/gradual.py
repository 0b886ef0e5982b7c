"""Gradual semantics over a debate's bipolar graph: DF-QuAD and quadratic energy give each node a strength.

Every node is an argument with a base score (its `weight`, 0.5 when absent). Rebuttals and counter-rebuttals
attack their parent, premises support it, and `attacks` / `supports` cross-links add edges; an undercut is
read as an attack on its parent (gradual semantics weigh arguments, not inferences). Context nodes take no
part. Strengths are computed in one pass in dependency order (every attacker and supporter before what it
answers), which is exact on trees and DAGs; arguments in a cycle are iterated to a fixed point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import itemgetter

from ..errors import ArgmapError
from ..perf import gc_paused
from ..vocab import Role, Semantics
from .framework import Named, _Resolver

DEFAULT_WEIGHT = 0.5
# Cycles are iterated until no strength moves more than this, or for at most this many rounds.
TOLERANCE = 1e-13
MAX_ROUNDS = 10_000

_FIELDS = itemgetter("kind", "id", "children", "attacks", "supports", "weight", "role")
_ATTACKING_SUFFIX = "rebuttal"


class Bipolar(Named):
    """Arguments 0..n-1 with base scores, and who attacks and who supports whom.

    `parent[i]` is the argument i answers (-1 for a claim) and `attacking[i]` whether it attacks it (else it
    supports it); `att_links` and `sup_links` hold the cross-links as source -> targets.
    """

    __slots__ = ("names", "base", "parent", "attacking", "att_links", "sup_links", "maps", "_index", "_inward")

    def __init__(self, names, base, parent, attacking, att_links, sup_links, maps=()):
        self.names: list[str] = names
        self.base: list[float] = base
        self.parent: list[int] = parent
        self.attacking: list[bool] = attacking
        self.att_links: dict[int, list[int]] = att_links
        self.sup_links: dict[int, list[int]] = sup_links
        self.maps = list(maps)
        self._index: dict[str, int] | None = None
        self._inward: tuple[list[list[int]], list[list[int]]] | None = None

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def from_edges(
        cls,
        base: dict[str, float],
        attacks: Iterable[tuple[str, str]] = (),
        supports: Iterable[tuple[str, str]] = (),
    ) -> Bipolar:
        """A graph from base scores by argument name and (source, target) attacks and supports."""
        names = list(base)
        index = {name: i for i, name in enumerate(names)}
        links: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
        for found, edges in zip(links, (attacks, supports), strict=True):
            for a, b in edges:
                if a not in index or b not in index:
                    missing = a if a not in index else b
                    raise ArgmapError(f"the edge ({a!r}, {b!r}) names {missing!r}, which is not an argument")
                found.setdefault(index[a], []).append(index[b])
        n = len(names)
        return cls(names, [float(base[x]) for x in names], [-1] * n, [False] * n, *links)

    def inward(self) -> tuple[list[list[int]], list[list[int]]]:
        """For each argument, its attackers and its supporters (distinct edges, in argument order)."""
        if self._inward is None:
            n = len(self.names)
            attackers: list[list[int]] = [[] for _ in range(n)]
            supporters: list[list[int]] = [[] for _ in range(n)]
            for i, (p, att) in enumerate(zip(self.parent, self.attacking, strict=True)):
                if p >= 0:
                    (attackers if att else supporters)[p].append(i)
            for links, into in ((self.att_links, attackers), (self.sup_links, supporters)):
                for a, targets in links.items():
                    for b in targets:
                        into[b].append(a)
            self._inward = ([sorted(set(x)) for x in attackers], [sorted(set(x)) for x in supporters])
        return self._inward


def from_maps(maps: Iterable) -> Bipolar:
    """The bipolar graph of a debate's maps (not validated: a cross-link that names no node is refused)."""
    maps = list(maps)
    with gc_paused():
        return _build(maps)


def _build(maps: list) -> Bipolar:
    names: list[str] = []
    base: list[float] = []
    parent: list[int] = []
    attacking: list[bool] = []
    spans = []
    att_pending: list[tuple[int, list[str], int]] = []
    sup_pending: list[tuple[int, list[str], int]] = []
    context = Role.CONTEXT
    for mi, m in enumerate(maps):
        start = len(names)
        prefix = f"{m.id}:"
        ds = [vars(m.claim)]
        owners: list[int] = [-1]
        # Level by level, each step over a whole level at once (see framework._build).
        while ds:
            roles = list(map(itemgetter("role"), ds))
            if context in roles:  # context nodes, and whatever hangs under them, take no part
                keep = [r is not context for r in roles]
                ds, owners = list(compress(ds, keep)), list(compress(owners, keep))
                if not ds:
                    break
            first = len(names)
            k = len(ds)
            kinds, ids, kids, attacks, supports, weights, _ = zip(*map(_FIELDS, ds), strict=True)
            parent += owners
            attacking += map(str.endswith, kinds, repeat(_ATTACKING_SUFFIX))
            names += map(prefix.__add__, ids)
            base += (DEFAULT_WEIGHT if w is None else w for w in weights)
            numbers = range(first, first + k)
            att_pending += zip(compress(numbers, attacks), compress(attacks, attacks), repeat(mi))
            sup_pending += zip(compress(numbers, supports), compress(supports, supports), repeat(mi))
            ds = list(map(vars, chain.from_iterable(kids)))
            owners = list(chain.from_iterable(map(repeat, numbers, map(len, kids))))
        spans.append((m.id, start, len(names), m))
    resolve = _Resolver(names, spans, att_pending + sup_pending)
    links: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
    for found, pending, relation in zip(links, (att_pending, sup_pending), ("attacks", "supports"), strict=True):
        attack = relation == "attacks"
        for source, targets, mi in pending:
            # An edge counts once, as in a graph: a repeated link, or one that repeats the tree's, adds nothing.
            tree_edge = parent[source] if attacking[source] == attack else -1
            ends = dict.fromkeys(resolve(mi, source, link, relation) for link in targets)
            ends.pop(tree_edge, None)
            if ends:
                found[source] = list(ends)
    return Bipolar(names, base, parent, attacking, *links, maps=spans)


# ---------------------------------------------------------------- the two semantics


def dfquad_aggregate(base: float, support: float, attack: float) -> float:
    """DF-QuAD's combination (Rago et al. 2016): move from the base score toward 1 or 0 by support - attack."""
    net = support - attack
    return base + net * (1.0 - base) if net >= 0.0 else base + net * base


def energy_aggregate(base: float, energy: float) -> float:
    """Quadratic energy's equilibrium (Potyka 2018): w + (1 - w) h(E) - w h(-E), h(x) = x^2 / (1 + x^2) for x > 0."""
    if energy > 0.0:
        e2 = energy * energy
        return base + (1.0 - base) * e2 / (1.0 + e2)
    if energy < 0.0:
        e2 = energy * energy
        return base - base * e2 / (1.0 + e2)
    return base


@dataclass
class Strengths:
    """Each argument's strength, and whether every cycle settled (always true without cycles)."""

    values: list[float]
    converged: bool = True
    rounds: int = 0


def strengths(graph: Bipolar, semantics: Semantics | str) -> Strengths:
    """The strength of every argument of `graph` under DF-QuAD or quadratic energy."""
    semantics = Semantics(semantics)
    dfquad = semantics is Semantics.DFQUAD
    n = len(graph.names)
    base, parent, attacking = graph.base, graph.parent, graph.attacking
    att_links, sup_links = graph.att_links, graph.sup_links
    # How many attackers and supporters each argument still waits for.
    pending = [0] * n
    for p in parent:
        if p >= 0:
            pending[p] += 1
    for links in (att_links, sup_links):
        for targets in links.values():
            for b in targets:
                pending[b] += 1
    # DF-QuAD folds each settled contributor into a product of (1 - strength), per polarity; quadratic energy
    # into a sum. Both start from the neutral value.
    acc_att = [1.0] * n if dfquad else [0.0] * n
    acc_sup = [1.0] * n if dfquad else [0.0] * n
    value = [0.0] * n
    settled = bytearray(n)
    todo = [i for i in range(n) if not pending[i]]
    pop, push = todo.pop, todo.append
    while todo:
        i = pop()
        settled[i] = 1
        if dfquad:
            s = dfquad_aggregate(base[i], 1.0 - acc_sup[i], 1.0 - acc_att[i])
            give = 1.0 - s
        else:
            s = energy_aggregate(base[i], acc_sup[i] - acc_att[i])
            give = s
        value[i] = s
        p = parent[i]
        if p >= 0:
            if dfquad:
                if attacking[i]:
                    acc_att[p] *= give
                else:
                    acc_sup[p] *= give
            elif attacking[i]:
                acc_att[p] += give
            else:
                acc_sup[p] += give
            pending[p] -= 1
            if not pending[p]:
                push(p)
        for links, acc in ((att_links, acc_att), (sup_links, acc_sup)):
            targets = links.get(i)
            if targets:
                for b in targets:
                    if dfquad:
                        acc[b] *= give
                    else:
                        acc[b] += give
                    pending[b] -= 1
                    if not pending[b]:
                        push(b)
    if all(settled):
        return Strengths(value)
    return _iterate(graph, value, settled, dfquad)


def _iterate(graph: Bipolar, value: list[float], settled: bytearray, dfquad: bool) -> Strengths:
    """Strengths of the arguments in or after a cycle: iterated from their base scores to a fixed point.

    DF-QuAD takes every argument's new strength from the last round's (as a fixed-point iteration does);
    quadratic energy moves each halfway toward its equilibrium, a damped step of Potyka's differential
    equation, which settles where the undamped iteration can oscillate.
    """
    attackers, supporters = graph.inward()
    base = graph.base
    open_ = [i for i in range(len(value)) if not settled[i]]
    for i in open_:
        value[i] = base[i]
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        new = {}
        for i in open_:
            if dfquad:
                att = 1.0
                for j in attackers[i]:
                    att *= 1.0 - value[j]
                sup = 1.0
                for j in supporters[i]:
                    sup *= 1.0 - value[j]
                new[i] = dfquad_aggregate(base[i], 1.0 - sup, 1.0 - att)
            else:
                energy = sum(value[j] for j in supporters[i]) - sum(value[j] for j in attackers[i])
                new[i] = (value[i] + energy_aggregate(base[i], energy)) / 2.0
        delta = max(abs(new[i] - value[i]) for i in open_)
        for i, v in new.items():
            value[i] = v
        if delta <= TOLERANCE:
            return Strengths(value, True, rounds)
    return Strengths(value, False, rounds)


@dataclass(frozen=True, slots=True)
class Contribution:
    """One attacker or supporter of an argument, and its strength."""

    argument: str
    strength: float
    attacks: bool


@dataclass(frozen=True, slots=True)
class Breakdown:
    """How an argument's strength comes about: its base score, each contribution, and how they combine.

    Under DF-QuAD `attack` and `support` are the combined attack and support, 1 - the product of
    (1 - strength); under quadratic energy `energy` is the supporters' strengths minus the attackers'.
    """

    argument: str
    semantics: str
    strength: float
    base: float
    contributions: tuple[Contribution, ...]
    attack: float
    support: float
    energy: float


def breakdown(graph: Bipolar, values: list[float], semantics: Semantics, name: str) -> Breakdown:
    """The contributions to `name`'s strength."""
    i = graph.index(name)
    attackers, supporters = graph.inward()
    contributions = tuple(
        [Contribution(graph.names[j], values[j], True) for j in attackers[i]]
        + [Contribution(graph.names[j], values[j], False) for j in supporters[i]]
    )
    att = sup = 1.0
    for c in contributions:
        if c.attacks:
            att *= 1.0 - c.strength
        else:
            sup *= 1.0 - c.strength
    energy = sum(c.strength if not c.attacks else -c.strength for c in contributions)
    return Breakdown(name, semantics.value, values[i], graph.base[i], contributions, 1.0 - att, 1.0 - sup, energy)
