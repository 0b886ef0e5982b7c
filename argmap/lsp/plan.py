"""Changes planned, not made: an authoring operation run on the debate as typed, its new texts as edits.

The store's dry run (`authoring.store.plan_change`): the operation is the one `argmap rename` (or `side add`,
`edit`) runs, applied to the files as the editor holds them, and refused as the store refuses a change
that adds an error. Nothing is written: the editor applies the edits to its buffers.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from ..authoring.draft import Draft
from ..authoring.store import plan_change
from ..errors import RefusedError
from .live import LiveDebate


def plan(live: LiveDebate, path: Path, operation: Callable[[Draft], object]) -> dict[Path, str]:
    """The new text of every file `operation` changes, starting from the map at `path`: the store's plan mode,
    over the texts as the editor holds them. Refused as the store refuses a change that adds an error."""
    overlay = {f.path: f.loaded.text for f in live.files.values()}
    planned = plan_change(path, operation, overlay=overlay, root=live.root)
    if planned.added:
        first = planned.added[0]
        raise RefusedError(f"{path}: the change would make the debate invalid: {first.message}", planned.added)
    return planned.texts


def text_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """The edits that turn `old` into `new`: (start, end, replacement) in offsets of `old`, in order, whole lines."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    # Most planned texts differ in a few lines: skip the common head and tail, then compare line for line
    # when the counts agree (a rename), or let difflib find the blocks (lines added or removed).
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(a_mid) == len(b_mid):
        opcodes = [("replace", i, i + 1, i, i + 1) for i in range(len(a_mid)) if a_mid[i] != b_mid[i]]
    else:
        opcodes = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes()
    edits = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        edits.append((starts[head + i1], starts[head + i2], "".join(b_mid[j1:j2])))
    return edits
