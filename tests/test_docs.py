"""Every command has help and is in the generated reference and the README; the README's set-up is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from argmap.cli import load_commands

from .conftest import ROOT, run_argmap

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_the_reference_shows_it() -> None:
    """docs/cli.md is generated from every command's --help, subcommands included, and is in step with it."""
    from argmap.cli.reference import commands, reference

    listed = commands()
    names = {name for name, _, _ in listed}
    assert {"validate", "render", "schema", "side add", "source remove"} <= names
    reference_text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert reference_text == reference(), "docs/cli.md is out of step: python -m argmap.cli.reference > docs/cli.md"
    for name, _, short in listed:
        assert short, f"{name} has no help"
        proc = run_argmap(*name.split(), "--help")
        assert proc.returncode == 0 and "Usage" in proc.stdout
        # What the reference shows is what the command prints.
        assert f"## `argmap {name}`\n\n```text\n{proc.stdout.rstrip()}\n```" in reference_text, name


def test_the_readme_names_every_command() -> None:
    import typer.main

    group = typer.main.get_command(load_commands())
    for name in group.commands:
        assert f"`argmap {name}`" in README, f"`argmap {name}` is not in the README's list of commands"


def test_every_docs_page_is_in_the_site_navigation() -> None:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(entries: list) -> list[str]:
        out = []
        for entry in entries:
            for value in entry.values() if isinstance(entry, dict) else [entry]:
                out.extend(pages(value) if isinstance(value, list) else [value])
        return out

    nav = pages(config["nav"])
    assert sorted(nav) == sorted(p.name for p in (ROOT / "docs").glob("*.md")), "a docs page is missing from nav"
    assert len(nav) == len(set(nav))


def test_the_readme_stays_short() -> None:
    assert len(README.splitlines()) <= 200


def test_the_map_in_the_format_page_is_valid(project: Path) -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```json\n(.*?)```", text, re.S)
    (project / "maps" / "example.json").write_text(example, encoding="utf-8")
    proc = run_argmap("validate", "--strict", "maps", cwd=project)
    assert proc.returncode == 0 and proc.stdout.strip() == "1 file, 0 problems", proc.stdout + proc.stderr


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_picture_and_link_in_the_docs_exists() -> None:
    # Anchors within pages are checked by `mkdocs build --strict` (validation: anchors: warn) in CI.
    for doc in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))):
        text = doc.read_text(encoding="utf-8")
        targets = [t.split("#")[0] for t in re.findall(r"\]\(([^)<>]+)\)", text) if "://" not in t]
        for target in filter(None, targets):
            assert (doc.parent / target).exists(), f"{doc.name}: {target}"


def test_the_committed_diagrams_show_every_map() -> None:
    diagrams = ROOT / "docs" / "diagrams"
    for path in (ROOT / "maps").glob("*.json"):
        # One page, or pages 1, 2, ... with their index (a map too big for one A3 page at 7 pt).
        one, paged = diagrams / f"{path.stem}.svg", diagrams / f"{path.stem}-1.svg"
        assert one.is_file() or (paged.is_file() and (diagrams / f"{path.stem}.html").is_file()), path.stem
