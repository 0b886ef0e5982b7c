"""Place a diagram's boxes and route its edges: an outline tree in columns, split into pages by branch.

Each node sits on a row of its own, indented one step under what it answers; a node's answers hang
from short vertical trunks at its left edge, one trunk per kind of line (supports, attacks, links to
other maps), and each answer is reached by a horizontal stub into its side. No box shares a row with
another box of its column, and a trunk runs only past its own node's answers, so no edge can pass
through a box and the edges of a tree never cross. The page's top node spreads its answers over
columns to fill the paper; a line that is not part of the tree (a cross-link) leaves its node to the
right, runs down a lane of its own in the gutter beside the column and along a channel under the
columns. A map that cannot be read on one page at the smallest text size is cut by branch: a cut
answer becomes a reference box naming the page it continues on, and that page opens with a box
naming where it came from. Linear in the number of nodes; no recursion that a deep tree can exhaust.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

INDENT = 36.0  # points an answer sits to the right of what it answers
GAP = 10.0  # points between rows
TRUNK = 8.0  # the first trunk's distance from its node's left edge
TRUNK_GAP = 9.0  # between the trunks of one node
BUS_GAP = 7.0  # between the buses that carry a page root's trunks to its other columns
LANE_GAP = 6.0  # between cross-link lanes, and between channels
GUTTER = 14.0  # clear space on each side of a gutter's lanes
PORT = 14.0  # how far below a box's top edge lines reach it (the header row), at most half its height
MARGIN = 8.0  # around the drawing
SHARE_LOOKAHEAD = 24  # queued tasks tried for a place on a page with room to spare


class Item(Protocol):
    """What the layout needs of a node: its size, its answers in drawing order, and its trunk."""

    key: str
    w: float
    h: float
    children: list
    group: int  # trunk of the line to its parent (0..3), ascending through a node's children


# The layout hands back the very items (and link payloads) it was given, so its results carry their type.
T = TypeVar("T", bound=Item)
E = TypeVar("E")


@dataclass
class Capacity:
    """The drawing area of a page, in drawing points (the page's printable area over the print scale)."""

    width: float
    height: float
    top: float = 0.0  # reserved above (the title)
    bottom: float = 0.0  # reserved below (the legend)
    ref_height: float = 50.0  # the tallest reference box
    ref_width: float = 220.0


@dataclass
class Cut(Generic[T]):
    """Answers of `parent` that continue on another page: each named by a reference box, or the rest by one box."""

    parent: T
    singles: list[T] = field(default_factory=list)
    group: list[T] = field(default_factory=list)


@dataclass
class Task(Generic[T]):
    """One page to lay out: `root` and the answers of it to draw (None: all), under a box naming where it came from."""

    root: T
    subset: list[T] | None = None
    header: T | None = None  # the box saying where this page came from
    number: int = 0


@dataclass
class Plan:
    kids: dict[str, list] = field(default_factory=dict)  # node key -> answers drawn on this page (default: all)
    columns: list[list] = field(default_factory=list)  # the root's answers, column by column
    cuts: list[Cut] = field(default_factory=list)
    count: int = 0  # nodes drawn


@dataclass
class Page(Generic[T, E]):
    """One laid-out page: boxes (x, y, w, h; y down), tree lines parent -> child, cross-link lines, size."""

    number: int
    items: list[T] = field(default_factory=list)
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    tree: list[tuple[T, T, list[tuple[float, float]]]] = field(default_factory=list)
    links: list[tuple[str, str, list[tuple[float, float]], E]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    bottom: float = 0.0  # where the content ends: the legend goes below
    task: Task[T] | None = None
    plan: Plan | None = None


def _kids(item: Item, plan: Plan) -> list:
    return plan.kids.get(item.key, item.children)


class Sizes:
    """Height and width of each node's whole subtree laid out as an outline (computed once, bottom-up)."""

    def __init__(self, roots: Sequence[Item]) -> None:
        self.height: dict[str, float] = {}
        self.width: dict[str, float] = {}
        self.count: dict[str, int] = {}
        order: list[Item] = []
        stack = list(roots)
        while stack:
            item = stack.pop()
            order.append(item)
            stack.extend(item.children)
        for item in reversed(order):  # children before their parents
            self.height[item.key] = item.h + GAP + sum(self.height[c.key] for c in item.children)
            self.width[item.key] = max(
                [item.w, *(INDENT + self.width[c.key] for c in item.children)] if item.children else [item.w]
            )
            self.count[item.key] = 1 + sum(self.count[c.key] for c in item.children)


class _Packer:
    """Decides what of a task fits on one page: whole branches where they fit, else a branch split, else references."""

    def __init__(self, sizes: Sizes, cap: Capacity, column_room: float) -> None:
        self.sizes = sizes
        self.cap = cap
        self.column_room = column_room  # the height of an empty column on a fresh page
        self.plan = Plan()
        self.ref_row = cap.ref_height + GAP

    def _split(self, child: Item, room: float, width: float) -> tuple[float, float] | None:
        """Start a branch too big for a column here and cut inside it; None (nothing kept) if under two nodes fit."""
        plan = self.plan
        cuts, count = len(plan.cuts), plan.count  # partial() only adds cuts and counts: undone by these
        got = self.partial(child, room, width)
        if got is not None and plan.count - count > 1:
            return got
        del plan.cuts[cuts:]
        plan.count = count
        return None

    def partial(self, item: Item, room: float, width: float) -> tuple[float, float] | None:
        """Place `item` and as many of its answers as fit in `room` x `width`; (height, width) used, or None."""
        sizes, plan = self.sizes, self.plan
        children = item.children
        if item.w > width or item.h + GAP + (self.ref_row if children else 0.0) > room:
            return None
        plan.count += 1
        used, wide = item.h + GAP, item.w
        cut = Cut(item)
        for index, child in enumerate(children):
            rest = self.ref_row if index + 1 < len(children) else 0.0
            left = room - used - rest
            height, extent = sizes.height[child.key], INDENT + sizes.width[child.key]
            if height <= left and extent <= width:
                used, wide = used + height, max(wide, extent)
                plan.count += sizes.count[child.key]
                continue
            if height > self.column_room or extent > width:
                got = self._split(child, left, width - INDENT)
                if got is not None:
                    used, wide = used + got[0], max(wide, INDENT + got[1])
                    continue
            if self.ref_row <= left:
                cut.singles.append(child)
            else:
                cut.group.extend(children[index:])
            used, wide = used + self.ref_row, max(wide, INDENT + self.cap.ref_width)
            if cut.group:
                break
        if cut.singles or cut.group:
            plan.cuts.append(cut)
        return used, wide


def _shareable(task: Task) -> bool:
    """Whether a task's branch can hang under its opening box on a page others share.

    Not one whose root is invisible (an overview's root, continued): under a shared page's own
    invisible root it would be drawn as a box.
    """
    return task.header is not None and bool(task.root.w or task.root.h)


def _column_room(cap: Capacity, top: float) -> float:
    return cap.height - cap.top - cap.bottom - top - 2 * MARGIN - GAP


def _top(task: Task) -> float:
    """Height above the root's columns: the header, the root, the buses."""
    return (task.header.h + GAP if task.header else 0.0) + task.root.h + GAP + 4 * BUS_GAP


def _pack(task: Task, sizes: Sizes, cap: Capacity, target: float | None = None) -> tuple[Plan, float, float]:
    """The root's answers packed into columns no taller than `target` (default: the page's room).

    Returns the plan and the columns' width and height.
    """
    root = task.root
    children = task.subset if task.subset is not None else root.children
    room = _column_room(cap, _top(task))
    height = min(room, target) if target else room
    packer = _Packer(sizes, cap, room)
    plan = packer.plan
    plan.count = 1
    width_left = cap.width - 2 * MARGIN - (INDENT if task.header else 0.0) - INDENT
    columns: list[list] = [[]]
    used, wide, spent = 0.0, 0.0, 0.0  # height and width of the current column; width of those before it
    cut = Cut(root)

    def new_column() -> bool:
        nonlocal used, wide, spent
        if not columns[-1]:
            return True
        if spent + wide + 2 * GUTTER + INDENT + packer.cap.ref_width > width_left:
            return False
        spent += wide + 2 * GUTTER + INDENT
        columns.append([])
        used, wide = 0.0, 0.0
        return True

    for index, child in enumerate(children):
        rest = packer.ref_row if index + 1 < len(children) else 0.0
        ch, cw = sizes.height[child.key], sizes.width[child.key]
        placed = False
        for fresh in (False, True):
            if fresh and (not columns[-1] or not new_column()):
                break
            if used + ch + rest <= height and spent + max(wide, cw) <= width_left:
                used, wide = used + ch, max(wide, cw)
                plan.count += sizes.count[child.key]
                placed = True
            elif ch + rest > room or cw > width_left - spent:
                got = packer._split(child, height - used - rest, width_left - spent)
                if got is not None:
                    used, wide = used + got[0], max(wide, got[1])
                    placed = True
            if placed:
                break
        if not placed:
            if used + packer.ref_row + rest <= height or (not columns[-1] and rest == 0):
                cut.singles.append(child)
            elif new_column() and packer.ref_row + rest <= height:
                cut.singles.append(child)
            else:
                cut.group.extend(children[index:])
            used, wide = used + packer.ref_row, max(wide, packer.cap.ref_width)
        columns[-1].append(child)
        if cut.group:
            columns[-1].extend(children[index + 1 :])
            break
    if cut.singles or cut.group:
        plan.cuts.append(cut)
    plan.columns = [c for c in columns if c]
    if task.subset is not None:
        plan.kids[root.key] = list(children)
    return plan, spent + wide, max(used, 0.0)


def _scale(width: float, height: float, cap: Capacity) -> float:
    """How much the drawing must shrink to fit the page's drawing area (1: not at all)."""
    across = (cap.width - 2 * MARGIN) / max(width, 1.0)
    down = (cap.height - cap.top - cap.bottom - 2 * MARGIN) / max(height, 1.0)
    return min(1.0, across, down)


class Layout(Generic[T]):
    """Lays out a tree of items on pages of the given capacities (portrait, landscape: the better is used)."""

    def __init__(
        self,
        top: T,
        capacities: Sequence[Capacity],
        make_ref: Callable[[T, T, Task[T]], T],
        make_header: Callable[[T, Task[T], int], T],
        make_more: Callable[[T, list[T], Task[T]], T],
        make_top: Callable[[int], T] | None = None,
        paged: bool = True,
        later: Sequence[Capacity] | None = None,
        balance: bool = True,
    ) -> None:
        self.top = top
        self.capacities = list(capacities)
        self.later = list(later or capacities)  # the pages after the first (no legend)
        # (parent, cut child, the task it continues in) -> the reference box under parent; the task's page
        # number is known only once it is laid out, so the box's words are finished by the caller.
        self.make_ref = make_ref
        self.make_header = make_header  # (parent, task, from page) -> the box that opens the task's page
        self.make_more = make_more  # (parent, cut children, task) -> one reference standing for them all
        self.make_top = make_top  # (page) -> an invisible root under which small tasks share a page
        self.paged = paged
        self.balance = balance  # try column heights for the largest text (costly on thousands of pages)
        self.sizes = Sizes([top])
        self.blocked: set[int] = set()  # tasks whose block size _block has set

    def pages(self) -> list[tuple[Task[T], Plan, Capacity]]:
        """Every page, in order: the first holds the top; each cut adds pages after those already promised.

        A page whose task fits with room to spare takes in the tasks queued after it while they fit
        whole, each under its own opening box: small branches share a sheet.
        """
        queue: deque[Task[T]] = deque([Task(self.top)])
        done: list[tuple[Task[T], Plan, Capacity]] = []
        while queue:
            task = queue.popleft()
            task.number = len(done) + 1
            plan, cap = self._best(task)
            if not plan.cuts and _shareable(task) and self.make_top is not None and self.paged:
                task, plan, cap = self._share(task, plan, cap, queue)
            for cut in plan.cuts:
                self._commit(task, plan, cut, queue)
            done.append((task, plan, cap))
        return done

    def _share(
        self, task: Task[T], plan: Plan, cap: Capacity, queue: deque[Task[T]]
    ) -> tuple[Task[T], Plan, Capacity]:
        """The task and those queued after it that fit on its page whole, under an invisible root."""
        group = [task]
        assert self.make_top is not None and task.header is not None  # pages() shares only such a task's page
        # First fit over the next tasks queued: page numbers are given as pages are laid out, so a
        # task may join an earlier page than the one its place in the queue would have given it.
        self._block(task)
        shelf = _Shelf(self.later, [self.sizes.height[task.header.key]], [self.sizes.width[task.header.key]])
        index = 0
        while index < min(len(queue), SHARE_LOOKAHEAD):
            candidate = queue[index]
            header = candidate.header
            if header is None or not _shareable(candidate) or candidate.root.key in {t.root.key for t in group}:
                index += 1
                continue
            self._block(candidate)
            if not shelf.add(self.sizes.height[header.key], self.sizes.width[header.key]):
                index += 1
                continue
            group.append(candidate)
            del queue[index]
        if len(group) == 1:
            return task, plan, cap
        while True:
            top = self.make_top(task.number)
            top.children = [t.header for t in group]
            shared = Task(top, number=task.number)
            found, found_cap = self._best(shared)
            if not found.cuts or len(group) == 1:
                break
            queue.appendleft(group.pop())  # the shelf was too hopeful: the last one waits for a later page
        if len(group) == 1:
            return task, plan, cap
        plan, cap = found, found_cap
        for member in group:
            member.number = task.number
            if member.subset is not None:
                plan.kids[member.root.key] = list(member.subset)
        return shared, plan, cap

    def _block(self, task: Task) -> None:
        """The size of a task's page content hung under its opening box, as one branch."""
        if id(task) in self.blocked:
            return
        self.blocked.add(id(task))
        header, root = task.header, task.root
        assert header is not None
        header.children = [root]
        sizes = self.sizes
        kids = task.subset if task.subset is not None else root.children
        height = root.h + GAP + sum(sizes.height[c.key] for c in kids)
        width = max([root.w, *(INDENT + sizes.width[c.key] for c in kids)])
        count = 1 + sum(sizes.count[c.key] for c in kids)
        sizes.height[header.key] = header.h + GAP + height
        sizes.width[header.key] = max(header.w, INDENT + width)
        sizes.count[header.key] = 1 + count

    def _best(self, task: Task) -> tuple[Plan, Capacity]:
        """The capacity (page orientation) and column height under which the page holds most, and reads largest."""
        best: tuple[tuple[int, float, int], Plan, Capacity] | None = None
        caps = self.capacities if task.number == 1 else self.later
        for cap in caps if self.paged else [Capacity(1e9, 1e9)]:
            plan, width, height = _pack(task, self.sizes, cap)
            if not plan.cuts and (self.balance or task.number == 1):
                plan, width, height = self._balanced(task, cap, plan, width, height)
            score = (plan.count, self._score(cap, width, height + _top(task)), -len(plan.columns))
            if best is None or score > best[0]:
                best = (score, plan, cap)
        assert best is not None
        return best[1], best[2]

    def _balanced(
        self, task: Task, cap: Capacity, plan: Plan, width: float, height: float
    ) -> tuple[Plan, float, float]:
        """When everything fits, the column height whose drawing reads largest (unpaged: is nearest a sheet's shape)."""
        children = task.subset if task.subset is not None else task.root.children
        if len(children) < 2:
            return plan, width, height
        total = sum(self.sizes.height[c.key] for c in children)
        tallest = max(self.sizes.height[c.key] for c in children)
        top = _top(task)
        best = (self._score(cap, width, height + top), plan, width, height)
        for k in range(2, min(len(children), 12) + 1):
            target = max(tallest, total / k)
            for _ in range(12):
                candidate, w, h = _pack(task, self.sizes, cap, target)
                if not candidate.cuts and len(candidate.columns) <= k:
                    score = self._score(cap, w, h + top)
                    if score > best[0] + 1e-6:
                        best = (score, candidate, w, h)
                    break
                target *= 1.06
        return best[1], best[2], best[3]

    def _score(self, cap: Capacity, width: float, height: float) -> float:
        if self.paged:
            return _scale(width, height, cap)
        # Unpaged: the shape nearest a sheet of paper turned either way.
        ratio = (width + 2 * MARGIN) / max(height + 2 * MARGIN, 1.0)
        return -min(abs(ratio - 1.414), abs(1 / max(ratio, 1e-6) - 1.414))

    def _commit(self, task: Task[T], plan: Plan, cut: Cut[T], queue: deque[Task[T]]) -> None:
        """Replace a cut's answers by reference boxes and queue the tasks they continue in."""
        parent = cut.parent
        room = _column_room(self.capacities[0], 0.0)
        # A box wider than any page's column cannot share one under its parent: queued there again, it
        # would be cut again, for ever. Alone, it is a page's top, which is placed whatever its width.
        wide = max(c.width for c in self.later) - 2 * MARGIN - 2 * INDENT
        cut_ids = {id(c) for c in cut.singles + cut.group}
        alone = [c for c in cut.singles if self.sizes.height[c.key] > room or c.w > wide]
        together = [c for c in cut.singles + cut.group if c not in alone]
        refs: dict[int, T] = {}
        if together:
            rest = Task(parent, together, self.make_header(parent, Task(parent, together), task.number))
            queue.append(rest)
            for child in cut.singles:
                if child not in alone:
                    refs[id(child)] = self.make_ref(parent, child, rest)
            if cut.group:
                refs[id(cut.group[0])] = self.make_more(parent, cut.group, rest)
        for child in alone:
            branch = Task(child, None, self.make_header(parent, Task(child), task.number))
            queue.append(branch)
            refs[id(child)] = self.make_ref(parent, child, branch)

        def swap(items: list) -> list:
            return [refs[id(c)] if id(c) in refs else c for c in items if id(c) in refs or id(c) not in cut_ids]

        if parent is task.root:
            plan.columns = [swap(column) for column in plan.columns]
            plan.kids[parent.key] = [c for column in plan.columns for c in column]
        else:
            plan.kids[parent.key] = swap(plan.kids.get(parent.key, parent.children))


class _Shelf:
    """Whole branches side by side in columns, as _pack places them: does one more fit on the page?"""

    def __init__(self, caps: Sequence[Capacity], heights: list[float], widths: list[float]) -> None:
        self.caps = caps
        self.heights, self.widths = heights, widths

    def add(self, height: float, width: float) -> bool:
        for cap in self.caps:
            if self._fits(cap, [*self.heights, height], [*self.widths, width]):
                self.heights.append(height)
                self.widths.append(width)
                return True
        return False

    @staticmethod
    def _fits(cap: Capacity, heights: list[float], widths: list[float]) -> bool:
        room = _column_room(cap, GAP + 4 * BUS_GAP) - cap.ref_height - GAP  # _pack keeps a reference's row free
        limit = cap.width - 2 * MARGIN - INDENT
        used = wide = spent = 0.0
        for height, width in zip(heights, widths, strict=True):
            if height > room:
                return False
            if used and used + height > room:
                spent += wide + 2 * GUTTER + INDENT
                used = wide = 0.0
            used, wide = used + height, max(wide, width)
            if spent + wide > limit:
                return False
        return True


def place(task: Task[T], plan: Plan, links: Sequence[tuple[str, str, E]] = ()) -> Page[T, E]:
    """Coordinates for a packed page: header, root, the root's answers in columns, trunks, buses, lanes."""
    page: Page[T, E] = Page(task.number, task=task, plan=plan)
    boxes = page.boxes
    x0, y = MARGIN, MARGIN
    parents: dict[str, T] = {}
    if task.header is not None:
        header = task.header
        boxes[header.key] = (x0, y, header.w, header.h)
        page.items.append(header)
        y += header.h + GAP
        x0 += INDENT
        parents[task.root.key] = header
    root = task.root
    if root.w or root.h:
        boxes[root.key] = (x0, y, root.w, root.h)
        page.items.append(root)
    y += root.h + GAP
    columns = plan.columns
    groups = sorted({c.group for column in columns for c in column})
    bus_top = y
    if len(columns) > 1:
        y += len(groups) * BUS_GAP
    column_x = x0 + INDENT
    column_of: dict[str, int] = {}
    extents: list[tuple[float, float, float]] = []  # each column: left, right, bottom
    for number, column in enumerate(columns):
        right, cy = column_x, y
        stack = [(c, column_x) for c in reversed(column)]
        for c in column:
            parents[c.key] = root
        while stack:
            item, x = stack.pop()
            boxes[item.key] = (x, cy, item.w, item.h)
            page.items.append(item)
            column_of[item.key] = number
            right = max(right, x + item.w)
            cy += item.h + GAP
            kids = _kids(item, plan)
            for child in reversed(kids):
                parents[child.key] = item
                stack.append((child, x + INDENT))
        extents.append((column_x, right, cy))
        column_x = right + 2 * GUTTER + INDENT
    # Tree lines: from the parent's bottom, down its trunk, across into the answer's side.
    trunks: dict[str, list[int]] = {root.key: groups}  # a parent's trunks, by the groups of its answers
    for item in page.items:
        parent = parents.get(item.key)
        if parent is None or parent.key not in boxes:
            continue
        px, py, _, ph = boxes[parent.key]
        cx, cy, _, ch = boxes[item.key]
        siblings = trunks.get(parent.key)
        if siblings is None:
            siblings = trunks[parent.key] = sorted({c.group for c in _kids(parent, plan)} | {item.group})
        slot = siblings.index(item.group)
        offset = TRUNK + (len(siblings) - 1 - slot) * TRUNK_GAP
        port = cy + min(ch / 2, PORT)
        start = (px + offset, py + ph)
        if parent is root and column_of.get(item.key, 0) > 0:
            trunk = cx - INDENT + offset
            bus = bus_top + (len(groups) - 1 - slot) * BUS_GAP + BUS_GAP / 2
            points = [start, (start[0], bus), (trunk, bus), (trunk, port), (cx, port)]
        else:
            points = [start, (start[0], port), (cx, port)]
        page.tree.append((parent, item, points))
    # Cross-links drawn on this page: right out of the box, down a lane of its own, along a channel.
    drawn = [(t, h, e) for t, h, e in links if t in boxes and h in boxes]
    last = len(extents) - 1
    top_right = max((boxes[i.key][0] + boxes[i.key][2] for i in page.items if i.key not in column_of), default=0.0)
    lanes_used = [0] * max(1, len(extents))
    gutters = [right + GUTTER for _, right, _ in extents] or [top_right + GUTTER]
    if extents:
        gutters[last] = max(gutters[last], top_right + GUTTER)
    bottom = max((b for _, _, b in extents), default=y)
    channel = bottom + GUTTER / 2
    channels = 0
    for tail, head, edge in drawn:
        ta, ha = column_of.get(tail, last), column_of.get(head, last)
        tx, ty, tw, th = boxes[tail]
        hx, hy, hw, hh = boxes[head]
        out_y, in_y = ty + min(th / 2, PORT), hy + min(hh / 2, PORT)
        lane_t = gutters[max(ta, 0)] + lanes_used[max(ta, 0)] * LANE_GAP
        lanes_used[max(ta, 0)] += 1
        if ta == ha:
            points = [(tx + tw, out_y), (lane_t, out_y), (lane_t, in_y), (hx + hw, in_y)]
        else:
            lane_h = gutters[ha] + lanes_used[ha] * LANE_GAP
            lanes_used[ha] += 1
            ch = channel + channels * LANE_GAP
            channels += 1
            points = [(tx + tw, out_y), (lane_t, out_y), (lane_t, ch), (lane_h, ch), (lane_h, in_y), (hx + hw, in_y)]
        page.links.append((tail, head, points, edge))
    widest = max((x + w for x, _, w, _ in boxes.values()), default=0.0)
    lanes_right = max((g + n * LANE_GAP for g, n in zip(gutters, lanes_used, strict=False) if n), default=0.0)
    page.width = max(widest, lanes_right) + MARGIN
    page.bottom = max(bottom, channel + channels * LANE_GAP) if channels else bottom
    page.height = page.bottom + MARGIN
    return page
