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


def test_a_search_that_cannot_finish_stops_at_the_timeout_with_what_it_found() -> None:
    names, attacks = many_cycles(40)
    # 3^40 extensions never finish; 2 s is thousands of times what the first one takes, even on a loaded machine.
    ev = capped(lambda: evaluate_framework(Framework.from_attacks(names, attacks), "complete", timeout=2))
    assert not ev.complete_search
    assert ev.extension_count > 0  # whole extensions found so far, each a real one
    for extension in ev.extensions[:50]:
        chosen = set(extension)
        assert not any((x, y) in set(attacks) for x in chosen for y in chosen)
    assert set(ev.labels.values()) == {"undec"}  # grounded still answers in full


def test_the_timeout_option_says_what_was_found_and_exits_1(tmp_path: Path) -> None:
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
    proc = run_argmap("evaluate", str(folder), "--semantics", "preferred", "--timeout", "2")
    assert proc.returncode == 1
    message = proc.stderr.strip()
    assert message.startswith("argmap: preferred semantics: the search stopped at the 2 s timeout, unfinished; ")
    assert "whole extensions found so far" in message and "grounded semantics always answers" in message
    assert "found so far" in proc.stdout and "Traceback" not in proc.stderr
    grounded = run_argmap("evaluate", str(folder), "--timeout", "0.5", "-f", "json")
    assert grounded.returncode == 0 and set(json.loads(grounded.stdout)["labels"].values()) == {"undec"}


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
