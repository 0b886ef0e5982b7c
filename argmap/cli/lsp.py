"""The lsp command: the language server for editors, over stdin and stdout."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import command


@command()
def lsp(
    debounce: Annotated[
        int, typer.Option(min=0, help="Milliseconds of quiet after a change before the buffer is checked.")
    ] = 300,
    stdio: Annotated[
        bool, typer.Option("--stdio", help="Talk over stdin and stdout (the only way; editors ask).")
    ] = True,
) -> None:
    """Run the language server: live diagnostics, hover, go to definition, completion and rename for maps."""
    from ..lsp import serve

    serve(debounce / 1000)
