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
    assert proc.returncode == 1 and proc.stdout.startswith("::warning file=maps/m.json,line=")

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


def test_project_ci_runs_the_actions_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = {s["name"]: s.get("run", "") for s in action()["runs"]["steps"]}
    for name, script in [("Validate the maps", ".ci/validate-maps"), ("Summarise", ".ci/diff-summary")]:
        run = next(r for n, r in steps.items() if n.startswith(name))
        assert run == f'"$GITHUB_ACTION_PATH/{script}"'
        assert f"ARGMAP_PATHS=maps/ {script}" in ci or f"ARGMAP_BASE=HEAD {script}" in ci, script


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="needs bash and git")
def test_summary_step_runs_as_plain_shell(project: Path, minimal_map: str) -> None:
    (project / "maps" / "m.json").write_text(minimal_map)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    (project / "maps" / "m.json").write_text(minimal_map.replace("Joining NATO is a sovereign choice.", "Changed."))
    summary = project / "summary.md"
    name = "Summarise the pull request's changes to the maps"
    proc = run_step(name, project, ARGMAP_BASE=base, GITHUB_STEP_SUMMARY=str(summary))
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(f"## argmap diff: {base} → working tree\n")
    assert "| `right-to-choose` | text | Joining NATO is a sovereign choice. | Changed. |" in text
    # Outside GitHub (no job summary) the Markdown is printed.
    printed = run_step(name, project, ARGMAP_BASE=base, GITHUB_STEP_SUMMARY="")
    assert (printed.returncode, printed.stdout) == (0, text)
    # A base that cannot be had is a warning annotation, never a failed job: validation is what gates.
    proc = run_step(name, project, ARGMAP_BASE="0" * 40, GITHUB_STEP_SUMMARY=str(summary))
    assert proc.returncode == 0
    assert proc.stdout.startswith("::warning title=argmap diff::argmap: unknown revision '0000")
    assert summary.read_text(encoding="utf-8") == text
