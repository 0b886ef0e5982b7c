"""A map whose texts (and file name) carry terminal controls: every text report shows them as escapes, never raw.

ESC starts sequences that retitle the window, move the cursor or rewrite what was printed; BEL rings;
NUL and the C1 controls confuse terminals and logs; the bidirectional overrides (U+202E...) make a line
read differently from what it holds. JSON output stays exact JSON (JSON escapes the C0 controls itself).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from argmap.terminal import terminal

from .conftest import ROOT, run_argmap

GUIDE = "seeds/2022-01-12-what-does-russia-want.txt"
# OSC (retitle the window, ended by BEL), CSI as ESC [ and as the one-byte C1 CSI, NUL, DEL, the bidi
# overrides, embeddings and isolates, the marks, the line separators.
HOSTILE = (
    "\x1b]0;pwned\x07\x1b[2J\x9b31m\x00\x7f\x85"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029"
)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAME = "h\x1b]0;t\x07\u202e\x9b.json"


@pytest.fixture
def hostile(project: Path) -> Path:
    """A debate of one valid map whose title, side, source, texts, speaker and quote carry every control,
    in a file whose name carries some too (a name cannot hold NUL)."""
    data = {
        "id": "h",
        "title": f"Title {HOSTILE}",
        "description": f"About {HOSTILE}",
        "sides": {"russia": {"name": f"Russia {HOSTILE}"}, "nato": {"name": "NATO"}},
        "sources": {"guide": {"path": GUIDE, "title": f"Guide {HOSTILE}"}},
        "claim": {
            "id": "c",
            "kind": "claim",
            "side": "russia",
            "speaker": f"Speaker {HOSTILE}",
            "text": f"Claim {HOSTILE}",
            "quote": {"source": "guide", "text": f"Quote {HOSTILE}"},
            "children": [{"id": "r", "kind": "rebuttal", "side": "nato", "text": f"Rebuttal {HOSTILE}"}],
        },
    }
    (project / "maps" / NAME).write_text(json.dumps(data), encoding="utf-8")
    return project


def _safe(text: str) -> None:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # argmap's own colours (HOSTILE's ESC [ ends in J, not m)
    found = RAW.search(text)
    assert found is None, f"raw {found.group()!a}: {text[max(found.start() - 60, 0) : found.end() + 20]!a}"


def _run(project: Path, *args: str) -> str:
    proc = run_argmap(*args, cwd=project)
    assert "Traceback" not in proc.stderr
    out = proc.stdout + proc.stderr
    _safe(out)
    return out


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "maps", "-f", "text"),
        ("validate", "maps", "-f", "github"),
        ("validate", "maps", "-f", "markdown"),
        ("validate", f"maps/{NAME}"),
        ("coverage", "maps"),
        ("coverage", "maps", "-f", "markdown"),
        ("render", "maps", "-o", "out"),
        ("site", "maps", "-o", "site"),
    ],
)
def test_reports_of_a_hostile_map_escape_every_control(hostile: Path, args: tuple[str, ...]) -> None:
    out = _run(hostile, *args)
    if args[0] == "validate" and "markdown" not in args:
        assert "\\u202e" in out and "\\x1b" in out  # shown, not dropped: the reader sees what is there


def test_show_and_evaluate_escape_every_control_even_in_colour(hostile: Path, tmp_path: Path) -> None:
    # Without the quote error, show and evaluate take the map.
    path = hostile / "maps" / NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["claim"]["quote"]
    path.write_text(json.dumps(data), encoding="utf-8")
    for args in (
        ("show", f"maps/{NAME}", "--no-color"),
        ("show", f"maps/{NAME}", "--color"),
        ("show", f"maps/{NAME}", "--color", "--evaluate"),
        ("evaluate", "maps"),
        ("evaluate", "maps", "--explain", "h:r"),
    ):
        out = _run(hostile, *args)
        assert "\\u202e" in out, args
    coloured = run_argmap("show", f"maps/{NAME}", "--color", cwd=hostile).stdout
    assert "\x1b[31m" in coloured or "\x1b[1m" in coloured  # argmap's own colours still reach the terminal
    # diff of the map against itself changed
    old = tmp_path / "old"
    shutil.copytree(hostile / "maps", old)
    data["claim"]["text"] = f"Changed {HOSTILE}"
    path.write_text(json.dumps(data), encoding="utf-8")
    _run(hostile, "diff", str(old), "maps")
    _run(hostile, "diff", str(old), "maps", "-f", "markdown")


def test_json_output_stays_exact_json(hostile: Path) -> None:
    proc = run_argmap("validate", "maps", "-f", "json", cwd=hostile)
    # The texts are as the map has them (JSON escaped the controls itself), not escaped twice.
    assert "\\x1b" not in proc.stdout
    assert f"maps/{NAME}" in _strings(json.loads(proc.stdout))


def _strings(data: object) -> list[str]:
    out, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def test_messages_naming_a_hostile_file_or_argument_are_escaped(hostile: Path) -> None:
    _run(hostile, "add", f"maps/{NAME}", f"nope{HOSTILE}", "--kind", "premise", "--side", "russia", "--text", "x")
    _run(hostile, "edit", f"maps/{NAME}", "r", "--text", f"New {HOSTILE}")
    _run(hostile, "new", f"maps/n{HOSTILE[:5]}.json", "--title", "T", "--claim", "C.", "--side", "russia")


def test_the_terminal_filter_keeps_newlines_and_only_argmaps_colours() -> None:
    assert terminal("a\nb\tc") == "a\nb\tc"
    assert terminal("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert terminal("\x1b[31mred\x1b[0m", colour=True) == "\x1b[31mred\x1b[0m"
    assert terminal("\x1b]0;x\x07\u202e", colour=True) == "\\x1b]0;x\\x07\\u202e"
    assert terminal("emoji \u200d joiner and é") == "emoji \u200d joiner and é"


def test_the_seed_debate_reads_the_same() -> None:
    # Ordinary text (quotes, dashes, accents) is never escaped.
    out = run_argmap("show", str(ROOT / "maps" / "1-ukraine-never-in-nato.json"), "--no-color").stdout
    assert "\\u" not in out and "\\x" not in out
