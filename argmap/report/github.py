"""GitHub Actions workflow commands: each finding an annotation on its file and line."""

from __future__ import annotations

from ..errors import Findings
from ..vocab import ReportFormat
from .lines import summary
from .registry import reporter


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


@reporter(Findings, ReportFormat.GITHUB)
def findings(result: Findings) -> str:
    lines = []
    for i in result.issues:
        props = ",".join(
            [
                f"file={_escape_property(i.file or '')}",
                f"line={i.line}",
                f"col={i.column}",
                f"title={_escape_property(f'argmap {i.code}')}",
            ]
        )
        lines.append(f"::{i.severity} {props}::{_escape_data(i.message)}")
    lines.append(summary(len(result.files), result.issues))
    return "\n".join(lines) + "\n"
