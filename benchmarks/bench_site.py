"""`argmap site` on a generated 10,000-node map, then first paint and interaction times in headless Chromium.

Run: .venv/bin/python benchmarks/bench_site.py [NODES]
Needs Debian's chromium and chromium-driver for the browser figures (.ci/run installs them).
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
sys.path.insert(0, str(ROOT))
from generate import generate  # noqa: E402

import argmap  # noqa: E402
from argmap.site import build_site  # noqa: E402

TIMINGS = """
const paint = {};
for (const entry of performance.getEntriesByType('paint')) paint[entry.name] = entry.startTime;
const nav = performance.getEntriesByType('navigation')[0];
return {fp: paint['first-paint'], fcp: paint['first-contentful-paint'],
        dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
"""

INTERACT = """
const done = arguments[arguments.length - 1];
const q = document.getElementById('q');
const t0 = performance.now();
document.getElementById('expand-all').click();
const unfold = performance.now() - t0;
requestAnimationFrame(() => setTimeout(() => {
  const unfoldPainted = performance.now() - t0;
  const t1 = performance.now();
  q.value = arguments[0];
  q.dispatchEvent(new Event('input', {bubbles: true}));
  const wait = () => {
    const hits = document.querySelectorAll('[data-match="true"]').length;
    if (hits || performance.now() - t1 > 20000) done({unfold, unfoldPainted, search: performance.now() - t1, hits});
    else setTimeout(wait, 5);
  };
  wait();
}, 0));
"""


def main(nodes: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copytree(ROOT / "seeds", project / "seeds")
        (project / "maps").mkdir()
        path = project / "maps" / f"generated-{nodes}.json"
        path.write_text(json.dumps(generate(nodes), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        m = argmap.load(path)
        builds = []
        for run in range(3):
            out = project / f"site-{run}"
            start = time.perf_counter()
            build_site([m], out)
            builds.append(time.perf_counter() - start)
        page = project / "site-0" / f"{m.id}.html"
        size = page.stat().st_size / 1e6
        print(f"build_site, {nodes:,} nodes: median {statistics.median(builds):.2f} s of 3 runs; page {size:.1f} MB")
        argmap_cli = str(Path(sys.executable).parent / "argmap")
        processes = []
        for run in range(3):
            start = time.perf_counter()
            done = subprocess.run([argmap_cli, "site", "maps", "-o", f"cli-{run}"], cwd=project, capture_output=True)
            processes.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(f"argmap site failed: {done.stderr.decode(errors='replace').strip()}")
                break
        else:
            print(f"`argmap site` whole process (load, validate, build): median {statistics.median(processes):.2f} s")

        from tests.chromium import chromium, missing

        reason = missing()
        if reason:
            print(f"browser figures skipped: {reason}")
            return
        with chromium() as driver:
            paints, interactions = [], []
            for _ in range(3):
                driver.get("about:blank")
                driver.get(page.as_uri())
                paints.append(driver.execute_script(TIMINGS))
                interactions.append(driver.execute_async_script(INTERACT, f"point {nodes - 1}:"))

        def med(key, rows):
            return statistics.median(r[key] for r in rows) / 1000

        print(
            f"headless Chromium, median of 3: first paint {med('fp', paints):.2f} s, "
            f"first contentful paint {med('fcp', paints):.2f} s, DOMContentLoaded {med('dcl', paints):.2f} s, "
            f"load {med('load', paints):.2f} s"
        )
        print(
            f"unfold all {med('unfold', interactions):.2f} s (painted {med('unfoldPainted', interactions):.2f} s), "
            f"search over every node {med('search', interactions):.2f} s ({interactions[0]['hits']} match)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
