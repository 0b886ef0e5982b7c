"""Write the static site of a debate: index.html, one page per map, the sources as pages, and the assets."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path

from ..errors import ArgmapError
from ..io.files import write_atomic
from ..model import ArgMap, split_link
from ..vocab import Kind
from .sources import SourceIndex

ASSETS = ("site.css", "site.js")
# Above this many nodes a map page has no diagram: Graphviz takes seconds on it (README: Speed),
# and the tree view shows the same map.
DIAGRAM_LIMIT = 2000
# Above this many nodes a map page opens with its branches folded below this depth, so the first
# paint lays out a screenful instead of every node.
FOLD_ABOVE = 1000
FOLD_DEPTH = 2

KIND_LABEL = {
    Kind.CLAIM: "Claim",
    Kind.PREMISE: "Premise",
    Kind.REBUTTAL: "Rebuttal",
    Kind.COUNTER_REBUTTAL: "Counter-rebuttal",
}
# Verb of a cross-link in each direction, for the details panel.
RELATION_OUT = {"supports": "Supports", "attacks": "Attacks"}
RELATION_IN = {"supports": "Supported by", "attacks": "Attacked by"}


@dataclass
class SiteResult:
    """What building a site wrote, and what it could not do (a missing diagram or source is not fatal)."""

    out_dir: Path
    pages: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _json_for_script(data: object) -> str:
    """JSON safe inside a <script> element: no `</script>` or `<!--` can end it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (WCAG contrast)."""
    lum = _luminance(colour)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def _find_root(m: ArgMap) -> Path:
    from ..debate import find_root

    return find_root(m.path)


def _side_colours(maps: list[ArgMap]) -> dict[str, tuple[str, str]]:
    """Side id -> (name, colour) across the debate, as the diagrams colour them."""
    from ..render.graph import side_colours

    return side_colours(maps)


def _diagram(m: ArgMap, colours: dict[str, tuple[str, str]]) -> str:
    """The map's diagram as inline SVG markup (ArgmapError if Graphviz cannot draw it)."""
    from ..render.backend import engine_for, run_dot
    from ..render.dot import to_dot
    from ..render.graph import build

    svg = run_dot(to_dot(build([m], colours=colours)), "svg", engine_for("svg")).decode("utf-8")
    start = svg.find("<svg")
    if start < 0:
        raise ArgmapError("Graphviz wrote no <svg> element")
    # The XML prolog and DOCTYPE cannot stand inside HTML; the <svg> element can.
    return svg[start:]


class _Sources:
    """The debate's source documents: each read once, indexed once, written once as a page of the site."""

    def __init__(self) -> None:
        self.by_path: dict[Path, SourceIndex | None] = {}
        self.pages: dict[Path, str] = {}  # resolved path -> site-relative page name

    def get(self, root: Path, relative: str) -> tuple[Path | None, SourceIndex | None]:
        root = root.resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            return None, None
        if path not in self.by_path:
            try:
                self.by_path[path] = SourceIndex(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.by_path[path] = None
            if self.by_path[path] is not None:
                stem = re.sub(r"[^A-Za-z0-9_.-]", "-", path.stem) or "source"
                name, n = f"sources/{stem}.html", 1
                while name in self.pages.values():
                    n += 1
                    name = f"sources/{stem}-{n}.html"
                self.pages[path] = name
        return path, self.by_path[path]


def page_name(map_id: str) -> str:
    """The file of a map's page: `<map-id>.html`; a map named `index` gets `_index.html` (no id starts with `_`)."""
    return "_index.html" if map_id == "index" else f"{map_id}.html"


def _node_href(current: str, map_id: str, node_id: str) -> str:
    return f"#node-{node_id}" if map_id == current else f"{page_name(map_id)}#node-{node_id}"


def _head(title: str, prefix: str = "", live: bool = False, version: int = 0) -> str:
    meta = f'<meta name="argmap-live" content="/_events"><meta name="argmap-build" content="{version}">' if live else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        # An empty icon: otherwise the browser asks the server for /favicon.ico and logs a 404.
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{prefix}assets/site.css">\n'
        f'<script src="{prefix}assets/site.js" defer></script>\n{meta}\n</head>\n'
    )


def _problems_panel() -> str:
    return (
        '<section id="problems" role="alert" aria-labelledby="problems-h" hidden>'
        '<h2 id="problems-h">The maps have problems</h2><div id="problems-body"></div></section>\n'
    )


def _nav(maps: list[ArgMap], current: str | None) -> str:
    items = []
    for m in maps:
        here = ' aria-current="page"' if m.id == current else ""
        items.append(f'<li><a href="{_e(page_name(m.id))}"{here}>{_e(m.title)}</a></li>')
    home = ' aria-current="page"' if current is None else ""
    return (
        '<nav aria-label="Maps of the debate"><ul>'
        f'<li><a href="index.html"{home}>The debate</a></li>{"".join(items)}</ul></nav>\n'
    )


# What a grounded label says of a point, in words a reader of the debate uses.
VERDICT = {"in": "stands", "out": "falls", "undec": "undecided"}


def _verdict(label: str | None) -> str:
    if label is None:
        return ""
    return (
        f'<span class="verdict v-{label}" title="Grounded evaluation of every attack in the debate">'
        f"{VERDICT[label]}</span>"
    )


def _tree(
    m: ArgMap,
    colours: dict[str, tuple[str, str]],
    links_out: dict[str, int],
    fold: bool,
    labels: dict[str, str] | None = None,
) -> str:
    """The claim tree as nested lists (ARIA tree), written iteratively so no depth can exhaust the stack."""
    out: list[str] = [f'<ul role="tree" id="tree" aria-label="{_e(m.title)}">']
    open_items: list[tuple[int, bool]] = []  # (depth, has an open group) of each <li> not yet closed
    for node, _parent, _, depth in m.walk():
        while open_items and open_items[-1][0] >= depth:
            out.append("</ul></li>" if open_items.pop()[1] else "</li>")
        name, fill = colours.get(node.side, (node.side, "#DDDDDD"))
        nid = _e(node.id)
        has_children = bool(node.children)
        expanded = "false" if fold and depth >= FOLD_DEPTH else "true"
        state = f' aria-expanded="{expanded}"' if has_children else ""
        toggle = (
            f'<button type="button" class="fold" tabindex="-1" aria-expanded="{expanded}" '
            f'aria-controls="g-{nid}" aria-label="Fold or unfold"></button>'
            if has_children
            else '<span class="fold-space"></span>'
        )
        speaker = f'<span class="speaker">{_e(node.speaker)}</span>' if node.speaker else ""
        count = links_out.get(node.id, 0)
        badge = f'<span class="badge">{count} cross-link{"s" if count != 1 else ""}</span>' if count else ""
        kind = node.kind.value
        label = (labels or {}).get(f"{m.id}:{node.id}")
        data_label = f' data-label="{label}"' if label else ""
        out.append(
            f'<li role="treeitem" id="node-{nid}" data-node="{_e(m.id)}:{nid}" data-kind="{kind}" '
            f'data-side="{_e(node.side)}"{data_label} aria-level="{depth + 1}"{state} aria-labelledby="c-{nid}" '
            f'tabindex="0"><div class="row">{toggle}'
            f'<div class="card k-{kind}" id="c-{nid}" style="--fill:{fill};--ink:{ink(fill)}">'
            f'<span class="meta"><span class="kind">{KIND_LABEL[node.kind]}</span> '
            f'<span class="side">{_e(name)}</span>{badge}{_verdict(label)}</span>'
            f'<span class="text">{_e(node.text)}</span>{speaker}</div></div>'
        )
        if has_children:
            out.append(f'<ul role="group" id="g-{nid}"{"" if expanded == "true" else " hidden"}>')
        open_items.append((depth, has_children))
    while open_items:
        out.append("</ul></li>" if open_items.pop()[1] else "</li>")
    out.append("</ul>")
    return "".join(out)


def _page_data(
    m: ArgMap,
    root: Path,
    sources: _Sources,
    texts: dict[str, dict[str, str]],
    incoming: dict[tuple[str, str], list[list[str]]],
) -> tuple[dict, dict[str, int]]:
    """What the details panel needs beyond the page's own markup: quotes, their places, cross-links."""
    nodes: dict[str, dict] = {}
    page_sources: dict[str, dict] = {}
    links_out: dict[str, int] = {}
    indexes: dict[str, SourceIndex | None] = {}
    for source_id, source in m.sources.items():
        path, index = sources.get(root, source.path)
        indexes[source_id] = index
        entry = {"title": source.title, "date": source.date}
        for key in ("publisher", "url", "description"):
            if getattr(source, key):
                entry[key] = getattr(source, key)
        if path is not None and index is not None:
            entry["page"] = sources.pages[path]
        page_sources[source_id] = entry
    used_texts: set[str] = set()
    for node, *_ in m.walk():
        data: dict = {}
        if node.quote is not None:
            data["q"] = node.quote.text
            data["s"] = node.quote.source
            index = indexes.get(node.quote.source)
            where = index.locate(node.quote.text) if index else None
            if where is not None:
                data["loc"] = where
                used_texts.add(node.quote.source)
        out = []
        for relation, targets in (("supports", node.supports), ("attacks", node.attacks)):
            for link in targets:
                map_id, node_id = split_link(link)
                map_id = map_id or m.id
                label = texts.get(map_id, {}).get(node_id)
                href = _node_href(m.id, map_id, node_id) if label is not None else ""
                out.append([RELATION_OUT[relation], href, label or f"{map_id}:{node_id} (not in this site)"])
        if out:
            data["out"] = out
            links_out[node.id] = len(out)
        back = incoming.get((m.id, node.id))
        if back:
            data["in"] = [[rel, _node_href(m.id, src_map, src_node), label] for rel, src_map, src_node, label in back]
        if data:
            nodes[node.id] = data
    for source_id in used_texts:
        page_sources[source_id]["text"] = indexes[source_id].text
    return {"map": m.id, "sources": page_sources, "nodes": nodes}, links_out


def _filters(m: ArgMap, colours: dict[str, tuple[str, str]]) -> str:
    sides: dict[str, None] = {}
    kinds: dict[Kind, None] = {}
    for node, *_ in m.walk():
        sides.setdefault(node.side)
        kinds.setdefault(node.kind)
    side_boxes = "".join(
        f'<label><input type="checkbox" name="side" value="{_e(s)}" checked>'
        f'<span class="swatch" style="--fill:{colours.get(s, (s, "#DDDDDD"))[1]}" aria-hidden="true"></span>'
        f"{_e(colours.get(s, (s, ''))[0])}</label>"
        for s in sides
    )
    kind_boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{k.value}" checked>{KIND_LABEL[k]}</label>'
        for k in Kind
        if k in kinds
    )
    return (
        f'<fieldset class="filter"><legend>Sides</legend>{side_boxes}</fieldset>'
        f'<fieldset class="filter"><legend>Kinds</legend>{kind_boxes}</fieldset>'
    )


def _map_page(
    m: ArgMap,
    maps: list[ArgMap],
    colours: dict[str, tuple[str, str]],
    data: dict,
    links_out: dict[str, int],
    diagram: str | None,
    diagram_note: str,
    node_count: int,
    live: bool,
    version: int,
    labels: dict[str, str] | None = None,
) -> str:
    description = f'<p class="description">{_e(m.description)}</p>' if m.description else ""
    fold = node_count > FOLD_ABOVE
    view_switch = (
        '<div class="views" role="group" aria-label="View">'
        '<button type="button" data-view="tree" aria-pressed="true">Tree</button>'
        '<button type="button" data-view="diagram" aria-pressed="false">Diagram</button></div>'
        if diagram
        else f'<p class="note">{_e(diagram_note)}</p>'
    )
    diagram_section = (
        '<section id="diagram-view" aria-labelledby="diagram-h" hidden>'
        '<h2 id="diagram-h" class="visually-hidden">Diagram</h2>'
        '<div class="zoom" role="group" aria-label="Zoom">'
        '<button type="button" data-zoom="in" aria-label="Zoom in">+</button>'
        '<button type="button" data-zoom="out" aria-label="Zoom out">\u2212</button>'
        '<button type="button" data-zoom="reset">Fit</button></div>'
        '<div class="viewport" tabindex="0" role="group" aria-roledescription="diagram" '
        f'aria-label="Diagram of {_e(m.title)}: drag or arrow keys to pan, wheel or + and - to zoom, '
        f'click a node for its details">{diagram}</div></section>'
        if diagram
        else ""
    )
    return (
        _head(f"{m.title} \u2014 argmap", live=live, version=version)
        + '<body class="map-page">\n<a class="skip" href="#tree">Skip to the map</a>\n'
        + f"<header>{_nav(maps, m.id)}<h1>{_e(m.title)}</h1>{description}</header>\n"
        + _problems_panel()
        + '<main id="main">\n'
        + '<section class="controls" aria-label="Search and filters">'
        + '<div class="search"><label for="q">Search nodes</label>'
        + '<input type="search" id="q" autocomplete="off" placeholder="text, speaker or quote">'
        + '<p id="status" role="status" aria-live="polite"></p></div>'
        + _filters(m, colours)
        + '<div class="actions"><button type="button" id="expand-all">Unfold all</button>'
        + '<button type="button" id="collapse-all">Fold all</button></div>'
        + view_switch
        + "</section>\n"
        + '<div class="panes">\n<section id="tree-view" aria-labelledby="tree-h">'
        + f'<h2 id="tree-h" class="visually-hidden">Claim tree ({node_count} nodes)</h2>'
        + '<p class="hint">Tab or arrow keys move between nodes; Enter shows details; '
        + "left and right arrows fold and unfold.</p>"
        + _tree(m, colours, links_out, fold, labels)
        + "</section>\n"
        + diagram_section
        + '<aside id="details" aria-live="polite" aria-labelledby="details-h" tabindex="-1">'
        + '<h2 id="details-h">Details</h2><div id="details-body">'
        + "<p>Choose a node to read its quote in the source, and where it is linked.</p></div></aside>\n"
        + "</div>\n</main>\n"
        + f"<footer><p>Built by argmap from map <code>{_e(m.id)}</code>.</p></footer>\n"
        + f'<script type="application/json" id="argmap-data">{_json_for_script(data)}</script>\n'
        + "</body>\n</html>\n"
    )


def _index_page(
    maps: list[ArgMap],
    colours: dict[str, tuple[str, str]],
    counts: dict[str, int],
    texts: dict[str, dict[str, str]],
    title: str,
    live: bool,
    version: int,
    labels: dict[str, str] | None = None,
) -> str:
    cards = []
    for m in maps:
        name, fill = colours.get(m.claim.side, (m.claim.side, "#DDDDDD"))
        label = (labels or {}).get(f"{m.id}:{m.claim.id}")
        description = f'<p class="description">{_e(m.description)}</p>' if m.description else ""
        cards.append(
            f'<li class="map-card"><h3><a href="{_e(page_name(m.id))}">{_e(m.title)}</a></h3>'
            f'<p class="claim card k-claim" style="--fill:{fill};--ink:{ink(fill)}">'
            f'<span class="meta"><span class="kind">Claim</span> <span class="side">{_e(name)}</span>'
            f"{_verdict(label)}</span>"
            f'<span class="text">{_e(m.claim.text)}</span></p>{description}'
            f'<p class="count">{counts[m.id]} nodes</p></li>'
        )
    rows = []
    for m in maps:
        for edge in m.edges():
            if not edge.crosslink:
                continue
            target_map, target_node = split_link(edge.target)
            target_map = target_map or m.id
            if target_map == m.id:
                continue
            label = texts.get(target_map, {}).get(target_node)
            target = (
                f'<a href="{_e(_node_href("", target_map, target_node))}">{_e(label)}</a>'
                if label is not None
                else f"{_e(target_map)}:{_e(target_node)} (not in this site)"
            )
            rows.append(
                f'<tr><td><a href="{_e(_node_href("", m.id, edge.source))}">{_e(texts[m.id][edge.source])}</a></td>'
                f"<td>{_e(RELATION_OUT[edge.relation.value].lower())}</td><td>{target}</td></tr>"
            )
    links = (
        "<table><caption>Points in one map that support or attack a point in another</caption>"
        '<thead><tr><th scope="col">From</th><th scope="col">Relation</th><th scope="col">To</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No map links to another.</p>"
    )
    return (
        _head(f"{title} \u2014 argmap", live=live, version=version)
        + '<body class="index-page">\n<a class="skip" href="#main">Skip to the maps</a>\n'
        + f"<header>{_nav(maps, None)}<h1>{_e(title)}</h1></header>\n"
        + _problems_panel()
        + '<main id="main">\n<section aria-labelledby="maps-h"><h2 id="maps-h">Maps</h2>'
        + (
            '<p class="evaluation-note">Each point is marked as it fares when every attack in the debate is '
            "weighed (grounded semantics, as <code>argmap evaluate</code> computes it): it <em>stands</em> when "
            "every attack on it falls, <em>falls</em> when an attack on it stands, and is <em>undecided</em> "
            "when attacks go round in a circle.</p>"
            if labels
            else ""
        )
        + f'<ol class="maps">{"".join(cards)}</ol></section>\n'
        + f'<section aria-labelledby="links-h"><h2 id="links-h">Cross-links between maps</h2>{links}</section>\n'
        + "</main>\n<footer><p>Built by argmap.</p></footer>\n</body>\n</html>\n"
    )


def _source_page(title: str, index: SourceIndex, live: bool, version: int) -> str:
    paragraphs = "".join(f'<p id="p-{n}">{_e(p)}</p>' for n, p in enumerate(index.paragraph_texts()) if p)
    return (
        _head(f"{title} \u2014 source", prefix="../", live=live, version=version)
        + '<body class="source-page">\n'
        + '<header><nav aria-label="Back"><ul><li><a href="../index.html">The debate</a></li></ul></nav>'
        + f"<h1>{_e(title)}</h1></header>\n"
        + _problems_panel()
        + f'<main id="main"><article class="source">{paragraphs}</article></main>\n</body>\n</html>\n'
    )


def _copy_assets(out: Path) -> None:
    folder = resources.files("argmap.site") / "assets"
    for name in ASSETS:
        write_atomic(out / "assets" / name, (folder / name).read_bytes())


def build_site(
    maps: Iterable[ArgMap] | object,
    out_dir: Path | str,
    *,
    root: Path | str | None = None,
    title: str = "The debate",
    diagrams: bool = True,
    diagram_limit: int = DIAGRAM_LIMIT,
    live: bool = False,
    version: int = 0,
) -> SiteResult:
    """Write the site of `maps` (an iterable of ArgMap, or a Debate) into `out_dir`.

    Source texts are found from the project root, as the quote checks find them (`root`, else the
    nearest folder above each map holding seeds/, pyproject.toml or .git). Maps are taken as valid;
    validate them first. `live` adds what `argmap serve` needs for the page to update itself.
    """
    if hasattr(maps, "maps") and hasattr(maps, "root"):  # a Debate
        root = root if root is not None else maps.root
        maps = list(maps.maps.values())
    maps = list(maps)
    out = Path(out_dir)
    result = SiteResult(out)
    seen: set[str] = set()
    for m in maps:
        if m.id in seen:
            raise ArgmapError(f"two maps have the id '{m.id}'; a site needs one page per map id")
        seen.add(m.id)
    colours = _side_colours(maps)
    from ..semantics import evaluate

    # Grounded labels over the maps of the site: linear time, so a 10,000-node debate pays milliseconds.
    labels = {name: str(label) for name, label in evaluate(maps).labels.items()}
    texts: dict[str, dict[str, str]] = {}
    counts: dict[str, int] = {}
    incoming: dict[tuple[str, str], list[list[str]]] = {}
    for m in maps:
        texts[m.id] = {visit.node.id: visit.node.text for visit in m.walk()}
        counts[m.id] = len(texts[m.id])
    for m in maps:
        for edge in m.edges():
            if edge.crosslink:
                target_map, target_node = split_link(edge.target)
                incoming.setdefault((target_map or m.id, target_node), []).append(
                    [RELATION_IN[edge.relation.value], m.id, edge.source, texts[m.id][edge.source]]
                )
    sources = _Sources()
    source_titles: dict[Path, str] = {}
    for m in maps:
        map_root = Path(root) if root is not None else _find_root(m)
        for source in m.sources.values():
            path, _ = sources.get(map_root, source.path)
            if path is not None:
                source_titles.setdefault(path, source.title)
        data, links_out = _page_data(m, map_root, sources, texts, incoming)
        diagram, note = None, ""
        if not diagrams:
            note = "Diagram view: not built for this site."
        elif counts[m.id] > diagram_limit:
            note = f"Diagram view: left out, the map has {counts[m.id]:,} nodes (more than {diagram_limit:,})."
        else:
            try:
                diagram = _diagram(m, colours)
            except ArgmapError as exc:
                note = "Diagram view: not available (Graphviz could not draw it)."
                result.notes.append(f"{m.id}: no diagram: {exc}")
        page = out / page_name(m.id)
        write_atomic(
            page,
            _map_page(m, maps, colours, data, links_out, diagram, note, counts[m.id], live, version, labels),
        )
        result.pages.append(page)
    for path, name in sources.pages.items():
        index = sources.by_path[path]
        if index is not None:
            write_atomic(out / name, _source_page(source_titles.get(path, path.name), index, live, version))
            result.pages.append(out / name)
    index_page = out / "index.html"
    write_atomic(index_page, _index_page(maps, colours, counts, texts, title, live, version, labels))
    result.pages.insert(0, index_page)
    _copy_assets(out)
    return result
