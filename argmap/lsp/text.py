"""Offsets of a text as the protocol's positions: lines end at \\n, \\r\\n or \\r; columns in the client's units."""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


class Lines:
    """A text's line starts, so offsets and (line, column) positions convert both ways in O(log n)."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        # Most texts break lines at \n alone, and a one-character search is four times quicker.
        breaks = _BREAK.finditer(text) if "\r" in text else re.finditer("\n", text)
        self.starts = [0] + [m.end() for m in breaks]
        self.encoding = encoding

    def _units(self, chunk: str) -> int:
        if self.encoding == "utf-32":
            return len(chunk)
        if self.encoding == "utf-8":
            return len(chunk.encode("utf-8", "surrogatepass"))
        return len(chunk) + sum(1 for c in chunk if c > "\uffff")

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, self._units(self.text[self.starts[line] : offset])

    def offset(self, line: int, column: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        if self.encoding == "utf-32":
            return min(start + column, end)
        units = 0
        for index in range(start, end):
            if units >= column:
                return index
            units += self._units(self.text[index])
        return end
