"""benchmarks/bench_evaluate.py runs, and argmap agrees with formal-argumentation where both answer."""

from __future__ import annotations

import importlib.util
import random
import sys

import pytest

from argmap.semantics import Framework, evaluate_framework

from .conftest import ROOT

dung = pytest.importorskip("argumentation.core.dung", reason="needs formal-argumentation (the test extra)")


def _bench():
    path = ROOT / "benchmarks" / "bench_evaluate.py"
    spec = importlib.util.spec_from_file_location("bench_evaluate", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def test_the_grounded_benchmark_runs_and_both_agree(capsys) -> None:
    # bench_grounded asserts that argmap's in-set is formal-argumentation's grounded extension.
    _bench().bench_grounded(nodes=400, cross=60, rounds=1)
    out = capsys.readouterr().out
    assert "one map of 400 nodes" in out and "ratio argmap / formal-argumentation" in out


def test_the_rebutting_pairs_benchmark_runs_and_answers(capsys) -> None:
    # bench_rebutting_pairs asserts the acceptance: every rebuttal in some extension, none in every one.
    _bench().bench_rebutting_pairs(count=400, rounds=1)
    out = capsys.readouterr().out
    assert "3^200 complete extensions" in out and out.count("at least ") == 3


@pytest.mark.parametrize("seed", range(40))
def test_extensions_agree_with_formal_argumentation(seed) -> None:
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(rng.randint(1, 9))]
    attacks = sorted({(x, y) for x in names for y in names if rng.random() < 0.25})
    af = dung.ArgumentationFramework(frozenset(names), frozenset(attacks))
    fw = Framework.from_attacks(names, attacks)
    theirs = {
        "grounded": [dung.grounded_extension(af)],
        "complete": dung.complete_extensions(af),
        "preferred": dung.preferred_extensions(af),
        "stable": dung.stable_extensions(af),
    }
    for semantics, expected in theirs.items():
        ev = evaluate_framework(fw, semantics)
        if semantics == "grounded":
            ours = [frozenset(name for name, label in ev.labels.items() if label == "in")]
        else:
            ours = [frozenset(e) for e in ev.extensions]
        assert sorted(map(sorted, ours)) == sorted(map(sorted, expected)), semantics


def test_the_dfquad_benchmark_runs_and_both_agree(capsys) -> None:
    pytest.importorskip("argumentation.gradual.dfquad", reason="needs formal-argumentation (the test extra)")
    # bench_dfquad asserts that argmap's strengths are formal-argumentation's to 1e-9.
    _bench().bench_dfquad(nodes=400, cross=60, rounds=1)
    out = capsys.readouterr().out
    assert "dfquad: one map of 400 nodes" in out and "(target: at most 0.5)" in out
