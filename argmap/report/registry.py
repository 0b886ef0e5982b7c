"""The registry of reporters: for each result class, the function that writes it in each format."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from ..errors import UsageError
from ..terminal import terminal
from ..vocab import ReportFormat

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


class Reporter(Protocol[R_contra]):
    """Writes one kind of result in one format: the whole text, ending in a newline."""

    def __call__(self, result: R_contra, /) -> str: ...


# Result class -> format -> reporter; filled in by the format modules as they are imported.
REPORTERS: dict[type, dict[ReportFormat, Reporter[Any]]] = {}
# The modules that fill it, imported on the first question asked of it: a command that only prints a
# finding's line (`argmap import`) does not pay for the evaluation's or the review's reports.
MODULES = ("evaluation_text", "github", "json", "markdown", "text", "tree")
_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        import importlib

        _loaded = True
        for module in MODULES:
            importlib.import_module(f"{__package__}.{module}")


def reporter(result_type: type[R], fmt: ReportFormat) -> Callable[[Reporter[R]], Reporter[R]]:
    """Register the decorated function as the `fmt` reporter of `result_type` (and its subclasses)."""

    def register(function: Reporter[R]) -> Reporter[R]:
        REPORTERS.setdefault(result_type, {})[fmt] = function
        return function

    return register


def reporters_for(result_type: type) -> dict[ReportFormat, Reporter[Any]]:
    """Every reporter that can write a result of this class, in the order of ReportFormat."""
    _load()
    found: dict[ReportFormat, Reporter[Any]] = {}
    for cls in reversed(result_type.__mro__):
        found.update(REPORTERS.get(cls, {}))
    return {fmt: found[fmt] for fmt in ReportFormat if fmt in found}


def formats_for(result_type: type) -> list[ReportFormat]:
    """The formats a result of this class can be written in."""
    return list(reporters_for(result_type))


_CHOICES: dict[type, type[StrEnum]] = {}


def format_choices(result_type: type) -> type[StrEnum]:
    """An enum of the formats of one result class, for a command's --format option."""
    if result_type not in _CHOICES:
        members = {fmt.name: fmt.value for fmt in formats_for(result_type)}
        # The functional API makes a class; given a name it cannot read, pyright takes the call for a value lookup.
        _CHOICES[result_type] = StrEnum(f"{result_type.__name__}Format", members)  # pyright: ignore[reportArgumentType]
    return _CHOICES[result_type]


def render(fmt: ReportFormat | str, result: object) -> str:
    """The text of `result` in format `fmt`; a format that cannot show this kind of result is a usage error."""
    reporters = reporters_for(type(result))
    try:
        function = reporters.get(ReportFormat(str(fmt)))
    except ValueError:
        function = None
    if function is None:
        choices = ", ".join(reporters) or "none"
        raise UsageError(f"--format {fmt} is not available here (choose from {choices})")
    text = function(result)
    if fmt == ReportFormat.JSON:
        return text  # exact JSON: it escapes what it must, and a reader of JSON is no terminal
    # The one place every other report passes: what a map holds never reaches a terminal raw.
    return terminal(text, colour=getattr(result, "colour", False) is True)
