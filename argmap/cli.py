"""The `argmap` command line: a thin typer layer; each command loads, calls the library, reports."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="argmap",
    help="Map and debate arguments: validate, render and author argument maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"argmap: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Map files or folders of maps (default: maps/).")] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Report as text, json or github annotations.")
    ] = Format.text,
    root: Annotated[
        Path | None,
        typer.Option(help="Project root that source paths are relative to (default: found from each map)."),
    ] = None,
) -> None:
    """Check maps against the schema and the semantic rules; report every problem at its place.

    Exit 0 when every map is valid, 1 when any is not, 2 for a usage error.
    """
    from .errors import UsageError
    from .report import render
    from .validate import validate_paths

    try:
        result = validate_paths(paths or [Path("maps")], root=root)
    except UsageError as exc:
        _fail(str(exc), 2)
    sys.stdout.write(render(fmt.value, result.files, result.issues))
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def schema(
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the committed schema is out of date.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Write the schema to its committed file.")] = False,
    path: Annotated[Path, typer.Option(help="The committed schema file.")] = Path("schemas/argmap.schema.json"),
) -> None:
    """Print the JSON Schema of map files, generated from the models (or check/write the committed copy)."""
    from .schema import schema_text
    from .write import write_atomic

    text = schema_text()
    if check:
        try:
            committed = path.read_text(encoding="utf-8")
        except OSError as exc:
            _fail(f"{path}: cannot read the committed schema ({exc.strerror}); run `argmap schema --write`")
        if committed != text:
            _fail(f"{path}: out of date with the models; run `argmap schema --write` and commit it")
        typer.echo(f"{path}: up to date")
        return
    if write:
        write_atomic(path, text)
        typer.echo(f"wrote {path}")
        return
    sys.stdout.write(text)


class ImageFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"


class RankDir(StrEnum):
    TB = "TB"
    BT = "BT"
    LR = "LR"
    RL = "RL"


@app.command()
def render(
    paths: Annotated[list[Path] | None, typer.Argument(help="Map files or folders of maps (default: maps/).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write diagrams into.")] = Path("diagrams"),
    formats: Annotated[
        list[ImageFormat] | None, typer.Option("--format", "-f", help="svg, png, pdf or dot; repeat for several.")
    ] = None,
    overview: Annotated[
        bool, typer.Option("--overview", help="Also draw the whole debate in one diagram: each map a cluster.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Title of the overview diagram.")] = None,
    wrap: Annotated[int, typer.Option(min=10, max=200, help="Wrap node text at this many characters.")] = 36,
    rankdir: Annotated[RankDir, typer.Option(help="Layout direction: TB, BT, LR or RL.")] = RankDir.TB,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="Draw the legend of sides and kinds.")] = True,
    max_depth: Annotated[
        int | None, typer.Option(min=0, help="Draw nodes down to this depth (the claim is 0).")
    ] = None,
    sides: Annotated[
        list[str] | None, typer.Option("--side", help="Draw only nodes of this side (repeat); the claim always shows.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not show progress.")] = False,
) -> None:
    """Render maps to diagrams (default: every map in maps/ to diagrams/*.svg).

    Maps with errors are reported and not drawn. Exit 1 if any map or format failed.
    """
    from .errors import UsageError
    from .render.files import render_paths
    from .render.graph import Options
    from .report import text_line

    def progress(number: int, total: int, name: str) -> None:
        if not quiet:
            typer.echo(f"[{number}/{total}] {name}", err=True)

    options = Options(
        wrap=wrap,
        rankdir=rankdir.value,
        legend=legend,
        max_depth=max_depth,
        sides=frozenset(sides) if sides else None,
    )
    try:
        result = render_paths(
            paths or [Path("maps")],
            out,
            [f.value for f in formats or [ImageFormat.svg]],
            options,
            overview=overview,
            overview_title=title,
            progress=progress,
        )
    except UsageError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(f"{exc.filename or out}: cannot write ({exc.strerror})")
    for issue in result.issues:
        typer.echo(text_line(issue), err=True)
    for failure in result.failures:
        typer.echo(f"argmap: {failure}", err=True)
    for path in result.written:
        typer.echo(f"wrote {path}")
    raise typer.Exit(0 if result.ok else 1)


def main() -> None:
    """Entry point: run the app; an unexpected failure is one line, not a traceback."""
    # argmap uses no pydantic plugins; looking for them scans every installed package at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("argmap: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        typer.echo(f"argmap: internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
        sys.exit(70)
