"""The typer app: global options, the one place errors become messages and exit codes, the entry point."""

from __future__ import annotations

import functools
import gc
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

app = typer.Typer(
    name="argmap",
    help="Map and debate arguments: validate, render and author argument maps.\n\n"
    "Exit codes: 0 done, 1 refused or invalid, 2 usage error, 70 internal error.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Set by the global --traceback option: show an internal error's Python traceback instead of one line.
_state = {"traceback": False}

EXIT_INTERNAL = 70


def say(text: str, err: bool = False) -> None:
    """Print a line, never a raw control from a map, a file name or an argument (shown as an escape); text
    that cannot be encoded (a lone surrogate from a broken argument) is escaped too."""
    from ..terminal import terminal

    typer.echo(terminal(text).encode("utf-8", "backslashreplace").decode("utf-8"), err=err)


def refuse(exc: Exception, code: int = 1) -> None:
    """Report a refusal: the reason, then each located problem; exit with the error's code."""
    from ..report.lines import text_line
    from ..terminal import printable

    say(f"argmap: {printable(str(exc))}", err=True)
    for issue in getattr(exc, "issues", []):
        say(text_line(issue), err=True)
    raise typer.Exit(getattr(exc, "exit_code", code))


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command so that a refusal is one line and its exit code, and an internal error never a traceback."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from ..errors import ArgmapError

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ArgmapError as exc:
            refuse(exc)
        except KeyboardInterrupt:
            say("argmap: interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            from ..io.files import too_long

            plain = too_long(exc) if isinstance(exc, OSError) else None
            if plain is not None:  # a name past the file system's limit that no check caught: still a refusal
                refuse(plain)
            if _state["traceback"]:
                raise
            detail = f"{type(exc).__name__}: {exc}"
            say(f"argmap: internal error: {detail} (run again with --traceback, and please report it)", err=True)
            raise typer.Exit(EXIT_INTERNAL) from None

    return run


def command(group: typer.Typer = app, name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command: guarded, and with its docstring's first line as the uncut short help."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        short = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else None
        group.command(name, short_help=short)(guarded(fn))
        return fn

    return register


def _version(value: bool) -> None:
    if value:
        import argmap

        typer.echo(f"argmap {argmap.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="On an internal error, show the Python traceback.")
    ] = False,
) -> None:
    _state["traceback"] = traceback


COMMAND_MODULES = ("main", "render", "author", "formats", "site", "review", "evaluate", "mcp", "lsp")

# The module that registers each command and group: a run that names one imports that module alone, not
# the others' imports (the reports, the evaluation, the review's diff). tests/test_cli_startup.py keeps it in step.
COMMANDS = {
    "validate": "main",
    "schema": "main",
    "render": "render",
    **dict.fromkeys(("new", "add", "edit", "move", "remove", "rename", "show", "side", "source"), "author"),
    "import": "formats",
    "export": "formats",
    "site": "site",
    "serve": "site",
    "diff": "review",
    "coverage": "review",
    "evaluate": "evaluate",
    "mcp": "mcp",
    "lsp": "lsp",
}

PathsArg = Annotated[list[Path] | None, typer.Argument(help="Map files or folders of maps (default: maps/).")]


def load_commands() -> typer.Typer:
    """The whole app: every command module imported (each registers its commands on `app` when imported, in
    the order the command list shows). A run that names one command needs its module alone."""
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{module}")
    # A run may have imported its command's module first: the list keeps the modules' order all the same.
    app.registered_commands.sort(key=_module_order)
    return app


def _module_order(info: Any) -> int:
    return COMMAND_MODULES.index(info.callback.__module__.rpartition(".")[2])


def _placeholder(param: Any) -> str | None:
    """A value's placeholder in words: the option's name (TITLE), N for a count, SECONDS for a wait, the choices."""
    import typing
    from enum import Enum

    flag = next((o for o in getattr(param, "opts", ()) if o.startswith("--")), None)
    name = flag[2:].replace("-", "_") if flag else param.name or "value"
    descriptor = getattr(param, "type_descriptor", None)  # typer >= 0.16 keeps the annotation there
    if descriptor is not None:
        kind = descriptor.annotation
        if typing.get_origin(kind) is list:
            kind = typing.get_args(kind)[0]
    else:
        kind = getattr(param.type, "choices", None) or getattr(param.type, "name", "")
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "|".join(str(member.value) for member in kind)
    if isinstance(kind, list | tuple):
        return "|".join(str(choice) for choice in kind)
    if kind is int or kind in ("integer", "integer range"):
        return "N"
    if kind is float or kind in ("float", "float range"):
        return "SECONDS" if "timeout" in name else "NUMBER"
    if (kind is Path or kind == "path") and param.param_type_name == "option" and name in ("out", "root"):
        return "FOLDER"
    return name.upper()


def _plain_placeholders() -> None:
    """Each option and argument shows a placeholder in words where typer would show a Python type.

    typer writes `--side <list[str]>`, `--wrap <int range>` and `path <path>`; a person reads `--side SIDE`,
    `--wrap N` and `PATH`. A placeholder a command sets itself (`--side ID=NAME`) is kept.
    """
    from typer.core import TyperArgument, TyperOption

    for cls in (TyperOption, TyperArgument):
        made = cls.__init__

        def init(self: Any, *args: Any, __made: Callable[..., None] = made, **kwargs: Any) -> None:
            __made(self, *args, **kwargs)
            if self.metavar is None and not getattr(self, "is_flag", False):
                self.metavar = _placeholder(self)

        cls.__init__ = init
    # An argument's type is printed after its placeholder (`PATH <path>`): the placeholder says it.
    TyperArgument.display_type_rich = lambda self, ctx: None


_plain_placeholders()


# typer's option checks speak pydantic's language; a person reads these instead.
_PLAIN = (
    (re.compile(r"Value error, "), ""),
    (re.compile(r"Input should be a valid integer, unable to parse string as an integer"), "give a whole number"),
    (re.compile(r"Input should be a valid number, unable to parse string as a number"), "give a number"),
    (re.compile(r"Input should be (greater|less) than or equal to (\S+)"), r"give \2 or \1"),
    (re.compile(r"Input should be (greater|less) than (\S+)"), r"give a number \1 than \2"),
    (re.compile(r"\bgreater\b(?= *$)"), "more"),
)
_CHOICE = re.compile(r"'([^']*)' is not one of ((?:'[^']*'(?:, )?)+)")


def plain_usage(message: str) -> str:
    """A usage error in plain words, with a did-you-mean for a misspelt choice."""
    import difflib

    for pattern, replacement in _PLAIN:
        message = pattern.sub(replacement, message)
    choice = _CHOICE.search(message)
    if choice:
        options = re.findall(r"'([^']*)'", choice.group(2))
        near = difflib.get_close_matches(choice.group(1), options, n=1, cutoff=0.5)
        if near:
            message = f"{message.rstrip('.')} (did you mean {near[0]}?)"
    return message


def _named(args: list[str]) -> typer.Typer:
    """The app as one run needs it: only the command the arguments name, or the whole app.

    typer turns every command's signature into options before it runs one (20 ms of an `argmap import`),
    and the command modules import what their options offer (the reports, the evaluation): a run that
    names a command, after nothing but --traceback, needs that command's module and options alone, and
    --version none. The root's help, a misspelt name and shell completion see the whole app.
    """
    import copy
    import importlib

    from typer.main import get_command_name

    if "_ARGMAP_COMPLETE" in os.environ:
        return load_commands()
    if "--version" in args and set(args) <= {"--version", "--traceback"}:
        name, commands, groups = None, [], []
    else:
        at = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
        if at is None or any(a != "--traceback" for a in args[:at]) or args[at] not in COMMANDS:
            return load_commands()
        name = args[at]
        importlib.import_module(f"{__package__}.{COMMANDS[name]}")
        commands = [
            c
            for c in app.registered_commands
            if (c.name or (c.callback is not None and get_command_name(c.callback.__name__))) == name
        ]
        groups = [g for g in app.registered_groups if g.name == name]
        if not commands and not groups:
            return load_commands()
    slim = copy.copy(app)
    slim.registered_commands, slim.registered_groups = commands, groups
    return slim


def _run(args: list[str]) -> int:
    """Run the app on `args`; a usage error is one line and exit 2, as every other refusal is one line."""
    import typer.main

    command = typer.main.get_command(_named(args))
    try:
        code = command.main(args=args, prog_name="argmap", standalone_mode=False)
    except typer.TyperException as exc:
        name = next((a for a in args if not a.startswith("-")), None)
        hint = f"argmap {name} --help" if name in getattr(command, "commands", {}) else "argmap --help"
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        say(f"argmap: {plain_usage(message)} (see `{hint}`)", err=True)
        return getattr(exc, "exit_code", 2)
    except typer.Abort:
        say("argmap: aborted", err=True)
        return 1
    return code if isinstance(code, int) else 0


def main() -> NoReturn:
    """Entry point of the `argmap` console script: runs the command and ends the process with its exit code."""
    # argmap uses no pydantic plugins; looking for them scans every installed package at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    # A short run that builds many long-lived, acyclic objects: the cyclic collector would rescan them
    # again and again (5x the cost of walking a 20,000-node map) and free nothing. Reference counting
    # still frees everything else.
    gc.disable()
    from ..perf import ending_without_freeing

    ending_without_freeing()  # `_exit` frees nothing: large structures done with are kept, not freed one by one
    try:
        code = _run(sys.argv[1:])
    except KeyboardInterrupt:
        say("argmap: interrupted", err=True)
        code = 130
    _exit(code)


def _exit(code: int) -> NoReturn:
    """End the process with `code` once its output is out, without taking the interpreter apart first.

    Python's own exit frees every module, pydantic's validators and typing's caches one by one: 0.04-0.06 s
    of CPU after any command, a sixth of an `argmap import`, for memory the system takes back at once.
    The exit handlers still run (logging, a temporary folder's clean-up). A run that leaves a thread going,
    or whose output cannot be written (a closed pipe), ends the ordinary way, so Python reports it as ever.
    """
    import atexit
    import threading

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        sys.exit(code)
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        sys.exit(code)
    os._exit(code)
