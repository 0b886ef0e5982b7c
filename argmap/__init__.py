"""argmap: map and debate arguments as claim trees with verbatim, source-checked quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["ArgMap", "ArgmapError", "Issue", "Node", "check", "load", "validate_paths"]

# Exported lazily so that `import argmap` (and the CLI's start) does not pay for pydantic up front.
_EXPORTS = {
    "ArgMap": "argmap.model",
    "Node": "argmap.model",
    "ArgmapError": "argmap.errors",
    "Issue": "argmap.errors",
    "check": "argmap.checks",
    "load": "argmap.loader",
    "validate_paths": "argmap.validate",
}

if TYPE_CHECKING:
    from .checks import check
    from .errors import ArgmapError, Issue
    from .loader import load
    from .model import ArgMap, Node
    from .validate import validate_paths


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")
