"""The interchange registry: one reader and/or writer per format, and the guess of a file's format."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArgmapError, UsageError
from ..model import ArgMap

if TYPE_CHECKING:
    from ..debate import Debate


class FormatError(ArgmapError):
    """An interchange file cannot be read; the one issue says where (line and column when known)."""


def format_error(message: str, file: str, line: int | None = None, column: int | None = None) -> FormatError:
    """A refusal naming the file and place: 'FILE:LINE:COL: message'."""
    place = file + (f":{line}" if line is not None else "") + (f":{column}" if column is not None else "")
    # The message is the whole report (one line, with the place); no issue list repeats it.
    return FormatError(f"{place}: {message}")


@dataclass
class Imported:
    """What a reader made of a file: the maps, and what the maps could not keep, counted by kind."""

    maps: list[ArgMap]
    losses: Counter[str] = field(default_factory=Counter)
    # Source documents the file carries (xAIF's analysed text), by their path under the project root.
    documents: dict[str, str] = field(default_factory=dict)

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
    # For a format argmap cannot read back: what its writer leaves out, counted by (map or node, key).
    dropped: Callable[[list[ArgMap]], Counter[tuple[str, str]]] | None = None


# Modules register on import; the registry imports them on first use so `import argmap` stays cheap.
_MODULES = ("outline", "aif", "kialo", "argdown", "graphml")  # strictest sniff first
# An interchange file larger than this is not an argument map someone will work on.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
# Nor is a file of more statements than this (each becomes a node; the maps are held in memory).
MAX_STATEMENTS = 200_000
FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


def _load(module: str) -> Format:
    """The format of one module, named as the module is; the module registers itself on its first import."""
    if module not in FORMATS:
        importlib.import_module(f"{__name__}.{module}")
    return FORMATS[module]


def formats() -> dict[str, Format]:
    """Every registered format, by name."""
    for module in _MODULES:
        _load(module)
    return FORMATS


def get(name: str) -> Format:
    # A format named is imported alone: reading an AIF file does not pay for Argdown's grammar or GraphML's XML.
    if name in _MODULES:
        return _load(name)
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
    for module in _MODULES:  # imported one by one, up to the first that knows the text
        fmt = _load(module)
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
    from ..io.files import read_text as read_file_text

    path = Path(path)
    return read_text(read_file_text(path, MAX_IMPORT_BYTES, "file"), str(path), fmt)


def write(maps: Iterable[ArgMap], fmt: str) -> str:
    """The text of some maps in a format."""
    writer = get(fmt).write
    if writer is None:
        raise UsageError(f"format '{fmt}' can only be read, not written (writable: {', '.join(writable())})")
    return writer(list(maps))


def export_losses(maps: list[ArgMap], fmt: str, text: str) -> list[str]:
    """What an export does not carry, one line per key with its count: 'speaker of 38 nodes'.

    Measured, not listed: the text is read back and each map and node compared with what was written,
    key by key (nodes in the order of the tree, which every readable format keeps; a link by the place
    of the node it names, so ids made again on import count once, as ids). Empty for a format that
    carries every key (outline, AIF, Argdown). A format that cannot be read back (GraphML) counts, from
    the maps, the keys its writer leaves out.
    """
    chosen = get(fmt)
    if chosen.read is None:
        return _loss_lines(chosen.dropped(maps)) if chosen.dropped is not None else []
    try:
        back = read_text(text, f"export.{fmt}", fmt)[1].maps
    except ArgmapError as exc:  # an export argmap cannot read back is a fault of its own: say it, do not hide it
        return [f"the whole export: argmap cannot read it back ({exc})"]
    if len(back) != len(maps):
        return [f"{len(maps)} maps written, {len(back)} read back"]
    written, read = (
        [m.model_dump(mode="json", by_alias=True, exclude_defaults=True) for m in ms] for ms in (maps, back)
    )
    places = [_places(d) for d in (written, read)]
    lost: Counter[tuple[str, str]] = Counter()  # (map or node, key)
    for old, new in zip(written, read, strict=True):
        for key in (set(old) | set(new)) - {"claim", "$schema"}:  # the schema's address is the file's, not the map's
            if old.get(key) != new.get(key):
                lost[("map", key)] += 1
        stack = [(old["claim"], new["claim"])]
        while stack:
            a, b = stack.pop()
            for key in (set(a) | set(b)) - {"children"}:
                if _said(a, key, old["id"], places[0]) != _said(b, key, new["id"], places[1]):
                    lost[("node", key)] += 1
            kids, back_kids = a.get("children", []), b.get("children", [])
            if len(kids) != len(back_kids):
                lost[("node", "children (the tree's shape)")] += 1
            stack.extend(zip(kids, back_kids, strict=False))
    return _loss_lines(lost)


def _loss_lines(lost: Counter[tuple[str, str]]) -> list[str]:
    return [f"{key} of {count} {what}{'s' if count > 1 else ''}" for (what, key), count in sorted(lost.items())]


def _places(dumped: list[dict]) -> dict[tuple[str, str], tuple[int, int]]:
    """(map id, node id) -> (map's index, node's index in the tree's order), for links compared by place."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for index, m in enumerate(dumped):
        stack, count = [m["claim"]], 0
        while stack:
            node = stack.pop()
            out[(m["id"], node["id"])] = (index, count)
            count += 1
            stack.extend(reversed(node.get("children", [])))
    return out


def _said(node: dict, key: str, map_id: str, places: dict[tuple[str, str], tuple[int, int]]) -> object:
    """A node's value for a key, with every link it holds given as the place of the node it names."""
    from ..ids import split_link

    def place(link: str) -> object:
        other, node_id = split_link(link)
        return places.get((other or map_id, node_id), link)

    value = node.get(key)
    if key in ("supports", "attacks") and isinstance(value, list):
        return [place(link) for link in value]
    if key == "bearings" and isinstance(value, dict):
        return {place(link): told for link, told in value.items()}
    return value


def import_file(path: Path | str, fmt: str | None = None) -> list[ArgMap]:
    """The maps an interchange file holds (its format guessed from its content when None)."""
    return read_file(path, fmt)[1].maps


def export(maps: ArgMap | Iterable[ArgMap], fmt: str) -> str:
    """A map, a Debate or any maps as the text of a format."""
    return write([maps] if isinstance(maps, ArgMap) else maps, fmt)


def export_path(path: Path | str, fmt: str) -> str:
    """A map file (that map alone) or a folder (every map of the debate) as the text of a format."""
    from ..debate import open_debate

    get(fmt)  # an unknown format is said before any map is read
    return export_debate(open_debate([path]), fmt)


def export_debate(debate: Debate, fmt: str) -> str:
    """The maps of the files a debate was opened on, as the text of a format.

    Refused when a map has errors: an export carries what `argmap validate` accepts.
    """
    get(fmt)
    debate.require_sound("an export")
    maps = [m for _, m in debate.given_maps()]
    if not maps:
        raise UsageError("no maps to export")
    return write(maps, fmt)
