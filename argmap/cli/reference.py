"""The command reference (docs/cli.md), written from the commands' own --help: `python -m argmap.cli.reference`."""

from __future__ import annotations

import sys
from typing import Any

import typer.main

from .app import load_commands

# The reference is the same on every machine: help is wrapped at click's default width, not the terminal's.
WIDTH = 80

# The group a command belongs to, by the CLI module that defines it; a module not listed is its own group.
GROUPS = {
    "main": "Checking",
    "review": "Reviewing",
    "render": "Drawing",
    "site": "Drawing",
    "author": "Authoring",
    "formats": "Interchange",
    "evaluate": "Reasoning",
    "lsp": "Editors and assistants",
    "mcp": "Editors and assistants",
}

INTRO = """\
# Command reference

Every command's `--help`, as `argmap` prints it. This page is generated: regenerate it with
`python -m argmap.cli.reference > docs/cli.md` after changing a command (`tests/test_docs.py` fails
while it is out of step). `-h` works anywhere; `argmap --install-completion` installs shell
completion for the current shell.

Exit codes, for every command: **0** done (the maps are valid; warnings allowed unless `--strict`);
**1** refused or invalid (the message says what, where and why), and also `diff` finding differences,
`coverage --fail-under` finding a source under the mark, `validate --strict` finding a warning;
**2** a usage error (a bad option value, a path that does not exist, a comparison that cannot be
made); **70** an internal error, one line (`argmap --traceback COMMAND ...` shows the traceback).
"""


# typer's commands and contexts are click's (typer carries its own copy of click), so they are typed Any here.
def _root() -> tuple[Any, Any]:
    """The app's command and a context as `argmap` makes it, at the fixed width."""
    root = typer.main.get_command(load_commands())
    ctx = root.context_class(
        root, info_name="argmap", terminal_width=WIDTH, max_content_width=WIDTH, **root.context_settings
    )
    return root, ctx


def _is_group(command: Any) -> bool:
    return bool(getattr(command, "commands", None))


def _leaves(group: Any, ctx: Any) -> list[tuple[str, Any, Any]]:
    """Every command under the group, subcommands of a subgroup included, in the order `--help` lists them."""
    out = []
    for name in group.list_commands(ctx):
        command = group.commands[name]
        sub_ctx = command.context_class(command, info_name=name, parent=ctx, **command.context_settings)
        out.append((name, command, sub_ctx))
        if _is_group(command):
            out.extend((f"{name} {sub}", c, x) for sub, c, x in _leaves(command, sub_ctx))
    return out


def _group_of(command: Any) -> str:
    if _is_group(command):
        command = next(iter(command.commands.values()))
    module = getattr(command.callback, "__module__", "") or ""
    room = module.rsplit(".", 1)[-1]
    return GROUPS.get(room, room.capitalize())


def commands() -> list[tuple[str, str, str]]:
    """Each command as (name, group, short help), e.g. ("side add", "Authoring", "Declare a side ...")."""
    root, ctx = _root()
    return [(name, _group_of(cmd), cmd.get_short_help_str(limit=200)) for name, cmd, _ in _leaves(root, ctx)]


def reference() -> str:
    """The Markdown text of docs/cli.md."""
    root, ctx = _root()
    leaves = _leaves(root, ctx)
    groups: dict[str, list[str]] = {}
    for name, command, _ in leaves:
        if not _is_group(command):
            groups.setdefault(_group_of(command), []).append(name)
    parts = [INTRO, "| group | commands |", "|---|---|"]
    for title, names in groups.items():
        links = ", ".join(f"[`{n}`](#{_anchor(n)})" for n in names)
        parts.append(f"| {title} | {links} |")
    parts.append("")
    for name, command, sub_ctx in [("", root, ctx), *leaves]:
        depth = "###" if " " in name else "##"
        title = f"argmap {name}".strip()
        parts += [f"{depth} `{title}`", "", "```text", command.get_help(sub_ctx).rstrip(), "```", ""]
    return "\n".join(parts)


def _anchor(name: str) -> str:
    """The heading's anchor as MkDocs and GitHub both make it."""
    return "argmap-" + name.replace(" ", "-")


if __name__ == "__main__":
    sys.stdout.write(reference())
