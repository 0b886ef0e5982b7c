"""The render figures of issue 19 in one run: `argmap render` to SVG beside Argdown's CLI, and alone at size.

For each of 2,000, 10,000 and 50,000 generated nodes: whole-process wall and CPU seconds and peak
memory of `argmap render`, paged for A3 (the default: one SVG per page) and as one picture (--page
none). At 2,000 nodes Argdown's CLI (`argdown map --format svg`, if installed; see bench_argdown.py)
draws the same statements, its runs taking turns with argmap's so that a change in the machine's
load falls on both, and the ratio is given by CPU seconds (what each process used, whatever waited
for a core) as well as by wall-clock seconds. The floor, a Python start with argmap's command line
imported (`argmap --version`), is printed first: at 2,000 nodes it is a large share of argmap's time.

Run: .venv/bin/python benchmarks/bench_render.py [--quick]   (--quick: one run each, not the median of 3)
CPU seconds count a process and its children (argmap's Graphviz, if it starts one; Argdown's node).
Each map sits alone in its folder (a folder is a debate: a map drawn alone reads its siblings) and is
written as compact JSON (indented, 50,000 nodes pass the 20 MiB file limit). argmap's bytecode is
compiled first, as an installed package has it (this machine may run with PYTHONDONTWRITEBYTECODE).
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
from bench_argdown import ARGDOWN, to_argdown  # noqa: E402
from generate import generate  # noqa: E402

# Issue 19's targets: SVG of 2,000 nodes in at most a quarter of Argdown's time; 10,000 under 2.5 s;
# 50,000 under 15 s.
RATIO = 0.25
UNDER = {10_000: 2.5, 50_000: 15.0}

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak resident KB and exit code of `cmd` and its children."""
    line = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, capture_output=True, text=True).stdout
    seconds, cpu, kilobytes, code = line.split()
    return float(seconds), float(cpu), int(kilobytes), int(code)


def median(runs: list[tuple[float, float, int, int]]) -> tuple[float, float, float, int]:
    """Median wall and CPU seconds, the largest peak in MB, the last exit code."""
    middle = len(runs) // 2
    return (
        sorted(r[0] for r in runs)[middle],
        sorted(r[1] for r in runs)[middle],
        max(r[2] for r in runs) / 1024,
        runs[-1][3],
    )


def _boxes(folder: Path) -> int:
    return sum(svg.read_text(encoding="utf-8").count('class="node"') for svg in folder.glob("*.svg"))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def row(label: str, figures: tuple[float, float, float, int], note: str = "") -> None:
    seconds, cpu, peak, code = figures
    print(f"{label:<34} {seconds:>8.2f} {cpu:>8.2f} {peak:>8.0f} {code:>4}  {note}".rstrip())


def main() -> None:
    repeat = 1 if "--quick" in sys.argv[1:] else 3
    argmap = str(Path(sys.executable).parent / "argmap")
    package = subprocess.run(
        # -P: not the current folder first, so the package found is the one the `argmap` script imports.
        [sys.executable, "-P", "-c", "import argmap, os; print(os.path.dirname(argmap.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, capture_output=True)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    print(f"argmap from {package}; {load()}")
    print(f"{'':<34} {'seconds':>8} {'cpu s':>8} {'peak MB':>8} exit")
    floor = median([measure([argmap, "--version"], ROOT) for _ in range(max(repeat, 3))])
    row("floor: argmap --version", floor, "(Python start-up and the command line's imports)")
    for nodes in (2_000, 10_000, 50_000):
        folder = out / f"g{nodes}"
        folder.mkdir(exist_ok=True)
        data = generate(nodes)
        path = folder / f"generated-{nodes}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        beside = nodes == 2_000 and ARGDOWN.exists()
        if beside:
            (folder / "generated.argdown").write_text(to_argdown(data), encoding="utf-8")
        for page in ("a3", "none"):
            with tempfile.TemporaryDirectory() as target, tempfile.TemporaryDirectory() as drawn:
                cmd = [argmap, "render", str(path), "-o", target, "-q", "--page", page]
                mine: list[tuple[float, float, int, int]] = []
                theirs: list[tuple[float, float, int, int]] = []
                for _ in range(repeat):
                    mine.append(measure(cmd, ROOT))
                    if beside and page == "a3":
                        argdown = [str(ARGDOWN), "map", str(folder / "generated.argdown"), drawn]
                        theirs.append(measure([*argdown, "--format", "svg"], folder))
                figures = median(mine)
                target_note = ""
                if nodes in UNDER:
                    limit = UNDER[nodes]
                    target_note = f"target < {limit:g} s: wall {'met' if figures[0] < limit else 'missed'}, "
                    target_note += f"CPU {'met' if figures[1] < limit else 'missed'}"
                row(f"argmap {nodes:,} nodes, {'A3 pages' if page == 'a3' else 'one picture'}", figures, target_note)
                if theirs:
                    other = median(theirs)
                    # Both drawings must hold every statement for the times to compare like with like.
                    boxes = [_boxes(Path(folder)) for folder in (target, drawn)]
                    row(f"Argdown {nodes:,} nodes", other)
                    print(f"{'':<34} boxes drawn: argmap {boxes[0]:,} (with page references), Argdown {boxes[1]:,}")
                    by_cpu, by_wall = figures[1] / other[1], figures[0] / other[0]
                    print(
                        f"{'':<34} argmap / Argdown: {by_cpu:.2f} by CPU, {by_wall:.2f} by wall "
                        f"(target at most {RATIO}: {'met' if by_cpu <= RATIO else 'missed'} by CPU, "
                        f"{'met' if by_wall <= RATIO else 'missed'} by wall); the floor is "
                        f"{floor[1] / figures[1]:.0%} of argmap's CPU"
                    )
    if not ARGDOWN.exists():
        print(f"Argdown's CLI not found at {ARGDOWN}: no ratio (install it as bench_argdown.py says)")
    print(load())


if __name__ == "__main__":
    main()
