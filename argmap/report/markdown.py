"""Markdown reports, for a pull-request comment or a CI job summary."""

from __future__ import annotations

from collections.abc import Iterator

from ..coverage import Coverage
from ..diff import Diff, MapDiff
from ..errors import Findings
from ..vocab import ReportFormat
from .lines import summary
from .registry import reporter
from .text import diff_counts, item_groups, percent, plural, printable


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@reporter(Findings, ReportFormat.MARKDOWN)
def findings(result: Findings) -> str:
    lines = [f"**argmap validate**: {summary(len(result.files), result.issues)}", ""]
    if result.issues:
        lines += ["| place | severity | code | message |", "|---|---|---|---|"]
        for i in result.issues:
            place = f"{i.file}:{i.line}:{i.column}" if i.line is not None else str(i.file)
            lines.append(f"| `{_cell(place)}` | {i.severity} | `{i.code}` | {_cell(i.message)} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- diff and coverage

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<|#~"})


def _md(text: str | None) -> str:
    """Text from a map, safe in a Markdown paragraph or table cell: special characters escaped, one line."""
    if text is None:
        return "*(none)*"
    return printable(" ".join(text.split())).translate(_SPECIAL) or "*(empty)*"


def _under(parent: str | None) -> str:
    return f"under `{parent}`" if parent is not None else "at the root"


def _diff_map(m: MapDiff) -> Iterator[str]:
    if m.status == "added":
        yield f"- **added** map `{m.map}` ({plural(m.nodes, 'node')}, {_md(m.new_file)}): {_md(m.title)}"
        return
    if m.status == "removed":
        yield f"- **removed** map `{m.map}` ({plural(m.nodes, 'node')}, was {_md(m.old_file)}): {_md(m.title)}"
        return
    yield f"### `{m.map}`: {_md(m.title)}"
    yield ""
    # Ids match [A-Za-z0-9_.-]+, so they go into code spans unescaped.
    rows = [("map", f.field, f.old, f.new) for f in m.fields]
    rows += [(f"`{c.node}`", f.field, f.old, f.new) for c in m.changed for f in c.fields]
    for kind, _, _, changed in item_groups(m):
        rows += [(f"{kind} `{c.id}`", f.field, f.old, f.new) for c in changed for f in c.fields]
    bullets = [f"- **added** {e.kind} `{e.node}` {_under(e.parent)} ({e.side}): {_md(e.text)}" for e in m.added]
    bullets += [
        f"- **removed** {e.kind} `{e.node}` (was {_under(e.parent)}, {e.side}): {_md(e.text)}" for e in m.removed
    ]
    bullets += [f"- **moved** `{e.node}` from {_under(e.old_parent)} to {_under(e.new_parent)}" for e in m.moved]
    bullets += [f"- **renamed** `{e.old_id}` to `{e.node}`" for e in m.renamed]
    for kind, added, removed, _ in item_groups(m):
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


@reporter(Diff, ReportFormat.MARKDOWN)
def diff(result: Diff) -> str:
    """A heading, the counts, maps added or removed as a whole, then per changed map its changes and a table."""
    said = ", ".join(diff_counts(result)) if result.differs else "no differences"
    lines = [
        f"## argmap diff: {_md(result.old)} → {_md(result.new)}",
        "",
        f"{plural(len(result.maps), 'map')} compared: {said}.",
        "",
    ]
    whole = [line for m in result.maps if m.status in ("added", "removed") for line in _diff_map(m)]
    if whole:
        lines += [*whole, ""]
    lines += [line for m in result.maps if m.status == "changed" for line in _diff_map(m)]
    return "\n".join(lines).rstrip("\n") + "\n"


@reporter(Coverage, ReportFormat.MARKDOWN)
def coverage(result: Coverage) -> str:
    """A table of the sources; with show_uncited, each source's uncited sentences below it."""
    lines = ["## argmap coverage", "", "| source | sentences | cited | percent |", "|---|---:|---:|---:|"]
    lines += [f"| {_md(s.source)} | {s.sentences} | {s.cited} | {percent(s.percent)} |" for s in result.sources]
    if result.show_uncited:
        for s in result.sources:
            if s.uncited:
                lines += ["", f"### Uncited in {_md(s.source)}", ""]
                lines += [f"- line {u.line}: {_md(u.text)}" for u in s.uncited]
    return "\n".join(lines) + "\n"
