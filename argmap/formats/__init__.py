"""The interchange registry: one reader and/or writer per format, and the guess of a file's format."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArgmapError, Issue, UsageError
from ..model import ArgMap


class FormatError(ArgmapError):
    """An interchange file cannot be read; the one issue says where (line and column when known)."""


def format_error(message: str, file: str, line: int | None = None, column: int | None = None) -> FormatError:
    """A refusal naming the file and place: 'FILE:LINE:COL: message'."""
    place = file + (f":{line}" if line is not None else "") + (f":{column}" if column is not None else "")
    return FormatError(f"{place}: {message}", [Issue("format", message, file=file, line=line, column=column)])


@dataclass
class Imported:
    """What a reader made of a file: the maps, and what the maps could not keep, counted by kind."""

    maps: list[ArgMap]
    losses: Counter[str] = field(default_factory=Counter)

    def loss_lines(self) -> list[str]:
        """One line per kind of loss, with its count: '3 preference nodes (PA) not represented'."""
        return [f"{count} {what}" for what, count in sorted(self.losses.items()) if count]


@dataclass(frozen=True)
class Format:
    """One interchange format: its name, the file suffixes it owns, and what it can do."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    read: Callable[[str, str], Imported] | None = None
    write: Callable[[list[ArgMap]], str] | None = None
    # Whether a text looks like this format; asked only when --from is left out.
    sniff: Callable[[str], bool] | None = None


# Modules register on import; the registry imports them on first use so `import argmap` stays cheap.
_MODULES = ("aif", "argdown", "kialo", "graphml")
FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


def formats() -> dict[str, Format]:
    """Every registered format, by name."""
    if not FORMATS:
        for module in _MODULES:
            importlib.import_module(f"{__name__}.{module}")
    return FORMATS


def get(name: str) -> Format:
    known = formats()
    if name not in known:
        raise UsageError(f"unknown format '{name}' (known: {', '.join(sorted(known))})")
    return known[name]


def readable() -> list[str]:
    return sorted(n for n, f in formats().items() if f.read is not None)


def writable() -> list[str]:
    return sorted(n for n, f in formats().items() if f.write is not None)


def guess(text: str, name: str = "") -> str:
    """The format a text is in: by its content first, then by the file's suffix."""
    for fmt in formats().values():
        if fmt.read is not None and fmt.sniff is not None and fmt.sniff(text):
            return fmt.name
    suffix = Path(name).suffix.lower()
    for fmt in formats().values():
        if fmt.read is not None and suffix in fmt.suffixes:
            return fmt.name
    raise UsageError(f"{name or 'input'}: cannot tell its format; name one with --from ({', '.join(readable())})")


def read_text(text: str, name: str, fmt: str | None = None) -> tuple[str, Imported]:
    """Read a text in a format (guessed when None): the format used and the imported maps."""
    chosen = fmt or guess(text, name)
    reader = get(chosen).read
    if reader is None:
        raise UsageError(f"format '{chosen}' can only be written, not read (readable: {', '.join(readable())})")
    return chosen, reader(text, name)


def read_file(path: Path | str, fmt: str | None = None) -> tuple[str, Imported]:
    """Read a file in a format (guessed from its content when None)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise format_error(f"not UTF-8 text (byte {exc.start})", str(path)) from None
    return read_text(text, str(path), fmt)


def write(maps: Iterable[ArgMap], fmt: str) -> str:
    """The text of some maps in a format."""
    writer = get(fmt).write
    if writer is None:
        raise UsageError(f"format '{fmt}' can only be read, not written (writable: {', '.join(writable())})")
    return writer(list(maps))
