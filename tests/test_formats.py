"""Interchange formats: real files import with their counts, seed maps round-trip, bad files get one located line."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap.debate import Debate, check
from argmap.formats import FormatError, formats, guess, import_file, read_file, read_text, write
from argmap.formats import argdown as argdown_format
from argmap.io.serialize import dump_map
from argmap.model import ArgMap
from argmap.vocab import Kind, TextFormat

from .conftest import CASES, ROOT

DATA = ROOT / "tests" / "data" / "formats"
MAPS = sorted((ROOT / "maps").glob("*.json"))
SCHEMA2 = CASES / "valid" / "linked-undercut-rephrase.json"


def _seeds() -> list[ArgMap]:
    return [argmap.load(p) for p in MAPS]


def _counts(maps: list[ArgMap]) -> tuple[int, int, int, int]:
    """(maps, nodes, tree relations, cross-links)."""
    edges = [e for m in maps for e in m.edges()]
    nodes = sum(1 for m in maps for _ in m.walk())
    return len(maps), nodes, sum(not e.crosslink for e in edges), sum(e.crosslink for e in edges)


def _errors(maps: list[ArgMap]) -> list[str]:
    debate = Debate.of_maps(maps, root=ROOT)
    return [f"{m.id}: {i.message}" for m in maps for i in check(m, debate=debate) if i.is_error]


# ---------------------------------------------------------------- the registry


def test_registry_names_are_the_vocabulary() -> None:
    assert set(formats()) == {f.value for f in TextFormat}
    for fmt in formats().values():
        assert fmt.read is not None or fmt.write is not None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("aif/aifdb-6064-reconstructed.json", "aif"),
        ("aif/xaif-empty.json", "aif"),
        ("argdown/parser-mix.argdown", "argdown"),
        ("kialo/car-free-centres.txt", "kialo"),
        ("kialo/four-day-week-name-variant.txt", "kialo"),
    ],
)
def test_format_is_guessed_from_content(path: str, expected: str) -> None:
    text = (DATA / path).read_text(encoding="utf-8")
    assert guess(text, "no-suffix") == expected


def test_outline_is_guessed_from_its_header() -> None:
    from argmap.formats.outline import export_outline

    assert guess(export_outline(_seeds()[0]), "x.txt") == "outline"


def test_unknown_content_is_a_usage_error() -> None:
    with pytest.raises(argmap.ArgmapError, match="cannot tell its format; name one with --from"):
        guess("just some words", "notes")


# ---------------------------------------------------------------- real files, their own counts


# (file, maps, nodes, tree relations, cross-links, loss lines)
REAL = [
    # AIFdb 6064 as arguebuf reconstructed it: 9 I-nodes, 4 RA and 3 MA (rephrases), two connected parts.
    ("aif/aifdb-6064-reconstructed.json", 2, 9, 7, 1, []),
    ("aif/xaif-empty.json", 0, 0, 0, 0, []),
    # Our own AIF: a linked RA (2 premises), a CA undercutting it, a CA, an MA, a PA, a named scheme (kept).
    ("aif/own-undercut-linked.json", 1, 7, 6, 0, ["1 preference nodes (PA) not represented"]),
    # The Argdown CLI counts 10 statements + 4 arguments and 29 + 2 in these files (`argdown json`);
    # intermediary conclusions and inference rules are kept (each numbered statement's `bearing`).
    ("argdown/parser-arguments.argdown", 3, 14, 11, 1, []),
    (
        "argdown/parser-mix.argdown",
        12,
        31,
        19,
        2,
        [
            "4 bold and italic ranges kept as plain text",
            "2 headings (sections) not kept",
            "1 link addresses (URLs) not kept (their text is)",
        ],
    ),
    ("argdown/model-escaped-chars.argdown", 1, 1, 0, 0, []),
    ("kialo/car-free-centres.txt", 1, 9, 8, 1, []),
    ("kialo/four-day-week-name-variant.txt", 1, 5, 4, 1, ["1 entries of the Sources footer not kept"]),
]


@pytest.mark.parametrize(("name", "maps", "nodes", "tree", "cross", "losses"), REAL, ids=[r[0] for r in REAL])
def test_real_files_import_with_their_counts(name, maps, nodes, tree, cross, losses) -> None:
    _, imported = read_file(DATA / name)
    assert _counts(imported.maps) == (maps, nodes, tree, cross)
    assert imported.loss_lines() == losses
    assert _errors(imported.maps) == []


def test_aif_import_keeps_linked_premises_undercut_rephrase_and_speaker() -> None:
    (m,) = import_file(DATA / "aif" / "own-undercut-linked.json")
    nodes = {n.text: n for n, *_ in m.walk()}
    claim = m.claim
    assert claim.speaker == "Anna Berg" and claim.side == "anna-berg"
    linked = [c for c in claim.children if c.group is not None]
    assert [c.text[:20] for c in linked] == ["Trams carry more peo", "The busiest bus rout"]
    assert len({c.group for c in linked}) == 1
    (undercut,) = linked[0].children
    assert undercut.undercut and undercut.kind is Kind.REBUTTAL
    assert nodes["We need trams, not more buses."].rephrase
    assert nodes["A tram line costs ten times as much as a bus lane."].kind is Kind.REBUTTAL
    assert nodes["The transport planners recommend the tram."].bearing.scheme == "Argument from Expert Opinion"


def test_aif_shared_statement_is_kept_once_and_other_uses_are_crosslinks() -> None:
    maps = import_file(DATA / "aif" / "aifdb-6064-reconstructed.json")
    texts = [n.text for m in maps for n, *_ in m.walk()]
    assert len(texts) == len(set(texts)) == 9
    # 111809 supports two conclusions: placed below one, a cross-link to the other.
    (holder,) = [n for m in maps for n, *_ in m.walk() if n.text.startswith("The key point about the British Empire")]
    assert len(holder.supports) == 1
    assert sum(n.rephrase is True for m in maps for n, *_ in m.walk()) == 3


def test_kialo_sides_follow_pro_and_con_from_the_thesis() -> None:
    (m,) = import_file(DATA / "kialo" / "car-free-centres.txt")
    assert m.title == "Should city centres be car-free?"
    sides = {n.text[:20]: (n.kind.value, n.side) for n, *_ in m.walk()}
    assert sides["City centres should "] == ("claim", "pro")
    assert sides["Cars make the air in"] == ("premise", "pro")
    assert sides["Electric cars do not"] == ("rebuttal", "con")
    assert sides["Tyres and brakes giv"] == ("counter-rebuttal", "pro")
    assert sides["Shops in the centre "] == ("rebuttal", "con")
    assert sides["Where streets were c"] == ("counter-rebuttal", "pro")
    # `1.2.2. Pro: -> See 1.3.`: claim 1.3 supports 1.2 as well.
    (reused,) = [n for n, *_ in m.walk() if n.text.startswith("People who cannot walk")]
    assert reused.supports == ["shops-in-the-centre-depend-on-customers"]
    assert any("(as many cities already allow)" in n.text for n, *_ in m.walk())


def test_argdown_escapes_tags_and_data() -> None:
    (m,) = import_file(DATA / "argdown" / "model-escaped-chars.argdown")
    assert m.claim.text == "[text] text"
    text = "===\ntitle: t\n===\n\n[a]: Sherman says no. #usa {speaker: Wendy Sherman}\n  - [b]: Lavrov: yes. #russia\n"
    (m,) = read_text(text, "x.argdown", "argdown")[1].maps
    assert (m.claim.text, m.claim.side, m.claim.speaker) == ("Sherman says no. #usa", "usa", "Wendy Sherman")
    assert (m.claim.children[0].side, m.sides["russia"].name) == ("russia", "russia")


@pytest.mark.parametrize(
    "text",
    [
        # Kialo's claims cite web pages: a link's '#' before a fragment starts an Argdown tag, where a
        # backslash is read as itself, so '\\_' written inside one came back as two characters.
        "See [Ipuwer](https://en.wikipedia.org/wiki/Ipuwer_Papyrus#Ipuwer_and_the_Book_of_Exodus) on it.",
        "A page (https://x.org/a#\\:~:text=When%20the) says so.",
        "Tags keep their words: #my_tag and #(two words) and #a_b*c* and #x[y] and #(a_b) end.",
        "Unclosed #(a_b and C# and # alone and #_under and a\\#b_c",
        "Spans keep theirs: file.my_name.txt and e.g. a_b and ..http://x/ and :smile: and :a_b:",
    ],
)
def test_argdown_round_trips_text_with_tags_and_link_fragments(text: str) -> None:
    kialo = f"Discussion Title: T\n\n1. Thesis: root\n1.1. Pro: {text}\n"
    maps = read_text(kialo, "k.txt", "kialo")[1].maps
    back = read_text(write(maps, "argdown"), "back.argdown", "argdown")[1].maps
    assert [n.text for n, *_ in back[0].walk()] == [n.text for n, *_ in maps[0].walk()]
    assert [dump_map(m) for m in back] == [dump_map(m) for m in maps]


def test_argdown_writes_any_text_so_it_reads_back_the_same() -> None:
    # Strings of the marks that mean something to Argdown's lexer, in every order: each written as a
    # statement's text and as an inference rule must read back as itself.
    import random

    rng = random.Random(7)
    pieces = [*"ab_#.:()*\\/[]<>{}=-+ `~@!,;'", "smile", "===", "http://x.y/a#b_c", "#("]
    lines, rules, texts = [], [], []
    for index in range(600):
        text = " ".join("".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))).split())
        if text:
            texts.append(text)
            lines.append(f"[t{index}]: {argdown_format._escape(text)}")
            rules.append(argdown_format._escape(text, rule=True))
    maps = read_text("\n\n".join(lines) + "\n", "x.argdown", "argdown")[1].maps
    assert [m.claim.text for m in maps] == texts
    pcs = "<a>\n\n(1) p\n-- " + ", ".join(rules) + " --\n(2) c\n"
    (m,) = read_text(pcs, "r.argdown", "argdown")[1].maps
    (argument,) = m.claim.children
    assert argument.bearing is not None and argument.bearing.inference is not None
    assert argument.bearing.inference.rules == texts


def test_argdown_round_trips_a_statement_linked_twice_to_the_one_it_stands_below() -> None:
    # Two inferences between the same two statements (an xAIF analysis of 28038 in the real-world corpus
    # has them): the second is a cross-link to the node's own parent, which Argdown folds into the tree's.
    nodes = [{"nodeID": "1", "type": "I", "text": "Claim."}, {"nodeID": "2", "type": "I", "text": "Reason."}]
    nodes += [{"nodeID": "3", "type": "RA", "text": "Default Inference"}, {"nodeID": "4", "type": "RA", "text": "X"}]
    edges = [
        {"edgeID": str(i), "fromID": a, "toID": b}
        for i, (a, b) in enumerate([("2", "3"), ("3", "1"), ("2", "4"), ("4", "1")])
    ]
    maps = read_text(json.dumps({"nodes": nodes, "edges": edges}), "x.json", "aif")[1].maps
    (reason,) = maps[0].claim.children
    assert reason.supports == [maps[0].claim.id]
    back = read_text(write(maps, "argdown"), "back.argdown", "argdown")[1].maps
    assert [dump_map(m) for m in back] == [dump_map(m) for m in maps]
    # A support and an attack between the same two statements: the attack is a cross-link to the parent.
    nodes[3]["type"] = "CA"
    maps = read_text(json.dumps({"nodes": nodes, "edges": edges}), "x.json", "aif")[1].maps
    (reason,) = maps[0].claim.children
    assert (reason.kind, reason.attacks) == (Kind.PREMISE, [maps[0].claim.id])
    back = read_text(write(maps, "argdown"), "back.argdown", "argdown")[1].maps
    assert [dump_map(m) for m in back] == [dump_map(m) for m in maps]
    # The same with the tree's edge a premise-conclusion structure's (the Populism example of the
    # Argdown project): the link is a relation line of its own there, and must not count twice.
    text = "[P]: Power.\n\n<A>: Arg.\n  +> [P]\n\n(1) X.\n----\n(2) [P]\n"
    maps = read_text(text, "pcs.argdown", "argdown")[1].maps
    (argument,) = maps[0].claim.children
    assert argument.bearing is not None and argument.bearing.pcs == 2 and argument.supports == ["power"]
    back = read_text(write(maps, "argdown"), "back.argdown", "argdown")[1].maps
    assert [dump_map(m) for m in back] == [dump_map(m) for m in maps]


def test_several_roots_become_several_linked_maps() -> None:
    text = "[a]: A.\n  + [b]: B.\n\n[c]: C.\n  - [b]\n  + [d]: D.\n    -> [a]\n"
    maps = read_text(text, "x.argdown", "argdown")[1].maps
    assert [m.id for m in maps] == ["a", "c"]
    a, c = maps
    assert [n.id for n, *_ in a.walk()] == ["a", "b"]
    b = a.claim.children[0]
    assert b.attacks == ["c:c"]  # `b` stands in map a; its attack on c is a cross-link
    assert c.claim.children[0].attacks == ["a:a"]
    assert _errors(maps) == []


def test_mutual_attacks_become_crosslinks_both_ways() -> None:
    text = "[a]: A.\n  >< [b]: B.\n"
    (m,) = read_text(text, "x.argdown", "argdown")[1].maps
    b = m.claim.children[0]
    assert (b.kind, m.claim.attacks) == (Kind.REBUTTAL, ["b"])


def test_deep_chain_splits_into_linked_maps() -> None:
    lines = ["Discussion Title: deep", "", "1. Level 0."]
    number = "1"
    for depth in range(1, 260):
        number += ".1"
        lines.append(f"{number}. Pro: Level {depth}.")
    maps = read_text("\n".join(lines), "deep.txt", "kialo")[1].maps
    assert sum(1 for m in maps for _ in m.walk()) == 260
    assert len(maps) == 3 and maps[1].claim.supports and maps[2].claim.supports  # 101 levels a map
    assert _errors(maps) == []


# ---------------------------------------------------------------- round trips


def _fields(m: ArgMap) -> list[tuple]:
    return [
        (
            v.pointer,
            v.node.id,
            v.node.kind,
            v.node.side,
            v.node.speaker,
            v.node.text,
            v.node.quote,
            v.node.supports,
            v.node.attacks,
            v.node.group,
            v.node.undercut,
            v.node.rephrase,
        )
        for v in m.walk()
    ]


@pytest.mark.parametrize("fmt", ["aif", "argdown", "outline"])
@pytest.mark.parametrize("path", [*MAPS, SCHEMA2], ids=lambda p: p.stem)
def test_seed_map_round_trips_field_by_field(fmt: str, path: Path) -> None:
    m = argmap.load(path)
    _, imported = read_text(write([m], fmt), "x", fmt)
    (back,) = imported.maps
    assert (back.id, back.title, back.description, back.sides, back.sources) == (
        m.id,
        m.title,
        m.description,
        m.sides,
        m.sources,
    )
    assert _fields(back) == _fields(m)
    assert dump_map(back) == dump_map(m)
    assert imported.loss_lines() == []


@pytest.mark.parametrize("fmt", ["aif", "argdown"])
def test_whole_debate_round_trips(fmt: str) -> None:
    maps = _seeds()
    _, imported = read_text(write(maps, fmt), "x", fmt)
    assert [dump_map(m) for m in imported.maps] == [dump_map(m) for m in maps]
    assert _errors(imported.maps) == []


def test_map_exported_alone_keeps_links_to_other_maps() -> None:
    week = argmap.load(ROOT / "maps" / "5-week-of-talks.json")
    for fmt in ("aif", "argdown"):
        text = write([week], fmt)
        (back,) = read_text(text, "x", fmt)[1].maps
        assert back.linked_maps() == week.linked_maps() != set()
        # ...as references, never as extra statements
        assert sum(1 for _ in back.walk()) == sum(1 for _ in week.walk())
    aif = write([week], "aif")
    assert aif.count('"type": "I"') == sum(1 for _ in week.walk())


def _shape(maps: list[ArgMap]) -> list[tuple]:
    where = {(m.id, v.node.id): (i, v.pointer) for i, m in enumerate(maps) for v in m.walk()}

    def at(m: ArgMap, link: str) -> tuple:
        map_id, _, node = link.rpartition(":")
        return where[(map_id or m.id, node)]

    return [
        (
            i,
            v.pointer,
            v.node.kind,
            v.node.text,
            sorted(at(m, s) for s in v.node.supports),
            sorted(at(m, a) for a in v.node.attacks),
        )
        for i, m in enumerate(maps)
        for v in m.walk()
    ]


@pytest.mark.parametrize("group", [[p] for p in MAPS] + [MAPS], ids=[p.stem for p in MAPS] + ["debate"])
def test_kialo_round_trip_keeps_structure_and_texts(group: list[Path]) -> None:
    maps = [argmap.load(p) for p in group]
    text = write(maps, "kialo")
    back = read_text(text, "x.txt", "kialo")[1].maps
    if len(maps) == 1:
        # A single map's links to other maps have no claim to point at in a Kialo file: left out.
        (m,) = maps
        inside = m.model_copy(deep=True)
        for node, *_ in inside.walk():
            node.supports = [s for s in node.supports if ":" not in s]
            node.attacks = [a for a in node.attacks if ":" not in a]
        maps = [inside]
    assert _shape(back) == _shape(maps)
    assert _errors(back) == []


def test_kialo_numbering_and_stances() -> None:
    m = argmap.load(ROOT / "maps" / "4-minsk-autonomy.json")
    lines = write([m], "kialo").splitlines()
    assert lines[0] == f"Discussion Title: {m.title}"
    numbered = [line for line in lines[2:] if "-> See" not in line]
    assert numbered[0] == f"1. {m.claim.text}"
    expected = []
    for v in m.walk():
        if v.parent is not None:
            expected.append("Pro" if v.node.kind is Kind.PREMISE else "Con")
    assert [re.match(r"^[\d.]+ (Pro|Con):", line).group(1) for line in numbered[1:]] == expected
    numbers = [line.split(" ", 1)[0] for line in numbered]
    assert numbers[:4] == ["1.", "1.1.", "1.2.", "1.3."]
    assert len(set(numbers)) == len(numbers)


def test_kialo_see_lines_for_crosslinks_inside_the_export() -> None:
    text = write(_seeds(), "kialo")
    sees = re.findall(r"^(\S+) (Pro|Con): -> See (\S+)$", text, re.M)
    crosslinks = sum(len(n.supports) + len(n.attacks) for m in _seeds() for n, *_ in m.walk())
    assert len(sees) == crosslinks > 0


def test_graphml_has_every_node_with_label_and_side_colour() -> None:
    maps = _seeds()
    root = ET.fromstring(write(maps, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == sum(1 for m in maps for _ in m.walk())
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == sum(1 for m in maps for _ in m.edges())
    first = nodes[0]
    assert first.find(".//y:NodeLabel", ns).text.startswith(maps[0].claim.text)
    from argmap.palette import side_colours

    colours = side_colours(maps)
    fills = [n.find(".//y:Fill", ns).get("color") for n in nodes]
    assert fills == [colours[n.side][1] for m in maps for n, *_ in m.walk()]
    assert len(set(fills)) > 1
    dashed = [e for e in edges if e.find(".//y:LineStyle", ns).get("type") == "dashed"]
    assert len(dashed) == sum(1 for m in maps for e in m.edges() if e.relation == "attacks")


# ---------------------------------------------------------------- bad input: one line with the place


BAD = [
    (
        "broken.json",
        "aif",
        '{"nodes": [{"nodeID": "1", "type": "I", "text": "x"}],\n "edges": [}',
        r"^broken\.json:2:12: not JSON",
    ),
    (
        "no-edges.json",
        "aif",
        '{"nodes": []}',
        r"^no-edges\.json:1:1: not AIF: expected an object with 'nodes' and 'edges'",
    ),
    (
        "dangling.json",
        "aif",
        '{"nodes": [{"nodeID": "1", "type": "I", "text": ""}],\n "edges": [{"edgeID": 1, "fromID": "1", "toID": "9"}]}',
        r"^dangling\.json:2:49: /edges/0/toID: edge names node '9', which is not in 'nodes'",
    ),
    (
        "syntax.argdown",
        "argdown",
        "[a]: A.\n  - <b>: B.\n  >< <c>: C.\n",
        r"^syntax\.argdown:3:6: expected a statement after '><' \(a contradiction joins two statements\)",
    ),
    (
        "pcs.argdown",
        "argdown",
        "<a>\n\n(1) P.\n(2) Q.\n\n",
        r"^pcs\.argdown:3:5: incomplete premise-conclusion structure",
    ),
    ("gap.argdown", "argdown", "[a]: A.\n[b]: B.\n", r"^gap\.argdown:2:1: expected an empty line between two blocks"),
    (
        "slash.argdown",
        "argdown",
        "[a]: A \\\n",
        r"^slash\.argdown:1:8: a backslash at the end of a line escapes nothing",
    ),
    (
        "gap.txt",
        "kialo",
        "Discussion Title: t\n\n1. T.\n1.1. Pro: A.\n1.3. Con: B.\n",
        r"^gap\.txt:5:1: numbering gap: claim 1\.3\. where 1\.2\. was expected",
    ),
    (
        "orphan.txt",
        "kialo",
        "Discussion Title: t\n\n1. T.\n1.1.1. Pro: A.\n",
        r"^orphan\.txt:4:1: claim 1\.1\.1\. has no parent",
    ),
    (
        "see.txt",
        "kialo",
        "Discussion Title: t\n\n1. T.\n1.1. Pro: -> See 1.9.\n",
        r"^see\.txt:4:1: claim 1\.1\. refers to claim 1\.9\.",
    ),
    ("head.txt", "kialo", "Title: t\n", r"^head\.txt:1:1: not a Kialo export"),
]


@pytest.mark.parametrize(("name", "fmt", "text", "message"), BAD, ids=[b[0] for b in BAD])
def test_malformed_input_is_one_line_with_its_place(name: str, fmt: str, text: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_text(text, name, fmt)
    assert re.match(message, str(caught.value)), str(caught.value)
    assert "\n" not in str(caught.value)


def test_formats_that_only_write_refuse_to_read() -> None:
    with pytest.raises(argmap.ArgmapError, match="can only be written"):
        read_text("<graphml/>", "x.graphml", "graphml")


def test_library_export_takes_a_map_or_a_debate() -> None:
    m = _seeds()[0]
    assert argmap.export(m, "kialo") == write([m], "kialo")
    debate = argmap.open_debate([ROOT / "maps"])
    assert argmap.export(debate, "argdown") == write(list(debate), "argdown")


# ---------------------------------------------------------------- Kialo as Kialo writes it


def test_kialo_question_discussion_in_the_newer_export_is_one_map_per_thesis() -> None:
    # Title on the line after 'Discussion Name:', 'Question:' and 'Thesis:' labels, text below each
    # number, CRLF, an escape, a '-> See' to a later claim, a Sources footer.
    _, imported = read_file(DATA / "kialo" / "bus-fares-question.txt")
    tax, fares = imported.maps
    assert (tax.title, tax.description) == (
        "How should a town pay for its buses?",
        "How should the town pay for its buses?",
    )
    assert [tax.claim.text, fares.claim.text] == ["From a local sales tax.", "From fares alone."]
    assert tax.claim.children[0].text == "Everyone who shops in town pays a little,\nvisitors included."
    (riders,) = fares.claim.children
    assert riders.text == "Those who ride pay (and nobody else) [1]."
    assert riders.attacks == ["from-a-local-sales-tax:from-a-local-sales-tax"]  # 1.1.2. Con: -> See 1.2.1.
    assert imported.loss_lines() == ["1 entries of the Sources footer not kept"]
    back = read_text(write(imported.maps, "kialo"), "back.txt", "kialo")[1]
    assert [dump_map(m) for m in back.maps] == [dump_map(m) for m in imported.maps]


# ---------------------------------------------------------------- Argdown as the Argdown CLI reads it


def _one(text: str) -> tuple[list[ArgMap], list[str]]:
    _, imported = read_text(text, "x.argdown", "argdown")
    return imported.maps, imported.loss_lines()


def test_argdown_arguments_stay_arguments_with_titles_and_their_premise_conclusion_structure() -> None:
    maps, losses = _one(
        "[Claim]: Trams are worth it.\n  <- <Cost>\n\n<Cost>: Trams cost too much.\n\n"
        "(1) [Price]: A line costs 40 million.\n(2) Budgets are 10 million.\n"
        "-- Modus ponens, Arithmetic {uses: [1, 2]} --\n(3) [Not worth]: Trams are not worth it.\n"
    )
    claim, conclusion = maps
    assert (claim.claim.title, claim.claim.text) == ("Claim", "Trams are worth it.")
    # The argument supports its conclusion (statement 3 of its pcs, with the inference line above it)...
    (cost,) = conclusion.claim.children
    assert (cost.title, cost.argument, cost.kind, cost.text) == ("Cost", True, Kind.PREMISE, "Trams cost too much.")
    assert cost.bearing.pcs == 3
    assert (cost.bearing.inference.rules, cost.bearing.inference.data) == (
        ["Modus ponens", "Arithmetic"],
        {"uses": [1, 2]},
    )
    # ...its numbered premises support it together, each with its number...
    price, budgets = cost.children
    assert (price.title, price.bearing.pcs, budgets.title, budgets.bearing.pcs) == ("Price", 1, None, 2)
    assert price.group == budgets.group is not None
    # ...and it attacks the claim, as the relation says.
    assert cost.attacks == ["trams-are-worth-it:trams-are-worth-it"]
    assert losses == []
    back = read_text(write(maps, "argdown"), "back.argdown", "argdown")[1].maps
    assert [dump_map(b) for b in back] == [dump_map(m) for m in maps]


def test_argdown_relation_kinds_survive_a_round_trip() -> None:
    text = (
        "===\nmodel:\n  mode: strict\n===\n\n[a]: A.\n  - [b]: B.\n  + [c]: C.\n  >< [d]: D.\n"
        "  <- <e>: E.\n    <_ <f>: F.\n"
    )
    maps, _ = _one(text)
    (m,) = maps
    kinds = {
        n.title: (n.kind.value, n.bearing.kind.value if n.bearing and n.bearing.kind else None, n.undercut)
        for n, *_ in m.walk()
    }
    assert kinds == {
        "a": ("claim", None, None),
        "b": ("rebuttal", "contrary", None),
        "c": ("premise", "entails", None),
        "d": ("rebuttal", "contradictory", None),
        "e": ("rebuttal", None, None),
        "f": ("counter-rebuttal", None, True),
    }
    assert m.claim.attacks == ["d"]  # a contradiction holds both ways
    back = read_text(write([m], "argdown"), "back.argdown", "argdown")[1].maps
    assert [dump_map(b) for b in back] == [dump_map(m)]


def test_argdown_links_includes_front_matter_headings_and_tags_are_read_as_argdown_reads_them(tmp_path) -> None:
    (tmp_path / "more.argdown").write_text("[m]: Included.\n", encoding="utf-8")
    (tmp_path / "main.argdown").write_text(
        "\n===\ntitle: After a blank line\n===\n\n  # An indented heading\n\n"
        "[r]: See [the report](https://example.org/a//b) today.\n  - <a2> #con\n\n@include(more.argdown)\n",
        encoding="utf-8",
    )
    _, imported = read_file(tmp_path / "main.argdown", "argdown")
    r, m = imported.maps
    assert r.claim.text == "See the report today."  # '//' in a link's address is no comment
    (a2,) = r.claim.children
    assert (a2.title, a2.argument, a2.side, a2.text) == ("a2", True, "con", "a2")  # not a node called '#con'
    assert m.claim.text == "Included."
    assert imported.loss_lines() == [
        "1 front matter settings not kept (title)",
        "1 headings (sections) not kept",
        "1 link addresses (URLs) not kept (their text is)",
    ]


# ---------------------------------------------------------------- AIF with its structure


def _aif(nodes: list, edges: list, **extra) -> str:
    import json

    return json.dumps({"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges], **extra})


def test_aif_linked_premises_stay_linked_when_they_share_a_premise() -> None:
    # Two linked RAs into one conclusion that share premise 2 (AraucariaDB's nodeset311 has this shape).
    nodes = [{"nodeID": str(i), "type": "I", "text": t} for i, t in enumerate(["C.", "P1.", "Shared.", "P3."])]
    nodes += [{"nodeID": "r1", "type": "RA", "text": "Default Inference"}, {"nodeID": "r2", "type": "RA", "text": "X"}]
    edges = [("1", "r1"), ("2", "r1"), ("r1", "0"), ("2", "r2"), ("3", "r2"), ("r2", "0")]
    _, imported = read_text(_aif(nodes, edges), "x.json", "aif")
    (m,) = imported.maps
    from argmap.formats._graph import uses

    sets = sorted(sorted(p.node.text for p in u.premises) for u in uses(imported.maps))
    assert sets == [["P1.", "Shared."], ["P3.", "Shared."]]
    assert [u.premises[0].bearing.get("scheme") for u in uses(imported.maps) if len(u.premises) == 2].count("X") == 1
    back = read_text(write([m], "aif"), "back.json", "aif")[1].maps
    assert [dump_map(b) for b in back] == [dump_map(m)]


def test_aif_metadata_keys_and_edges_from_statement_to_statement() -> None:
    nodes = [{"nodeID": "1", "type": "I", "text": "A."}, {"nodeID": "2", "type": "I", "text": "B."}]
    text = '{"AIF": ' + _aif(nodes, [("1", "2")]) + ', "OVA": {}, "text": ""}'
    _, imported = read_text(text, "x.json", "aif")
    assert len(imported.maps) == 2
    assert imported.loss_lines() == ["1 edges from statement to statement (I to I, no scheme between them) not kept"]


def test_aif_undercut_of_an_inference_left_out_is_left_out_too() -> None:
    # r supports its own premise (left out), so the conflict aimed at r has nothing to undercut: no internal error.
    nodes = [{"nodeID": "1", "type": "I", "text": "A."}, {"nodeID": "2", "type": "I", "text": "B."}]
    nodes += [{"nodeID": "r", "type": "RA", "text": "x"}, {"nodeID": "c", "type": "CA", "text": "y"}]
    _, imported = read_text(_aif(nodes, [("1", "r"), ("r", "1"), ("2", "c"), ("c", "r")]), "x.json", "aif")
    assert [m.claim.text for m in imported.maps] == ["A.", "B."]
    assert imported.loss_lines() == [
        "2 inferences with no premise or no conclusion left out",
        "1 statements that support or attack themselves, link left out",
    ]


def test_aif_losses_are_counted_per_node_and_edge_however_many_share_a_shape() -> None:
    # Numbers as ids (as some tools write them), three I-to-I edges, two transitions, an L-to-L edge.
    nodes = [{"nodeID": n, "type": "I", "text": f"S{n}."} for n in (1, 2, 3, 4)]
    nodes += [{"nodeID": 5, "type": "L", "text": "a"}, {"nodeID": 6, "type": "L", "text": "b"}]
    nodes += [{"nodeID": 7, "type": "TA", "text": "t"}, {"nodeID": 8, "type": "TA", "text": "t"}]
    edges = [{"fromID": a, "toID": b} for a, b in ((1, 2), (2, 3), (3, 4), (5, 6), (5, 7), (7, 6), (6, 8))]
    text = json.dumps({"nodes": nodes, "edges": edges})
    _, imported = read_text(text, "x.json", "aif")
    assert imported.loss_lines() == [
        "1 edges from L to L nodes not represented",
        "3 edges from statement to statement (I to I, no scheme between them) not kept",
        "2 locutions (L) that assert no statement not represented",
        "2 transitions between locutions (TA) not represented",
    ]


def test_xaif_text_is_a_source_and_each_locution_a_checked_quote(project) -> None:
    nodes = [
        {"nodeID": "1", "type": "I", "text": "Trams carry more people"},
        {"nodeID": "2", "type": "L", "text": "Anna Berg: trams carry more people than buses"},
        {"nodeID": "3", "type": "YA", "text": "Asserting"},
    ]
    document = {
        "AIF": json.loads(
            _aif(
                nodes,
                [("2", "3"), ("3", "1")],
                locutions=[{"nodeID": "2", "personID": "7"}],
                participants=[{"participantID": 7, "firstname": "Anna", "surname": "Berg"}],
            )
        ),
        "text": "<p>Anna Berg: <span class='highlighted'>trams carry more people than buses</span>.</p>",
    }
    (project / "talk.json").write_text(json.dumps(document), encoding="utf-8")
    from .conftest import run_argmap

    ran = run_argmap("import", "talk.json", "-o", "maps/talk", cwd=project)
    assert ran.returncode == 0, ran.stderr
    assert (project / "seeds" / "talk.txt").read_text(encoding="utf-8") == (
        "Anna Berg: trams carry more people than buses.\n"
    )
    (m,) = [argmap.load(p) for p in (project / "maps" / "talk").glob("*.json")]
    assert (m.claim.speaker, m.claim.quote.source, m.claim.quote.text) == (
        "Anna Berg",
        "talk",
        "trams carry more people than buses",
    )
    assert m.sources["talk"].path == "seeds/talk.txt" and m.sources["talk"].date is None
    assert run_argmap("validate", "maps/talk", cwd=project).returncode == 0  # the quote is found in the text
    exported = json.loads(write([m], "aif"))
    assert exported["participants"] == [{"participantID": "1", "firstname": "Anna", "surname": "Berg"}]


def test_argdown_round_trips_wide_maps_of_shared_ids_and_titles() -> None:
    # Many siblings, one title on many nodes and the same ids in two maps: each node keeps its place and its
    # own reference ('Same', 'Same (a)', 'Same (a 3)', ...), and cross-links find their targets.
    def node(node_id: str, kind: str, **more) -> dict:
        return {"id": node_id, "kind": kind, "side": "s", "speaker": "X", "text": f"Point {node_id}.", **more}

    maps = []
    for map_id, other in (("a", "b"), ("b", "a")):
        children = [
            node(
                f"p{i}",
                "premise",
                title="Same",
                attacks=[f"{other}:p{(i + 1) % 12}"],
                supports=[f"p{i + 1}"] * (i < 11),
            )
            for i in range(12)
        ]
        children += [node(f"r{i}", "rebuttal", title="Same") for i in range(4)]
        claim = node("c", "claim", children=children)
        maps.append(
            ArgMap.model_validate({"id": map_id, "title": map_id, "sides": {"s": {"name": "S"}}, "claim": claim})
        )
    text = write(maps, "argdown")
    assert "[Same (a 3)]" in text and "[Same (b)]" in text
    _, imported = read_text(text, "x", "argdown")
    assert [dump_map(m) for m in imported.maps] == [dump_map(m) for m in maps]
