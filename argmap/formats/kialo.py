"""Kialo's text export, both variants as Kialo writes them, both ways.

    Discussion Title: Should hate speech be illegal?          (the older variant)

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to ban them.
    1.1.1. Pro: -> See 1.2.

The newer variant starts `Discussion Name:` with the title on the next line, labels the root
`1. Thesis:` (or `1. Question:`, with the theses below as `1.1. Thesis:`), puts each claim's text on
the lines below its indented number, ends lines with CRLF, and closes with a `Sources:` footer. Pro
and con are relative to the parent claim; the two sides are counted along the path from the thesis
(a con of a con is for the thesis). `-> See N.` reuses claim N there (earlier or later in the file):
a cross-link. A question discussion becomes one map per thesis: each map's title is the discussion's,
its description the question, its claim the thesis. Kialo escapes markup with a backslash (`\\(`),
which is read away and written back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import slug
from ..model import ArgMap, Kind, split_link
from . import MAX_STATEMENTS, Format, Imported, format_error, register
from ._graph import ATTACKS, SUPPORTS, Graph, Inference, MapInfo, Statement, build

_HEADER = re.compile(r"Discussion (Title|Name):[ \t]*")
# A numbered line: its number, then an optional label. Digits are counted before any is converted.
_NUMBER = re.compile(r"[ \t]*((?:[0-9]+\.)+)(?=[ \t]|$)")
_LABEL = re.compile(r"[ \t]*(Pro|Con|Thesis|Question):(?=[ \t]|$)")
_SEE = re.compile(r"->[ \t]*See[ \t]+((?:[0-9]+\.)*[0-9]+)\.?[ \t]*$")
_SEE_OTHER = re.compile(r"->[ \t]*See discussion #")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPE = re.compile(r"([\\()\[\]*_])")
_FOOTER_ENTRY = re.compile(r"\[[0-9]+\]")
PRO, CON = "pro", "con"
SIDES = {PRO: {"name": "For the thesis"}, CON: {"name": "Against the thesis"}}
# A number part longer than this is no claim of a discussion a person can read (and int() has limits).
MAX_NUMBER_DIGITS = 9


@dataclass(slots=True)
class _Claim:
    number: str
    label: str | None
    lines: list[str]
    line: int
    column: int


def read(text: str, name: str) -> Imported:
    lines = text.removeprefix("\ufeff").split("\n")
    title, start = _title(lines, name)
    claims, footer = _claims(lines, start, name)
    graph = Graph(sides=dict(SIDES))
    if footer:
        graph.losses["entries of the Sources footer not kept"] += footer
    side_of: dict[str, str] = {}
    children: dict[str, int] = {}
    sees: list[tuple[_Claim, str]] = []
    question: _Claim | None = None
    theses: list[str] = []
    for claim in claims:
        number, label = claim.number, claim.label
        parent, _, last = number.rpartition(".")
        expected = children.get(parent, 0) + 1
        if parent and parent not in side_of and (question is None or parent != question.number):
            raise format_error(f"claim {number}. has no parent claim {parent}.", name, claim.line, claim.column)
        if int(last) != expected:
            missing = f"{parent}.{expected}" if parent else str(expected)
            raise format_error(
                f"numbering gap: claim {number}. where {missing}. was expected", name, claim.line, claim.column
            )
        children[parent] = expected
        body = _body(claim)
        if label == "Question":
            if parent or claims[0] is not claim:
                raise format_error("only the first claim, 1., can be the question", name, claim.line, claim.column)
            question = claim
            continue
        is_thesis = not parent or (question is not None and parent == question.number)
        if is_thesis:
            if label in ("Pro", "Con"):
                raise format_error(f"the thesis {number}. cannot be a {label}", name, claim.line, claim.column)
            side_of[number] = PRO
            theses.append(number)
        else:
            if label not in ("Pro", "Con"):
                where = claim.column + len(number) + 1
                raise format_error(f"claim {number}. needs 'Pro:' or 'Con:'", name, claim.line, where)
            same = label == "Pro"
            side_of[number] = side_of[parent] if same else (CON if side_of[parent] == PRO else PRO)
            see = _SEE.match(body)
            if see:
                sees.append((claim, see.group(1)))
                continue
            if _SEE_OTHER.match(body):
                graph.losses["links to other Kialo discussions ('-> See discussion #...') not kept"] += 1
                continue
        if not body:
            graph.losses["claims with no text given '(no text)'"] += 1
            body = "(no text)"
        graph.statements[number] = Statement(number, _UNESCAPE.sub(r"\1", body), side=side_of[number])
        if not is_thesis:
            relation = SUPPORTS if label == "Pro" else ATTACKS
            graph.inferences.append(Inference(number, [number], parent, relation))
    order = {number: index for index, number in enumerate(side_of)}
    # A claim's cross-links follow the order of the claims they reach, wherever the `-> See` lines stand.
    sees.sort(key=lambda see: order[see[0].number.rpartition(".")[0]])
    for claim, target in sees:
        if target not in graph.statements:
            raise format_error(
                f"claim {claim.number}. refers to claim {target}., which is not in the file",
                name,
                claim.line,
                claim.column,
            )
        relation = SUPPORTS if claim.label == "Pro" else ATTACKS
        graph.inferences.append(
            Inference(claim.number, [target], claim.number.rpartition(".")[0], relation, tree=False)
        )
    see_numbers = {claim.number for claim, _ in sees}
    for number in side_of:
        parent = number.rpartition(".")[0]
        if parent in see_numbers:
            raise format_error(f"claim {parent}. is a '-> See' reference and cannot have claims below it", name)
    if not theses:
        raise format_error("no thesis (a claim numbered '1.')", name, claims[0].line if claims else 1, 1)
    if question is None:
        graph.maps.append(MapInfo(theses[0], slug(title) or "kialo", title))
    else:
        asked = _UNESCAPE.sub(r"\1", _body(question)) or None
        for thesis in theses:
            text = graph.statements[thesis].text
            graph.maps.append(MapInfo(thesis, slug(text) or "thesis", title, asked))
    return Imported(build(graph), graph.losses)


def _title(lines: list[str], name: str) -> tuple[str, int]:
    """The discussion's title (on its header line or the next one) and the index of the line after it."""
    for index, line in enumerate(lines):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        match = _HEADER.match(line.strip())
        if match is None:
            expected = "expected 'Discussion Title:' or 'Discussion Name:'"
            raise format_error(f"not a Kialo export: {expected}", name, index + 1, 1)
        title = line.strip()[match.end() :].strip()
        if title:
            return title, index + 1
        for after in range(index + 1, len(lines)):
            candidate = lines[after].strip()
            if candidate and _NUMBER.match(candidate):
                break
            if candidate:
                return candidate, after + 1
        raise format_error("the discussion has no title", name, index + 1, 1)
    raise format_error("empty file", name, 1, 1)


def _claims(lines: list[str], start: int, name: str) -> tuple[list[_Claim], int]:
    """The numbered claims with their text lines, and the number of entries in the Sources footer."""
    claims: list[_Claim] = []
    for index in range(start, len(lines)):
        line = lines[index].rstrip("\r")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "Sources:" and line.startswith("S"):
            footer = sum(1 for rest in lines[index + 1 :] if _FOOTER_ENTRY.match(rest.strip()))
            return claims, footer
        match = _NUMBER.match(line)
        if match is None:
            if not claims:
                raise format_error("text before the first numbered claim", name, index + 1, 1)
            claims[-1].lines.append(stripped)
            continue
        number = match.group(1)
        column = len(line) - len(line.lstrip(" \t")) + 1
        if len(claims) >= MAX_STATEMENTS:
            raise format_error(f"more than {MAX_STATEMENTS:,} claims", name, index + 1, column)
        if any(len(part) > MAX_NUMBER_DIGITS for part in number.split(".")):
            raise format_error(
                f"claim number longer than {MAX_NUMBER_DIGITS} digits in one part", name, index + 1, column
            )
        rest = line[match.end() :]
        label = _LABEL.match(rest)
        if label is not None:
            rest = rest[label.end() :]
        claims.append(_Claim(number.rstrip("."), label.group(1) if label else None, [rest.strip()], index + 1, column))
    return claims, 0


def _body(claim: _Claim) -> str:
    return "\n".join(part for part in claim.lines if part).strip()


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff").lstrip()
    return _HEADER.match(head[:40]) is not None


# ---------------------------------------------------------------- writing


def _line_text(text: str) -> str:
    # A line that would read as a number, a reference or the footer gets its first mark escaped.
    parts = []
    for part in _ESCAPE.sub(r"\\\1", text).split("\n"):
        part = part.strip()
        if not part:
            continue  # a blank line ends nothing in Kialo's text; none is written
        match = re.match(r"^([0-9]+)\.", part)
        if match:
            part = f"{match.group(1)}\\.{part[match.end() :]}"
        elif part.startswith("->"):
            part = "\\" + part
        elif part == "Sources:":
            part = "Sources\\:"
        parts.append(part)
    return "\n".join(parts)


def write(maps: list[ArgMap]) -> str:
    """One map: a single-thesis discussion. Several: a question discussion, one thesis per map."""
    titles = list(dict.fromkeys(m.title for m in maps))
    title = titles[0] if len(titles) == 1 else " / ".join(titles)
    out = [f"Discussion Title: {title}", ""]
    numbers: dict[tuple[str, str], str] = {}
    child_count: dict[str, int] = {}
    visits = {m.id: list(m.walk()) for m in maps}
    questioned = len(maps) > 1
    if questioned:
        descriptions = list(dict.fromkeys(m.description for m in maps))
        asked = descriptions[0] if len(descriptions) == 1 and descriptions[0] else title
        out.append(f"1. Question: {_line_text(asked)}")
        child_count["1"] = len(maps)
    for index, m in enumerate(maps, 1):
        for node, parent, *_ in visits[m.id]:
            if parent is None:
                numbers[(m.id, node.id)] = f"1.{index}" if questioned else str(index)
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
                out.append(f"{number}. {'Thesis: ' if questioned else ''}{text}")
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
