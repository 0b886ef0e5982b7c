"""Diagnostics for one edit in `argmap lsp`: a 2,000-node map inside a 10,000-node debate, and a 100-node map.

Each edit is a quote changed in the unsaved buffer (the next edit puts it back), sent as an editor sends
it; the time runs from the change leaving the client to the diagnostics of that version arriving, with
the debounce set to 0 (so the pause an editor waits for typing to stop is not counted). Beside it: the same
edit checked in-process by the server's library calls, and the peer a plain re-check would be, validating
the whole debate again (`open_debate` of the folder with the buffer laid over it, every file's findings).
Targets: 150 ms and 20 ms.

Run: .venv/bin/python benchmarks/bench_lsp.py [EDITS]
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import ROOT, generate  # noqa: E402

WRONG = "Russia demands a guaranty"  # replaces the start of one quote: not in the source


def debate(folder: Path, sizes: list[int]) -> Path:
    """Maps of the given sizes in `folder`, each with cross-links into the next; returns the first map's path."""
    folder.mkdir(parents=True)
    paths = []
    for index, size in enumerate(sizes):
        data = generate(size)
        data["id"] = f"map-{index}"
        data["$schema"] = "../schemas/argmap.schema.json"
        if len(sizes) > 1:
            after = f"map-{(index + 1) % len(sizes)}"
            for child in data["claim"]["children"]:
                child["attacks" if child["kind"] != "premise" else "supports"] = [f"{after}:n{size // 2}"]
        path = folder / f"map-{index}.json"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0]


def edits(text: str) -> tuple[str, str]:
    """The text with one quote made wrong, and as it was."""
    marker = '"text": "'
    at = text.index(marker, text.index('"quote"')) + len(marker)
    return text[:at] + WRONG + text[at + 12 :], text


def in_process(path: Path, rounds: int) -> tuple[list[float], list[float], float]:
    """The server's work for one edit (re-read, check in the debate, place the findings), and the peer's."""
    from argmap.debate import open_debate
    from argmap.lsp.live import LiveDebate
    from argmap.lsp.server import ArgmapServer

    live = LiveDebate(path.parent)
    server = ArgmapServer(0)
    wrong, right = edits(path.read_text(encoding="utf-8"))
    times, cpu = [], []
    gc.disable()  # as the server runs: the collector waits for a quiet moment
    for n in range(rounds):
        text = wrong if n % 2 == 0 else right
        start, start_cpu = time.perf_counter(), time.process_time()
        live.set_text(path, text)
        issues = live.check([path])[path]
        server.diagnostics(path, text, issues)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert bool(issues) == (n % 2 == 0), [i.message for i in issues]
    gc.enable()
    peer = []
    for _ in range(3):
        start = time.perf_counter()
        fresh = open_debate([path.parent], overlay={path: wrong}, recursive=False)
        _ = [fresh.findings_of(f) for f in fresh.files]
        peer.append(time.perf_counter() - start)
    return times, cpu, min(peer)


async def over_stdio(path: Path, rounds: int) -> list[float]:
    """Change sent to diagnostics received, through a real `argmap lsp` process."""
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    arrived: asyncio.Queue = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((params.version, time.perf_counter(), len(params.diagnostics)))

    await client.start_io(sys.executable, "-m", "argmap", "lsp", "--debounce", "0", cwd=str(path.parent.parent))
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
    client.initialized(lsp.InitializedParams())
    uri = path.as_uri()
    wrong, right = edits(path.read_text(encoding="utf-8"))
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "json", 1, right)))
    await asyncio.wait_for(arrived.get(), 120)
    times = []
    for n in range(rounds):
        version = n + 2
        text = wrong if n % 2 == 0 else right
        start = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version, uri), [lsp.TextDocumentContentChangeWholeDocument(text)]
            )
        )
        while True:
            got, when, count = await asyncio.wait_for(arrived.get(), 120)
            if got == version:
                break
        assert bool(count) == (n % 2 == 0)
        times.append(when - start)
        # The files this edit may affect are re-checked after it: let the server fall quiet before the next.
        while True:
            try:
                await asyncio.wait_for(arrived.get(), 1.0)
            except TimeoutError:
                break
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def row(name: str, target: str, live: list[float], cpu: list[float], process: list[float], peer: float) -> str:
    def ms(values: list[float]) -> str:
        return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f}"

    return f"| {name} | {ms(process)} | {ms(live)} | {ms(cpu)} | {peer * 1000:.0f} | {target} |"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "seeds", project / "seeds")
        shutil.copytree(ROOT / "schemas", project / "schemas")
        big = debate(project / "maps", [2000, 2000, 2000, 2000, 2000])
        small = debate(project / "small", [100])
        lines = [
            "| one edit (quote made wrong, then right) | over stdio, ms best / median | in-process, ms best / median "
            "| in-process CPU time, ms best / median | peer: re-validate the whole debate, ms | target |",
            "|---|---|---|---|---|---|",
        ]
        for name, path, target in (
            ("2,000-node map in a 10,000-node debate (5 maps, cross-linked)", big, "150 ms"),
            ("100-node map", small, "20 ms"),
        ):
            live, cpu, peer = in_process(path, rounds)
            process = asyncio.run(over_stdio(path, rounds))
            lines.append(row(name, target, live, cpu, process, peer))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        lines.append(f"\n{rounds} edits each; load average {load:.1f} on {os.cpu_count()} cores at the end")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
