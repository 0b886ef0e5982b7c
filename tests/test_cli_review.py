"""`argmap diff` and `argmap coverage` as a user runs them: formats, exit codes, one-line refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_argmap
from .test_diff import base_map, changed_map, git, other_map, write

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git executable")


@pytest.fixture
def repo(project: Path) -> Path:
    write(project / "maps" / "m.json", base_map())
    write(project / "maps" / "other.json", other_map())
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    return project


@needs_git
def test_diff_exit_codes_and_formats(repo: Path) -> None:
    same = run_argmap("diff", "HEAD", cwd=repo)
    assert (same.returncode, same.stdout) == (0, "no differences between HEAD and working tree (2 maps)\n")
    write(repo / "maps" / "m.json", changed_map())
    text = run_argmap("diff", "HEAD", cwd=repo)
    assert text.returncode == 1
    assert "  > 'p4' moved from under 'p1' to under 'c'" in text.stdout
    doc = json.loads(run_argmap("diff", "HEAD", "maps", "--format", "json", cwd=repo).stdout)
    assert [(e["map"], e["node"]) for e in doc["added"]] == [("m", "p5")]
    assert [(e["node"], e["old_id"]) for e in doc["renamed"]] == [("p3-trust", "p3")]
    markdown = run_argmap("diff", "-f", "markdown", "HEAD", cwd=repo)
    assert markdown.returncode == 1
    assert markdown.stdout.startswith("## argmap diff: HEAD → working tree\n")
    assert "- **added** link: `p1` supports `other:o1`" in markdown.stdout


@needs_git
def test_diff_two_folders(repo: Path) -> None:
    (repo / "new").mkdir()
    write(repo / "new" / "m.json", changed_map())
    proc = run_argmap("diff", "maps/m.json", "new", "--format", "json", cwd=repo)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["removed"][0]["node"] == "p2"
    assert run_argmap("diff", "maps", "maps", cwd=repo).returncode == 0


@needs_git
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-rev"], "argmap: unknown revision 'no-such-rev' in "),
        (["HEAD", "missing"], "argmap: no such file or folder: missing (neither in the working tree nor at HEAD)"),
        (["maps"], "argmap: maps is a file or folder: give exactly one NEW file or folder to compare it with"),
    ],
)
def test_diff_usage_errors_are_one_line_exit_2(repo: Path, args: list[str], message: str) -> None:
    proc = run_argmap("diff", *args, cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stdout == ""


def test_diff_outside_a_repository(tmp_path: Path) -> None:
    proc = run_argmap("diff", "HEAD", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("argmap: not a git repository: ") and proc.stderr.count("\n") == 1


@needs_git
def test_diff_broken_map_exit_2_with_its_place(repo: Path) -> None:
    (repo / "maps" / "m.json").write_text('{"id": "m",\n  "title": }\n')
    proc = run_argmap("diff", "HEAD", cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.startswith("argmap: maps/m.json:2:12: invalid JSON"), proc.stderr


def test_diff_needs_arguments() -> None:
    assert run_argmap("diff").returncode == 2


def excerpt_project(project: Path) -> Path:
    lines = (ROOT / "seeds" / "2022-01-12-what-does-russia-want.txt").read_text(encoding="utf-8").splitlines(True)
    (project / "seeds" / "excerpt.txt").write_text("".join(lines[:9]), encoding="utf-8")
    data = {
        "id": "m",
        "title": "T",
        "sides": {"russia": {"name": "Russia"}},
        "sources": {"s": {"path": "seeds/excerpt.txt", "title": "Excerpt", "date": "2022"}},
        "claim": {
            "id": "c",
            "kind": "claim",
            "side": "russia",
            "text": "C.",
            "quote": {"source": "s", "text": "Russia demands a guarantee that Ukraine can never join NATO"},
        },
    }
    write(project / "maps" / "m.json", data)
    return project


def test_coverage_text_json_and_exit_codes(project: Path) -> None:
    excerpt_project(project)
    proc = run_argmap("coverage", cwd=project)
    assert (proc.returncode, proc.stdout) == (
        0,
        "seeds/excerpt.txt: 1 of 7 sentences cited (14.3%)\n1 source: 1 of 7 sentences cited (14.3%)\n",
    )
    proc = run_argmap("coverage", "maps/m.json", "--uncited", cwd=project)
    assert proc.stdout.splitlines()[1] == (
        "  3: MOSCOW The first American and Russian diplomats confronted each other in Geneva."
    )
    doc = json.loads(run_argmap("coverage", "--format", "json", cwd=project).stdout)
    assert [(s["source"], s["sentences"], s["cited"], s["percent"], len(s["uncited"])) for s in doc["sources"]] == [
        ("seeds/excerpt.txt", 7, 1, 14.3, 6)
    ]
    below = run_argmap("coverage", "--fail-under", "50", cwd=project)
    assert below.returncode == 1
    assert below.stderr == "argmap: seeds/excerpt.txt: 14.3% cited, under --fail-under 50\n"
    assert run_argmap("coverage", "--fail-under", "10", cwd=project).returncode == 0


def test_coverage_refusals(project: Path) -> None:
    proc = run_argmap("coverage", "nowhere", cwd=project)
    assert (proc.returncode, proc.stderr) == (2, "argmap: no such file or folder: nowhere\n")
    excerpt_project(project)
    assert run_argmap("coverage", "--format", "github", cwd=project).returncode == 2
    (project / "seeds" / "excerpt.txt").unlink()
    proc = run_argmap("coverage", cwd=project)
    assert proc.returncode == 1
    assert proc.stderr == "argmap: maps/m.json: source 's': seeds/excerpt.txt does not exist\n"


def test_coverage_of_the_seed_debate_from_a_subfolder() -> None:
    # Sources are found from the project root, wherever the command runs inside the project.
    proc = run_argmap("coverage", ".", "--format", "json", cwd=ROOT / "maps")
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)["sources"]) == 2


def test_diff_offers_only_the_formats_it_can_write(repo: Path) -> None:
    from .conftest import run_process

    proc = run_process("diff", "HEAD", "--format", "github", cwd=repo)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "'github' is not one of 'text', 'json', 'markdown'" in proc.stderr
