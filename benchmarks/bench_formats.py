"""Importing a 10,000-statement AIF or Kialo file: target under 2 s.

Two measures for each file: the library read (parse, build the maps, model them) in this process,
median of 5; and the whole `argmap import FILE -o DIR` process (start-up, read, check the debate,
write the map files), median of 3. The AIF file comes in two kinds: argmap's own export (with its
`argmap` block) and the same graph as plain AIF, as AIFdb writes it (no block: speakers, sides and
the tree are worked out from the graph). Shared statements are added so that cross-links are made.

    .venv/bin/python benchmarks/bench_formats.py [STATEMENTS]     (default 10000)

Measured 2026-11-25 on the shared 2-core machine (load average ~6, so ±30%):

    file                          MB  maps  nodes  library s  argmap import s
    aif (argmap's own)           7.7     1  10000       0.64             1.60
    aif (plain, AIFdb style)     7.1     1  10000       0.67             1.22
    kialo                        1.0     1  10000       0.44             1.23

Both under 2 s, the whole command included; a third of the command is writing the 10,000-node map
file in argmap's indented JSON.
"""

from __future__ import annotations

import json
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


def _with_shared(data: dict, every: int = 50) -> ArgMap:
    """The generated map, with every `every`-th node also supporting the root: shared statements."""
    m = ArgMap.model_validate(data)
    for index, (node, parent, *_) in enumerate(m.walk()):
        if parent is not None and parent.id != m.claim.id and index % every == 0:
            node.supports.append(m.claim.id)
    return m


def files(statements: int, work: Path) -> dict[str, Path]:
    m = _with_shared(generate(statements))
    aif = json.loads(write([m], "aif"))
    plain = {k: v for k, v in aif.items() if k != "argmap"}
    out = {
        "aif (argmap's own)": work / "own.json",
        "aif (plain, AIFdb style)": work / "plain.json",
        "kialo": work / "debate.txt",
    }
    out["aif (argmap's own)"].write_text(json.dumps(aif), encoding="utf-8")
    out["aif (plain, AIFdb style)"].write_text(json.dumps(plain), encoding="utf-8")
    out["kialo"].write_text(write([m], "kialo"), encoding="utf-8")
    return out


def main() -> None:
    statements = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    argmap = str(Path(sys.executable).parent / "argmap")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        (work / "pyproject.toml").write_text("", encoding="utf-8")
        print(f"{'file':26} {'MB':>5} {'maps':>5} {'nodes':>6} {'library s':>10} {'argmap import s':>16}")
        for label, path in files(statements, work).items():
            text = path.read_text(encoding="utf-8")
            fmt = label.split()[0]
            runs, imported = [], None
            for _ in range(5):
                start = time.perf_counter()
                _, imported = read_text(text, path.name, fmt)
                runs.append(time.perf_counter() - start)
            nodes = sum(1 for m in imported.maps for _ in m.walk())
            cli = []
            for n in range(3):
                out = work / f"out-{path.stem}-{n}"
                start = time.perf_counter()
                ran = subprocess.run([argmap, "import", path.name, "-o", out.name], cwd=work, capture_output=True)
                cli.append(time.perf_counter() - start)
                if ran.returncode:
                    sys.exit(ran.stderr.decode()[-500:])
            print(
                f"{label:26} {len(text.encode()) / 1e6:5.1f} {len(imported.maps):5} {nodes:6} "
                f"{statistics.median(runs):10.2f} {statistics.median(cli):16.2f}"
            )


if __name__ == "__main__":
    main()
