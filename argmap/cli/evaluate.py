"""The `evaluate` command: which arguments of a debate stand under Dung's semantics."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..report import format_choices
from ..semantics.run import EvaluationReport
from ..vocab import Semantics, SupportMode
from .app import PathsArg, command

if TYPE_CHECKING:
    from ..vocab import ReportFormat as EvaluationFormat
else:
    EvaluationFormat = format_choices(EvaluationReport)


@command()
def evaluate(
    paths: PathsArg = None,
    semantics: Annotated[
        Semantics,
        typer.Option(
            help="grounded (each node stands, falls or is undecided); preferred, stable, complete (the "
            "extensions); dfquad, quadratic-energy (a strength from 0 to 1, supports counting)."
        ),
    ] = Semantics.GROUNDED,
    support: Annotated[
        SupportMode | None,
        typer.Option(help="Read supports as deductive or necessary: they then imply attacks (default: none)."),
    ] = None,
    fmt: Annotated[
        EvaluationFormat, typer.Option("--format", "-f", help="Report as text or json.")
    ] = EvaluationFormat.TEXT,
    explain: Annotated[
        str | None,
        typer.Option(
            help="Say why MAP:NODE has its grounded label, down to nodes nothing attacks (under dfquad or "
            "quadratic-energy: each contribution to its strength).",
            metavar="MAP:NODE",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            help="Stop the search for preferred, stable or complete extensions after SECONDS. Listing them takes "
            "at most half the time left (past it, the count is a lower bound); a search stopped before every "
            "node's acceptance is settled reports what was found so far (exit 1). Grounded and gradual "
            "semantics always answer.",
            metavar="SECONDS",
            min=0,
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(help="Project root that source paths are relative to (default: found from each map)."),
    ] = None,
) -> None:
    """Evaluate a debate: each node an argument, each rebuttal and `attacks` link an attack.

    The debate is the whole folder the paths are in (attacks cross maps). Grounded semantics says of
    every node that it stands, falls or is undecided; preferred, stable and complete list the
    extensions and which nodes are accepted in every one or in some; dfquad and quadratic-energy give
    each node a strength from its weight and its attackers' and supporters' strengths. Context nodes
    take no part. Exit 0 for any valid debate, whatever the verdicts; 1 when a map is invalid (its
    problems are listed) or the --timeout stopped the search before every node's acceptance was
    settled; 2 for a usage error.
    """
    from ..debate import open_debate
    from ..report import render
    from ..semantics.run import evaluate_debate

    report = evaluate_debate(open_debate(paths or [Path("maps")], root), semantics, support, explain, timeout)
    if not report.ok:
        sys.stderr.write(render("text", report.validation))
        sys.stderr.write("argmap: the debate has errors; nothing was evaluated\n")
        raise typer.Exit(1)
    sys.stdout.write(render(fmt, report))
    ev = report.evaluation
    assert ev is not None  # a debate without errors is evaluated
    if not ev.complete_search:
        from ..report.evaluation_text import count_of

        sys.stderr.write(
            f"argmap: {ev.semantics.value} semantics: the search stopped at the {timeout:g} s timeout, unfinished; "
            f"{count_of(ev.extension_count or 0, 'whole extension')} found so far; the acceptance of "
            f"{len(ev.unsettled or []):,} of {len(ev.labels):,} arguments is not settled; grounded semantics "
            "always answers\n"
        )
        raise typer.Exit(1)
