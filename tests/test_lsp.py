"""`argmap lsp` driven as an editor drives it: a real server process over stdio, pygls' own client.

Diagnostics from the unsaved buffer, go to definition and references across maps, completion of link
targets, rename across three maps as one workspace edit, and the quick fix that makes a quote verbatim.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs pygls (a dependency of argmap)")

from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from argmap.debate import open_debate  # noqa: E402

SEED = "seeds/2022-01-12-what-does-russia-want.txt"
VERBATIM = "Russia demands a guarantee that Ukraine can never join NATO"
TIMEOUT = 60


def _node(node_id: str, kind: str, text: str, quote: str = VERBATIM, **links) -> dict:
    return {
        "id": node_id,
        "kind": kind,
        "side": "russia",
        "speaker": "Sergei Ryabkov",
        "text": text,
        "quote": {"source": "guide", "text": quote},
        **links,
    }


def _map(map_id: str, children: list[dict]) -> dict:
    return {
        "$schema": "../schemas/argmap.schema.json",
        "id": map_id,
        "title": map_id.title(),
        "sides": {"russia": {"name": "Russia"}},
        "sources": {"guide": {"path": SEED, "title": "What does Russia want?", "date": "2022-01-12"}},
        "claim": {**_node(f"{map_id}-claim", "claim", f"The claim of {map_id}."), "children": children},
    }


def _text(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture
def debate(project: Path) -> Path:
    """Three maps: b and c link to a's premise 'target'."""
    maps = project / "maps"
    (maps / "a.json").write_text(_text(_map("a", [_node("target", "premise", "The premise others link to.")])))
    (maps / "b.json").write_text(_text(_map("b", [_node("from-b", "premise", "B leans on a.", supports=["a:target"])])))
    (maps / "c.json").write_text(
        _text(_map("c", [_node("from-c", "premise", "C leans on a too.", supports=["a:target"])]))
    )
    return maps


class Editor:
    """A client as an editor is: open, change, ask; diagnostics arrive as the server publishes them."""

    def __init__(self, client: LanguageClient):
        self.client = client
        self.diagnostics: dict[str, list[lsp.Diagnostic]] = {}
        self.arrived: asyncio.Queue[str] = asyncio.Queue()
        self.versions: dict[str, int] = {}

        self.published_versions: list[int | None] = []

        @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = params.diagnostics
            self.published_versions.append(params.version)
            self.arrived.put_nowait(params.uri)

    async def diagnostics_of(self, path: Path) -> list[lsp.Diagnostic]:
        uri = path.as_uri()
        while True:
            got = await asyncio.wait_for(self.arrived.get(), TIMEOUT)
            if got == uri:
                return list(self.diagnostics[uri])

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        item = lsp.TextDocumentItem(uri, "json", 1, path.read_text() if text is None else text)
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
        return uri

    async def opened(self, path: Path, text: str | None = None) -> list[lsp.Diagnostic]:
        """Open a file and wait for its first diagnostics."""
        self.open(path, text)
        return await self.diagnostics_of(path)

    def change(self, path: Path, text: str) -> None:
        uri = path.as_uri()
        self.versions[uri] += 1
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(self.versions[uri], uri),
                [lsp.TextDocumentContentChangeWholeDocument(text)],
            )
        )


def drive(root: Path, scenario, debounce_ms: int = 0, capabilities=None) -> None:
    """Start `argmap lsp` in its own process, run the scenario against it, and shut it down."""

    async def run() -> None:
        client = LanguageClient("argmap-tests", "1")
        editor = Editor(client)
        args = ["-m", "argmap", "lsp", "--debounce", str(debounce_ms)]
        await client.start_io(sys.executable, *args, cwd=str(root))
        try:
            await client.initialize_async(
                lsp.InitializeParams(
                    capabilities=capabilities(client) if capabilities else lsp.ClientCapabilities(),
                    root_uri=root.as_uri(),
                    workspace_folders=[lsp.WorkspaceFolder(root.as_uri(), "project")],
                )
            )
            client.initialized(lsp.InitializedParams())
            await scenario(editor, client)
            await client.shutdown_async(None)
            client.exit(None)
        finally:
            server = client._server  # a scenario that failed left the server running: end it, not wait for it
            if server is not None and server.returncode is None:
                try:
                    await asyncio.wait_for(server.wait(), 10)
                except TimeoutError:
                    server.kill()
            await client.stop()

    asyncio.run(asyncio.wait_for(run(), TIMEOUT * 2))


def _at(text: str, needle: str, within: int = 1) -> lsp.Position:
    """The position of a character `within` the first occurrence of `needle` (lines and UTF-16 columns)."""
    offset = text.index(needle) + within
    line = text.count("\n", 0, offset)
    return lsp.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def _range_text(text: str, rng: lsp.Range) -> str:
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: rng.start.line]) + rng.start.character
    end = sum(len(x) + 1 for x in lines[: rng.end.line]) + rng.end.character
    return text[start:end]


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    lines = text.split("\n")

    def offset(pos: lsp.Position) -> int:
        return sum(len(x) + 1 for x in lines[: pos.line]) + pos.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def test_a_wrong_quote_is_marked_at_its_value_as_typed_and_goes_when_fixed(debate: Path) -> None:
    path = debate / "a.json"
    good = path.read_text()
    typo = "Russia demands a guaranty that Ukraine never joins NATO"
    wrong = good.replace(f'"text": "{VERBATIM}"', f'"text": "{typo}"', 1)

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        assert await editor.opened(path) == []
        editor.change(path, wrong)  # unsaved: the file on disk is still right
        found = await editor.diagnostics_of(path)
        assert [d.code for d in found] == ["quote-not-found"]
        assert _range_text(wrong, found[0].range) == f'"{typo}"'
        assert "closest passage" in found[0].message and "Russia demands a guarantee" in found[0].message
        assert found[0].severity == lsp.DiagnosticSeverity.Error
        editor.change(path, good)
        assert await editor.diagnostics_of(path) == []

    drive(debate.parent, scenario)


def test_definition_and_references_cross_maps(debate: Path) -> None:
    a, b, c = (debate / f"{x}.json" for x in "abc")
    b_text, a_text = b.read_text(), a.read_text()

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        await editor.opened(b)
        found = await client.text_document_definition_async(
            lsp.DefinitionParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(b_text, '"a:target"', 3))
        )
        assert [(loc.uri, _range_text(a_text, loc.range)) for loc in found] == [(a.as_uri(), '"target"')]
        refs = await client.text_document_references_async(
            lsp.ReferenceParams(
                text_document=lsp.TextDocumentIdentifier(b.as_uri()),
                position=_at(b_text, '"a:target"', 3),
                context=lsp.ReferenceContext(include_declaration=False),
            )
        )
        assert sorted(loc.uri for loc in refs) == sorted([b.as_uri(), c.as_uri()])
        # The definition of a side is its declaration in `sides`.
        side = await client.text_document_definition_async(
            lsp.DefinitionParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(b_text, '"side": "russia"', 10))
        )
        assert _range_text(b_text, side[0].range) == '"russia"' and side[0].range.start.line == 5
        # A quote's definition is the passage in its source text.
        quote = await client.text_document_definition_async(
            lsp.DefinitionParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(b_text, VERBATIM, 5))
        )
        source = (debate.parent / SEED).read_text(encoding="utf-8")
        assert quote[0].uri == (debate.parent / SEED).as_uri()
        assert _range_text(source, quote[0].range) == VERBATIM

    drive(debate.parent, scenario)


def test_hover_tells_the_node_and_a_link_its_target(debate: Path) -> None:
    b = debate / "b.json"
    b_text = b.read_text()

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        await editor.opened(b)
        on_link = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(b_text, '"a:target"', 3))
        )
        assert "The premise others link to." in on_link.contents.value
        on_node = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(b_text, '"from-b"', 2))
        )
        text = on_node.contents.value
        assert "**premise**" in text and "Russia" in text and "Sergei Ryabkov" in text
        assert f"**{VERBATIM}**" in text  # the quote, in its source context
        assert "supports `a:target`" in text
        assert "In the tree: supports `b-claim`" in text
        assert "Evaluation (grounded): **in**" in text

    drive(debate.parent, scenario)


def test_completion_offers_the_nodes_of_the_debate_as_link_targets(debate: Path) -> None:
    b = debate / "b.json"
    typing = b.read_text().replace('"a:target"', '"a:"')  # half typed: the buffer is not a sound map

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        await editor.opened(b)
        editor.change(b, typing)
        await editor.diagnostics_of(b)
        found = await client.text_document_completion_async(
            lsp.CompletionParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(typing, '"a:"', 3))
        )
        labels = [item.label for item in found.items]
        assert labels == ["a:a-claim", "a:target"]
        assert _range_text(typing, found.items[1].text_edit.range) == "a:"
        sides = await client.text_document_completion_async(
            lsp.CompletionParams(lsp.TextDocumentIdentifier(b.as_uri()), _at(typing, '"side": "russia"', 10))
        )
        assert [item.label for item in sides.items] == ["russia"]

    drive(debate.parent, scenario)


def test_rename_across_three_maps_is_one_edit_that_validates(debate: Path) -> None:
    a = debate / "a.json"
    a_text = a.read_text()

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        await editor.opened(a)
        position = _at(a_text, '"target"', 2)
        prepared = await client.text_document_prepare_rename_async(
            lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(a.as_uri()), position)
        )
        assert prepared.placeholder == "target"
        edit = await client.text_document_rename_async(
            lsp.RenameParams(
                text_document=lsp.TextDocumentIdentifier(a.as_uri()), position=position, new_name="the-target"
            )
        )
        changed = {Path(doc.text_document.uri.removeprefix("file://")).name: doc.edits for doc in edit.document_changes}
        assert sorted(changed) == ["a.json", "b.json", "c.json"]
        for name, edits in changed.items():
            path = debate / name
            path.write_text(_apply(path.read_text(), edits))
        # Nothing was written by the server: the files change only as the edit is applied, and then validate.
        result = open_debate([debate]).findings
        assert result.ok, [i.message for i in result.issues]
        assert '"a:the-target"' in (debate / "c.json").read_text()

    drive(debate.parent, scenario)


def test_the_quick_fix_makes_the_quote_verbatim(debate: Path) -> None:
    path = debate / "c.json"
    wrong = path.read_text().replace(
        f'"text": "{VERBATIM}"', '"text": "Russia demands a guaranty that Ukraine can never join NATO"', 1
    )

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        found = await editor.opened(path, wrong)
        assert [d.code for d in found] == ["quote-not-found"]
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(path.as_uri()),
                range=found[0].range,
                context=lsp.CodeActionContext(diagnostics=found),
            )
        )
        assert [a.title for a in actions] == ["Replace the quote with the source's nearest passage"]
        action = await client.code_action_resolve_async(actions[0])
        (doc,) = action.edit.document_changes
        fixed = _apply(wrong, doc.edits)
        editor.change(path, fixed)
        assert await editor.diagnostics_of(path) == []
        assert json.loads(fixed)["claim"]["quote"]["text"].startswith("Russia demands a guarantee that Ukraine")

    drive(debate.parent, scenario)


def test_typing_fast_is_checked_once_after_the_pause(debate: Path) -> None:
    """Changes closer together than the debounce cancel the checks before them: only the last is checked."""
    path = debate / "a.json"
    good = path.read_text()
    wrong = good.replace(f'"text": "{VERBATIM}"', '"text": "Not in the source at all"', 1)

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        await editor.opened(path)
        for text in (wrong, good, wrong, good, wrong):
            editor.change(path, text)
        found = await editor.diagnostics_of(path)
        assert [d.code for d in found] == ["quote-not-found"]
        assert editor.published_versions == [1, 6]  # the open, then the last change alone

    drive(debate.parent, scenario, debounce_ms=5000)


def test_a_map_changed_on_disk_is_read_again_and_the_open_ones_rechecked(debate: Path) -> None:
    """The editor says a file changed (the server asked to be told): links into it are checked against it anew."""
    a, b = debate / "a.json", debate / "b.json"
    registered: list[str] = []

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        assert await editor.opened(b) == []
        assert registered == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        a.write_text(a.read_text().replace('"target"', '"moved"'))  # another program renames the node
        client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams([lsp.FileEvent(a.as_uri(), lsp.FileChangeType.Changed)])
        )
        found = await editor.diagnostics_of(b)
        assert [d.code for d in found] == ["unknown-link"]

    def capabilities(client: LanguageClient) -> lsp.ClientCapabilities:
        @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
        def register(params: lsp.RegistrationParams) -> None:
            registered.extend(r.method for r in params.registrations)

        watched = lsp.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        return lsp.ClientCapabilities(workspace=lsp.WorkspaceClientCapabilities(did_change_watched_files=watched))

    drive(debate.parent, scenario, capabilities=capabilities)


def _schemaless(map_id: str, children: list[dict]) -> str:
    """A map as many are, imported or written by hand: valid, and naming no `$schema`."""
    data = _map(map_id, children)
    del data["$schema"]
    return _text(data)


def test_a_map_without_schema_alone_in_its_folder_is_served_and_a_package_json_beside_it_is_not(
    project: Path,
) -> None:
    notes = project / "notes"
    notes.mkdir()
    typo = "Russia demands a guaranty that Ukraine never joins NATO"
    a, b, package = notes / "a.json", notes / "b.json", notes / "package.json"
    a.write_text(_schemaless("a", [_node("target", "premise", "The premise.", quote=typo)]))
    b.write_text(_schemaless("b", [_node("from-b", "premise", "B leans on a.", supports=["a:target"])]))
    package.write_text('{\n  "name": "notes",\n  "version": "1.0.0",\n  "description": "Not a map"\n}\n')

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        found = await editor.opened(a)
        assert [d.code for d in found] == ["quote-not-found"]
        assert _range_text(a.read_text(), found[0].range) == f'"{typo}"'
        editor.open(package)  # surely no map: nothing is published for it
        # Renaming the map re-checks every file of its folder: b's link dangles, package.json stays unshown.
        editor.change(a, a.read_text().replace('"id": "a"', '"id": "renamed"', 1))
        await editor.diagnostics_of(a)
        assert [d.code for d in await editor.diagnostics_of(b)] == ["unknown-link"]
        editor.change(a, a.read_text())
        await editor.diagnostics_of(a)
        assert package.as_uri() not in editor.diagnostics

    drive(project, scenario)


def test_a_half_typed_map_without_schema_is_checked_once_it_looks_like_a_map(project: Path) -> None:
    notes = project / "notes"
    notes.mkdir()
    path = notes / "new.json"

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        editor.open(path, '{"id": "x", ')  # could be anything yet: not served
        editor.change(path, '{"id": "x", "claim": {')  # now a map by its keys, broken mid-typing
        found = await editor.diagnostics_of(path)
        assert found and found[0].code == "json-syntax", found
        assert editor.published_versions == [2]

    drive(project, scenario)


def test_an_outline_without_its_header_is_served(debate: Path) -> None:
    outline = debate / "d.txt"
    text = "id: d\ntitle: D\nside russia: Russia\n\n* [d-claim] (russia) D.\n  supports: a:nothing\n"

    async def scenario(editor: Editor, client: LanguageClient) -> None:
        found = await editor.opened(outline, text)
        (link,) = [d for d in found if d.code == "unknown-link"]
        assert link.range.start == lsp.Position(5, 12)

    drive(debate.parent, scenario)
