"""Commands for reviewing maps: `diff` (what changed) and `coverage` (how much of each source is cited)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..coverage import Coverage
from ..diff import Diff
from ..report import format_choices
from .app import command, say

if TYPE_CHECKING:
    from ..vocab import ReportFormat as CoverageFormat
    from ..vocab import ReportFormat as DiffFormat
else:
    DiffFormat = format_choices(Diff)
    CoverageFormat = format_choices(Coverage)


@command()
def diff(
    args: Annotated[
        list[str],
        typer.Argument(
            help="OLD NEW: two map files or folders; or REV [PATHS]: a git revision, compared with the "
            "working tree's maps under PATHS (default: maps/).",
            show_default=False,
            metavar="OLD NEW | REV [PATHS]",
        ),
    ],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Report as text, json or markdown.")
    ] = DiffFormat.TEXT,
) -> None:
    """Show what changed between two sets of maps: nodes added, removed, changed, moved, renamed; sides, sources, links.

    A first argument that names an existing file or folder is OLD; otherwise it is a git revision
    (HEAD, main, a commit), read with git, and a second revision (REV1 REV2 [PATHS]) is compared with
    it instead of the working tree. Maps are matched by id (or by their claim's id), nodes
    by id, then by the same content under a new id (a rename). Exit 0 when nothing differs, 1 when
    something does, 2 when the comparison cannot be made (unknown revision, not a git repository,
    a map that cannot be read).
    """
    from ..diff import diff as compare
    from ..errors import ArgmapError
    from ..report import render

    try:
        result = compare(args)
        text = render(fmt, result)
    except ArgmapError as exc:
        exc.exit_code = 2  # as with diff(1): 1 says "differs", so any trouble is 2
        raise
    sys.stdout.write(text)
    raise typer.Exit(1 if result.differs else 0)


@command()
def coverage(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Map files or folders of maps (default: maps/).", show_default=False)
    ] = None,
    uncited: Annotated[
        bool, typer.Option("--uncited", help="List each uncited sentence with its line number.")
    ] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under", min=0, max=100, metavar="N", help="Exit 1 if any source has less than N percent cited."
        ),
    ] = None,
    fmt: Annotated[
        CoverageFormat, typer.Option("--format", "-f", help="Report as text, json or markdown.")
    ] = CoverageFormat.TEXT,
    root: Annotated[
        Path | None,
        typer.Option(help="Project root that source paths are relative to (default: found from each map)."),
    ] = None,
) -> None:
    """Show how much of each source the maps cite: sentences, sentences cited, percent, and the uncited ones.

    Sentence rule: a sentence ends at . ! or ? (closing quotes or brackets may follow) followed by
    white space, or at a blank line; sentences under 40 characters are not counted. A sentence is
    cited when a quote, matched as validate matches it (typographic quotes and runs of white space
    forgiven), covers any part of it. Any subset of a debate's maps will do. Exit 0 when the maps
    and sources could be read (with --fail-under N, 1 when a source is under N percent).
    """
    from ..coverage import coverage
    from ..debate import open_debate
    from ..report import render

    result = coverage(open_debate(paths or [Path("maps")], root), show_uncited=uncited)
    sys.stdout.write(render(fmt, result))
    if fail_under is not None:
        below = result.below(fail_under)
        for source in below:
            say(f"argmap: {source.source}: {source.percent:.1f}% cited, under --fail-under {fail_under:g}", err=True)
        raise typer.Exit(1 if below else 0)
