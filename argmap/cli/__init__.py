"""The `argmap` command line: a thin typer layer over the library, one module per command group."""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
