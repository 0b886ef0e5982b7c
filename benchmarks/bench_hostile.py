"""Hostile inputs, timed: each figure of issue 27 by its own function, beside its target or a peer.

    python benchmarks/bench_hostile.py [--peer-seconds 30]

Import figures (the interchange session): the whole `argmap import` process (start-up, read, check,
write), median of three runs, with the CPU time it used beside it (the machine may be shared: CPU
time is what the work costs, wall time what a user waits). The files are made here:

- 20,000 statements of one text in every format (target: under 2 s each; the quadratic id
  allocator took 26 s for Kialo, Argdown and AIF and over 60 s for the outline);
- an AIF cycle of 4,000 statements (under 2 s; it took 35 s and wrote 3,800 map files);
- an AIF file of 4,000 statements joined by nothing, so 4,000 map files (under 10 s; 161 s of CPU before);
- 200 kB Argdown lines full of openers that never close: `#(`, a run of `*a `, `<!--`, `[` (under 1 s;
  the line regexes backtracked past 30 s).

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
import json
import multiprocessing
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap import evaluate  # noqa: E402
from argmap.model import ArgMap  # noqa: E402

ARGMAP = str(Path(sys.executable).parent / "argmap")
SAME = "The same text."


def timed(args: list[str], cwd: Path, runs: int = 3) -> tuple[float, float, subprocess.CompletedProcess]:
    """Median wall seconds and median CPU seconds of a command, and its last run."""
    walls, cpus, ran = [], [], None
    for index in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        ran = subprocess.run([a.replace("{n}", str(index)) for a in args], cwd=cwd, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus), ran  # type: ignore[return-value]


def row(figure: str, wall: float, cpu: float, target: float, note: str = "") -> None:
    verdict = "under" if wall < target else "OVER"
    print(f"{figure:52} {wall:7.2f} {cpu:7.2f}   {verdict} {target:g} s  {note}")


# ---------------------------------------------------------------- the files


def same_text_file(fmt: str, count: int) -> str:
    if fmt == "kialo":
        lines = ["Discussion Title: same", "", f"1. {SAME}", *(f"1.{i}. Pro: {SAME}" for i in range(1, count))]
        return "\n".join(lines) + "\n"
    if fmt == "argdown":
        return "\n".join([f"[t0]: {SAME}", *(f"  + [t{i}]: {SAME}" for i in range(1, count))]) + "\n"
    if fmt == "outline":
        head = ["# argmap outline", "id: same", "title: same", "side s: S", "", f"* (s) {SAME}"]
        return "\n".join(head + [f"  + (s) {SAME}"] * (count - 1)) + "\n"
    nodes = [{"nodeID": str(i), "text": SAME, "type": "I"} for i in range(count)]
    edges = []
    for i in range(1, count):
        nodes.append({"nodeID": f"r{i}", "text": "Default Inference", "type": "RA"})
        edges += [{"fromID": str(i), "toID": f"r{i}"}, {"fromID": f"r{i}", "toID": "0"}]
    return json.dumps({"nodes": nodes, "edges": edges})


def aif_cycle_file(count: int) -> str:
    nodes = [{"nodeID": str(i), "text": f"Statement {i} of the circle.", "type": "I"} for i in range(count)]
    edges = []
    for i in range(count):
        nodes.append({"nodeID": f"r{i}", "text": "Default Inference", "type": "RA"})
        edges += [{"fromID": str(i), "toID": f"r{i}"}, {"fromID": f"r{i}", "toID": str((i + 1) % count)}]
    return json.dumps({"nodes": nodes, "edges": edges})


# About `size` characters of openers that never close, on one line.
ARGDOWN_LINES = {
    "unclosed '#('": lambda size: "[a]: x " + "#(a " * (size // 4),
    "a run of '*a '": lambda size: "[a]: " + "*a " * (size // 3),
    "unclosed '<!--'": lambda size: "[a]: x " + "<!--a " * (size // 6),
    "'[' and no ']:'": lambda size: "[a]: x " + "[a " * (size // 3),
}


def _node(node_id: str, kind: str, **more) -> dict:
    return {"id": node_id, "kind": kind, "side": "s", "speaker": "X", "text": f"Point {node_id}.", **more}


def _map(map_id: str, claim: dict) -> dict:
    return {"id": map_id, "title": map_id, "sides": {"s": {"name": "S"}}, "claim": claim}


def cycles_map(count: int, length: int = 2, kind: str = "premise") -> dict:
    """One map: `count` independent cycles of `length` nodes under one claim, each node attacking the next of
    its cycle by an `attacks` link (as premises the cycles are independent; as rebuttals each also attacks
    the claim, so they form one part)."""
    children = [
        _node(f"x{i}-{j}", kind, attacks=[f"x{i}-{(j + 1) % length}"]) for i in range(count) for j in range(length)
    ]
    return _map("m", _node("c", "claim", children=children))


def attack_chain_map(count: int) -> dict:
    """One map of `count` nodes: a claim n0 and premises n1..., each attacking the one before it."""
    children = [_node(f"n{i}", "premise", attacks=[f"n{i - 1}"]) for i in range(1, count)]
    return _map("m", _node("n0", "claim", children=children))


def linked_debate(maps: int, nodes: int) -> list[dict]:
    """`maps` maps of `nodes` nodes each, a claim over a line of premises; each map's claim supports the deepest
    premise of the next map and attacks the next claim, so supports run from the first map through all."""
    debate = []
    for k in range(maps):
        deepest = _node(f"p{nodes - 1}", "premise")
        node = deepest
        for j in range(nodes - 2, 0, -1):
            node = _node(f"p{j}", "premise", children=[node])
        claim = _node("c", "claim", children=[node])
        if k + 1 < maps:
            claim["supports"] = [f"d{k + 1}:p{nodes - 1}"]
            claim["attacks"] = [f"d{k + 1}:c"]
        debate.append(_map(f"d{k}", claim))
    return debate


def aif_chain_file(count: int) -> str:
    """AIF: `count` I-nodes in a line, each supported by the next through an RA node."""
    nodes = [{"nodeID": str(i), "text": f"Statement {i} of the chain.", "type": "I"} for i in range(count)]
    edges = []
    for i in range(1, count):
        nodes.append({"nodeID": f"r{i}", "text": "Default Inference", "type": "RA"})
        edges += [{"fromID": str(i), "toID": f"r{i}"}, {"fromID": f"r{i}", "toID": str(i - 1)}]
    return json.dumps({"nodes": nodes, "edges": edges})


def aif_attack_cycles_file(count: int, length: int = 3) -> str:
    """AIF: `count` cycles of `length` I-nodes, each attacking the next of its cycle through a CA node."""
    nodes, edges = [], []
    for c in range(count):
        nodes += [{"nodeID": f"{c}-{j}", "text": f"Statement {c}.{j}.", "type": "I"} for j in range(length)]
        for j in range(length):
            nodes.append({"nodeID": f"ca{c}-{j}", "text": "Default Conflict", "type": "CA"})
            edges += [
                {"fromID": f"{c}-{j}", "toID": f"ca{c}-{j}"},
                {"fromID": f"ca{c}-{j}", "toID": f"{c}-{(j + 1) % length}"},
            ]
    return json.dumps({"nodes": nodes, "edges": edges})


def write_debate(folder: Path, maps: list[dict]) -> Path:
    """The maps as files of a debate folder (`folder`/maps, with a pyproject.toml marking the project)."""
    (folder / "maps").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("", encoding="utf-8")
    for data in maps:
        (folder / "maps" / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- the import figures


def same_text_imports(work: Path, count: int = 20_000) -> None:
    """20,000 statements of one text, imported in every format (target: under 2 s each)."""
    for fmt, suffix in (("kialo", "txt"), ("argdown", "argdown"), ("aif", "json"), ("outline", "outline")):
        name = f"same.{suffix}"
        (work / name).write_text(same_text_file(fmt, count), encoding="utf-8")
        for run in range(3):
            (work / f"out-same-{run}").mkdir()
        out = "out-same-{n}" + ("/same.json" if fmt == "outline" else "/maps")
        wall, cpu, ran = timed([ARGMAP, "import", name, "--from", fmt, "-o", out], work)
        note = "" if ran.returncode == 0 else f"exit {ran.returncode}: {ran.stderr.strip()[-80:]}"
        row(f"{count} statements of one text, {fmt}", wall, cpu, 2.0, note)
        for path in work.glob("out-same-*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def aif_cycle(work: Path, count: int = 4000) -> None:
    """An AIF cycle of 4,000 statements (target: under 2 s)."""
    (work / "cycle.json").write_text(aif_cycle_file(count), encoding="utf-8")
    size = (work / "cycle.json").stat().st_size / 1000
    wall, cpu, ran = timed([ARGMAP, "import", "cycle.json", "-o", "out-cycle-{n}"], work)
    maps = len(list((work / "out-cycle-2").glob("*.json"))) if ran.returncode == 0 else 0
    row(f"AIF cycle of {count} statements ({size:.0f} kB)", wall, cpu, 2.0, f"{maps} maps written")


def separate_statements_file(count: int) -> str:
    """AIF of `count` statements joined by nothing: each its own map."""
    nodes = [{"nodeID": str(i), "text": f"Statement {i}, joined to no other.", "type": "I"} for i in range(count)]
    return json.dumps({"nodes": nodes, "edges": []})


def many_maps(work: Path, count: int = 4000) -> None:
    """An AIF file of 4,000 separate statements: 4,000 map files in one import (target: under 10 s; the
    debate was remade once per new map, looking at every map already made: 161 s of CPU). Much of the wall
    time is the disk's: each file is synced before it is renamed into place."""
    (work / "separate.json").write_text(separate_statements_file(count), encoding="utf-8")
    wall, cpu, ran = timed([ARGMAP, "import", "separate.json", "-o", "out-separate-{n}"], work)
    maps = len(list((work / "out-separate-2").glob("*.json"))) if ran.returncode == 0 else 0
    row(f"AIF of {count} separate statements", wall, cpu, 10.0, f"{maps} maps written")


def argdown_lines(work: Path, size: int = 200_000) -> None:
    """200 kB Argdown lines that never close what they open (target: under 1 s)."""
    for index, (label, make) in enumerate(ARGDOWN_LINES.items()):
        (work / "line.argdown").write_text(make(size) + "\n", encoding="utf-8")
        wall, cpu, ran = timed([ARGMAP, "import", "line.argdown", "-o", f"out-line-{index}-{{n}}"], work)
        note = "read" if ran.returncode == 0 else ran.stderr.strip().splitlines()[-1][:70]
        row(f"Argdown line of {size // 1000} kB with {label}", wall, cpu, 1.0, note)


# ---------------------------------------------------------------- the evaluation's figures


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


# ---------------------------------------------------------------- large plain inputs (the reproducers' classes)


def large_debates(work: Path) -> None:
    """Evaluate, explain and validate debates that are merely large (each once; target: a few seconds).

    Before the fixes, on the same machine (CPU s): 5,000 independent two-cycles, preferred, over 200 (the text
    report listed 2^5000 extensions to ask whether there were any); the explanation of a 100,000-attack chain
    killed for memory (each line indented by its depth: 10 GB of spaces).
    """
    cases = [
        ("5000 independent two-cycles, preferred --timeout 2", [cycles_map(5000, 2)], ["--semantics", "preferred"]),
        ("5000 independent two-cycles, stable --timeout 2", [cycles_map(5000, 2)], ["--semantics", "stable"]),
        ("5000 independent two-cycles, complete --timeout 2", [cycles_map(5000, 2)], ["--semantics", "complete"]),
        (
            "3000 three-cycles on one claim, preferred --timeout 2",
            [cycles_map(3000, 3, "rebuttal")],
            ["--semantics", "preferred"],
        ),
        (
            "5000 two-cycles on one claim, preferred --timeout 2",
            [cycles_map(5000, 2, "rebuttal")],
            ["--semantics", "preferred"],
        ),
        ("100,000-attack chain, --explain its end", [attack_chain_map(100_000)], ["--explain", "m:n0"]),
    ]
    for index, (label, maps, options) in enumerate(cases):
        folder = write_debate(work / f"large-{index}", maps)
        timeout = [] if "--explain" in options else ["--timeout", "2"]
        wall, cpu, ran = timed([ARGMAP, "evaluate", "maps", *options, *timeout], folder, runs=1)
        row(label, wall, cpu, 10.0, f"exit {ran.returncode}")
    folder = write_debate(work / "linked", linked_debate(300, 100))
    wall, cpu, ran = timed([ARGMAP, "validate", "maps"], folder, runs=1)
    row("validate 300 maps x 100 nodes, supports through all", wall, cpu, 5.0, f"exit {ran.returncode}")


def many_links(work: Path, count: int = 5000) -> None:
    """Authoring and the editor paths on nodes with thousands of cross-links (target: under 2 s each).

    One map: a claim, a hub premise, and a premise `mid` over `count` premises; another map of `count`
    premises that each attack the first map's claim. Before the fixes (CPU s): the edit adding 5,000 links
    6.9-8.3 (a walk of the map and a scan of the hub's links per link); the MCP `show` of a node with 4,000
    links out 2.8, 8,000 12.9 (a walk per link); the editor's hover and references on a node with 5,000
    links into it 4.4 each, 10,000 29 (a walk per link into it).
    """
    from argmap.lsp import features
    from argmap.lsp.live import LiveDebate
    from argmap.mcp.tools import Folder, call

    leaves = [_node(f"p{i}", "premise") for i in range(count)]
    claim = _node("c", "claim", children=[_node("hub", "premise"), _node("mid", "premise", children=leaves)])
    linking = [_node(f"q{i}", "premise", attacks=["m:c"]) for i in range(count)]
    folder = write_debate(work / "many-links", [_map("m", claim), _map("h", _node("hc", "claim", children=linking))])
    links = [x for i in range(count) for x in ("--add-attacks", f"p{i}")]
    wall, cpu, ran = timed([ARGMAP, "edit", "maps/m.json", "hub", *links], folder, runs=1)
    row(f"edit adding {count:,} cross-links to one node", wall, cpu, 2.0, f"exit {ran.returncode}")
    for label, run in (
        (
            f"mcp show of that node ({count:,} links out)",
            lambda: call(Folder(folder / "maps"), "show", {"map": "m", "node": "hub"}),
        ),
        (f"lsp hover on a node with {count:,} links in", lambda: _hover(LiveDebate(folder / "maps"), features)),
    ):
        before, start = time.process_time(), time.perf_counter()
        run()
        row(label, time.perf_counter() - start, time.process_time() - before, 2.0)
    wall, cpu, ran = timed([ARGMAP, "remove", "maps/m.json", "mid", "--recursive", "--unlink"], folder, runs=1)
    row(f"remove --unlink of {count:,} nodes the hub links to", wall, cpu, 2.0, f"exit {ran.returncode}")


def _hover(live, features) -> None:
    file = live.file_at(live.folder / "m.json")
    features.hover(live, file, file.loaded.text.index('"id": "c"') + 8)


def aif_large(work: Path) -> None:
    """AIF: a chain of 50,000 statements (before: 8.7 s CPU here, 74.6 s reported) and 1,000 attack cycles
    of three through CA nodes (before: 5.4 s CPU, 20.1 s reported for a larger file)."""
    for label, text in (
        ("AIF chain of 50,000 statements (RA)", aif_chain_file(50_000)),
        ("AIF 1,000 attack cycles of 3 (CA)", aif_attack_cycles_file(1000)),
    ):
        (work / "large.json").write_text(text, encoding="utf-8")
        wall, cpu, ran = timed([ARGMAP, "import", "large.json", "-o", "out-large-{n}"], work, runs=1)
        maps = len(list((work / "out-large-0").glob("*.json"))) if ran.returncode == 0 else 0
        row(label, wall, cpu, 5.0, f"{maps} maps written" if maps else f"exit {ran.returncode}")
        shutil.rmtree(work / "out-large-0", ignore_errors=True)


def big_source_map(work: Path, quotes: int, megabytes: float) -> Path:
    """A debate of one map whose `quotes` premises each quote a sentence of one source of `megabytes` MB of
    distinct sentences (words drawn from 20,000 made-up ones); a tenth of the quotes miss by one word."""
    import random

    rnd = random.Random(7)
    vocab = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 10))) for _ in range(20000)]
    sentences, total = [], 0
    while total < megabytes * 1_000_000:
        sentence = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(8, 25))).capitalize() + "."
        sentences.append(sentence)
        total += len(sentence) + 1
    folder = work / "big-source"
    (folder / "seeds").mkdir(parents=True)
    lines = (" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    (folder / "seeds" / "big.txt").write_text("\n\n".join(lines), encoding="utf-8")
    children = []
    for i in range(quotes):
        text = sentences[rnd.randrange(len(sentences))]
        if i % 10 == 0:
            words = text.split(" ")
            words[len(words) // 2] = "zzqx"
            text = " ".join(words)
        children.append(_node(f"n{i + 1}", "premise", quote={"source": "big", "text": text}))
    data = _map("m", _node("n0", "claim", children=children))
    data["sources"] = {"big": {"path": "seeds/big.txt", "title": "Big", "date": "2022-01-01"}}
    return write_debate(folder, [data])


def big_source(work: Path) -> None:
    """8,000 quotes of one 8 MB source, a tenth near misses (each wants its closest passage): validate and
    coverage, site without diagrams (CPU s here: validate 6.2, coverage 8.2, site 8.6 before, scanning the
    source once per quote; 1.5, 2.0 and 3.7 after)."""
    folder = big_source_map(work, 8000, 8)
    for command in (["validate"], ["coverage"], ["site", "--no-diagrams", "-o", "site-{n}"]):
        wall, cpu, ran = timed([ARGMAP, command[0], "maps", *command[1:]], folder, runs=1)
        row(f"{command[0]}: 8,000 quotes of an 8 MB source", wall, cpu, 4.0, f"exit {ran.returncode}")


def wide_export(work: Path, count: int = 20_000) -> None:
    """Export a map of one claim over `count` premises, each attacking the first and the one before it (CPU s
    here before, Argdown: 22 at 5,000, 93 at 10,000, 376 at 20,000: each node's place found by a list's index()
    comparing models, each cross-link's target by a walk of its map; 1.2 after)."""
    children = [_node("h", "premise")]
    children += [_node(f"p{i}", "premise", attacks=["h", f"p{i - 1}"] if i else ["h"]) for i in range(count)]
    folder = write_debate(work / "wide", [_map("m", _node("c", "claim", children=children))])
    for fmt in ("argdown", "aif", "graphml", "kialo", "outline"):
        wall, cpu, ran = timed([ARGMAP, "export", "maps", "--to", fmt, "-o", f"out.{fmt}", "--force"], folder, runs=1)
        row(f"export {count:,} siblings with cross-links, {fmt}", wall, cpu, 3.0, f"exit {ran.returncode}")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def many_map_sites(work: Path) -> None:
    """The site of a debate of 1,000 and 2,000 one-node maps (targets: 10 s, 20 s with diagrams; most of the wall
    time is the disk's, each page synced). CPU s here on the debates `import` makes of separate statements, before
    and after: --no-diagrams 5.4 and 107 MB at 1,000, 22.7 and 416 MB at 2,000 (every page's nav listed every
    map), 1.1 and 4.8 MB, 1.9 and 9.7 MB after; with diagrams 12.6 at 1,000 and 50 at 2,000 (a view of the
    whole debate made per map), 2.3 and 4.2 after; rebuilt over the site's own folder 70 at 1,000 (each page
    checked against every map file read, both resolved), 1.2 after."""
    for count in (1000, 2000):
        folder = write_debate(work / f"sites-{count}", [_map(f"s{i}", _node("c", "claim")) for i in range(count)])
        wall, cpu, ran = timed([ARGMAP, "site", "maps", "-o", "site-{n}", "--no-diagrams"], folder, runs=1)
        size = _folder_bytes(folder / "site-0") / 1e6 if ran.returncode == 0 else 0
        row(f"site --no-diagrams, {count:,} maps", wall, cpu, 10.0, f"exit {ran.returncode}, {size:.1f} MB")
        wall, cpu, ran = timed([ARGMAP, "site", "maps", "-o", "site-0", "--no-diagrams"], folder, runs=1)
        row(f"the same site rebuilt over its folder, {count:,} maps", wall, cpu, 10.0, f"exit {ran.returncode}")
        wall, cpu, ran = timed([ARGMAP, "site", "maps", "-o", "site-diagrams-{n}"], folder, runs=1)
        row(f"site with diagrams, {count:,} maps", wall, cpu, 20.0, f"exit {ran.returncode}")


def falling_claims(work: Path, count: int = 8000) -> None:
    """`evaluate` of 8,000 maps whose claims each fall to a rebuttal (target: under 10 s). CPU s of the text report
    alone here before: grounded 13.8, preferred 3.0 (the accepted sets made per claim, each rebuttal's map found
    by a scan of the maps); 0.3 each after, and about 3 s for the whole command."""
    maps = [_map(f"r{i}", _node("c", "claim", children=[_node("r", "rebuttal")])) for i in range(count)]
    folder = write_debate(work / "falling", maps)
    for semantics in ("grounded", "preferred"):
        wall, cpu, ran = timed([ARGMAP, "evaluate", "maps", "--semantics", semantics], folder, runs=1)
        row(f"evaluate {count:,} maps whose claims fall, {semantics}", wall, cpu, 10.0, f"exit {ran.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-seconds", type=float, default=30)
    args = parser.parse_args()
    print(f"{'figure':52} {'wall s':>7} {'cpu s':>7}   target")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pyproject.toml").write_text("", encoding="utf-8")
        for figure in (
            same_text_imports,
            aif_cycle,
            many_maps,
            argdown_lines,
            aif_large,
            large_debates,
            many_links,
            big_source,
            wide_export,
            many_map_sites,
            falling_claims,
        ):
            figure(work)
    two_camps_of_150(args.peer_seconds)
    two_camps_of_500(args.peer_seconds)


if __name__ == "__main__":
    main()
