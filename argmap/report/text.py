"""Plain-text reports for people: one line per finding, a summary, control characters made visible."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import Issue

# C0 and C1 control characters (tab and newline included) and DEL: in a terminal they move the cursor,
# change colours or retitle the window, so text from a map never reaches it raw.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe to print on one line: control characters shown as escapes (\\n, \\x1b, ...)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text) if _CONTROL.search(text) else text


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(files: int, issues: Sequence[Issue]) -> str:
    warnings = sum(not i.is_error for i in issues)
    problems = len(issues) - warnings
    line = f"{plural(files, 'file')}, {plural(problems, 'problem')}"
    return f"{line}, {plural(warnings, 'warning')}" if warnings else line


def text_line(issue: Issue) -> str:
    place = f"{issue.file}:{issue.line}:{issue.column}" if issue.line is not None else f"{issue.file}"
    return printable(f"{place}: {issue.severity}[{issue.code}]: {issue.message}")


def findings(result: Any) -> str:
    lines = [text_line(i) for i in result.issues]
    lines.append(summary(len(result.files), result.issues))
    return "\n".join(lines) + "\n"
