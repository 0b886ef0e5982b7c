"""Hostile interchange files: each attack named, the work linear in the input, limits one plain line.

The files are made here, each a few hundred kilobytes: 20,000 statements of one text in every
format, a 4,000-statement AIF cycle, 200 kB Argdown lines that never close what they open, a Kialo
number of 5,000 digits. Each import runs as a user runs it, in its own process, and is bounded by a
generous cap on the process's CPU time (the machine may be shared; CPU time is what the work costs):
far above what the linear importers need, far below what the quadratic ones took.
"""

from __future__ import annotations

import importlib.util
import json
import resource
import time
from pathlib import Path

import pytest

from argmap.formats import FormatError, read_text

from .conftest import ROOT, run_process

CPU_CAP = 15.0  # seconds of CPU for one import; the importers need under 2 s, the quadratic ones took 26 s and more
SAME = "The same text."
N = 20_000


def _import(path: Path, *args: str, cwd: Path) -> tuple[object, float]:
    """`argmap import` in its own process: the finished process and the CPU seconds it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ran = run_process("import", path.name, *args, cwd=cwd, timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ran, cpu


def _bench():
    """benchmarks/bench_hostile.py, whose functions make the hostile files (one maker for both)."""
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "benchmarks" / "bench_hostile.py")
    bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    return bench


def _same_text(fmt: str) -> str:
    return _bench().same_text_file(fmt, N)


SUFFIX = {"kialo": "txt", "argdown": "argdown", "outline": "outline", "aif": "json"}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["kialo", "argdown", "aif", "outline"])
def test_20000_statements_of_one_text_import_in_linear_time(fmt: str, project: Path) -> None:
    source = project / f"same.{SUFFIX[fmt]}"
    source.write_text(_same_text(fmt), encoding="utf-8")
    ran, cpu = _import(source, "--from", fmt, "-o", "maps/same" + (".json" if fmt == "outline" else ""), cwd=project)
    assert ran.returncode == 0, ran.stderr[-500:]
    written = sorted((project / "maps").rglob("*.json"))
    (m,) = [json.loads(p.read_text(encoding="utf-8")) for p in written]
    ids = [m["claim"]["id"], *(c["id"] for c in m["claim"].get("children", ()))]
    assert len(ids) == len(set(ids)) == N
    assert ids[:3] == ["the-same-text", "the-same-text-2", "the-same-text-3"]
    assert cpu < CPU_CAP, f"{cpu:.1f} s of CPU for {N} statements"


def test_ids_of_one_text_are_counted_not_searched() -> None:
    """The id allocator looks at each candidate name a bounded number of times, however many share a base."""
    from argmap.ids import IdAllocator

    class Counting(set):
        looks = 0

        def __contains__(self, item: object) -> bool:
            Counting.looks += 1
            return super().__contains__(item)

    ids = IdAllocator()
    ids.taken = Counting()
    names = [ids.new("same", "node") for _ in range(N)]
    assert len(set(names)) == N and names[-1] == f"same-{N}"
    assert Counting.looks <= 3 * N  # a search from 2 on every call would look 200 million times


@pytest.mark.slow
def test_an_aif_cycle_of_4000_statements_becomes_a_few_maps_with_one_support_left_out(project: Path) -> None:
    count = 4000
    (project / "cycle.json").write_text(_bench().aif_cycle_file(count), encoding="utf-8")
    ran, cpu = _import(project / "cycle.json", "-o", "maps/cycle", cwd=project)
    assert ran.returncode == 0, ran.stderr[-500:]
    assert "not kept: 1 supports that would close a circle of supports left out" in ran.stderr
    maps = [json.loads(p.read_text(encoding="utf-8")) for p in (project / "maps" / "cycle").glob("*.json")]
    # A chain too deep for one map continues in the next: 100 statements a map, not one map per statement.
    assert 38 <= len(maps) <= 42
    assert sum(1 for m in maps for _ in _nodes(m["claim"])) == count
    assert cpu < CPU_CAP, f"{cpu:.1f} s of CPU"
    assert run_process("validate", "maps/cycle", cwd=project).returncode == 0


@pytest.mark.slow
def test_an_import_of_1500_separate_statements_writes_1500_maps_in_linear_time(project: Path) -> None:
    count = 1500
    (project / "separate.json").write_text(_bench().separate_statements_file(count), encoding="utf-8")
    ran, cpu = _import(project / "separate.json", "-o", "maps/separate", cwd=project)
    assert ran.returncode == 0, ran.stderr[-500:]
    assert len(list((project / "maps" / "separate").glob("*.json"))) == count
    # The debate was remade once per new map, looking at every map already there: 20 s of CPU here.
    assert cpu < CPU_CAP, f"{cpu:.1f} s of CPU"


def _nodes(node: dict):
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.get("children", ()))


# Each a line of about 200 kB, full of openers that never close: a pattern that searches for the closer
# from every opener goes over the rest of the line each time.
UNCLOSED = {
    "tag": "[a]: x " + "#(a " * 50_000,
    "emphasis": "[a]: " + "*a " * 66_000,
    "comment": "[a]: x " + "<!--a " * 33_000,
    "everything": "[a]: " + "#(<!--{[<*a _b /*" * 12_000,
    # '[' with no ']:' after it: a statement definition looked for from every '[' would cross the line each time.
    "brackets": "[a]: x " + "[a " * 66_000,
}


@pytest.mark.parametrize("attack", sorted(UNCLOSED))
def test_an_argdown_line_of_200_kb_that_never_closes_what_it_opens_is_read_in_linear_time(attack: str) -> None:
    text = UNCLOSED[attack] + "\n"
    start = time.process_time()
    try:
        _, imported = read_text(text, "long.argdown", "argdown")
        (m,) = imported.maps
        outcome = m.claim.text
    except FormatError as exc:
        outcome = str(exc)
    cpu = time.process_time() - start
    assert cpu < CPU_CAP / 2, f"{cpu:.1f} s of CPU for one line"
    if attack in ("tag", "comment", "brackets"):
        # Argdown reads an unclosed '#(', '<!--' and '[' as text, and so does argmap.
        assert outcome.startswith("x ") and len(outcome) > 190_000
    else:
        # An opened '*' or '_' that never closes is a syntax error, said in one line with its place.
        assert outcome.startswith("long.argdown:2:1: expected closing") and "\n" not in outcome


def test_a_kialo_number_of_5000_digits_is_one_line_not_an_internal_error(project: Path) -> None:
    (project / "digits.txt").write_text(
        "Discussion Title: t\n\n1. T.\n1." + "1" * 5000 + ". Pro: x\n", encoding="utf-8"
    )
    ran = run_process("import", "digits.txt", "-o", "maps/digits", cwd=project)
    assert ran.returncode == 1
    assert ran.stderr == "argmap: digits.txt:4:1: claim number longer than 9 digits in one part\n"
    assert not (project / "maps" / "digits").exists()


def test_argdown_relations_nested_past_the_limit_are_one_line() -> None:
    from argmap.formats._argdown_parser import MAX_NESTING

    lines = ["[s0]: Deep."] + [f"{'  ' * depth}+ [s{depth}]: Deeper." for depth in range(1, MAX_NESTING + 3)]
    with pytest.raises(FormatError) as caught:
        read_text("\n".join(lines) + "\n", "deep.argdown", "argdown")
    assert str(caught.value).startswith(f"deep.argdown:{MAX_NESTING + 2}:") and "nested deeper than" in str(
        caught.value
    )


def test_an_argdown_include_outside_the_file_s_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.argdown").write_text("[s]: Not yours.\n", encoding="utf-8")
    inner = tmp_path / "debate"
    inner.mkdir()
    (inner / "main.argdown").write_text("[a]: A.\n\n@include(../secret.argdown)\n", encoding="utf-8")
    from argmap.formats import read_file

    with pytest.raises(FormatError) as caught:
        read_file(inner / "main.argdown", "argdown")
    assert str(caught.value) == (
        f"{inner / 'main.argdown'}:3:1: @include(../secret.argdown) reaches outside the file's folder"
    )


def test_argdown_includes_that_include_each_other_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.argdown").write_text("[a]: A.\n\n@include(b.argdown)\n", encoding="utf-8")
    (tmp_path / "b.argdown").write_text("[b]: B.\n\n@include(a.argdown)\n", encoding="utf-8")
    from argmap.formats import read_file

    _, imported = read_file(tmp_path / "a.argdown", "argdown")
    assert sorted(m.claim.text for m in imported.maps) == ["A.", "B."]


@pytest.mark.parametrize(
    ("fmt", "text", "place"),
    [
        ("kialo", "Discussion Title: t\n\n1. A.\n" + "".join(f"1.{i}. Pro: P{i}.\n" for i in range(1, 8)), "x:8:1"),
        ("argdown", "[a]: A.\n" + "".join(f"  + [p{i}]: P{i}.\n" for i in range(1, 8)), "x:6:1"),
        (
            "aif",
            json.dumps({"nodes": [{"nodeID": str(i), "type": "I", "text": "s"} for i in range(8)], "edges": []}),
            "x:1:",
        ),
    ],
)
def test_more_statements_than_the_limit_is_one_line_with_the_place(
    monkeypatch, fmt: str, text: str, place: str
) -> None:
    from argmap.formats import _argdown_parser, aif, kialo

    for module in (kialo, aif, _argdown_parser):
        monkeypatch.setattr(module, "MAX_STATEMENTS", 5)
    with pytest.raises(FormatError) as caught:
        read_text(text, "x", fmt)
    assert str(caught.value).startswith(place) and "more than 5 " in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_xaif_document_is_not_written_through_a_link_under_seeds(project: Path, tmp_path_factory) -> None:
    victim = tmp_path_factory.mktemp("outside") / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (project / "seeds" / "talk.txt").symlink_to(victim)
    nodes = [
        {"nodeID": "1", "type": "I", "text": "Trams carry more people"},
        {"nodeID": "2", "type": "L", "text": "trams carry more people"},
        {"nodeID": "3", "type": "YA", "text": "Asserting"},
    ]
    edges = [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"}]
    talk = {"AIF": {"nodes": nodes, "edges": edges}, "text": "trams carry more people"}
    (project / "talk.json").write_text(json.dumps(talk), encoding="utf-8")
    ran = run_process("import", "talk.json", "-o", "maps/talk", "--force", cwd=project)
    assert ran.returncode == 1 and "is a symbolic link" in ran.stderr and ran.stderr.count("\n") == 1
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (project / "maps" / "talk").exists()
