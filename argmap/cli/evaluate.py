"""The `evaluate` command: which arguments of a debate stand under Dung's semantics."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..vocab import EvaluationFormat, Semantics, SupportMode
from .app import command
from .main import PathsArg


@command()
def evaluate(
    paths: PathsArg = None,
    semantics: Annotated[
        Semantics,
        typer.Option(help="grounded (a label per node), or preferred, stable, complete (the extensions)."),
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
            help="Say why MAP:NODE has its grounded label, down to nodes nothing attacks.", metavar="MAP:NODE"
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(help="Project root that source paths are relative to (default: found from each map)."),
    ] = None,
) -> None:
    """Evaluate a debate: each node an argument, each rebuttal and `attacks` link an attack.

    The debate is the whole folder the paths are in (attacks cross maps). Grounded semantics labels
    every node in, out or undec; preferred, stable and complete list the extensions and which nodes
    are accepted in every one (sceptically) or in some (credulously). Exit 0 for any valid debate,
    whatever the labels; 1 when a map is invalid (its problems are listed); 2 for a usage error.
    """
    from ..report import render
    from ..semantics.run import evaluate_paths

    report = evaluate_paths(paths or [Path("maps")], semantics, support, explain, root=root)
    if not report.ok:
        sys.stderr.write(render("text", report.validation))
        sys.stderr.write("argmap: the debate has errors; nothing was evaluated\n")
        raise typer.Exit(1)
    sys.stdout.write(render(fmt.value, report))
