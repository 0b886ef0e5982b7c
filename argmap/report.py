"""Turn issues into text lines, one JSON document, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .errors import Issue

FORMATS = ("text", "json", "github")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(files: int, issues: Sequence[Issue]) -> str:
    warnings = sum(i.severity == "warning" for i in issues)
    problems = len(issues) - warnings
    line = f"{_plural(files, 'file')}, {_plural(problems, 'problem')}"
    return f"{line}, {_plural(warnings, 'warning')}" if warnings else line


def text_line(issue: Issue) -> str:
    place = f"{issue.file}:{issue.line}:{issue.column}" if issue.line is not None else f"{issue.file}"
    return f"{place}: {issue.severity}[{issue.code}]: {issue.message}"


def as_text(files: Sequence[str], issues: Sequence[Issue]) -> str:
    lines = [text_line(i) for i in issues]
    lines.append(summary(len(files), issues))
    return "\n".join(lines) + "\n"


def as_json(files: Sequence[str], issues: Sequence[Issue]) -> str:
    warnings = sum(i.severity == "warning" for i in issues)
    document = {
        "files": list(files),
        "summary": {
            "files": len(files),
            "problems": len(issues) - warnings,
            "warnings": warnings,
            "valid": warnings == len(issues),
        },
        "findings": [
            {
                "file": i.file,
                "line": i.line,
                "column": i.column,
                "pointer": i.pointer,
                "node": i.node,
                "code": i.code,
                "severity": i.severity,
                "message": i.message,
            }
            for i in issues
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(files: Sequence[str], issues: Sequence[Issue]) -> str:
    lines = []
    for i in issues:
        props = ",".join(
            [
                f"file={_escape_property(i.file or '')}",
                f"line={i.line}",
                f"col={i.column}",
                f"title={_escape_property(f'argmap {i.code}')}",
            ]
        )
        lines.append(f"::{i.severity} {props}::{_escape_data(i.message)}")
    lines.append(summary(len(files), issues))
    return "\n".join(lines) + "\n"


def render(fmt: str, files: Sequence[str], issues: Sequence[Issue]) -> str:
    return {"text": as_text, "json": as_json, "github": as_github}[fmt](files, issues)
