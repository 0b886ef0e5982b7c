"""Argdown's tokens, as the reference lexer (argdown-core 1.7.5) cuts a text into them, in linear time.

The reference tries its token patterns in a fixed order at each position and takes the first that
matches; several depend on the token before (a relation, a list item or a statement number starts a
line; a heading follows a line break; a bold or italic end closes the range opened last). Indent and
dedent tokens are made when a relation or list item starts deeper or shallower than the one before.

Every pattern here is a single forward scan. Where the reference uses a lazy regular expression that
searches for a closing mark (`]:`, `-->`, `)`, `}` ...), the search goes through `_Next`, which
remembers the last place each mark was found: a text full of unclosed openers costs one pass per mark,
not one pass per opener.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Token types.
COMMENT = "comment"
FRONT_MATTER = "front matter"
DATA = "data"
ESCAPED = "escaped character"
SPECIAL = "special character"
EMPTYLINE = "empty line"
NEWLINE = "line break"
INDENT = "indent"
DEDENT = "dedent"
INFERENCE_START = "inference start (--)"
INFERENCE_END = "inference end (--)"
LIST_DELIMITER = "','"
INCOMING_SUPPORT = "'+>'"
INCOMING_ATTACK = "'->'"
OUTGOING_SUPPORT = "'+'"
OUTGOING_ATTACK = "'-'"
CONTRADICTION = "'><'"
INCOMING_UNDERCUT = "'_>'"
OUTGOING_UNDERCUT = "'<_'"
HEADING = "heading"
STATEMENT_NUMBER = "statement number"
ORDERED_ITEM = "ordered list item"
UNORDERED_ITEM = "unordered list item"
ASTERISK_BOLD_START = "'**'"
ASTERISK_BOLD_END = "closing '**'"
UNDERSCORE_BOLD_START = "'__'"
UNDERSCORE_BOLD_END = "closing '__'"
ASTERISK_ITALIC_START = "'*'"
ASTERISK_ITALIC_END = "closing '*'"
UNDERSCORE_ITALIC_START = "'_'"
UNDERSCORE_ITALIC_END = "closing '_'"
LINK = "link"
TAG = "tag"
STATEMENT_DEFINITION = "statement definition"
STATEMENT_REFERENCE = "statement reference"
STATEMENT_MENTION = "statement mention"
ARGUMENT_DEFINITION = "argument definition"
ARGUMENT_REFERENCE = "argument reference"
ARGUMENT_MENTION = "argument mention"
FREESTYLE = "text"
UNUSED = "control character"
EOF = "end of file"

RELATIONS = (
    INCOMING_SUPPORT,
    INCOMING_ATTACK,
    OUTGOING_SUPPORT,
    OUTGOING_ATTACK,
    CONTRADICTION,
    INCOMING_UNDERCUT,
    OUTGOING_UNDERCUT,
)
# (type, opening mark, the range it opens or closes)
_RANGE_ENDS = (
    (ASTERISK_BOLD_END, "**", "asterisk bold"),
    (UNDERSCORE_BOLD_END, "__", "underscore bold"),
    (ASTERISK_ITALIC_END, "*", "asterisk italic"),
    (UNDERSCORE_ITALIC_END, "_", "underscore italic"),
)
_RANGE_STARTS = (
    (ASTERISK_BOLD_START, "**", "asterisk bold"),
    (UNDERSCORE_BOLD_START, "__", "underscore bold"),
    (ASTERISK_ITALIC_START, "*", "asterisk italic"),
    (UNDERSCORE_ITALIC_START, "_", "underscore italic"),
)
# What may follow a closing mark without a space (the reference's list).
_AFTER_RANGE_END = set("\n\r)}_.,!?;:-*")
_LINE_TERMINATORS = "\n\r\u2028\u2029"  # what a JavaScript '.' does not match

# Single-pass patterns: one character class, repeated; nothing to backtrack into.
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+")
# The usual tokens, each found by one pattern that gives there the very token the reference's order of
# patterns gives. Away from a line start, in the default mode: a run of text and of marks that start nothing
# there ("control characters", each with one space after it), as one token of the type its first piece has
# (the parser reads a run of text tokens as the text they spell); spaces inside a line (skipped); a line
# break that ends no empty line, or an empty line; a definition `[title]:` or `<title>:`, or a reference
# `[title]` or `<title>` that ends its line, each title holding no bracket (so a failing search stops at
# the next opening one, and no stretch is searched twice) and a title in angle brackets starting with none
# of the marks that would make it a comment or a relation there.
_TEXT_RUN = (
    r"(?:[^\\@#*_\[\],.:;</>\-\r\n(){}= \t][^\\@#*_\[\],.:;</>\-\r\n(){}]*"
    r"|[,;()\]>}\-][ \t]?"
    r"|[.:](?=[ \t\r\n]|\Z)[ \t]?"  # no `.name.` shortcode can start where white space follows
    r"|/(?![/*])[ \t]?)+"
)
_UNUSED_FIRST = frozenset(",;()]>}-.:/")
_LINE_BREAK = r"[ \t]*\r?\n(?![ \t]*\r?\n)"
_ELEMENTS = (
    r"(?P<statement_definition>\[[^\[\]\r\n\u2028\u2029]+\]:)"
    r"|(?P<argument_definition><[^!+\-_<>\r\n\u2028\u2029][^<>\r\n\u2028\u2029]*>:)"
    r"|(?P<statement_reference>\[[^\-\[\]\r\n\u2028\u2029][^\[\]\r\n\u2028\u2029]*\](?=[ \t]*\r?\n))"
    r"|(?P<argument_reference><[^!+\-_<>\r\n\u2028\u2029][^<>\r\n\u2028\u2029]*>(?=[ \t]*\r?\n))"
)
# A run of text brings the line break after it, if one follows (what the next search would find there).
_MID_LINE = re.compile(
    rf"(?P<newline>{_LINE_BREAK})|(?P<empty>[ \t]*\r?\n(?:[ \t]*\r?\n)+)"
    rf"|[ \t]*(?:(?P<text>{_TEXT_RUN})(?P<text_end>{_LINE_BREAK})?|{_ELEMENTS}|(?P<data>(?=\{{)))"
    r"|[ \t]+(?=[^ \t\r\n])"
)
# After a definition, the text and line break that would come next, searched for at once.
_DEFINED = re.compile(rf"[ \t]*({_TEXT_RUN})({_LINE_BREAK})?")
# At a line start: a relation (not `--`, an inference line after a line break), a statement number, or as above.
_LINE_START = re.compile(
    r"(?P<relation>[ \t]*(?!--)(?P<operator>\+>|->|<\+|\+|<-|-|><|_>|<_))"
    rf"|(?P<number>[ \t]*\([0-9]+\))|{_ELEMENTS}"
)
_ELEMENT_KINDS = {
    "statement_definition": STATEMENT_DEFINITION,
    "argument_definition": ARGUMENT_DEFINITION,
    "statement_reference": STATEMENT_REFERENCE,
    "argument_reference": ARGUMENT_REFERENCE,
}
_SPACES = re.compile(r"[ \t]+")
_BLANKS = re.compile(r"[ \t]*")
# The reference writes its line-start patterns with `[' '\t]*`: an apostrophe counts as indentation there.
_LINE_BLANKS = re.compile(r"[' \t]*")
_TAG_WORD = r"[a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+"  # compiled at the first tag (1.5 ms)
_DIGITS = re.compile(r"[0-9]+")
# A '}' that ends any data block: white space after it, then a character that is neither ',' nor '}'.
_DATA_STOP = re.compile(r"\}[ \t\n\r\f\v][^,}]")
_NOT_IN_DATA = re.compile("[\r\u2028\u2029]")  # line ends a data block may not cross (see `data`)


def _run_end(pattern: re.Pattern[str], text: str, at: int) -> int:
    """Where the run of `pattern` at `at` ends: the caller knows it matches there (a `*` pattern always does)."""
    found = pattern.match(text, at)
    assert found is not None
    return found.end()


# A token: (type, start offset, image); it ends at start + len(image). Plain tuples: a large file has
# hundreds of thousands of them, and a tuple costs a fraction of an object's making.
Token = tuple[str, int, str]
_RELATION_KINDS = {
    "+>": INCOMING_SUPPORT, "->": INCOMING_ATTACK, "<+": OUTGOING_SUPPORT, "+": OUTGOING_SUPPORT,
    "<-": OUTGOING_ATTACK, "-": OUTGOING_ATTACK, "><": CONTRADICTION, "_>": INCOMING_UNDERCUT, "<_": OUTGOING_UNDERCUT,
}  # fmt: skip


class LexError(Exception):
    """A character no Argdown token begins with (only a backslash at the end of a line)."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


class _Next:
    """Where a mark next occurs at or after a position, remembered so that repeated searches stay linear."""

    __slots__ = ("found", "mark", "origin", "text")

    def __init__(self, text: str, mark: str):
        self.text, self.mark = text, mark
        self.origin, self.found = len(text) + 1, -1  # nothing searched yet

    def at(self, position: int) -> int:
        """The first index >= position where the mark starts, or -1."""
        # The last search answers for any later position up to what it found (or for all, if it found none).
        if self.origin <= position and (self.found == -1 or self.found >= position):
            return self.found
        self.origin, self.found = position, self.text.find(self.mark, position)
        return self.found


class _NextLineEnd:
    """The next JavaScript line terminator at or after a position (what the reference's '.' stops at)."""

    __slots__ = ("finders", "text")

    def __init__(self, text: str):
        self.text = text
        self.finders = [_Next(text, char) for char in _LINE_TERMINATORS]

    def at(self, position: int) -> int:
        """The index of the next terminator, or the text's length when there is none."""
        found = [f.at(position) for f in self.finders]
        return min((i for i in found if i != -1), default=len(self.text))


class Lexer:
    def __init__(self, text: str):
        self.text = text
        self.tokens: list[Token] = []
        self.indents = [0]
        self.ranges: list[str] = []
        self.mode = "default"
        self.line_end = _NextLineEnd(text)
        self.marks: dict[str, _Next] = {}
        self.data_stop = -2  # the next '}' that ends any data block (see `data`), -1 when there is none
        self.data_fail = -1  # data blocks starting before this index cannot close

    def next(self, mark: str, position: int) -> int:
        finder = self.marks.get(mark)
        if finder is None:
            finder = self.marks[mark] = _Next(self.text, mark)
        return finder.at(position)

    # ---- context of the previous token

    def last(self) -> str | None:
        return self.tokens[-1][0] if self.tokens else None

    def line_start(self) -> bool:
        """Relations, list items and statement numbers: at the start, or after a line break or empty line."""
        return not self.tokens or self.tokens[-1][0] in (NEWLINE, EMPTYLINE)

    # ---- indentation

    def indent_or_dedent(self, width: int, at: int) -> None:
        indents = self.indents
        if width > indents[-1]:
            indents.append(width)
            self.tokens.append((INDENT, at, ""))
        else:
            while len(indents) > 1 and width < indents[-1]:
                indents.pop()
                self.tokens.append((DEDENT, at, ""))

    def dedent_all(self, at: int) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self.tokens.append((DEDENT, at, ""))

    # ---- the patterns, in the reference's order

    def tokenize(self) -> list[Token]:
        text, tokens = self.text, self.tokens
        append = tokens.append
        n = len(text)
        position = 0
        mid_line, line_start, defined = _MID_LINE.match, _LINE_START.match, _DEFINED.match
        while position < n:
            # The usual tokens first (see _MID_LINE and _LINE_START); anything else through the reference's order.
            if self.mode == "default" and tokens:
                last = tokens[-1][0]
                if last == NEWLINE or last == EMPTYLINE:
                    found = line_start(text, position)
                    if found is not None:
                        group = found.lastgroup
                        if group == "relation":
                            self.indent_or_dedent(found.start("operator") - position, position)
                            append((_RELATION_KINDS[found.group("operator")], position, found.group()))
                        elif group == "number":
                            self.dedent_all(position)
                            append((STATEMENT_NUMBER, position, found.group()))
                        else:
                            found = self.element(found)
                        position = found.end()
                        continue
                else:
                    found = mid_line(text, position)
                    if found is not None:
                        # Spaces inside a line, not before its end, are skipped, as the reference skips them.
                        group = found.lastgroup
                        if group == "data":
                            # A data block is the first pattern tried at a '{'; if there is none, the order below.
                            position = found.end()
                            token = self.data(position)
                            if token is not None:
                                append(token)
                                position += len(token[2])
                                continue
                        else:
                            if group == "newline":
                                append((NEWLINE, position, found.group()))
                            elif group == "text" or group == "text_end":
                                self.text_run(found, "text", "text_end")
                            elif group == "statement_definition":  # the usual line's second token: inline
                                append((STATEMENT_DEFINITION, found.start(group), found.group(group)))
                                more = defined(text, found.end())
                                if more is not None:
                                    self.text_run(more, 1, 2)
                                    found = more
                            elif group == "empty":
                                if found.end() < n:
                                    self.dedent_all(position)
                                append((EMPTYLINE, position, found.group()))
                            elif group is not None:
                                found = self.element(found)
                            position = found.end()
                            continue
            token = self.match_inference(position) if self.mode == "inference" else self.match_default(position)
            if token is None:
                raise LexError(
                    "a backslash at the end of a line escapes nothing (write '\\\\' for a backslash)", position
                )
            if token[0] not in (COMMENT, "spaces"):
                append(token)
            position = token[1] + len(token[2])
        if tokens and tokens[-1][0] == EMPTYLINE:
            tokens.pop()
        self.dedent_all(n)
        append((EOF, n, ""))
        return tokens

    def text_run(self, found: re.Match[str], group: str | int, end: str | int) -> None:
        """A run of text matched as `group`, and the line break after it if `end` holds one."""
        image = found.group(group)
        self.tokens.append((FREESTYLE if image[0] not in _UNUSED_FIRST else UNUSED, found.start(group), image))
        image = found.group(end)
        if image is not None:
            self.tokens.append((NEWLINE, found.start(end), image))

    def element(self, found: re.Match[str]) -> re.Match[str]:
        """A definition or reference matched by _ELEMENTS; a definition brings its text and line break."""
        group = found.lastgroup
        assert group is not None
        kind = _ELEMENT_KINDS[group]
        self.tokens.append((kind, found.start(group), found.group(group)))
        if kind == STATEMENT_DEFINITION or kind == ARGUMENT_DEFINITION:
            more = _DEFINED.match(self.text, found.end())
            if more is not None:
                self.text_run(more, 1, 2)
                return more
        return found

    def match_default(self, p: int) -> Token | None:
        text = self.text
        char = text[p]
        if char in "</":
            token = self.comment(p)
            if token is not None:
                return token
        if char == "=" and text.startswith("===", p):
            token = self.front_matter(p)
            if token is not None:
                return token
        if char == "{":
            token = self.data(p)
            if token is not None:
                return token
        if char == "\\":
            return self.escaped(p)
        if char in ".:":
            token = self.special(p)
            if token is not None:
                return token
        if char in " \t\r\n":
            # Only white space that runs into a line break can be one (an indented relation is not).
            q = _run_end(_BLANKS, text, p)
            if q < len(text) and text[q] in "\r\n":
                token = self.emptyline(p) or self.newline(p)
                if token is not None:
                    return token
        line_start = self.line_start()
        if line_start:
            token = self.line_token(p)
            if token is not None:
                return token
        if char == "#" and (not self.tokens or self.last() in (NEWLINE, EMPTYLINE)):
            end = p
            while end < len(text) and text[end] == "#":
                end += 1
            if text.startswith(" ", end):
                return (HEADING, p, text[p : end + 1])
        if char in "*_":
            token = self.range_mark(p)
            if token is not None:
                return token
        if char == "[":
            token = self.link(p) or self.bracketed(p, "[", "]", STATEMENT_DEFINITION, STATEMENT_REFERENCE)
            if token is not None:
                return token
        if char == "#":
            token = self.tag(p)
            if token is not None:
                return token
        if char == "@" and p + 1 < len(text) and text[p + 1] in "[<":
            token = self.mention(p)
            if token is not None:
                return token
        if char == "<":
            token = self.bracketed(p, "<", ">", ARGUMENT_DEFINITION, ARGUMENT_REFERENCE)
            if token is not None:
                return token
        token = self.plain(p)
        if token is None and char in "\r\n":
            return self.newline(p)
        return token

    def match_inference(self, p: int) -> Token | None:
        text = self.text
        char = text[p]
        if char in "</":
            token = self.comment(p)
            if token is not None:
                return token
        if char in " \t\r\n":
            token = self.newline(p)
            if token is not None:
                return token
        if char == "\\":
            return self.escaped(p)
        if char in ".:":
            token = self.special(p)
            if token is not None:
                return token
        if char == "-" and text.startswith("--", p):
            end = p
            while end < len(text) and text[end] == "-":
                end += 1
            self.mode = "default"
            return (INFERENCE_END, p, text[p:end])
        if char == "{":
            token = self.data(p)
            if token is not None:
                return token
        if char == ",":
            return (LIST_DELIMITER, p, ",")
        return self.plain(p)

    # ---- single patterns

    def plain(self, p: int) -> Token | None:
        """What is left in both modes: spaces (skipped), text, or a control character used as text."""
        text = self.text
        char = text[p]
        if char in " \t":
            match = _SPACES.match(text, p)
            assert match is not None  # the character is a space or a tab
            return ("spaces", p, match.group())
        match = _FREESTYLE.match(text, p)
        if match is not None:
            return (FREESTYLE, p, match.group())
        if char in "@#*_[],.:;</>-(){}":
            end = p + 1
            if end < len(text) and text[end] in " \t":
                end += 1
            return (UNUSED, p, text[p:end])
        return None

    def comment(self, p: int) -> Token | None:
        text = self.text
        if text.startswith("<!--", p):
            close = self.next("-->", p + 4)
            if close == -1:
                return None
            end = close + 3
        elif text.startswith("/*", p):
            close = self.next("*/", p + 2)
            if close == -1:
                return None
            end = close + 2
        elif text.startswith("//", p):
            # Up to (not over) the line break; with no line break after it, not a comment at all.
            end = self.line_end.at(p + 2)
            if end >= len(text) or text[end] not in "\r\n":
                return None
        else:
            return None
        last = self.last()
        if last == EMPTYLINE:
            # After an empty line the comment takes every line break after it.
            while True:
                spaces = _run_end(_BLANKS, text, end)
                if text.startswith("\r\n", spaces):
                    end = spaces + 2
                elif end < len(text) and text[end] in "\n\r":
                    end += 1
                else:
                    break
        elif last == NEWLINE:
            # After a line break it takes one line break, unless an empty line follows.
            spaces = _run_end(_BLANKS, text, end)
            after = spaces + (
                2 if text.startswith("\r\n", spaces) else 1 if spaces < len(text) and text[spaces] in "\r\n" else 0
            )
            if after > spaces:
                again = _run_end(_BLANKS, text, after)
                if not (again < len(text) and text[again] in "\r\n"):
                    end = after
        return (COMMENT, p, text[p:end])

    def front_matter(self, p: int) -> Token | None:
        text = self.text
        run = p
        while run < len(text) and text[run] == "=":
            run += 1
        if run - p >= 6:
            return (FRONT_MATTER, p, text[p:run])
        close = self.next("===", run)
        if close == -1:
            return None
        end = close
        while end < len(text) and text[end] == "=":
            end += 1
        return (FRONT_MATTER, p, text[p:end])

    def data(self, p: int) -> Token | None:
        """`{...}`: up to the first '}' followed by white space and another mark, backing off to a '}'
        not followed by ',' or '}' (the reference's pattern), each '}' looked at a bounded number of times."""
        text, n = self.text, len(self.text)
        if p < self.data_fail:
            return None
        stop = self.data_stop
        if stop != -1 and stop <= p:
            stop = self._find_data_stop(p + 1)
        elif stop == -2:
            stop = self._find_data_stop(p + 1)
        limit = stop if stop != -1 else n - 1
        # Candidates: the last '}' at or before the limit whose next non-space character is not ',' or '}';
        # the reference's '.' does not cross '\r', '\u2028' or '\u2029', so neither may the block.
        q = limit
        while q > p:
            if text[q] == "}":
                after = q + 1
                while after < n and text[after] in " \t\n\r\f\v\u00a0\u2028\u2029":
                    after += 1
                if not (after < n and text[after] in ",}"):
                    break
            q -= 1
        if q <= p:
            self.data_fail = limit
            return None
        if _NOT_IN_DATA.search(text, p, q) is not None:
            return None
        return (DATA, p, text[p : q + 1])

    def _find_data_stop(self, start: int) -> int:
        found = _DATA_STOP.search(self.text, start)
        self.data_stop = found.start() if found is not None else -1
        return self.data_stop

    def escaped(self, p: int) -> Token | None:
        text = self.text
        if p + 1 >= len(text) or text[p + 1] in _LINE_TERMINATORS:
            return None
        end = p + 2
        while end < len(text) and text[end] == " ":
            end += 1
        return (ESCAPED, p, text[p:end])

    def special(self, p: int) -> Token | None:
        """`.name.` or `:name:` with no white space inside: a shortcode (or its own text if unknown)."""
        text = self.text
        mark = text[p]
        q = p + 1
        while q < len(text) and not text[q].isspace() and text[q] != mark:
            q += 1
        if q >= len(text) or text[q] != mark or q == p + 1:
            return None
        end = q + 1
        if end < len(text) and text[end] in " \t":
            end += 1
        return (SPECIAL, p, text[p:end])

    def emptyline(self, p: int) -> Token | None:
        text = self.text
        # The common case first: a line break followed by text is no empty line.
        if text[p] == "\n" and p + 1 < len(text) and text[p + 1] not in " \t\r\n":
            return None
        if self.last() == EMPTYLINE:
            return None
        end, breaks = p, 0
        while True:
            q = _run_end(_BLANKS, text, end)
            if text.startswith("\r\n", q):
                end, breaks = q + 2, breaks + 1
            elif q < len(text) and text[q] == "\n":
                end, breaks = q + 1, breaks + 1
            else:
                break
        if breaks < 2:
            return None
        if end < len(text):
            self.dedent_all(p)
        return (EMPTYLINE, p, text[p:end])

    def newline(self, p: int) -> Token | None:
        text = self.text
        q = _run_end(_BLANKS, text, p)
        if text.startswith("\r\n", q):
            return (NEWLINE, p, text[p : q + 2])
        if q < len(text) and text[q] in "\n\r":
            return (NEWLINE, p, text[p : q + 1])
        return None

    def line_token(self, p: int) -> Token | None:
        """What only starts a line: an inference line, a relation, a statement number, a list item."""
        text = self.text
        q = _run_end(_LINE_BLANKS, text, p)
        width = q - p
        head = text[q : q + 2]
        if head == "--" and (not self.tokens or self.last() == NEWLINE):
            self.dedent_all(p)
            self.mode = "inference"
            return (INFERENCE_START, p, text[p : q + 2])
        kind, size = None, 0
        if head == "+>":
            kind, size = INCOMING_SUPPORT, 2
        elif head == "->":
            kind, size = INCOMING_ATTACK, 2
        elif head == "<+":
            kind, size = OUTGOING_SUPPORT, 2
        elif head[:1] == "+":
            kind, size = OUTGOING_SUPPORT, 1
        elif head == "<-":
            kind, size = OUTGOING_ATTACK, 2
        elif head[:1] == "-":
            kind, size = OUTGOING_ATTACK, 1
        elif head == "><":
            kind, size = CONTRADICTION, 2
        elif head == "_>":
            kind, size = INCOMING_UNDERCUT, 2
        elif head == "<_":
            kind, size = OUTGOING_UNDERCUT, 2
        elif head[:1] == "_" and q + 1 < len(text) and text[q + 1].isspace():
            kind, size = OUTGOING_UNDERCUT, 1
        if kind is not None:
            self.indent_or_dedent(width, p)
            return (kind, p, text[p : q + size])
        if text.startswith("(", q):
            digits = _DIGITS.match(text, q + 1)
            if digits is not None and text.startswith(")", digits.end()):
                self.dedent_all(p)
                return (STATEMENT_NUMBER, p, text[p : digits.end() + 1])
        digits = _DIGITS.match(text, q)
        if digits is not None and text.startswith(".", digits.end()):
            after = digits.end() + 1
            if after < len(text) and text[after].isspace():
                self.indent_or_dedent(width + 1, p)
                return (ORDERED_ITEM, p, text[p:after])
        if text.startswith("*", q) and q + 1 < len(text) and text[q + 1].isspace():
            self.indent_or_dedent(width + 1, p)
            return (UNORDERED_ITEM, p, text[p : q + 1])
        return None

    def range_mark(self, p: int) -> Token | None:
        text = self.text
        for kind, mark, name in _RANGE_ENDS:
            if self.ranges and self.ranges[-1] == name and self.tokens and text.startswith(mark, p):
                end = p + len(mark)
                if end >= len(text) or text[end] in " \t":
                    self.ranges.pop()
                    return (kind, p, text[p : min(end + 1, len(text))])
                if text[end] in _AFTER_RANGE_END:
                    self.ranges.pop()
                    return (kind, p, text[p:end])
        for kind, mark, name in _RANGE_STARTS:
            end = p + len(mark)
            if text.startswith(mark, p) and (end >= len(text) or not text[end].isspace()):
                self.ranges.append(name)
                return (kind, p, text[p:end])
        return None

    def link(self, p: int) -> Token | None:
        """`[text](url)`: a ']' after at least one character, then '(' at once, then ')' after at least one."""
        text = self.text
        close = self.next("]", p + 1)
        if close <= p + 1 or not text.startswith("(", close + 1):
            return None
        paren = self.next(")", close + 2)
        if paren <= close + 2:
            return None
        end = paren + 1
        if end < len(text) and text[end] in " \t":
            end += 1
        return (LINK, p, text[p:end])

    def bracketed(self, p: int, opener: str, closer: str, definition: str, reference: str) -> Token | None:
        """`[title]:` / `[title]` (and `<title>:` / `<title>`): titles do not cross a line end."""
        text = self.text
        line_end = self.line_end.at(p + 1)
        defined = self.next(closer + ":", p + 2)
        if defined != -1 and defined < line_end:
            return (definition, p, text[p : defined + 2])
        if p + 1 >= len(text) or text[p + 1] == "-":
            return None
        # A reference's first character may be anything but '-', a line end included.
        start = p + 2
        line_end = self.line_end.at(start)
        close = self.next(closer, start)
        if close != -1 and close < line_end:
            return (reference, p, text[p : close + 1])
        return None

    def mention(self, p: int) -> Token | None:
        text = self.text
        closer = "]" if text[p + 1] == "[" else ">"
        line_end = self.line_end.at(p + 2)
        close = self.next(closer, p + 3)
        if close == -1 or close >= line_end:
            return None
        end = close + 1
        if end < len(text) and text[end] in " \t":
            end += 1
        return (STATEMENT_MENTION if closer == "]" else ARGUMENT_MENTION, p, text[p:end])

    def tag(self, p: int) -> Token | None:
        text = self.text
        if text.startswith("#(", p):
            close = self.next(")", p + 2)
            if close <= p + 2:
                return None
            end = close + 1
        else:
            word = re.compile(_TAG_WORD).match(text, p + 1)  # re's own cache keeps it once compiled
            if word is None:
                return None
            end = word.end()
        if end < len(text) and text[end] in " \t":
            end += 1
        return (TAG, p, text[p:end])


def first_piece(token: Token) -> str:
    """A token's image as the reference cuts it: for a run of text, its first piece (what an error names)."""
    kind, _, image = token
    if kind == FREESTYLE:
        found = _FREESTYLE.match(image)
        return found.group() if found is not None else image
    if kind == UNUSED:
        return image[:2] if image[1:2] in (" ", "\t") else image[:1]
    return image


def tokenize(text: str) -> list[Token]:
    """The tokens of an Argdown text, ending with EOF; raises LexError on a dangling backslash."""
    return Lexer(text).tokenize()


class Places:
    """Line and column (1-based) of an offset, found by binary search over the line starts."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]

    def of(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
