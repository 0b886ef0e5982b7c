"""A node's fields beyond its words and its place (role, weight, undercut, rephrase, group, title, and its
bearing's kind and scheme): set, cleared, and fitted to the node's kind and parent by the map format's rules."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import UsageError
from ..model import Bearing, Kind, Node, Role, bearing_fits
from ..vocab import KIND_REFINES, RELATION_TO_PARENT, Relation, RelationKind, TreeBearing
from .obstacles import Obstacles
from .values import check_id, check_text

# The kinds each flag qualifies (the model's rule: group and rephrase a support, undercut an attack),
# and the option that clears it.
_FLAGS = (
    ("group", (Kind.PREMISE,), "--group ''"),
    ("rephrase", (Kind.PREMISE,), "--no-rephrase"),
    ("undercut", (Kind.REBUTTAL, Kind.COUNTER_REBUTTAL), "--no-undercut"),
)
_WHY = {
    "rephrase": ("a rephrase", "a rephrase is a premise restating its parent"),
    "undercut": ("an undercut", "an undercut is a rebuttal or counter-rebuttal, attacking an inference"),
}


@dataclass
class NodeFields:
    """What `add` and `edit` may set beyond a node's text and place; None leaves a field as it is.

    A field's absence is its default in the map format, so clearing writes nothing: `role` argument,
    `undercut` or `rephrase` False, `group`, `title` or `scheme` '', `no_weight`, `no_bearing_kind`, and
    `no_bearing` (the whole bearing: its kind, scheme and place in a premise-conclusion structure).
    """

    role: Role | str | None = None
    weight: float | None = None
    no_weight: bool = False
    undercut: bool | None = None
    rephrase: bool | None = None
    group: str | None = None
    title: str | None = None
    bearing_kind: TreeBearing | RelationKind | str | None = None
    no_bearing_kind: bool = False
    scheme: str | None = None
    no_bearing: bool = False


_TREE_BEARINGS = [RelationKind(kind.value) for kind in TreeBearing]


def set_fields(node: Node, fields: NodeFields) -> None:
    """Write the fields asked for into `node`. A malformed value (a weight outside 0..1, a group that is
    not an id, a role that is none) is a UsageError; whether the fields fit the node is `fields_fit`'s."""
    if fields.no_weight and fields.weight is not None:
        raise UsageError("--no-weight drops the weight; it cannot go with --weight")
    if fields.weight is not None:
        node.weight = check_weight(fields.weight, node.id)
    elif fields.no_weight:
        node.weight = None
    if fields.role is not None:
        try:
            role = Role(fields.role)
        except ValueError:
            raise UsageError(f"--role '{fields.role}' of '{node.id}': give argument or context") from None
        node.role = Role.CONTEXT if role is Role.CONTEXT else None
    if fields.undercut is not None:
        node.undercut = True if fields.undercut else None
    if fields.rephrase is not None:
        node.rephrase = True if fields.rephrase else None
    if fields.group is not None:
        node.group = check_id(fields.group, f"'{node.id}': --group") if fields.group else None
    title = check_text(fields.title, "--title")
    if title is not None:
        node.title = title or None
    _set_bearing(node, fields)


def _set_bearing(node: Node, fields: NodeFields) -> None:
    if fields.no_bearing and (fields.bearing_kind is not None or fields.no_bearing_kind or fields.scheme is not None):
        raise UsageError(
            "--no-bearing drops the whole bearing; it cannot go with --bearing-kind, --no-bearing-kind or --scheme"
        )
    if fields.no_bearing_kind and fields.bearing_kind is not None:
        raise UsageError("--no-bearing-kind drops the bearing's kind; it cannot go with --bearing-kind")
    kind = None
    if fields.bearing_kind is not None:
        try:
            kind = RelationKind(fields.bearing_kind)
        except ValueError:
            raise UsageError(
                f"--bearing-kind '{fields.bearing_kind}' of '{node.id}': give "
                f"{', '.join(k.value for k in _TREE_BEARINGS[:-1])} or {_TREE_BEARINGS[-1].value}"
            ) from None
    scheme = check_text(fields.scheme, "--scheme")
    if fields.no_bearing:
        node.bearing = None
        return
    if kind is None and not fields.no_bearing_kind and scheme is None:
        return
    # A copy, so a refused change leaves the bearing the node had (an import's pcs and inference kept).
    bearing = node.bearing.model_copy() if node.bearing is not None else Bearing.model_construct()
    if kind is not None or fields.no_bearing_kind:
        bearing.kind = kind
    if scheme is not None:
        bearing.scheme = scheme or None
    empty = all(getattr(bearing, name) is None for name in Bearing.model_fields)
    node.bearing = None if empty else bearing


def check_weight(value: float, node_id: str) -> float:
    if not (math.isfinite(value) and 0 <= value <= 1):
        # As given: the short form unless it rounds (1.0000001 is not "1", which would be in range).
        shown = f"{value:g}" if float(f"{value:g}") == value or not math.isfinite(value) else repr(value)
        raise UsageError(
            f"--weight {shown} of '{node_id}': a weight is from 0 to 1 (the node's base score in gradual evaluation)"
        )
    return float(value) + 0.0  # -0.0 is 0: written 0.0, shown 0


def fields_fit(
    obstacles: Obstacles,
    node: Node,
    kind: Kind,
    under_claim: bool,
    asked: NodeFields | None = None,
    edit: str | None = None,
) -> None:
    """Whether `node`'s flags and bearing fit it as a `kind` whose parent is (or is not) the claim; each misfit
    an obstacle, as the model would refuse it (`Node`'s and `ArgMap`'s validators).

    A flag `asked` for in this change is the request's mistake; one the node had is cleared with an option
    of `edit` (the command that takes it, for a change made by another command).
    """

    def remedy(name: str, option: str) -> str | None:
        if asked is not None and getattr(asked, name) is not None:
            return None
        return _clear(node, option, edit)

    for name, kinds, option in _FLAGS:
        value = getattr(node, name)
        if value is None or value is False or kind in kinds:
            continue
        if name == "group":
            problem = f"'{node.id}' as a {kind} cannot be in a group ('{value}'): linked premises are premises"
        else:
            noun, why = _WHY[name]
            problem = f"'{node.id}' as a {kind} cannot be {noun}: {why}"
        obstacles.add(problem, remedy(name, option))
    if node.undercut and under_claim and kind in (Kind.REBUTTAL, Kind.COUNTER_REBUTTAL):
        obstacles.add(
            f"'{node.id}' cannot be an undercut under the claim: it would attack the inference from the claim "
            "to what the claim answers, and the claim answers nothing",
            remedy("undercut", "--no-undercut"),
        )
    if node.bearing is not None:
        _bearing_fits(obstacles, node, kind, asked, edit)


def _clear(node: Node, option: str, edit: str | None) -> str:
    """The remedy for a field the node had that no longer fits: the option of `edit` that clears it."""
    return f"clear it with {option}" if edit is None else f"clear it first: `{edit} {node.id} {option}`"


def _bearing_fits(obstacles: Obstacles, node: Node, kind: Kind, asked: NodeFields | None, edit: str | None) -> None:
    """Whether `node`'s bearing fits its relation to its parent as a `kind`: the claim has none, its kind refines
    the relation (an attack is not an entailment), and an attack has no place in a premise-conclusion structure.

    A bearing kind `asked` for is named as the option that gave it, with the kinds that fit."""
    bearing = node.bearing
    assert bearing is not None
    relation = RELATION_TO_PARENT.get(kind)
    given = asked is not None and asked.bearing_kind is not None
    if relation is None:
        options = [o for o, v in (("--bearing-kind", given), ("--scheme", asked and asked.scheme)) if v]
        takes = " or ".join(options) if options else "bearing"
        remedy = None if options else _clear(node, "--no-bearing", edit)
        obstacles.add(f"'{node.id}' is the root claim: it answers no parent, so it takes no {takes}", remedy)
        return
    said = f"--bearing-kind {bearing.kind.value} of '{node.id}'" if given and bearing.kind else f"'{node.id}'"
    if bearing.kind is RelationKind.UNDERCUT or bearing.kind is RelationKind.REPHRASE:
        flag = bearing.kind.value
        obstacles.add(
            f"{said}: a tree node says it is {_WHY[flag][0]} with --{flag}, not with its bearing's kind",
            f"give --{flag} instead" if given else _clear(node, "--no-bearing-kind", edit),
        )
    elif bearing.kind is not None and KIND_REFINES[bearing.kind] is not relation:
        fitting = " or ".join(k.value for k in _TREE_BEARINGS if KIND_REFINES[k] is relation)
        other = "an attack's" if relation is Relation.SUPPORTS else "a support's"
        fits = f"{said}: as a {kind} it" if given else f"'{node.id}' as a {kind}"
        obstacles.add(
            f"{fits} {relation.value} its parent, so its bearing cannot be {bearing.kind.value} ({other})",
            f"give --bearing-kind {fitting}" if given else _clear(node, "--no-bearing-kind", edit),
        )
    try:
        bearing_fits(node.id, "its parent", bearing.model_copy(update={"kind": None}), relation)
    except ValueError as exc:
        obstacles.add(str(exc), _clear(node, "--no-bearing", edit))
