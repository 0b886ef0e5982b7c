"""Markdown reports, for a pull-request comment or a CI job summary."""

from __future__ import annotations

from typing import Any

from .text import summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def findings(result: Any) -> str:
    lines = [f"**argmap validate**: {summary(len(result.files), result.issues)}", ""]
    if result.issues:
        lines += ["| place | severity | code | message |", "|---|---|---|---|"]
        for i in result.issues:
            place = f"{i.file}:{i.line}:{i.column}" if i.line is not None else str(i.file)
            lines.append(f"| `{_cell(place)}` | {i.severity} | `{i.code}` | {_cell(i.message)} |")
    return "\n".join(lines) + "\n"
