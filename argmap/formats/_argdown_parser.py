"""Argdown's grammar over the lexer's tokens, building what the reference's model holds.

The grammar, as the reference parser (argdown-core 1.7.5) defines it (`?` optional, `*` any, `+` some):

    argdown      := NEWLINE? EMPTYLINE? (FRONT_MATTER NEWLINE? EMPTYLINE)? block (EMPTYLINE block)* EOF
    block        := heading | statement | pcs | argument | orderedList | unorderedList
    heading      := HEADING content (NEWLINE? DATA NEWLINE?)?
    statement    := (content | STATEMENT_REFERENCE TAG* NEWLINE? | STATEMENT_DEFINITION content)
                    (DATA NEWLINE?)? relations?
    argument     := (ARGUMENT_DEFINITION content | ARGUMENT_REFERENCE TAG* NEWLINE?) (DATA NEWLINE?)? relations?
    relations    := INDENT relation+ DEDENT
    relation     := (one of + - <+ <- +> -> _> <_) (statement | argument) | '><' statement
    pcs          := pcsStatement (pcsStatement* inference pcsStatement)+
    pcsStatement := STATEMENT_NUMBER statement
    inference    := INFERENCE_START (NEWLINE? rules)? NEWLINE? (DATA NEWLINE?)? INFERENCE_END NEWLINE
                    (INDENT ('<_' (statement | argument))+ DEDENT)?
    rules        := text (',' text)*
    orderedList  := INDENT (ORDERED_ITEM (statement | argument))+ DEDENT      (unorderedList alike)
    content      := (text | LINK | bold | italic | TAG | mention | NEWLINE)+
    bold, italic := START content? END

Relations nest to any depth and bold and italic ranges too, so the parser keeps its own stack for both
rather than recursing: a deep file costs memory in proportion to its size, never Python's stack.
What it builds follows the reference's model: statements grouped by title (each occurrence a member),
arguments by title with their premise-conclusion structures, and relations between them, the same
relation given twice kept once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import MAX_STATEMENTS
from . import _argdown_lexer as lx

# Each name stands for its symbol in `.name.` and `:name:` shortcodes (argdown.org, "Using logical symbols
# and emojis"); an unknown shortcode keeps its own text.
_SYMBOLS = {
    "A": "∀", "E": "∃", "O": "𝗢", "P": "𝗣", "->": "→", "<->": "↔", "~": "¬", "^": "∧", "v": "∨", "v_": "⊻",
    "<>": "◇", "[]": "◻", "happy": "😀", "smiley": "☺", "laugh": "😆", "lol": "😆", "rofl": "🤣",
    "joy": "😂", "heart": "❤", "?": "❓", "question": "❓", "love": "😍", "wink": "😉", "cool": "😎",
    "sad": "😞", "angry": "😠", "cry": "😢", "thinking": "🤔", "check": "✅", "x": "❌", "warning": "⚠",
    "star": "⭐", "fire": "🔥", "bulb": "💡", "!": "❗", "exclamation": "❗", "thumbsup": "👍",
    "thumbsdown": "👎",
}  # fmt: skip
SHORTCODES = {f"{mark}{name}{mark}": symbol for name, symbol in _SYMBOLS.items() for mark in ".:"}
SHORTCODES[":smile:"], SHORTCODES[".smile."] = "☺️", "☺"


class ParseError(Exception):
    """What the parser expected and where it stopped (an offset into the text)."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(slots=True)
class Member:
    """One occurrence of a statement, or one description of an argument."""

    title: str | None
    text: str
    reference: bool
    offset: int
    data: Any = None
    tags: list[str] = field(default_factory=list)
    links: int = 0
    emphasis: int = 0
    mentions: int = 0


@dataclass(slots=True)
class Node:
    """A statement (an equivalence class of members) or an argument, by its key."""

    key: str
    title: str
    argument: bool
    named: bool  # False for an 'Untitled n' the file did not give
    members: list[Member] = field(default_factory=list)
    pcs: list[PcsItem] = field(default_factory=list)


@dataclass(slots=True)
class Inference:
    rules: list[str]
    data: Any
    offset: int


@dataclass(slots=True)
class PcsItem:
    statement: str  # key of the statement
    inference: Inference | None  # the line above it, for a conclusion
    offset: int


@dataclass(slots=True)
class Relation:
    source: str  # node key, or an inference key 'inference\0<argument key>\0<index>'
    target: str
    type: str  # support, attack, undercut, contradictory
    offset: int
    below: bool = False  # written below what it bears on (`+ [a]` under its target), not above (`+> [b]`)
    defines: bool = False  # the element written there is a definition, not a bare reference


@dataclass
class Document:
    nodes: dict[str, Node] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    front_matter: Any = None
    front_offset: int = 0
    headings: int = 0
    data_errors: list[tuple[str, int]] = field(default_factory=list)


def statement_key(title: str) -> str:
    return f"[{title}]"


def argument_key(title: str) -> str:
    return f"<{title}>"


# Tokens that may begin statement content.
_TEXT = {lx.FREESTYLE, lx.UNUSED, lx.ESCAPED, lx.SPECIAL}
_PLAIN_TEXT = {lx.FREESTYLE, lx.UNUSED}  # read as they are written
_STARTS = {lx.ASTERISK_BOLD_START, lx.UNDERSCORE_BOLD_START, lx.ASTERISK_ITALIC_START, lx.UNDERSCORE_ITALIC_START}
_ENDS_OF = {
    lx.ASTERISK_BOLD_START: lx.ASTERISK_BOLD_END,
    lx.UNDERSCORE_BOLD_START: lx.UNDERSCORE_BOLD_END,
    lx.ASTERISK_ITALIC_START: lx.ASTERISK_ITALIC_END,
    lx.UNDERSCORE_ITALIC_START: lx.UNDERSCORE_ITALIC_END,
}
_CONTENT = _TEXT | _STARTS | {lx.LINK, lx.TAG, lx.ARGUMENT_MENTION, lx.STATEMENT_MENTION, lx.NEWLINE}
_STATEMENT_FIRST = _CONTENT | {lx.STATEMENT_REFERENCE, lx.STATEMENT_DEFINITION}
_ARGUMENT_FIRST = {lx.ARGUMENT_DEFINITION, lx.ARGUMENT_REFERENCE}
_INCOMING = {lx.INCOMING_SUPPORT: "support", lx.INCOMING_ATTACK: "attack", lx.INCOMING_UNDERCUT: "undercut"}
_OUTGOING = {lx.OUTGOING_SUPPORT: "support", lx.OUTGOING_ATTACK: "attack", lx.OUTGOING_UNDERCUT: "undercut"}
_RELATIONS = frozenset(lx.RELATIONS)
_BLOCK_START = re.compile(r"\{[ \t]*(?:\n\r|\n)")
_BLOCK_END = re.compile(r"\}\s*$")
# How deep relations may nest; far beyond any map a person reads, and well inside the model's own limits.
MAX_NESTING = 10_000


@dataclass(slots=True)
class _Element:
    """A statement or argument being parsed: where relations below it attach."""

    key: str | None
    argument: bool
    member: Member
    parsed: bool = False


class Parser:
    def __init__(self, tokens: list[lx.Token], load_data):
        self.tokens = tokens
        self.i = 0
        self.type = tokens[0][0]
        self.doc = Document()
        self.load_data = load_data  # YAML text -> value, raising ValueError
        self.untitled = 0
        self.previous_block: str | None = None  # key of the argument the previous block defined, if any
        # Relations waiting for their child to be complete: (relation token, parent, child).
        self.pending: list[tuple[lx.Token, _Element, _Element]] = []
        self.seen: set[tuple[str, str, str]] = set()  # relations made, so one given twice is kept once

    # ---- token helpers (`type` is the current token's type, kept as a plain attribute: it is read most)

    def peek(self, ahead: int = 1) -> str:
        index = self.i + ahead
        return self.tokens[index][0] if index < len(self.tokens) else lx.EOF

    def take(self) -> lx.Token:
        i = self.i
        token = self.tokens[i]
        if token[0] != lx.EOF:  # the last token: the parser stays on it
            self.i = i + 1
            self.type = self.tokens[i + 1][0]
        return token

    def expect(self, kind: str, what: str | None = None) -> lx.Token:
        if self.type != kind:
            self.fail(what or kind)
        return self.take()

    def fail(self, expected: str):
        token = self.tokens[self.i]
        found = "the end of the file" if token[0] == lx.EOF else f"{token[0]} {lx.first_piece(token).strip()[:30]!r}"
        if token[0] in (lx.INDENT, lx.DEDENT, lx.EMPTYLINE, lx.NEWLINE):
            found = f"an {token[0]}" if token[0] in (lx.INDENT, lx.EMPTYLINE) else f"a {token[0]}"
        raise ParseError(f"expected {expected}, found {found}", token[1])

    # ---- the document

    def parse(self) -> Document:
        if self.type == lx.NEWLINE:
            self.take()
        if self.type == lx.EMPTYLINE:
            self.take()
        if self.type == lx.FRONT_MATTER:
            token = self.take()
            self.doc.front_offset = token[1]
            self.doc.front_matter = self.data_value(token[2].strip().strip("=").strip("\n"), token[1], True)
            if self.type == lx.NEWLINE:
                self.take()
            self.expect(lx.EMPTYLINE, "an empty line after the front matter")
        self.block()
        while self.type == lx.EMPTYLINE:
            self.take()
            self.block()
        if self.type != lx.EOF:
            self.fail("an empty line between two blocks")
        return self.doc

    def block(self) -> None:
        kind = self.type
        previous, self.previous_block = self.previous_block, None
        if kind == lx.HEADING:
            self.heading()
        elif kind == lx.STATEMENT_NUMBER:
            self.pcs(previous)
        elif kind in _ARGUMENT_FIRST:
            element = self.element(argument=True, role="top")
            self.previous_block = element.key
        elif kind == lx.INDENT and self.peek() in (lx.ORDERED_ITEM, lx.UNORDERED_ITEM):
            self.list_block(self.peek())
        elif kind in _STATEMENT_FIRST:
            self.element(argument=False, role="top")
        else:
            self.fail("a statement, an argument, a heading, a list or a premise-conclusion structure")

    def heading(self) -> None:
        self.take()
        self.content(Member(None, "", False, self.tokens[self.i][1]))
        if self.type == lx.NEWLINE and self.peek() == lx.DATA:
            self.take()
        if self.type == lx.DATA:
            self.take()
            if self.type == lx.NEWLINE:
                self.take()
        self.doc.headings += 1

    def list_block(self, item: str) -> None:
        self.take()  # INDENT
        while self.type == item:
            self.take()
            self.element(argument=self.type in _ARGUMENT_FIRST, role="top")
        self.expect(lx.DEDENT, f"another {item} or the end of the list")

    # ---- statements and arguments, with their relations (an explicit stack, not recursion)

    def element(self, argument: bool, role: str) -> _Element:
        """A statement or argument and every relation nested below it."""
        root = self.head(argument)
        tokens, nodes, pending = self.tokens, self.doc.nodes, self.pending
        # Each frame: the element relations attach to, and whether its relations block is open.
        stack: list[tuple[_Element, bool]] = [(root, False)]
        while stack:
            element, open_block = stack[-1]
            kind = self.type
            if open_block and kind in _RELATIONS:
                i = self.i
                token = tokens[i]
                self.i, self.type = i + 1, tokens[i + 1][0]  # a relation is never the last token (EOF)
                child_is_argument = self.type in _ARGUMENT_FIRST
                if kind == lx.CONTRADICTION and child_is_argument:
                    self.fail("a statement after '><' (a contradiction joins two statements)")
                if not (child_is_argument or self.type in _STATEMENT_FIRST):
                    self.fail("a statement or an argument after the relation")
                child = self.head(child_is_argument)
                child.member.offset = token[1]
                # The relation is made when the child is complete; remember what it will be.
                pending.append((token, element, child))
                stack.append((child, False))
                continue
            if open_block:
                self.expect(lx.DEDENT, "another relation or the end of the indented block")
            elif kind == lx.INDENT:
                self.take()
                stack[-1] = (element, True)
                if element.key is None:
                    self.key_of(element)
                if len(stack) > MAX_NESTING:
                    raise ParseError(f"relations nested deeper than {MAX_NESTING} levels", tokens[self.i][1])
                continue
            # The element is complete: a member of its node, and the relation that brought it in is made now.
            stack.pop()
            nodes[element.key or self.key_of(element)].members.append(element.member)
            while pending and pending[-1][2] is element:
                token, parent, child = pending.pop()
                self.relate(token, parent, child)
        return root

    def head(self, argument: bool) -> _Element:
        """The first line of a statement or argument: its title and text, up to its data."""
        tokens = self.tokens
        token = tokens[self.i]
        kind = token[0]
        member = Member(None, "", False, token[1])
        # The callers have checked what starts here: an argument's first token, or a statement's.
        if kind == lx.STATEMENT_DEFINITION or kind == lx.ARGUMENT_DEFINITION:
            self.take()
            member.title = token[2][1:-2]
            self.content(member)
        elif kind == lx.STATEMENT_REFERENCE or argument:
            self.take()
            member.title = token[2][1:-1]
            member.reference = True
            self.reference_tail(member)
        else:
            self.content(member)
        if self.type == lx.DATA:
            data = self.take()
            member.data = self.data_value(data[2], data[1])
            if self.type == lx.NEWLINE:
                self.take()
        return _Element(None, argument, member)

    def reference_tail(self, member: Member) -> None:
        while self.type == lx.TAG:
            self.tag(member, self.take())
        if self.type == lx.NEWLINE:
            self.take()

    def key_of(self, element: _Element) -> str:
        """The node a statement or argument stands for; an untitled one is named now, as the reference does."""
        if element.key is None:
            member = element.member
            title = member.title
            if title:
                key = f"<{title}>" if element.argument else f"[{title}]"
                named = True
            else:
                self.untitled += 1
                member.title = None
                title, named = f"Untitled {self.untitled}", False
                key = argument_key(title) if element.argument else statement_key(title)
                key = f"{key}\0{self.untitled}"  # never the same as a title the file gives
            element.key = key
            nodes = self.doc.nodes
            if key not in nodes:
                if len(nodes) >= MAX_STATEMENTS:
                    raise ParseError(f"more than {MAX_STATEMENTS:,} statements and arguments", member.offset)
                nodes[key] = Node(key, title, element.argument, named)
        return element.key

    def relate(self, token: lx.Token, parent: _Element, child: _Element) -> None:
        kind = token[0]
        parent_key, child_key = parent.key or self.key_of(parent), child.key or self.key_of(child)
        defines = not child.member.reference
        if kind == lx.CONTRADICTION:
            # Both ways; the child's way is the one written below its target.
            self.add_relation(parent_key, child_key, "contradictory", token[1], True, defines)
        elif kind in _INCOMING:
            self.add_relation(parent_key, child_key, _INCOMING[kind], token[1], False, defines)
        else:
            self.add_relation(child_key, parent_key, _OUTGOING[kind], token[1], True, defines)

    def add_relation(self, source: str, target: str, kind: str, offset: int, below: bool, defines: bool) -> None:
        seen = self.seen
        said = (source, target, kind)
        if said in seen or (kind == "contradictory" and (target, source, kind) in seen):
            return
        seen.add(said)
        self.doc.relations.append(Relation(source, target, kind, offset, below, defines))

    # ---- text

    def content(self, member: Member) -> None:
        """Statement content: text, links, tags, mentions, line breaks, bold and italic ranges (a stack)."""
        tokens, i, kind = self.tokens, self.i, self.type
        if kind in _PLAIN_TEXT:
            # Most statements: one run of text, perhaps a line break, then no more content (the loop below, short).
            after = tokens[i + 1][0]
            if after == lx.NEWLINE:
                i += 1
                after = tokens[i + 1][0]
            if after not in _CONTENT:
                member.text += tokens[self.i][2]
                self.i, self.type = i + 1, after
                return
        parts: list[str] = []
        opened: list[lx.Token] = []
        count = 0
        ends_in_space = member.text.endswith(" ")
        # The cursor is kept here and handed back at the end: no content token is the last token (EOF).
        i = self.i
        while True:
            if opened and kind == _ENDS_OF[opened[-1][0]]:
                end = tokens[i]
                i += 1
                kind = tokens[i][0]
                opened.pop()
                member.emphasis += 1
                if end[2].endswith(" "):
                    parts.append(" ")
                    ends_in_space = True
                continue
            if kind not in _CONTENT:
                break
            token = tokens[i]
            i += 1
            next_kind = tokens[i][0]
            count += 1
            piece = ""
            if kind in _PLAIN_TEXT:
                piece = token[2]
            elif kind in _TEXT:
                piece = _text_of(token)
            elif kind == lx.LINK:
                piece = token[2][1 : token[2].index("](")] + (" " if token[2].endswith(" ") else "")
                member.links += 1
            elif kind == lx.TAG:
                self.tag(member, token)
                piece = token[2]
            elif kind in (lx.ARGUMENT_MENTION, lx.STATEMENT_MENTION):
                piece = token[2]
                member.mentions += 1
            elif kind == lx.NEWLINE:
                # A line break reads as a space, unless it is the last thing of its content.
                if next_kind in _CONTENT and not ends_in_space:
                    piece = " "
            else:
                opened.append(token)
            kind = next_kind
            if piece:
                parts.append(piece)
                ends_in_space = piece[-1] == " "
        self.i, self.type = i, kind
        if opened:
            self.fail(f"{_ENDS_OF[opened[-1][0]]} to close the {opened[-1][0]} range")
        if count == 0:
            self.fail("text")
        member.text += "".join(parts)

    def tag(self, member: Member, token: lx.Token) -> None:
        image = token[2].strip()
        name = image[2:-1] if image.startswith("#(") else image[1:]
        if name not in member.tags:
            member.tags.append(name)

    def data_value(self, image: str, offset: int, front: bool = False) -> Any:
        """The YAML of a data block (block style when '{' ends its line) or of the front matter."""
        body = image
        if not front:
            block = _BLOCK_START.match(image)
            if block is not None:
                body = _BLOCK_END.sub("", image[block.end() :])
        try:
            return self.load_data(body)
        except ValueError as exc:
            self.doc.data_errors.append((str(exc), offset))
            return None

    # ---- premise-conclusion structures

    def pcs(self, previous_argument: str | None) -> None:
        start = self.tokens[self.i][1]
        if previous_argument is not None:
            argument = self.doc.nodes[previous_argument]
            if argument.pcs:
                raise ParseError(f"argument <{argument.title}> already has a premise-conclusion structure", start)
        else:
            self.untitled += 1
            key = f"{argument_key(f'Untitled {self.untitled}')}\0{self.untitled}"
            argument = self.doc.nodes[key] = Node(key, f"Untitled {self.untitled}", True, False)
        items: list[PcsItem] = []
        self.pcs_statement(items, None)
        first = self.doc.nodes[items[0].statement].members[-1].offset
        tails = 0
        while self.type in (lx.STATEMENT_NUMBER, lx.INFERENCE_START):
            while self.type == lx.STATEMENT_NUMBER:
                self.pcs_statement(items, None)
            if self.type != lx.INFERENCE_START:
                if not tails:
                    break
                self.fail("an inference line (----) before the conclusion")
            inference = self.inference(argument.key, len(items))
            if self.type != lx.STATEMENT_NUMBER:
                self.fail("a numbered conclusion '(n) ...' after the inference line")
            self.pcs_statement(items, inference)
            tails += 1
        if tails == 0:
            raise ParseError(
                "incomplete premise-conclusion structure: it needs numbered premises, an inference line "
                "(----) and a numbered conclusion, with no empty line between them",
                first,
            )
        argument.pcs = items

    def pcs_statement(self, items: list[PcsItem], inference: Inference | None) -> None:
        number = self.take()
        if self.type not in _STATEMENT_FIRST:
            if self.type in _ARGUMENT_FIRST:
                self.fail("a statement: an argument cannot be a premise or conclusion")
            self.fail("a statement after the number")
        element = self.element(argument=False, role="pcs")
        items.append(PcsItem(self.key_of(element), inference, number[1]))

    def inference(self, argument: str, index: int) -> Inference:
        start = self.take()
        rules: list[str] = []
        if self.type in _TEXT or (self.type == lx.NEWLINE and self.peek() in _TEXT):
            if self.type == lx.NEWLINE:
                self.take()
            rules.append(self.rule_text())
            while self.type == lx.LIST_DELIMITER:
                self.take()
                if self.type not in _TEXT:
                    self.fail("the name of an inference rule after ','")
                rules.append(self.rule_text())
        if self.type == lx.NEWLINE:
            self.take()
        data = None
        if self.type == lx.DATA:
            token = self.take()
            data = self.data_value(token[2], token[1])
            if self.type == lx.NEWLINE:
                self.take()
        self.expect(lx.INFERENCE_END, "the end of the inference line (--)")
        self.expect(lx.NEWLINE, "a line break after the inference line")
        inference = Inference(rules, data, start[1])
        key = f"inference\0{argument}\0{index}"
        if self.type == lx.INDENT:
            self.take()
            while self.type == lx.OUTGOING_UNDERCUT:
                token = self.take()
                child_is_argument = self.type in _ARGUMENT_FIRST
                if not (child_is_argument or self.type in _STATEMENT_FIRST):
                    self.fail("a statement or an argument after '<_'")
                child = self.element(argument=child_is_argument, role="relation")
                self.add_relation(self.key_of(child), key, "undercut", token[1], True, not child.member.reference)
            self.expect(lx.DEDENT, "another '<_' or the end of the indented block")
        return inference

    def rule_text(self) -> str:
        parts = []
        while self.type in _TEXT:
            parts.append(_text_of(self.take()))
        return "".join(parts).strip()


def _text_of(token: lx.Token) -> str:
    if token[0] == lx.ESCAPED:
        return token[2][1:]
    if token[0] == lx.SPECIAL:
        symbol = SHORTCODES.get(token[2].strip())
        if symbol is not None:
            return symbol + (" " if token[2].endswith(" ") else "")
    return token[2]


def parse(text: str, load_data) -> Document:
    """The document an Argdown text describes; raises lx.LexError or ParseError with an offset."""
    tokens = lx.tokenize(text)
    return Parser(tokens, load_data).parse()
