"""Time of `diff_maps` and `coverage` on generated maps of growing size: the time per node should stay flat.

Run: .venv/bin/python benchmarks/bench_diff.py
"""

from __future__ import annotations

import copy
import gc
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from argmap.coverage import coverage  # noqa: E402
from argmap.diff import diff_maps  # noqa: E402
from argmap.model import ArgMap  # noqa: E402


def changed(data: dict) -> dict:
    """Every 10th node renamed, every 7th edited, every 13th given a cross-link: many changes of each kind."""
    out = copy.deepcopy(data)
    stack = [out["claim"]]
    i = 0
    while stack:
        node = stack.pop()
        i += 1
        if i % 10 == 0 and node["kind"] != "claim":
            node["id"] += "-renamed"
        if i % 7 == 0:
            node["text"] += " (edited)"
        if i % 13 == 0:
            node["supports"] = ["n0"] if node["kind"] == "premise" else []
        stack.extend(node.get("children", []))
    return out


def median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    gc.disable()  # as the CLI runs
    print(f"{'nodes':>7} {'diff ms':>9} {'us/node':>8} {'coverage ms':>12} {'us/node':>8}  changes found")
    for nodes in (5_000, 10_000, 20_000, 40_000):
        data = generate(nodes)
        old = ArgMap.model_validate(data)
        new = ArgMap.model_validate(changed(data))
        result = diff_maps([old], [new])
        found = {k: len(result.entries(k)) for k in ("changed", "renamed", "links_added", "added", "removed")}
        t_diff = median(lambda old=old, new=new: diff_maps([old], [new]))
        t_cov = median(lambda new=new: coverage([new], root=ROOT))
        print(
            f"{nodes:>7} {t_diff * 1e3:>9.1f} {t_diff / nodes * 1e6:>8.2f} "
            f"{t_cov * 1e3:>12.1f} {t_cov / nodes * 1e6:>8.2f}  {found}"
        )


if __name__ == "__main__":
    main()
