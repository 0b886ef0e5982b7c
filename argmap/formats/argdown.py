"""Argdown (argdown.org), both ways: statements, arguments, relations, premise-conclusion structures.

Reading covers what argument maps are made of: `[title]: text` statements, `<title>: text`
arguments, relations indented below them (`+ - <+ <- <_` incoming, `+> -> _>` outgoing, `><`
contradiction), premise-conclusion structures (`(1) ...`, `----` or `-- rule --`, the conclusion),
`{...}` data, `#tags`, YAML or JSON front matter, comments and headings. A statement is one node per
title; an argument is a node too, its premises supporting it together (linked) and it supporting its
conclusion. A node's side is its `side` data or its first tag; the speaker is its `speaker` data.

Writing gives each node a statement whose text is exactly the node's text (escaped where Argdown
would read markup) with side, speaker, quote and id in the statement's `{...}` data; the tree is
written as incoming relations, each cross-link as an outgoing one, and map headers in JSON front matter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..ids import slug
from ..model import ArgMap, Kind, split_link
from . import Format, Imported, format_error, register
from ._graph import ATTACKS, SUPPORTS, Graph, Inference, MapInfo, Statement, build, map_info

_COMMENT = re.compile(r"\\.|<!--.*?-->|/\*.*?\*/|//[^\n]*", re.S)
_RELATION = re.compile(r"^(\s+)(\+>|->|<\+|<-|_>|<_|><|\+|-)(?:\s+|$)(.*)$")
_PCS = re.compile(r"^(\s*)\((\d+)\)(?:\s+|$)(.*)$")
_INFERENCE_FULL = re.compile(r"^\s*(-{4,}|--(?!-).*?(?<!-)--)\s*$")
_INFERENCE_OPEN = re.compile(r"^\s*--\s*$")
_HEADING = re.compile(r"^#{1,6}\s")
_LIST_ITEM = re.compile(r"^(\s*)(?:\*|\d+\.)\s+(.*)$")
_TAG = re.compile(r"(?<![\\\w])#(?:\(([^)]*)\)|([\w-]+))")
_ESCAPE_ANY = re.compile(r"\\(.)")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w\\])([*_])(?=\S)(.+?)(?<=\S)\3(?!\w)")
INCOMING = {"+": SUPPORTS, "<+": SUPPORTS, "-": ATTACKS, "<-": ATTACKS, "<_": "undercut"}
OUTGOING = {"+>": SUPPORTS, "->": ATTACKS, "_>": "undercut"}
DATA_KEYS = {"id", "side", "speaker", "quote", "group", "undercut", "rephrase", "text"}


@dataclass
class _Element:
    kind: str  # "statement" or "argument"
    title: str
    parts: list[str]
    line: int
    column: int
    defines: bool  # a definition (with ':' or text), not a bare reference

    @property
    def key(self) -> str:
        """Statements and arguments have titles of their own: '[x]' and '<x>' are two nodes."""
        return self.title if self.kind == "statement" else f"<{self.title}>"


@dataclass
class _Argument:
    title: str
    pcs: list[tuple[str, bool, int]] = field(default_factory=list)  # (statement key, after an inference, line)
    rule_text: bool = False


class _Reader:
    def __init__(self, text: str, name: str):
        self.name = name
        self.text = text
        self.graph = Graph()
        self.elements: list[_Element] = []
        self.relations: list[tuple[str, str, str, str, bool, int]] = []  # (kind, from, to, via, tree, line)
        self.arguments: dict[str, _Argument] = {}
        self.untitled = 0
        self.front: dict[str, Any] = {}

    def fail(self, message: str, line: int, column: int = 1):
        return format_error(message, self.name, line, column)

    # ---- lexing

    def strip_comments(self, text: str) -> str:
        def blank(match: re.Match[str]) -> str:
            token = match.group(0)
            if token.startswith("\\"):
                return token
            # Marked, not blanked: a line holding only a comment is skipped, not an empty line ending a block.
            return re.sub(r"[^\n]", "\0", token)

        return _COMMENT.sub(blank, text)

    def front_matter(self, lines: list[str]) -> int:
        if not lines or lines[0].strip() != "===":
            return 0
        for index in range(1, len(lines)):
            if lines[index].strip() == "===":
                body = "\n".join(lines[1:index])
                try:
                    data = json.loads(body) if body.strip() else {}
                except ValueError:
                    data = _simple_yaml(body)
                    if data is None:
                        self.graph.losses["front matter entries not read (only JSON or 'key: value' lines)"] += 1
                        data = {}
                self.front = data if isinstance(data, dict) else {}
                return index + 1
        raise self.fail("front matter opened with '===' is never closed", 1)

    # ---- parsing

    def parse(self) -> None:
        lines = self.strip_comments(self.text).split("\n")
        start = self.front_matter(lines)
        stack: list[tuple[int, str, str]] = []  # (indent, kind, key) of the open relation tree
        current: _Element | None = None  # the element later text lines continue
        argument: _Argument | None = None  # the argument a pcs would belong to
        # A pcs runs: premises -> (rule ->) inferred -> concluded [-> premises -> ...]; it may end when concluded.
        state = "none"
        first: tuple[int, int] = (1, 1)
        heading = False

        def end_pcs(line_no: int) -> None:
            nonlocal state, argument
            if state not in ("none", "concluded"):
                raise self.fail(
                    "incomplete premise-conclusion structure: it needs a numbered premise, an inference line "
                    "(----) and a numbered conclusion, with no blank line between them",
                    *first,
                )
            if state == "concluded":
                argument = None
            state = "none"

        for index in range(start, len(lines)):
            line_no = index + 1
            raw = lines[index].rstrip()
            if "\0" in raw:
                if not raw.replace("\0", "").strip():
                    continue
                raw = raw.replace("\0", " ").rstrip()
            if not raw.strip():
                end_pcs(line_no)
                current, stack, heading = None, [], False
                continue
            if state == "rule":
                if _INFERENCE_OPEN.match(raw):
                    state = "inferred"
                else:
                    argument.rule_text = True  # type: ignore[union-attr]
                continue
            if _INFERENCE_FULL.match(raw) or _INFERENCE_OPEN.match(raw):
                if state not in ("premises", "concluded"):
                    raise self.fail("an inference line needs numbered premises above it", line_no)
                if _INFERENCE_OPEN.match(raw):
                    state = "rule"
                else:
                    state = "inferred"
                    if raw.strip().startswith("--") and raw.strip().strip("-").strip():
                        argument.rule_text = True  # type: ignore[union-attr]
                current, stack = None, []
                continue
            pcs = _PCS.match(raw)
            if pcs:
                column = len(raw) - len(pcs.group(3)) + 1
                if state == "none":
                    if argument is None:
                        self.untitled += 1
                        argument = self.argument(f"Untitled {self.untitled}")
                    first = (line_no, column)
                element = self.element(pcs.group(3), line_no, column, in_pcs=True)
                conclusion = state == "inferred"
                argument.pcs.append((element.key, conclusion, line_no))  # type: ignore[union-attr]
                state = "concluded" if conclusion else "premises"
                current, stack = element, [(-1, element.kind, element.key)]
                continue
            if state in ("inferred",):
                raise self.fail("expected a numbered conclusion '(n) ...' after the inference line", line_no)
            relation = _RELATION.match(raw)
            if relation:
                if not stack:
                    column = len(relation.group(1)) + 1
                    raise self.fail("a relation needs a statement or argument above it", line_no, column)
                indent = len(relation.group(1))
                while len(stack) > 1 and stack[-1][0] >= indent:
                    stack.pop()
                _, parent_kind, parent = stack[-1]
                symbol = relation.group(2)
                element = self.element(relation.group(3), line_no, len(raw) - len(relation.group(3)) + 1)
                self.relate(symbol, parent_kind, parent, element, line_no)
                stack.append((indent, element.kind, element.key))
                current = element
                continue
            if _HEADING.match(raw):
                end_pcs(line_no)
                if not self.front.get("argmap"):  # argmap's own headings are its map titles, kept
                    self.graph.losses["headings (sections) not kept"] += 1
                current, stack, heading = None, [], True
                continue
            if heading:
                continue  # a heading runs on to the next blank line
            item = _LIST_ITEM.match(raw)
            if current is not None and not item:
                current.parts.append(raw.strip())
                continue
            end_pcs(line_no)
            body = item.group(2) if item else raw.strip()
            column = len(raw) - len(body) + 1
            element = self.element(body, line_no, column)
            argument = self.arguments[element.title] if element.kind == "argument" else None
            current = element
            stack = [(column - 2, element.kind, element.key)]
        end_pcs(len(lines))

    def argument(self, title: str) -> _Argument:
        if title not in self.arguments:
            self.arguments[title] = _Argument(title)
        return self.arguments[title]

    def element(self, body: str, line: int, column: int, in_pcs: bool = False) -> _Element:
        match = re.match(r"^(\[|<)((?:\\.|[^\]>\\])*)(\]|>)(:?)\s*(.*)$", body)
        if body.startswith(("[", "<")) and match is None:
            closer = "]" if body[0] == "[" else ">"
            raise self.fail(f"'{body[0]}' opens a title that is never closed with '{closer}'", line, column)
        if match and (match.group(1) == "[") == (match.group(3) == "]"):
            kind = "statement" if match.group(1) == "[" else "argument"
            title = _ESCAPE_ANY.sub(r"\1", match.group(2)).strip()
            rest = match.group(5)
            defines = bool(match.group(4)) or bool(rest.strip())
        else:
            kind, rest, defines = "statement", body, True
            self.untitled += 1
            title = f"Untitled {self.untitled}"
        if in_pcs and kind == "argument":
            raise self.fail("an argument cannot be a premise or conclusion; use a statement '[title]'", line, column)
        if not title:
            raise self.fail("empty title", line, column)
        element = _Element(kind, title, [rest.strip()] if rest.strip() else [], line, column, defines)
        self.elements.append(element)
        if kind == "argument":
            self.argument(title)
        return element

    def relate(self, symbol: str, parent_kind: str, parent: str, child: _Element, line: int) -> None:
        if symbol == "><":
            if parent_kind == "argument" or child.kind == "argument":
                raise self.fail("a contradiction '><' joins two statements, not arguments", line, child.column)
            self.relations.append((ATTACKS, child.key, parent, symbol, child.defines, line))
            self.relations.append((ATTACKS, parent, child.key, symbol, False, line))
            return
        if symbol in INCOMING:
            # argmap's own files write the tree as references; elsewhere a reference points at a node placed apart.
            tree = child.defines or bool(self.front.get("argmap"))
            self.relations.append((INCOMING[symbol], child.key, parent, symbol, tree, line))
        else:
            self.relations.append((OUTGOING[symbol], parent, child.key, symbol, False, line))

    # ---- the graph

    def build(self) -> Imported:
        graph, losses = self.graph, self.graph.losses
        texts: dict[str, list[_Element]] = {}
        for element in self.elements:
            texts.setdefault(element.key, []).append(element)
        meta = self.front.get("argmap") if isinstance(self.front.get("argmap"), dict) else {}
        for maps in meta.get("maps", []) if isinstance(meta.get("maps"), list) else []:
            if isinstance(maps, dict):
                graph.sides.update(maps.get("sides") or {})
                graph.sources.update(maps.get("sources") or {})
                graph.maps.append(
                    MapInfo(
                        str(maps.get("root")),
                        maps.get("id", ""),
                        maps.get("title", ""),
                        maps.get("description"),
                        maps.get("schema"),
                        maps.get("sides"),
                        maps.get("sources"),
                    )
                )
        data_of: dict[str, dict[str, Any]] = {}
        for key, members in texts.items():
            title = members[0].title
            text, data, tags = "", {}, []
            for member in members:
                body, member_data = self.split_data(" ".join(member.parts), member.line)
                data = data or member_data
                if body and not text:
                    text = body
                    tags = [a or b for a, b in _TAG.findall(body)]
            data_of[key] = data
            if isinstance(data.get("text"), str):
                text = data["text"]
            text = text or title
            side = data.get("side") if isinstance(data.get("side"), str) else None
            if side is None and tags:
                side = slug(tags[0]) or None
                if side and side not in graph.sides:
                    graph.sides[side] = {"name": tags[0]}
            quote = data.get("quote")
            quote_pair = (quote["source"], quote["text"]) if isinstance(quote, dict) and "source" in quote else None
            speaker = data.get("speaker") if isinstance(data.get("speaker"), str) else None
            node_id = data.get("id") if isinstance(data.get("id"), str) else None
            graph.statements[key] = Statement(key, text, speaker, side, quote_pair, node_id)
            extra = set(data) - DATA_KEYS
            if extra:
                losses["data entries other than id, side, speaker and quote not kept"] += len(extra)
        for argument in self.arguments.values():
            if f"<{argument.title}>" not in graph.statements:
                # A premise-conclusion structure with no argument above it: Argdown names it, so do we.
                key = f"<{argument.title}>"
                graph.statements[key] = Statement(key, argument.title, side="unattributed")
        graph.sides.setdefault("unattributed", {"name": "Unattributed"})

        for argument in self.arguments.values():
            if not argument.pcs:
                continue
            *premises, (conclusion, _, _) = argument.pcs
            losses["intermediary conclusions kept as premises of their argument"] += sum(1 for p in premises if p[1])
            if argument.rule_text:
                losses["inference rules of premise-conclusion structures not kept"] += 1
            keys = [p[0] for p in premises]
            key = f"<{argument.title}>"
            graph.inferences.append(Inference(f"pcs\0{key}", keys, key, SUPPORTS))
            graph.inferences.append(Inference(f"arg\0{key}", [key], conclusion, SUPPORTS))
        for index, (relation, source, target, _symbol, tree, _line) in enumerate(self.relations):
            data = data_of.get(source, {})
            group = data.get("group") if isinstance(data.get("group"), str) else None
            if relation == "undercut":
                pcs_key = f"pcs\0{target}"
                if target[1:-1] in self.arguments and self.arguments[target[1:-1]].pcs:
                    graph.inferences.append(Inference(f"r{index}", [source], pcs_key, ATTACKS, tree=tree))
                    continue
                losses["undercuts of arguments with no premise-conclusion structure kept as attacks"] += 1
                relation = ATTACKS
            if relation == ATTACKS and data.get("undercut") is True and tree:
                # argmap's own undercut: hangs below its parent, aimed at the parent's inference.
                graph.inferences.append(
                    Inference(f"r{index}", [source], f"up\0{target}", ATTACKS, tree=True, under=target)
                )
                continue
            relation_kind = "rephrase" if relation == SUPPORTS and data.get("rephrase") is True and tree else relation
            graph.inferences.append(Inference(f"r{index}", [source], target, relation_kind, tree=tree, group=group))
        self.resolve_undercuts()
        for item in meta.get("external", []) if isinstance(meta.get("external"), list) else []:
            if isinstance(item, dict) and item.get("relation") in (SUPPORTS, ATTACKS):
                graph.external.append((str(item.get("from")), item["relation"], str(item.get("to")), item.get("at", 0)))
        return Imported(build(graph), graph.losses)

    def resolve_undercuts(self) -> None:
        """argmap's undercuts name their parent; aim them at the inference that carries the parent."""
        graph = self.graph
        carrying: dict[str, Inference] = {}
        for inf in graph.inferences:
            if inf.tree and not inf.target.startswith("up\0"):
                for premise in inf.premises:
                    carrying.setdefault(premise, inf)
        # Linked premises written as several relations become one inference per group.
        merged: list[Inference] = []
        by_group: dict[tuple[str, str], Inference] = {}
        for inf in graph.inferences:
            if inf.group is not None and inf.tree and inf.relation == SUPPORTS:
                key = (inf.target, inf.group)
                if key in by_group:
                    by_group[key].premises.extend(inf.premises)
                    continue
                by_group[key] = inf
            merged.append(inf)
        graph.inferences = merged
        for inf in graph.inferences:
            if inf.target.startswith("up\0"):
                parent = inf.target[3:]
                carrier = carrying.get(parent)
                if carrier is None:
                    inf.target, inf.under = parent, None
                    graph.losses["undercuts of a node with no parent kept as attacks"] += 1
                else:
                    inf.target = carrier.key

    def split_data(self, body: str, line: int) -> tuple[str, dict[str, Any]]:
        """The text (unescaped, markup removed) and the trailing `{...}` data of an element."""
        data: dict[str, Any] = {}
        end = _data_start(body)
        if end is not None:
            raw = body[end:]
            body = body[:end]
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = _simple_yaml(raw[1:-1].replace(",", "\n"))
                if parsed is None:
                    self.graph.losses["data blocks not read (only JSON or 'key: value' pairs)"] += 1
            if isinstance(parsed, dict):
                data = parsed
        body = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), body)
        return _ESCAPE_ANY.sub(r"\1", body).strip(), data


def _data_start(body: str) -> int | None:
    """Where a trailing `{...}` data block starts, skipping escaped braces and braces in strings."""
    if not body.rstrip().endswith("}"):
        return None
    depth, start, in_string, index = 0, None, False, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if in_string:
            if char == '"':
                in_string = False
        elif char == '"' and depth:
            in_string = True
        elif char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0 and not body[index + 1 :].strip():
                return start
        index += 1
    return None


def _simple_yaml(body: str) -> dict[str, Any] | None:
    """'key: value' lines, the front matter most Argdown files have; None when it is more than that."""
    out: dict[str, Any] = {}
    for line in body.splitlines():
        if not line.strip():
            continue
        match = re.match(r"^\s*([\w-]+)\s*:\s*(.*?)\s*$", line)
        if match is None:
            return None
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[match.group(1)] = value
    return out


def read(text: str, name: str) -> Imported:
    reader = _Reader(text, name)
    reader.parse()
    return reader.build()


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff")[:20_000]
    return bool(
        re.search(r"^\s*\[[^\]\n]+\]:", head, re.M)
        or re.search(r"^\s*<[^>\n]+>:", head, re.M)
        or re.search(r"^\s+(?:\+>|->|<\+|<-|_>|<_)\s+[\[<]", head, re.M)
    )


# ---------------------------------------------------------------- writing

_MARKUP = re.compile(r"([\\*_\[\]<>{}@/`])")


def _escape(text: str) -> str:
    out = _MARKUP.sub(r"\\\1", text)
    # At the start of a line these would read as a heading, a list item, a number or a relation.
    if out[:1] in "#+-(>=" or re.match(r"^\d+\.", out):
        out = "\\" + out
    return out


def _plain(text: str) -> str:
    """The text Argdown can hold on one line: line breaks become spaces, edges trimmed."""
    return " ".join(text.split())


def _data(node, text: str) -> dict[str, Any]:
    """What the statement's text cannot say: id, side, speaker, quote, the schema-2 flags, an exact text."""
    data: dict[str, Any] = {"id": node.id, "side": node.side}
    if node.speaker is not None:
        data["speaker"] = node.speaker
    if node.quote is not None:
        data["quote"] = {"source": node.quote.source, "text": node.quote.text}
    for flag in ("group", "undercut", "rephrase"):
        if getattr(node, flag) is not None:
            data[flag] = getattr(node, flag)
    if text != node.text or not text:
        data["text"] = node.text
    return data


def write(maps: list[ArgMap]) -> str:
    titles: dict[tuple[str, str], str] = {}
    seen: set[str] = set()
    collisions = {n.id for m in maps for n, *_ in m.walk()}
    counts: dict[str, int] = {}
    for m in maps:
        for node, *_ in m.walk():
            counts[node.id] = counts.get(node.id, 0) + 1
    del collisions
    for m in maps:
        for node, *_ in m.walk():
            title = node.id if counts[node.id] == 1 else f"{m.id}:{node.id}"
            titles[(m.id, node.id)] = title
            seen.add(title)
    in_export = {m.id for m in maps}
    meta_maps, external = [], []
    for m in maps:
        meta_maps.append(map_info(m, titles[(m.id, m.claim.id)]))
    front = {"title": maps[0].title if len(maps) == 1 else "argmap debate", "argmap": {"maps": meta_maps}}
    body: list[str] = []
    for m in maps:
        # The tree first, as references; then each statement's text and data in a block of its own:
        # the Argdown CLI adds a space to a text whose data is followed by indented relations.
        tree: list[str] = []
        definitions: list[str] = []
        for node, parent, _ptr, depth in m.walk():
            title = _escape(titles[(m.id, node.id)])
            pad = "  " * depth
            sign = "" if parent is None else ("+ " if node.kind is Kind.PREMISE else "- ")
            tree.append(f"{pad}{sign}[{title}]")
            for relation, links in ((SUPPORTS, node.supports), (ATTACKS, node.attacks)):
                for position, link in enumerate(links):
                    map_id, node_id = split_link(link)
                    target = titles.get((map_id or m.id, node_id))
                    if target is None or (map_id is not None and map_id not in in_export):
                        external.append(
                            {"from": titles[(m.id, node.id)], "relation": relation, "to": link, "at": position}
                        )
                        continue
                    arrow = "+>" if relation == SUPPORTS else "->"
                    tree.append(f"{pad}  {arrow} [{_escape(target)}]")
            text = _plain(node.text)
            data = json.dumps(_data(node, text), ensure_ascii=False)
            definitions += ["", f"[{title}]: {_escape(text or node.id)}{data}"]
        body += ["", f"# {_escape(_plain(m.title))}", ""]
        body += tree if len(tree) > 1 else []
        body += definitions
    if external:
        front["argmap"]["external"] = external
    head = ["===", json.dumps(front, ensure_ascii=False, indent=1), "==="]
    return "\n".join(head + body) + "\n"


FORMAT = register(Format("argdown", (".argdown", ".ad"), "Argdown (argdown.org)", read=read, write=write, sniff=sniff))
