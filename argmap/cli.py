"""The `argmap` command line: a thin typer layer; each command loads, calls the library, reports."""

from __future__ import annotations

import gc
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


class ImageFormat(StrEnum):  # a copy of render.files.FORMATS, for the reason given at KindName
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


# ---------------------------------------------------------------- authoring


# The CLI's own copies of model.Kind and render.files.FORMATS: importing those modules here would load
# pydantic for every command, `--help` included.
class KindName(StrEnum):
    premise = "premise"
    rebuttal = "rebuttal"
    counter_rebuttal = "counter-rebuttal"
    claim = "claim"


def _refuse(exc) -> None:
    """Report a refused change or a bad request: the reason, then each located problem; exit 1."""
    from .report import text_line

    typer.echo(f"argmap: {exc}", err=True)
    for issue in getattr(exc, "issues", []):
        typer.echo(text_line(issue), err=True)
    raise typer.Exit(1)


def _change(path: Path, edit):
    from .errors import ArgmapError
    from .store import change

    try:
        return change(path, edit)[1]
    except ArgmapError as exc:
        _refuse(exc)


MapArg = Annotated[Path, typer.Argument(help="The map file.")]
SpeakerOpt = Annotated[str | None, typer.Option(help="Who said it, with the title the source gives ('' removes it).")]
SourceOpt = Annotated[str | None, typer.Option(help="Id of the declared source quoted.")]
QuoteOpt = Annotated[str | None, typer.Option(help="The verbatim passage (checked against the source).")]


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="The map file to create (refused if it exists).")],
    title: Annotated[str, typer.Option(help="Title of the map.")],
    claim: Annotated[str, typer.Option(help="Text of the root claim.")],
    side: Annotated[
        list[str], typer.Option(help="A side as ID or ID=Name; repeat for more. The first holds the claim.")
    ],
    description: Annotated[str | None, typer.Option(help="What the map covers.")] = None,
    map_id: Annotated[str | None, typer.Option("--id", help="Map id (default: the file name).")] = None,
    claim_id: Annotated[str | None, typer.Option(help="Id of the claim (default: made from its text).")] = None,
) -> None:
    """Start a new map: a root claim and its sides."""
    import os

    from .checks import find_root
    from .edit import new_map, parse_side
    from .errors import ArgmapError
    from .store import create

    schema = find_root(path.absolute()) / "schemas" / "argmap.schema.json"
    schema_uri = os.path.relpath(schema, path.absolute().parent) if schema.is_file() else None
    try:
        m = new_map(map_id or path.stem, title, claim, [parse_side(s) for s in side], description, claim_id, schema_uri)
        create(path, m)
    except ArgmapError as exc:
        _refuse(exc)
    typer.echo(f"created {path} with claim '{m.claim.id}'")


@app.command()
def add(
    path: MapArg,
    parent: Annotated[str, typer.Argument(help="Id of the node this one answers.")],
    kind: Annotated[KindName, typer.Option(help="premise, rebuttal or counter-rebuttal.")],
    side: Annotated[str, typer.Option(help="Id of a declared side.")],
    text: Annotated[str, typer.Option(help="The point, paraphrasing its quote.")],
    node_id: Annotated[str | None, typer.Option("--id", help="Node id (default: made from the text).")] = None,
    speaker: SpeakerOpt = None,
    source: SourceOpt = None,
    quote: QuoteOpt = None,
    supports: Annotated[list[str] | None, typer.Option(help="Cross-link: a node this one supports.")] = None,
    attacks: Annotated[list[str] | None, typer.Option(help="Cross-link: a node this one attacks.")] = None,
) -> None:
    """Add a node under PARENT and print its id."""
    from .edit import add_node
    from .model import Kind

    new_id = _change(
        path,
        lambda m: add_node(m, parent, Kind(kind.value), side, text, node_id, speaker, source, quote, supports, attacks),
    )
    typer.echo(new_id)


@app.command()
def edit(
    path: MapArg,
    node: Annotated[str, typer.Argument(help="Id of the node to change.")],
    text: Annotated[str | None, typer.Option(help="New text.")] = None,
    side: Annotated[str | None, typer.Option(help="New side id.")] = None,
    speaker: SpeakerOpt = None,
    source: SourceOpt = None,
    quote: QuoteOpt = None,
    kind: Annotated[KindName | None, typer.Option(help="New kind.")] = None,
) -> None:
    """Change a node's text, side, speaker, quote or kind."""
    from .edit import edit_node
    from .model import Kind

    _change(path, lambda m: edit_node(m, node, text, side, speaker, source, quote, Kind(kind.value) if kind else None))
    typer.echo(f"edited '{node}'")


@app.command()
def move(
    path: MapArg,
    node: Annotated[str, typer.Argument(help="Id of the node to move (with its subtree).")],
    new_parent: Annotated[str, typer.Argument(help="Id of its new parent.")],
) -> None:
    """Move a node and its subtree under another parent (refuses cycles and kind-grammar breaks)."""
    from .edit import move_node

    _change(path, lambda m: move_node(m, node, new_parent))
    typer.echo(f"moved '{node}' under '{new_parent}'")


@app.command()
def remove(
    path: MapArg,
    node: Annotated[str, typer.Argument(help="Id of the node to remove.")],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Also remove the nodes below it.")] = False,
    unlink: Annotated[bool, typer.Option(help="Also remove cross-links that point at removed nodes.")] = False,
) -> None:
    """Remove a node (refuses one with children unless --recursive; reports links left dangling)."""
    from .edit import remove_node

    removed = _change(path, lambda m: remove_node(m, node, recursive, unlink))
    typer.echo(f"removed {', '.join(repr(r) for r in removed)}")


@app.command()
def show(
    path: MapArg,
    depth: Annotated[int | None, typer.Option(min=0, help="Show nodes down to this depth (the claim is 0).")] = None,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour (default: when the terminal supports it).")
    ] = None,
) -> None:
    """Print a map as an indented tree: kind, id, side, text."""
    import os

    from .errors import ArgmapError
    from .loader import load
    from .show import tree_lines

    try:
        m = load(path)
    except ArgmapError as exc:
        _refuse(exc)
    if color is None:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    typer.echo("\n".join(tree_lines(m, depth, color)), color=color)


side_app = typer.Typer(help="Declare the sides of a map.", no_args_is_help=True)
source_app = typer.Typer(help="Declare the source documents of a map.", no_args_is_help=True)
export_app = typer.Typer(help="Write a map in another format.", no_args_is_help=True)
import_app = typer.Typer(help="Read a map from another format.", no_args_is_help=True)
app.add_typer(side_app, name="side")
app.add_typer(source_app, name="source")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@side_app.command("add")
def side_add(
    path: MapArg,
    side_id: Annotated[str, typer.Argument(help="Id of the side, e.g. united-states.")],
    name: Annotated[str | None, typer.Option(help="Display name (default: from the id).")] = None,
    description: Annotated[str | None, typer.Option(help="Who the side is.")] = None,
    color: Annotated[str | None, typer.Option(help="Fill colour #RRGGBB (default: the palette).")] = None,
) -> None:
    """Declare a side: argmap side add MAP ID --name NAME."""
    from .edit import add_side, side_name

    _change(path, lambda m: add_side(m, side_id, name or side_name(side_id), description, color))
    typer.echo(f"declared side '{side_id}'")


@source_app.command("add")
def source_add(
    path: MapArg,
    source_id: Annotated[str, typer.Argument(help="Id of the source, e.g. guide.")],
    source_path: Annotated[str, typer.Option("--path", help="Path of the text, relative to the project root.")],
    title: Annotated[str, typer.Option(help="Title of the document.")],
    date: Annotated[str, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    description: Annotated[str | None, typer.Option(help="What the document is.")] = None,
) -> None:
    """Declare a source document: argmap source add MAP ID --path P --title T --date D."""
    from .edit import add_source

    _change(path, lambda m: add_source(m, source_id, source_path, title, date, publisher, url, description))
    typer.echo(f"declared source '{source_id}'")


@export_app.command("outline")
def export_outline_cmd(
    path: MapArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (default: print).")] = None,
) -> None:
    """Write a map as an outline: argmap export outline MAP [-o FILE]."""
    from .errors import ArgmapError
    from .loader import load
    from .outline import export_outline
    from .write import write_atomic

    try:
        text = export_outline(load(path))
    except ArgmapError as exc:
        _refuse(exc)
    if output is None:
        sys.stdout.write(text)
        return
    if output.is_dir():
        _fail(f"{output}: is a folder; give a file name")
    write_atomic(output, text)
    typer.echo(f"wrote {output}")


@import_app.command("outline")
def import_outline_cmd(
    source: Annotated[Path, typer.Argument(help="The outline file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The map file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the map file if it exists.")] = False,
) -> None:
    """Read an outline into a map file: argmap import outline FILE -o MAP."""
    from .errors import ArgmapError
    from .outline import import_file

    try:
        import_file(source, output, overwrite=force)
    except ArgmapError as exc:
        _refuse(exc)
    typer.echo(f"wrote {output}")


def main() -> None:
    """Entry point: run the app; an unexpected failure is one line, not a traceback."""
    # argmap uses no pydantic plugins; looking for them scans every installed package at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    # A short run that builds many long-lived, acyclic objects: the cyclic collector would rescan them
    # again and again (5x the cost of walking a 20,000-node map) and free nothing. Reference counting
    # still frees everything else.
    gc.disable()
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("argmap: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        typer.echo(f"argmap: internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
        sys.exit(70)
