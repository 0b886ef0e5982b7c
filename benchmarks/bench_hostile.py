"""Hostile inputs, timed: each figure of issue 27 by its own function, beside a peer where one answers.

    python benchmarks/bench_hostile.py [--peer-seconds 30]

Evaluation figures: preferred and stable extensions of two camps that attack each other (every member of
one attacks every member of the other), 150 a camp (target: under 1 s) and 500 a camp, 250,000 attacks
each way (target: under 10 s). argmap's time is `argmap.evaluate(maps, semantics)` on the two camps as two
loaded maps (a claim and premises each, every node with an `attacks` cross-link to each node of the other
camp): the framework built from the maps, the grounded labelling, the SAT search, the extensions listed.
The peer is formal-argumentation's `preferred_extensions` / `stable_extensions` on the same arguments and
attacks, run in a child process that is stopped after --peer-seconds.

Figures are printed, not asserted (machines differ; this one is shared).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap import evaluate  # noqa: E402
from argmap.model import ArgMap  # noqa: E402


def camp_data(size: int) -> list[dict]:
    """Two maps, `a` and `b`, of `size` nodes each (a claim and premises); every node attacks each of the other's."""
    maps = []
    for camp, other in (("a", "b"), ("b", "a")):
        targets = [f"{other}:c"] + [f"{other}:p{i}" for i in range(1, size)]
        premises = [
            {"id": f"p{i}", "kind": "premise", "side": "s", "speaker": "X", "text": f"Point {i}.", "attacks": targets}
            for i in range(1, size)
        ]
        claim = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": "Camp.", "attacks": targets}
        claim["children"] = premises
        maps.append({"id": camp, "title": camp, "sides": {"s": {"name": "S"}}, "claim": claim})
    return maps


def camp_maps(size: int) -> list[ArgMap]:
    """The two camps as loaded maps (modelled with the garbage collector paused, as `argmap.load` does)."""
    gc.disable()
    try:
        return [ArgMap.model_validate(data) for data in camp_data(size)]
    finally:
        gc.enable()


def camp_framework(size: int) -> tuple[list[str], list[tuple[str, str]]]:
    a = ["a:c"] + [f"a:p{i}" for i in range(1, size)]
    b = ["b:c"] + [f"b:p{i}" for i in range(1, size)]
    return a + b, [(x, y) for x in a for y in b] + [(y, x) for x in a for y in b]


def _peer(size: int, semantics: str, out) -> None:
    from argumentation.core.dung import ArgumentationFramework, preferred_extensions, stable_extensions

    names, attacks = camp_framework(size)
    start = time.perf_counter()
    fn = preferred_extensions if semantics == "preferred" else stable_extensions
    found = fn(ArgumentationFramework(frozenset(names), frozenset(attacks)))
    out.put((time.perf_counter() - start, len(found)))


def peer(size: int, semantics: str, seconds: float) -> str:
    """formal-argumentation on the same framework, in a child process stopped after `seconds`."""
    try:
        import argumentation.core.dung  # noqa: F401
    except ImportError:
        return "formal-argumentation not installed (pip install -e '.[test]')"
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_peer, args=(size, semantics, queue), daemon=True)
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"did not finish in {seconds:g} s (stopped)"
    if queue.empty():
        return f"failed (exit {child.exitcode})"
    elapsed, count = queue.get()
    return f"{elapsed:.2f} s, {count} extensions"


def _camps(size: int, target: float, peer_seconds: float) -> None:
    maps = camp_maps(size)
    print(f"two camps of {size} attacking each other ({size * size:,} attacks each way); target under {target:g} s")
    for semantics in ("preferred", "stable"):
        start = time.perf_counter()
        ev = evaluate(maps, semantics)
        count = len(ev.extensions)
        elapsed = time.perf_counter() - start
        assert count == 2 and ev.complete_search, "two camps have exactly two extensions"
        print(f"  argmap.evaluate(maps, {semantics!r}):{'':<8} {elapsed:6.2f} s, {count} extensions")
        print(f"  formal-argumentation {semantics}_extensions: {peer(size, semantics, peer_seconds)}")


def two_camps_of_150(peer_seconds: float = 30) -> None:
    """Preferred and stable on two camps of 150 (issue 27: under 1 s)."""
    _camps(150, 1, peer_seconds)


def two_camps_of_500(peer_seconds: float = 30) -> None:
    """Preferred and stable on two camps of 500, 250,000 attacks each way (issue 27: under 10 s)."""
    _camps(500, 10, peer_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-seconds", type=float, default=30)
    args = parser.parse_args()
    two_camps_of_150(args.peer_seconds)
    two_camps_of_500(args.peer_seconds)


if __name__ == "__main__":
    main()
