"""The README's and the docs' examples run as shown: every `console` block, in a scratch copy of the project.

A page's `console` blocks are one session, run in order in a fresh copy of the project (a git repository
whose one commit, on `main`, is the project as it stands). `$ ` starts a command, a line ending in `\\`
goes on on the next; the lines up to the next `$ ` are what the command prints (stdout and stderr
together), `...` standing for any lines. A command with no lines under it may print anything. Each must
exit 0, unless its comment says `# exit N`, or what it prints starts with `argmap: ` (a refusal: non-zero).
Blocks marked `sh` are shown, not run (installs, servers). `python` blocks run too, each as a script in a
scratch copy.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ROOT, _cwd

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
PYTHON = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
# A command the shell must run (pipes, redirection, globs, variables); any other `argmap` command runs in-process.
SHELL = re.compile(r"[|<>;&$`*?]")


@dataclass
class Example:
    page: str
    line: int
    command: str
    shown: list[str] = field(default_factory=list)

    def expected_exit(self) -> int | None:
        """The exit code the example promises; None for "not zero"."""
        said = re.search(r"#\s*exit (\d+)(?=$|[:;,.)])", self.command)
        if said:
            return int(said.group(1))
        if self.shown and self.shown[0].startswith("argmap: "):
            return None
        return 0


def examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    out: list[Example] = []
    for block in BLOCK.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        lines = block.group(1).splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("$ "):
                start = i
                command = line[2:]
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    command = command[:-1] + " " + lines[i].strip()
                out.append(Example(page.name, first + start, command))
            else:
                assert out and out[-1].line >= first, f"{page.name}:{first + i}: output before any command"
                out[-1].shown.append(line)
            i += 1
    return out


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the printed lines are the shown ones, each `...` standing for any run of lines."""
    if not shown:
        return not actual
    if shown[0] == "...":
        return any(matches(shown[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0] == shown[0] and matches(shown[1:], actual[1:])


def _in_process(words: list[str], cwd: Path) -> tuple[int, str]:
    from typer.testing import CliRunner

    from argmap.cli import load_commands

    with _cwd(cwd):
        result = CliRunner(env={"NO_COLOR": "1"}).invoke(load_commands(), words, catch_exceptions=False)
    return result.exit_code, result.output


def run(example: Example, cwd: Path) -> tuple[int, str]:
    """Run an example as a user at the project's top folder would: `argmap` on the PATH, output interleaved."""
    words = shlex.split(example.command, comments=True)
    if words and words[0] == "argmap" and not SHELL.search(example.command.split(" #")[0]):
        return _in_process(words[1:], cwd)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    proc = subprocess.run(
        ["bash", "-c", example.command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return proc.returncode, proc.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's files as they stand (committed or not, ignored ones left out), as a one-commit repository."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("the examples need git and a git checkout of argmap (they run `git checkout`, `argmap diff HEAD`)")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    dest = tmp_path_factory.mktemp("examples") / "project"
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-c", "user.name=argmap", "-c", "user.email=argmap@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "the project"]):
        subprocess.run([*git, *args], cwd=dest, check=True, capture_output=True)
    return dest


RUNNABLE = [page for page in PAGES if examples(page)]
SCRIPTS = [
    pytest.param(
        page, block.group(1), id=f"{page.name}:{page.read_text(encoding='utf-8').count(chr(10), 0, block.start())}"
    )
    for page in PAGES
    for block in PYTHON.finditer(page.read_text(encoding="utf-8"))
]


def test_the_pages_have_examples() -> None:
    assert ROOT / "README.md" in RUNNABLE and len(RUNNABLE) >= 5
    assert SCRIPTS, "no page has a python example"


def test_parsing_an_example_block(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```console\n$ argmap add m.json root --kind premise \\\n    --text 'A b.'  # exit 1\nargmap: no\n"
        "$ argmap validate\n```\n\n```sh\n$ not run\n```\n",
        encoding="utf-8",
    )
    first, second = examples(page)
    assert (first.line, first.command, first.shown) == (
        2,
        "argmap add m.json root --kind premise  --text 'A b.'  # exit 1",
        ["argmap: no"],
    )
    assert first.expected_exit() == 1 and (second.command, second.shown, second.expected_exit()) == (
        "argmap validate",
        [],
        0,
    )
    assert Example("p", 1, "argmap x", ["argmap: refused"]).expected_exit() is None
    assert Example("p", 1, "argmap x  # exit 1 when it fails").expected_exit() == 0
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"]) and matches(["a", "..."], ["a"])
    assert not matches(["a", "...", "d"], ["a", "b"]) and not matches(["a"], ["a", "b"])


@pytest.mark.parametrize("page", RUNNABLE, ids=[p.name for p in RUNNABLE])
def test_the_examples_of_a_page_run_as_shown(page: Path, template: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    for example in examples(page):
        code, output = run(example, project)
        where = f"{example.page}:{example.line}: $ {example.command}"
        expected = example.expected_exit()
        if expected is None:
            assert code != 0, f"{where}\nexited 0, where the page shows a refusal\n{output}"
        else:
            assert code == expected, f"{where}\nexited {code}, not {expected}\n{output}"
        if example.shown:
            actual = [line.rstrip() for line in output.rstrip("\n").splitlines()]
            shown = [line.rstrip() for line in example.shown]
            assert matches(shown, actual), f"{where}\nshown:\n" + "\n".join(shown) + "\nprinted:\n" + "\n".join(actual)


@pytest.mark.parametrize(("page", "script"), SCRIPTS)
def test_the_python_examples_run(page: Path, script: str, template: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    proc = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, f"{page.name}: the python example failed\n{proc.stderr}"
