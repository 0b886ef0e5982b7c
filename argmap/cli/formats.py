"""The `import` and `export` commands: maps from and to interchange formats (outline, AIF, Argdown, Kialo, GraphML)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..vocab import TextFormat
from .app import app, command, say

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace output files that exist.")]
NAMES = ", ".join(f.value for f in TextFormat)


def _format_and_path(args: list[str], option: TextFormat | None, flag: str) -> tuple[str | None, Path]:
    """`[FORMAT] PATH`: a format named before the path is the same as the option (today's spelling)."""
    from ..errors import UsageError

    if len(args) == 1:
        return (option.value if option else None), Path(args[0])
    if len(args) != 2:
        raise UsageError(f"give a file, optionally after its format: [FORMAT] PATH (formats: {NAMES})")
    named, path = args
    if named not in {f.value for f in TextFormat}:
        raise UsageError(f"unknown format '{named}' (formats: {NAMES})")
    if option is not None and option.value != named:
        raise UsageError(f"two formats given: '{named}' and {flag} {option.value}")
    return named, Path(path)


@command(app, "import")
def import_(
    args: Annotated[
        list[str], typer.Argument(metavar="[FORMAT] FILE", help="The file to read, after its format if named.")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="A folder (one map file per map), or a .json file for a single map."),
    ],
    from_: Annotated[
        TextFormat | None,
        typer.Option("--from", help="The file's format; guessed from its content when left out.", show_choices=True),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Read maps from AIF, Argdown, Kialo or outline: argmap import FILE [--from F] -o DIR|MAP.json."""
    from ..authoring.imports import import_into
    from ..report.lines import text_line

    fmt, source = _format_and_path(args, from_, "--from")
    result = import_into(source, output, fmt, overwrite=force)
    if result.guessed:
        say(f"{source}: read as {result.format} (guessed from its content; --from names another)", err=True)
    for line in result.losses:
        say(f"{source}: not kept: {line}", err=True)
    # Links to maps not imported yet matter now; the other warnings are the debate's, for `argmap validate`.
    others = 0
    for issue in result.warnings:
        if issue.code == "unknown-link":
            say(text_line(issue), err=True)
        else:
            others += 1
    if others:
        folder = output.parent if output.suffix.lower() == ".json" else output
        say(f"{others} other warnings (missing quotes, speakers...): see `argmap validate {folder}`", err=True)
    for path in result.written:
        say(f"wrote {path}")


@command(app, "export")
def export(
    args: Annotated[
        list[str], typer.Argument(metavar="[FORMAT] PATH", help="A map file, or a folder of maps (the debate).")
    ],
    to: Annotated[TextFormat | None, typer.Option("--to", help="The format to write.", show_choices=True)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (default: print).")] = None,
    force: ForceOpt = False,
) -> None:
    """Write maps as AIF, Argdown, Kialo, GraphML or outline: argmap export PATH --to F [-o FILE]."""
    from ..debate import open_debate
    from ..errors import UsageError
    from ..formats import export_debate, export_losses, get
    from ..io.files import write_output

    fmt, path = _format_and_path(args, to, "--to")
    if fmt is None:
        raise UsageError(f"name the format to write with --to ({NAMES})")
    get(fmt)  # an unknown format is said before any map is read
    debate = open_debate([path])
    text = export_debate(debate, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text, overwrite=force, inputs=[path])
    # What the format cannot hold is said, as an import says it: measured by reading the export back.
    for line in export_losses([m for _, m in debate.given_maps()], fmt, text):
        say(f"{path}: not kept in {fmt}: {line}", err=True)
    if output is not None:
        say(f"wrote {output}")
