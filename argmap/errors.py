"""Findings and refusals: every finding's Code, the Issue record, Findings, and ArgmapError with its subclasses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

Severity = Literal["error", "warning"]


class Code(StrEnum):
    """Every code a finding can carry: its stable name, the severity it has, and what it means.

    A check, the loader or a reader that makes an Issue names one of these; an Issue refuses any other.
    """

    _value_: str
    severity: Severity
    meaning: str
    found_by: str

    def __new__(cls, value: str, severity: Severity, found_by: str, meaning: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.found_by = found_by
        member.meaning = meaning
        return member

    # Reading the file (argmap.io.loader): nothing further is checked in a file that has one of these.
    READ_ERROR = "read-error", "error", "file", "the file cannot be read (not a regular file, no permission)"
    FILE_TOO_LARGE = "file-too-large", "error", "file", "the file is over 20 MiB"
    ENCODING = "encoding", "error", "file", "not UTF-8, or a `\\u` escape naming half a surrogate pair"
    EMPTY_FILE = "empty-file", "error", "file", "the file is empty or white space"
    JSON_SYNTAX = (
        "json-syntax",
        "error",
        "file",
        "invalid JSON, including `NaN`, trailing garbage and integers of over 4,300 digits",
    )
    DUPLICATE_KEY = "duplicate-key", "error", "file", "a key twice in one object (JSON readers would silently keep one)"
    TOO_DEEP = "too-deep", "error", "file", "more than 200 levels of nodes, or JSON nested too deep to read"
    NOT_A_MAP = "not-a-map", "error", "file", "the top level is not a JSON object"
    SCHEMA = "schema", "error", "schema", "breaks the JSON Schema: a missing or unknown key, a bad id, a wrong type"
    # The semantic rules (argmap.checks), run on each map of a debate.
    DUPLICATE_ID = "duplicate-id", "error", "map", "two nodes of one map share an id"
    EMPTY_TEXT = "empty-text", "error", "map", "a node, quote, title or side name with no text"
    KIND_GRAMMAR = (
        "kind-grammar",
        "error",
        "map",
        "a kind its parent may not have under it (a rebuttal under a rebuttal, a claim below the root)",
    )
    UNDECLARED_SIDE = "undeclared-side", "error", "map", "a node names a side not declared in `sides`"
    UNDECLARED_SOURCE = "undeclared-source", "error", "map", "a quote names a source not declared in `sources`"
    SOURCE_MISSING = "source-missing", "error", "map", "a declared source file does not exist or cannot be read"
    SOURCE_OUTSIDE = "source-outside", "error", "map", "a declared source file lies outside the project"
    SOURCE_TOO_LARGE = "source-too-large", "error", "map", "a declared source file is over the 10 MiB limit"
    QUOTE_NOT_FOUND = (
        "quote-not-found",
        "error",
        "map",
        "a quote does not occur in its source (the closest passage is offered)",
    )
    QUOTE_TOO_LONG = "quote-too-long", "error", "map", "a quote is over the 5,000-character limit"
    UNKNOWN_LINK = (
        "unknown-link",
        "error",
        "map",
        "a supports/attacks cross-link names a node or map that does not exist",
    )
    CONTEXT_ARGUES = (
        "context-argues",
        "error",
        "map",
        "a `role: context` node would have to argue: the claim or an undercut, answered by an arguing node, "
        "or a cross-link leaves or reaches it (docs/evaluation.md)",
    )
    SELF_LINK = "self-link", "error", "map", "a node supports or attacks itself"
    SUPPORT_CYCLE = "support-cycle", "error", "debate", "nodes support each other in a circle through cross-links"
    UNUSED_SIDE = "unused-side", "warning", "map", "a declared side that no node uses"
    UNUSED_SOURCE = "unused-source", "warning", "map", "a declared source that no quote uses"
    MISSING_QUOTE = "missing-quote", "warning", "map", "a node backed by no quote"
    MISSING_SPEAKER = "missing-speaker", "warning", "map", "a node that names no speaker"
    # The debate as a whole (argmap.debate).
    DUPLICATE_MAP_ID = "duplicate-map-id", "error", "debate", "two maps of one debate share an id"
    SPEAKER_SPELLING = "speaker-spelling", "warning", "debate", "one person's name spelt two ways in a debate"
    # Other texts: an outline being imported, and the live server's own trouble.
    OUTLINE = "outline", "error", "import", "an outline line cannot be read (indentation, a marker, a field)"
    USAGE = "usage", "error", "serve", "`argmap serve` was given paths it cannot use"
    SITE = "site", "error", "serve", "the live site could not be built"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def codes_table() -> str:
    """The Markdown table of every Code, as docs/codes.md carries it (kept in step by the tests)."""
    lines = [
        "# Finding codes",
        "",
        "Every finding argmap reports carries one of these codes (generated from `argmap.errors.Code`;",
        "regenerate with `python -m argmap.errors > docs/codes.md`). *Found by* says which stage finds it:",
        "reading the file, the JSON Schema, the rules on one map, or the rules on the whole debate (a folder).",
        "",
        "| code | severity | found by | meaning |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{c.value}` | {c.severity} | {c.found_by} | {_cell(c.meaning)} |" for c in Code]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, init=False)
class Issue:
    """One problem found in one file, at a JSON pointer and, once located, a line and column.

    The severity is the code's unless given (an import may let an error pass as a warning).
    """

    code: Code
    message: str
    pointer: str
    severity: Severity
    node: str | None
    file: str | None
    line: int | None
    column: int | None

    def __init__(
        self,
        code: Code | str,
        message: str,
        pointer: str = "",
        severity: Severity | None = None,
        node: str | None = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        if type(code) is not Code:
            code = Code(code)  # an unknown code is a bug: it fails here, where it is made
        # Frozen: each field set once, here, in the instance's dict. The debate check of an import makes tens
        # of thousands of issues: this costs half of setting slots through their descriptors, and a third
        # of object.__setattr__.
        fields = self.__dict__
        fields["code"] = code
        fields["message"] = message
        fields["pointer"] = pointer
        fields["severity"] = code.severity if severity is None else severity
        fields["node"] = node
        fields["file"] = file
        fields["line"] = line
        fields["column"] = column

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, file: str, line: int | None = None, column: int | None = None) -> Issue:
        # Copied dict to dict: dataclasses.replace costs twenty times as much, and an import places tens of
        # thousands.
        placed = object.__new__(Issue)
        fields = placed.__dict__
        fields.update(self.__dict__)
        fields["file"] = file
        fields["line"] = line
        fields["column"] = column
        return placed

    def unplaced(self) -> Issue:
        """The issue without line and column: for text that was never written, name the node instead."""
        return replace(self, line=None, column=None)

    def as_warning(self) -> Issue:
        return replace(self, severity="warning")


def errors_in(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


@dataclass(frozen=True)
class Findings:
    """What checking some files found: the files, in the order given, and their issues, located, file by file."""

    files: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = field(default=())

    @property
    def errors(self) -> int:
        return sum(i.is_error for i in self.issues)

    @property
    def warnings(self) -> int:
        return len(self.issues) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0


class ArgmapError(Exception):
    """A refusal: the input cannot be used. A one-line message, and the located issues that explain why."""

    exit_code = 1

    def __init__(self, message: str, issues: Iterable[Issue] = ()):
        super().__init__(message)
        self.issues = list(issues)


class UsageError(ArgmapError):
    """The command was asked for something that cannot be: a missing path, a bad option."""

    exit_code = 2


class NotFoundError(ArgmapError):
    """A map, node, side or source named by the user does not exist."""


class RefusedError(ArgmapError):
    """A change was not made because the debate would become invalid; `issues` say why."""


class BlockedError(ArgmapError):
    """A change that cannot be made as asked: every obstacle found at once, each with what clears it.

    `obstacles` are (what stands in the way, the remedy: an option or a command, or None).
    """

    def __init__(self, what: str, obstacles: Iterable[tuple[str, str | None]]):
        self.what = what
        self.obstacles = list(obstacles)
        said = [f"{problem} ({remedy})" if remedy else problem for problem, remedy in self.obstacles]
        if len(said) == 1:
            message = f"cannot {what}: {said[0]}"
        else:
            numbered = "; ".join(f"{n}) {text}" for n, text in enumerate(said, start=1))
            message = f"cannot {what} ({len(said)} obstacles): {numbered}"
        super().__init__(message)


class ConflictError(ArgmapError):
    """A file changed on disk after it was read, or another writer holds the debate's lock."""


class ReadError(ArgmapError):
    """A file could not be read: missing, not a regular file, too large, not UTF-8."""


class TooLargeError(ReadError):
    """A file or a text is over the limit argmap sets for its kind; the message names the limit."""


if __name__ == "__main__":
    import sys

    sys.stdout.write(codes_table())
