"""Commands that check maps: `validate` and `schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import Findings
from ..report import format_choices
from .app import PathsArg, command, say

if TYPE_CHECKING:
    from ..vocab import ReportFormat as FindingsFormat
else:
    FindingsFormat = format_choices(Findings)


@command()
def validate(
    paths: PathsArg = None,
    fmt: Annotated[
        FindingsFormat, typer.Option("--format", "-f", help="Report as text, json, github annotations or markdown.")
    ] = FindingsFormat.TEXT,
    root: Annotated[
        Path | None,
        typer.Option(help="Project root that source paths are relative to (default: found from each map)."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too (for CI).")] = False,
) -> None:
    """Check maps against the schema and the semantic rules; report every problem at its place.

    A folder of maps is one debate: cross-links resolve among its maps. A JSON file in a folder that
    is surely no map (no argmap $schema, none of a map's keys: a package.json) is skipped and named;
    a file named on its own is always checked. Exit 0 when every map is valid, 1 when any is not
    (with --strict, also when there are warnings), 2 for a usage error.
    """
    from ..debate import open_debate
    from ..report import render

    debate = open_debate(paths or [Path("maps")], root=root)
    result = debate.findings
    for name in debate.skipped:
        say(f"argmap: skipped {name}: JSON that is no map (no argmap $schema; no claim, id or sides)", err=True)
    sys.stdout.write(render(fmt, result))
    failed = not result.ok or (strict and result.warnings > 0)
    raise typer.Exit(1 if failed else 0)


@command()
def schema(
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the committed schema is out of date.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Write the schema to its committed file.")] = False,
    path: Annotated[Path, typer.Option(help="The committed schema file.")] = Path("schemas/argmap.schema.json"),
) -> None:
    """Print the JSON Schema of map files, generated from the models (or check/write the committed copy)."""
    from ..io import schema as schemas

    if check:
        schemas.check_committed(path)
        say(f"{path}: up to date")
    elif write:
        schemas.write_committed(path)
        say(f"wrote {path}")
    else:
        sys.stdout.write(schemas.schema_text())
