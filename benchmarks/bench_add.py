"""Benchmark the write path: one `argmap add` into a 100,000-node map (no quotes, about 15 MiB).

Whole-process time and peak memory of the child, median of a few runs:
    python benchmarks/bench_add.py [NODES] [RUNS]
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, generate  # noqa: E402


def main() -> None:
    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "seeds", project / "seeds")
        (project / "maps").mkdir()
        data = generate(nodes, fanout=300)  # a wide tree, as debates are: shallow indentation
        # Without quotes or speakers and with short texts (about 15 MiB): the write path, not quote matching.
        stack = [data["claim"]]
        while stack:
            node = stack.pop()
            node.pop("quote", None)
            node.pop("speaker", None)
            node["text"] = node["text"][:24]
            stack.extend(node.get("children", []))
        data.pop("sources")
        path = project / "maps" / "big.json"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        size = path.stat().st_size
        times = []
        for run in range(runs):
            started = time.perf_counter()
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "argmap",
                    "add",
                    "maps/big.json",
                    "n0",
                    "--kind",
                    "premise",
                    "--side",
                    "russia",
                    "--text",
                    f"Added point {run}.",
                    "--speaker",
                    "Bench",
                ],
                cwd=project,
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - started)
            if proc.returncode != 0:
                raise SystemExit(f"add failed: {proc.stderr}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"add into a {nodes:,}-node map ({size / 2**20:.1f} MiB): median {statistics.median(times):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)}), peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
