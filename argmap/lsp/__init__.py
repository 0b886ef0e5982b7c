"""The language server front end (`argmap lsp`): maps in the editor, checked in their debate as you type.

Like the CLI, a front end: it parses the protocol, calls the library and reports. pygls is imported only
when the server starts, so the CLI's start does not pay for it.
"""

from __future__ import annotations


def serve(debounce: float | None = None) -> None:
    """Serve the Language Server Protocol over stdin and stdout."""
    from .server import DEFAULT_DEBOUNCE, serve

    serve(DEFAULT_DEBOUNCE if debounce is None else debounce)
