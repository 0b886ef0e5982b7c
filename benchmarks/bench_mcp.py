"""Benchmark `argmap mcp` on the seed debate: start-up, and read tools answered, over stdio as a client sees them.

Start-up is the time from starting the process to its answer to `initialize`. Side by side, in the same
run: the interpreter alone, importing the MCP SDK alone (the floor no SDK server can go under), and a
one-tool server on the same SDK that does nothing else (the peer). Each read tool is then timed as a
round trip of `tools/call` on a started server: the first call, and the median of the rest.
    python benchmarks/bench_mcp.py [RUNS] [CALLS]
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PEER = """
import anyio
from mcp import types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

async def list_tools(ctx, params):
    return types.ListToolsResult(tools=[types.Tool(name="ping", input_schema={"type": "object"})])

async def call_tool(ctx, params):
    return types.CallToolResult(content=[types.TextContent(type="text", text="pong")])

server = Server("peer", on_list_tools=list_tools, on_call_tool=call_tool)

async def main():
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())

anyio.run(main)
"""

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "bench", "version": "0"},
    },
}


class Session:
    """A server process spoken to in JSON-RPC lines, as an MCP client over stdio does."""

    def __init__(self, command: list[str], cwd: Path):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.next_id = 1

    def send(self, message: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def answer(self, wanted: int) -> dict:
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit(f"the server closed its output; {self.proc.args} failed")
            message = json.loads(line)
            if message.get("id") == wanted:
                return message

    def initialize(self) -> float:
        self.send(INITIALIZE)
        self.answer(0)
        elapsed = time.perf_counter() - self.started
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return elapsed

    def call(self, name: str, arguments: dict) -> tuple[float, dict]:
        ident = self.next_id
        self.next_id += 1
        started = time.perf_counter()
        self.send(
            {"jsonrpc": "2.0", "id": ident, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
        )
        result = self.answer(ident)
        elapsed = time.perf_counter() - started
        if "error" in result or result["result"].get("isError"):
            raise SystemExit(f"{name} failed: {result}")
        return elapsed, result["result"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def process_time(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def import_time(modules: str, cwd: Path) -> float:
    """How long importing `modules` takes inside a fresh interpreter (its start and exit left out)."""
    probe = (
        f"import sys, time; t = time.perf_counter(); import {modules}; sys.stdout.write(str(time.perf_counter() - t))"
    )
    return float(
        subprocess.run([sys.executable, "-c", probe], cwd=cwd, check=True, capture_output=True, text=True).stdout
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for folder in ("seeds", "maps", "schemas"):
            shutil.copytree(ROOT / folder, project / folder)
        (project / "peer.py").write_text(PEER, encoding="utf-8")
        argmap = [python, "-m", "argmap", "mcp", "maps"]

        def started(command: list[str]) -> float:
            session = Session(command, project)
            try:
                return session.initialize()
            finally:
                session.close()

        rows = [
            ("python -c pass (the interpreter)", lambda: process_time([python, "-c", "pass"], project)),
            (
                "importing the MCP SDK's server and stdio, inside the process (the SDK's floor)",
                lambda: import_time("mcp.server.lowlevel, mcp.server.stdio", project),
            ),
            ("peer: a one-tool server on the same SDK, to initialize answered", lambda: started([python, "peer.py"])),
            ("argmap mcp maps, to initialize answered", lambda: started(argmap)),
            (
                "argmap --version (the CLI's start, for scale)",
                lambda: process_time([python, "-m", "argmap", "--version"], project),
            ),
        ]
        print(f"Start-up, best and median of {runs} runs (machine load {open('/proc/loadavg').read().split()[0]}):")
        for label, measure in rows:
            times = sorted(measure() for _ in range(runs))
            print(f"  {ms(times[0])} best {ms(statistics.median(times))} median   {label}")

        session = Session(argmap, project)
        session.initialize()
        _, listed = session.call("list_maps", {})
        maps = listed["structuredContent"]["maps"]
        first = maps[0]
        reads = [
            ("list_maps", {}),
            ("show", {"map": first["id"]}),
            ("show", {"map": first["id"], "node": first["claim"]["id"]}),
            ("search", {"query": "iron guarantees"}),
            ("search", {"query": "NATO security guarantees Ukraine", "match": "words"}),
            ("validate", {}),
            ("evaluate", {}),
            ("coverage", {}),
        ]
        nodes = sum(m["nodes"] for m in maps)
        print(f"\nRead tools on the seed debate ({len(maps)} maps, {nodes} nodes), round trip over stdio:")
        print("      first    median of the next " + str(calls))
        for name, arguments in reads:
            first_call, _ = session.call(name, arguments)
            times = [session.call(name, arguments)[0] for _ in range(calls)]
            label = f"{name} {json.dumps(arguments)}" if arguments else name
            print(f"  {ms(first_call)} {ms(statistics.median(times))}   {label}")
        session.close()


if __name__ == "__main__":
    main()
