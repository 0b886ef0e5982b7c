"""Hostile debates for evaluate: frameworks that blow up a blind search answer, each run under a generous cap."""

from __future__ import annotations

import importlib.util
import json
import threading
from pathlib import Path

import pytest

from argmap.semantics import Framework, evaluate_framework

from .conftest import ROOT, run_argmap, run_process

# Far above what each case takes (well under a second to a few seconds), far below "never".
CAP = 120


def camps(size: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Two camps of `size` arguments: every member of each attacks every member of the other."""
    a = [f"a{i}" for i in range(size)]
    b = [f"b{i}" for i in range(size)]
    return a + b, [(x, y) for x in a for y in b] + [(y, x) for x in a for y in b]


def capped(work):
    """Run `work()` in a thread and give up after CAP seconds (a failure, not a hang)."""
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", work()), daemon=True)
    thread.start()
    thread.join(CAP)
    assert "result" in box, f"still running after {CAP} s"
    return box["result"]


def write_camps(folder: Path, size: int) -> Path:
    """The two camps as two map files (benchmarks/bench_hostile.py builds them)."""
    path = ROOT / "benchmarks" / "bench_hostile.py"
    spec = importlib.util.spec_from_file_location("bench_hostile", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder.mkdir()
    for data in bench.camp_data(size):
        (folder / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.parametrize("semantics", ["preferred", "stable"])
def test_two_camps_of_150_attacking_each_other_have_exactly_two_extensions(semantics: str) -> None:
    names, attacks = camps(150)
    ev = capped(lambda: evaluate_framework(Framework.from_attacks(names, attacks), semantics, timeout=CAP))
    assert ev.complete_search
    assert sorted(sorted(e) for e in ev.extensions) == [sorted(names[:150]), sorted(names[150:])]
    assert ev.sceptical == [] and sorted(ev.credulous) == sorted(names)


def test_two_camps_of_150_have_three_complete_extensions_the_empty_one_grounded() -> None:
    names, attacks = camps(150)
    ev = capped(lambda: evaluate_framework(Framework.from_attacks(names, attacks), "complete", timeout=CAP))
    assert sorted(len(e) for e in ev.extensions) == [0, 150, 150]
    assert set(ev.labels.values()) == {"undec"}


def test_two_camps_of_150_as_maps_through_the_command(tmp_path: Path) -> None:
    folder = write_camps(tmp_path / "d", 150)
    proc = run_process("evaluate", str(folder), "--semantics", "preferred", "-f", "json", timeout=CAP)
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert sorted(sorted(e)[0] for e in document["extensions"]) == ["a:c", "b:c"]
    assert [len(e) for e in document["extensions"]] == [150, 150] and document["sceptical"] == []


def many_cycles(count: int) -> tuple[list[str], list[tuple[str, str]]]:
    """`count` two-cycles joined in one part by a common target: 3^count complete extensions."""
    names, attacks = ["c"], []
    for i in range(count):
        names += [f"a{i}", f"b{i}"]
        attacks += [(f"a{i}", f"b{i}"), (f"b{i}", f"a{i}"), (f"a{i}", "c")]
    return names, attacks


def rebutting_pairs(count: int) -> tuple[list[str], list[tuple[str, str]]]:
    """A claim rebutted by `count` arguments in pairs that attack each other: 3^(count/2) complete extensions
    in one part (the claim joins them), 2^(count/2) preferred and stable ones."""
    names = ["c"] + [f"r{i}" for i in range(count)]
    return names, [(f"r{i}", "c") for i in range(count)] + [(f"r{i}", f"r{i ^ 1}") for i in range(count)]


def pairs_map(folder: Path, count: int) -> Path:
    """`rebutting_pairs` as one map: the rebuttals children of the claim, each pair joined by `attacks` links."""
    folder.mkdir()
    children = [
        {"id": f"r{i}", "kind": "rebuttal", "side": "b", "speaker": "Y", "text": f"r{i}", "attacks": [f"r{i ^ 1}"]}
        for i in range(count)
    ]
    claim = {"id": "c", "kind": "claim", "side": "a", "speaker": "X", "text": "c", "children": children}
    data = {"id": "pairs", "title": "pairs", "sides": {"a": {"name": "A"}, "b": {"name": "B"}}, "claim": claim}
    (folder / "pairs.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.parametrize("semantics", ["complete", "preferred", "stable"])
@pytest.mark.parametrize("shape", ["forty cycles on one target", "2,500 rebutting pairs"])
def test_a_part_with_astronomically_many_extensions_is_answered_in_full(shape: str, semantics: str) -> None:
    names, attacks = many_cycles(40) if shape.startswith("forty") else rebutting_pairs(5000)
    ev = capped(lambda: evaluate_framework(Framework.from_attacks(names, attacks), semantics))
    assert ev.complete_search and not ev.count_exact and ev.unsettled == []
    assert ev.extension_count >= 39  # those listed, each a real one: no member attacks another
    for extension in ev.extensions[:50]:
        chosen = set(extension)
        assert not any(x in chosen and y in chosen for x, y in attacks)
    assert ev.sceptical == []
    # Forty cycles: the claim is in when every b is. Rebutting pairs: one of each pair always stands.
    assert sorted(ev.credulous) == sorted(names if shape.startswith("forty") else names[1:])
    assert set(ev.labels.values()) == {"undec"}


def test_the_command_answers_the_rebutting_pairs_with_a_lower_bound_and_exit_0(tmp_path: Path) -> None:
    folder = pairs_map(tmp_path / "d", 5000)
    for semantics in ("preferred", "stable", "complete"):
        proc = run_process("evaluate", str(folder), "--semantics", semantics, timeout=CAP)
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        assert f"{semantics} semantics, support: none; 1 map, 5001 arguments: at least " in proc.stdout
        assert "0 accepted in every extension, 5000 in some" in proc.stdout
        assert "so there may be more; each node's acceptance is exact all the same" in proc.stdout
        assert "the claim is accepted in no extension" in proc.stdout and "unsettled" not in proc.stdout
    proc = run_process("evaluate", str(folder), "--semantics", "preferred", "-f", "json", timeout=CAP)
    document = json.loads(proc.stdout)
    assert document["extension_count_at_least"] == len(document["extensions"]) > 1
    assert len(document["credulous"]) == 5000 and document["sceptical"] == [] and "complete" not in document


def test_the_timeout_option_says_what_is_unsettled_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    names, attacks = many_cycles(40)
    by_source: dict[str, list[str]] = {}
    for x, y in attacks:
        by_source.setdefault(x, []).append(f"{y}:c")
    for name in names:
        claim = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": name}
        if name in by_source:
            claim["attacks"] = by_source[name]
        data = {"id": name, "title": name, "sides": {"s": {"name": "S"}}, "claim": claim}
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    # A timeout of 0 stops the search before its first call: deterministic, on any machine.
    proc = run_argmap("evaluate", str(folder), "--semantics", "preferred", "--timeout", "0")
    assert proc.returncode == 1
    message = proc.stderr.strip()
    assert message == (
        "argmap: preferred semantics: the search stopped at the 0 s timeout, unfinished; 0 whole extensions found "
        "so far; the acceptance of 81 of 81 arguments is not settled; grounded semantics always answers"
    )
    assert "0 extensions found so far; 0 accepted in every extension, 0 in some, 81 unsettled" in proc.stdout
    assert "81 nodes not settled (marked unsettled below)" in proc.stdout
    assert "the search stopped before the claim's acceptance was settled" in proc.stdout
    stable = run_argmap("evaluate", str(folder), "--semantics", "stable", "--timeout", "0", "-f", "json")
    document = json.loads(stable.stdout)
    assert document["complete"] is False and len(document["unsettled"]) == 81 and document["credulous"] == []
    grounded = run_argmap("evaluate", str(folder), "--timeout", "0.5", "-f", "json")
    assert grounded.returncode == 0 and set(json.loads(grounded.stdout)["labels"].values()) == {"undec"}
    # With time enough, the same debate is answered: the listing cut short, acceptance exact.
    proc = run_argmap("evaluate", str(folder), "--semantics", "preferred", "--timeout", str(CAP))
    assert proc.returncode == 0 and "at least " in proc.stdout and "unsettled" not in proc.stdout


def test_a_timeout_on_an_easy_debate_changes_nothing(tmp_path: Path) -> None:
    folder = write_camps(tmp_path / "d", 20)
    proc = run_argmap("evaluate", str(folder), "--semantics", "stable", "--timeout", "60", "-f", "json")
    quick = json.loads(proc.stdout)
    assert "complete" not in quick and len(quick["extensions"]) == 2


def test_a_negative_timeout_is_a_usage_error(tmp_path: Path) -> None:
    folder = write_camps(tmp_path / "d", 2)
    proc = run_argmap("evaluate", str(folder), "--semantics", "stable", "--timeout", "-1")
    assert proc.returncode == 2


def test_5000_independent_two_cycles_are_counted_not_listed() -> None:
    from argmap.report.evaluation_text import count_of

    names = [f"a{i}" for i in range(5000)] + [f"b{i}" for i in range(5000)]
    attacks = [(f"a{i}", f"b{i}") for i in range(5000)] + [(f"b{i}", f"a{i}") for i in range(5000)]
    ev = capped(lambda: evaluate_framework(Framework.from_attacks(names, attacks), "preferred", timeout=CAP))
    assert ev.extension_count == 2**5000 and ev.sceptical == [] and len(ev.credulous) == 10_000
    assert count_of(ev.extension_count, "extension") == "more than 10^1505 extensions"
    assert count_of(131_072, "extension") == "131072 extensions"
