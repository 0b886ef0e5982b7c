"""Benchmark `argmap serve` under a burst: N live-reload event streams opened at once, until each has its answer.

Side by side in one run: the server's listen backlog against socketserver's default of 5 (the peer:
what `http.server` and argmap before issue 27 used).
    python benchmarks/bench_serve_burst.py [STREAMS]
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def burst(url: str, streams: int) -> tuple[float, int]:
    """Seconds from opening `streams` connections at once until each has read its status line or failed;
    and how many were answered (a connection the kernel dropped and then reset is not)."""
    host, port = url.split("//", 1)[1].strip("/").rsplit(":", 1)
    request = f"GET /_events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    start = threading.Barrier(streams + 1)
    answers: list[bool] = []
    sockets: list[socket.socket] = []

    def client() -> None:
        start.wait()
        try:
            conn = socket.create_connection((host, int(port)), timeout=120)
            sockets.append(conn)
            conn.sendall(request)
            answers.append(conn.recv(32).startswith(b"HTTP/1.0 200"))
        except OSError:
            answers.append(False)

    threads = [threading.Thread(target=client) for _ in range(streams)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    for conn in sockets:
        conn.close()
    return took, sum(answers)


def main() -> None:
    from argmap.site import LiveSite, serve

    streams = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "seeds", project / "seeds")
        shutil.copytree(ROOT / "maps", project / "maps")
        rows = []
        for label, backlog in (("argmap serve", serve.LISTEN_BACKLOG), ("socketserver default", 5)):
            serve._Server.request_queue_size = backlog
            with LiveSite([project / "maps"], port=0, diagrams=False) as site:
                rows.append((label, backlog, *burst(site.url, streams)))
        serve._Server.request_queue_size = serve.LISTEN_BACKLOG
    print(f"{streams} event streams opened at once, until each has its status line:")
    for label, backlog, took, answered in rows:
        print(f"  {label:<22} backlog {backlog:>5}: {took:6.2f} s, {answered} of {streams} answered")


if __name__ == "__main__":
    main()
