"""Match quotes against source texts, forgiving typographic quotes and runs of white space only."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Straighten typographic quotes and collapse every run of white space to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


class SourceText:
    """A source document's text, normalised once, for many quote look-ups."""

    def __init__(self, text: str):
        self.text = text
        self.normalized = normalize(text)

    def contains(self, quote: str) -> bool:
        needle = normalize(quote)
        return bool(needle) and needle in self.normalized

    def closest(self, quote: str, width: int | None = None) -> str:
        """The passage of the source most like `quote`: aligned on their longest common run."""
        needle = normalize(quote)
        hay = self.normalized
        if not needle or not hay:
            return ""
        matcher = SequenceMatcher(None, hay, needle, autojunk=False)
        match = matcher.find_longest_match(0, len(hay), 0, len(needle))
        width = width or len(needle)
        start = max(0, min(match.a - match.b, len(hay) - width))
        # Widen to word boundaries so the hint reads as text, not a cut-off fragment.
        while start > 0 and hay[start - 1] != " ":
            start -= 1
        end = min(len(hay), start + width)
        while end < len(hay) and hay[end] != " ":
            end += 1
        return hay[start:end]


class SourceCache:
    """Reads each source file at most once per run; remembers files that cannot be read."""

    def __init__(self) -> None:
        self._texts: dict[Path, SourceText | str] = {}

    def get(self, path: Path) -> SourceText | str:
        """The source text, or a one-line reason it cannot be read."""
        key = path.resolve()
        if key not in self._texts:
            try:
                self._texts[key] = SourceText(key.read_text(encoding="utf-8"))
            except FileNotFoundError:
                self._texts[key] = "does not exist"
            except IsADirectoryError:
                self._texts[key] = "is a folder, not a file"
            except UnicodeDecodeError as exc:
                self._texts[key] = f"is not UTF-8 text (byte {exc.start})"
            except OSError as exc:
                self._texts[key] = f"cannot be read ({exc.strerror})"
        return self._texts[key]
