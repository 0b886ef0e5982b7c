"""The `render` command: maps to diagrams."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..vocab import ImageFormat, Page, Semantics
from .app import PathsArg, command, say


@command()
def render(
    paths: PathsArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write diagrams into.")] = Path("diagrams"),
    formats: Annotated[
        list[ImageFormat] | None, typer.Option("--format", "-f", help="svg, png, pdf or dot; repeat for several.")
    ] = None,
    overview: Annotated[
        bool, typer.Option("--overview", help="Also draw the whole debate in one diagram: each map a cluster.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Title of the overview diagram.")] = None,
    wrap: Annotated[int, typer.Option(min=10, max=200, help="Wrap node text at this many characters.")] = 36,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="Draw the legend of sides and kinds.")] = True,
    max_depth: Annotated[
        int | None, typer.Option(min=0, help="Draw nodes down to this depth (the claim is 0).")
    ] = None,
    sides: Annotated[
        list[str] | None, typer.Option("--side", help="Draw only nodes of this side (repeat); the claim always shows.")
    ] = None,
    max_answers: Annotated[
        int | None,
        typer.Option(min=1, help="Draw at most N answers under a node; fold the rest into one '+N more' box."),
    ] = None,
    page: Annotated[
        Page,
        typer.Option(
            help="Split a map into pages by branch so each prints on this paper at >= 7 pt; none: one picture."
        ),
    ] = Page.A3,
    dpi: Annotated[int, typer.Option(min=24, max=1200, help="Resolution of PNG output, dots per inch.")] = 144,
    evaluate: Annotated[
        bool,
        typer.Option("--evaluate", help="Mark each node's grounded label with a badge (IN, OUT, UNDECIDED)."),
    ] = False,
    semantics: Annotated[
        Semantics,
        typer.Option(
            help="With --evaluate: grounded (the badge says IN, OUT or UNDECIDED), or dfquad or quadratic-energy "
            "(the badge is each node's strength from 0 to 1)."
        ),
    ] = Semantics.GROUNDED,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not show progress.")] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List every warning (default: counted by code; errors always listed)."),
    ] = False,
) -> None:
    """Render maps to diagrams (default: every map in maps/ to diagrams/*.svg).

    Maps with errors are reported and not drawn. Exit 1 if any map or format failed.
    """
    from ..render.files import render_paths
    from ..render.graph import Options
    from ..report.lines import text_line, warnings_by_code
    from ..terminal import printable

    def progress(number: int, total: int, name: str) -> None:
        if not quiet:
            say(f"[{number}/{total}] {printable(name)}", err=True)

    options = Options(
        wrap=wrap,
        legend=legend,
        max_depth=max_depth,
        sides=frozenset(sides) if sides else None,
        max_answers=max_answers,
        page=page,
        dpi=dpi,
        evaluate=evaluate,
        semantics=semantics,
    )
    result = render_paths(
        paths or [Path("maps")],
        out,
        [f.value for f in formats or [ImageFormat.SVG]],
        options,
        overview=overview,
        overview_title=title,
        progress=progress,
    )
    for issue in result.issues:
        if verbose or issue.is_error:
            say(text_line(issue), err=True)
    counted = None if verbose else warnings_by_code(result.issues)
    if counted:
        say(f"{counted}; --verbose lists each (so does `argmap validate`)", err=True)
    for failure in result.failures:
        say(f"argmap: {printable(failure)}", err=True)
    for warning in result.warnings:
        say(f"argmap: warning: {printable(warning)}", err=True)
    for path in result.written:
        say(f"wrote {path}")
    raise typer.Exit(0 if result.ok else 1)
