"""Commands that publish the debate as web pages: `site` (static files) and `serve` (live, on 127.0.0.1)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import PathsArg, command, say

RootOption = Annotated[
    Path | None, typer.Option(help="Project root that source paths are relative to (default: found from each map).")
]
TitleOption = Annotated[str, typer.Option(help="Title of the index page.")]
DiagramsOption = Annotated[
    bool, typer.Option("--diagrams/--no-diagrams", help="Give each map page a diagram view (drawn with Graphviz).")
]


def _report(issues) -> bool:
    """Print the errors (warnings only counted by code: `argmap validate` lists them); True if there were errors."""
    from ..report.lines import text_line, warnings_by_code

    errors = [i for i in issues if i.is_error]
    for issue in errors:
        say(text_line(issue), err=True)
    counted = warnings_by_code(issues)
    if counted:
        say(f"{counted}; `argmap validate` lists them", err=True)
    return bool(errors)


@command()
def site(
    paths: PathsArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the site into.")] = Path("site"),
    title: TitleOption = "The debate",
    root: RootOption = None,
    diagrams: DiagramsOption = True,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that is not empty though argmap did not make it.")
    ] = False,
) -> None:
    """Write the debate as a static web site: index.html, a page per map, the sources, the assets.

    The site needs no network and no server: open index.html from disk or put the folder on any
    static host. Maps with errors are reported and left out; exit 1 if there were any. A folder
    argmap did not make is written into only when empty, or with --force (docs/security.md).
    """
    from ..site import site_from_paths
    from ..terminal import printable

    result, checked = site_from_paths(
        paths or [Path("maps")], out, root=root, title=title, diagrams=diagrams, force=force
    )
    failed = _report(checked.issues)
    for note in result.notes:
        say(f"argmap: {printable(note)}", err=True)
    pages = len(checked.maps)
    say(f"wrote {out / 'index.html'} and {pages} map page{'s' if pages != 1 else ''}")
    raise typer.Exit(1 if failed else 0)


@command()
def serve(
    paths: PathsArg = None,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to serve on (0: any free port).")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            help="Address to serve on. Anything but loopback (e.g. 0.0.0.0 in a container) shows the debate "
            "to the network."
        ),
    ] = "127.0.0.1",
    title: TitleOption = "The debate",
    root: RootOption = None,
    diagrams: DiagramsOption = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request.")] = False,
) -> None:
    """Serve the debate's site on http://127.0.0.1:PORT/ and rebuild it whenever a map or source is saved.

    Open pages update themselves within a second or two. When a saved map is invalid, the pages show
    its problems (as `argmap validate` reports them) until it is fixed. Ctrl-C, SIGTERM or SIGHUP stops the
    server. It answers only requests made to localhost, 127.0.0.1 or [::1] (and --host) on its port
    (docs/security.md).
    """
    import gc

    from ..perf import ending_without_freeing
    from ..site import LiveSite
    from ..site.guard import is_loopback
    from ..terminal import printable

    # The CLI turns the cyclic collector off for short runs, and keeps what they are done with to the end;
    # a server rebuilds for hours and needs both.
    gc.enable()
    ending_without_freeing(False)

    def built(state) -> None:
        if state.ok:
            say(f"built version {state.version}: {state.maps} map{'s' if state.maps != 1 else ''}", err=True)
        else:
            for line in state.problems:
                say(printable(line), err=True)
            say(f"{state.summary}; the pages show these problems until they are fixed", err=True)

    live = LiveSite(
        paths or [Path("maps")],
        host=host,
        port=port,
        root=root,
        title=title,
        diagrams=diagrams,
        on_build=built,
        on_request=(lambda line: say(printable(line), err=True)) if verbose else None,
        on_error=lambda line: say(f"argmap: {printable(line)}", err=True),
    )
    if not is_loopback(host):
        say(
            f"argmap: warning: serving on {host}: anyone who can reach this machine on the port can read the debate",
            err=True,
        )
    with live.stopping_on_signals():
        live.start()
        say(f"serving {live.url} (Ctrl-C to stop)")
        live.wait()
    try:
        say("stopped")
        sys.stdout.flush()
    except OSError:
        # Nobody reads the output any more (a hangup closed the terminal): the server has stopped all the
        # same; stdout goes to devnull so that Python's own flush at exit does not fail as well.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
