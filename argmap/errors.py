"""Findings and failures: the Issue record every check yields, and ArgmapError for refusals."""

from __future__ import annotations

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

    def at(self, file: str, line: int | None = None, column: int | None = None) -> Issue:
        return replace(self, file=file, line=line, column=column)


class ArgmapError(Exception):
    """A refusal: the input cannot be used. Carries the issues that explain why."""

    def __init__(self, message: str, issues: list[Issue] | tuple[Issue, ...] = ()):
        super().__init__(message)
        self.issues = list(issues)


class UsageError(ArgmapError):
    """The command was asked for something that cannot be: a missing path, a bad option."""
