"""The language server over stdio (pygls): the protocol's messages in, the library's answers out.

Diagnostics come from the buffer as typed, checked in its debate, a short pause after the last change
(`debounce`); a newer change cancels a check not yet done. Requests are answered from the same live state.
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from ..debate import MapFile
from ..errors import ArgmapError, Issue
from ..perf import ending_without_freeing
from . import changes, features
from .live import LiveDebate, Workspace
from .targets import Place
from .text import Lines

DEFAULT_DEBOUNCE = 0.3  # seconds of quiet after a change before the buffer is checked
IDLE_COLLECT = 5.0  # seconds of quiet before unreachable objects are freed
_NODE_POINTER = re.compile(r"^/claim(?:/children/\d+)*$")
# A node is marked at its id: the first key of a node as argmap writes it.
_NODE_ID = re.compile(r'\{\s*"id"\s*:\s*("(?:[^"\\\n]|\\.)*")')
_TOKEN_AT = re.compile(r'"(?:[^"\\\n]|\\.)*"|[^\s{}\[\]():,"]+|\S')  # parentheses: an outline's (side)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("argmap")
    except PackageNotFoundError:
        return "unknown"


def _path(uri: str) -> Path:
    path = to_fs_path(uri) or unquote(urlparse(uri).path)
    return Path(path).resolve()


def _uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()


class ArgmapServer(LanguageServer):
    """The live debates of the editor, with the checks waiting to run on each file."""

    def __init__(self, debounce: float = DEFAULT_DEBOUNCE):
        super().__init__("argmap", _version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.state = Workspace()
        self.debounce = debounce
        self.pending: dict[Path, asyncio.Task] = {}
        self.stale: dict[Path, set[Path]] = {}  # per debate folder: files to re-check once the edited one is done
        self.published: dict[Path, list] = {}
        self.versions: dict[Path, int] = {}
        self.unserved: set[Path] = set()  # open files that are no map (yet): each change may make them one
        self._labels: dict[Path, tuple[int, dict[str, str]]] = {}
        self._collector: asyncio.TimerHandle | None = None

    # ------------------------------------------------------------ positions

    @property
    def encoding(self) -> str:
        try:
            kind = self.workspace.position_encoding
        except RuntimeError:
            return "utf-16"
        return str(getattr(kind, "value", kind) or "utf-16")

    def lines(self, path: Path, text: str | None = None) -> Lines:
        if text is None:
            text = self._text(path)
        return Lines(text, self.encoding)

    def _text(self, path: Path) -> str:
        if path in self.state.open:
            return self.state.open[path]
        live = self.state.debates.get(path.parent)
        file = live.file_at(path) if live else None
        if file is not None:
            return file.loaded.text
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""

    def range(self, lines: Lines, start: int, end: int) -> lsp.Range:
        return lsp.Range(lsp.Position(*lines.position(start)), lsp.Position(*lines.position(end)))

    def location(self, place: Place) -> lsp.Location:
        return lsp.Location(_uri(place.path), self.range(self.lines(place.path), place.start, place.end))

    def offset(self, path: Path, position: lsp.Position) -> int:
        return self.lines(path).offset(position.line, position.character)

    # ------------------------------------------------------------ files

    def file(self, uri: str) -> tuple[LiveDebate, MapFile] | None:
        """The live debate and the file a request is about, or None for a file argmap does not serve."""
        path = _path(uri)
        if path not in self.state.open:
            return None
        live = self.state.debate_of(path)
        file = live.file_at(path)
        return (live, file) if file is not None else None

    def changed(self, path: Path, text: str | None, delay: float) -> None:
        """A file changed (text None: as on disk now): check it after `delay`, cancelling a check still waiting."""
        if text is None:
            self.state.open.pop(path, None)
        else:
            self.state.open[path] = text
        task = self.pending.pop(path, None)
        if task is not None:
            task.cancel()
        self.pending[path] = asyncio.get_running_loop().create_task(self._check(path, text, delay))

    async def _check(self, path: Path, text: str | None, delay: float) -> None:
        try:
            await self._check_now(path, text, delay)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not end the diagnostics of the whole session: say it, go on
            message = f"argmap: internal error while checking {path}: {type(exc).__name__}: {exc}"
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, message))

    async def _check_now(self, path: Path, text: str | None, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        live = self.state.debate_of(path)
        live.set_text(path, text)
        self.publish(live, path)
        stale = self.stale.setdefault(live.folder, set())
        stale.update(live.affected(path))
        # The files this change can affect, one at a time, so that a newer change can cut in.
        while stale:
            await asyncio.sleep(0)
            other = stale.pop()
            if other in live.files and other != path:
                self.publish(live, other, only_if_changed=True)
        if self.pending.get(path) is asyncio.current_task():
            del self.pending[path]
        if not self.pending:
            self._collect_when_idle()

    def _collect_when_idle(self) -> None:
        """Free unreachable objects once the editor has been quiet a while, never in the middle of a check.

        The collector is off while the server runs (a debate's maps are millions of long-lived objects it
        would rescan at every burst of typing); this pass frees what the checks left in reference cycles.
        """
        if self._collector is not None:
            self._collector.cancel()
        self._collector = asyncio.get_running_loop().call_later(IDLE_COLLECT, self._collect)

    def _collect(self) -> None:
        self._collector = None
        if not self.pending:
            gc.collect()

    def publish(self, live: LiveDebate, path: Path, only_if_changed: bool = False) -> None:
        if not self.state.shows(live, path):
            # A file of the folder that is no map (package.json beside the maps): its findings are not shown.
            if self.published.pop(path, None):
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=_uri(path), diagnostics=[]))
            return
        issues = live.check([path]).get(path, [])
        text = self._text(path)
        diagnostics = self.diagnostics(path, text, issues)
        if only_if_changed and self.published.get(path, []) == diagnostics:
            return
        self.published[path] = diagnostics
        version = self.versions.get(path) if path in self.state.open else None
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=_uri(path), diagnostics=diagnostics, version=version)
        )

    def diagnostics(self, path: Path, text: str, issues: list[Issue]) -> list[lsp.Diagnostic]:
        """Each finding marked at the value it is about (a node: at its id), from the line and column it has."""
        if not issues:
            return []
        lines = self.lines(path, text)
        # The loader counts lines by \n alone; the protocol by \r too (the same lines when there is none).
        newlines = lines.starts if "\r" not in text else [0] + [m.end() for m in re.finditer("\n", text)]
        out = []
        for issue in issues:
            line = min(max((issue.line or 1) - 1, 0), len(newlines) - 1)
            start = min(newlines[line] + (issue.column or 1) - 1, len(text))
            token = _NODE_ID.match(text, start) if _NODE_POINTER.match(issue.pointer or "-") else None
            if token is not None:
                start, end = token.span(1)
            else:
                token = _TOKEN_AT.match(text, start)
                end = token.end() if token else min(len(text), start + 1)
            out.append(
                lsp.Diagnostic(
                    range=self.range(lines, start, end),
                    message=issue.message,
                    severity=lsp.DiagnosticSeverity.Error if issue.is_error else lsp.DiagnosticSeverity.Warning,
                    code=issue.code,
                    source="argmap",
                    data={"pointer": issue.pointer},
                )
            )
        return out

    def labels(self, live: LiveDebate) -> dict[str, str]:
        """The grounded label of every node, computed once per state of the debate."""
        cached = self._labels.get(live.folder)
        if cached is None or cached[0] != live.generation:
            from ..semantics import evaluate

            try:
                labels = {k: v.value for k, v in evaluate(live.maps.values()).labels.items()}
            except ArgmapError:
                labels = {}
            cached = self._labels[live.folder] = (live.generation, labels)
        return cached[1]

    def workspace_edit(self, edits: changes.Edits) -> lsp.WorkspaceEdit:
        document_changes = []
        for path, items in edits.items():
            lines = self.lines(path)
            version = self.versions.get(path) if path in self.state.open else None
            document_changes.append(
                lsp.TextDocumentEdit(
                    text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=_uri(path), version=version),
                    edits=[lsp.TextEdit(self.range(lines, s, e), new) for s, e, new in items],
                )
            )
        return lsp.WorkspaceEdit(document_changes=document_changes)


def build(debounce: float = DEFAULT_DEBOUNCE) -> ArgmapServer:
    """The server with every feature registered."""
    server = ArgmapServer(debounce)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: ArgmapServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), int | float):
            ls.debounce = max(0.0, float(options["debounce"]) / 1000)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: ArgmapServer, params: lsp.InitializedParams) -> None:
        # Maps changed by another program (git, the argmap CLI) and edited source texts are read again: ask
        # the editor to say when they change, where it can be asked.
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched is None or not watched.dynamic_registration:
            return
        watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/*.{ext}") for ext in ("json", "txt", "outline")]
        options = lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = lsp.Registration("argmap-files", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
        ls.client_register_capability(lsp.RegistrationParams([registration]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArgmapServer, params: lsp.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        path = _path(doc.uri)
        if not ls.state.serves(path, doc.text):
            ls.unserved.add(path)
            return
        ls.versions[path] = doc.version
        ls.changed(path, doc.text, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArgmapServer, params: lsp.DidChangeTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if not params.content_changes:
            return
        change = params.content_changes[-1]
        if path in ls.unserved:
            # A map typed into an empty or new file is served once it looks like one (its claim and id).
            if not ls.state.serves(path, change.text):
                return
            ls.unserved.discard(path)
        elif path not in ls.state.open:
            return
        ls.versions[path] = params.text_document.version
        ls.changed(path, change.text, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArgmapServer, params: lsp.DidCloseTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        ls.unserved.discard(path)
        if path in ls.state.open:
            ls.versions.pop(path, None)
            ls.changed(path, None, 0)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ArgmapServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for event in params.changes:
            path = _path(event.uri)
            live = ls.state.debates.get(path.parent)
            if live is not None and path.suffix == ".json" and path not in ls.state.open:
                ls.changed(path, None, 0)
            elif path.suffix != ".json":
                # A source text may have changed: every debate reads its sources anew.
                for other in ls.state.debates.values():
                    ls.stale.setdefault(other.folder, set()).update(other.refresh_sources())
                    for open_path in [p for p in ls.state.open if p.parent == other.folder]:
                        ls.changed(open_path, ls.state.open[open_path], 0)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ArgmapServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.file(params.text_document.uri)
        if found is None:
            return None
        live, file = found
        offset = ls.offset(file.path, params.position)
        found = features.hover(live, file, offset, ls.labels(live))
        if found is None:
            return None
        markdown, (start, end) = found
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=markdown),
            range=ls.range(ls.lines(file.path), start, end),
        )

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ArgmapServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
        found = ls.file(params.text_document.uri)
        if found is None:
            return None
        live, file = found
        places = features.definition(live, file, ls.offset(file.path, params.position))
        return [ls.location(p) for p in places] or None

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: ArgmapServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        found = ls.file(params.text_document.uri)
        if found is None:
            return None
        live, file = found
        offset = ls.offset(file.path, params.position)
        places = features.references(live, file, offset, params.context.include_declaration)
        return [ls.location(p) for p in places] or None

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=['"', ":"]))
    def completion(ls: ArgmapServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        found = ls.file(params.text_document.uri)
        if found is None:
            return None
        live, file = found
        lines = ls.lines(file.path)
        found = features.completions(live, file, ls.offset(file.path, params.position))
        kinds = {
            "node": lsp.CompletionItemKind.Reference,
            "side": lsp.CompletionItemKind.EnumMember,
            "source": lsp.CompletionItemKind.File,
            "kind": lsp.CompletionItemKind.Enum,
        }
        items = [
            lsp.CompletionItem(
                label=c.label,
                kind=kinds[c.kind],
                detail=c.detail[:120] or None,
                text_edit=lsp.TextEdit(ls.range(lines, *c.replace), json.dumps(c.label) if c.quoted else c.label),
            )
            for c in found
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: ArgmapServer, params: lsp.PrepareRenameParams):
        found = ls.file(params.text_document.uri)
        if found is None or found[1].path in found[0].outlines:  # outlines: diagnostics, hover, definition, completion
            return None
        live, file = found
        target = changes.renamable(file, ls.offset(file.path, params.position))
        if target is None:
            return None
        start, end = target.span
        return lsp.PrepareRenamePlaceholder(
            range=ls.range(ls.lines(file.path), start + 1, end - 1), placeholder=target.name
        )

    @server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
    def rename(ls: ArgmapServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        found = ls.file(params.text_document.uri)
        if found is None or found[1].path in found[0].outlines:  # outlines: diagnostics, hover, definition, completion
            return None
        live, file = found
        try:
            edits = changes.rename(live, file, ls.offset(file.path, params.position), params.new_name)
        except ArgmapError as exc:
            raise JsonRpcInvalidRequest(str(exc)) from None
        return ls.workspace_edit(edits)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=True),
    )
    def code_action(ls: ArgmapServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        found = ls.file(params.text_document.uri)
        if found is None or found[1].path in found[0].outlines:  # outlines: diagnostics, hover, definition, completion
            return None
        live, file = found
        actions = []
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != "argmap" or not isinstance(diagnostic.data, dict):
                continue
            fix = changes.fix_for(file, str(diagnostic.code), str(diagnostic.data.get("pointer", "")))
            if fix is None:
                continue
            title, data = fix
            actions.append(
                lsp.CodeAction(
                    title=title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    data={**data, "uri": params.text_document.uri},
                )
            )
        return actions or None

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    def resolve_code_action(ls: ArgmapServer, action: lsp.CodeAction) -> lsp.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        found = ls.file(str(data.get("uri", "")))
        if found is None:
            return action
        live, file = found
        try:
            action.edit = ls.workspace_edit(changes.apply_fix(live, file, data))
        except ArgmapError as exc:
            raise JsonRpcInvalidRequest(str(exc)) from None
        return action

    return server


def serve(debounce: float = DEFAULT_DEBOUNCE) -> None:
    """Run the server on stdin and stdout until the editor ends it."""
    gc.disable()  # collected when idle instead (ArgmapServer._collect_when_idle)
    ending_without_freeing(False)  # runs for hours: frees what it is done with (see argmap.perf)
    build(debounce).start_io()
