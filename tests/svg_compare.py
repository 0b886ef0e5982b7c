"""Two SVG drawings compared: element by element, and as diagrams (boxes, lines, texts) for a readable failure.

Element by element: the same elements in the same order, the same attributes and text, numbers equal
to within a hundredth of a point (both sides write two decimals, and may round the last one apart).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from argmap.render.measure import read_svg

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Attributes holding coordinates or sizes: compared number by number.
GEOMETRY = {"x", "y", "cx", "cy", "rx", "ry", "points", "d", "viewBox", "transform", "width", "height"}
TOLERANCE = 0.0101
BOX_TOLERANCE = 0.05  # points: a box's corners, a line's ends


def _numbers(text: str) -> tuple[list[float], str]:
    return [float(n) for n in NUMBER.findall(text)], NUMBER.sub("#", text)


def _close(p: list[float], q: list[float], tolerance: float) -> bool:
    return len(p) == len(q) and all(abs(m - n) <= tolerance for m, n in zip(p, q, strict=True))


def differences(mine: bytes, theirs: bytes, limit: int = 20) -> list[str]:
    """What differs between two SVGs, as lines naming the element (empty when they are the same picture)."""
    a = list(ET.fromstring(mine).iter())
    b = list(ET.fromstring(theirs).iter())
    found: list[str] = []
    where = "svg"
    for x, y in zip(a, b, strict=False):
        if x.tag.endswith("title") and x.text:
            where = x.text
        if x.tag != y.tag:
            found.append(f"{where}: <{x.tag}> where Graphviz has <{y.tag}>")
            break
        if (x.text or "").strip() != (y.text or "").strip():
            found.append(f"{where}: {x.tag} text {x.text!r} != {y.text!r}")
        if set(x.attrib) != set(y.attrib):
            found.append(f"{where}: {x.tag} attributes {sorted(x.attrib)} != {sorted(y.attrib)}")
            continue
        for key, value in x.attrib.items():
            other = y.attrib[key]
            if value == other:
                continue
            if key in GEOMETRY:
                p, shape_p = _numbers(value)
                q, shape_q = _numbers(other)
                if shape_p == shape_q and _close(p, q, TOLERANCE):
                    continue
            found.append(f"{where}: {x.tag} {key}={value!r} != {other!r}")
        if len(found) >= limit:
            break
    if len(a) != len(b) and len(found) < limit:
        found.append(f"{len(a)} elements != Graphviz's {len(b)}")
    return found


def diagram_differences(mine: bytes, theirs: bytes) -> list[str]:
    """What differs between the two as diagrams: node boxes, line ends, texts with their ids, titles and links."""
    found: list[str] = []
    p, q = read_svg(mine), read_svg(theirs)
    if p.boxes.keys() != q.boxes.keys():
        found.append(f"boxes {sorted(p.boxes.keys() ^ q.boxes.keys())[:5]} drawn by one side only")
    for key in p.boxes.keys() & q.boxes.keys():
        if not _close(list(p.boxes[key]), list(q.boxes[key]), BOX_TOLERANCE):
            found.append(f"box {key}: {p.boxes[key]} != {q.boxes[key]}")
    ends = [sorted((t, h, e[0], e[-1]) for t, h, e in drawn.edges) for drawn in (p, q)]
    if [e[:2] for e in ends[0]] != [e[:2] for e in ends[1]]:
        found.append("the lines join different nodes")
    else:
        for (tail, head, *mine_ends), (_, _, *their_ends) in zip(*ends, strict=True):
            flat = [c for point in mine_ends for c in point], [c for point in their_ends for c in point]
            if not _close(*flat, BOX_TOLERANCE):
                found.append(f"line {tail}->{head} ends at {mine_ends}, Graphviz's at {their_ends}")
    texts = [_texts(svg) for svg in (mine, theirs)]
    if texts[0] != texts[1]:
        only_mine, only_theirs = sorted((texts[0] - texts[1]).elements()), sorted((texts[1] - texts[0]).elements())
        found.append(f"texts differ: {only_mine[:3]} where Graphviz has {only_theirs[:3]}")
    return found


def _texts(svg: bytes) -> Counter:
    """Each text, title, id, link and tooltip with its node, and each font, counted."""
    out: Counter = Counter()
    for element in ET.fromstring(svg).iter():
        tag = element.tag.rpartition("}")[2]
        if tag in ("text", "title") and element.text:
            out[(tag, element.text)] += 1
        for key, value in element.attrib.items():
            if key.rpartition("}")[2] in ("id", "href", "title", "font-family", "font-weight", "font-style", "fill"):
                out[(key, value)] += 1
    return out
