"""Evaluate the debate some paths name: validate it whole, then evaluate it, as `argmap evaluate` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Findings, NotFoundError, UsageError
from ..vocab import Role, Semantics, SupportMode
from . import Breakdown, Evaluation, Step, evaluate

if TYPE_CHECKING:
    from ..debate import Debate
    from ..model import ArgMap


@dataclass
class EvaluationReport:
    """What `argmap evaluate` reports: the evaluation, or the findings that stopped it; an explanation if asked."""

    validation: Findings
    evaluation: Evaluation | None = None
    # The maps evaluated, in file order, with the name of each one's file.
    maps: list[tuple[str, ArgMap]] = field(default_factory=list)
    explained: str | None = None
    steps: list[Step] | None = None
    # Under a gradual semantics, how the explained argument's strength comes about.
    breakdown: Breakdown | None = None

    @property
    def ok(self) -> bool:
        return self.evaluation is not None


def evaluate_debate(
    debate: Debate,
    semantics: Semantics | str = Semantics.GROUNDED,
    support: SupportMode | str | None = None,
    explain: str | None = None,
    timeout: float | None = None,
) -> EvaluationReport:
    """Evaluate a debate of one folder (every map of it: attacks cross maps).

    The whole debate is validated first; when any map has an error, nothing is evaluated and the report
    carries the findings. `explain` ('map:node') adds why that argument has its grounded label (under a
    gradual semantics: how its strength comes about). `timeout` bounds the search for extensions (see
    `evaluate`).
    """
    if not debate.files:
        raise UsageError(f"no map files in {', '.join(debate.opened_on) or 'the debate'}")
    if len(debate.folders) > 1:
        folders = ", ".join(str(folder) for folder in debate.folders)
        raise UsageError(f"evaluate takes the maps of one debate, one folder (the paths name: {folders})")
    files = sorted(debate.files, key=lambda f: f.path.name)
    validation = Findings(tuple(f.display for f in files), tuple(i for f in files for i in debate.findings_of(f)))
    report = EvaluationReport(validation)
    if not validation.ok:
        return report
    report.maps = [(f.display, f.map) for f in files if f.map is not None]
    report.evaluation = evaluate([m for _, m in report.maps], semantics, support, timeout)
    if explain is not None:
        report.explained = explain
        try:
            if report.evaluation.strengths is not None:
                report.breakdown = report.evaluation.contributions(explain)
            else:
                report.steps = report.evaluation.explain(explain)
        except NotFoundError:
            context = _context_node(report.maps, explain)
            if context is None:
                raise
            raise NotFoundError(
                f"'{context}' is a context node (role: context, or under one): it takes no part in evaluation, "
                "so it has no verdict to explain"
            ) from None
    return report


def _context_node(maps: list[tuple[str, ArgMap]], name: str) -> str | None:
    """The full name of the node `name` ('map:node', or a bare node id) when it is left out of evaluation as
    context (marked so, or below a node that is), else None."""
    map_id, _, node_id = name.rpartition(":")
    for _, m in maps:
        if map_id and m.id != map_id:
            continue
        left_out: set[int] = set()
        for node, parent, *_ in m.walk():
            if node.role is Role.CONTEXT or (parent is not None and id(parent) in left_out):
                left_out.add(id(node))
                if node.id == node_id:
                    return f"{m.id}:{node.id}"
    return None
