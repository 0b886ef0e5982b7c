"""Write the static site of a debate: index.html, one page per map, the sources as pages, and the assets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..errors import ArgmapError, Issue
from ..io.files import SITE_MARKER, OutputFolder, refuse_file_name
from ..model import ArgMap, split_link
from ..vocab import Kind
from . import pages
from .sources import SourceIndex

if TYPE_CHECKING:
    from ..debate import Debate
    from ..render.graph import DebateView

ASSETS = ("site.css", "site.js")
# Above this many nodes a map page has no diagram: Graphviz takes seconds on it (docs/contributing.md: Benchmarks),
# and the tree view shows the same map.
DIAGRAM_LIMIT = 2000
# Above this many nodes a map page opens with its branches folded below this depth, so the first
# paint lays out a screenful instead of every node.
FOLD_ABOVE = 1000
FOLD_DEPTH = 2
# Up to this many maps every page's nav lists every map: a row or two of titles a reader scans at a glance.
# Above it the list is no longer a glance, and since every page repeats it the site grows with the square of
# the maps (1,000 one-node maps made 107 MB, 2,000 made 416 MB). Then a map page names only the index, its
# neighbours in the debate's order and the maps it is linked with, and the index alone lists all the maps.
NAV_ALL_LIMIT = 50
# At most this many maps linked with a map are named in its bounded nav; "and K more" leads to the index's
# table of cross-links for the rest.
NAV_LINKED_LIMIT = 20

# Verb of a cross-link in each direction, for the details panel.
RELATION_OUT = {"supports": "Supports", "attacks": "Attacks"}
RELATION_IN = {"supports": "Supported by", "attacks": "Attacked by"}


@dataclass
class SiteResult:
    """What building a site wrote, and what it could not do (a missing diagram or source is not fatal)."""

    out_dir: Path
    pages: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _find_root(m: ArgMap) -> Path:
    from ..debate import find_root

    return find_root(m.path)


def _side_colours(maps: list[ArgMap]) -> dict[str, tuple[str, str]]:
    """Side id -> (name, colour) across the debate, as the diagrams colour them."""
    from ..palette import side_colours

    return side_colours(maps)


@dataclass(frozen=True)
class Diagram:
    """The diagram slot of a map page: inline SVG markup, or a note saying why there is none."""

    svg: Markup | None = None
    note: str = ""


def _diagram(m: ArgMap, view: DebateView) -> str:
    """The map's diagram as inline SVG markup, one picture with stubs for the other maps' nodes."""
    from ..render.files import map_pages
    from ..render.graph import Options
    from ..vocab import Page

    (page,) = map_pages(view, m.id, Options(page=Page.NONE), lambda other, node: _node_href(m.id, other, node))
    svg = page.decode("utf-8")
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
        entry = {"title": source.title}
        for key in ("date", "publisher", "url", "description"):
            if getattr(source, key):
                entry[key] = getattr(source, key)
        if path is not None and index is not None:
            entry["page"] = sources.pages[path]
        page_sources[source_id] = entry
    used_texts: dict[str, SourceIndex] = {}  # the sources a quote was found in, and their texts
    for node, *_ in m.walk():
        data: dict = {}
        if node.quote is not None:
            data["q"] = node.quote.text
            data["s"] = node.quote.source
            index = indexes.get(node.quote.source)
            where = index.locate(node.quote.text) if index else None
            if index is not None and where is not None:
                data["loc"] = where
                used_texts[node.quote.source] = index
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
    for source_id, index in used_texts.items():
        page_sources[source_id]["text"] = index.text
    return {"map": m.id, "sources": page_sources, "nodes": nodes}, links_out


def _map_values(m: ArgMap, colours: dict[str, tuple[str, str]], labels: dict[str, str], count: int) -> dict:
    """What the index says of a map: its page, title, claim and size."""
    return {
        "id": m.id,
        "page": page_name(m.id),
        "title": m.title,
        "description": m.description,
        "count": count,
        "claim_side": pages.side_view(m.claim.side, colours),
        "claim_text": m.claim.text,
        "claim_marks": pages.verdict_marks(labels.get(f"{m.id}:{m.claim.id}")),
    }


def _filters(m: ArgMap, colours: dict[str, tuple[str, str]]) -> tuple[list[pages.SideView], list[dict]]:
    """The sides and kinds a map has, in order of first use and of the Kind enum, for its filter boxes."""
    sides: dict[str, None] = {}
    kinds: set[Kind] = set()
    for node, *_ in m.walk():
        sides.setdefault(node.side)
        kinds.add(node.kind)
    return (
        [pages.side_view(s, colours) for s in sides],
        [{"value": k.value, "label": pages.KIND_LABEL[k]} for k in Kind if k in kinds],
    )


def _cross_links(maps: list[ArgMap], texts: dict[str, dict[str, str]]) -> list[dict]:
    """The index's table: every link from a node of one map to a node of another."""
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
            rows.append(
                {
                    "source_href": _node_href("", m.id, edge.source),
                    "source_text": texts[m.id][edge.source],
                    "relation": RELATION_OUT[edge.relation.value].lower(),
                    "target_href": _node_href("", target_map, target_node) if label is not None else "",
                    "target_text": label if label is not None else f"{target_map}:{target_node} (not in this site)",
                }
            )
    return rows


def _linked_maps(maps: list[ArgMap]) -> dict[str, list[int]]:
    """Map id -> the places, in the debate's order, of the other maps of the site it links to or is linked from."""
    place = {m.id: i for i, m in enumerate(maps)}
    linked: dict[str, set[int]] = {}
    for m in maps:
        for edge in m.edges():
            if not edge.crosslink:
                continue
            target = split_link(edge.target)[0] or m.id
            if target != m.id and target in place:
                linked.setdefault(m.id, set()).add(place[target])
                linked.setdefault(target, set()).add(place[m.id])
    return {map_id: sorted(places) for map_id, places in linked.items()}


def _bounded_nav(nav: list[dict], place: int, linked: Iterable[int]) -> pages.BoundedNav:
    """A map page's nav in a debate of many maps: the index, the map's neighbours, the maps it is linked with."""
    linked = list(linked)
    return pages.BoundedNav(
        total=len(nav),
        previous=nav[place - 1] if place > 0 else None,
        current=nav[place],
        next=nav[place + 1] if place + 1 < len(nav) else None,
        linked=[nav[i] for i in linked[:NAV_LINKED_LIMIT]],
        more=max(0, len(linked) - NAV_LINKED_LIMIT),
    )


def _maps_of(debate: Debate | Iterable[ArgMap]) -> tuple[list[ArgMap], Path | None]:
    """The maps of a Debate (with its root), or of an iterable of maps."""
    from ..debate import Debate

    if isinstance(debate, Debate):
        return list(debate.maps.values()), debate.root
    return list(debate), None


def build_site(
    debate: Debate | Iterable[ArgMap],
    out_dir: Path | str,
    *,
    root: Path | str | None = None,
    title: str = "The debate",
    diagrams: bool = True,
    diagram_limit: int = DIAGRAM_LIMIT,
    live: bool = False,
    version: int = 0,
    force: bool = False,
) -> SiteResult:
    """Write the site of `debate` (a Debate, or an iterable of ArgMap) into `out_dir`.

    Source texts are found from the project root, as the quote checks find them (`root`, else the
    debate's, else the nearest folder above each map holding seeds/, pyproject.toml or .git). Maps
    are taken as valid; validate them first. `live` adds what `argmap serve` needs for the page to
    update itself. The folder is written through `io.files.OutputFolder`: one argmap did not make
    that is not empty is refused unless `force`, and no link inside it is followed.
    """
    maps, debate_root = _maps_of(debate)
    if root is None:
        root = debate_root
    result = SiteResult(Path(out_dir))
    seen: set[str] = set()
    for m in maps:
        if m.id in seen:
            raise ArgmapError(f"two maps have the id '{m.id}'; a site needs one page per map id")
        seen.add(m.id)
    inputs = {p for m in maps if m.path is not None for p in (m.path, m.path.parent)}
    folder = OutputFolder(out_dir, inputs=inputs, marker=SITE_MARKER, force=force)
    folder.check()  # before the work: a refused folder is said at once
    refuse_file_name(out_dir)  # `-o index.html` would make a folder named index.html
    colours = _side_colours(maps)
    from ..semantics import evaluate

    # Grounded labels over the maps of the site: linear time, so a 10,000-node debate pays milliseconds.
    labels = {name: str(label) for name, label in evaluate(maps).labels.items()}
    # And each point's DF-QuAD strength, where supports count too: linear as well.
    strengths = evaluate(maps, "dfquad").strengths
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
    nav = [{"id": m.id, "page": page_name(m.id), "title": m.title} for m in maps]
    bounded = len(maps) > NAV_ALL_LIMIT
    linked = _linked_maps(maps) if bounded else {}
    common = {"live": live, "version": version, "maps": nav}
    files: list[tuple[str, str | bytes]] = []
    sources = _Sources()
    view = None
    if diagrams:
        from ..render.files import maps_view

        # One view of the debate for all the diagrams: making it looks at every map, so one a diagram was quadratic.
        view = maps_view(maps)
    source_titles: dict[Path, str] = {}
    for place, m in enumerate(maps):
        map_root = Path(root) if root is not None else _find_root(m)
        for source in m.sources.values():
            path, _ = sources.get(map_root, source.path)
            if path is not None:
                source_titles.setdefault(path, source.title)
        data, links_out = _page_data(m, map_root, sources, texts, incoming)
        diagram = _diagram_slot(m, view, counts[m.id], diagram_limit, result)
        fold = FOLD_DEPTH if counts[m.id] > FOLD_ABOVE else None
        rows, tree_end = pages.tree_rows(m, colours, links_out, fold, labels, strengths)
        filter_sides, filter_kinds = _filters(m, colours)
        html = pages.render(
            "map.html",
            bounded=_bounded_nav(nav, place, linked.get(m.id, ())) if bounded else None,
            title=f"{m.title} \u2014 argmap",
            body_class="map-page",
            map=_map_values(m, colours, labels, counts[m.id]),
            rows=rows,
            tree_end=tree_end,
            filter_sides=filter_sides,
            filter_kinds=filter_kinds,
            diagram=diagram,
            data=data,
            **common,
        )
        files.append((page_name(m.id), html))
    for path, name in sources.pages.items():
        index = sources.by_path[path]
        if index is not None:
            heading = source_titles.get(path, path.name)
            paragraphs = [(n, p) for n, p in enumerate(index.paragraph_texts()) if p]
            html = pages.render(
                "source.html",
                title=f"{heading} \u2014 source",
                heading=heading,
                body_class="source-page",
                prefix="../",
                paragraphs=paragraphs,
                **common,
            )
            files.append((name, html))
    index_html = pages.render(
        "index.html",
        title=f"{title} \u2014 argmap",
        heading=title,
        body_class="index-page",
        evaluated=bool(labels),
        bounded=pages.BoundedNav(total=len(maps)) if bounded else None,
        links=_cross_links(maps, texts),
        **{**common, "maps": [_map_values(m, colours, labels, counts[m.id]) for m in maps]},
    )
    files.insert(0, ("index.html", index_html))
    assets = resources.files("argmap.site") / "assets"
    files.extend((f"assets/{name}", (assets / name).read_bytes()) for name in ASSETS)
    written = folder.write_all(files)
    result.pages.extend(p for p in written if p.suffix == ".html")
    return result


def _diagram_slot(m: ArgMap, view: DebateView | None, count: int, limit: int, result: SiteResult) -> Diagram:
    if view is None:
        return Diagram(note="Diagram view: not built for this site.")
    if count > limit:
        return Diagram(note=f"Diagram view: left out, the map has {count:,} nodes (more than {limit:,}).")
    try:
        # Graphviz writes its SVG with every label XML-escaped: markup argmap made, safe to place as it is.
        return Diagram(svg=Markup(_diagram(m, view)))
    except ArgmapError as exc:
        result.notes.append(f"{m.id}: no diagram: {exc}")
        return Diagram(note="Diagram view: not available (Graphviz could not draw it).")


# ---- a site from paths: validate, then build the sound maps --------------------------------------


@dataclass
class Checked:
    """Validated maps: the sound ones to build, every finding, and the files they came from."""

    maps: list = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)


def check_paths(paths: Iterable[Path | str], root: Path | str | None = None) -> Checked:
    """Validate the maps under `paths` as `argmap validate` does; keep those without errors."""
    from ..debate import open_debate

    debate = open_debate(paths, root)
    sound = [f.map for f in debate.sound() if f.map is not None]
    return Checked(sound, list(debate.findings.issues), list(debate.findings.files))


def site_from_paths(
    paths: Iterable[Path | str], out_dir: Path | str, *, root: Path | str | None = None, **options
) -> tuple[SiteResult, Checked]:
    """Validate the maps under `paths` and write the site of those without errors."""
    checked = check_paths(paths, root)
    return build_site(checked.maps, out_dir, root=root, **options), checked
