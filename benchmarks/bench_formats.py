"""Importing 10,000-statement AIF, Argdown and Kialo files, beside the reference tools reading the same files.

Two measures for each file: the library read (parse, build the maps, model them) in this process,
median of 5; and the whole `argmap import FILE -o DIR` process (start-up, read, check the debate,
write the map files), median of 3 after an untimed run that writes bytecode, with its CPU time.
Beside them, the whole process of the tool each format is defined by, reading the same file:
arguebuf's load for AIF (`arguebuf.load.aif`, in its own Python 3.13 venv) and the Argdown CLI's
`json` (1.7.5, node). Issue 18's target: argmap's import takes at most half the peer's time. The
ratio is of wall times, the cpu ratio of CPU times (steadier on a loaded machine, and fair to node,
whose CPU time runs past its wall time on two threads). Then argmap's CPU time split where it goes,
in one more process per file: start-up (the interpreter and the modules an import loads), the read
(text to maps), and the check and write (the debate checked as `validate` would, the files written);
what lies above the floor is the read and the check. The summary gives both cpu ratios against the
target and the CPU time the target allows. Then the floor: whole processes that only start and
import, argmap's and arguebuf's, and the load average. Last, what AIF's target leaves: the parts of the
import other than reading the graph (start-up, the JSON parsed, pydantic's validation of the map, the
debate check, the dump, the files written, the command line), beside a bare read of the graph into
named trees (`bare_aif.py`), the least any Python reader could do.

The AIF file comes as argmap's own export (with its `argmap` block) and as plain AIF, as AIFdb
writes it (no block: speakers, sides and the tree are worked out from the graph); the Argdown file
as people write it (titled statements and relations, arguments with premise-conclusion structures)
and as argmap's own export (with its data). Shared statements make cross-links.

    .venv/bin/python benchmarks/bench_formats.py [STATEMENTS]     (default 10000)

The peers are looked for where the tests install them (ARGMAP_TOOL_CACHE, default ~/.cache/argmap-tests:
`arguebuf-venv/`, `argdown-cli/`); `pytest tests/test_formats_tools.py` installs them. A missing
peer leaves its column empty and says so.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from argmap.formats import read_text, write  # noqa: E402
from argmap.model import ArgMap  # noqa: E402

CACHE = Path(os.environ.get("ARGMAP_TOOL_CACHE", Path.home() / ".cache" / "argmap-tests"))
ARGUEBUF = CACHE / "arguebuf-venv" / "bin" / "python"
ARGDOWN = CACHE / "argdown-cli" / "node_modules" / ".bin" / "argdown"
TARGET = 0.5  # issue 18: argmap's whole import at most half the peer's
LOAD_WITH_ARGUEBUF = "import json, sys, arguebuf; arguebuf.load.aif(json.load(open(sys.argv[1])))"


def _with_shared(data: dict, every: int = 50) -> ArgMap:
    """The generated map, with every `every`-th node also supporting the root: shared statements."""
    m = ArgMap.model_validate(data)
    for index, (node, parent, *_) in enumerate(m.walk()):
        if parent is not None and parent.id != m.claim.id and index % every == 0:
            node.supports.append(m.claim.id)
    return m


def plain_argdown(data: dict, every: int = 10) -> str:
    """The generated tree as a person writes Argdown: titled statements, relations, some reconstructed arguments."""
    lines: list[str] = []
    arguments: list[str] = []
    stack = [(data["claim"], 0)]
    premises = 0
    while stack:
        node, depth = stack.pop()
        # Argdown gives meaning to brackets, angle brackets, #, * and _; keep words and plain punctuation.
        text = re.sub(r"[^A-Za-z0-9 ,;'?!-]", "", node["text"])
        sign = "" if depth == 0 else ("+ " if node["kind"] == "premise" else "- ")
        number = int(node["id"][1:])
        # Every `every`-th premise by count (the generator's premise ids are all odd: a test on the id never held).
        premises += depth > 0 and node["kind"] == "premise"
        if depth and node["kind"] == "premise" and premises % every == 0:
            # An argument for its parent, with a premise-conclusion structure naming the node as its premise.
            lines.append(f"{'  ' * depth}{sign}<a{number}>: Argument {number}")
            arguments.append(f"<a{number}>\n\n(1) [{node['id']}]: {text}\n----\n(2) [{_parent_of[node['id']]}]")
        else:
            lines.append(f"{'  ' * depth}{sign}[{node['id']}]: {text}")
        for child in reversed(node.get("children", [])):
            _parent_of[child["id"]] = node["id"]
            stack.append((child, depth + 1))
    return "\n".join(lines) + "\n\n" + "\n\n".join(arguments) + "\n"


_parent_of: dict[str, str] = {}


def files(statements: int, work: Path) -> dict[str, tuple[Path, str]]:
    data = generate(statements)
    m = _with_shared(data)
    aif = json.loads(write([m], "aif"))
    plain = {k: v for k, v in aif.items() if k != "argmap"}
    out = {
        "aif (argmap's own)": (work / "own.json", "aif"),
        "aif (plain, AIFdb style)": (work / "plain.json", "aif"),
        "argdown (as people write it)": (work / "plain.argdown", "argdown"),
        "argdown (argmap's own)": (work / "own.argdown", "argdown"),
        "kialo": (work / "debate.txt", "kialo"),
    }
    out["aif (argmap's own)"][0].write_text(json.dumps(aif), encoding="utf-8")
    out["aif (plain, AIFdb style)"][0].write_text(json.dumps(plain), encoding="utf-8")
    out["argdown (as people write it)"][0].write_text(plain_argdown(data), encoding="utf-8")
    out["argdown (argmap's own)"][0].write_text(write([m], "argdown"), encoding="utf-8")
    out["kialo"][0].write_text(write([m], "kialo"), encoding="utf-8")
    return out


# Bytecode as an installed package has it: PYTHONDONTWRITEBYTECODE (set in some shells and CI) would make
# every run compile argmap's modules again, which no user's second run does. Written under the scratch folder.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# argmap's entry point turns pydantic's plugin search off (it scans every installed package): its floor does too.
AS_ARGMAP = {**ENV, "PYDANTIC_DISABLE_PLUGINS": "1"}


def process(
    args: list[str], cwd: Path, runs: int = 3, env: dict[str, str] = ENV
) -> tuple[float, float, subprocess.CompletedProcess]:
    """Median wall and CPU seconds of a whole process (after one untimed run that writes bytecode), and its last run."""
    walls, cpus, ran = [], [], None
    subprocess.run([a.replace("{n}", "warm") for a in args], cwd=cwd, capture_output=True, env=env)
    for run in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        ran = subprocess.run([a.replace("{n}", str(run)) for a in args], cwd=cwd, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus), ran  # type: ignore[return-value]


def peer(fmt: str, path: Path, work: Path) -> tuple[str, float | None, float | None]:
    """The reference tool reading the same file, whole process: its name, wall and CPU seconds."""
    if fmt == "aif":
        if not ARGUEBUF.exists():
            return "arguebuf (not installed)", None, None
        wall, cpu, ran = process([str(ARGUEBUF), "-c", LOAD_WITH_ARGUEBUF, path.name], work)
        return ("arguebuf load" if ran.returncode == 0 else "arguebuf failed"), wall, cpu
    if fmt == "argdown":
        if not ARGDOWN.exists():
            return "argdown CLI (not installed)", None, None
        wall, cpu, ran = process([str(ARGDOWN), "json", path.name, "peer-out-{n}"], work)
        ok = ran.returncode == 0 and b"Successfully" in ran.stdout
        return ("argdown json" if ok else "argdown json failed"), wall, cpu
    return "", None, None


def floor(work: Path) -> list[tuple[str, float, float]]:
    """What any run pays before it reads a byte: the interpreter, and the imports of argmap's and the peer's."""
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"], ENV),
        ("python: import pydantic's BaseModel", [sys.executable, "-c", "from pydantic import BaseModel"], AS_ARGMAP),
        ("python: import argmap's models", [sys.executable, "-c", "import argmap.model"], AS_ARGMAP),
        ("argmap's import path, imported only", [sys.executable, "-c", IMPORT_PATH], AS_ARGMAP),
    ]
    if ARGUEBUF.exists():
        rows += [
            ("arguebuf's python -c pass", [str(ARGUEBUF), "-c", "pass"], ENV),
            ("python: import arguebuf", [str(ARGUEBUF), "-c", "import arguebuf"], ENV),
        ]
    out = []
    for label, args, env in rows:
        wall, cpu, _ = process(args, work, runs=5, env=env)
        out.append((label, wall, cpu))
    return out


# What `argmap import FILE -o DIR` imports before it reads (the CLI, the transaction, the checks, the AIF reader).
IMPORT_PATH = "import argmap.cli.app, argmap.cli.formats, argmap.authoring.imports, argmap.formats.aif"

# One import as `argmap import` runs it, its CPU time taken at each stage: start-up, read, check and write.
STAGES = """
import gc, importlib, json, os, sys, time
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
gc.disable()  # as argmap's entry point does
started = time.process_time()
import argmap.cli.app, argmap.cli.formats, argmap.authoring.imports
from argmap import formats
importlib.import_module("argmap.formats." + sys.argv[3])
imported = time.process_time()
reading, spent = formats.read_text, []
def timed(*args, **kwargs):
    before = time.process_time()
    try:
        return reading(*args, **kwargs)
    finally:
        spent.append(time.process_time() - before)
formats.read_text = timed
argmap.authoring.imports.import_into(sys.argv[1], sys.argv[2], sys.argv[3])
done = time.process_time()
print(json.dumps({"start-up": imported, "read": sum(spent), "check and write": done - imported - sum(spent)}))
"""


# What an AIF import pays besides reading the graph, each part the best of 5 in one process: the JSON parsed,
# pydantic's validation of the map argmap built, the debate checked as every write checks it, the map dumped.
# And `bare_trees` (bare_aif.py): the least a Python reader of the graph could do, with nothing else.
FIXED = """
import gc, json, os, sys, time
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
gc.disable()
sys.path.insert(0, sys.argv[3])
from bare_aif import bare_trees
from argmap.debate import Debate, MapFile
from argmap.io.serialize import dump_map_utf8
from argmap.model import ArgMap
text = open(sys.argv[1], encoding="utf-8").read()
data = json.load(open(sys.argv[2], encoding="utf-8"))
best = {}
def timed(part, work):
    start = time.process_time()
    value = work()
    best[part] = min(best.get(part, 1e9), time.process_time() - start)
    return value
for _ in range(5):
    document = timed("parse", lambda: json.loads(text))
    m = timed("validate", lambda: ArgMap.model_validate(data))
    timed("check", lambda: list((d := Debate([MapFile.of(m)], placed=True)).problems(d.files[0])))
    timed("dump", lambda: dump_map_utf8(m))
    timed("bare read", lambda: bare_trees(document))
print(json.dumps(best))
"""


def fixed(path: Path, work: Path) -> dict[str, float]:
    """CPU seconds of the parts of an AIF import other than reading the graph, and of a bare read (best of 5)."""
    out = work / f"fixed-{path.stem}"
    argmap = str(Path(sys.executable).parent / "argmap")
    ran = subprocess.run([argmap, "import", path.name, "-o", out.name], cwd=work, capture_output=True, env=ENV)
    if ran.returncode:
        sys.exit(ran.stderr.decode()[-500:])
    (made,) = sorted(out.glob("*.json"))[:1]
    ran = subprocess.run(
        [sys.executable, "-c", FIXED, path.name, str(made), str(HERE)],
        cwd=work,
        capture_output=True,
        text=True,
        env=ENV,
    )
    if ran.returncode:
        sys.exit(ran.stderr[-500:])
    return json.loads(ran.stdout)


def stages(path: Path, fmt: str, work: Path, runs: int = 3) -> dict[str, float]:
    """Median CPU seconds of each stage of argmap's import of `path` (start-up counts the interpreter's own)."""
    seen: list[dict[str, float]] = []
    for run in range(runs):
        out = f"stages-{path.stem}-{path.suffix[1:]}-{run}"
        ran = subprocess.run(
            [sys.executable, "-c", STAGES, path.name, out, fmt], cwd=work, capture_output=True, text=True, env=ENV
        )
        if ran.returncode:
            sys.exit(ran.stderr[-500:])
        seen.append(json.loads(ran.stdout))
    return {stage: statistics.median(s[stage] for s in seen) for stage in seen[0]}


def main() -> None:
    statements = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    argmap = str(Path(sys.executable).parent / "argmap")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        shutil.copytree(ROOT / "seeds", work / "seeds")
        (work / "pyproject.toml").write_text("", encoding="utf-8")
        print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        print(
            f"{'file':30} {'MB':>5} {'nodes':>6} {'library s':>9} {'import s':>8} {'cpu s':>6}"
            f"   {'peer':18} {'peer s':>7} {'cpu s':>6} {'ratio':>6} {'cpu ratio':>9}"
        )
        split: dict[str, tuple[float, dict[str, float]]] = {}
        targets: dict[str, tuple[str, float, float, str]] = {}
        files_made = files(statements, work)
        for label, (path, fmt) in files_made.items():
            text = path.read_text(encoding="utf-8")
            runs, imported = [], None
            for _ in range(5):
                start = time.perf_counter()
                _, imported = read_text(text, path.name, fmt)
                runs.append(time.perf_counter() - start)
            nodes = sum(1 for m in imported.maps for _ in m.walk())
            wall, cpu, ran = process(
                [argmap, "import", path.name, "-o", f"out-{path.suffix[1:]}-{path.stem}-{{n}}"], work
            )
            if ran.returncode:
                sys.exit(ran.stderr.decode()[-500:])
            name, peer_wall, peer_cpu = peer(fmt, path, work) if "argmap's own" not in label else ("", None, None)
            ratio = f"{wall / peer_wall:6.2f}" if peer_wall else ""
            cpu_ratio = f"{cpu / peer_cpu:9.2f}" if peer_cpu else ""
            print(
                f"{label:30} {len(text.encode()) / 1e6:5.1f} {nodes:6} {statistics.median(runs):9.2f} {wall:8.2f} "
                f"{cpu:6.2f}   {name:18} {peer_wall or 0:7.2f} {peer_cpu or 0:6.2f} {ratio} {cpu_ratio}",
                flush=True,
            )
            split[label] = (cpu, stages(path, fmt, work))
            if peer_cpu and "failed" not in name:
                targets[fmt] = (label, cpu, peer_cpu, name)
        print("\nargmap's CPU seconds by stage (median of 3 more runs); above the floor: the read, the check and write")
        print("(the rest of the whole process: the command line's parsing and messages, the exit; by difference)")
        columns = ("start-up", 8), ("read", 6), ("check+write", 11), ("above floor", 11), ("rest", 6), ("whole", 6)
        print(f"{'file':30} " + " ".join(f"{name:>{width}}" for name, width in columns))
        for label, (cpu, parts) in split.items():
            above = parts["read"] + parts["check and write"]
            rest = cpu - parts["start-up"] - above
            print(
                f"{label:30} {parts['start-up']:8.2f} {parts['read']:6.2f} {parts['check and write']:11.2f} "
                f"{above:11.2f} {rest:6.2f} {cpu:6.2f}"
            )
        print(f"\nissue 18's target: argmap's import at most {TARGET} of the peer's, by CPU, whole processes")
        for fmt, (label, cpu, peer_cpu, name) in targets.items():
            allowed = TARGET * peer_cpu
            start_up = split[label][1]["start-up"]
            verdict = "met" if cpu <= allowed else f"not met: {cpu - allowed:.2f} s over"
            print(
                f"{fmt:8} cpu ratio {cpu / peer_cpu:4.2f} ({label}: {cpu:.2f} s beside {name} {peer_cpu:.2f} s); "
                f"allowed {allowed:.2f} s, of which start-up takes {start_up:.2f} s: {verdict}"
            )
        print("\nthe floor (whole processes that read nothing)")
        floors = floor(work)
        for label, wall, cpu in floors:
            print(f"{label:40} {wall:6.2f} s {cpu:6.2f} s cpu")
        if "aif" in targets:
            label, cpu, peer_cpu, name = targets["aif"]
            parts = fixed(files_made[label][0], work)
            start_up = next(c for lbl, _, c in floors if lbl == "argmap's import path, imported only")
            # The rest of the stage "check and write" (the lock, the folder opened, the files written), and of
            # the whole process (the command line's part, the exit): paid by any reader too.
            stage = split[label][1]
            writing = max(0.0, stage["check and write"] - parts["check"] - parts["dump"])
            rest = max(0.0, cpu - stage["start-up"] - stage["read"] - stage["check and write"])
            fixed_sum = start_up + sum(v for k, v in parts.items() if k != "bare read") + writing + rest
            print(f"\nwhat AIF's target leaves ({label}; CPU s, best of 5):")
            print(
                f"  start-up (the import path imported) {start_up:.3f}; "
                + "; ".join(f"{k} {v:.3f}" for k, v in parts.items() if k != "bare read")
                + f"; the lock, the folder and the files written {writing:.3f}; the command line and exit {rest:.3f}"
            )
            print(
                f"  together {fixed_sum:.3f} of the {TARGET * peer_cpu:.3f} allowed: "
                f"{TARGET * peer_cpu - fixed_sum:.3f} left to read the graph"
            )
            print(
                f"  a bare read of the graph into named trees (benchmarks/bare_aif.py) {parts['bare read']:.3f}: "
                f"with it the whole would be {fixed_sum + parts['bare read']:.3f} "
                f"(ratio {(fixed_sum + parts['bare read']) / peer_cpu:.2f})"
            )
        print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
