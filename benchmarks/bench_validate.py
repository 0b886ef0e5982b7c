"""Whole-process time of `argmap validate`, beside check-jsonschema on the same file and schema, and their ratio.

The map is written alone into a folder of its own: a debate is its whole folder, so any other map beside
it would be read and checked too. Run: .venv/bin/python benchmarks/bench_validate.py
(needs `pip install -e '.[bench]'`).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def timed(cmd: list[str], runs: int) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(cmd, cwd=ROOT, capture_output=True).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


def main() -> None:
    import json

    out = HERE / "out" / "validate"
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):
        stale.unlink()
    big = out / "generated-20000.json"
    big.write_text(json.dumps(generate(20_000), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    small = ROOT / "tests" / "cases" / "valid" / "minimal.json"
    bindir = Path(sys.executable).parent
    argmap = [str(bindir / "argmap")]
    rows = [
        ("argmap validate, 20,000 nodes", argmap + ["validate", str(big)]),
        ("argmap validate, small map", argmap + ["validate", str(small)]),
    ]
    cj = shutil.which("check-jsonschema", path=str(bindir)) or shutil.which("check-jsonschema")
    if cj:
        schema = str(ROOT / "schemas" / "argmap.schema.json")
        rows.insert(1, ("check-jsonschema, 20,000 nodes (schema only)", [cj, "--schemafile", schema, str(big)]))
    else:
        print("check-jsonschema not installed: pip install -e '.[bench]'")
    print(f"{'command':48} {'median s':>9} exit   (file: {big.stat().st_size / 1e6:.1f} MB)")
    medians = {}
    for label, cmd in rows:
        median, code = timed(cmd, runs=5)
        medians[label] = median
        print(f"{label:48} {median:9.3f} {code:4}")
    if cj:
        ratio = medians[rows[0][0]] / medians[rows[1][0]]
        print(f"argmap validate / check-jsonschema on the 20,000-node map: {ratio:.2f} (target: at most 0.25)")


if __name__ == "__main__":
    main()
