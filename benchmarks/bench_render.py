"""Whole-process time and peak memory of `argmap render` to SVG on generated maps of 2,000, 10,000 and 50,000 nodes.

Each size is drawn twice: paged for A3 (the default: one SVG per page) and as one picture (--page none).

Run: .venv/bin/python benchmarks/bench_render.py
Peak memory is the largest resident set of the argmap process or the dot it starts.
Each map sits alone in its folder (a folder is a debate: a map drawn alone reads its siblings) and is
written as compact JSON (indented, 50,000 nodes pass the 20 MiB file limit). Median of 3 runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""


def main() -> None:
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    argmap = str(Path(sys.executable).parent / "argmap")
    # CPU seconds (argmap and its dot together) are what the run costs; on a machine shared with other
    # work the wall-clock seconds are longer by however long the processes waited for a core.
    print(f"{'nodes':>7} {'page':>5} {'seconds':>8} {'cpu s':>8} {'peak MB':>8} exit")
    for nodes in (2_000, 10_000, 50_000):
        path = out / f"g{nodes}" / f"generated-{nodes}.json"
        path.parent.mkdir(exist_ok=True)
        text = json.dumps(generate(nodes), ensure_ascii=False, separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        for page in ("a3", "none"):
            with tempfile.TemporaryDirectory() as target:
                runs = []
                for _ in range(3):
                    cmd = [
                        sys.executable,
                        "-c",
                        MEASURE,
                        argmap,
                        "render",
                        str(path),
                        "-o",
                        target,
                        "-q",
                        "--page",
                        page,
                    ]
                    line = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=os.environ).stdout
                    seconds, cpu, kilobytes, code = line.split()
                    runs.append((float(seconds), float(cpu), int(kilobytes), int(code)))
                seconds = sorted(r[0] for r in runs)[1]
                cpu = sorted(r[1] for r in runs)[1]
                peak = max(r[2] for r in runs) / 1024
                print(f"{nodes:>7} {page:>5} {seconds:>8.2f} {cpu:>8.2f} {peak:>8.0f} {runs[-1][3]:>4}")


if __name__ == "__main__":
    main()
