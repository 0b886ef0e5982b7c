"""A node's fields beyond its words and its place (role, weight, undercut, rephrase, group, title): set,
cleared, and fitted to the node's kind and parent by the map format's rules."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import UsageError
from ..model import Kind, Node, Role, bearing_fits
from ..vocab import RELATION_TO_PARENT
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
    `undercut` or `rephrase` False, `group` or `title` '', and `no_weight`.
    """

    role: Role | str | None = None
    weight: float | None = None
    no_weight: bool = False
    undercut: bool | None = None
    rephrase: bool | None = None
    group: str | None = None
    title: str | None = None


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


def check_weight(value: float, node_id: str) -> float:
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise UsageError(
            f"--weight {value:g} of '{node_id}': a weight is from 0 to 1 (the node's base score in gradual evaluation)"
        )
    return float(value)


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
        return f"clear it with {option}" if edit is None else f"clear it first: `{edit} {node.id} {option}`"

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
    relation = RELATION_TO_PARENT.get(kind)
    if node.bearing is not None and relation is not None:
        try:
            bearing_fits(node.id, "its parent", node.bearing, relation)
        except ValueError as exc:
            obstacles.add(str(exc), "keep its kind, or change its bearing in the map file")
