"""The language server's library side, in-process: re-checking what an edit affects, outlines, quick fixes,
completion and positions in the protocol's units."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.debate import open_debate
from argmap.lsp import changes, features
from argmap.lsp.live import LiveDebate, Workspace
from argmap.lsp.plan import text_edits
from argmap.lsp.text import Lines

from .test_lsp import SEED, VERBATIM, _map, _text, debate  # noqa: F401  (the fixture)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _write(live: LiveDebate, edits: changes.Edits) -> None:
    for path, items in edits.items():
        path.write_text(_apply(path.read_text(), items))


def test_an_edit_rechecks_the_maps_that_link_to_it(debate: Path) -> None:  # noqa: F811
    a, b, c, d = (debate / f"{x}.json" for x in "abcd")
    d.write_text(_text(_map("d", [])))
    live = LiveDebate(debate)
    assert live.check([a, b, c]) == {a: [], b: [], c: []}
    live.set_text(a, a.read_text().replace('"target"', '"renamed"'))
    assert sorted(p.name for p in live.affected(a)) == ["b.json", "c.json"]
    found = live.check([b])[b]
    assert [i.code for i in found] == ["unknown-link"] and "a:target" in found[0].message
    # Put back as on disk: nothing dangles, and the on-disk file was never touched.
    live.set_text(a, None)
    assert live.check([b]) == {b: []}
    # An edit of a map that nothing links to, and that links nowhere, affects no other file.
    live.set_text(d, d.read_text().replace("The claim of d.", "Reworded."))
    assert live.affected(d) == []


def test_an_edit_that_breaks_a_support_circle_rechecks_every_map_on_it(project: Path) -> None:
    # e -> f -> g -> h -> e, claim to claim: the circle is reported on all four. Breaking it in f must clear
    # h's finding too, though h neither links to f nor is linked from it.
    maps = project / "maps"
    ring = "efgh"
    paths = {m: maps / f"{m}.json" for m in ring}

    def text(m: str, linked: bool = True) -> str:
        data = _map(m, [])
        if linked:
            data["claim"]["supports"] = [f"{ring[(ring.index(m) + 1) % 4]}:{ring[(ring.index(m) + 1) % 4]}-claim"]
        return _text(data)

    for m in ring:
        paths[m].write_text(text(m))
    live = LiveDebate(maps)
    assert {m: [i.code for i in found] for m, found in live.check(paths.values()).items()} == {
        p: ["support-cycle"] for p in paths.values()
    }
    live.set_text(paths["f"], text("f", linked=False))
    assert sorted(p.name for p in live.affected(paths["f"])) == ["e.json", "g.json", "h.json"]
    assert live.check(paths.values()) == {p: [] for p in paths.values()}
    # Closing it again brings the finding back on h as well.
    live.set_text(paths["f"], text("f"))
    assert "h.json" in {p.name for p in live.affected(paths["f"])}
    assert [i.code for i in live.check([paths["h"]])[paths["h"]]] == ["support-cycle"]


def test_a_folder_opens_with_the_buffers_already_typed_in_it(debate: Path) -> None:  # noqa: F811
    a, b = debate / "a.json", debate / "b.json"
    workspace = Workspace()
    # a.json is open with its target renamed (unsaved); the folder's debate is first needed for b.json.
    workspace.open[a] = a.read_text().replace('"target"', '"renamed"')
    workspace.open[b] = b.read_text()
    live = workspace.debate_of(b)
    assert live.files[a].map is not None and live.files[a].map.find("renamed") is not None
    assert [i.code for i in live.check([b])[b]] == ["unknown-link"]
    assert '"target"' in a.read_text()  # the file on disk is as it was


def test_an_outline_is_checked_in_its_debate_at_its_own_lines(debate: Path) -> None:  # noqa: F811
    outline = debate / "d.outline"
    text = "# argmap outline\nid: d\ntitle: D\nside russia: Russia\n\n* [d-claim] (russia) D.\n  supports: a:nothing\n"
    workspace = Workspace()
    assert workspace.serves(outline, text)
    live = workspace.debate_of(outline)
    live.set_text(outline, text)
    (issue, *_) = [i for i in live.check([outline])[outline] if i.code == "unknown-link"]
    assert (issue.line, issue.column) == (7, 13)


def test_an_outline_answers_hover_definition_and_completion(debate: Path) -> None:  # noqa: F811
    outline = debate / "d.outline"
    text = (
        "# argmap outline\nid: d\ntitle: D\nside russia: Russia\n\n"
        "* [d-claim] (russia) D.\n  + [d-premise] (russia) Leans on a.\n    supports: a:target, d-claim\n"
    )
    live = Workspace().debate_of(outline)
    live.set_text(outline, text)
    file = live.file_at(outline)
    markdown, _ = features.hover(live, file, text.index("Leans on"))
    assert "**premise** `d:d-premise`" in markdown
    (place,) = features.definition(live, file, text.index("a:target") + 3)
    assert place.path.name == "a.json" and place.path.read_text()[place.start : place.end] == '"target"'
    (place,) = features.definition(live, file, text.index("d-claim\n") + 2)
    assert place.path == outline and text[place.start : place.end] == "d-claim"
    typing = text.replace("a:target", "a:")
    live.set_text(outline, typing)
    found = features.completions(live, live.file_at(outline), typing.index("a:,") + 2)
    assert [c.label for c in found] == ["a:a-claim", "a:target"]
    assert typing[slice(*found[0].replace)] == "a:"


def test_a_json_file_is_served_when_it_or_a_neighbour_names_the_schema(tmp_path: Path) -> None:
    workspace = Workspace()
    assert not workspace.serves(tmp_path / "package.json", '{"name": "x"}')
    (tmp_path / "m.json").write_text('{"$schema": "../schemas/argmap.schema.json", "id": "m"}')
    assert workspace.serves(tmp_path / "other.json", "{}")


def test_quick_fixes_declare_the_side_and_drop_the_dangling_link(debate: Path) -> None:  # noqa: F811
    b = debate / "b.json"
    broken = json.loads(b.read_text())
    broken["claim"]["children"][0]["side"] = "united-states"
    broken["claim"]["children"][0]["supports"] = ["a:target", "a:gone"]
    b.write_text(_text(broken))
    live = LiveDebate(debate)
    file = live.files[b]
    found = {i.code: i for i in live.check([b])[b]}
    assert set(found) == {"undeclared-side", "unknown-link"}
    for code in ("undeclared-side", "unknown-link"):
        title, data = changes.fix_for(file, code, found[code].pointer)
        _write(live, changes.apply_fix(live, file, data))
        live.set_text(b, None)
        file = live.files[b]
    assert "Declare side 'united-states'" in changes.FIXES["undeclared-side"].format(name="united-states")
    assert open_debate([debate]).ok
    fixed = json.loads(b.read_text())
    assert fixed["sides"]["united-states"] == {"name": "United States"}
    assert fixed["claim"]["children"][0]["supports"] == ["a:target"]


def test_a_rename_that_would_break_the_debate_is_refused(debate: Path) -> None:  # noqa: F811
    a = debate / "a.json"
    live = LiveDebate(debate)
    text = a.read_text()
    with pytest.raises(Exception, match="already has a node"):
        changes.rename(live, live.files[a], text.index('"target"') + 2, "a-claim")


def test_kinds_offered_are_those_allowed_under_the_parent(debate: Path) -> None:  # noqa: F811
    a = debate / "a.json"
    live = LiveDebate(debate)
    text = a.read_text()
    at = text.index('"premise"') + 1
    found = features.completions(live, live.files[a], at)
    assert [c.label for c in found] == ["premise", "rebuttal"]


def test_planned_texts_become_edits_of_the_changed_lines_only() -> None:
    old = "a\nb\nc\nd\n"
    assert text_edits(old, "a\nB\nc\nd\n") == [(2, 4, "B\n")]
    assert _apply(old, text_edits(old, "a\nc\nx\ny\nd\n")) == "a\nc\nx\ny\nd\n"
    assert text_edits(old, old) == []


def test_positions_count_utf16_units_and_every_line_break() -> None:
    lines = Lines('{"t": "\U0001f600x"}\r\n{}\r{}')
    assert lines.position(9) == (0, 10)  # the emoji is two UTF-16 units
    assert lines.offset(0, 10) == 9
    assert lines.position(lines.text.index("{}")) == (1, 0)
    assert lines.position(len(lines.text) - 2) == (2, 0)  # a lone \r ends a line too
    assert Lines("\U0001f600x", "utf-32").position(1) == (0, 1)


def test_a_quote_definition_and_hover_read_the_source(debate: Path) -> None:  # noqa: F811
    b = debate / "b.json"
    live = LiveDebate(debate)
    text = b.read_text()
    (place,) = features.definition(live, live.files[b], text.index(VERBATIM) + 3)
    assert place.path.read_text(encoding="utf-8")[place.start : place.end] == VERBATIM
    markdown, _ = features.hover(live, live.files[b], text.index('"a:target"') + 2)
    assert "The premise others link to." in markdown
    # A source's path leads to the source text itself.
    (place,) = features.definition(live, live.files[b], text.index('"seeds/') + 2)
    assert place.path.name == Path(SEED).name and place.start == 0


def test_renaming_the_map_or_a_side_plans_the_commands_edits(debate: Path) -> None:  # noqa: F811
    a, b = debate / "a.json", debate / "b.json"
    live = LiveDebate(debate)
    text = a.read_text()
    edits = changes.rename(live, live.files[a], text.index('"id": "a"') + 8, "alpha")
    assert sorted(p.name for p in edits) == ["a.json", "b.json", "c.json"]  # every link into it follows
    _write(live, edits)
    assert open_debate([debate]).ok and '"alpha:target"' in b.read_text()
    live = LiveDebate(debate)
    text = b.read_text()
    edits = changes.rename(live, live.files[b], text.index('"side": "russia"') + 10, "moscow")
    assert list(edits) == [b]  # sides are declared map by map
    _write(live, edits)
    assert open_debate([debate]).ok and '"moscow": {' in b.read_text()


def test_a_json_file_is_served_by_its_shape_and_other_json_is_not(tmp_path: Path) -> None:
    workspace = Workspace()
    schemaless = json.loads(_text(_map("m", [])))
    del schemaless["$schema"]
    assert workspace.serves(tmp_path / "m.json", json.dumps(schemaless))
    assert workspace.serves(tmp_path / "m.json", '{"id": "m", "claim": {"id": ')  # half typed, broken
    assert workspace.serves(tmp_path / "m.json", '{"sides": {"a": {"name": "{"}}, "claim": {}}')
    for name, text in [
        ("package.json", '{"name": "x", "version": "1.0.0", "description": "d"}'),
        ("tsconfig.json", '{"compilerOptions": {"strict": true}}'),
        ("settings.json", '{"editor.fontSize": 12}'),
        ("list.json", '[{"id": "m", "claim": {}}]'),
        ("nested.json", '{"data": {"id": "m", "claim": {}}}'),
        ("empty.json", ""),
        ("some.json", '{"id": "m"}'),  # could become a map, but nothing says it is one
    ]:
        assert not workspace.serves(tmp_path / name, text), name
    # A huge JSON file that is no map is told from its first kilobytes.
    huge = json.dumps({"data": [{"claim": i, "id": i} for i in range(300_000)]})
    assert not workspace.serves(tmp_path / "huge.json", huge)
    # Beside a map with no $schema, a new file may become one; package.json still is none.
    (tmp_path / "m.json").write_text(json.dumps(schemaless))
    assert Workspace().serves(tmp_path / "new.json", "{}")
    assert not Workspace().serves(tmp_path / "package.json", '{"name": "x"}')


def test_an_outline_is_known_by_its_header_or_its_shape(debate: Path) -> None:  # noqa: F811
    workspace = Workspace()
    body = "id: d\ntitle: D\nside russia: Russia\n  description: R.\n\n* [d-claim] (russia) D.\n"
    assert workspace.serves(debate / "d.txt", "# argmap outline\n" + body)
    assert workspace.serves(debate / "e.txt", "# notes\n" + body)
    source = (debate.parent / SEED).read_text(encoding="utf-8")
    assert not workspace.serves(debate.parent / SEED, source)
    assert not workspace.serves(debate / "todo.txt", "id: 4\n* (x) buy milk\n".replace("id: 4\n", "Shopping\n"))
    # Once served, an outline half typed into no outline's shape is still read as one, not as a JSON map.
    live = workspace.debate_of(debate / "e.txt")
    live.set_text(debate / "e.txt", "id: d\n")
    assert debate / "e.txt" in live.outlines and debate / "e.txt" not in live.files


def test_the_map_keys_told_from_are_the_schemas() -> None:
    from argmap.lsp.shape import MAP_KEYS

    schema = json.loads((Path(__file__).parent.parent / "schemas" / "argmap.schema.json").read_text())
    assert set(schema["properties"]) == MAP_KEYS
    assert {"claim", "id", "sides"} <= set(schema["required"])
