"""argmap for AI assistants: the debate served over the Model Context Protocol (`argmap mcp`).

`tools` and `resources` answer in argmap's terms and know nothing of the protocol; `server` binds them
to the official MCP SDK, which is imported only when a server starts.
"""

from __future__ import annotations

import gc
from pathlib import Path

from ..errors import UsageError
from ..perf import ending_without_freeing

INSTALL = "pip install 'argmap[mcp]'"


def serve(folder: Path | str, *, show_traceback: bool = False) -> None:
    """Serve the debate in `folder` over stdio until the client hangs up."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder of maps (give the debate folder to serve)")
    try:
        from .server import run
    except ImportError as exc:
        if exc.name is None or exc.name.split(".")[0] != "mcp":
            raise
        raise UsageError(f"argmap mcp needs the MCP SDK, which is not installed: {INSTALL}") from None
    # The CLI turns the cyclic collector off for its short runs, and keeps what they are done with to the end;
    # a server runs for hours.
    gc.enable()
    ending_without_freeing(False)
    run(folder, show_traceback)
