"""Findings and refusals: the Issue record every check yields, and ArgmapError with its typed subclasses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in one file, at a JSON pointer and, once located, a line and column."""

    code: str
    message: str
    pointer: str = ""
    severity: Severity = "error"
    node: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, file: str, line: int | None = None, column: int | None = None) -> Issue:
        return replace(self, file=file, line=line, column=column)

    def unplaced(self) -> Issue:
        """The issue without line and column: for text that was never written, name the node instead."""
        return replace(self, line=None, column=None)


def errors_in(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


class ArgmapError(Exception):
    """A refusal: the input cannot be used. A one-line message, and the located issues that explain why."""

    exit_code = 1

    def __init__(self, message: str, issues: Iterable[Issue] = ()):
        super().__init__(message)
        self.issues = list(issues)


class UsageError(ArgmapError):
    """The command was asked for something that cannot be: a missing path, a bad option."""

    exit_code = 2


class NotFoundError(ArgmapError):
    """A map, node, side or source named by the user does not exist."""


class RefusedError(ArgmapError):
    """A change was not made because the debate would become invalid; `issues` say why."""


class ConflictError(ArgmapError):
    """A file changed on disk after it was read, or another writer holds the debate's lock."""


class ReadError(ArgmapError):
    """A file could not be read: missing, not a regular file, too large, not UTF-8."""


class TooLargeError(ReadError):
    """A file or a text is over the limit argmap sets for its kind; the message names the limit."""
