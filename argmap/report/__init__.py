"""The reporters: one module per output format, each with one function per kind of result.

A command hands its result to `render(fmt, result)`; the result's `kind` ("findings", "diff",
"coverage", "evaluation", ...) names the function the format's module provides for it.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import UsageError

# Format name -> module; imported only when that format is asked for.
REPORTERS: dict[str, str] = {
    "text": "argmap.report.text",
    "json": "argmap.report.json",
    "github": "argmap.report.github",
    "markdown": "argmap.report.markdown",
}


def formats_for(kind: str) -> list[str]:
    """The formats that can report a result of this kind."""
    return [name for name, module in REPORTERS.items() if _function(module, kind) is not None]


def _function(module: str, kind: str):
    try:
        return getattr(importlib.import_module(module), kind, None)
    except ModuleNotFoundError:
        return None


def render(fmt: str, result: Any) -> str:
    """The text of `result` in format `fmt`; a format that cannot show this kind of result is a usage error."""
    kind = result.kind
    module = REPORTERS.get(str(fmt))
    function = _function(module, kind) if module else None
    if function is None:
        raise UsageError(f"--format {fmt} is not available here (choose from {', '.join(formats_for(kind))})")
    return function(result)
