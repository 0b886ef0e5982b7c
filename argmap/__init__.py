"""argmap: map and debate arguments as claim trees with verbatim, source-checked quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.2.0"
__all__ = [
    "ArgMap",
    "ArgmapError",
    "Debate",
    "Issue",
    "Node",
    "check",
    "evaluate",
    "export",
    "import_file",
    "diagram",
    "load",
    "load_debate",
    "validate_paths",
]

# Exported lazily so that `import argmap` (and the CLI's start) does not pay for pydantic up front.
_EXPORTS = {
    "ArgMap": "argmap.model",
    "Node": "argmap.model",
    "ArgmapError": "argmap.errors",
    "Issue": "argmap.errors",
    "Debate": "argmap.debate",
    "check": "argmap.debate",
    "load_debate": "argmap.debate",
    "validate_paths": "argmap.debate",
    "load": "argmap.io.loader",
    "import_file": "argmap.formats",
    "export": "argmap.formats",
    "diagram": "argmap.render.files",
    "evaluate": "argmap.semantics",
}

if TYPE_CHECKING:
    from .debate import Debate, check, load_debate, validate_paths
    from .errors import ArgmapError, Issue
    from .formats import export, import_file
    from .io.loader import load
    from .model import ArgMap, Node
    from .render.files import diagram
    from .semantics import evaluate


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")
