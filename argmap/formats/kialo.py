"""Kialo's text export, both variants, both ways (writing the one-line-per-claim variant).

    Discussion Title: Should hate speech be illegal?          (older variant)

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to ban them.
    1.1.1. Pro: -> See 1.2.

The newer variant starts `Discussion Name:`, puts a claim's text on the lines below its numbered
`1.1. Pro:` line, and ends with a `Sources:` footer. Pro and con are relative to the parent claim;
the two sides are counted along the path from the thesis (a con of a con is for the thesis).
`-> See N.` reuses claim N there: a cross-link.
"""

from __future__ import annotations

import re

from ..ids import slug
from ..model import ArgMap, Kind, split_link
from . import Format, Imported, format_error, register
from ._graph import ATTACKS, SUPPORTS, Graph, Inference, MapInfo, Statement, build

_HEADER = re.compile(r"^\s*Discussion (Title|Name):\s*(.*)$")
_CLAIM = re.compile(r"^\s*((?:\d+\.)+)(?:\s+|$)(?:(Pro|Con):(?:\s+|$))?(.*)$")
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$")
_UNESCAPE = re.compile(r"\\([\\()\[\]*_])")
_ESCAPE = re.compile(r"([\\()\[\]*_])")
PRO, CON = "pro", "con"
SIDES = {PRO: {"name": "For the thesis"}, CON: {"name": "Against the thesis"}}


def read(text: str, name: str) -> Imported:
    lines = text.splitlines()
    title = None
    start = 0
    for index, line in enumerate(lines):
        if line.strip():
            match = _HEADER.match(line)
            if match is None:
                expected = "expected 'Discussion Title:' or 'Discussion Name:'"
                raise format_error(f"not a Kialo export: {expected}", name, index + 1, 1)
            title = match.group(2).strip()
            start = index + 1
            break
    if title is None:
        raise format_error("empty file", name, 1, 1)

    # (number, stance, text lines, line number)
    claims: list[tuple[str, str | None, list[str], int]] = []
    footer = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if footer:
            footer += bool(line.strip())
            continue
        if line.strip() == "Sources:":
            footer = 1
            continue
        match = _CLAIM.match(line)
        if match:
            claims.append((match.group(1).rstrip("."), match.group(2), [match.group(3).strip()], index + 1))
        elif line.strip():
            if not claims:
                raise format_error("text before the first numbered claim", name, index + 1, 1)
            claims[-1][2].append(line.strip())

    graph = Graph(sides=dict(SIDES))
    if footer > 1:
        graph.losses["entries of the Sources footer not kept"] += footer - 1
    side_of: dict[str, str] = {}
    children: dict[str, int] = {}
    sees: list[tuple[str, str, str, int]] = []
    for number, stance, parts, line_no in claims:
        parent, _, last = number.rpartition(".")
        expected = children.get(parent, 0) + 1
        if parent and parent not in side_of:
            raise format_error(f"claim {number}. has no parent claim {parent}.", name, line_no, 1)
        if int(last) != expected:
            missing = f"{parent}.{expected}" if parent else str(expected)
            raise format_error(f"numbering gap: claim {number}. where {missing}. was expected", name, line_no, 1)
        children[parent] = expected
        body = "\n".join(p for p in parts if p).strip()
        if not parent:
            if stance is not None:
                raise format_error(f"the thesis {number}. cannot be a {stance}", name, line_no, 1)
            side_of[number] = PRO
        else:
            if stance is None:
                raise format_error(f"claim {number}. needs 'Pro:' or 'Con:'", name, line_no, len(number) + 3)
            same = stance == "Pro"
            side_of[number] = side_of[parent] if same else (CON if side_of[parent] == PRO else PRO)
            see = _SEE.match(body)
            if see:
                sees.append((number, stance, see.group(1), line_no))
                continue
        if not body:
            graph.losses["claims with no text given '(no text)'"] += 1
            body = "(no text)"
        graph.statements[number] = Statement(number, _UNESCAPE.sub(r"\1", body), side=side_of[number])
        if parent:
            relation = SUPPORTS if stance == "Pro" else ATTACKS
            graph.inferences.append(Inference(number, [number], parent, relation))
    for number, stance, target, line_no in sees:
        if target not in graph.statements:
            raise format_error(f"claim {number}. refers to claim {target}., which is not in the file", name, line_no, 1)
        parent = number.rpartition(".")[0]
        graph.inferences.append(
            Inference(number, [target], parent, SUPPORTS if stance == "Pro" else ATTACKS, tree=False)
        )
    roots = [n for n in graph.statements if "." not in n]
    if roots:
        graph.maps.append(MapInfo(roots[0], slug(title) or "kialo", title))
    if graph.statements and not roots:
        raise format_error("no thesis (a claim numbered '1.')", name, claims[0][3], 1)
    for number, *_ in sees:
        # A reference has no children of its own in Kialo; say so if the file gives it some.
        if any(n.startswith(number + ".") for n in graph.statements):
            raise format_error(f"claim {number}. is a '-> See' reference and cannot have claims below it", name)
    return Imported(build(graph), graph.losses)


def sniff(text: str) -> bool:
    return _HEADER.match(text.lstrip("\ufeff").lstrip().split("\n", 1)[0] or "") is not None


# ---------------------------------------------------------------- writing


def _line_text(text: str) -> str:
    # A line break would start a continuation line; blank ones would vanish, so none are written.
    return "\n".join(part for part in _ESCAPE.sub(r"\\\1", text).split("\n") if part.strip())


def write(maps: list[ArgMap]) -> str:
    if len(maps) == 1:
        title = maps[0].title
    else:
        title = " / ".join(m.title for m in maps)
    out = [f"Discussion Title: {title}", ""]
    numbers: dict[tuple[str, str], str] = {}
    child_count: dict[str, int] = {}
    visits = {m.id: list(m.walk()) for m in maps}
    for index, m in enumerate(maps, 1):
        for node, parent, *_ in visits[m.id]:
            if parent is None:
                numbers[(m.id, node.id)] = str(index)
                continue
            base = numbers[(m.id, parent.id)]
            child_count[base] = child_count.get(base, 0) + 1
            numbers[(m.id, node.id)] = f"{base}.{child_count[base]}"
    # "-> See" lines: a cross-link from A to B is claim A reused below B.
    refs: dict[str, list[tuple[str, str]]] = {}
    for m in maps:
        for node, *_ in visits[m.id]:
            for relation, links in ((SUPPORTS, node.supports), (ATTACKS, node.attacks)):
                for link in links:
                    map_id, node_id = split_link(link)
                    target = numbers.get((map_id or m.id, node_id))
                    if target is not None:
                        stance = "Pro" if relation == SUPPORTS else "Con"
                        refs.setdefault(target, []).append((stance, numbers[(m.id, node.id)]))
    for m in maps:
        open_claims: list[str] = []  # numbers whose subtree is being written
        for node, parent, *_ in visits[m.id]:
            number = numbers[(m.id, node.id)]
            while open_claims and not number.startswith(open_claims[-1] + "."):
                _close(open_claims.pop(), out, refs, child_count)
            text = _line_text(node.text)
            if parent is None:
                out.append(f"{number}. {text}")
            else:
                out.append(f"{number}. {'Pro' if node.kind is Kind.PREMISE else 'Con'}: {text}")
            open_claims.append(number)
        while open_claims:
            _close(open_claims.pop(), out, refs, child_count)
    return "\n".join(out) + "\n"


def _close(number: str, out: list[str], refs, child_count: dict[str, int]) -> None:
    """After a claim's subtree, the claims reused below it, numbered after its own children."""
    count = child_count.get(number, 0)
    for offset, (stance, target) in enumerate(refs.get(number, ()), 1):
        out.append(f"{number}.{count + offset}. {stance}: -> See {target}.")


FORMAT = register(
    Format("kialo", (".txt", ".kialo"), "Kialo discussion text export", read=read, write=write, sniff=sniff)
)
