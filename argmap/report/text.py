"""Plain-text reports for people: one line per finding, a summary, control characters made visible."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..coverage import Coverage
from ..diff import Diff, ItemChange, ItemEntry, MapDiff
from ..errors import Findings
from ..terminal import printable
from ..vocab import ReportFormat, plural
from .lines import summary, text_line
from .registry import reporter


@reporter(Findings, ReportFormat.TEXT)
def findings(result: Findings) -> str:
    lines = [text_line(i) for i in result.issues]
    lines.append(summary(len(result.files), result.issues))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- diff


def _under(parent: str | None) -> str:
    return f"under '{parent}'" if parent is not None else "at the root"


def _value(value: str | None) -> str:
    return "(none)" if value is None else printable(json.dumps(value, ensure_ascii=False))


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
    said = [f"{plural(n, noun)} {verb}" for n, noun, verb in counts if n]
    return said or (["titles, sides or sources changed"] if result.differs else [])


def item_groups(m: MapDiff) -> list[tuple[str, list[ItemEntry], list[ItemEntry], list[ItemChange]]]:
    """A map diff's sides and sources: (kind, added, removed, changed)."""
    return [
        ("side", m.sides_added, m.sides_removed, m.sides_changed),
        ("source", m.sources_added, m.sources_removed, m.sources_changed),
    ]


def _diff_map(m: MapDiff) -> Iterator[str]:
    if m.status == "added":
        yield f"map '{m.map}' added ({m.new_file}, {plural(m.nodes, 'node')}): {m.title}"
        return
    if m.status == "removed":
        yield f"map '{m.map}' removed (was {m.old_file}, {plural(m.nodes, 'node')}): {m.title}"
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
    for kind, added, removed, changed in item_groups(m):
        yield from (f"  + {kind} '{e.id}' ({e.label})" for e in added)
        yield from (f"  - {kind} '{e.id}' ({e.label})" for e in removed)
        for c in changed:
            yield f"  ~ {kind} '{c.id}': " + "; ".join(
                f"{f.field} {_value(f.old)} -> {_value(f.new)}" for f in c.fields
            )
    yield from (f"  + link '{e.node}' {e.relation} '{e.target}'" for e in m.links_added)
    yield from (f"  - link '{e.node}' {e.relation} '{e.target}'" for e in m.links_removed)


@reporter(Diff, ReportFormat.TEXT)
def diff(result: Diff) -> str:
    """Per changed map, one line per change (+ added, - removed, ~ changed, > moved, = renamed), then a summary."""
    lines = [printable(line) for m in result.maps if m.status != "same" for line in _diff_map(m)]
    compared = plural(len(result.maps), "map")
    if result.differs:
        lines.append(f"{result.old} -> {result.new}: {compared}; " + ", ".join(diff_counts(result)))
    else:
        lines.append(f"no differences between {result.old} and {result.new} ({compared})")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- coverage


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


@reporter(Coverage, ReportFormat.TEXT)
def coverage(result: Coverage) -> str:
    """Per source, sentences cited of those counted; quotes not found; with show_uncited, each uncited sentence."""
    lines = []
    for s in result.sources:
        lines.append(f"{s.source}: {s.cited} of {plural(s.sentences, 'sentence')} cited ({percent(s.percent)})")
        if s.unmatched:
            names = ", ".join(f"{m}:{n}" for m, n in s.unmatched)
            lines.append(f"  {plural(len(s.unmatched), 'quote')} not found in it: {names}")
        if result.show_uncited:
            lines.extend(f"  {u.line}: {u.text}" for u in s.uncited)
    lines.append(
        f"{plural(len(result.sources), 'source')}: {result.cited} of "
        f"{plural(result.sentences, 'sentence')} cited ({percent(result.percent)})"
    )
    return "\n".join(printable(line) for line in lines) + "\n"
