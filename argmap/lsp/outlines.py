"""An outline file in the editor: what lies under the cursor, read from where each line's parts came from.

The outline is read into a map (`formats.outline`), which remembers the line and column each JSON
pointer came from; the cursor's place is the pointer placed last before it on its line.
"""

from __future__ import annotations

import re

from .live import Outline
from .targets import NODE_POINTER, Place, Target, node_at

# A value's word: a link, an id, a side (the parentheses and commas around it left out).
_WORD = re.compile(r"[^\s,()\[\]]+")
_LINKS_LINE = re.compile(r"^\s*(supports|attacks):")
_SIDE = re.compile(r"^\s*[*+-](?: +\[[^\]]*\])? +\(([^)\s]*)")


def _line_and_column(text: str, offset: int) -> tuple[int, int, int]:
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, start) + 1, offset - start + 1, start


def _word(text: str, offset: int) -> tuple[int, int]:
    """The word the offset is in or just after (an empty range where there is none)."""
    for match in _WORD.finditer(text, max(0, text.rfind("\n", 0, offset) + 1)):
        if match.start() <= offset <= match.end():
            return match.span()
        if match.start() > offset:
            break
    return offset, offset


def target(outline: Outline, offset: int) -> Target | None:
    """What lies at `offset` of an outline: a node, a link, a side, a source or a quote."""
    m, parsed, text = outline.file.map, outline.places, outline.text
    if m is None or parsed is None:
        return None
    line, column, _ = _line_and_column(text, offset)
    best: tuple[int, str] | None = None
    for ptr, (at_line, at_column) in parsed.places.items():
        if at_line == line and at_column <= column and (best is None or at_column > best[0]):
            best = (at_column, ptr)
    if best is None:
        return None
    ptr = best[1]
    span = _word(text, offset)
    parts = ptr.split("/")
    if parts[1] in ("sides", "sources") and len(parts) >= 3:
        return Target("side" if parts[1] == "sides" else "source", m.id, parts[2], span)
    match = NODE_POINTER.match(ptr)
    node = node_at(m, match[1]) if match else None
    if match is None or node is None:
        return None
    rest = match[2]
    if rest == "/side":
        return Target("side", m.id, node.side, span, node.id)
    if rest == "/quote/source" and node.quote is not None:
        return Target("source", m.id, node.quote.source, span, node.id)
    if rest == "/quote/text":
        return Target("quote", m.id, node.id, span, node.id)
    if re.fullmatch(r"/(supports|attacks)/\d+", rest):
        word = text[span[0] : span[1]]
        return Target("link", m.id, word, span, node.id) if word in (*node.supports, *node.attacks) else None
    return Target("node", m.id, node.id, span, node.id)


def node_place(outline: Outline, node_id: str) -> Place | None:
    """Where a node of the outline's own map is written: its [id], or its line's sign."""
    m, parsed = outline.file.map, outline.places
    visit = m.find(node_id) if m is not None else None
    if visit is None or parsed is None:
        return None
    line, column = parsed.place(f"{visit.pointer}/id")
    starts = [0] + [i + 1 for i, c in enumerate(outline.text) if c == "\n"]
    offset = starts[line - 1] + column - 1
    # An id made from the text is written nowhere: then the node's sign stands for it.
    end = offset + len(node_id) if outline.text.startswith(node_id, offset) else offset + 1
    return Place(outline.file.path, offset, end)


def context(outline: Outline, offset: int) -> tuple[str, tuple[int, int]] | None:
    """What a completion at `offset` would fill in: "link" after `supports:`/`attacks:`, "side" in (...)."""
    text = outline.text
    _, _, start = _line_and_column(text, offset)
    line = text[start:offset]
    links = _LINKS_LINE.match(line)
    if links:
        return "link", _word(text, offset)
    side = _SIDE.match(line)
    if side and side.end() == len(line):
        return "side", _word(text, offset)
    return None
