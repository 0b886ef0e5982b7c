"""A command loads what it uses: an AIF import pays for neither the reports, the evaluation nor Argdown."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

# Run `argmap ARGS` as the console script does; at its exit, list the modules the process imported.
PROBE = """
import atexit, json, sys
atexit.register(lambda: print("MODULES " + json.dumps(sorted(sys.modules)), flush=True))
sys.argv = ["argmap", *sys.argv[1:]]
from argmap.cli.app import main
main()
"""


def _modules(*args: str, cwd: Path) -> set[str]:
    """Every module a run that succeeded imported."""
    ran = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    line = next(line for line in ran.stdout.splitlines() if line.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def test_an_aif_import_loads_neither_the_reports_nor_the_evaluation_nor_argdown(tmp_path: Path) -> None:
    # An AIFdb file whose edges come after 200,000 characters of nodes is still known for AIF by its content.
    nodes = [{"nodeID": str(i), "text": f"Statement {i}: " + "word " * 25_000, "type": "I"} for i in (1, 2)]
    nodes.append({"nodeID": "3", "text": "Default Inference", "type": "RA"})
    edges = [{"edgeID": "1", "fromID": "2", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "1"}]
    text = json.dumps({"nodes": nodes, "edges": edges, "locutions": []})
    assert text.index('"edges"') > 200_000
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "big.aif").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "tests/data/formats/aif/aifdb-6064-reconstructed.json", tmp_path / "small.json")

    for source in ("small.json", "big.aif"):
        modules = _modules("import", source, "-o", f"out-{Path(source).stem}", cwd=tmp_path)
        assert "argmap.formats.aif" in modules and "argmap.debate" in modules  # it did read and check
        unused = {
            "argmap.cli.main",  # other commands' modules
            "argmap.cli.author",
            "argmap.cli.review",
            "argmap.cli.evaluate",
            "argmap.report.text",  # the reporters of validate, diff, coverage, evaluate and show
            "argmap.report.json",
            "argmap.report.evaluation_text",
            "argmap.report.tree",
            "argmap.semantics",  # the evaluation
            "argmap.diff",
            "argmap.coverage",
            "argmap.formats.argdown",  # the other formats' readers
            "argmap.formats._argdown_lexer",
            "argmap.formats._argdown_parser",
            "argmap.formats.kialo",
            "argmap.formats.graphml",
            "html.parser",  # for xAIF's analysed document alone
        }
        assert not unused & modules, sorted(unused & modules)


def test_a_run_of_one_command_imports_that_commands_module_alone(tmp_path: Path) -> None:
    modules = _modules("schema", cwd=tmp_path)
    assert "argmap.cli.main" in modules
    assert not {"argmap.cli.formats", "argmap.cli.author", "argmap.cli.review", "argmap.cli.site"} & modules


def test_the_table_of_commands_names_the_module_that_registers_each() -> None:
    from argmap.cli.app import COMMAND_MODULES, COMMANDS, load_commands

    app = load_commands()
    registered = {
        **{(c.name or c.callback.__name__): c.callback.__module__ for c in app.registered_commands if c.callback},
        **{g.name: g.typer_instance.registered_commands[0].callback.__module__ for g in app.registered_groups},
    }
    assert {name: module.rpartition(".")[2] for name, module in registered.items()} == COMMANDS
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)
