"""Generate large, valid maps that quote the seed documents, for benchmarks."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/2022-01-12-what-does-russia-want.txt"
CHILD_KIND = {
    "claim": "rebuttal",
    "premise": "rebuttal",
    "rebuttal": "counter-rebuttal",
    "counter-rebuttal": "counter-rebuttal",
}


def generate(nodes: int, fanout: int = 4) -> dict:
    """A breadth-first tree of `nodes` nodes; kinds follow the grammar, every quote is real."""
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", (ROOT / SEED).read_text(encoding="utf-8"))]
    sentences = [s for s in sentences if 20 < len(s) < 160]
    sides = ["russia", "nato", "united-states", "ukraine"]

    def make(i: int, kind: str) -> dict:
        return {
            "id": f"n{i}",
            "kind": kind,
            "side": sides[i % len(sides)],
            "speaker": f"Speaker {i % 17}",
            "text": f"Point {i}: {sentences[i % len(sentences)][:80]}",
            "quote": {"source": "guide", "text": sentences[i % len(sentences)]},
        }

    root = make(0, "claim")
    queue = [root]
    count = 1
    head = 0
    while count < nodes:
        parent = queue[head]
        head += 1
        parent["children"] = []
        for k in range(fanout):
            if count >= nodes:
                break
            kind = "premise" if k % 2 == 0 else CHILD_KIND[parent["kind"]]
            child = make(count, kind)
            parent["children"].append(child)
            queue.append(child)
            count += 1
    return {
        "$schema": "../schemas/argmap.schema.json",
        "id": f"generated-{nodes}",
        "title": f"Generated map of {nodes} nodes",
        "sides": {s: {"name": s.replace("-", " ").title()} for s in sides},
        "sources": {"guide": {"path": SEED, "title": "What does Russia want?", "date": "2022-01-12"}},
        "claim": root,
    }


if __name__ == "__main__":
    n = int(sys.argv[1])
    out = Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(generate(n), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
