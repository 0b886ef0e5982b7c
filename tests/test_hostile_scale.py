"""Hostile debates and files that are large in a plain way: each answered whole, within a generous cap."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from .conftest import ROOT, run_process

# Far above what each case takes (about a second to a few), far below what each took before it was fixed.
CAP = 30


def bench():
    """benchmarks/bench_hostile.py, which makes the inputs (the benchmark times the same ones)."""
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "benchmarks" / "bench_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("semantics", ["preferred", "stable", "complete"])
def test_5000_independent_two_cycles_in_one_map_are_answered_not_listed(tmp_path: Path, semantics: str) -> None:
    b = bench()
    folder = b.write_debate(tmp_path / "d", [b.cycles_map(5000, 2)])
    proc = run_process("evaluate", "maps", "--semantics", semantics, "--timeout", "2", cwd=folder, timeout=CAP)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert f"{semantics} semantics, support: none; 1 map, 10001 arguments: more than 10^" in lines[1]
    assert lines[1].endswith("; 1 accepted in every extension, 10001 in some")  # the claim, unattacked


def test_5000_two_cycles_that_attack_the_claim_stop_at_the_timeout_with_what_was_found(tmp_path: Path) -> None:
    b = bench()
    folder = b.write_debate(tmp_path / "d", [b.cycles_map(5000, 2, kind="rebuttal")])
    proc = run_process("evaluate", "maps", "--semantics", "complete", "--timeout", "2", cwd=folder, timeout=CAP)
    assert proc.returncode in (0, 1), proc.stderr
    if proc.returncode == 1:
        assert "found so far" in proc.stderr and "Traceback" not in proc.stderr


def test_explaining_the_end_of_a_100000_attack_chain_is_cut_after_200_steps(tmp_path: Path) -> None:
    b = bench()
    folder = b.write_debate(tmp_path / "d", [b.attack_chain_map(100_000)])
    proc = run_process("evaluate", "maps", "--explain", "m:n0", cwd=folder, timeout=CAP)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "why m:n0 falls (grounded semantics):"
    assert len(lines) == 202 and lines[-1] == "… 99,800 more steps (-f json lists every one)"
    assert lines[-2] == "  " * 20 + '[199] m:n199 stands: every attack on it falls: m:n200 — "Point n199."'
    whole = run_process("evaluate", "maps", "--explain", "m:n0", "-f", "json", cwd=folder, timeout=CAP)
    steps = json.loads(whole.stdout)["explanation"]
    assert len(steps) == 100_000 and steps[-1] == {
        "argument": "m:n99999",
        "label": "in",
        "because": [],
        "depth": 99_999,
        "repeated": False,
        "derived": [],
    }


def test_validating_2000_maps_whose_supports_run_through_all_of_them(tmp_path: Path) -> None:
    # Each map's claim supports the deepest node of the next: one walk per map went through every later map.
    b = bench()
    folder = b.write_debate(tmp_path / "d", b.linked_debate(2000, 15))
    proc = run_process("validate", "maps", cwd=folder, timeout=CAP)
    assert proc.returncode == 0, proc.stdout[-500:]
    assert proc.stdout.splitlines()[-1].startswith("2000 files, 0 problems")


def test_a_support_cycle_through_three_maps_is_reported_on_each(tmp_path: Path) -> None:
    b = bench()
    maps = b.linked_debate(3, 3)
    maps[2]["claim"]["supports"] = ["d0:p2"]
    folder = b.write_debate(tmp_path / "d", maps)
    proc = run_process("validate", "maps", cwd=folder, timeout=CAP)
    assert proc.returncode == 1
    cycles = [line for line in proc.stdout.splitlines() if "error[support-cycle]" in line]
    assert [line.split(":")[0] for line in cycles] == ["maps/d0.json", "maps/d1.json", "maps/d2.json"]
    assert "support cycle c -> d1:p2 -> d1:p1 -> d1:c -> d2:p2 -> d2:p1 -> d2:c -> p2 -> p1 -> c" in cycles[0]
