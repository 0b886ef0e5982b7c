"""Text safe for a terminal: control and bidirectional-formatting characters from a map shown as escapes."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL: in a terminal they move the cursor, clear the screen, retitle the window or
# ring; the bidirectional marks, embeddings, overrides and isolates (U+202E...) make a line read other
# than it is; the line and paragraph separators break it where no newline shows. Joiners, accents and
# the rest of Unicode pass: they are text.
_MORE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_ANY = re.compile(f"[\x00-\x1f{_MORE}]")
_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_MORE}]")  # tab and newline kept: they lay lines out
# argmap's own colours (`show --color`): Select Graphic Rendition, digits and semicolons only.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\n\r":
        return repr(char)[1:-1]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One line safe to print: every unsafe character, tab and newline included, shown as an escape."""
    return _ANY.sub(_escape, text) if _ANY.search(text) else text


def terminal(text: str, colour: bool = False) -> str:
    """Lines safe to print: unsafe characters shown as escapes, newlines and tabs kept; with `colour`,
    argmap's own colour codes kept too (a map's text is made printable before it is painted)."""
    if not _BUT_LINES.search(text):
        return text
    if not colour:
        return _BUT_LINES.sub(_escape, text)
    out = []
    start = 0
    for code in _COLOUR.finditer(text):
        out.append(_BUT_LINES.sub(_escape, text[start : code.start()]))
        out.append(code.group())
        start = code.end()
    out.append(_BUT_LINES.sub(_escape, text[start:]))
    return "".join(out)
