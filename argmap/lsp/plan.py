"""Changes planned, not made: an authoring operation run on the debate as typed, its new texts as edits.

The seam to the store's dry run: the operation is the one `argmap rename` (or `side add`, `edit`) runs,
applied to fresh copies of the files as the editor holds them, and refused as the store refuses a change
that adds an error. Nothing is written: the editor applies the edits to its buffers.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from ..authoring.ops import Draft
from ..authoring.store import _errors, _key
from ..debate import Debate, MapFile
from ..errors import RefusedError
from ..io.loader import read
from ..io.serialize import dump_map
from .live import LiveDebate


def plan(live: LiveDebate, path: Path, operation: Callable[[Draft], object]) -> dict[Path, str]:
    """The new text of every file `operation` changes, starting from the map at `path`."""
    # Operations change maps in place: each runs on its own copies, read from the texts as they stand.
    files = [
        MapFile(f.path, f.display, read(f.path, raw=f.loaded.text.encode("utf-8"))) if f.map is not None else f
        for f in live.files.values()
    ]
    debate = Debate(live.folder, files, root=live.root, sources=live.sources, closed=True)
    file = next((f for f in files if f.path == path), None)
    if file is None or file.map is None:
        raise RefusedError(f"{path}: is not a sound map; fix it first")
    draft = Draft(debate, file)
    operation(draft)
    if not draft.changed:
        return {}
    after = _errors(debate)
    if after:
        before = {_key(i) for i in _errors(live.debate())}
        added = [i.unplaced() for i in after if _key(i) not in before]
        if added:
            raise RefusedError(f"{path}: the change would make the debate invalid: {added[0].message}", added)
    return {f.path: dump_map(f.map) for f in draft.changed if f.map is not None}


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
