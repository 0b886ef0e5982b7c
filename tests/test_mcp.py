"""`argmap mcp`: the debate served over MCP, driven by the SDK's own client, over stdio and in-process."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.vocab import AnswerKind, ImageFormat, Kind, ReportFormat, Role, SearchMatch, Semantics

from .conftest import ROOT, run_argmap

pytest.importorskip("mcp", reason="the MCP SDK is not installed (pip install -e '.[test]' installs it)")

import anyio  # noqa: E402  (the SDK brings it)
from mcp import Client, StdioServerParameters  # noqa: E402

from argmap.mcp import tools  # noqa: E402
from argmap.mcp.server import build  # noqa: E402
from argmap.mcp.tools import Folder, Tool  # noqa: E402

GUIDE = "seeds/2022-01-12-what-does-russia-want.txt"
READ_TOOLS = {"list_maps", "show", "search", "validate", "evaluate", "coverage", "diff", "render"}
WRITE_TOOLS = {"new", "add", "edit", "move", "remove", "rename"} | {
    f"{group}_{verb}" for group in ("side", "source") for verb in ("add", "edit", "rename", "remove")
}


@pytest.fixture
def seeded(project: Path) -> Path:
    """A scratch project holding a copy of the seed debate."""
    for path in (ROOT / "maps").glob("*.json"):
        shutil.copy(path, project / "maps" / path.name)
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every map file's bytes (the lock file the folder keeps is no map)."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def over_stdio(project: Path, mode: str = "auto") -> Client:
    server = StdioServerParameters(command=sys.executable, args=["-m", "argmap", "mcp", "maps"], cwd=str(project))
    return Client(server, mode=mode, read_timeout_seconds=120)


def in_process(folder: Path) -> Client:
    return Client(build(Folder(folder)))


def text(result: Any) -> str:
    return result.content[0].text


async def call(client: Client, name: str, **arguments: Any) -> Any:
    result = await client.call_tool(name, arguments)
    assert not result.is_error, text(result)
    return result


async def first_map(client: Client) -> dict[str, Any]:
    return json.loads(text(await call(client, "list_maps")))["maps"][0]


def under_claim(target: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Arguments of `add` for a premise of the map's first side under its claim."""
    return {
        "map": target["id"],
        "parent": target["claim"]["id"],
        "kind": "premise",
        "side": next(iter(target["sides"])),
        **fields,
    }


# ---------------------------------------------------------------- over stdio, as an assistant's client runs it


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_tools_and_resources_are_listed_and_read_over_stdio(seeded: Path, mode: str) -> None:
    async def session() -> None:
        async with over_stdio(seeded, mode) as client:
            listed = (await client.list_tools()).tools
            assert {t.name for t in listed} == READ_TOOLS | WRITE_TOOLS
            for tool in listed:
                assert tool.description and tool.input_schema["additionalProperties"] is False
                assert tool.annotations.read_only_hint is (tool.name in READ_TOOLS)
            uris = {r.uri: r for r in (await client.list_resources()).resources}
            maps = json.loads(text(await call(client, "list_maps")))["maps"]
            assert len(maps) == len(list((seeded / "maps").glob("*.json")))
            for entry in maps:
                assert {f"argmap://map/{entry['id']}.json", f"argmap://map/{entry['id']}.outline"} <= set(uris)
            assert {"argmap://schema", "argmap://source/guide", "argmap://source/aljazeera"} <= set(uris)
            first = maps[0]
            stored = await client.read_resource(f"argmap://map/{first['id']}.json")
            assert stored.contents[0].text == (seeded / "maps" / first["file"]).read_text(encoding="utf-8")
            outline = await client.read_resource(f"argmap://map/{first['id']}.outline")
            assert outline.contents[0].text.startswith("# argmap outline\n")
            assert f"id: {first['id']}" in outline.contents[0].text
            source = await client.read_resource("argmap://source/guide")
            assert source.contents[0].text == (seeded / GUIDE).read_text(encoding="utf-8-sig")
            schema = json.loads((await client.read_resource("argmap://schema")).contents[0].text)
            assert schema["$id"].startswith("urn:argmap:schema:map:")

    anyio.run(session)


@pytest.mark.slow
def test_search_a_source_then_add_a_node_quoting_the_passage_found(seeded: Path) -> None:
    async def session() -> None:
        async with over_stdio(seeded) as client:
            found = (await call(client, "search", query="iron guarantees")).structured_content
            passage = found["passages"][0]
            assert passage["source"] == "guide" and "iron guarantees" in passage["text"]
            target = await first_map(client)
            added = await call(
                client,
                "add",
                **under_claim(
                    target,
                    text="Moscow wants guarantees that are legally binding.",
                    speaker="Sergei Ryabkov, Russian Deputy Foreign Minister",
                    source=passage["source"],
                    quote=passage["text"],
                ),
            )
            node_id = added.structured_content["id"]
            shown = (await call(client, "show", map=target["id"], node=node_id)).structured_content
            assert shown["node"]["quote"] == {"source": "guide", "text": passage["text"]}
            assert shown["answers"]["id"] == target["claim"]["id"]
            assert "0 problems" in text(await call(client, "validate"))

    anyio.run(session)
    stored = json.loads(next((seeded / "maps").glob("1-*.json")).read_text(encoding="utf-8"))
    assert any(c.get("quote", {}).get("text", "").endswith("legally binding.") for c in stored["claim"]["children"])


@pytest.mark.slow
def test_a_misquote_is_refused_with_the_nearest_passage_and_nothing_changes(seeded: Path) -> None:
    before = snapshot(seeded / "maps")

    async def session() -> str:
        async with over_stdio(seeded) as client:
            target = await first_map(client)
            misquoted = "We need iron-clad guarantees, waterproof and bulletproof"
            arguments = under_claim(target, text="Moscow wants iron-clad guarantees.", source="guide", quote=misquoted)
            refused = await client.call_tool("add", arguments)
            assert refused.is_error
            return text(refused)

    message = anyio.run(session)
    assert "nothing was written" in message.splitlines()[0]
    assert "quote-not-found" in message and "closest passage" in message
    assert "iron guarantees, waterproof, bulletproof" in message
    # The closest passage is the source's own text (its quote marks too), so it can be quoted as it stands.
    hint = message.split("closest passage: \u201c", 1)[1].removesuffix("\u201d")
    assert hint in " ".join((seeded / GUIDE).read_text(encoding="utf-8").split())
    assert "Traceback" not in message
    assert snapshot(seeded / "maps") == before


@pytest.mark.slow
def test_ten_clients_adding_at_once_all_land(seeded: Path) -> None:
    path = sorted((seeded / "maps").glob("*.json"))[0]
    target = json.loads(path.read_text(encoding="utf-8"))

    async def one(number: int, ids: list[str]) -> None:
        async with over_stdio(seeded) as client:
            arguments = under_claim(target, text=f"Point number {number} from client {number}.", id=f"client-{number}")
            ids.append((await call(client, "add", **arguments)).structured_content["id"])

    async def clients() -> list[str]:
        ids: list[str] = []
        async with anyio.create_task_group() as group:
            for number in range(10):
                group.start_soon(one, number, ids)
        return ids

    ids = anyio.run(clients)
    assert sorted(ids) == sorted(f"client-{n}" for n in range(10))
    stored = json.loads(path.read_text(encoding="utf-8"))
    children = {c["id"] for c in stored["claim"]["children"]}
    assert {f"client-{n}" for n in range(10)} <= children
    assert run_argmap("validate", "maps", cwd=seeded).returncode == 0


@pytest.mark.slow
@pytest.mark.dot
def test_render_returns_a_valid_image(seeded: Path) -> None:
    async def session() -> tuple[Any, Any]:
        async with over_stdio(seeded) as client:
            map_id = json.loads(text(await call(client, "list_maps")))["maps"][0]["id"]
            png = await call(client, "render", map=map_id, format="png", dpi=48)
            svg = await call(client, "render", map=map_id, format="svg")
            return png, svg

    png, svg = anyio.run(session)
    import base64

    image = png.content[1]
    assert image.type == "image" and image.mime_type == "image/png"
    data = base64.b64decode(image.data)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100
    assert svg.content[1].mime_type == "image/svg+xml"
    root = ET.fromstring(base64.b64decode(svg.content[1].data))
    assert root.tag.endswith("svg")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}g[@class='node']")) > 3
    assert f"{png.content[0].text}".startswith("map '")


# ---------------------------------------------------------------- in-process: the same server, without a process


def test_the_schemas_take_their_choices_from_the_vocabulary() -> None:
    schema = {tool.name: tool.schema["properties"] for tool in tools.TOOLS}
    for name in ("add", "edit"):
        assert schema[name]["role"]["enum"] == [r.value for r in Role]
        assert (schema[name]["weight"]["minimum"], schema[name]["weight"]["maximum"]) == (0, 1)
        assert {"undercut", "rephrase", "group", "title"} <= set(schema[name])
    assert "no_weight" in schema["edit"] and "no_weight" not in schema["add"]
    assert schema["add"]["kind"]["enum"] == [k.value for k in AnswerKind]
    assert schema["edit"]["kind"]["enum"] == [k.value for k in Kind]
    assert schema["evaluate"]["semantics"]["enum"] == [s.value for s in Semantics]
    assert schema["validate"]["format"]["enum"] == [f.value for f in ReportFormat]
    assert schema["render"]["format"]["enum"] == [ImageFormat.SVG.value, ImageFormat.PNG.value]
    assert schema["search"]["match"]["enum"] == [m.value for m in SearchMatch]
    add = next(t for t in tools.TOOLS if t.name == "add").schema
    assert add["required"] == ["map", "parent", "kind", "side", "text"]


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        ("ad", {}, "no tool 'ad' (did you mean add"),
        ("add", {"map": "x"}, "add: 'parent' is required"),
        ("add", {"map": "x", "parent": "p", "kind": "claim", "side": "s", "text": "t"}, "'kind' is one of premise"),
        ("show", {"map": 3}, "show: 'map' takes a string, not a number"),
        ("show", {"map": "x", "depth": -1}, "show: 'depth' is at least 0"),
        ("search", {"query": "x", "limt": 3}, "search: no parameter 'limt' (did you mean limit?)"),
        ("show", {"map": "nope"}, "has no map 'nope'"),
    ],
)
def test_a_bad_call_is_a_tool_error_of_one_line(seeded: Path, name: str, arguments: dict, expected: str) -> None:
    async def session() -> Any:
        async with in_process(seeded / "maps") as client:
            return await client.call_tool(name, arguments)

    result = anyio.run(session)
    assert result.is_error
    assert expected in text(result)
    assert len(text(result).splitlines()) == 1


def test_an_internal_error_is_one_line_and_no_traceback(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(folder: Folder, args: dict) -> tools.Reply:
        raise RuntimeError("something inside broke")

    monkeypatch.setitem(tools.BY_NAME, "list_maps", Tool("list_maps", "", "", (), broken))

    async def session() -> Any:
        async with in_process(seeded / "maps") as client:
            return await client.call_tool("list_maps", {})

    result = anyio.run(session)
    assert result.is_error
    assert text(result) == "internal error: RuntimeError: something inside broke (please report it)"


def _two_maps(folder: Path) -> None:
    """Map 'a' with a quoted claim and a premise; map 'b' whose node attacks a's premise."""

    async def session() -> None:
        async with in_process(folder) as client:
            await call(client, "new", id="a", title="A", claim="Russia needs binding guarantees.", sides=["russia"])
            await call(client, "source_add", map="a", source="guide", path=GUIDE, title="Guide", date="2022-01-12")
            premise = "We do not trust the other side,"
            await call(
                client,
                "add",
                map="a",
                parent="russia-needs-binding-guarantees",
                kind="premise",
                side="russia",
                text="Moscow distrusts the West.",
                id="distrust",
                source="guide",
                quote=premise,
            )
            await call(client, "new", id="b", title="B", claim="NATO stays open.", sides=["nato=NATO"], claim_id="open")
            await call(
                client,
                "add",
                map="b",
                parent="open",
                kind="premise",
                side="nato",
                text="Trust is built.",
                id="trust",
                attacks=["a:distrust"],
            )

    anyio.run(session)


def test_show_gives_a_node_with_its_links_both_ways(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)

    async def session() -> tuple[dict, dict]:
        async with in_process(folder) as client:
            into = (await call(client, "show", map="a", node="distrust")).structured_content
            out = (await call(client, "show", map="b.json", node="trust")).structured_content
            return into, out

    into, out = anyio.run(session)
    assert into["answers"]["id"] == "russia-needs-binding-guarantees" and into["answers"]["relation"] == "supports"
    assert into["links_in"] == [
        {"relation": "attacks", "map": "b", "id": "trust", "kind": "premise", "side": "nato", "text": "Trust is built."}
    ]
    assert out["links_out"][0]["link"] == "a:distrust" and out["links_out"][0]["text"] == "Moscow distrusts the West."
    claim = next(iter(run_argmap("show", "maps/a.json", "--no-color", cwd=project).stdout.splitlines()))
    assert claim.startswith("A  (a)")


def test_show_names_each_link_target_in_its_own_map_and_leaves_a_missing_one_bare(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)
    path = folder / "b.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claim"]["attacks"] = ["a:distrust", "trust", "a:gone", "nowhere:x"]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    out = tools.call(Folder(folder), "show", {"map": "b", "node": "open"}).data
    assert out is not None
    assert [(x["link"], x.get("map"), x.get("text")) for x in out["links_out"]] == [
        ("a:distrust", "a", "Moscow distrusts the West."),
        ("trust", "b", "Trust is built."),
        ("a:gone", None, None),
        ("nowhere:x", None, None),
    ]


def test_move_to_another_map_and_rename_a_map_with_its_file(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)

    async def session() -> tuple[dict, dict]:
        async with in_process(folder) as client:
            moved = (await call(client, "move", map="a", node="distrust", new_parent="b:open")).structured_content
            renamed = (await call(client, "rename", map="b", new="bee")).structured_content
            return moved, renamed

    moved, renamed = anyio.run(session)
    assert moved["map"] == "b" and moved["nodes"] == 1 and moved["kind"] == "premise"
    assert "declared there: side 'russia', source 'guide'" in moved["message"]
    assert renamed["changed"] is True and renamed["file"] == "bee.json"
    assert renamed["message"] == f"renamed the map to 'bee' and its file {folder / 'b.json'} to bee.json"
    bee = argmap.load(folder / "bee.json")
    assert bee.find("trust").node.attacks == ["distrust"]  # both ends in one map now
    assert bee.find("distrust").node.quote.source == "guide" and "russia" in bee.sides
    assert not (folder / "b.json").exists() and argmap.open_debate([folder]).ok


def test_a_write_that_would_break_another_map_is_refused_and_nothing_is_written(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)
    before = snapshot(folder)

    async def session() -> list[str]:
        async with in_process(folder) as client:
            messages = []
            for name, arguments in (
                ("remove", {"map": "a", "node": "distrust"}),
                ("new", {"id": "b", "file": "c.json", "title": "C", "claim": "Another.", "sides": ["nato"]}),
                ("rename", {"map": "a", "new": "b"}),
            ):
                result = await client.call_tool(name, arguments)
                assert result.is_error, name
                messages.append(text(result))
            return messages

    removed, duplicate, renamed = anyio.run(session)
    assert "1 cross-link pointing at nothing: 'trust' attacks 'a:distrust' (map 'b'" in removed
    assert removed.endswith("(use `unlink` to remove those links too)")  # the CLI's --unlink, as this tool's argument
    assert "nothing was written" in duplicate.splitlines()[0] and "duplicate-map-id" in duplicate
    assert "the debate already has a map 'b'" in renamed
    assert snapshot(folder) == before


def test_a_nodes_fields_are_set_through_the_tools_and_a_misfit_is_refused(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)

    async def session() -> tuple[dict, dict, list[str]]:
        async with in_process(folder) as client:
            await call(client, "edit", map="a", node="distrust", group="g", weight=0.75, title="Distrust")
            added = {"kind": "rebuttal", "side": "russia", "text": "Not so.", "id": "u", "undercut": True}
            await call(client, "add", map="a", parent="distrust", **added)
            shown = (await call(client, "show", map="a", node="distrust")).structured_content
            before = snapshot(folder)
            messages = []
            for name, arguments in (
                ("edit", {"map": "a", "node": "distrust", "kind": "rebuttal"}),
                ("edit", {"map": "a", "node": "u", "group": "g"}),
                ("edit", {"map": "a", "node": "u", "kind": "premise"}),
                ("edit", {"map": "a", "node": "u", "weight": 2}),
                ("move", {"map": "a", "node": "u", "new_parent": "russia-needs-binding-guarantees"}),
            ):
                result = await client.call_tool(name, arguments)
                assert result.is_error, (name, arguments)
                messages.append(text(result))
            assert snapshot(folder) == before
            cleared = (await call(client, "edit", map="a", node="u", undercut=False)).structured_content
            return shown, cleared, messages

    shown, cleared, (kind, group, flag, weight, move) = anyio.run(session)
    assert {k: shown["node"][k] for k in ("group", "weight", "title")} == {
        "group": "g",
        "weight": 0.75,
        "title": "Distrust",
    }
    assert kind.endswith(
        "'distrust' as a rebuttal cannot be in a group ('g'): linked premises are premises (clear it with `group` '')"
    )
    assert "'u' as a rebuttal cannot be in a group ('g')" in group
    assert flag.endswith(
        "'u' as a premise cannot be an undercut: an undercut is a rebuttal or counter-rebuttal, "
        "attacking an inference (clear it with `undercut` false)"
    )  # the CLI's --no-undercut
    assert "edit: 'weight' is at most 1, not 2" in weight
    # The CLI's remedy (`argmap edit maps/a.json u --no-undercut`) as the call of the edit tool that clears it.
    assert move.endswith(
        "'u' cannot be an undercut under the claim: it would attack the inference from the claim to what the "
        "claim answers, and the claim answers nothing (clear it first: the `edit` tool with `map` 'a.json', "
        "`node` 'u' and `undercut` false)"
    )
    assert cleared == {"message": "edited 'u'", "changed": True}
    assert "undercut" not in argmap.load(folder / "a.json").find("u").node.model_dump(exclude_none=True)


def test_a_bearing_is_set_shown_and_refused_through_the_tools(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)

    async def session() -> tuple[dict, list[str], dict[str, bytes]]:
        async with in_process(folder) as client:
            await call(client, "edit", map="a", node="distrust", bearing_kind="entails", scheme="Argument From Sign")
            shown = (await call(client, "show", map="a", node="distrust")).structured_content
            before = snapshot(folder)
            messages = []
            for arguments in (
                {"node": "distrust", "bearing_kind": "contrary"},
                {"node": "russia-needs-binding-guarantees", "scheme": "Argument From Sign"},
                {"node": "distrust", "kind": "rebuttal"},
            ):
                result = await client.call_tool("edit", {"map": "a", **arguments})
                assert result.is_error, arguments
                messages.append(text(result))
            return shown, messages, before

    shown, (contrary, claim, kind), before = anyio.run(session)
    assert shown["node"]["bearing"] == {"kind": "entails", "scheme": "Argument From Sign"}
    assert contrary.endswith(
        "`bearing_kind` contrary of 'distrust': as a premise it supports its parent, so its bearing cannot be "
        "contrary (an attack's) (give `bearing_kind` entails)"
    )  # the CLI's --bearing-kind, as this tool's argument
    assert claim.endswith(
        "'russia-needs-binding-guarantees' is the root claim: it answers no parent, so it takes no `scheme`"
    )
    assert kind.endswith(
        "'distrust' as a rebuttal attacks its parent, so its bearing cannot be entails (a support's) "
        "(clear it with `no_bearing_kind`)"
    )
    assert snapshot(folder) == before


def test_a_move_refused_for_a_flag_names_the_edit_call_that_clears_it(project: Path) -> None:
    folder = project / "two words"  # a folder the CLI's remedy quotes: the call must still name the file
    folder.mkdir()
    _two_maps(folder)

    async def session() -> tuple[str, dict[str, bytes]]:
        async with in_process(folder) as client:
            await call(client, "edit", map="a", node="distrust", group="g")
            before = snapshot(folder)
            result = await client.call_tool(
                "move", {"map": "a", "node": "distrust", "new_parent": "b:open", "kind": "rebuttal"}
            )
            assert result.is_error
            return text(result), before

    message, before = anyio.run(session)
    assert message.endswith(
        "'distrust' as a rebuttal cannot be in a group ('g'): linked premises are premises "
        "(clear it first: the `edit` tool with `map` 'a.json', `node` 'distrust' and `group` '')"
    )
    assert snapshot(folder) == before


def remedy_call(message: str, **chosen: str) -> tuple[str, dict[str, Any]]:
    """The tool call a refusal names as its remedy, as an assistant would make it: each quoted argument as given,
    each one left to choose (`new` NEW-ID) from `chosen`."""
    found = re.search(r"the `(\w+)` tool with (.*?)\)$", message)
    assert found is not None, message
    arguments: dict[str, Any] = {}
    for key, value in re.findall(r"`(\w+)` ('[^']*'|[A-Z][A-Z0-9-]*|true|false)", found.group(2)):
        if value.startswith("'"):
            arguments[key] = value.strip("'")
        else:
            arguments[key] = {"true": True, "false": False}[value] if value in ("true", "false") else chosen[value]
    return found.group(1), arguments


async def refused(client: Client, name: str, **arguments: Any) -> str:
    result = await client.call_tool(name, arguments)
    assert result.is_error
    return text(result)


def test_a_move_refused_for_a_taken_id_names_the_rename_call_that_clears_the_way(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)

    async def session() -> tuple[str, str, dict[str, bytes], dict[str, bytes]]:
        async with in_process(folder) as client:
            await call(client, "add", map="b", parent="open", kind="premise", side="nato", text="D.", id="distrust")
            before = snapshot(folder)
            message = await refused(client, "move", map="a", node="distrust", new_parent="b:open")
            refused_before = snapshot(folder)
            name, arguments = remedy_call(message, **{"NEW-ID": "distrust-a"})
            await call(client, name, **arguments)
            moved = await call(client, "move", map="a", node="distrust-a", new_parent="b:open")
            return message, text(moved), before, refused_before

    message, moved, before, refused_before = anyio.run(session)
    # The CLI says `argmap rename maps/a.json distrust NEW-ID`.
    assert message.endswith(
        "map 'b' already has 1 node of the same id: distrust (rename it first: the `rename` tool with "
        "`map` 'a.json', `node` 'distrust' and `new` NEW-ID)"
    )
    assert refused_before == before
    assert json.loads(moved)["message"].startswith("moved 'distrust-a' (1 node) to map 'b' under 'open'")


def test_a_move_refused_for_a_source_id_names_the_source_rename_call(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)
    other = "seeds/2022-01-al-jazeera-will-nato-meet-russias-demands.txt"

    async def session() -> tuple[str, str]:
        async with in_process(folder) as client:
            await call(client, "source_add", map="b", source="guide", path=other, title="Other", date="2022-01")
            message = await refused(client, "move", map="a", node="distrust", new_parent="b:open")
            name, arguments = remedy_call(message, **{"NEW-ID": "guide-a"})
            await call(client, name, **arguments)
            moved = await call(client, "move", map="a", node="distrust", new_parent="b:open")
            return message, text(moved)

    message, moved = anyio.run(session)
    # The CLI says `argmap source rename maps/a.json guide NEW-ID`.
    assert message.endswith(
        "(give one of them another id first: the `source_rename` tool with `map` 'a.json', `source` 'guide' "
        "and `new` NEW-ID)"
    )
    assert "declared there: side 'russia', source 'guide-a'" in json.loads(moved)["message"]
    quote = argmap.load(folder / "b.json").find("distrust").node.quote
    assert quote is not None and quote.source == "guide-a"


def test_a_kind_its_answers_cannot_answer_names_the_move_that_clears_the_way(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)

    async def session() -> tuple[str, str]:
        async with in_process(folder) as client:
            await call(client, "add", map="a", parent="distrust", kind="rebuttal", side="russia", text="R.", id="r")
            message = await refused(client, "edit", map="a", node="distrust", kind="rebuttal")
            name, arguments = remedy_call(message)
            await call(client, name, **arguments)
            edited = await call(client, "edit", map="a", node="distrust", kind="rebuttal")
            return message, text(edited)

    message, edited = anyio.run(session)
    # The CLI says `argmap move maps/a.json r russia-needs-binding-guarantees`.
    assert message.endswith(
        "its answers 'r' (rebuttal) cannot answer a rebuttal (move it elsewhere first: the `move` tool with "
        "`map` 'a.json', `node` 'r' and `new_parent` 'russia-needs-binding-guarantees')"
    )
    assert json.loads(edited) == {"message": "edited 'distrust'", "changed": True}
    # The new kind keeps it where it stood, before the rebuttal moved under the claim.
    claim = argmap.load(folder / "a.json").claim
    assert [(c.id, c.kind) for c in claim.children] == [("distrust", Kind.REBUTTAL), ("r", Kind.REBUTTAL)]


def test_maps_of_one_id_name_the_rename_of_the_map(project: Path) -> None:
    folder = project / "maps"
    _two_maps(folder)
    shutil.copy(folder / "b.json", folder / "b2.json")

    async def session() -> tuple[str, str]:
        async with in_process(folder) as client:
            message = await refused(client, "rename", map="b.json", node="trust", new="faith")
            name, arguments = remedy_call(message, FILE="b2.json", NEW="b2")
            assert (name, arguments) == ("rename", {"map": "b2.json", "new": "b2"})
            renamed = json.loads(text(await call(client, name, **arguments)))["message"]
            await call(client, "rename", map="b.json", node="trust", new="faith")
            return message, renamed

    message, renamed = anyio.run(session)
    # The CLI says `argmap rename FILE --map NEW`: the tool renames the map given `new` and no `node`.
    assert message.endswith("(give one of them another id first: the `rename` tool with `map` FILE and `new` NEW)")
    assert renamed.endswith("links to 'b' were left as they are: they name the other map of that id")
    assert argmap.load(folder / "b.json").find("faith") is not None
    assert argmap.load(folder / "b2.json").find("trust") is not None


CLI_SESSION: list[tuple[list[str], str, dict[str, Any]]] = [
    (
        [
            "new",
            "maps/a.json",
            "--title",
            "A",
            "--claim",
            "Russia needs binding guarantees.",
            "--side",
            "russia",
            "--side",
            "united-states=United States",
            "--claim-id",
            "binding",
        ],
        "new",
        {
            "id": "a",
            "title": "A",
            "claim": "Russia needs binding guarantees.",
            "claim_id": "binding",
            "sides": ["russia", "united-states=United States"],
        },
    ),
    (
        ["source", "add", "maps/a.json", "guide", "--path", GUIDE, "--title", "Guide", "--date", "2022-01-12"],
        "source_add",
        {"map": "a", "source": "guide", "path": GUIDE, "title": "Guide", "date": "2022-01-12"},
    ),
    (
        [
            "edit",
            "maps/a.json",
            "binding",
            "--speaker",
            "Sergei Ryabkov",
            "--source",
            "guide",
            "--quote",
            "We need iron guarantees, waterproof, bulletproof, legally binding.",
        ],
        "edit",
        {
            "map": "a",
            "node": "binding",
            "speaker": "Sergei Ryabkov",
            "source": "guide",
            "quote": "We need iron guarantees, waterproof, bulletproof, legally binding.",
        },
    ),
    (
        [
            "add",
            "maps/a.json",
            "binding",
            "--kind",
            "premise",
            "--side",
            "russia",
            "--text",
            "Moscow distrusts.",
            "--quote",
            "We do not trust the other side,",
        ],
        "add",
        {
            "map": "a",
            "parent": "binding",
            "kind": "premise",
            "side": "russia",
            "text": "Moscow distrusts.",
            "quote": "We do not trust the other side,",
        },
    ),
    (
        [
            "add",
            "maps/a.json",
            "binding",
            "--kind",
            "rebuttal",
            "--side",
            "united-states",
            "--text",
            "No veto.",
            "--id",
            "no-veto",
        ],
        "add",
        {
            "map": "a",
            "parent": "binding",
            "kind": "rebuttal",
            "side": "united-states",
            "text": "No veto.",
            "id": "no-veto",
        },
    ),
    (
        ["edit", "maps/a.json", "no-veto", "--role", "context", "--weight", "0.3", "--title", "Veto"],
        "edit",
        {"map": "a", "node": "no-veto", "role": "context", "weight": 0.3, "title": "Veto"},
    ),
    (
        ["edit", "maps/a.json", "no-veto", "--bearing-kind", "contrary", "--scheme", "Conflict From Goal"],
        "edit",
        {"map": "a", "node": "no-veto", "bearing_kind": "contrary", "scheme": "Conflict From Goal"},
    ),
    (
        [
            "add",
            "maps/a.json",
            "binding",
            "--kind",
            "premise",
            "--side",
            "russia",
            "--text",
            "Guarantees fail.",
            "--group",
            "linked",
            "--rephrase",
            "--weight",
            "1",
            "--bearing-kind",
            "entails",
        ],
        "add",
        {
            "map": "a",
            "parent": "binding",
            "kind": "premise",
            "side": "russia",
            "text": "Guarantees fail.",
            "group": "linked",
            "rephrase": True,
            "weight": 1,
            "bearing_kind": "entails",
        },
    ),
    (
        ["edit", "maps/a.json", "guarantees-fail", "--group", "", "--no-rephrase", "--no-weight", "--scheme", "Sign"],
        "edit",
        {"map": "a", "node": "guarantees-fail", "group": "", "rephrase": False, "no_weight": True, "scheme": "Sign"},
    ),
    (["side", "add", "maps/a.json", "analyst"], "side_add", {"map": "a", "side": "analyst"}),
    (
        ["side", "edit", "maps/a.json", "analyst", "--description", "Observers.", "--color", "#999999"],
        "side_edit",
        {"map": "a", "side": "analyst", "description": "Observers.", "color": "#999999"},
    ),
    (
        ["side", "rename", "maps/a.json", "analyst", "observers"],
        "side_rename",
        {"map": "a", "side": "analyst", "new": "observers"},
    ),
    (
        ["move", "maps/a.json", "no-veto", "moscow-distrusts"],
        "move",
        {"map": "a", "node": "no-veto", "new_parent": "moscow-distrusts"},
    ),
    (
        ["rename", "maps/a.json", "moscow-distrusts", "distrust"],
        "rename",
        {"map": "a", "node": "moscow-distrusts", "new": "distrust"},
    ),
    (
        ["new", "maps/b.json", "--title", "B", "--claim", "NATO stays open.", "--side", "nato", "--claim-id", "open"],
        "new",
        {"id": "b", "title": "B", "claim": "NATO stays open.", "sides": ["nato"], "claim_id": "open"},
    ),
    (
        [
            "add",
            "maps/b.json",
            "open",
            "--kind",
            "premise",
            "--side",
            "nato",
            "--text",
            "Trust.",
            "--id",
            "trust",
            "--attacks",
            "a:distrust",
        ],
        "add",
        {
            "map": "b",
            "parent": "open",
            "kind": "premise",
            "side": "nato",
            "text": "Trust.",
            "id": "trust",
            "attacks": ["a:distrust"],
        },
    ),
    (
        ["edit", "maps/a.json", "no-veto", "--text", "No veto on NATO.", "--no-bearing-kind"],
        "edit",
        {"map": "a", "node": "no-veto", "text": "No veto on NATO.", "no_bearing_kind": True},
    ),
    (
        ["edit", "maps/a.json", "no-veto", "--no-bearing"],
        "edit",
        {"map": "a", "node": "no-veto", "no_bearing": True},
    ),
    (
        ["source", "edit", "maps/a.json", "guide", "--publisher", "Unnamed"],
        "source_edit",
        {"map": "a", "source": "guide", "publisher": "Unnamed"},
    ),
    (["source", "rename", "maps/a.json", "guide", "g"], "source_rename", {"map": "a", "source": "guide", "new": "g"}),
    (
        ["source", "add", "maps/a.json", "spare", "--path", GUIDE, "--title", "Spare", "--date", "2022"],
        "source_add",
        {"map": "a", "source": "spare", "path": GUIDE, "title": "Spare", "date": "2022"},
    ),
    (["source", "remove", "maps/a.json", "spare"], "source_remove", {"map": "a", "source": "spare"}),
    (["remove", "maps/a.json", "no-veto"], "remove", {"map": "a", "node": "no-veto"}),
    (["side", "remove", "maps/a.json", "observers"], "side_remove", {"map": "a", "side": "observers"}),
    (["rename", "maps/a.json", "--map", "alpha"], "rename", {"map": "a", "new": "alpha"}),
]


def test_every_write_tool_makes_the_very_change_its_cli_command_makes(tmp_path: Path, project: Path) -> None:
    by_cli = tmp_path / "by-cli"
    shutil.copytree(project, by_cli)
    for args, _, _ in CLI_SESSION:
        ran = run_argmap(*args, cwd=by_cli)
        assert ran.returncode == 0, (args, ran.stderr)

    async def session() -> None:
        async with in_process(project / "maps") as client:
            for _, name, arguments in CLI_SESSION:
                await call(client, name, **arguments)

    anyio.run(session)
    assert {t for _, t, _ in CLI_SESSION} == WRITE_TOOLS
    assert snapshot(project / "maps") == snapshot(by_cli / "maps")
    kept = argmap.load(by_cli / "maps" / "alpha.json").find("guarantees-fail")
    assert kept is not None and kept.node.bearing is not None
    assert kept.node.bearing.model_dump(exclude_none=True) == {"kind": "entails", "scheme": "Sign"}


def test_the_read_tools_report_as_their_cli_commands_do(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seeded)
    subprocess.run(["git", "init", "-q"], cwd=seeded, check=True)
    subprocess.run(["git", "add", "."], cwd=seeded, check=True)
    commit = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "seed"]
    subprocess.run(commit, cwd=seeded, check=True)

    async def session() -> dict[str, str]:
        async with Client(build(Folder(Path("maps")))) as client:
            target = await first_map(client)
            await call(client, "add", **under_claim(target, text="A new point.", id="a-new-point"))
            claim = f"{target['id']}:{target['claim']['id']}"
            return {
                "validate": text(await call(client, "validate", format="json")),
                "evaluate": text(await call(client, "evaluate")),
                "gradual": text(await call(client, "evaluate", semantics="dfquad", explain=claim)),
                "coverage": text(await call(client, "coverage", format="markdown")),
                "diff": text(await call(client, "diff", revision="HEAD")),
                "show": text(await call(client, "show", map=target["id"], depth=1)),
                "file": target["file"],
                "claim": claim,
            }

    got = anyio.run(session)
    assert got["validate"] == run_argmap("validate", "maps", "--format", "json", cwd=seeded).stdout
    assert got["evaluate"] == run_argmap("evaluate", "maps", cwd=seeded).stdout
    gradual = run_argmap("evaluate", "maps", "--semantics", "dfquad", "--explain", got["claim"], cwd=seeded).stdout
    assert got["gradual"] == gradual and "strength" in gradual
    assert got["coverage"] == run_argmap("coverage", "maps", "--uncited", "-f", "markdown", cwd=seeded).stdout
    assert got["diff"] == run_argmap("diff", "HEAD", "maps", cwd=seeded).stdout
    assert "a-new-point" in got["diff"]
    shown = run_argmap("show", f"maps/{got['file']}", "--depth", "1", "--no-color", cwd=seeded).stdout
    assert got["show"] + "\n" == shown


def test_a_resource_that_is_not_there_is_an_error_naming_it(seeded: Path) -> None:
    from mcp.shared.exceptions import MCPError

    async def session() -> None:
        async with in_process(seeded / "maps") as client:
            with pytest.raises(MCPError, match="no resource argmap://map/nope.json"):
                await client.read_resource("argmap://map/nope.json")

    anyio.run(session)


def test_argmap_mcp_refuses_a_folder_that_is_not_there(project: Path) -> None:
    ran = run_argmap("mcp", "no-such-folder", cwd=project)
    assert ran.returncode == 2
    assert ran.stderr == "argmap: no-such-folder: not a folder of maps (give the debate folder to serve)\n"


def test_argmap_mcp_says_how_to_install_the_sdk_when_it_is_missing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mcp", None)
    monkeypatch.delitem(sys.modules, "argmap.mcp.server", raising=False)
    ran = run_argmap("mcp", "maps", cwd=project)
    assert ran.returncode == 2
    assert ran.stderr == "argmap: argmap mcp needs the MCP SDK, which is not installed: pip install 'argmap[mcp]'\n"


def test_no_other_command_imports_the_sdk() -> None:
    probe = "import sys, argmap.cli.app; print(sorted({m.split('.')[0] for m in sys.modules} & {'mcp', 'mcp_types'}))"
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert ran.stdout.strip() == "[]"
