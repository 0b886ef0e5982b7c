"""`argmap evaluate`: text and JSON reports, explanations, exit codes, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import argmap

from .conftest import ROOT, run_argmap


def write_map(folder: Path, map_id: str, claim: dict) -> Path:
    path = folder / f"{map_id}.json"
    data = {"id": map_id, "title": map_id.upper(), "sides": {"s": {"name": "S"}}, "claim": claim}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def claim(text: str, attacks=(), children=()) -> dict:
    out = {"id": "c", "kind": "claim", "side": "s", "speaker": "X", "text": text, "children": list(children)}
    if attacks:
        out["attacks"] = list(attacks)
    return out


def cycle(folder: Path, length: int) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(length):
        write_map(folder, f"m{i}", claim(f"Claim {i}", [f"m{(i + 1) % length}:c"]))
    return folder


def test_text_report_of_the_seed_debate() -> None:
    proc = run_argmap("evaluate")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # One sentence on what the words mean, then the counts in the same words.
    assert lines[0].startswith("A node stands when every attack on it falls, falls when an attack on it stands")
    assert "supports count for nothing here" in lines[0] and "not the world" in lines[0]
    assert lines[1].startswith("grounded semantics, support: none; 5 maps, ")
    debate = argmap.open_debate([ROOT / "maps"])
    labels = argmap.evaluate(debate).labels
    verdict = {"in": "stands", "out": "falls", "undec": "undecided"}
    for m in debate:
        status = labels[f"{m.id}:{m.claim.id}"].value
        summary = next(line for line in lines if line.startswith("  maps/") and f"{m.id}" in line.split(":")[0])
        assert f": the claim {verdict[status]}: " in summary
        head = next(i for i, line in enumerate(lines) if line.endswith(f"({m.id})"))
        assert lines[head + 1].startswith(f"{verdict[status]:<9} * claim [{m.claim.id}]")


def test_summary_by_side_counts_claims_and_nodes_in_words() -> None:
    debate = argmap.open_debate([ROOT / "maps"])
    labels = argmap.evaluate(debate).labels
    claims = [f"{m.id}:{m.claim.id}" for m in debate]
    russia_claims = [c for c in claims if debate.maps[c.partition(":")[0]].claim.side == "russia"]
    standing = sum(labels[c].value == "in" for c in russia_claims)
    lines = run_argmap("evaluate").stdout.splitlines()
    assert "By side:" in lines and "By map:" in lines
    russia = next(line for line in lines if line.startswith("  Russia: "))
    assert russia.startswith(f"  Russia: {standing} of {len(russia_claims)} claims stand; ")


def test_a_claim_that_falls_says_which_rebuttal_stands(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    answered = {
        "id": "r1",
        "kind": "rebuttal",
        "side": "s",
        "speaker": "X",
        "text": "No.",
        "children": [{"id": "cr", "kind": "counter-rebuttal", "side": "s", "speaker": "X", "text": "Yes."}],
    }
    unanswered = {"id": "r2", "kind": "rebuttal", "side": "s", "speaker": "X", "text": "Never."}
    write_map(folder, "m", claim("Claim.", children=[answered, unanswered]))
    out = run_argmap("evaluate", str(folder)).stdout
    assert "the claim falls: its one unanswered rebuttal stands (r2)" in out
    assert "\nfalls     ├─ - rebuttal [r1]" in out and "\nstands    └─ - rebuttal [r2]" in out


def test_acceptance_reads_every_and_some_extension_not_sceptical(tmp_path: Path) -> None:
    out = run_argmap("evaluate", str(cycle(tmp_path / "d", 2)), "--semantics", "preferred").stdout
    assert "sceptic" not in out and "credulous" not in out
    assert "0 accepted in every extension, 2 in some" in out
    assert "the claim is accepted in some extensions only" in out
    assert "\nin some  * claim [c]" in out


def test_json_grounded_is_the_library_labelling() -> None:
    proc = run_argmap("evaluate", "maps", "--format", "json")
    assert proc.returncode == 0
    document = json.loads(proc.stdout)
    assert set(document) == {"semantics", "labels"} and document["semantics"] == "grounded"
    expected = argmap.evaluate(argmap.open_debate([ROOT / "maps"])).labels
    assert document["labels"] == {k: v.value for k, v in expected.items()}


def test_json_preferred_on_an_even_cycle_across_maps(tmp_path: Path) -> None:
    proc = run_argmap("evaluate", str(cycle(tmp_path / "d", 2)), "--semantics", "preferred", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert sorted(document.pop("extensions")) == [["m0:c"], ["m1:c"]]
    assert document == {"semantics": "preferred", "credulous": ["m0:c", "m1:c"], "sceptical": []}


def test_an_odd_cycle_is_undecided_and_exits_zero(tmp_path: Path) -> None:
    folder = cycle(tmp_path / "d", 3)
    proc = run_argmap("evaluate", str(folder), "-f", "json")
    assert proc.returncode == 0
    assert set(json.loads(proc.stdout)["labels"].values()) == {"undec"}
    preferred = json.loads(run_argmap("evaluate", str(folder), "--semantics", "preferred", "-f", "json").stdout)
    assert preferred["extensions"] == [[]]
    stable = run_argmap("evaluate", str(folder), "--semantics", "stable")
    assert stable.returncode == 0
    assert "0 extensions" in stable.stdout and "the claim is accepted in no extension" in stable.stdout


def test_a_single_file_evaluates_its_whole_folder(tmp_path: Path) -> None:
    folder = cycle(tmp_path / "d", 2)
    proc = run_argmap("evaluate", str(folder / "m0.json"), "-f", "json")
    assert json.loads(proc.stdout)["labels"] == {"m0:c": "undec", "m1:c": "undec"}


def test_support_option_adds_derived_attacks(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    rebuttal = {"id": "b", "kind": "rebuttal", "side": "s", "speaker": "X", "text": "No."}
    premise = {"id": "a", "kind": "premise", "side": "s", "speaker": "X", "text": "Because."}
    write_map(folder, "m", claim("Yes.", children=[premise, rebuttal]))
    plain = json.loads(run_argmap("evaluate", str(folder), "-f", "json").stdout)["labels"]
    deductive = json.loads(run_argmap("evaluate", str(folder), "--support", "deductive", "-f", "json").stdout)
    assert plain["m:a"] == "in" and deductive["labels"]["m:a"] == "out"
    text = run_argmap("evaluate", str(folder), "--support", "necessary").stdout
    assert "supports are read as necessary" in text.splitlines()[0]
    assert text.splitlines()[1].startswith("grounded semantics, support: necessary;")


def test_explain_text_and_json() -> None:
    debate = argmap.open_debate([ROOT / "maps"])
    m = next(iter(debate))
    name = f"{m.id}:{m.claim.id}"
    ev = argmap.evaluate(debate)
    proc = run_argmap("evaluate", "--explain", name)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    verb = {"in": "stands", "out": "falls", "undec": "is undecided"}[ev.labels[name].value]
    assert lines[0] == f"why {name} {verb} (grounded semantics):"
    assert lines[1].startswith(f"{name} {verb}: ")
    document = json.loads(run_argmap("evaluate", "--explain", name, "-f", "json").stdout)
    assert document["argument"] == name and document["label"] == ev.labels[name].value
    steps = document["explanation"]
    assert [s["argument"] for s in steps] == [s.argument for s in ev.explain(name)]
    # The chain ends at arguments nothing attacks: every leaf step is `in` with no reason left to give.
    leaves = [s for s in steps if not s["because"] and not s["repeated"]]
    assert leaves and all(s["label"] == "in" for s in leaves)


def test_explain_names_an_unknown_argument() -> None:
    proc = run_argmap("evaluate", "--explain", "nope:nothing")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "argmap: no argument 'nope:nothing' in the debate (name one as map-id:node-id)"


def test_explain_suggests_the_full_name_of_a_bare_node_id() -> None:
    proc = run_argmap("evaluate", "--explain", "area-of-compromise")
    assert proc.returncode == 1
    assert proc.stderr.strip().endswith("did you mean 'intermediate-range-missiles:area-of-compromise'?")
    misspelt = run_argmap("evaluate", "--explain", "intermediate-range-missiles:area-of-compromis")
    assert misspelt.stderr.strip().endswith("did you mean 'intermediate-range-missiles:area-of-compromise'?")


def test_explain_names_a_derived_attack_its_support_and_rule(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    # a supports c, and b attacks c: read deductively, b attacks a too (a mediated attack).
    rebuttal = {"id": "b", "kind": "rebuttal", "side": "s", "speaker": "X", "text": "No."}
    premise = {"id": "a", "kind": "premise", "side": "s", "speaker": "X", "text": "Because."}
    write_map(folder, "m", claim("Yes.", children=[premise, rebuttal]))
    text = run_argmap("evaluate", str(folder), "--support", "deductive", "--explain", "m:a").stdout
    assert text.splitlines()[0] == "why m:a falls (grounded semantics):"
    assert (
        "(m:b attacks m:a only by a derived attack: the mediated attack of deductive support, because "
        "m:b attacks m:c; m:a supports m:c)" in text
    )
    summary = run_argmap("evaluate", str(folder), "--support", "deductive").stdout
    assert "\nfalls     ├─ + premise [a]" in summary
    document = json.loads(
        run_argmap("evaluate", str(folder), "--support", "deductive", "--explain", "m:a", "-f", "json").stdout
    )
    assert document["explanation"][0]["derived"] == [
        {
            "attacker": "m:b",
            "rule": "mediated attack",
            "support": "deductive",
            "chain": [["m:b", "attacks", "m:c"], ["m:a", "supports", "m:c"]],
        }
    ]
    necessary = run_argmap("evaluate", str(folder), "--support", "necessary", "--explain", "m:c").stdout
    assert "falls" in necessary.splitlines()[0]


def test_an_invalid_debate_is_reported_and_not_evaluated(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    write_map(folder, "m", claim("Yes.", ["nowhere:c"]))
    proc = run_argmap("evaluate", str(folder))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "error[" in proc.stderr and "nowhere:c" in proc.stderr
    assert proc.stderr.strip().endswith("argmap: the debate has errors; nothing was evaluated")
    assert "Traceback" not in proc.stderr


def test_usage_errors(tmp_path: Path) -> None:
    proc = run_argmap("evaluate", "--format", "github")
    assert proc.returncode == 2 and "'github' is not one of 'text', 'json'" in proc.stderr
    proc = run_argmap("evaluate", "--semantics", "ideal")
    assert proc.returncode == 2 and "ideal" in proc.stderr
    proc = run_argmap("evaluate", "--support", "abductive")
    assert proc.returncode == 2
    one, two = cycle(tmp_path / "one", 2), cycle(tmp_path / "two", 2)
    proc = run_argmap("evaluate", str(one / "m0.json"), str(two / "m0.json"))
    assert proc.returncode == 2 and "evaluate takes the maps of one debate" in proc.stderr
    proc = run_argmap("evaluate", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "no such file or folder" in proc.stderr
    (tmp_path / "empty").mkdir()
    proc = run_argmap("evaluate", str(tmp_path / "empty"))
    assert proc.returncode == 2 and proc.stderr.strip() == f"argmap: no map files in {tmp_path / 'empty'}"


WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()


def _json(*args: str) -> dict:
    proc = run_argmap("evaluate", "maps", "-f", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_walkthrough_says_what_the_evaluation_says() -> None:
    """docs/debate.md's section on the evaluation, checked claim by claim against the command's output."""
    doc = (ROOT / "docs" / "debate.md").read_text(encoding="utf-8")
    section = doc[doc.index("## What stands") : doc.index("## The whole debate")]
    debate = argmap.open_debate([ROOT / "maps"])
    labels = _json()["labels"]
    counts = {word: sum(v == word for v in labels.values()) for word in ("in", "out", "undec")}
    # Context nodes take no part: the nodes of the maps are the arguments and the context nodes.
    nodes = [v.node for m in debate.maps.values() for v in m.walk()]
    context = sum(1 for node in nodes if node.role == "context")
    flat = " ".join(section.split())  # the guide breaks its lines anywhere
    numbers = re.search(
        r"Of the (\d+) nodes, (\d+) are context; of the (\d+) arguments, (\d+) stand, (\d+) fall and (\w+) is "
        r"undecided",
        flat,
    )
    assert numbers, "the counts sentence is missing"
    undecided = 0 if numbers[6] == "none" else int(numbers[6])
    assert (int(numbers[1]), int(numbers[2]), int(numbers[3]), int(numbers[4]), int(numbers[5]), undecided) == (
        len(nodes),
        context,
        len(labels),
        counts["in"],
        counts["out"],
        counts["undec"],
    )
    # The table: each map's claim, its grounded verdict, exactly the attacks on it that stand, its DF-QuAD strength.
    verdict = {"in": "stands", "out": "falls", "undec": "undecided"}
    strengths = _json("--semantics", "dfquad")["strengths"]
    rows = re.findall(r"^\| [^|]*\(`([a-z0-9-]+)`\) \| (\w+) \| (.*) \| ([0-9.]+) \|$", section, re.M)
    assert sorted(r[0] for r in rows) == sorted(debate.maps)
    for map_id, said, attacks, strength in rows:
        claim_name = f"{map_id}:{debate.maps[map_id].claim.id}"
        assert verdict[labels[claim_name]] == said, map_id
        assert f"{strengths[claim_name]:.2f}" == strength, map_id
        named = {a if ":" in a else f"{map_id}:{a}" for a in re.findall(r"`([^`]+)`", attacks)}
        steps = _json("--explain", claim_name)["explanation"]
        standing = set(steps[0]["because"]) if said == "falls" else set()
        assert named == standing, map_id
        # ... and the same verdict in words below the table.
        assert re.search(rf"`{claim_name}`\s+{said}\b", section), claim_name
    # The other nodes that fall: with the claims, exactly the nodes that fall; each to an attacker that stands.
    fallen = re.findall(r"^- `([^`]+)` .*? falls to `([^`]+)`", section, re.M)
    claims = {f"{r[0]}:{debate.maps[r[0]].claim.id}" for r in rows if r[1] == "falls"}
    assert {f for f, _ in fallen} | claims == {name for name, v in labels.items() if v == "out"}
    assert f"Besides the claims, {WORDS[len(fallen)]} nodes fall" in flat
    for node, attacker in fallen:
        assert attacker in _json("--explain", node)["explanation"][0]["because"], node
    # One extension under each of the other semantics, the nodes that stand.
    standing_nodes = sorted(name for name, v in labels.items() if v == "in")
    assert f"find one extension, the {len(standing_nodes)} arguments that stand" in flat
    for semantics in ("preferred", "stable", "complete"):
        document = _json("--semantics", semantics)
        assert [sorted(e) for e in document["extensions"]] == [standing_nodes], semantics
    # The two readings of support.
    readings = (("deductive", r"(\d+) of the (\d+) arguments fall"), ("necessary", r"as necessary .*?, (\d+) fall"))
    for mode, pattern in readings:
        found = re.search(pattern, section, re.S)
        out = [name for name, v in _json("--support", mode)["labels"].items() if v == "out"]
        assert found and int(found[1]) == len(out), mode
        if mode == "necessary":
            more = set(out) - {name for name, v in labels.items() if v == "out"}
            sentence = re.search(r"(\w+)\s+more\s+than\s+by\s+default,(.*?)\.", section, re.S)
            assert sentence and WORDS.index(sentence[1]) == len(more)
            assert more == set(re.findall(r"`([^`]+)`", sentence[2]))


def test_show_evaluate_prints_each_label_beside_its_node() -> None:
    path = "maps/4-minsk-autonomy.json"
    proc = run_argmap("show", path, "--evaluate", "--no-color")
    assert proc.returncode == 0, proc.stderr
    labels = argmap.evaluate(argmap.open_debate([ROOT / "maps"])).labels
    m = argmap.load(ROOT / path)
    lines = proc.stdout.splitlines()[1:]
    assert len(lines) == sum(1 for _ in m.walk())
    verdict = {"in": "stands", "out": "falls", "undec": "undecided"}
    for line, (node, *_) in zip(lines, m.walk(), strict=True):
        # A context node has no verdict: it takes no part in evaluation.
        said = "context" if node.role == "context" else verdict[labels[f"{m.id}:{node.id}"].value]
        assert line.startswith(f"{said:<9} ") and f"[{node.id}]" in line
    assert run_argmap("show", path, "--no-color").stdout.splitlines()[1].startswith("* claim")


def test_a_context_node_is_said_to_be_context_once_with_or_without_evaluate() -> None:
    path = "maps/5-week-of-talks.json"
    m = argmap.load(ROOT / path)
    context = {node.id for node, *_ in m.walk() if node.role == "context"}
    assert "wish-list" in context
    plain = run_argmap("show", path, "--no-color").stdout.splitlines()[1:]
    # --semantics dfquad too: its column is a strength and a bar, and context in place of one.
    for semantics in ("grounded", "dfquad"):
        evaluated = run_argmap("show", path, "--evaluate", "--semantics", semantics, "--no-color").stdout
        for line, shown, (node, *_) in zip(evaluated.splitlines()[1:], plain, m.walk(), strict=True):
            assert f"[{node.id}]" in line and f"[{node.id}]" in shown
            # Without --evaluate the facets after the text say it; with it, the column before the tree does.
            assert ("— context" in shown) is (node.id in context), shown
            assert line.startswith("context ") is (node.id in context), line
            assert line.count("context") == shown.count("context") == (node.id in context) + node.text.count("context")
    wish = next(line for line in plain if "[wish-list]" in line)
    assert wish.endswith("— context; The Kremlin; quote: aljazeera")
    as_json = json.loads(run_argmap("show", path, "-f", "json").stdout)
    wish_json = next(n for n in as_json["nodes"] if n["id"] == "wish-list")
    assert wish_json["role"] == "context" and list(wish_json.values()).count("context") == 1


def test_show_evaluate_as_json_gives_each_nodes_verdict_or_strength_and_context_by_its_role() -> None:
    path = "maps/5-week-of-talks.json"
    text = run_argmap("show", path, "--evaluate", "--no-color").stdout.splitlines()[1:]
    column = {re.search(r"\[([^]]+)\]", line)[1]: line.split("  ")[0].strip() for line in text}
    shown = json.loads(run_argmap("show", path, "--evaluate", "-f", "json").stdout)
    assert shown["semantics"] == "grounded" and len(shown["nodes"]) == len(column)
    for node in shown["nodes"]:
        if node.get("role") == "context":
            assert "mark" not in node and column[node["id"]] == "context"  # said once: by its role
        else:
            assert node["mark"] == column[node["id"]] and node["mark"] in ("stands", "falls", "undecided")
    strengths = argmap.evaluate(argmap.open_debate([ROOT / "maps"]), "dfquad").strengths
    gradual = json.loads(run_argmap("show", path, "--evaluate", "--semantics", "dfquad", "-f", "json").stdout)
    assert gradual["semantics"] == "dfquad"
    for node in gradual["nodes"]:
        assert node.get("strength") == strengths.get(f"week-of-talks:{node['id']}")
        assert "mark" not in node
    plain = json.loads(run_argmap("show", path, "-f", "json").stdout)
    assert "semantics" not in plain and not any("mark" in n or "strength" in n for n in plain["nodes"])


def test_semantics_without_evaluate_is_a_usage_error() -> None:
    # A semantics with nothing to evaluate would be ignored without a word.
    proc = run_argmap("show", "maps/4-minsk-autonomy.json", "--semantics", "preferred")
    assert proc.returncode == 2 and "--evaluate" in proc.stderr


def test_show_evaluate_refuses_an_invalid_debate(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    path = write_map(folder, "m", claim("Yes.", ["nowhere:c"]))
    proc = run_argmap("show", str(path), "--evaluate")
    assert proc.returncode == 1 and "nowhere:c" in proc.stderr


def test_render_evaluate_marks_labels_in_the_dot(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    rebuttal = {"id": "r", "kind": "rebuttal", "side": "s", "speaker": "X", "text": "No.", "attacks": ["c"]}
    write_map(folder, "m", claim("Yes.", children=[rebuttal]))
    write_map(folder, "n", claim("Also.", ["m:r"]))  # n:c attacks m:r, which attacks m:c: m:c is reinstated
    write_map(folder, "o", claim("Round.", ["p:c"]))  # o and p attack each other: undecided
    write_map(folder, "p", claim("And round.", ["o:c"]))
    out = tmp_path / "out"
    proc = run_argmap("render", str(folder), "--evaluate", "-o", str(out), "-f", "dot", "-q")
    assert proc.returncode == 0, proc.stderr
    m_dot = (out / "m.dot").read_text(encoding="utf-8")
    # Each node keeps its side's fill; a white badge names its label.
    claim_line = next(line for line in m_dot.splitlines() if line.startswith("\tc ["))
    assert "\u2713 IN" in claim_line and 'tooltip="[\u2713 IN] Yes."' in claim_line
    rebuttal_line = next(line for line in m_dot.splitlines() if line.startswith("\tr ["))
    assert "\u2717 OUT" in rebuttal_line and "#EEEEEE" not in rebuttal_line
    o_dot = (out / "o.dot").read_text(encoding="utf-8")
    undecided = next(line for line in o_dot.splitlines() if line.startswith("\tc ["))
    assert "? UNDECIDED" in undecided
    assert "Badge: grounded label" in m_dot and "falls" in m_dot
    plain = tmp_path / "plain"
    run_argmap("render", str(folder), "-o", str(plain), "-f", "dot", "-q")
    assert "grounded label" not in (plain / "m.dot").read_text(encoding="utf-8")


def test_render_evaluate_refuses_a_debate_with_errors(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    write_map(folder, "m", claim("Yes."))
    write_map(folder, "bad", claim("No.", ["nowhere:c"]))
    proc = run_argmap("render", str(folder / "m.json"), "--evaluate", "-o", str(tmp_path / "out"), "-f", "dot")
    assert proc.returncode == 1
    assert "--evaluate needs a debate without errors; nothing was drawn" in proc.stderr and "nowhere:c" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_too_many_extensions_for_json_is_refused_but_text_still_reports(tmp_path: Path) -> None:
    # 17 independent two-cycles: 2^17 = 131,072 preferred extensions.
    folder = tmp_path / "d"
    folder.mkdir()
    for i in range(17):
        write_map(folder, f"a{i}", claim("A", [f"b{i}:c"]))
        write_map(folder, f"b{i}", claim("B", [f"a{i}:c"]))
    proc = run_argmap("evaluate", str(folder), "--semantics", "preferred", "-f", "json")
    assert proc.returncode == 1
    assert proc.stderr.startswith("argmap: 131,072 preferred extensions are too many to list in JSON")
    text = run_argmap("evaluate", str(folder), "--semantics", "preferred")
    assert text.returncode == 0 and "131072 extensions; 0 accepted in every extension" in text.stdout
