"""The abstract argumentation framework of a debate: every node an argument, every attack an edge."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import itemgetter, mul

from ..errors import ArgmapError, NotFoundError
from ..perf import gc_paused
from ..vocab import Role, SupportMode

# A rebuttal or counter-rebuttal attacks its parent; a premise supports it; the root claim bears on nothing.
# Tested with str.endswith, in C: a dict lookup would call Enum.__hash__, written in Python, once per node.
_ATTACKING_SUFFIX = "rebuttal"
_SUPPORTS = itemgetter("supports")
# Every field the framework needs, read from a node's dict in one call: one visit per node, not one per field.
_FIELDS = itemgetter("kind", "undercut", "id", "children", "attacks")
_GROUP = itemgetter("group")
_ROLE = itemgetter("role")
_CONTEXT = Role.CONTEXT


class Named:
    """Arguments numbered 0..n-1 by name ('map:node'); `index` finds one, or says what was perhaps meant."""

    __slots__ = ()
    names: list[str]
    _index: dict[str, int] | None

    def _suggestible(self) -> list[str]:
        return self.names

    def index(self, name: str) -> int:
        """The number of the argument called `name` ('map:node')."""
        if self._index is None:
            self._index = {name: i for i, name in enumerate(self.names)}
        try:
            return self._index[name]
        except KeyError:
            raise unknown_argument(name, self._suggestible()) from None


class Framework(Named):
    """Arguments 0..n-1 and who attacks whom, stored the way a claim tree gives them.

    A tree node attacks at most one node, its parent, so one integer per argument holds the tree's attacks
    (`tree[i]` is the attacked argument plus one, 0 for none); `more[i]` lists the further targets of the few
    arguments that have them (cross-links, derived attacks). No per-argument objects are made.
    """

    __slots__ = ("names", "tree", "more", "maps", "real", "derived", "support", "_step", "_attackers", "_index")

    def __init__(self, names: list[str], tree: list[int], more: dict[int, list[int]], maps=()):
        self.names = names
        # Arguments from `real` on are auxiliary: they carry an undercut attack (see `undercut`).
        self.real = len(names)
        self.tree = tree
        self.more = more
        # (map id, first argument, past-the-last argument, the map) for each map, in order.
        self.maps = list(maps)
        self._attackers: list[list[int]] | None = None
        self._index: dict[str, int] | None = None
        # Attacks that a reading of support added: (a, b) -> the attack (x, y) it comes from (see `derive`).
        self.derived: dict[tuple[int, int], tuple[int, int]] = {}
        self.support: SupportMode | None = None
        self._step: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def from_attacks(cls, names: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        """A framework from argument names and (attacker, attacked) pairs, e.g. one typed in by hand."""
        names = list(names)
        index = {name: i for i, name in enumerate(names)}
        more: dict[int, list[int]] = {}
        for a, b in attacks:
            if a not in index or b not in index:
                missing = a if a not in index else b
                raise ArgmapError(f"the attack ({a!r}, {b!r}) names {missing!r}, which is not an argument")
            more.setdefault(index[a], []).append(index[b])
        return cls(names, [0] * len(names), more)

    def _suggestible(self) -> list[str]:
        return self.names[: self.real]  # not the auxiliary arguments of undercuts

    def targets(self, a: int) -> list[int]:
        """The arguments `a` attacks (an attack made twice is listed twice)."""
        t = self.tree[a]
        rest = self.more.get(a, [])
        return [t - 1, *rest] if t else list(rest)

    def attacks(self) -> Iterator[tuple[int, int]]:
        """Every attack as (attacker, attacked); an attack made twice is yielded twice."""
        yield from ((a, t - 1) for a, t in enumerate(self.tree) if t)
        for a, targets in self.more.items():
            for b in targets:
                yield a, b

    def attackers(self, b: int) -> list[int]:
        """The distinct arguments that attack `b`, in argument order."""
        if self._attackers is None:
            attackers: list[list[int]] = [[] for _ in self.names]
            for a, t in self.attacks():
                attackers[t].append(a)
            self._attackers = attackers
        return sorted(set(self._attackers[b]))


def unknown_argument(name: str, names: list[str]) -> NotFoundError:
    """The refusal for a name that is no argument, suggesting the full name of a bare node id or a near miss."""
    message = f"no argument {name!r} in the debate (name one as map-id:node-id)"
    if ":" not in name:
        # A bare node id: the arguments of that id in any map.
        suffix = f":{name}"
        found = [n for n in names if n.endswith(suffix)]
    else:
        from difflib import get_close_matches

        found = get_close_matches(name, names, n=3, cutoff=0.8)
    if found:
        shown = " or ".join(repr(n) for n in found[:3])
        message += f"; did you mean {shown}?"
    return NotFoundError(message)


def from_maps(maps: Iterable, support: SupportMode | str | None = None) -> Framework:
    """The framework of a debate's maps: arguments `map-id:node-id`, attacks from rebuttals and cross-links.

    Attacks are each rebuttal and counter-rebuttal on its parent and every `attacks` cross-link; with
    `support`, the derived attacks of that reading of support are added (see `derive`). The maps are not
    validated here: a cross-link that names no node is refused.
    """
    support = SupportMode(support) if support is not None else None
    maps = list(maps)
    with gc_paused():
        return _build(maps, support)


def _build(maps: list, support: SupportMode | None) -> Framework:
    names: list[str] = []
    tree: list[int] = []
    parents: list[int] = []
    spans = []
    attack_links: list[tuple[int, list[str], int]] = []
    support_links: list[tuple[int, list[str], int]] = []
    undercuts: list[int] = []
    grouped: list[int] = []
    for mi, m in enumerate(maps):
        start = len(names)
        prefix = f"{m.id}:"
        ds = [vars(m.claim)]
        owners: list[int] = [0]
        base = start
        # Level by level so that each step runs over a whole level in C (itemgetter, compress, map), not
        # node by node in Python: reading 100,000 pydantic nodes is most of an evaluation's time.
        while ds:
            roles = list(map(_ROLE, ds))
            if _CONTEXT in roles:  # context nodes, and whatever hangs under them, take no part
                keep = [r is not _CONTEXT for r in roles]
                ds, owners = list(compress(ds, keep)), list(compress(owners, keep))
                if not ds:
                    break
            k = len(ds)
            kinds, marks, ids, kids, links = zip(*map(_FIELDS, ds), strict=True)
            # Parent numbers plus one times 1 or 0: the parent this node attacks, or none.
            tree += map(mul, owners, map(str.endswith, kinds, repeat(_ATTACKING_SUFFIX)))
            if any(marks):  # schema 2's undercuts are rare: find them only where there are some
                undercuts += compress(range(base, base + k), marks)
            if support is not None:
                parents += owners
                grouped += compress(range(base, base + k), map(_GROUP, ds))
            names += map(prefix.__add__, ids)
            attack_links += zip(compress(range(base, base + k), links), compress(links, links), repeat(mi))
            if support is not None:
                links = list(map(_SUPPORTS, ds))
                support_links += zip(compress(range(base, base + k), links), compress(links, links), repeat(mi))
            ds = list(map(vars, chain.from_iterable(kids)))
            owners = list(chain.from_iterable(map(repeat, range(base + 1, base + k + 1), map(len, kids))))
            base += k
        spans.append((m.id, start, len(names), m))
    more: dict[int, list[int]] = {}
    resolve = _Resolver(names, spans, attack_links + support_links)
    index = resolve.index
    for source, links, mi in attack_links:
        try:
            # The common cases in one pass each: nodes of the same map, or links all written 'map:node';
            # anything else goes the long way.
            more[source] = list(map(index.__getitem__, map(resolve.prefixes[mi].__add__, links)))
        except KeyError:
            try:
                more[source] = list(map(index.__getitem__, links))
            except KeyError:
                more[source] = [resolve(mi, source, link, "attacks") for link in links]
    fw = Framework(names, tree, more, spans)
    supports: list[tuple[int, int]] = []
    if support is not None:
        # A support that an undercut answers is read as cut: it implies no attack (see `undercut`). Linked
        # premises (a `group`) support their parent only together: no one of them is sufficient, so none
        # implies an attack when support is read deductively; each is still necessary.
        cut = {tree[u] - 1 for u in undercuts}
        if support is SupportMode.DEDUCTIVE:
            cut.update(grouped)
        supports = [
            (i, p - 1) for i, (p, t) in enumerate(zip(parents, tree, strict=True)) if p and not t and i not in cut
        ]
        for source, links, mi in support_links:
            supports += ((source, resolve(mi, source, link, "supports")) for link in links)
    if undercuts:
        undercut(fw, undercuts)
    if support is not None:
        derive(fw, supports, support)
    return fw


def undercut(fw: Framework, undercuts: list[int]) -> None:
    """Turn each undercut into an attack on an attack, in plain Dung terms.

    An undercut (schema 2) answers the inference from its parent p to what p answers, not p itself. When p
    attacks t, the attack is routed through two auxiliary arguments, `(not p)` (in exactly when p is out) and
    `(p attacks t)` (in when p is in and no undercut of it is): p attacks `(not p)`, which attacks
    `(p attacks t)`, which attacks t; each undercut of p attacks `(p attacks t)`. When p supports what it
    answers, no attack runs through that support, so the undercut attacks nothing (and a reading of support
    leaves that support out). Undercuts are taken parents first, so an undercut of an undercut works too.
    """
    names, tree, more = fw.names, fw.tree, fw.more
    fw.real = min(fw.real, len(names))
    holds: dict[int, int] = {}  # p -> the argument `(p attacks t)`
    aims: dict[int, int] = {}  # undercut u -> the argument its attack now goes to (-1: none)
    for u in undercuts:
        if not tree[u]:
            continue  # not an attack (an unvalidated map may mark a premise)
        p = tree[u] - 1
        tree[u] = 0
        y = holds.get(p)
        if y is None:
            t = aims.get(p, tree[p] - 1)
            if t < 0:
                aims[u] = -1
                continue
            x, y = len(names), len(names) + 1
            names += [f"(not {names[p]})", f"({names[p]} attacks {names[t]})"]
            tree += [y + 1, t + 1]
            if p in aims:
                more[p][-1] = x  # an undercut's own attack, appended last below
            else:
                tree[p] = x + 1
            holds[p] = y
        more.setdefault(u, []).append(y)
        aims[u] = y
    fw._attackers = None


class _Resolver:
    """Turns cross-links ('node' or 'map:node') into argument numbers."""

    def __init__(self, names: list[str], spans, links: list[tuple[int, list[str], int]]):
        self.names = names
        self.spans = spans
        self.map_ids = {span[0] for span in spans}
        self.prefixes = [f"{span[0]}:" for span in spans]
        # Only the names that links use are indexed; the scan hashes every name once, and the labels dict
        # built later reuses those hashes (a str caches its hash).
        wanted = {link if ":" in link else self.prefixes[mi] + link for _, targets, mi in links for link in targets}
        hits = list(compress(range(len(names)), map(wanted.__contains__, names))) if wanted else []
        # Reversed so that the first node of a (wrongly) repeated id wins, as in a walk of the map.
        self.index = {names[i]: i for i in reversed(hits)}

    def __call__(self, mi: int, source: int, link: str, relation: str) -> int:
        found = self.index.get(link if ":" in link else self.prefixes[mi] + link)
        if found is not None:
            return found
        own_id, _, _, m = self.spans[mi]
        where = f"{m.path}" if getattr(m, "path", None) else f"map {own_id!r}"
        node = self.names[source].partition(":")[2]
        map_id = link.rpartition(":")[0]
        what = (
            f"no map {map_id!r} among the maps evaluated"
            if ":" in link and map_id not in self.map_ids
            else ("no node of that id")
        )
        raise ArgmapError(f"{where}: node {node!r} {relation} {link!r}, but there is {what}")


def _closure(start: int, step: dict[int, list[int]], cache: dict[int, list[int]]) -> list[int]:
    """`start` and every argument reachable from it along `step` (iterative; support cycles are fine)."""
    found = cache.get(start)
    if found is None:
        seen = {start}
        todo = [start]
        while todo:
            for nxt in step.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        found = cache[start] = sorted(seen)
    return found


def derive(fw: Framework, supports: Iterable[tuple[int, int]], mode: SupportMode) -> None:
    """Add to `fw` the attacks that support implies under `mode` (Cayrol & Lagasquie-Schiex 2013).

    Deductive support (a supports b: if a is accepted, so is b) adds, for a chain of supports ending in an
    attack: the *supported* attack (a supports x, x attacks b: a attacks b) and the *mediated* attack
    (b supports x, a attacks x: a attacks b), chains of supports included, both at once when both apply.
    Necessary support (a supports b: b cannot be accepted without a) is deductive support read backwards and
    adds the *secondary* attack (a attacks x, x supports b: a attacks b) and the *extended* attack
    (x supports a, x attacks b: a attacks b).
    """
    supports = list(supports)
    forward: dict[int, list[int]] = {}
    backward: dict[int, list[int]] = {}
    for a, b in supports:
        forward.setdefault(a, []).append(b)
        backward.setdefault(b, []).append(a)
    # Deductive: a supports* x, x attacks y, b supports* y => a attacks b: walk supports backwards from both
    # ends. Necessary is the same with every support turned round.
    step = backward if mode is SupportMode.DEDUCTIVE else forward
    if not step:
        return
    cache: dict[int, list[int]] = {}
    existing = set(fw.attacks())
    added: dict[tuple[int, int], tuple[int, int]] = {}
    for x, y in sorted(existing):
        if x not in step and y not in step:
            continue
        for a in _closure(x, step, cache):
            for b in _closure(y, step, cache):
                if (a, b) not in existing and (a, b) not in added:
                    added[(a, b)] = (x, y)
    for a, b in sorted(added):
        fw.more.setdefault(a, []).append(b)
    fw.derived = added
    fw.support = mode
    fw._step = step
    fw._attackers = None


# The names of the derived attacks (Cayrol & Lagasquie-Schiex 2013), by reading and by which end of the
# attack the supports lead to: the attacker's end, the attacked end, or both.
_RULES = {
    (SupportMode.DEDUCTIVE, True, False): "supported attack",
    (SupportMode.DEDUCTIVE, False, True): "mediated attack",
    (SupportMode.DEDUCTIVE, True, True): "supported and mediated attack",
    (SupportMode.NECESSARY, False, True): "secondary attack",
    (SupportMode.NECESSARY, True, False): "extended attack",
    (SupportMode.NECESSARY, True, True): "extended and secondary attack",
}


@dataclass(frozen=True, slots=True)
class Derivation:
    """Why a derived attack holds: the rule, the reading of support, and the supports and attack it follows.

    `chain` lists (argument, 'supports' or 'attacks', argument) steps, e.g. for a supported attack
    [('m:a', 'supports', 'm:x'), ('m:x', 'attacks', 'm:b')].
    """

    attacker: str
    attacked: str
    rule: str
    support: str
    chain: tuple[tuple[str, str, str], ...]


def derivation(fw: Framework, a: int, b: int) -> Derivation | None:
    """How the attack of `a` on `b` was derived from support; None when it is a direct attack."""
    found = fw.derived.get((a, b))
    if found is None or fw.support is None:
        return None
    x, y = found
    names = fw.names

    def path(start: int, end: int) -> list[int]:
        # Breadth first along the supports walked by `derive`, from `start` to `end`.
        came = {start: start}
        todo = [start]
        for node in todo:
            if node == end:
                break
            for nxt in fw._step.get(node, ()):
                if nxt not in came:
                    came[nxt] = node
                    todo.append(nxt)
        steps = [end]
        while steps[-1] != start:
            steps.append(came[steps[-1]])
        return steps[::-1]

    def supports(nodes: list[int]) -> list[tuple[str, str, str]]:
        return [(names[p], "supports", names[q]) for p, q in zip(nodes, nodes[1:], strict=False)]

    deductive = fw.support is SupportMode.DEDUCTIVE
    # Deductive: a supports ... x and b supports ... y (walked backwards from x and y); necessary: x
    # supports ... a and y supports ... b.
    to_a, to_b = path(x, a), path(y, b)
    head = supports(to_a[::-1]) if deductive else supports(to_a)
    tail = supports(to_b[::-1]) if deductive else supports(to_b)
    chain = (*head, (names[x], "attacks", names[y]), *tail)
    rule = _RULES[(fw.support, a != x, b != y)]
    return Derivation(names[a], names[b], rule, fw.support.value, chain)
