"""The GitHub Action and the pre-commit hook: valid YAML with the documented inputs, and their commands run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

yaml = pytest.importorskip("yaml", reason="needs PyYAML (the test extra installs it)")

INPUTS = {"paths": "maps/", "python-version": "3.11", "fail-on-warning": "false"}


def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    doc = action()
    assert doc["runs"]["using"] == "composite"
    assert {name: spec["default"] for name, spec in doc["inputs"].items()} == INPUTS
    assert all(spec["description"] and spec["required"] is False for spec in doc["inputs"].values())
    steps = doc["runs"]["steps"]
    text = json.dumps(steps)
    for name in INPUTS:
        assert "${{ inputs." + name + " }}" in text, f"input {name} is not used"
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            # Expressions go through env, never into the script, so a branch name cannot inject shell.
            assert "${{" not in step["run"], step["name"]
    assert [s["name"] for s in steps if "run" in s] == [
        "Install argmap",
        "Summarise the pull request's changes to the maps",
        "Validate the maps",
    ]
    summary = next(s for s in steps if s["name"].startswith("Summarise"))
    assert "pull_request" in summary["if"]
    assert summary["env"]["ARGMAP_BASE"] == "${{ github.event.pull_request.base.sha }}"
    install = next(s for s in steps if s["name"] == "Install argmap")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "argmap-validate"
    assert hook["entry"] == "argmap validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["args"] == ["maps/"]
    files = re.compile(hook["files"])
    for changed in ("maps/1-ukraine-never-in-nato.json", "seeds/2022-01-12-what-does-russia-want.txt"):
        assert files.search(changed), changed
    assert files.search("schemas/argmap.schema.json")
    assert not files.search("README.md") and not files.search("argmap/cli.py")


def run_step(name: str, cwd: Path, inputs: dict[str, str] | None = None, **env: str) -> subprocess.CompletedProcess:
    """Run one `run:` step of the Action as plain bash, its `${{ inputs.* }}` replaced as GitHub would."""
    values = {**INPUTS, **(inputs or {})}
    step = next(s for s in action()["runs"]["steps"] if s["name"] == name)
    step_env = {
        key: re.sub(r"\$\{\{ inputs\.([a-z-]+) \}\}", lambda m: values[m.group(1)], str(value))
        for key, value in step.get("env", {}).items()
    }
    full = {
        **os.environ,
        **step_env,
        **env,
        "GITHUB_ACTION_PATH": str(ROOT),
        # argmap as the install step leaves it: on PATH.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=full, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash (the Action's steps are bash)")
def test_validate_step_runs_as_plain_shell(project: Path, minimal_map: str) -> None:
    maps = project / "maps"
    (maps / "m.json").write_text(minimal_map)
    proc = run_step("Validate the maps", project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "1 file, 0 problems\n"

    data = json.loads(minimal_map)
    data["sides"]["eu"] = {"name": "European Union"}  # declared, unused: a warning
    (maps / "m.json").write_text(json.dumps(data))
    proc = run_step("Validate the maps", project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("::warning file=maps/m.json,line=")
    proc = run_step("Validate the maps", project, {"fail-on-warning": "true"})
    assert proc.returncode == 1
    assert proc.stderr == "argmap: the maps have warnings, and fail-on-warning is true\n"

    (maps / "m.json").write_text(minimal_map.replace('"kind": "rebuttal"', '"kind": "claim"'))
    proc = run_step("Validate the maps", project)
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=maps/m.json,line=")

    # Several paths, separated by spaces, as the `paths` input documents.
    (project / "more").mkdir()
    (project / "more" / "n.json").write_text(minimal_map.replace('"minimal"', '"n"'))
    (maps / "m.json").write_text(minimal_map)
    proc = run_step("Validate the maps", project, {"paths": "maps/ more"})
    assert (proc.returncode, proc.stdout) == (0, "2 files, 0 problems\n"), proc.stderr
