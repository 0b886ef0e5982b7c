"""argmap: map and debate arguments as claim trees with verbatim, source-checked quotes."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.2.0"
__all__ = [
    "ArgMap",
    "ArgmapError",
    "Code",
    "Debate",
    "Findings",
    "Issue",
    "Node",
    "check",
    "diagram",
    "evaluate",
    "export",
    "import_file",
    "load",
    "load_debate",
    "open_debate",
    "transaction",
    "validate_paths",
]

# Exported lazily so that `import argmap` (and the CLI's start) does not pay for pydantic up front.
_EXPORTS = {
    "ArgMap": "argmap.model",
    "Node": "argmap.model",
    "ArgmapError": "argmap.errors",
    "Code": "argmap.errors",
    "Findings": "argmap.errors",
    "Issue": "argmap.errors",
    "Debate": "argmap.debate",
    "check": "argmap.debate",
    "open_debate": "argmap.debate",
    "transaction": "argmap.authoring.store",
    "load": "argmap.io.loader",
    "import_file": "argmap.formats",
    "export": "argmap.formats",
    "diagram": "argmap.render.files",
    "evaluate": "argmap.semantics",
}

if TYPE_CHECKING:
    from .authoring.store import transaction
    from .debate import Debate, check, open_debate
    from .errors import ArgmapError, Code, Findings, Issue
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


def load_debate(path: Path | str = "maps", *, root: Path | str | None = None) -> Debate:
    """Deprecated: `open_debate([path], root)` (the debate a folder, or a map file's folder, holds)."""
    warnings.warn("argmap.load_debate is deprecated; use argmap.open_debate([path])", DeprecationWarning, stacklevel=2)
    from .debate import open_debate

    return open_debate([path], root)


def validate_paths(paths: Iterable[Path | str], root: Path | str | None = None) -> Findings:
    """Deprecated: `open_debate(paths, root).findings` (what `argmap validate` reports)."""
    warnings.warn(
        "argmap.validate_paths is deprecated; use argmap.open_debate(paths).findings", DeprecationWarning, stacklevel=2
    )
    from .debate import open_debate

    return open_debate(paths, root).findings
