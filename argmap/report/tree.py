"""A map as an indented tree for the terminal (kind and side marked, colour when asked), and `show`'s reporters."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from ..tree import LinkIn, MapTree
from ..vocab import Kind, Relation, ReportFormat, Role
from .registry import reporter
from .text import printable

if TYPE_CHECKING:
    from ..model import ArgMap, Node

# How a link into a node reads beside it.
_INTO = {Relation.SUPPORTS: "supported by", Relation.ATTACKS: "attacked by"}

SIGN = {Kind.CLAIM: "*", Kind.PREMISE: "+", Kind.REBUTTAL: "-", Kind.COUNTER_REBUTTAL: "-"}
# ANSI colours by kind: support green, attack red; the claim bold.
_COLOUR = {
    Kind.CLAIM: "\033[1m",
    Kind.PREMISE: "\033[32m",
    Kind.REBUTTAL: "\033[31m",
    Kind.COUNTER_REBUTTAL: "\033[35m",
}
_DIM, _RESET = "\033[2m", "\033[0m"


def tree_lines(
    m: ArgMap,
    depth: int | None = None,
    colour: bool = False,
    marks: Mapping[str, str] | None = None,
    links_in: Mapping[str, Sequence[LinkIn]] | None = None,
) -> list[str]:
    """One line per node: guides, sign and kind, [id], (side), text; its facets (`facets`), speaker, quote
    source and links after.

    `marks` (node id -> a word, such as an evaluation's label) puts a column before the guides; a node the
    column marks 'context' is not said to be context again among its facets. `links_in` (node id -> the links
    into it) says which nodes of the debate support or attack each one.
    """

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines = [paint("\033[1m", printable(m.title)) + paint(_DIM, f"  ({m.id})")]
    width = max(map(len, marks.values()), default=0) if marks is not None else 0
    # Each stack entry carries the guide prefix for its children, so no recursion is needed.
    stack = [(m.claim, "", "", 0)]
    while stack:
        node, lead, child_lead, level = stack.pop()
        side = printable(m.sides[node.side].name if node.side in m.sides else node.side)
        head = paint(_COLOUR[node.kind], f"{SIGN[node.kind]} {node.kind.value}")
        said = marks is not None and marks.get(node.id, "").strip() == Role.CONTEXT.value
        extra = facets(node, role=not said)
        if node.speaker:
            extra.append(printable(node.speaker))
        if node.quote:
            extra.append(f"quote: {node.quote.source}")
        for relation, links in (("supports", node.supports), ("attacks", node.attacks)):
            if links:
                extra.append(f"{relation} {', '.join(links)}")
        for relation in Relation:
            into = [link.source for link in (links_in or {}).get(node.id, ()) if link.relation is relation]
            if into:
                extra.append(f"{_INTO[relation]} {', '.join(into)}")
        text = printable(" ".join(node.text.split()))
        tail = paint(_DIM, f"  — {'; '.join(extra)}") if extra else ""
        mark = f"{marks.get(node.id, ''):<{width}} " if marks is not None else ""
        lines.append(f"{mark}{lead}{head} {paint(_DIM, '[' + node.id + ']')} ({side}) {text}{tail}")
        if depth is not None and level >= depth:
            if node.children:
                pad = " " * (width + 1) if marks is not None else ""
                lines.append(f"{pad}{child_lead}" + paint(_DIM, f"… {len(node.children)} more below"))
            continue
        count = len(node.children)
        for index in range(count - 1, -1, -1):
            last = index == count - 1
            stack.append(
                (
                    node.children[index],
                    child_lead + ("└─ " if last else "├─ "),
                    child_lead + ("   " if last else "│  "),
                    level + 1,
                )
            )
    return lines


def facets(node: Node, role: bool = True) -> list[str]:
    """What a node is beyond its kind, as `add` and `edit` set it: context (unless not `role`), weight 0.8,
    undercut, rephrase, group g1, title: T, bearing contrary, scheme: S (and an imported bearing's pcs (2))."""
    out = []
    if role and node.role is Role.CONTEXT:
        out.append("context")
    if node.weight is not None:
        out.append(f"weight {node.weight:g}")
    if node.undercut:
        out.append("undercut")
    if node.rephrase:
        out.append("rephrase")
    if node.group is not None:
        out.append(f"group {node.group}")
    if node.title is not None:
        out.append(f"title: {printable(' '.join(node.title.split()))}")
    bearing = node.bearing
    if bearing is not None:
        if bearing.kind is not None:
            out.append(f"bearing {bearing.kind.value}")
        if bearing.scheme is not None:
            out.append(f"scheme: {printable(' '.join(bearing.scheme.split()))}")
        if bearing.pcs is not None:
            out.append(f"pcs ({bearing.pcs})")
    return out


@reporter(MapTree, ReportFormat.TEXT)
def map_tree(result: MapTree) -> str:
    return "\n".join(tree_lines(result.map, result.depth, result.colour, result.marks, result.links_in)) + "\n"


def wants_colour(stream: TextIO) -> bool:
    """Colour by default only on a terminal that can show it, and never when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
