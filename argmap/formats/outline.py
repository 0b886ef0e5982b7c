"""The outline format: a whole map as indented plain text, written and read back exactly.

    # argmap outline
    id: minsk-autonomy
    title: Autonomy for eastern Ukraine
    side russia: Russia
    side ukraine: Ukraine
      description: The government in Kyiv.
    source guide: seeds/guide.txt
      title: What does Russia want?
      date: 2022-01-12

    * [must-meet-minsk] (russia) Ukraine must meet its obligations under Minsk.
      quote guide: Russia says Ukraine must meet its obligations
      + [more-autonomy] (russia) It would give the Donbas more autonomy.
      - [less-enthusiastic] (ukraine) Kyiv is less enthusiastic.
        speaker: The government in Kyiv
        attacks: other-map:some-node

One node per line: a sign (`*` the claim, `+` a premise, `-` a rebuttal, or a counter-rebuttal when
it answers a rebuttal), an optional [id] (made from the text when left out), the (side), the text.
Lines indented under a node are its properties and its children: `speaker:`, `quote SOURCE:`,
`supports:`, `attacks:`, `kind:` and every other key of the map format under its own name (`group:`,
`role:`, `title:` as text; `undercut:`, `rephrase:`, `argument:` as true or false; `weight:`, `data:`,
`bearing:`, `bearings:` as JSON). A text value that starts with `"` is a JSON string, for text with
line breaks or edge spaces. `#` starts a comment line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ArgmapError, Code, Issue
from ..ids import IdAllocator, slug
from ..io.positions import pointer
from ..model import ArgMap, Kind, Node

HEADER_KEYS = ("id", "title", "description", "schema")
SIDE_KEYS = ("description", "color")
SOURCE_KEYS = ("title", "date", "publisher", "url", "description")
NODE_LINE = re.compile(r"(?P<sign>[*+-])(?: +\[(?P<id>[^\]\s]*)\])? +\((?P<side>[^)\s]*)\)(?: (?P<text>.*))?$")
# Every node key beyond the node line and its special properties, by how its value is written.
TEXT_KEYS = ("group", "role", "title")
FLAG_KEYS = ("undercut", "rephrase", "argument")
JSON_KEYS = ("weight", "data", "bearing", "bearings")
SPECIAL_KEYS = ("id", "kind", "side", "speaker", "text", "quote", "supports", "attacks", "children")
# Past this many mistakes an outline is probably not an outline at all.
MAX_REPORTED = 50
PROPERTY = re.compile(r"(?P<key>[a-z]+)(?: +(?P<arg>[^:\s]+))?: ?(?P<value>.*)$")


class OutlineError(ArgmapError):
    """The outline text cannot be read; issues carry line and column."""


# ---------------------------------------------------------------- writing


# Characters some editors treat as line breaks; written escaped so a value stays on its line.
_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _value(text: str) -> str:
    """Raw when it reads back the same, else a JSON string."""
    if (
        not text
        or text != text.strip()
        or text.startswith('"')
        or any(c < " " or c == "\x7f" or c in _BREAKS for c in text)
    ):
        encoded = json.dumps(text, ensure_ascii=False)
        for char, escape in _BREAKS.items():
            encoded = encoded.replace(char, escape)
        return encoded
    return text


def _implied_kind(sign: str, parent_kind: Kind | None) -> Kind:
    if sign == "*":
        return Kind.CLAIM
    if sign == "+":
        return Kind.PREMISE
    return Kind.COUNTER_REBUTTAL if parent_kind in (Kind.REBUTTAL, Kind.COUNTER_REBUTTAL) else Kind.REBUTTAL


def _sign(kind: Kind, parent_kind: Kind | None) -> str:
    if parent_kind is None:
        return "*"
    return "+" if kind is Kind.PREMISE else "-"


def export_outline(m: ArgMap) -> str:
    """The outline text of a map."""
    out = ["# argmap outline", f"id: {_value(m.id)}", f"title: {_value(m.title)}"]
    if m.description is not None:
        out.append(f"description: {_value(m.description)}")
    if m.schema_uri is not None:
        out.append(f"schema: {_value(m.schema_uri)}")
    for side_id, side in m.sides.items():
        out.append(f"side {side_id}: {_value(side.name)}")
        out.extend(f"  {k}: {_value(getattr(side, k))}" for k in SIDE_KEYS if getattr(side, k) is not None)
    for source_id, source in m.sources.items():
        out.append(f"source {source_id}: {_value(source.path)}")
        out.extend(f"  {k}: {_value(getattr(source, k))}" for k in SOURCE_KEYS if getattr(source, k) is not None)
    out.append("")
    for node, parent, _, depth in m.walk():
        parent_kind = parent.kind if parent is not None else None
        sign = _sign(node.kind, parent_kind)
        pad = "  " * depth
        out.append(f"{pad}{sign} [{node.id}] ({node.side}) {_value(node.text)}")
        if node.kind is not _implied_kind(sign, parent_kind):
            out.append(f"{pad}  kind: {node.kind.value}")
        if node.speaker is not None:
            out.append(f"{pad}  speaker: {_value(node.speaker)}")
        if node.quote is not None:
            out.append(f"{pad}  quote {node.quote.source}: {_value(node.quote.text)}")
        if node.supports:
            out.append(f"{pad}  supports: {', '.join(node.supports)}")
        if node.attacks:
            out.append(f"{pad}  attacks: {', '.join(node.attacks)}")
        # Every other key, in the model's order, so the outline carries the whole node.
        extra = node.model_dump(mode="json", include=_EXTRA, exclude_none=True, exclude_defaults=True)
        for key in _ORDER:
            if key in extra:
                out.append(f"{pad}  {key}: {_typed(key, extra[key])}")
    return "\n".join(out) + "\n"


_ORDER = [k for k in Node.model_fields if k not in SPECIAL_KEYS]
_EXTRA = set(_ORDER)


def _typed(key: str, value: Any) -> str:
    if key in FLAG_KEYS:
        return "true" if value else "false"
    if key in TEXT_KEYS:
        return _value(value)
    encoded = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    for char, escape in _BREAKS.items():
        encoded = encoded.replace(char, escape)
    return encoded


# ---------------------------------------------------------------- reading


@dataclass
class Parsed:
    """The map data an outline describes, and where in the outline each JSON pointer came from."""

    data: dict[str, Any]
    places: dict[str, tuple[int, int]] = field(default_factory=dict)

    def place(self, ptr: str) -> tuple[int, int]:
        while ptr not in self.places and ptr:
            ptr = ptr.rpartition("/")[0]
        return self.places.get(ptr, (1, 1))


def _read_value(raw: str, line: int, column: int) -> str:
    if raw.startswith('"'):
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise _error(f"invalid quoted value: {exc.args[0].split(':')[0]}", line, column) from None
        if not isinstance(value, str):
            raise _error("a quoted value must be one JSON string", line, column)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _error(
                "a \\u escape names half of a UTF-16 surrogate pair: not a character, and not writable as UTF-8",
                line,
                column,
            ) from None
        return value
    return raw


def _error(message: str, line: int, column: int) -> OutlineError:
    return OutlineError(message, [Issue(Code.OUTLINE, message, line=line, column=column)])


def _links(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def parse_outline(text: str) -> Parsed:
    """Outline text -> map data; raises OutlineError listing every line that cannot be read."""
    data: dict[str, Any] = {}
    parsed = Parsed(data)
    sides: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    owner: tuple[str, dict, str] | None = None  # header block a property line belongs to
    stack: list[tuple[int, dict, str]] = []  # (indent, node, pointer) of open nodes
    taken: set[str] = set()
    pending_ids: list[tuple[dict, str]] = []  # nodes without [id]: named once every id is known
    root_seen = False
    lines = text.split("\n")  # only \n: str.splitlines() would also break at \x85 and \u2028
    problems: list[Issue] = []

    def handle(number: int, line: str) -> None:
        nonlocal owner, root_seen
        line = line.removesuffix("\r")
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if not body.strip() or body.startswith("#"):
            return
        if body.startswith("\t") or "\t" in line[: indent + 1]:
            raise _error("indent with spaces, not tabs", number, indent + 1)
        col = indent + 1
        if body[0] in "*+-" and (len(body) == 1 or body[1] == " "):
            match = NODE_LINE.match(body)
            if not match:
                raise _error("a node line is: SIGN [id] (side) text, e.g. `+ [my-id] (russia) The point.`", number, col)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            sign = match["sign"]
            if sign == "*":
                if root_seen:
                    raise _error("only one claim (`*`) per map; use + or - for the points under it", number, col)
                if stack:
                    raise _error("the claim (`*`) must be the first node", number, col)
                root_seen = True
                ptr, parent = "/claim", None
            else:
                if not stack:
                    what = (
                        "no claim yet: start the tree with `* (side) The claim.`"
                        if not root_seen
                        else ("indented no deeper than the claim; indent the points under it")
                    )
                    raise _error(what, number, col)
                parent = stack[-1][1]
                parent.setdefault("children", [])
                ptr = f"{stack[-1][2]}/children/{len(parent['children'])}"
            parent_kind = (
                Kind(parent["kind"]) if parent is not None and parent.get("kind") in Kind._value2member_map_ else None
            )
            node: dict[str, Any] = {"id": match["id"] or "", "kind": _implied_kind(sign, parent_kind).value}
            node["side"] = match["side"]
            node["text"] = _read_value(match["text"] or "", number, col + match.start("text") if match["text"] else col)
            if match["id"]:
                taken.add(match["id"])
            else:
                pending_ids.append((node, node["kind"]))
            if parent is None:
                data["claim"] = node
            else:
                parent["children"].append(node)
            parsed.places[ptr] = (number, col)
            parsed.places[f"{ptr}/id"] = (number, col + (match.start("id") if match["id"] else 0))
            parsed.places[f"{ptr}/side"] = (number, col + match.start("side"))
            parsed.places[f"{ptr}/text"] = (number, col + (match.start("text") if match["text"] else len(body)))
            stack.append((indent, node, ptr))
            owner = None
            return
        match = PROPERTY.match(body)
        if not match:
            raise _error("expected `key: value`, a node line (`*`, `+` or `-`), or a `#` comment", number, col)
        key, arg = match["key"], match["arg"]
        value_col = col + match.start("value")
        value = _read_value(match["value"], number, value_col)
        if root_seen:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise _error(f"`{key}:` must be indented under a node", number, col)
            node, ptr = stack[-1][1], stack[-1][2]
            _node_property(node, ptr, key, arg, value, parsed, number, col, value_col)
            return
        if indent == 0:
            owner = None
            if key in HEADER_KEYS and arg is None:
                data["$schema" if key == "schema" else key] = value
                parsed.places[pointer("$schema" if key == "schema" else key)] = (number, value_col)
            elif key in ("side", "source") and arg:
                table = sides if key == "side" else sources
                if arg in table:
                    raise _error(f"{key} '{arg}' is declared twice", number, col)
                entry = {"name": value} if key == "side" else {"path": value}
                table[arg] = entry
                base = pointer(f"{key}s", arg)
                parsed.places[base] = (number, col)
                parsed.places[f"{base}/{'name' if key == 'side' else 'path'}"] = (number, value_col)
                owner = (key, entry, base)
            else:
                raise _error(
                    f"unknown header line `{key}{' ' + arg if arg else ''}:` (expected id, title, "
                    "description, schema, side ID or source ID)",
                    number,
                    col,
                )
        else:
            allowed = SIDE_KEYS if owner and owner[0] == "side" else SOURCE_KEYS if owner else ()
            if owner is None or key not in allowed or arg:
                where = f"a {owner[0]}" if owner else "nothing"
                raise _error(
                    f"`{key}:` does not belong to {where} here (allowed: {', '.join(allowed) or 'none'})", number, col
                )
            owner[1][key] = value
            parsed.places[f"{owner[2]}/{key}"] = (number, value_col)

    for number, line in enumerate(lines, start=1):
        try:
            handle(number, line)
        except OutlineError as exc:
            # Go on reading, so every mistake is reported at once; later lines may still name the same cause.
            problems.extend(exc.issues)
            if len(problems) >= MAX_REPORTED:
                break
    if problems:
        raise OutlineError(problems[0].message, problems)
    if not root_seen:
        raise _error(
            "the outline has no claim: add a line `* (side) The claim.`", max(1, len(lines) - (lines[-1] == "")), 1
        )
    allocator = IdAllocator(taken)
    for node, kind in pending_ids:
        node["id"] = allocator.new(slug(node["text"]), kind)
    data["sides"] = sides
    if sources:
        data["sources"] = sources
    order = ["$schema", "id", "title", "description", "sides", "sources", "claim"]
    parsed.data = {k: data[k] for k in order if k in data}
    return parsed


def _node_property(node, ptr, key, arg, value, parsed, number, col, value_col) -> None:
    if key in node and key not in ("id", "kind", "side", "text", "children"):
        raise _error(f"`{key}` is given twice for this node", number, col)
    if key == "speaker" and arg is None:
        node["speaker"] = value
    elif key == "quote" and arg:
        node["quote"] = {"source": arg, "text": value}
        parsed.places[f"{ptr}/quote"] = (number, col)
        parsed.places[f"{ptr}/quote/source"] = (number, col + len("quote "))
        parsed.places[f"{ptr}/quote/text"] = (number, value_col)
        return
    elif key in ("supports", "attacks") and arg is None:
        node[key] = _links(value)
        for index in range(len(node[key])):
            parsed.places[f"{ptr}/{key}/{index}"] = (number, value_col)
    elif key in TEXT_KEYS and arg is None:
        node[key] = value
    elif key in FLAG_KEYS and arg is None:
        if value not in ("true", "false"):
            raise _error(f"`{key}:` takes true or false", number, value_col)
        node[key] = value == "true"
    elif key in JSON_KEYS and arg is None:
        try:
            node[key] = json.loads(value)
        except ValueError as exc:
            raise _error(f"`{key}:` takes a JSON value: {exc.args[0].split(':')[0]}", number, value_col) from None
    elif key == "kind" and arg is None:
        if value not in Kind._value2member_map_:
            raise _error(f"unknown kind '{value}' (claim, premise, rebuttal, counter-rebuttal)", number, value_col)
        node["kind"] = value
    else:
        hint = (
            "quote SOURCE: text"
            if key == "quote"
            else ", ".join(["speaker", "quote SOURCE", "supports", "attacks", "kind", *_ORDER])
        )
        raise _error(f"unknown node property `{key}{' ' + arg if arg else ''}:` (expected {hint})", number, col)
    parsed.places[f"{ptr}/{key}"] = (number, value_col)


def relocate(issues: list[Issue], parsed: Parsed, file: str) -> list[Issue]:
    """Validation issues of the map an outline makes, placed at the outline's lines."""
    placed = [i.at(file, *parsed.place(i.pointer)) for i in issues]
    return sorted(placed, key=lambda i: (i.line or 0, i.column or 0))


# ---------------------------------------------------------------- the registry's view


def _read(text: str, name: str):
    """An outline as a registry reader: one map, or a refusal with every problem at the outline's lines."""
    from ..io.loader import parse_at, too_deep
    from . import FormatError, Imported

    try:
        parsed = parse_outline(text)
    except OutlineError as exc:
        located = [i.at(name, i.line, i.column) for i in exc.issues]
        raise FormatError(f"{name}: not a valid outline", located) from None
    deep = too_deep(parsed.data)
    if deep is not None:
        raise FormatError(f"{name}: {deep.message}", relocate([deep], parsed, name))
    loaded = parse_at(name, json.dumps(parsed.data, ensure_ascii=False))
    if loaded.map is None:
        problems = relocate([i for i in loaded.issues if i.is_error], parsed, name)
        raise FormatError(f"{name}: the map it describes is invalid", problems)
    return Imported([loaded.map])


def _write(maps: list[ArgMap]) -> str:
    from ..errors import UsageError

    if len(maps) != 1:
        raise UsageError(f"an outline holds one map; {len(maps)} were given (export a single map file)")
    return export_outline(maps[0])


def _register() -> None:
    from . import Format, register

    register(
        Format(
            "outline",
            (".outline", ".txt"),
            "argmap's own outline text (one map)",
            read=_read,
            write=_write,
            sniff=lambda text: text.lstrip("\ufeff").startswith("# argmap outline"),
        )
    )


_register()
