"""The `argmap` command line: a thin typer layer over the library, one module per command group.

`load_commands()` gives the whole app; `app` holds the commands of the modules imported so far (a run
imports the one it names).
"""

from __future__ import annotations

from .app import app, load_commands, main

__all__ = ["app", "load_commands", "main"]
