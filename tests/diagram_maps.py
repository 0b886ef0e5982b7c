"""Maps for the diagram measures: generated trees of a given size and a Kialo discussion export of 585 claims."""

from __future__ import annotations

import random
import re

from .conftest import ROOT

SEED = "seeds/2022-01-12-what-does-russia-want.txt"
CHILD_KIND = {
    "claim": "rebuttal",
    "premise": "rebuttal",
    "rebuttal": "counter-rebuttal",
    "counter-rebuttal": "counter-rebuttal",
}
SIDES = ["russia", "nato", "united-states", "ukraine", "eu"]


def _sentences() -> list[str]:
    text = (ROOT / SEED).read_text(encoding="utf-8")
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if 20 < len(s.strip()) < 200]


def generated(nodes: int, seed: int = 1, links: int = 0) -> dict:
    """A map of `nodes` nodes with an uneven shape (a wide claim, bushy and deep branches), every quote real.

    `links` cross-links join random nodes of the map (drawn as lines when both ends share a page).
    """
    rng = random.Random(seed)
    sentences = _sentences()

    def make(i: int, kind: str) -> dict:
        sentence = sentences[i % len(sentences)]
        return {
            "id": f"n{i}",
            "kind": kind,
            "side": SIDES[rng.randrange(len(SIDES))],
            "speaker": f"Speaker {i % 23}",
            "text": f"Point {i}: {sentence[: rng.randrange(30, 190)]}",
            "quote": {"source": "guide", "text": sentence},
        }

    root = make(0, "claim")
    every = [root]
    for i in range(1, nodes):
        # Preferential attachment: a few nodes gather many answers, as in real debates.
        parent = (
            every[min(len(every) - 1, int(rng.paretovariate(1.2))) - 1] if rng.random() < 0.3 else rng.choice(every)
        )
        kind = "premise" if rng.random() < 0.5 else CHILD_KIND[parent["kind"]]
        child = make(i, kind)
        parent.setdefault("children", []).append(child)
        every.append(child)
    for _ in range(links):
        a, b = rng.sample(every[1:], 2)
        a.setdefault("attacks" if rng.random() < 0.5 else "supports", []).append(b["id"])
    return {
        "$schema": "../schemas/argmap.schema.json",
        "id": f"generated-{nodes}",
        "title": f"Generated map of {nodes} nodes",
        "sides": {s: {"name": s.replace("-", " ").title()} for s in SIDES},
        "sources": {"guide": {"path": SEED, "title": "What does Russia want?", "date": "2022-01-12"}},
        "claim": root,
    }


WORDS = (
    "cities should price road space fairly because congestion harms everyone who lives near busy streets "
    "and public transport needs steady funding while shops fear losing customers who drive in from villages "
    "evidence from several trials shows mixed results depending on how well buses and trams were improved first"
).split()


def kialo_export(claims: int = 585, seed: int = 7) -> str:
    """A discussion in Kialo's text export (the newer variant: `Discussion Name:`, numbered `Pro:`/`Con:` lines,
    each claim's text on the lines below), `claims` claims in all, with a few `-> See` reuses."""
    rng = random.Random(seed)
    numbers = ["1"]
    children: dict[str, int] = {"1": 0}
    for _ in range(claims - 1):
        # Kialo debates are wide near the thesis and thin out below.
        pool = numbers[:12] if rng.random() < 0.25 else numbers
        parent = rng.choice(pool)
        children[parent] += 1
        number = f"{parent}.{children[parent]}"
        children[number] = 0
        numbers.append(number)
    # The title on the header's line: argmap's reader does not yet take it from the line below (see docs/rendering.md).
    lines = ["Discussion Name: Should city centres be closed to private cars?", ""]
    for index, number in enumerate(sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])):
        depth = number.count(".")
        indent = "  " * depth
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 40))).capitalize() + "."
        if depth == 0:
            lines += [f"{number}.", "City centres should be closed to private cars.", ""]
            continue
        stance = "Pro" if rng.random() < 0.55 else "Con"
        if index > 40 and rng.random() < 0.01 and not children[number]:
            text = f"-> See {rng.choice(numbers[1:index])}."
        lines += [f"{indent}{number}. {stance}:", f"{indent}{text}", ""]
    return "\n".join(lines) + "\n"
