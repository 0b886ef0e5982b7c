"""Evaluate the debate some paths name: validate it whole, then evaluate it, as `argmap evaluate` does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..debate import ValidationResult, debates_of
from ..errors import UsageError
from ..model import ArgMap
from ..vocab import Semantics, SupportMode
from . import Breakdown, Evaluation, Step, evaluate


@dataclass
class EvaluationReport:
    """What `argmap evaluate` reports: the evaluation, or the findings that stopped it; an explanation if asked."""

    kind = "evaluation"

    validation: ValidationResult
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


def evaluate_paths(
    paths: Iterable[Path | str],
    semantics: Semantics | str = Semantics.GROUNDED,
    support: SupportMode | str | None = None,
    explain: str | None = None,
    root: Path | str | None = None,
    timeout: float | None = None,
) -> EvaluationReport:
    """Evaluate the debate that `paths` belong to (every map of its folder: attacks cross maps).

    The whole debate is validated first; when any map has an error, nothing is evaluated and the report
    carries the findings. `explain` ('map:node') adds why that argument has its grounded label (under a
    gradual semantics: how its strength comes about). `timeout` bounds the search for extensions (see
    `evaluate`).
    """
    paths = list(paths)
    debates = debates_of(paths, root)
    if not debates:
        raise UsageError(f"no map files in {', '.join(str(p) for p in paths)}")
    if len(debates) > 1:
        folders = ", ".join(str(d.folder) for d in debates)
        raise UsageError(f"evaluate takes the maps of one debate, one folder (the paths name: {folders})")
    debate = debates[0]
    debate.complete()
    files = sorted(debate.files, key=lambda f: f.path.name)
    issues = debate.validate(files)
    validation = ValidationResult(
        files=[f.display for f in files],
        issues=issues,
        entries=[(f.display, f.map) for f in files],
        debates=[debate],
    )
    report = EvaluationReport(validation)
    if not validation.ok:
        return report
    report.maps = [(f.display, f.map) for f in files if f.map is not None]
    report.evaluation = evaluate([m for _, m in report.maps], semantics, support, timeout)
    if explain is not None:
        report.explained = explain
        if report.evaluation.strengths is not None:
            report.breakdown = report.evaluation.contributions(explain)
        else:
            report.steps = report.evaluation.explain(explain)
    return report


def evaluated_tree(
    path: Path | str, depth: int | None = None, colour: bool = False, semantics: Semantics | str = Semantics.GROUNDED
) -> list[str]:
    """A map's tree with each node's verdict (or strength) beside it; its whole folder is validated and evaluated.

    Refused, with the folder's problems, when a map of the debate has errors.
    """
    from ..errors import RefusedError
    from ..report.evaluation_text import marks_by_map
    from ..report.tree import tree_lines

    path = Path(path)
    report = evaluate_paths([path], semantics)
    if not report.ok:
        errors = [i for i in report.validation.issues if i.is_error]
        raise RefusedError(f"{path}: the debate has errors; evaluate needs a valid debate", errors)
    m = next(m for display, m in report.maps if Path(display).resolve() == path.resolve())
    return tree_lines(m, depth, colour, marks_by_map(report.evaluation, [m])[m.id])
