"""Hostile input: every case one clear line and its exit code, bounded in time, nothing written."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import argmap

from .conftest import run_argmap, run_process


@pytest.fixture
def demo(project: Path, minimal_map: str) -> Path:
    (project / "maps" / "demo.json").write_text(minimal_map, encoding="utf-8")
    return project


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_a_fifo_as_map_source_or_outline_is_refused_not_waited_on(demo: Path) -> None:
    _fifo(demo / "maps" / "pipe.json")
    proc = run_process("validate", "maps/pipe.json", cwd=demo, timeout=30)
    assert proc.returncode == 1 and "is not a regular file" in proc.stdout
    proc = run_process(
        "add", "maps/pipe.json", "x", "--kind", "premise", "--side", "s", "--text", "t", cwd=demo, timeout=30
    )
    assert proc.returncode == 1 and "is not a regular file" in proc.stderr
    (demo / "maps" / "pipe.json").unlink()

    _fifo(demo / "seeds" / "pipe.txt")
    data = json.loads((demo / "maps" / "demo.json").read_text(encoding="utf-8"))
    data["sources"]["guide"]["path"] = "seeds/pipe.txt"
    (demo / "maps" / "demo.json").write_text(json.dumps(data), encoding="utf-8")
    proc = run_process("validate", "maps/demo.json", cwd=demo, timeout=30)
    assert proc.returncode == 1 and "error[source-missing]" in proc.stdout and "is not a regular file" in proc.stdout

    _fifo(demo / "in.outline")
    proc = run_process("import", "outline", "in.outline", "-o", "maps/new.json", cwd=demo, timeout=30)
    assert proc.returncode == 1 and "is not a regular file" in proc.stderr
    assert not (demo / "maps" / "new.json").exists()


def test_a_lone_surrogate_in_an_argument_is_refused(demo: Path) -> None:
    before = (demo / "maps" / "demo.json").read_bytes()
    proc = run_argmap(
        "add",
        "maps/demo.json",
        "no-ukraine-in-nato",
        "--kind",
        "premise",
        "--side",
        "russia",
        "--text",
        "bad \ud800",
        cwd=demo,
    )
    assert proc.returncode == 2 and "--text: character 5 is not valid Unicode text" in proc.stderr
    assert (demo / "maps" / "demo.json").read_bytes() == before


def test_non_utf8_bytes_in_an_argument_are_refused(demo: Path) -> None:
    import subprocess
    import sys

    args = [
        sys.executable.encode(),
        b"-m",
        b"argmap",
        b"add",
        b"maps/demo.json",
        b"no-ukraine-in-nato",
        b"--kind",
        b"premise",
        b"--side",
        b"russia",
        b"--text",
        b"caf\xe9",
    ]
    proc = subprocess.run(args, cwd=demo, capture_output=True, timeout=60, env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert proc.returncode == 2, proc.stderr
    assert b"not valid Unicode text" in proc.stderr and b"Traceback" not in proc.stderr


def test_a_lone_surrogate_escape_in_a_map_is_an_error_and_blocks_every_write(demo: Path) -> None:
    path = demo / "maps" / "demo.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("NATO must guarantee", "\\ud800 NATO must"), encoding="utf-8"
    )
    proc = run_argmap("validate", cwd=demo)
    assert proc.returncode == 1 and "error[encoding]" in proc.stdout
    before = path.read_bytes()
    proc = run_argmap("edit", "maps/demo.json", "right-to-choose", "--text", "x", cwd=demo)
    assert proc.returncode == 1 and "is not a sound map" in proc.stderr and path.read_bytes() == before


def test_duplicate_keys_are_an_error_never_silently_dropped(demo: Path) -> None:
    path = demo / "maps" / "demo.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"id": "minimal",', '"id": "minimal",\n  "id": "other",'))
    proc = run_argmap("validate", cwd=demo)
    assert (
        proc.returncode == 1 and "maps/demo.json:4:3: error[duplicate-key]: the key 'id' appears twice" in proc.stdout
    )
    before = path.read_bytes()
    assert run_argmap("edit", "maps/demo.json", "right-to-choose", "--text", "x", cwd=demo).returncode == 1
    assert path.read_bytes() == before


def test_a_huge_integer_fails_its_file_only(demo: Path) -> None:
    other = demo / "maps" / "other.json"
    text = (demo / "maps" / "demo.json").read_text(encoding="utf-8").replace('"minimal"', '"other"')
    other.write_text(text.replace('"title":', '"n": ' + "7" * 5000 + ',\n  "title":', 1), encoding="utf-8")
    proc = run_argmap("validate", cwd=demo)
    assert proc.returncode == 1
    assert "maps/other.json:4:8: error[json-syntax]: invalid JSON: Exceeds the limit (4300 digits)" in proc.stdout
    assert proc.stdout.strip().endswith("2 files, 1 problem")


def test_a_deep_outline_is_refused_at_its_line(project: Path) -> None:
    lines = ["id: deep", "title: Deep", "side russia: Russia", "", "* [n0] (russia) Root."]
    lines += [f"{'  ' * level}+ [n{level}] (russia) Level {level}." for level in range(1, 600)]
    (project / "deep.outline").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    proc = run_argmap("import", "outline", "deep.outline", "-o", "maps/deep.json", cwd=project)
    assert time.monotonic() - started < 30  # a generous cap, so a loaded machine cannot fail it
    assert proc.returncode == 1 and "more than 200 levels deep" in proc.stderr
    assert "deep.outline:206:" in proc.stderr and not (project / "maps" / "deep.json").exists()


def test_outline_import_reports_every_mistake_and_export_refuses_to_overwrite(demo: Path) -> None:
    (demo / "bad.outline").write_text(
        "id: x\ntitle: X\nside russia: Russia\nbogus line\n* (russia) Claim.\n  wrong: 1\n  + no side here\n",
        encoding="utf-8",
    )
    proc = run_argmap("import", "outline", "bad.outline", "-o", "maps/x.json", cwd=demo)
    assert proc.returncode == 1
    assert [line.split(": ")[0] for line in proc.stderr.splitlines()[1:]] == [
        "bad.outline:4:1",
        "bad.outline:6:3",
        "bad.outline:7:3",
    ]
    assert run_argmap("export", "outline", "maps/demo.json", "-o", "out.outline", cwd=demo).returncode == 0
    proc = run_argmap("export", "outline", "maps/demo.json", "-o", "out.outline", cwd=demo)
    assert proc.returncode == 1 and "already exists" in proc.stderr and "--force" in proc.stderr
    assert run_argmap("export", "outline", "maps/demo.json", "-o", "out.outline", "--force", cwd=demo).returncode == 0


def test_control_characters_are_escaped_in_every_human_readable_output(demo: Path) -> None:
    escape = "\x1b]0;pwned\x07\x1b[31m"
    proc = run_argmap("edit", "maps/demo.json", "right-to-choose", "--text", f"Red {escape}text.", cwd=demo)
    assert proc.returncode == 0, proc.stderr
    shown = run_argmap("show", "maps/demo.json", "--no-color", cwd=demo).stdout
    assert "\x1b" not in shown and "\x07" not in shown and "Red \\x1b]0;pwned\\x07\\x1b[31mtext." in shown
    (demo / "seeds" / "evil.txt").write_text(f"A sentence with {escape} inside it.", encoding="utf-8")
    data = json.loads((demo / "maps" / "demo.json").read_text(encoding="utf-8"))
    data["sources"]["guide"]["path"] = "seeds/evil.txt"
    data["claim"]["quote"]["text"] = "A sentence with inside it."
    (demo / "maps" / "demo.json").write_text(json.dumps(data), encoding="utf-8")
    out = run_argmap("validate", cwd=demo).stdout
    assert "error[quote-not-found]" in out and "\x1b" not in out and "\\x1b" in out


def test_big_sources_and_long_quotes_are_refused_quickly(demo: Path) -> None:
    big = demo / "seeds" / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    data = json.loads((demo / "maps" / "demo.json").read_text(encoding="utf-8"))
    data["sources"]["big"] = {"path": "seeds/big.txt", "title": "Big", "date": "2022"}
    data["claim"]["children"][0]["quote"] = {"source": "guide", "text": "word " * 200_000}
    (demo / "maps" / "demo.json").write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    out = run_argmap("validate", cwd=demo).stdout
    assert time.monotonic() - started < 30  # a generous cap, so a loaded machine cannot fail it
    assert "error[source-too-large]: source 'big': seeds/big.txt is 52.4 MB; a source text is limited to 10 MiB" in out
    assert "error[quote-too-long]" in out


def test_the_closest_passage_search_is_bounded() -> None:
    from argmap.quotes import _ANCHOR_TRIES, SourceText

    class Scans(str):
        """A source's text that counts the substring searches made in it."""

        count = 0

        def find(self, *args, **kwargs) -> int:
            Scans.count += 1
            return super().find(*args, **kwargs)

    source = SourceText(("The quick brown fox jumps over the lazy dog. " * 200_000)[:9_000_000])
    source.normalized = Scans(source.normalized)
    hint = source.closest("Nothing in this quote occurs anywhere in that text, not one word of it. " * 50)
    # Counted, not timed: however long the source and the quote, a hint costs a fixed number of scans.
    assert 0 < Scans.count <= _ANCHOR_TRIES
    assert hint and hint in source.normalized


def test_an_unwritable_output_folder_is_a_clear_refusal(demo: Path) -> None:
    (demo / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    proc = run_argmap("render", "maps", "-o", "blocked/out", "-f", "dot", cwd=demo)
    assert proc.returncode == 1 and "cannot be written" in proc.stderr and "internal error" not in proc.stderr


def test_an_internal_error_is_one_line_unless_traceback_is_asked(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.tree as tree

    def broken(*args, **kwargs):
        raise ZeroDivisionError("simulated")

    monkeypatch.setattr(tree, "map_tree", broken)
    proc = run_argmap("show", "maps/demo.json", cwd=demo)
    assert proc.returncode == 70 and proc.stderr.count("\n") == 1 and "internal error: ZeroDivisionError" in proc.stderr
    with pytest.raises(ZeroDivisionError):
        run_argmap("--traceback", "show", "maps/demo.json", cwd=demo)


def test_version_and_short_help(project: Path) -> None:
    assert run_argmap("--version").stdout == f"argmap {argmap.__version__}\n"
    help_text = run_argmap("-h").stdout
    rename = "Rename a node id (or with --map the map id, and its file), rewriting every link to it in the debate."
    assert rename in " ".join(help_text.split())


def test_a_usage_error_is_one_plain_line_with_exit_2(project: Path) -> None:
    proc = run_process("add", "maps/m.json", "x", "--kind", "rebutal", "--side", "s", "--text", "t", cwd=project)
    assert proc.returncode == 2
    assert proc.stderr == (
        "argmap: Invalid value for '--kind': 'rebutal' is not one of 'premise', 'rebuttal', "
        "'counter-rebuttal' (did you mean rebuttal?) (see `argmap add --help`)\n"
    )
    proc = run_process("show", "maps/m.json", "--depth", "x", cwd=project)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "give a whole number" in proc.stderr
    assert "Input should" not in proc.stderr and "Value error" not in proc.stderr


def test_a_lone_surrogate_escape_in_an_outline_is_refused_at_its_line(project: Path) -> None:
    (project / "s.outline").write_text('id: s\ntitle: S\nside russia: Russia\n\n* (russia) "bad \\ud800 text"\n')
    proc = run_argmap("import", "outline", "s.outline", "-o", "maps/s.json", cwd=project)
    assert proc.returncode == 1 and "s.outline:5:12: error[outline]: a \\u escape names half" in proc.stderr
    assert not (project / "maps" / "s.json").exists()


def test_an_import_holding_a_lone_surrogate_writes_nothing(project: Path) -> None:
    from .conftest import ROOT

    data = (ROOT / "tests/data/formats/aif/own-undercut-linked.json").read_text(encoding="utf-8")
    start = data.index('"text": "') + len('"text": "')
    (project / "bad.json").write_text(data[:start] + "\\ud800 " + data[start:], encoding="utf-8")
    proc = run_argmap("import", "bad.json", "--from", "aif", "-o", "maps", cwd=project)
    assert proc.returncode == 1 and "half of a UTF-16 surrogate pair" in proc.stderr and "internal" not in proc.stderr
    assert [p.name for p in (project / "maps").iterdir() if p.name != ".argmap.lock"] == []
    # A folder the import made for its maps goes again when the import is refused.
    assert run_argmap("import", "bad.json", "--from", "aif", "-o", "maps/new", cwd=project).returncode == 1
    assert not (project / "maps" / "new").exists()
