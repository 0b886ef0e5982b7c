"""The lines every command's messages share: one line per finding, and the summary of a check."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Issue
from ..terminal import printable
from ..vocab import plural


def summary(files: int, issues: Sequence[Issue]) -> str:
    warnings = sum(not i.is_error for i in issues)
    problems = len(issues) - warnings
    line = f"{plural(files, 'file')}, {plural(problems, 'problem')}"
    return f"{line}, {plural(warnings, 'warning')}" if warnings else line


def warnings_by_code(issues: Sequence[Issue]) -> str | None:
    """The warnings counted by code, most first: '62 warnings in 1 file (31 missing-quote, 31 missing-speaker)'."""
    warnings = [i for i in issues if not i.is_error]
    if not warnings:
        return None
    counts: dict[str, int] = {}
    for issue in warnings:
        counts[str(issue.code)] = counts.get(str(issue.code), 0) + 1
    codes = ", ".join(f"{n} {code}" for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    files = len({i.file for i in warnings})
    return f"{plural(len(warnings), 'warning')} in {plural(files, 'file')} ({codes})"


def text_line(issue: Issue) -> str:
    place = f"{issue.file}:{issue.line}:{issue.column}" if issue.line is not None else f"{issue.file}"
    return printable(f"{place}: {issue.severity}[{issue.code}]: {issue.message}")
