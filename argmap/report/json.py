"""JSON reports for programs: one document per run, stable keys."""

from __future__ import annotations

import json

from ..coverage import Coverage
from ..diff import Diff, FieldChange, LinkEntry, MapDiff, NodeEntry
from ..errors import Findings
from ..semantics.run import EvaluationReport
from ..tree import MapTree
from ..vocab import Relation, ReportFormat
from .registry import reporter


def dumps(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@reporter(Findings, ReportFormat.JSON)
def findings(result: Findings) -> str:
    issues = result.issues
    warnings = sum(not i.is_error for i in issues)
    document = {
        "files": list(result.files),
        "summary": {
            "files": len(result.files),
            "problems": len(issues) - warnings,
            "warnings": warnings,
            "valid": warnings == len(issues),
        },
        "findings": [
            {
                "file": i.file,
                "line": i.line,
                "column": i.column,
                "pointer": i.pointer,
                "node": i.node,
                "code": i.code,
                "severity": i.severity,
                "message": i.message,
            }
            for i in issues
        ],
    }
    return dumps(document)


def _fields(fields: tuple[FieldChange, ...] | list[FieldChange]) -> dict:
    return {f.field: {"old": f.old, "new": f.new} for f in fields}


@reporter(Diff, ReportFormat.JSON)
def diff(result: Diff) -> str:
    """The diff with stable keys; every entry names its map. Node categories are lists of {map, node, ...}."""

    def items(kind: str, key: str, label: str) -> dict:
        return {
            "added": [{"map": e.map, key: e.id, label: e.label} for e in result.entries(f"{kind}_added")],
            "removed": [{"map": e.map, key: e.id, label: e.label} for e in result.entries(f"{kind}_removed")],
            "changed": [
                {"map": c.map, key: c.id, "fields": _fields(c.fields)} for c in result.entries(f"{kind}_changed")
            ],
        }

    def node(e: NodeEntry) -> dict:
        return {"map": e.map, "node": e.node, "parent": e.parent, "kind": e.kind, "side": e.side, "text": e.text}

    def link(e: LinkEntry) -> dict:
        return {"map": e.map, "node": e.node, "relation": e.relation, "target": e.target}

    def whole(m: MapDiff) -> dict:
        return {"map": m.map, "title": m.title, "file": m.new_file or m.old_file, "nodes": m.nodes}

    return dumps(
        {
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
    )


@reporter(Coverage, ReportFormat.JSON)
def coverage(result: Coverage) -> str:
    """Per source: source, sentences, cited, percent, uncited (always listed here), quotes and quotes not found."""
    return dumps(
        {
            "rule": result.rule,
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
    )


@reporter(EvaluationReport, ReportFormat.JSON)
def evaluation(result: EvaluationReport) -> str:
    """Grounded: {"semantics", "labels"}; preferred, stable, complete: {"semantics", "extensions", "credulous",
    "sceptical"}, with "extension_count_at_least" when there may be more extensions than those listed, and
    "complete": false and "unsettled" when a timeout stopped the search; dfquad and quadratic-energy:
    {"semantics", "strengths", "converged"}.

    With an explanation asked for: {"semantics", "argument", "label", "explanation": [steps]}, each step's
    "derived" listing the attacks on it that a reading of support derived; under a gradual semantics
    {"semantics", "argument", "strength", "base", "contributions": [...], "attack", "support", "energy"}.
    """
    ev = result.evaluation
    breakdown = getattr(result, "breakdown", None)
    if breakdown is not None:
        b = breakdown
        return dumps(
            {
                "semantics": b.semantics,
                "argument": b.argument,
                "strength": b.strength,
                "base": b.base,
                "contributions": [
                    {"argument": c.argument, "strength": c.strength, "relation": "attacks" if c.attacks else "supports"}
                    for c in b.contributions
                ],
                "attack": b.attack,
                "support": b.support,
                "energy": b.energy,
            }
        )
    if result.steps is not None:
        return dumps(
            {
                "semantics": "grounded",
                "argument": result.explained,
                "label": result.steps[0].label,
                "explanation": [
                    {
                        "argument": s.argument,
                        "label": s.label,
                        "because": list(s.because),
                        "depth": s.depth,
                        "repeated": s.repeated,
                        "derived": [
                            {
                                "attacker": d.attacker,
                                "rule": d.rule,
                                "support": d.support,
                                "chain": [list(link) for link in d.chain],
                            }
                            for d in s.derived
                        ],
                    }
                    for s in result.steps
                ],
            }
        )
    assert ev is not None  # a report that stopped at errors is written as its findings
    if ev.extension_count is not None and ev.extension_count > MAX_EXTENSIONS:
        from ..errors import ArgmapError

        raise ArgmapError(
            f"{_count(ev.extension_count, ev.count_exact)} {ev.semantics.value} extensions are too many to list in "
            "JSON (at most "
            f"{MAX_EXTENSIONS:,}); the text report gives each node's acceptance without listing them"
        )
    return dumps(ev.to_dict())


def _count(n: int, exact: bool = True) -> str:
    from .evaluation_text import count_of

    if n >= 10**15:
        return count_of(n, "extension").rpartition(" ")[0]
    return f"{n:,}" if exact else f"at least {n:,}"


# Past this many, listing every extension would take minutes and gigabytes; acceptance is still reported.
MAX_EXTENSIONS = 100_000


# A node's fields beyond its words and place, shown when set (as `add` and `edit` set them; its bearing too).
NODE_FIELDS = ("role", "weight", "undercut", "rephrase", "group", "title")


@reporter(MapTree, ReportFormat.JSON)
def map_tree_json(result: MapTree) -> str:
    """The map's nodes in document order, each with its parent, depth, links out and links into it."""
    m = result.map
    nodes = []
    for node, parent, _, level in m.walk():
        if result.depth is not None and level > result.depth:
            continue
        into = result.links_in.get(node.id, ())
        entry: dict = {"id": node.id, "kind": node.kind.value, "side": node.side, "text": node.text}
        if node.speaker:
            entry["speaker"] = node.speaker
        if node.quote is not None:
            entry["quote"] = {"source": node.quote.source, "text": node.quote.text}
        for key in NODE_FIELDS:
            value = getattr(node, key)
            if value is not None:
                entry[key] = value
        if node.bearing is not None:
            entry["bearing"] = node.bearing.model_dump(mode="json", exclude_none=True)
        if result.marks is not None and node.id in result.marks:
            entry["mark"] = result.marks[node.id]
        if result.strengths is not None and node.id in result.strengths:
            entry["strength"] = result.strengths[node.id]
        entry.update(
            parent=parent.id if parent is not None else None,
            depth=level,
            supports=list(node.supports),
            attacks=list(node.attacks),
            supported_by=[link.source for link in into if link.relation is Relation.SUPPORTS],
            attacked_by=[link.source for link in into if link.relation is Relation.ATTACKS],
        )
        nodes.append(entry)
    head = {"map": m.id, "title": m.title, "file": result.file}
    if result.semantics is not None:
        head["semantics"] = result.semantics
    return dumps({**head, "nodes": nodes})
