"""Measure a diagram as drawn: read Graphviz's SVG for node boxes and edge paths and count what hurts reading.

Three figures decide the layout (see docs/rendering.md): edges passing through a box they do not
connect (must be none), crossings between edges that share no node (per edge), and the size in
points of the smallest text once the page is scaled to fit a sheet of paper. A fourth, the length
that unrelated edges run side by side in one corridor, finds the "bundles" a reader cannot follow.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..vocab import Page
from .page import fit_scale, svg_size

SVG_NS = "{http://www.w3.org/2000/svg}"
STEPS = 12  # straight pieces per cubic Bézier piece: a curve's sagitta between samples stays under a point
CELL = 64.0  # points: the side of a bucket of the spatial index
TOLERANCE = 1.5  # points a line may graze a box's border (pen widths) before it counts as passing through
CORRIDOR = 3.0  # points apart: two parallel lines closer than this share a corridor
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_FONT = re.compile(r"font-size=\"([0-9.]+)\"")

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass
class Drawn:
    """The geometry of one SVG: node boxes by name, edges as polylines between named nodes."""

    boxes: dict[str, Box] = field(default_factory=dict)
    edges: list[tuple[str, str, list[Point]]] = field(default_factory=list)  # (tail, head, polyline)
    width: float = 0.0
    height: float = 0.0
    smallest_font: float = 0.0


@dataclass
class Measures:
    nodes: int
    edges: int
    through_boxes: list[tuple[str, str, str]]  # (tail, head, the box it passes through)
    crossings: int  # points where two edges that share no node cross
    most_crossings: int  # the most crossings any one edge takes part in
    shared: float  # points of length that unrelated edges run within CORRIDOR of each other
    text_pt: float  # the smallest text, in points, on the page the SVG was fitted to
    width: float
    height: float

    @property
    def crossings_per_edge(self) -> float:
        return self.crossings / self.edges if self.edges else 0.0

    def summary(self) -> str:
        return (
            f"{self.nodes} nodes, {self.edges} edges: {len(self.through_boxes)} through boxes, "
            f"{self.crossings_per_edge:.3f} crossings/edge (most {self.most_crossings}), "
            f"{self.shared:.0f} pt shared corridor, text {self.text_pt:.1f} pt"
        )


def _points(numbers: list[float]) -> list[Point]:
    return [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers) - 1, 2)]


def _bezier(points: list[Point]) -> list[Point]:
    """A Graphviz path (M then C with 3k points) sampled into a polyline."""
    if len(points) < 4:
        return points
    out = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
        if p0 == p1 and p2 == p3 or _collinear(p0, p1, p2, p3):
            out.append(p3)  # a straight piece: its ends say it all
            continue
        for step in range(1, STEPS + 1):
            t = step / STEPS
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def _collinear(*points: Point) -> bool:
    (x0, y0), (x3, y3) = points[0], points[-1]
    length = math.hypot(x3 - x0, y3 - y0)
    if length == 0:
        return False
    return all(abs((x3 - x0) * (y0 - y) - (x0 - x) * (y3 - y0)) / length < 0.01 for x, y in points[1:-1])


def _split_title(title: str, names: set[str]) -> tuple[str, str] | None:
    """'tail:port->head:port' into the two node names (names may hold '-' or '>' themselves)."""
    start = 0
    while (index := title.find("->", start)) >= 0:
        tail, head = _strip_port(title[:index], names), _strip_port(title[index + 2 :], names)
        if tail is not None and head is not None:
            return tail, head
        start = index + 1
    return None


def _strip_port(name: str, names: set[str]) -> str | None:
    if name in names:
        return name
    cut = name.rfind(":")
    while cut > 0:
        if name[:cut] in names:
            return name[:cut]
        cut = name.rfind(":", 0, cut)
    return None


def read_svg(svg: bytes | str) -> Drawn:
    """Node boxes and edge polylines of an SVG that Graphviz wrote."""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    root = ET.fromstring(data)
    drawn = Drawn()
    drawn.width, drawn.height = svg_size(data)
    fonts = [float(s) for s in _FONT.findall(data.decode("utf-8", "replace"))]
    drawn.smallest_font = min(fonts, default=14.0)
    edge_groups = []
    for group in root.iter(f"{SVG_NS}g"):
        kind = group.get("class")
        if kind not in ("node", "edge"):
            continue
        title = group.findtext(f"{SVG_NS}title") or ""
        if kind == "edge":
            edge_groups.append((title, group))
            continue
        xs: list[float] = []
        ys: list[float] = []
        for shape in group.iter():
            tag = shape.tag.removeprefix(SVG_NS)
            if tag == "polygon":
                numbers = [float(n) for n in _NUMBER.findall(shape.get("points", ""))]
            elif tag == "path":
                numbers = [float(n) for n in _NUMBER.findall(shape.get("d", ""))]
            elif tag == "ellipse":
                cx, cy, rx, ry = (float(shape.get(k, "0")) for k in ("cx", "cy", "rx", "ry"))
                numbers = [cx - rx, cy - ry, cx + rx, cy + ry]
            else:
                continue
            xs.extend(numbers[0::2])
            ys.extend(numbers[1::2])
        if xs:
            drawn.boxes[title] = (min(xs), min(ys), max(xs), max(ys))
    names = set(drawn.boxes)
    for title, group in edge_groups:
        ends = _split_title(title, names)
        if ends is None:
            continue
        for path in group.iter(f"{SVG_NS}path"):
            numbers = [float(n) for n in _NUMBER.findall(path.get("d", ""))]
            drawn.edges.append((ends[0], ends[1], _bezier(_points(numbers))))
    return drawn


def _cells(x0: float, y0: float, x1: float, y1: float) -> Iterable[tuple[int, int]]:
    for cx in range(math.floor(min(x0, x1) / CELL), math.floor(max(x0, x1) / CELL) + 1):
        for cy in range(math.floor(min(y0, y1) / CELL), math.floor(max(y0, y1) / CELL) + 1):
            yield cx, cy


def _segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """Does segment ab enter the box shrunk by TOLERANCE? (Liang–Barsky clipping.)"""
    x0, y0, x1, y1 = box[0] + TOLERANCE, box[1] + TOLERANCE, box[2] - TOLERANCE, box[3] - TOLERANCE
    if x0 >= x1 or y0 >= y1:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do segments ab and cd cross at a single point inside both?"""

    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2, d3, d4 = orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def _side_by_side(a: Point, b: Point, c: Point, d: Point) -> float:
    """Length over which two nearly parallel segments run within CORRIDOR of each other."""
    ux, uy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(ux, uy)
    other = math.hypot(d[0] - c[0], d[1] - c[1])
    if length < 1 or other < 1:
        return 0.0
    ux, uy = ux / length, uy / length
    if abs(ux * (d[1] - c[1]) - uy * (d[0] - c[0])) / other > 0.05:  # not parallel
        return 0.0
    if abs(-uy * (c[0] - a[0]) + ux * (c[1] - a[1])) > CORRIDOR:
        return 0.0
    s1 = ux * (c[0] - a[0]) + uy * (c[1] - a[1])
    s2 = ux * (d[0] - a[0]) + uy * (d[1] - a[1])
    return max(0.0, min(length, max(s1, s2)) - max(0.0, min(s1, s2)))


def measure(svg: bytes | str, page: Page = Page.A3) -> Measures:
    """The figures of one drawn diagram (see the module's docstring)."""
    drawn = read_svg(svg)
    box_cells: dict[tuple[int, int], list[str]] = {}
    for name, box in drawn.boxes.items():
        for cell in _cells(*box):
            box_cells.setdefault(cell, []).append(name)
    through: list[tuple[str, str, str]] = []
    segments: dict[tuple[int, int], list[tuple[int, Point, Point]]] = {}
    for index, (tail, head, line) in enumerate(drawn.edges):
        hit: set[str] = set()
        for a, b in zip(line, line[1:], strict=False):
            for cell in _cells(a[0], a[1], b[0], b[1]):
                segments.setdefault(cell, []).append((index, a, b))
                for name in box_cells.get(cell, ()):
                    if name not in (tail, head) and name not in hit and _segment_hits_box(a, b, drawn.boxes[name]):
                        hit.add(name)
        through.extend((tail, head, name) for name in sorted(hit))
    crossings: set[tuple[int, int, int, int]] = set()
    shared: dict[tuple[int, int, Point, Point, Point, Point], float] = {}
    for bucket in segments.values():
        for i, (e1, a, b) in enumerate(bucket):
            for e2, c, d in bucket[i + 1 :]:
                if e1 == e2 or set(drawn.edges[e1][:2]) & set(drawn.edges[e2][:2]):
                    continue  # edges that meet at a node may touch there
                pair = (min(e1, e2), max(e1, e2))
                if _cross(a, b, c, d):
                    crossings.add(
                        (*pair, round((a[0] + b[0] + c[0] + d[0]) / 4), round((a[1] + b[1] + c[1] + d[1]) / 4))
                    )
                else:
                    along = _side_by_side(a, b, c, d)
                    if along:
                        shared[(*pair, a, b, c, d)] = along
    per_edge: dict[int, int] = {}
    for e1, e2, *_ in crossings:
        per_edge[e1] = per_edge.get(e1, 0) + 1
        per_edge[e2] = per_edge.get(e2, 0) + 1
    return Measures(
        nodes=len(drawn.boxes),
        edges=len(drawn.edges),
        through_boxes=through,
        crossings=len(crossings),
        most_crossings=max(per_edge.values(), default=0),
        shared=sum(shared.values()),
        text_pt=drawn.smallest_font * fit_scale(drawn.width, drawn.height, page) if page is not Page.NONE else 0.0,
        width=drawn.width,
        height=drawn.height,
    )
