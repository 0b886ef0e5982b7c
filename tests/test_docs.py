"""Every command has help and is documented in the README; the README's set-up commands are what CI runs."""

from __future__ import annotations

import re

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
        assert (diagrams / f"{path.stem}.svg").is_file(), path.stem
