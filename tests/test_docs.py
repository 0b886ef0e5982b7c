"""Every command has help and is documented in the README; the README's set-up commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from argmap.cli import app

from .conftest import ROOT, run_argmap

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert set(group.commands) >= {"validate", "render", "schema"}
    commands = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            assert command.help, f"{name} has no help"
            commands.extend((f"{name} {sub}", c) for sub, c in subcommands.items())
        else:
            commands.append((name, command))
    for name, command in commands:
        assert command.help, f"{name} has no help"
        assert f"argmap {name}" in README, f"`argmap {name}` is not in the README"
        proc = run_argmap(*name.split(), "--help")
        assert proc.returncode == 0 and "Usage" in proc.stdout


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_picture_and_link_in_the_docs_exists() -> None:
    for doc in (ROOT / "README.md", ROOT / "docs" / "debate.md"):
        text = doc.read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)<>]+)\)", text)
        assert targets
        for target in targets:
            assert (doc.parent / target).exists(), f"{doc.name}: {target}"


def test_the_committed_diagrams_show_every_map() -> None:
    diagrams = ROOT / "docs" / "diagrams"
    for path in (ROOT / "maps").glob("*.json"):
        # One page, or pages 1, 2, ... with their index (a map too big for one A3 page at 7 pt).
        one, paged = diagrams / f"{path.stem}.svg", diagrams / f"{path.stem}-1.svg"
        assert one.is_file() or (paged.is_file() and (diagrams / f"{path.stem}.html").is_file()), path.stem


def test_the_readme_remove_example_says_what_the_command_says(project: Path) -> None:
    """The debate-folder example in the README is the real output on the seed maps."""
    import shutil

    shutil.rmtree(project / "maps")
    shutil.copytree(ROOT / "maps", project / "maps")
    lines = README.splitlines()
    for command in ("argmap remove maps/3-intermediate-range-missiles.json area-of-compromise -r",):
        index = lines.index(f"$ {command}")
        proc = run_argmap(*command.split()[1:], cwd=project)
        assert (proc.stdout + proc.stderr).strip() == lines[index + 1]
    unlink = "argmap remove maps/3-intermediate-range-missiles.json area-of-compromise -r --unlink"
    index = next(i for i, line in enumerate(lines) if line.startswith(f"$ {unlink}"))
    assert run_argmap(*unlink.split()[1:], cwd=project).stdout.strip() == lines[index + 1]
    assert run_argmap("validate", cwd=project).returncode == 0
