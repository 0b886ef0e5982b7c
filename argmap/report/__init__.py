"""The reporters: a registry by result class, filled by one module per output format (text, json, markdown, github).

A command hands its typed result to `render(fmt, result)`; `formats_for(ResultClass)` and
`format_choices(ResultClass)` say which formats a command can offer, from what is registered (the format
modules are imported on the first such question, not with this package). `tree` writes `show`'s map tree.
"""

from __future__ import annotations

from .registry import REPORTERS, Reporter, format_choices, formats_for, render, reporter, reporters_for

__all__ = ["REPORTERS", "Reporter", "format_choices", "formats_for", "render", "reporter", "reporters_for"]
