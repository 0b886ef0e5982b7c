"""The `export` and `import` groups: maps to and from other text formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import app, command, say

export_app = typer.Typer(help="Write a map in another format.", no_args_is_help=True)
import_app = typer.Typer(help="Read a map from another format.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]


@command(export_app, "outline")
def export_outline(
    path: Annotated[Path, typer.Argument(help="The map file.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (default: print).")] = None,
    force: ForceOpt = False,
) -> None:
    """Write a map as an outline: argmap export outline MAP [-o FILE]."""
    from ..formats.outline import export_outline
    from ..io.files import write_new
    from ..io.loader import load

    text = export_outline(load(path))
    if output is None:
        sys.stdout.write(text)
        return
    write_new(output, text, overwrite=force)
    say(f"wrote {output}")


@command(import_app, "outline")
def import_outline(
    source: Annotated[Path, typer.Argument(help="The outline file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The map file to write.")],
    force: ForceOpt = False,
) -> None:
    """Read an outline into a map file: argmap import outline FILE -o MAP."""
    from ..authoring.imports import import_outline

    import_outline(source, output, overwrite=force)
    say(f"wrote {output}")
