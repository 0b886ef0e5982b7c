"""argmap beside Argdown's CLI on the same generated debate: whole-process time to render SVG.

Argdown is not a dependency; install it beside the benchmark first:
    npm install --prefix benchmarks/argdown @argdown/cli@1.7.5
Then: .venv/bin/python benchmarks/bench_argdown.py [NODES...]   (default 2000)
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

ARGDOWN = HERE / "argdown" / "node_modules" / ".bin" / "argdown"


def to_argdown(data: dict) -> str:
    """The same tree in Argdown syntax: each node a statement, + for support and - for attack."""
    lines = ["===", f"title: {data['title']}", "===", ""]
    stack = [(data["claim"], 0)]
    while stack:
        node, depth = stack.pop()
        # Argdown gives meaning to brackets, angle brackets, # and *; keep words and simple punctuation.
        text = re.sub(r"[^A-Za-z0-9 ,.;:'?!-]", "", node["text"])
        sign = "" if depth == 0 else ("+ " if node["kind"] == "premise" else "- ")
        lines.append(f"{'  ' * depth}{sign}[{node['id']}]: {text}")
        stack.extend((child, depth + 1) for child in reversed(node.get("children", [])))
    return "\n".join(lines) + "\n"


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode, (proc.stderr or proc.stdout)[-300:]


def main() -> None:
    if not ARGDOWN.exists():
        sys.exit(f"Argdown's CLI not found at {ARGDOWN}; see this file's docstring")
    sizes = [int(a) for a in sys.argv[1:]] or [2000]
    argmap = str(Path(sys.executable).parent / "argmap")
    print(f"{'nodes':>6} {'tool':8} {'median s':>9} exit  svg nodes")
    for nodes in sizes:
        data = generate(nodes)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "maps").mkdir()
            shutil.copytree(ROOT / "seeds", work / "seeds")
            (work / "maps" / "generated.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            (work / "generated.argdown").write_text(to_argdown(data), encoding="utf-8")
            runs = {
                "argmap": [argmap, "render", "maps/generated.json", "-o", "out", "-q"],
                "argdown": [str(ARGDOWN), "map", "generated.argdown", "out-argdown", "--format", "svg"],
            }
            for tool, cmd in runs.items():
                results = [timed(cmd, work) for _ in range(3)]
                median = sorted(r[0] for r in results)[1]
                code, tail = results[-1][1], results[-1][2]
                # Both drawings must hold every statement for the times to compare like with like.
                drawn = sum(
                    svg.read_text(encoding="utf-8").count('class="node"')
                    for svg in (work / ("out" if tool == "argmap" else "out-argdown")).glob("*.svg")
                )
                note = f"  {tail.strip()[:120]}" if code else ""
                print(f"{nodes:>6} {tool:8} {median:9.2f} {code:4}  {drawn:9}{note}")


if __name__ == "__main__":
    main()
