"""What the editor may change: rename a node, map, side or source across the debate; the quick fixes.

Each is an authoring operation (the one `argmap rename`, `side add`, `edit` or `unlink` runs), planned on
the debate as typed and handed back as text edits per file.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..authoring import ops
from ..debate import MapFile
from ..errors import ArgmapError
from .features import resolve_link, source_of, target_at
from .live import LiveDebate
from .plan import plan, text_edits
from .targets import Target, node_at, node_at_id

Edits = dict[Path, list[tuple[int, int, str]]]


def _edits(live: LiveDebate, texts: dict[Path, str]) -> Edits:
    out = {}
    for path, new in texts.items():
        file = live.file_at(path)
        old = file.loaded.text if file is not None else ""
        edits = text_edits(old, new)
        if edits:
            out[path] = edits
    return out


def renamable(file: MapFile, offset: int) -> Target | None:
    """What a rename at `offset` would rename: a node (by its id or a link to it), the map, a side, a source."""
    target = target_at(file, offset)
    if target is None or target.what in ("quote", "source-file"):
        return None
    if target.what == "node" and not _on_own_id(file, target, offset):
        return None
    return target


def _on_own_id(file: MapFile, target: Target, offset: int) -> bool:
    # Hover answers anywhere in a node; a rename only on its id.
    text = file.loaded.text
    start, end = target.span
    return text[start:end] == f'"{target.name}"' and start <= offset <= end


def rename(live: LiveDebate, file: MapFile, offset: int, new: str) -> Edits:
    """Rename what lies at `offset` to `new`: one set of edits over every file the rename changes."""
    target = renamable(file, offset)
    if target is None:
        raise ArgmapError("nothing to rename here: put the cursor on a node id, a link, a side, a source or the map id")
    if target.what in ("node", "link"):
        map_id, node_id = (
            resolve_link(live, target.map_id, target.name) if target.what == "link" else (target.map_id, target.name)
        )
        owner = live.file_of(map_id)
        if owner is None:
            raise ArgmapError(f"no map '{map_id}' in this debate")
        return _edits(live, plan(live, owner.path, partial(ops.rename_node, old=node_id, new=new)))
    if target.what == "map":
        # The editor renames the id in its buffers; the file keeps its name (`argmap rename --map` renames both).
        return _edits(live, plan(live, file.path, partial(ops.rename_map, new=new, file=False)))
    operation = ops.rename_side if target.what == "side" else ops.rename_source
    return _edits(live, plan(live, file.path, partial(operation, old=target.name, new=new)))


# ---------------------------------------------------------------- quick fixes

FIXES = {
    "quote-not-found": "Replace the quote with the source's nearest passage",
    "undeclared-side": "Declare side '{name}'",
    "unknown-link": "Remove the link to '{name}'",
}


def fix_for(file: MapFile, code: str, pointer: str) -> tuple[str, dict] | None:
    """The quick fix for one finding: its title and what it needs to be made (or None)."""
    m = file.map
    if m is None or code not in FIXES:
        return None
    parts = pointer.split("/")
    if code == "quote-not-found" and pointer.endswith("/quote/text"):
        node = node_at(m, pointer.removesuffix("/quote/text"))
        return (FIXES[code], {"code": code, "node": node.id}) if node else None
    if code == "undeclared-side" and pointer.endswith("/side"):
        node = node_at(m, pointer.removesuffix("/side"))
        return (FIXES[code].format(name=node.side), {"code": code, "side": node.side}) if node else None
    if code == "unknown-link" and len(parts) >= 3 and parts[-2] in ("supports", "attacks"):
        node = node_at(m, "/".join(parts[:-2]))
        if node is None:
            return None
        links = node.supports if parts[-2] == "supports" else node.attacks
        index = int(parts[-1])
        if index >= len(links):
            return None
        data = {"code": code, "node": node.id, "relation": parts[-2], "link": links[index]}
        return FIXES[code].format(name=links[index]), data
    return None


def apply_fix(live: LiveDebate, file: MapFile, data: dict) -> Edits:
    """The edits of a quick fix made by `fix_for`, planned as the matching authoring command would make it."""
    m = file.map
    if m is None:
        raise ArgmapError(f"{file.display}: is not a sound map; fix it first")
    code = data.get("code")
    if code == "quote-not-found":
        node = node_at_id(m, data["node"])
        if node is None or node.quote is None:
            raise ArgmapError(f"no node '{data['node']}' with a quote")
        found = source_of(live, m, node.quote.source)
        if found is None:
            raise ArgmapError(f"source '{node.quote.source}' cannot be read")
        start, end = found[1].nearest(node.quote.text)
        passage = found[1].text[start:end]
        operation = partial(ops.edit_node, node_id=node.id, change=ops.NodeEdit(quote=passage))
    elif code == "undeclared-side":
        side = data["side"]
        operation = partial(ops.add_side, side_id=side)
    elif code == "unknown-link":
        removed = [data["link"]]
        if data["relation"] == "supports":
            change = ops.NodeEdit(remove_supports=removed)
        else:
            change = ops.NodeEdit(remove_attacks=removed)
        operation = partial(ops.edit_node, node_id=data["node"], change=change)
    else:
        raise ArgmapError(f"no quick fix for '{code}'")
    return _edits(live, plan(live, file.path, operation))


__all__ = ["Edits", "apply_fix", "fix_for", "rename", "renamable", "resolve_link"]
