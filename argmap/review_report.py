"""Diff and coverage results as text, JSON and Markdown (to join the report registry's format modules)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from .coverage import SENTENCE_RULE, Coverage
from .diff import Diff, FieldChange, ItemChange, ItemEntry, MapDiff


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _under(parent: str | None) -> str:
    return f"under '{parent}'" if parent is not None else "at the root"


def _value(value: str | None) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


def diff_counts(result: Diff) -> list[str]:
    """What differs, counted: '1 map added', '3 nodes changed', ..."""
    counts = [
        (len(result.with_status("added")), "map", "added"),
        (len(result.with_status("removed")), "map", "removed"),
        (len(result.entries("added")), "node", "added"),
        (len(result.entries("removed")), "node", "removed"),
        (len(result.entries("changed")), "node", "changed"),
        (len(result.entries("moved")), "node", "moved"),
        (len(result.entries("renamed")), "node", "renamed"),
        (len(result.entries("links_added")), "link", "added"),
        (len(result.entries("links_removed")), "link", "removed"),
    ]
    said = [f"{_plural(n, noun)} {verb}" for n, noun, verb in counts if n]
    return said or (["titles, sides or sources changed"] if result.differs else [])


def diff_summary(result: Diff) -> str:
    compared = _plural(len(result.maps), "map")
    if not result.differs:
        return f"no differences between {result.old} and {result.new} ({compared})"
    return f"{result.old} -> {result.new}: {compared}; " + ", ".join(diff_counts(result))


# ---------------------------------------------------------------- text


def _text_map(m: MapDiff) -> Iterator[str]:
    if m.status == "added":
        yield f"map '{m.map}' added ({m.new_file}, {_plural(m.nodes, 'node')}): {m.title}"
        return
    if m.status == "removed":
        yield f"map '{m.map}' removed (was {m.old_file}, {_plural(m.nodes, 'node')}): {m.title}"
        return
    yield f"map '{m.map}' ({m.new_file})"
    for change in m.fields:
        yield f"  ~ map {change.field}: {_value(change.old)} -> {_value(change.new)}"
    for e in m.added:
        yield f"  + {e.kind} '{e.node}' {_under(e.parent)} [{e.side}]: {e.text}"
    for e in m.removed:
        yield f"  - {e.kind} '{e.node}' (was {_under(e.parent)}) [{e.side}]: {e.text}"
    for c in m.changed:
        yield f"  ~ '{c.node}' changed"
        for f in c.fields:
            yield f"      {f.field}: {_value(f.old)} -> {_value(f.new)}"
    for mv in m.moved:
        yield f"  > '{mv.node}' moved from {_under(mv.old_parent)} to {_under(mv.new_parent)}"
    for r in m.renamed:
        yield f"  = '{r.old_id}' renamed to '{r.node}'"
    for kind, added, removed, changed in _item_groups(m):
        yield from (f"  + {kind} '{e.id}' ({e.label})" for e in added)
        yield from (f"  - {kind} '{e.id}' ({e.label})" for e in removed)
        for c in changed:
            yield f"  ~ {kind} '{c.id}': " + "; ".join(
                f"{f.field} {_value(f.old)} -> {_value(f.new)}" for f in c.fields
            )
    yield from (f"  + link '{e.node}' {e.relation} '{e.target}'" for e in m.links_added)
    yield from (f"  - link '{e.node}' {e.relation} '{e.target}'" for e in m.links_removed)


def _item_groups(m: MapDiff) -> list[tuple[str, list[ItemEntry], list[ItemEntry], list[ItemChange]]]:
    return [
        ("side", m.sides_added, m.sides_removed, m.sides_changed),
        ("source", m.sources_added, m.sources_removed, m.sources_changed),
    ]


def diff_text(result: Diff) -> str:
    lines = [line for m in result.maps if m.status != "same" for line in _text_map(m)]
    lines.append(diff_summary(result))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- json


def _fields(fields: tuple[FieldChange, ...] | list[FieldChange]) -> dict:
    return {f.field: {"old": f.old, "new": f.new} for f in fields}


def diff_document(result: Diff) -> dict:
    """The diff as plain data with stable keys; every entry names its map."""

    def items(kind: str, key: str, label: str) -> dict:
        return {
            "added": [{"map": e.map, key: e.id, label: e.label} for e in result.entries(f"{kind}_added")],
            "removed": [{"map": e.map, key: e.id, label: e.label} for e in result.entries(f"{kind}_removed")],
            "changed": [
                {"map": c.map, key: c.id, "fields": _fields(c.fields)} for c in result.entries(f"{kind}_changed")
            ],
        }

    def node(e) -> dict:
        return {"map": e.map, "node": e.node, "parent": e.parent, "kind": e.kind, "side": e.side, "text": e.text}

    def link(e) -> dict:
        return {"map": e.map, "node": e.node, "relation": e.relation, "target": e.target}

    def whole(m: MapDiff) -> dict:
        return {"map": m.map, "title": m.title, "file": m.new_file or m.old_file, "nodes": m.nodes}

    return {
        "old": result.old,
        "new": result.new,
        "differs": result.differs,
        "maps": {
            "compared": len(result.maps),
            "added": [whole(m) for m in result.with_status("added")],
            "removed": [whole(m) for m in result.with_status("removed")],
            "changed": [{"map": m.map, "fields": _fields(m.fields)} for m in result.maps if m.fields],
        },
        "added": [node(e) for e in result.entries("added")],
        "removed": [node(e) for e in result.entries("removed")],
        "changed": [{"map": c.map, "node": c.node, "fields": _fields(c.fields)} for c in result.entries("changed")],
        "moved": [
            {"map": e.map, "node": e.node, "old_parent": e.old_parent, "new_parent": e.new_parent}
            for e in result.entries("moved")
        ],
        "renamed": [{"map": e.map, "node": e.node, "old_id": e.old_id} for e in result.entries("renamed")],
        "sides": items("sides", "side", "name"),
        "sources": items("sources", "source", "path"),
        "links": {
            "added": [link(e) for e in result.entries("links_added")],
            "removed": [link(e) for e in result.entries("links_removed")],
        },
    }


def diff_json(result: Diff) -> str:
    return json.dumps(diff_document(result), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- markdown

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<|#~"})


def _md(text: str | None) -> str:
    """Text safe inside a Markdown paragraph or table cell: special characters escaped, one line."""
    if text is None:
        return "*(none)*"
    return " ".join(text.split()).translate(_MD_SPECIAL) or "*(empty)*"


def _md_under(parent: str | None) -> str:
    return f"under `{parent}`" if parent is not None else "at the root"


def _md_map(m: MapDiff) -> Iterator[str]:
    if m.status == "added":
        yield f"- **added** map `{m.map}` ({_plural(m.nodes, 'node')}, `{_md(m.new_file)}`): {_md(m.title)}"
        return
    if m.status == "removed":
        yield f"- **removed** map `{m.map}` ({_plural(m.nodes, 'node')}, was `{_md(m.old_file)}`): {_md(m.title)}"
        return
    yield f"### `{m.map}`: {_md(m.title)}"
    yield ""
    rows = [("map", f.field, f.old, f.new) for f in m.fields]
    rows += [(f"`{c.node}`", f.field, f.old, f.new) for c in m.changed for f in c.fields]
    for kind, _, _, changed in _item_groups(m):
        rows += [(f"{kind} `{c.id}`", f.field, f.old, f.new) for c in changed for f in c.fields]
    bullets = [f"- **added** {e.kind} `{e.node}` {_md_under(e.parent)} ({e.side}): {_md(e.text)}" for e in m.added]
    bullets += [
        f"- **removed** {e.kind} `{e.node}` (was {_md_under(e.parent)}, {e.side}): {_md(e.text)}" for e in m.removed
    ]
    bullets += [f"- **moved** `{e.node}` from {_md_under(e.old_parent)} to {_md_under(e.new_parent)}" for e in m.moved]
    bullets += [f"- **renamed** `{e.old_id}` to `{e.node}`" for e in m.renamed]
    for kind, added, removed, _ in _item_groups(m):
        bullets += [f"- **added** {kind} `{e.id}` ({_md(e.label)})" for e in added]
        bullets += [f"- **removed** {kind} `{e.id}` ({_md(e.label)})" for e in removed]
    bullets += [f"- **added** link: `{e.node}` {e.relation} `{e.target}`" for e in m.links_added]
    bullets += [f"- **removed** link: `{e.node}` {e.relation} `{e.target}`" for e in m.links_removed]
    yield from bullets
    if rows:
        if bullets:
            yield ""
        yield "| changed | field | old | new |"
        yield "|---|---|---|---|"
        yield from (f"| {what} | {name} | {_md(old)} | {_md(new)} |" for what, name, old, new in rows)
    yield ""


def diff_markdown(result: Diff) -> str:
    compared = _plural(len(result.maps), "map")
    said = ", ".join(diff_counts(result)) if result.differs else "no differences"
    lines = [f"## argmap diff: {_md(result.old)} → {_md(result.new)}", "", f"{compared} compared: {said}.", ""]
    whole = [line for m in result.maps if m.status in ("added", "removed") for line in _md_map(m)]
    if whole:
        lines += [*whole, ""]
    lines += [line for m in result.maps if m.status == "changed" for line in _md_map(m)]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- coverage


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def coverage_text(result: Coverage, uncited: bool = False) -> str:
    lines = []
    for s in result.sources:
        lines.append(f"{s.source}: {s.cited} of {_plural(s.sentences, 'sentence')} cited ({_percent(s.percent)})")
        if s.unmatched:
            names = ", ".join(f"{m}:{n}" for m, n in s.unmatched)
            lines.append(f"  {_plural(len(s.unmatched), 'quote')} not found in it: {names}")
        if uncited:
            lines.extend(f"  {u.line}: {u.text}" for u in s.uncited)
    lines.append(
        f"{_plural(len(result.sources), 'source')}: {result.cited} of "
        f"{_plural(result.sentences, 'sentence')} cited ({_percent(result.percent)})"
    )
    return "\n".join(lines) + "\n"


def coverage_document(result: Coverage) -> dict:
    return {
        "rule": SENTENCE_RULE,
        "sources": [
            {
                "source": s.source,
                "sentences": s.sentences,
                "cited": s.cited,
                "percent": s.percent,
                "uncited": [{"line": u.line, "text": u.text} for u in s.uncited],
                "quotes": s.quotes,
                "unmatched": [{"map": m, "node": n} for m, n in s.unmatched],
            }
            for s in result.sources
        ],
        "summary": {
            "sources": len(result.sources),
            "sentences": result.sentences,
            "cited": result.cited,
            "percent": result.percent,
        },
    }


def coverage_json(result: Coverage) -> str:
    return json.dumps(coverage_document(result), indent=2, ensure_ascii=False) + "\n"


def coverage_markdown(result: Coverage, uncited: bool = False) -> str:
    lines = ["## argmap coverage", "", "| source | sentences | cited | percent |", "|---|---:|---:|---:|"]
    lines += [f"| `{_md(s.source)}` | {s.sentences} | {s.cited} | {_percent(s.percent)} |" for s in result.sources]
    if uncited:
        for s in result.sources:
            if s.uncited:
                lines += ["", f"### Uncited in `{_md(s.source)}`", ""]
                lines += [f"- line {u.line}: {_md(u.text)}" for u in s.uncited]
    return "\n".join(lines) + "\n"
