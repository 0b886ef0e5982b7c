"""The `mcp` command: serve a debate to AI assistants over the Model Context Protocol."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import _state, command


@command()
def mcp(
    folder: Annotated[Path, typer.Argument(help="The debate folder to serve (default: maps/).")] = Path("maps"),
) -> None:
    """Serve a debate to AI assistants over MCP (stdio): read, search, check and change its maps.

    An MCP client (Claude Desktop, Claude Code, VS Code, ...) starts this command and talks to it over
    stdin and stdout. Every change goes through the same checks and lock as the authoring commands.
    Needs the MCP SDK: pip install 'argmap[mcp]'. See docs/mcp.md.
    """
    from ..mcp import serve

    serve(folder, show_traceback=_state["traceback"])
