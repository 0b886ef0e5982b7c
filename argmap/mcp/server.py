"""The MCP server itself: argmap's tools and resources bound to the official SDK's low-level server, over stdio.

The only module that imports the SDK (its import alone takes most of a second; no other command pays it).
Tool calls run in worker threads, so a slow render does not stall the connection; writes from this
server take turns, and the debate folder's lock orders them with every other writer.
"""

from __future__ import annotations

import base64
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from mcp import types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError

from ..errors import ArgmapError
from ..io.files import too_long
from ..report.lines import text_line
from ..terminal import printable
from ..vocab import AnswerKind
from . import resources
from .tools import GRAMMAR, TOOLS, Folder, Reply, call, in_tool_terms

INSTRUCTIONS = (
    "argmap keeps a debate: a folder of argument maps. Each map is a claim tree: the root claim, and under "
    f"each node the nodes answering it ({', '.join(k.value for k in AnswerKind)}; {GRAMMAR}). Every node names "
    "its side and speaker and is backed by a verbatim quote from a declared source. Start with list_maps; "
    "find a passage with search before adding a node, and copy it into `quote` exactly: argmap refuses a "
    "quote its source does not contain, and any change that would make a map of the debate invalid; nothing "
    "is written then. validate lists every problem; render draws a map."
)


def _error_text(exc: ArgmapError, tool: str | None = None) -> str:
    """The refusal as the CLI says it (the one-line reason, then each located problem), in the tools' words."""
    return in_tool_terms("\n".join([printable(str(exc)), *(text_line(issue) for issue in exc.issues)]), tool)


def _result(reply: Reply) -> types.CallToolResult:
    content: list[Any] = [types.TextContent(type="text", text=reply.text)]
    if reply.image is not None:
        image = base64.b64encode(reply.image).decode("ascii")
        content.append(types.ImageContent(type="image", data=image, mime_type=reply.mime or "image/png"))
    return types.CallToolResult(content=content, structured_content=reply.data)


def _failure(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)


def _internal(exc: Exception, show_traceback: bool) -> str:
    if show_traceback:
        traceback.print_exception(exc, file=sys.stderr)
    return f"internal error: {type(exc).__name__}: {exc} (please report it)"


def build(folder: Folder, show_traceback: bool = False) -> Server:
    """The server for one debate folder."""
    import argmap

    tools = [
        types.Tool(
            name=tool.name,
            title=tool.title,
            description=tool.description,
            input_schema=tool.schema,
            annotations=types.ToolAnnotations(
                title=tool.title,
                read_only_hint=not tool.writes,
                destructive_hint=tool.destructive if tool.writes else None,
                open_world_hint=False,
            ),
        )
        for tool in TOOLS
    ]
    writes = {tool.name for tool in TOOLS if tool.writes}
    turn = anyio.Lock()

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        try:
            if params.name in writes:
                async with turn:
                    reply = await anyio.to_thread.run_sync(call, folder, params.name, params.arguments)
            else:
                reply = await anyio.to_thread.run_sync(call, folder, params.name, params.arguments)
        except ArgmapError as exc:
            return _failure(_error_text(exc, params.name))
        except Exception as exc:
            plain = too_long(exc) if isinstance(exc, OSError) else None
            if plain is not None:  # a name past the file system's limit that no check caught: still a refusal
                return _failure(_error_text(plain, params.name))
            return _failure(_internal(exc, show_traceback))
        return _result(reply)

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        try:
            listed = await anyio.to_thread.run_sync(resources.listed, folder)
        except ArgmapError as exc:
            raise MCPError(code=types.INVALID_PARAMS, message=printable(str(exc))) from None
        return types.ListResourcesResult(
            resources=[
                types.Resource(uri=r.uri, name=r.name, title=r.title, description=r.description, mime_type=r.mime)
                for r in listed
            ]
        )

    async def read_resource(ctx: Any, params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        uri = str(params.uri)
        try:
            text, mime = await anyio.to_thread.run_sync(resources.read, folder, uri)
        except ArgmapError as exc:
            raise MCPError(code=types.INVALID_PARAMS, message=_error_text(exc)) from None
        except Exception as exc:
            raise MCPError(code=types.INTERNAL_ERROR, message=_internal(exc, show_traceback)) from None
        return types.ReadResourceResult(contents=[types.TextResourceContents(uri=uri, text=text, mime_type=mime)])

    return Server(
        "argmap",
        version=argmap.__version__,
        title="argmap",
        description=f"The debate in {folder.path}: argument maps with verbatim, source-checked quotes.",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )


def _warm(folder: Folder) -> None:
    """Import what the tools use and read the debate once, while the client is still getting ready.

    The first call then answers as fast as the rest; a failure here is the first call's to report.
    """
    try:
        from ..report import text  # noqa: F401
        from ..semantics import run  # noqa: F401

        _ = folder.debate().findings
    except Exception:
        pass


def run(folder: Path, show_traceback: bool = False) -> None:
    """Serve the debate in `folder` over stdin and stdout until the client closes them."""
    server = build(Folder(folder), show_traceback)
    threading.Thread(target=_warm, args=(Folder(folder),), daemon=True, name="argmap-warm-up").start()

    async def main() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(main)
