"""Argdown (argdown.org), both ways, as the Argdown CLI (1.7.5) reads it.

Reading: the text is cut into tokens and parsed by Argdown's own grammar (`_argdown_lexer`,
`_argdown_parser`), `@include(...)` first resolved relative to the file (never outside its folder).
Each statement (all members of one title) and each argument becomes a node, keeping its title, its
data and, for an argument, `argument: true`. A premise-conclusion structure keeps its numbered
statements as linked premises of the argument, each with its number (`bearing.pcs`), and the
argument supports its conclusion; an inference line's rules and data stay with the statement below
it. Relations keep their kind: support, attack, undercut, and in strict mode entails, contrary and
contradictory. A statement's text is its last definition's, as Argdown shows it; the side is a
`side` data entry or the first tag, the speaker a `speaker` data entry. Headings, link addresses,
emphasis, other definitions' texts and the front matter's settings are counted in "not kept" lines.

Writing gives each node a definition in its map's tree (`[title]: text {data}`, or `<title>:` for
an argument), each tree edge a relation (`+`, `-`, `<_`, `><`), each cross-link a relation from its
node (`+>`, `->`, `_>`), each argument's premise-conclusion structure a block of its own, and map
headers in the front matter. What Argdown cannot say (ids, sides, speakers, quotes, places in the
tree...) goes in each node's data under `argmap`, so an import gives the same maps back.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..ids import slug
from ..model import ArgMap, Kind, Node, split_link
from . import Format, Imported, format_error, register
from . import _argdown_lexer as lx
from ._argdown_parser import SHORTCODES, Document, ParseError, parse
from ._graph import (
    ATTACKS,
    REPHRASE,
    SUPPORTS,
    UNATTRIBUTED,
    Graph,
    Inference,
    MapInfo,
    Statement,
    build,
    map_info,
    mapping,
)

# The keys argmap's own data block carries for a node.
OWN_KEYS = (
    "id", "side", "speaker", "quote", "group", "undercut", "rephrase", "role", "weight", "title", "text",
    "bearing", "bearings", "parent", "at", "order",
)  # fmt: skip
MAX_INCLUDES = 100
_INCLUDE = re.compile(r"@include\(([^)\n]+)\)")


# ---------------------------------------------------------------- reading


def _json_safe(value: Any) -> Any:
    """YAML's values as JSON has them: dates become ISO text, keys text."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def load_data(text: str) -> Any:
    """A data block or front matter: JSON (what argmap writes) or YAML (what people write)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    import yaml

    try:
        return _json_safe(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"not YAML: {problem}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


class _Source:
    """The text after includes, and where each stretch of it came from, for placing errors."""

    def __init__(self, text: str, name: str):
        self.name = name
        self.segments: list[tuple[int, str, str, int]] = []  # (start in the whole, file name, its text, its start)
        self.text = self._expand(text, name)

    def _expand(self, text: str, name: str) -> str:
        if "@include(" not in text or not Path(name).is_file():
            self.segments.append((0, name, text, 0))
            return text
        from ..io.files import read_text

        folder = Path(name).resolve().parent
        done: set[Path] = set()
        out: list[str] = []
        length = 0
        # (file name, its text, where to resume in it)
        stack: list[tuple[str, str, int]] = [(name, text, 0)]
        while stack:
            file, body, at = stack.pop()
            match = _INCLUDE.search(body, at)
            end = match.start() if match else len(body)
            self.segments.append((length, file, body, at))
            out.append(body[at:end])
            length += end - at
            if match is None:
                continue
            stack.append((file, body, match.end()))
            line, column = _place(body, match.start())
            try:
                target = (Path(file).resolve().parent / match.group(1).strip()).resolve()
            except (OSError, ValueError) as exc:  # a NUL, an overlong name: the path itself cannot be looked up
                reason = f"@include({match.group(1)}): not a path this system can open ({exc})"
                raise format_error(reason, file, line, column) from None
            if not target.is_relative_to(folder):
                raise format_error(f"@include({match.group(1)}) reaches outside the file's folder", file, line, column)
            if target in done:
                continue  # Argdown includes each file once
            if len(done) >= MAX_INCLUDES:
                raise format_error(f"more than {MAX_INCLUDES} files included", file, line, column)
            done.add(target)
            try:
                included = read_text(target, 10 * 1024 * 1024, "included file")
            except Exception as exc:  # noqa: BLE001 - any reason the file cannot be had is the same refusal
                raise format_error(f"@include({match.group(1)}): {exc}", file, line, column) from None
            stack.append((str(target), included, 0))
        return "".join(out)

    def fail(self, message: str, offset: int):
        start, file, body, at = self.segments[0]
        for segment in self.segments:
            if segment[0] <= offset:
                start, file, body, at = segment
        line, column = _place(body, at + offset - start)
        return format_error(message, file, line, column)


def _place(text: str, offset: int) -> tuple[int, int]:
    return lx.Places(text).of(min(offset, len(text)))


def read(text: str, name: str) -> Imported:
    source = _Source(text, name)
    try:
        document = parse(source.text, load_data)
    except (lx.LexError, ParseError) as exc:
        raise source.fail(str(exc), exc.offset) from None
    if document.data_errors:
        message, offset = document.data_errors[0]
        raise source.fail(f"data block: {message}", offset)
    return _Builder(document, source).build()


class _Builder:
    """The graph of a parsed Argdown document: statements and arguments as statements, relations as inferences."""

    def __init__(self, document: Document, source: _Source):
        self.doc = document
        self.source = source
        self.graph = Graph()
        self.losses = self.graph.losses
        front = mapping(document.front_matter)
        self.front = front
        self.own = mapping(front.get("argmap"))
        model = mapping(front.get("model"))
        self.strict = model.get("mode") == "strict"
        self.exploded = bool(model.get("explodeArguments"))
        self.data: dict[str, dict[str, Any]] = {}  # node key -> argmap's own data for it

    def build(self) -> Imported:
        graph, losses, own = self.graph, self.losses, self.own
        if self.doc.headings and not own:
            losses["headings (sections) not kept"] += self.doc.headings
        model = mapping(self.front.get("model"))
        settings = [k for k in self.front if k not in ("argmap", "model") and not (own and k == "title")]
        settings += [f"model.{k}" for k in model if k not in ("mode", "explodeArguments")]
        if settings:
            losses["front matter settings not kept (" + ", ".join(map(str, settings[:4])) + ")"] += len(settings)
        if self.exploded:
            losses["arguments kept whole, not split into one per inferential step (explodeArguments)"] += 1
        for item in own.get("maps", []) if isinstance(own.get("maps"), list) else []:
            if isinstance(item, dict):
                graph.sides.update(item.get("sides") or {})
                graph.sources.update(item.get("sources") or {})
                graph.maps.append(
                    MapInfo(
                        str(item.get("root")),
                        item.get("id", ""),
                        item.get("title", ""),
                        item.get("description"),
                        item.get("schema"),
                        item.get("sides"),
                        item.get("sources"),
                    )
                )
        for key, node in self.doc.nodes.items():
            graph.statements[key] = self.statement(key, node)
        graph.sides.setdefault(UNATTRIBUTED, {"name": "Unattributed"})
        self.inferences()
        for item in own.get("external", []) if isinstance(own.get("external"), list) else []:
            if isinstance(item, dict) and item.get("relation") in (SUPPORTS, ATTACKS):
                graph.external.append((str(item.get("from")), item["relation"], str(item.get("to")), item.get("at", 0)))
        return Imported(build(graph), graph.losses)

    # ---- nodes

    def statement(self, key: str, node) -> Statement:
        losses = self.losses
        members = node.members
        if len(members) == 1:  # most statements: one member, the canonical one if it defines the statement
            text = "" if members[0].reference else " ".join(members[0].text.split())
        else:
            defined = [m for m in members if not m.reference]
            canonical = next(
                (m for m in reversed(defined) if isinstance(m.data, dict) and m.data.get("isCanonical")), None
            )
            canonical = canonical or (defined[-1] if defined else None)
            text = " ".join(canonical.text.split()) if canonical is not None else ""
            others = {" ".join(m.text.split()) for m in defined if m is not canonical} - {text, ""}
            if others:
                losses["statement texts other than the last definition not kept"] += len(others)
        for member in members:
            if member.links:
                losses["link addresses (URLs) not kept (their text is)"] += member.links
            if member.emphasis:
                losses["bold and italic ranges kept as plain text"] += member.emphasis
        data: dict[str, Any] = {}
        for member in members:
            if isinstance(member.data, dict):
                _merge(data, member.data)
            elif member.data is not None:
                losses["data blocks that are not a mapping not kept"] += 1
        own = data.pop("argmap", None) if data and isinstance(data.get("argmap"), dict) else {}
        self.data[key] = own
        tags = members[0].tags if len(members) == 1 else [t for m in members for t in m.tags]
        side = speaker = pair = node_id = place = None
        keys: dict[str, Any] = {}
        # Each look-up below is made only where there is something to find: a file not written by argmap
        # has no own data, and most statements have no data at all.
        if own:
            side = own.get("side") if isinstance(own.get("side"), str) else None
            speaker = own.get("speaker") if isinstance(own.get("speaker"), str) else None
        if data:
            if side is None and isinstance(data.get("side"), str):
                side = data.pop("side")
            if speaker is None and isinstance(data.get("speaker"), str):
                speaker = data.pop("speaker")
        if side is None and tags:
            side = slug(tags[0]) or None
            if side and side not in self.graph.sides:
                self.graph.sides[side] = {"name": tags[0]}
        if own and isinstance(own.get("text"), str):
            text = own["text"]
        if not text:
            text = node.title if node.named or node.argument else "(no text)"
        if own:
            if isinstance(own.get("title"), str):
                keys["title"] = own["title"]
        elif node.named:
            keys["title"] = node.title
        if node.argument:
            keys["argument"] = True
        if data:
            keys["data"] = data
        if own:
            for name in ("role", "weight"):
                if name in own:
                    keys[name] = own[name]
            quote = own.get("quote")
            pair = (quote["source"], quote["text"]) if isinstance(quote, dict) and "source" in quote else None
            node_id = own.get("id") if isinstance(own.get("id"), str) else None
            if isinstance(own.get("parent"), str) and isinstance(own.get("at"), int):
                place = (own["parent"], own["at"])
        return Statement(key, text, speaker, side, pair, node_id, keys or None, place)

    # ---- relations

    def inferences(self) -> None:
        doc, graph = self.doc, self.graph
        # pcs: the numbered statements support their argument together; the argument supports its conclusion.
        conclusions: dict[str, str] = {}  # argument -> key of the inference to its conclusion
        for key, node in doc.nodes.items():
            if not node.pcs:
                continue
            *premises, last = node.pcs
            numbers: dict[str, dict[str, Any]] = {}
            seen: set[str] = set()
            for number, item in enumerate(premises, 1):
                if item.statement in seen:
                    self.losses["statements repeated in one premise-conclusion structure kept once"] += 1
                    continue
                seen.add(item.statement)
                numbers[item.statement] = {"pcs": number, **_step(item.inference)}
            group = None
            for premise, extra in numbers.items():
                told = (self.told(premise, key) or [{}])[0]
                said = told.pop("group", None)
                group = group or said
                extra.update({k: v for k, v in told.items() if k not in ("pcs", "inference", "rephrase")})
            graph.inferences.append(
                Inference(
                    f"pcs\0{key}",
                    list(numbers),
                    key,
                    SUPPORTS,
                    group=group,
                    per_premise=numbers,
                    at=self.places(list(numbers), key, SUPPORTS),
                )
            )
            bearing = {"pcs": len(node.pcs), **_step(last.inference)}
            told = (self.told(key, last.statement) or [{}])[0]
            told.pop("group", None)
            bearing.update({k: v for k, v in told.items() if k not in ("pcs", "inference", "rephrase")})
            graph.inferences.append(
                Inference(
                    f"arg\0{key}",
                    [key],
                    last.statement,
                    SUPPORTS,
                    bearing=bearing,
                    at=self.places([key], last.statement, SUPPORTS),
                )
            )
            conclusions[key] = f"arg\0{key}"
        undercuts = []
        for index, relation in enumerate(doc.relations):
            if relation.type == "undercut":
                undercuts.append((index, relation))
                continue
            self.relation(index, relation)
        carriers = self.carriers(conclusions) if undercuts else {}
        for index, relation in undercuts:
            self.undercut(index, relation, carriers)

    def relation(self, index: int, relation) -> None:
        graph = self.graph
        source, target = relation.source, relation.target
        if not self.own and relation.type != "contradictory":
            # A file not written by argmap, one way: the kinds are what the text says (the loop below, in short).
            base = SUPPORTS if relation.type == "support" else ATTACKS
            kind = None
            if self.strict and source.startswith("[") and target.startswith("["):
                kind = "entails" if base == SUPPORTS else "contrary"
            graph.inferences.append(
                Inference(
                    f"r{index}.0",
                    [source],
                    target,
                    base,
                    tree=relation.below and relation.defines,
                    bearing={"kind": kind} if kind else None,
                )
            )
            return
        s2s = source.startswith("[") and target.startswith("[")
        # A contradiction holds both ways; the way written below its target comes first.
        pairs = [(target, source), (source, target)] if relation.type == "contradictory" else [(source, target)]
        for number, (premise, aimed) in enumerate(pairs):
            base = SUPPORTS if relation.type == "support" else ATTACKS
            kind = None
            if relation.type == "contradictory":
                kind = "contradictory"
            elif self.strict and s2s:
                kind = "entails" if base == SUPPORTS else "contrary"
            told = self.told(premise, aimed, base)
            if told is None:  # a file not written by argmap: the kinds are what the text says
                # Written below the element it bears on: where the statement stands, if defined there.
                tree = relation.below and relation.defines if number == 0 else False
                bearing = {"kind": kind} if kind else None
                graph.inferences.append(
                    Inference(f"r{index}.{number}", [premise], aimed, base, tree=tree, bearing=bearing)
                )
                continue
            for copy, bearing in enumerate(told):
                bearing = dict(bearing)
                relation_kind = (
                    REPHRASE if (bearing.get("kind") == "rephrase" or bearing.pop("rephrase", False)) else base
                )
                if bearing.get("kind") == "rephrase":
                    bearing.pop("kind")
                group = bearing.pop("group", None)
                graph.inferences.append(
                    Inference(
                        f"r{index}.{number}.{copy}",
                        [premise],
                        aimed,
                        relation_kind,
                        tree=copy == 0 and self.stands_below(premise, aimed, base),
                        group=group,
                        bearing=bearing or None,
                        at=self.places([premise], aimed, base),
                    )
                )

    def told(self, premise: str, aimed: str, relation: str | None = None) -> list[dict[str, Any]] | None:
        """What argmap's own data says of this relation: its bearing(s); None for a file argmap did not write.

        A statement may also cross-link to the node it stands below (AIF's two inferences between the same
        two statements); Argdown keeps one relation of a kind per pair, so with `relation` given the tree's
        bearing comes first and the cross-link's after it, as the data's `order` lists the link. A link of
        the other kind to the parent (a premise that also attacks it) is a cross-link only: the data's
        `tree` names the kind of the tree's edge.
        """
        if not self.own:
            return None
        data = self.data[premise]
        told = (data.get("bearings") or {}).get(aimed)
        links = [dict(b) for b in told] if isinstance(told, list) and told else [{}]
        if self.stands_below(premise, aimed, relation):
            bearing = dict(data.get("bearing") or {})
            if data.get("group") is not None:
                bearing["group"] = data["group"]
            if data.get("rephrase"):
                bearing["rephrase"] = True
            order = data.get("order")
            listed = order.get(relation) if relation is not None and isinstance(order, dict) else None
            return [bearing, *links] if isinstance(listed, list) and aimed in listed else [bearing]
        return links

    def places(self, premises: list[str], aimed: str, relation: str) -> dict[str, int] | None:
        """Where argmap's own data says each premise's cross-link to `aimed` stands in its list."""
        out = {}
        for premise in premises:
            order = self.data[premise].get("order")
            listed = order.get(relation) if isinstance(order, dict) else None
            if isinstance(listed, list) and aimed in listed:
                out[premise] = listed.index(aimed)
        return out or None

    def stands_below(self, premise: str, aimed: str, relation: str | None = None) -> bool:
        """Whether this relation is the premise's tree edge: to its parent, and (given) of the tree's kind."""
        data = self.data[premise]
        return data.get("parent") == aimed and (relation is None or data.get("tree", relation) == relation)

    def carriers(self, conclusions: dict[str, str]) -> dict[str, str]:
        """For each statement, the inference that carries it to its parent (what an undercut of it attacks)."""
        out: dict[str, str] = {}
        placed_under = {k: d.get("parent") for k, d in self.data.items() if d.get("parent")}
        for inf in self.graph.inferences:
            for premise in inf.premises:
                if placed_under.get(premise) == inf.target or premise not in placed_under:
                    out.setdefault(premise, inf.key)
        out.update(conclusions)
        return out

    def undercut(self, index: int, relation, carriers: dict[str, str]) -> None:
        graph = self.graph
        source, target = relation.source, relation.target
        if target.startswith("inference\0"):
            _, argument, _step_index = target.split("\0")
            node = self.doc.nodes[argument]
            last = int(_step_index) == len(node.pcs) - 1
            aimed = f"arg\0{argument}" if last else f"pcs\0{argument}"
            under = argument if last else node.pcs[int(_step_index)].statement
            if not last:
                self.losses["undercuts of an intermediary inference kept as undercuts of its conclusion's support"] += 1
        else:
            aimed = carriers.get(target)
            under = target
            if aimed is None:
                self.losses["undercuts of a statement or argument that bears on nothing kept as attacks"] += 1
                graph.inferences.append(Inference(f"u{index}", [source], target, ATTACKS, tree=relation.defines))
                return
        tree = (relation.below and relation.defines) if not self.own else self.stands_below(source, target)
        graph.inferences.append(Inference(f"u{index}", [source], aimed, ATTACKS, tree=tree, under=under))


def _step(inference) -> dict[str, Any]:
    """An inference line as a bearing's `inference`: its rules and data (empty for a bare '----')."""
    if inference is None:
        return {}
    step: dict[str, Any] = {}
    if inference.rules:
        step["rules"] = inference.rules
    if isinstance(inference.data, dict):
        step["data"] = inference.data
    return {"inference": step}


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    """Later data over earlier, objects merged key by key (as Argdown merges a statement's members)."""
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff")[:20_000]
    return bool(
        re.search(r"^\s*\[[^\]\n]+\]:", head, re.M)
        or re.search(r"^\s*<[^>\n]+>:", head, re.M)
        or re.search(r"^\s+(?:\+>|->|<\+|<-|_>|<_)\s+[\[<]", head, re.M)
    )


# ---------------------------------------------------------------- writing

_MARKUP = frozenset("\\*_[]<>{}/`#")
_RULE_MARKUP = _MARKUP | {",", "-"}  # an inference line: a comma ends a rule, "--" the line
_TAG_WORD = re.compile(lx._TAG_WORD)


def _marks(text: str, at: int, markup: frozenset[str] = _MARKUP) -> tuple[int, bool]:
    """How `_escape` writes the run of one mark (`.` or `:`) at text[at]: where what it writes ends, and
    whether every mark of it is escaped.

    The lexer reads a mark followed, with no white space between, by a second of its kind as a span
    (`.name.`, `:name:`) that keeps its characters as they are. The run's last mark starts any such
    span: where that span may stand as it is (it holds nothing `_escape` would escape and names no
    shortcode) it is written whole; where not, every mark of the run is escaped, since an escape's
    backslash after a mark would become a span's text (`.\\.`).
    """
    mark = text[at]
    last = at
    while last + 1 < len(text) and text[last + 1] == mark:
        last += 1
    q = last + 1
    while q < len(text) and text[q] != mark and not text[q].isspace():
        q += 1
    if q >= len(text) or text[q] != mark or q == last + 1:
        return last + 1, False
    span = text[last : q + 1]
    if span not in SHORTCODES and not any(c in markup for c in span):
        return q + 1, False
    return last + 1, True


def _escape(text: str, rule: bool = False) -> str:
    """Text Argdown reads back as itself: markup escaped, a line start that would mean something escaped.

    Two tokens read their characters as themselves, backslashes too: a tag (`#word`, `#(words)`) and
    a `.name.` or `:name:` span with no white space in it that names no shortcode. Such a token is
    written as it stands where it needs no escape inside (a tag: where no escape follows to join it);
    otherwise its first mark is escaped and the rest written as any text. Web addresses in Kialo's
    claims are full of them: a link's `#fragment`, `:~:text=`, `.my_page.`. An inference's rule
    (`rule`) is read with no tags and ends at a comma.
    """
    markup = _RULE_MARKUP if rule else _MARKUP
    out: list[str] = []
    n = len(text)
    close = -1  # the next ')' after the last `#(` looked at (n: none): one forward search for the whole text
    i = 0
    while i < n:
        char = text[i]
        if char in ".:":
            end, escaped = _marks(text, i, markup)
            out.append(("\\" + char) * (end - i) if escaped else text[i:end])
            i = end
            continue
        if char == "#" and i > 0 and not rule:
            if text.startswith("#(", i):
                if close < i + 2:
                    found = text.find(")", i + 2)
                    close = n if found == -1 else found
                end = close + 1 if i + 2 < close < n else -1
            else:
                word = _TAG_WORD.match(text, i + 1)
                end = word.end() if word is not None else -1
            if end != -1 and (end == n or _starts_plain(text, end)):
                out.append(text[i:end])
                i = end
                continue
        if char in markup:
            out.append("\\" + char)
        elif char == "=" and text.startswith("===", i):
            out.append("=\\==")
            i += 3
            continue
        else:
            out.append(char)
        i += 1
    escaped = "".join(out)
    if escaped[:1] in "+-(>=@'" or re.match(r"^[0-9]+\.", escaped):
        escaped = "\\" + escaped
    return escaped or "\\ "


def _starts_plain(text: str, at: int) -> bool:
    """Whether `_escape` writes text[at] with no backslash first (one would join the tag before it)."""
    if text[at] in _MARKUP:
        return False
    return text[at] not in ".:" or not _marks(text, at)[1]


def _plain(text: str) -> str:
    """The text Argdown can hold on one line: line breaks become spaces, edges trimmed."""
    return " ".join(text.split())


def _data_block(data: dict[str, Any]) -> str:
    """JSON, which Argdown's YAML reads, with no '}' inside a string to end the block early."""
    encoded = json.dumps(data, ensure_ascii=False)
    out, in_string, escaped = [], False, False
    for char in encoded:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            elif char in "{}":
                char = "\\u007b" if char == "{" else "\\u007d"
        elif char == '"':
            in_string = True
        out.append(char)
    return "".join(out)


class _Writer:
    def __init__(self, maps: list[ArgMap]):
        self.maps = maps
        self.in_export = {m.id for m in maps}
        self.visits = {m.id: list(m.walk()) for m in maps}
        self.refs: dict[tuple[str, str], str] = {}  # (map id, node id) -> '[title]' or '<title>'
        # Each node's place among its parent's children, found once: a list's index() compares models field by field.
        self.at: dict[int, int] = {}
        self.parent_of: dict[int, Node] = {}
        self.nodes: dict[tuple[str, str], Node] = {}  # a cross-link's target, without a walk of its map per link
        taken: set[str] = set()
        # The last number a title took in a map: the numbers below it are taken, so the search resumes there
        # (many nodes of one title, or one id in many maps, would otherwise count up from 2 each time).
        last: dict[tuple[str, str, str], int] = {}
        for m in maps:
            for node, *_ in self.visits[m.id]:
                self.at.update((id(child), i) for i, child in enumerate(node.children))
                self.parent_of.update((id(child), node) for child in node.children)
                self.nodes.setdefault((m.id, node.id), node)
                base = _title(node.title) or node.id
                opener = "<" if node.argument else "["
                n = last.get((opener, base, m.id), 1)
                title = base if n == 1 else f"{base} ({m.id})" if n == 2 else f"{base} ({m.id} {n})"
                while (opener + title) in taken:
                    n += 1
                    title = f"{base} ({m.id})" if n == 2 else f"{base} ({m.id} {n})"
                last[(opener, base, m.id)] = n
                taken.add(opener + title)
                self.refs[(m.id, node.id)] = f"<{title}>" if node.argument else f"[{title}]"
        self.external: list[dict[str, Any]] = []
        self.strict = False

    def ref(self, m: ArgMap, link: str) -> str | None:
        map_id, node_id = split_link(link)
        if map_id is not None and map_id not in self.in_export:
            return None
        return self.refs.get((map_id or m.id, node_id))

    def write(self) -> str:
        maps = self.maps
        meta_maps = [map_info(m, self.refs[(m.id, m.claim.id)]) for m in maps]
        blocks: list[str] = []
        pcs_blocks: list[str] = []
        numbered = self.numbered()
        for m in maps:
            blocks.append(f"# {_escape(_plain(m.title))}")
            blocks.extend(self.trees(m))
            pcs_blocks.extend(self.pcs_of(m, numbered))
        front: dict[str, Any] = {"title": maps[0].title if len(maps) == 1 else "argmap debate"}
        if self.strict:
            front["model"] = {"mode": "strict"}
        front["argmap"] = {"maps": meta_maps}
        if self.external:
            front["argmap"]["external"] = self.external
        head = "===\n" + json.dumps(front, ensure_ascii=False, indent=1) + "\n==="
        return "\n\n".join([head, *blocks, *pcs_blocks]) + "\n"

    # ---- the trees

    def trees(self, m: ArgMap) -> list[str]:
        """The map's tree as nested relations; a node joined to its parent by a pcs starts a block of its own."""
        blocks = []
        starts = [v for v in self.visits[m.id] if v.parent is None or _in_pcs(v.node.bearing)]
        for start in starts:
            lines: list[str] = []
            stack = [(start.node, start.parent, 0, True)]
            while stack:
                node, parent, depth, first = stack.pop()
                pad = "  " * depth
                sign = "" if first or parent is None else self.sign(m, node, parent) + " "
                lines.append(pad + sign + self.definition(m, node, parent))
                lines.extend(pad + "  " + line for line in self.crosslinks(m, node))
                children = [c for c in node.children if not _in_pcs(c.bearing)]
                stack.extend((child, node, depth + 1, False) for child in reversed(children))
            blocks.append("\n".join(lines))
        return blocks

    def sign(self, m: ArgMap, node: Node, parent: Node) -> str:
        kind = node.bearing.kind.value if node.bearing is not None and node.bearing.kind is not None else None
        self.note_kind(kind, node, parent)
        if node.kind is Kind.PREMISE:
            return "+"
        if node.undercut:
            return "<_"
        if kind == "contradictory" and not node.argument and not parent.argument and self.mirrored(m, parent, node):
            return "><"
        return "-"

    def mirrored(self, m: ArgMap, parent: Node, node: Node) -> bool:
        bearings = parent.bearings or {}
        return node.id in parent.attacks and any(
            b.kind is not None and b.kind.value == "contradictory" for b in bearings.get(node.id, ())
        )

    def note_kind(self, kind: str | None, source: Node, target: Node | None) -> None:
        if kind in ("entails", "contrary") and not source.argument and (target is None or not target.argument):
            self.strict = True

    def definition(self, m: ArgMap, node: Node, parent: Node | None) -> str:
        ref = self.refs[(m.id, node.id)]
        text = _plain(node.text)
        own: dict[str, Any] = {"id": node.id, "side": node.side}
        if node.speaker is not None:
            own["speaker"] = node.speaker
        if node.quote is not None:
            own["quote"] = {"source": node.quote.source, "text": node.quote.text}
        for flag in ("group", "undercut", "rephrase", "role", "weight"):
            if getattr(node, flag) is not None:
                own[flag] = getattr(node, flag)
        if node.title is not None:
            own["title"] = node.title
        if text != node.text or not text:
            own["text"] = node.text
        if parent is not None:
            own["parent"] = self.refs[(m.id, parent.id)]
            own["at"] = self.at[id(node)]
        if node.bearing is not None:
            bearing = node.bearing.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            bearing.pop("pcs", None)
            bearing.pop("inference", None)
            if bearing:
                own["bearing"] = bearing
        bearings = {}
        for link, told in (node.bearings or {}).items():
            target = self.ref(m, link)
            if target is not None:
                bearings[target] = [
                    {
                        k: v
                        for k, v in b.model_dump(mode="json", exclude_none=True).items()
                        if k not in ("pcs", "inference")
                    }
                    for b in told
                ]
        if bearings:
            own["bearings"] = bearings
        order = {}
        linked: dict[str, list[str]] = {}
        for relation, links in ((SUPPORTS, node.supports), (ATTACKS, node.attacks)):
            refs = linked[relation] = [ref for ref in (self.ref(m, link) for link in links) if ref is not None]
            # One link is listed too when it is to the parent and the tree's edge is a relation line (not
            # a premise-conclusion structure's): Argdown would fold the link into that relation.
            folded = parent is not None and own["parent"] in refs and (node.bearing is None or node.bearing.pcs is None)
            if len(refs) > 1 or folded:
                order[relation] = refs
        if order:
            own["order"] = order
        if parent is not None and any(own["parent"] in refs for refs in linked.values()):
            own["tree"] = SUPPORTS if node.kind is Kind.PREMISE else ATTACKS  # which line to the parent is the tree's
        data = {**(node.data or {}), "argmap": own}
        return f"{ref}: {_escape(text)} {_data_block(data)}"

    def crosslinks(self, m: ArgMap, node: Node) -> list[str]:
        lines = []
        bearings = node.bearings or {}
        for relation, links in ((SUPPORTS, node.supports), (ATTACKS, node.attacks)):
            for position, link in enumerate(links):
                target = self.ref(m, link)
                if target is None:
                    self.external.append(
                        {"from": self.refs[(m.id, node.id)], "relation": relation, "to": link, "at": position}
                    )
                    continue
                told = bearings.get(link, ())
                if told and all(b.pcs is not None for b in told):
                    continue  # said by the argument's premise-conclusion structure
                kinds = {b.kind.value for b in told if b.kind is not None}
                map_id, node_id = split_link(link)
                target_node = self._node(map_id or m.id, node_id)
                self.note_kind(next(iter(kinds), None), node, target_node)
                if relation == SUPPORTS:
                    symbol = "+>"
                elif "undercut" in kinds:
                    symbol = "_>"
                elif (
                    "contradictory" in kinds and target_node is not None and self._mirror_is_tree(m, node, target_node)
                ):
                    continue  # the tree's '><' says both directions
                elif (
                    "contradictory" in kinds
                    and not node.argument
                    and target_node is not None
                    and not target_node.argument
                ):
                    symbol = "><"
                else:
                    symbol = "->"
                lines.append(f"{symbol} {target}")
        return lines

    def _node(self, map_id: str, node_id: str) -> Node | None:
        return self.nodes.get((map_id, node_id))

    def _mirror_is_tree(self, m: ArgMap, node: Node, target: Node) -> bool:
        """Whether `target` is this node's child written with '><' (which says this cross-link as well)."""
        child = target
        return (
            self.parent_of.get(id(child)) is node
            and child.bearing is not None
            and child.bearing.kind is not None
            and child.bearing.kind.value == "contradictory"
            and not child.undercut
            and not child.argument
            and not node.argument
        )

    # ---- premise-conclusion structures

    def numbered(self) -> dict[tuple[str, str], dict[int, tuple[str, Any]]]:
        """For each argument, its numbered statements: the supports into it and out of it that carry a number."""
        members: dict[tuple[str, str], dict[int, tuple[str, Any]]] = defaultdict(dict)
        for m in self.maps:
            for visit in self.visits[m.id]:
                node, parent = visit.node, visit.parent
                if parent is not None and _in_pcs(node.bearing):
                    self._member(members, m.id, node, parent.id, m.id, node.bearing)
                for link, told in (node.bearings or {}).items():
                    map_id, node_id = split_link(link)
                    for bearing in told:
                        if _in_pcs(bearing) and (map_id or m.id) in self.in_export:
                            self._member(members, m.id, node, node_id, map_id or m.id, bearing)
        return members

    def pcs_of(self, m: ArgMap, members) -> list[str]:
        """The premise-conclusion structures of the map's arguments, each a block of its own."""
        blocks = []
        for visit in self.visits[m.id]:
            node = visit.node
            numbered = members.get((m.id, node.id))
            if not node.argument or not numbered:
                continue
            lines = [self.refs[(m.id, node.id)], ""]
            last = max(numbered)
            for number in sorted(numbered):
                ref, inference = numbered[number]
                if inference is not None or number == last:
                    lines.append(_inference_line(inference))
                lines.append(f"({number}) {ref}")
            blocks.append("\n".join(lines))
        return blocks

    def _member(self, members, map_id: str, node: Node, target_id: str, target_map: str, bearing) -> None:
        """A numbered support: a statement supporting its argument, or an argument supporting its conclusion."""
        if node.argument:  # the argument's conclusion
            key, ref = (map_id, node.id), self.refs.get((target_map, target_id))
        else:
            key, ref = (target_map, target_id), self.refs[(map_id, node.id)]
        if ref is not None:
            members[key].setdefault(bearing.pcs, (ref, bearing.inference))


def _in_pcs(bearing) -> bool:
    return bearing is not None and bearing.pcs is not None


def _inference_line(inference) -> str:
    if inference is None:
        return "----"
    rules = ", ".join(_escape(_plain(rule), rule=True) for rule in inference.rules)
    data = f" {_data_block(inference.data)}" if inference.data else ""
    if not rules and not data:
        return "----"
    return f"--{' ' + rules if rules else ''}{data} --"


def _title(title: str | None) -> str | None:
    """A node's title as Argdown can write it in brackets, or None when it cannot be written as it is."""
    if not title or title != title.strip() or "\n" in title or "\r" in title or title.startswith("-"):
        return None
    if any(mark in title for mark in ("]", ">", ":", "\u2028", "\u2029")):
        return None
    return title


def write(maps: list[ArgMap]) -> str:
    return _Writer(maps).write()


FORMAT = register(Format("argdown", (".argdown", ".ad"), "Argdown (argdown.org)", read=read, write=write, sniff=sniff))
