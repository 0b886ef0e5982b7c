"""The evaluation in words for people: what the numbers mean, a summary by side and by map, each tree marked."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..semantics.run import EvaluationReport
from ..tree import MapTree
from ..vocab import ReportFormat, Role, Semantics
from .registry import reporter
from .text import plural, printable
from .tree import tree_lines

if TYPE_CHECKING:
    from ..model import ArgMap

VERDICT = {"in": "stands", "out": "falls", "undec": "undecided"}
ACCEPTANCE = {"sceptical": "in every", "credulous": "in some", "rejected": "in none", "unsettled": "unsettled"}
# The mark of a node that takes no part: the tree then leaves the word out of the node's facets.
CONTEXT = Role.CONTEXT.value
_BAR = " ▏▎▍▌▋▊▉█"
_BAR_CELLS = 8

_SUPPORT_SAYS = {
    None: "supports count for nothing here (--support or --semantics dfquad weigh them)",
    "deductive": "supports are read as deductive, so an attack on what a node supports counts against the node, "
    "and an attack by what it supports counts as its own",
    "necessary": "supports are read as necessary, so an attack on a node counts against what it supports, and a "
    "node makes the attacks of what supports it",
}
_EXTENSION_IS = {
    "preferred": "as large as such a set can be",
    "stable": "and attacking every node left out",
    "complete": "and taking in every node it defends",
}
_NOT_THE_WORLD = "it weighs the debate as these maps record it, not the world"


def lead(ev: Any) -> str:
    """One sentence on what the numbers mean under this semantics and reading of support."""
    semantics = ev.semantics.value
    if ev.strengths is not None:
        how = (
            "combined support minus combined attack moves it toward 1 or toward 0 (DF-QuAD)"
            if semantics == "dfquad"
            else "the supporters' strengths minus the attackers' move it toward 1 or toward 0 (quadratic energy)"
        )
        return (
            "Each node has a strength from 0 to 1: it starts at its base score (its weight, 0.5 unless set) and "
            f"{how}; {_NOT_THE_WORLD}."
        )
    support = _SUPPORT_SAYS[ev.support.value if ev.support is not None else None]
    if ev.extension_count is None:
        return (
            "A node stands when every attack on it falls, falls when an attack on it stands (one unanswered "
            f"rebuttal is enough), and is undecided when attacks go round a circle; {support}; {_NOT_THE_WORLD}."
        )
    return (
        "An extension is a set of nodes that can stand together (none attacks another, each attack on them "
        f"answered) {_EXTENSION_IS[semantics]}; a node is accepted in every extension, in some, or in none; "
        f"{support}; {_NOT_THE_WORLD}."
    )


def bar(value: float) -> str:
    """A strength in [0, 1] as a bar of eighth blocks."""
    eighths = round(max(0.0, min(1.0, value)) * _BAR_CELLS * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_BAR[part] if part else "")).ljust(_BAR_CELLS)


def words(ev: Any) -> dict[str, str]:
    """A word for each argument: stands / falls / undecided; in every / in some / in none (or unsettled, when a
    timeout stopped the search first); or its strength."""
    if ev.strengths is not None:
        return {name: f"{value:.2f} {bar(value)}" for name, value in ev.strengths.items()}
    if ev.extension_count is None:
        return {name: VERDICT[label.value] for name, label in ev.labels.items()}
    sceptical, credulous, unsettled = set(ev.sceptical), set(ev.credulous), set(ev.unsettled)
    said = ACCEPTANCE
    return {
        name: said["unsettled"]
        if name in unsettled
        else said["sceptical"]
        if name in sceptical
        else said["credulous"]
        if name in credulous
        else said["rejected"]
        for name in ev.labels
    }


def marks_by_map(ev: Any, maps: Iterable | None = None) -> dict[str, dict[str, str]]:
    """Map id -> node id -> its word (see `words`); context nodes, which take no part, read 'context'."""
    # One width for every map of the debate: the longest word the semantics can give.
    if ev.strengths is not None:
        width = len(f"0.00 {bar(0)}")
    else:
        said = VERDICT if ev.extension_count is None else ACCEPTANCE
        width = max(len(CONTEXT), *(len(w) for key, w in said.items() if key != "unsettled" or ev.unsettled))
    by_map: dict[str, dict[str, str]] = {}
    for name, word in words(ev).items():
        map_id, _, node_id = name.partition(":")  # a map id never holds a colon
        by_map.setdefault(map_id, {})[node_id] = word.ljust(width)
    for m in maps or ():
        own = by_map.setdefault(m.id, {})
        for node, *_ in m.walk():
            own.setdefault(node.id, CONTEXT.ljust(width))
    return by_map


def count_of(n: int, noun: str, exact: bool = True) -> str:
    """A count in words; one too long to print reads as its order of magnitude (str() stops at 4,300 digits).
    Not `exact`: n is a lower bound ("at least")."""
    if n < 10**15:
        return plural(n, noun) if exact else f"at least {plural(n, noun)}"
    return f"more than 10^{int((n.bit_length() - 1) * 0.30102999566398)} {noun}s"


def _headline(result: Any) -> list[str]:
    ev = result.evaluation
    head = f"{ev.semantics.value} semantics"
    if ev.strengths is None:
        head += f", support: {ev.support.value if ev.support is not None else 'none'}"
    count = len(ev.strengths) if ev.strengths is not None else len(ev.labels)
    head += f"; {plural(len(result.maps), 'map')}, {plural(count, 'argument')}"
    if ev.strengths is not None:
        values = list(ev.strengths.values())
        mean = sum(values) / len(values) if values else 0.0
        line = f"{head}: mean strength {mean:.2f}"
        if not ev.converged:
            line += "; a cycle of attacks and supports did not settle (the last round's strengths are shown)"
        return [line]
    if ev.extension_count is None:
        counts = {word: 0 for word in ("in", "out", "undec")}
        for label in ev.labels.values():
            counts[label.value] += 1
        return [f"{head}: {counts['in']} stand, {counts['out']} fall, {counts['undec']} undecided"]
    found = "found so far" if not ev.complete_search else ""
    if found:
        count = f"{count_of(ev.extension_count, 'extension')} {found}"
    else:
        count = count_of(ev.extension_count, "extension", ev.count_exact)
    lines = [
        f"{head}: {count}; {len(ev.sceptical)} accepted in every extension, {len(ev.credulous)} in some"
        + (f", {len(ev.unsettled)} unsettled" if ev.unsettled else "")
    ]
    if not ev.count_exact and not found:
        lines.append(
            "the extensions were counted only up to a limit, so there may be more; each node's acceptance "
            "is exact all the same (decided without listing them)"
        )
    if ev.extension_count == 0:
        lines.append("no whole extension found so far" if found else "no extension: no argument is accepted")
    elif 1 < ev.extension_count <= 20:
        common = set(ev.sceptical)
        for number, extension in enumerate(ev.extensions, 1):
            rest = [name for name in extension if name not in common]
            lines.append(f"extension {number}: {', '.join(rest) if rest else '(only those in every extension)'}")
    return lines


def _side_names(maps: list) -> dict[str, str]:
    names: dict[str, str] = {}
    for _, m in maps:
        for side_id, side in m.sides.items():
            names.setdefault(side_id, side.name)
    return names


def _by_side(result: Any) -> list[str]:
    """Per side: how its claims and its nodes fare."""
    ev = result.evaluation
    marks = words(ev)
    claims: dict[str, list[str]] = {}
    nodes: dict[str, list[str]] = {}
    for _, m in result.maps:
        for node, parent, *_ in m.walk():
            name = f"{m.id}:{node.id}"
            if name not in marks:
                continue  # context
            nodes.setdefault(node.side, []).append(name)
            if parent is None:
                claims.setdefault(node.side, []).append(name)
    names = _side_names(result.maps)
    if ev.strengths is not None:
        accepted: set[str] = set()
        verb = None
    elif ev.extension_count is None:
        accepted = {name for name, label in ev.labels.items() if label.value == "in"}
        verb = None
    else:
        accepted = set(ev.sceptical)
        verb = "accepted in every extension"
    unsettled = set(ev.unsettled or ())

    def count(xs: list[str]) -> int:
        return sum(x in accepted for x in xs)

    def unknown(xs: list[str]) -> str:
        left = sum(x in unsettled for x in xs)
        return f" ({left} unsettled)" if left else ""

    lines = []
    for side in sorted(nodes, key=lambda s: (-len(claims.get(s, [])), -len(nodes[s]), names.get(s, s))):
        own, held = claims.get(side, []), nodes[side]
        said = f"  {names.get(side, side)}: "
        if ev.strengths is not None:
            parts = []
            if own:
                parts.append(f"{plural(len(own), 'claim')}, mean strength {_mean(ev.strengths, own):.2f}")
            parts.append(f"{'its ' if own else ''}{plural(len(held), 'node')}, mean {_mean(ev.strengths, held):.2f}")
            lines.append(said + "; ".join(parts))
            continue
        parts = []
        if own:
            parts.append(f"{count(own)} of {plural(len(own), 'claim')} {verb or _stand(len(own))}{unknown(own)}")
        parts.append(
            f"{count(held)} of {'its ' if own else ''}{plural(len(held), 'node')} {verb or _stand(len(held))}"
            + unknown(held)
        )
        lines.append(said + "; ".join(parts))
    return ["By side:", *lines] if lines else []


def _stand(total: int) -> str:
    return "stands" if total == 1 else "stand"


def _mean(strengths: dict[str, float], names: list[str]) -> float:
    return sum(strengths[x] for x in names) / len(names)


def _short(name: str, map_id: str) -> str:
    """A node of the same map by its id, any other by its full name."""
    own, _, node = name.partition(":")
    return node if own == map_id else name


def _listed(names: list[str], map_id: str, most: int = 3) -> str:
    shown = ", ".join(_short(n, map_id) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def reason(result: Any, name: str, maps: dict[str, ArgMap] | None = None) -> str:
    """Why an argument has its grounded label, in plain words ('its one unanswered rebuttal stands: x').

    `maps` are the maps evaluated by id, when the caller asks for many reasons (else made here).
    """
    ev = result.evaluation
    fw = ev.framework
    label = ev.labels[name].value
    map_id = name.partition(":")[0]
    a = fw.index(name)
    attackers = fw.attackers(a)
    names = fw.names
    if label == "in":
        if not attackers:
            return "nothing attacks it"
        if len(attackers) == 1:
            return f"the one attack on it falls ({_short(names[attackers[0]], map_id)})"
        return f"all {len(attackers)} attacks on it fall"
    if label == "undec":
        circle = [names[b] for b in attackers if ev.label_at(b) == "undec"]
        return f"attacks go round a circle that nothing settles ({_listed(circle, map_id)})"
    standing = [b for b in attackers if b < fw.real and ev.label_at(b) == "in"]
    if len(standing) == 1:
        b = standing[0]
        what = _attack_word(result, fw, b, a, maps)
        if not fw.attackers(b):
            return f"its one unanswered {what} stands ({_short(names[b], map_id)})"
        return f"its {what} {_short(names[b], map_id)} stands (every answer to it falls)"
    if not standing:  # only an auxiliary argument of an undercut puts it out
        return "an attack on it stands"
    return f"{len(standing)} attacks on it stand ({_listed([names[b] for b in standing], map_id)})"


def _attack_word(result: Any, fw: Any, b: int, a: int, maps: dict[str, ArgMap] | None) -> str:
    """What kind of attack b makes on a: a rebuttal of the tree, a cross-link attack, or a derived attack."""
    if (b, a) in fw.derived:
        return "derived attack"
    if fw.tree[b] - 1 == a:
        map_id, _, node_id = fw.names[b].partition(":")
        m = maps[map_id] if maps is not None else next(m for _, m in result.maps if m.id == map_id)
        visit = m.find(node_id)
        return visit.node.kind.value if visit is not None else "rebuttal"
    return "cross-link attack"


def _by_map(result: Any) -> list[str]:
    lines = ["By map:"]
    status = claim_status(result)
    for display, m in result.maps:
        lines.append(printable(f"  {display}: {status(f'{m.id}:{m.claim.id}')}"))
    return lines


def claim_status(result: Any) -> Callable[[str], str]:
    """How a map's claim fares, with the reason in words: a function of the claim's name.

    The accepted sets are made once for every claim: made per claim, a debate of many maps was quadratic.
    """
    ev = result.evaluation
    unsettled, sceptical, credulous = (set(names or ()) for names in (ev.unsettled, ev.sceptical, ev.credulous))
    maps = {m.id: m for _, m in result.maps}

    def status(claim: str) -> str:
        if ev.strengths is not None:
            if claim not in ev.strengths:
                return "the claim is context and takes no part"
            b = ev.contributions(claim)
            if ev.semantics.value == "dfquad":
                how = f"combined attack {b.attack:.2f}, combined support {b.support:.2f}"
            else:
                how = f"energy {b.energy:+.2f}"
            return f"the claim's strength is {b.strength:.2f} (base {b.base:.2f}; {how})"
        if claim not in ev.labels:
            return "the claim is context and takes no part"
        if ev.extension_count is None:
            return f"the claim {VERDICT[ev.labels[claim].value]}: {reason(result, claim, maps)}"
        if claim in unsettled:
            return "the search stopped before the claim's acceptance was settled"
        if claim in sceptical:
            return "the claim is accepted in every extension"
        if claim in credulous:
            return "the claim is accepted in some extensions only"
        return "the claim is accepted in no extension"

    return status


@reporter(EvaluationReport, ReportFormat.TEXT)
def evaluation(result: EvaluationReport) -> str:
    """The lead sentence, the counts, a summary by side and by map, then each map's tree with its marks."""

    ev = result.evaluation
    if result.steps is not None:
        return explanation(result)
    if getattr(result, "breakdown", None) is not None:
        return contributions(result)
    assert ev is not None  # a report that stopped at errors is written as its findings
    by_map = marks_by_map(ev, [m for _, m in result.maps])
    lines = [lead(ev), *_headline(result)]
    if not ev.complete_search:
        lines.append(timeout_note(ev))
    lines += ["", *_by_side(result), "", *_by_map(result)]
    for display, m in result.maps:
        lines.append("")
        lines.append(printable(display))
        lines.extend(tree_lines(m, marks=by_map[m.id]))
    return "\n".join(lines) + "\n"


def timeout_note(ev: Any) -> str:
    """What a timeout left: the extensions found, and the nodes whose acceptance is not settled."""
    return (
        f"the search stopped at the timeout after {ev.elapsed:.1f} s, unfinished: "
        f"{count_of(ev.extension_count, 'whole extension')} found so far; "
        f"{plural(len(ev.unsettled), 'node')} not settled (marked unsettled below)"
    )


# An explanation can run as long as the debate (a chain of 100,000 attacks): the text shows its first steps,
# indented at most this deep (deeper steps carry their depth in brackets), then how many more there are;
# `-f json` lists them all.
SHOWN_STEPS = 200
SHOWN_DEPTH = 20


def explanation(result: Any) -> str:
    """Why one argument has its grounded label, each reason indented under what it explains."""
    texts = {}
    for _, m in result.maps:
        for node, *_ in m.walk():
            texts[f"{m.id}:{node.id}"] = " ".join(node.text.split())
    first = result.steps[0]
    lines = [f"why {result.explained} {_verb(first.label)} (grounded semantics):"]
    for step in result.steps[:SHOWN_STEPS]:
        indent = "  " * min(step.depth, SHOWN_DEPTH) + (f"[{step.depth}] " if step.depth > SHOWN_DEPTH else "")
        verdict = _verb(step.label)
        if step.repeated:
            lines.append(printable(f"{indent}{step.argument} {verdict} (see above)"))
            continue
        if step.label == "out":
            reason_ = f"attacked by {step.because[0]}, which stands"
            if len(step.because) > 1:
                reason_ += f" (and by {', '.join(step.because[1:])}, which stand too)"
        elif step.label == "in":
            reason_ = f"every attack on it falls: {', '.join(step.because)}" if step.because else "nothing attacks it"
        else:
            reason_ = f"no attack on it stands, and these are undecided: {', '.join(step.because)}"
        text = texts.get(step.argument)  # none for the auxiliary arguments of an undercut
        if text is not None:
            text = text if len(text) <= 70 else text[:69] + "…"
            reason_ += f' — "{text}"'
        lines.append(printable(f"{indent}{step.argument} {verdict}: {reason_}"))
        for d in step.derived:
            chain = "; ".join(f"{x} {relation} {y}" for x, relation, y in d.chain)
            lines.append(
                printable(
                    f"{indent}  ({d.attacker} attacks {d.attacked} only by a derived attack: the {d.rule} of "
                    f"{d.support} support, because {chain})"
                )
            )
    if len(result.steps) > SHOWN_STEPS:
        rest = len(result.steps) - SHOWN_STEPS
        lines.append(f"… {rest:,} more {'step' if rest == 1 else 'steps'} (-f json lists every one)")
    return "\n".join(lines) + "\n"


def _verb(label: str) -> str:
    return {"in": "stands", "out": "falls", "undec": "is undecided"}[label]


def contributions(result: Any) -> str:
    """How one argument's strength comes about: its base score and every attacker's and supporter's part."""
    b = result.breakdown
    lines = [f"why {b.argument} has strength {b.strength:.4f} ({b.semantics} semantics):", f"  base score {b.base:.4f}"]
    attackers = [c for c in b.contributions if c.attacks]
    supporters = [c for c in b.contributions if not c.attacks]
    for c in supporters:
        lines.append(f"  supported by {c.argument}, strength {c.strength:.4f}")
    for c in attackers:
        lines.append(f"  attacked by {c.argument}, strength {c.strength:.4f}")
    if not b.contributions:
        lines.append("  nothing attacks or supports it: its strength is its base score")
    elif b.semantics == "dfquad":
        net = b.support - b.attack
        lines.append(
            f"  combined support 1 - Π(1 - s) = {b.support:.4f}; combined attack = {b.attack:.4f}; net {net:+.4f}"
        )
        if net >= 0:
            lines.append(f"  strength = base + net × (1 - base) = {b.strength:.4f}")
        else:
            lines.append(f"  strength = base + net × base = {b.strength:.4f}")
    else:
        lines.append(f"  energy = supporters - attackers = {b.energy:+.4f}")
        lines.append("  strength = base + (1 - base)·h(E) - base·h(-E), where h(x) = x²/(1 + x²) for x > 0, else 0")
        lines.append(f"           = {b.strength:.4f}")
    return "\n".join(printable(line) for line in lines) + "\n"


def evaluated_tree(
    path: Path | str, depth: int | None = None, colour: bool = False, semantics: Semantics | str = Semantics.GROUNDED
) -> list[str]:
    """A map's tree with each node's verdict (or strength) beside it; its whole folder is validated and evaluated.

    Refused, with the folder's problems, when a map of the debate has errors.
    """
    ev, m, _, _ = _evaluated(path, semantics)
    return tree_lines(m, depth, colour, marks_by_map(ev, [m])[m.id])


def evaluated_map_tree(
    path: Path | str, depth: int | None = None, semantics: Semantics | str = Semantics.GROUNDED
) -> MapTree:
    """`show --evaluate --format json`'s tree: the map as `show` gives it, each node that takes part with its
    verdict (`marks`, the word of the text column) or its strength (`strengths`, under a gradual semantics);
    a context node has neither, its role says why."""
    from ..tree import links_in

    ev, m, display, debate = _evaluated(path, semantics)
    prefix = f"{m.id}:"
    tree = MapTree(m, display, links_in(debate, m), depth, semantics=ev.semantics.value)
    if ev.strengths is not None:
        tree.strengths = {name[len(prefix) :]: v for name, v in ev.strengths.items() if name.startswith(prefix)}
    else:
        tree.marks = {name[len(prefix) :]: word for name, word in words(ev).items() if name.startswith(prefix)}
    return tree


def _evaluated(path: Path | str, semantics: Semantics | str) -> tuple[Any, Any, str, Any]:
    """The evaluation of the debate of the map at `path`, the map, its file as the debate names it, the debate."""
    from ..debate import open_debate
    from ..errors import RefusedError
    from ..semantics.run import evaluate_debate

    path = Path(path)
    debate = open_debate([path])
    report = evaluate_debate(debate, semantics)
    if report.evaluation is None:
        errors = [i for i in report.validation.issues if i.is_error]
        raise RefusedError(f"{path}: the debate has errors; evaluate needs a valid debate", errors)
    display, m = next((d, m) for d, m in report.maps if Path(d).resolve() == path.resolve())
    return report.evaluation, m, display, debate
