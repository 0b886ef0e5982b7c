"""Render map files to diagram files: validate, build the graph, lay it out on pages, write DOT and images."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..debate import Debate, open_debate
from ..errors import ArgmapError, Issue, UsageError
from ..io.files import refuse_file_name, synced_together, write_output
from ..model import ArgMap
from ..perf import gc_paused
from ..vocab import Page
from .backend import RenderError, draw_many, engine_for, find_engines, join_pdf, rasterise
from .dot import SMALLEST, Diagram, Writer
from .graph import DebateView, Options, build
from .page import MIN_TEXT_PT, smallest_text
from .pages import Drawing, lay_out

FORMATS = ("svg", "png", "pdf", "dot")
OVERVIEW = "overview"


@dataclass
class RenderResult:
    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # validation findings; maps with errors are not drawn
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # diagrams that will not read well in print

    @property
    def ok(self) -> bool:
        return not self.failures and not any(i.is_error for i in self.issues)


Progress = Callable[[int, int, str], None]


def _save(target: Path, data: str | bytes, result: RenderResult) -> None:
    write_output(target, data, overwrite=True)
    result.written.append(target)


def _index(drawing: Drawing, folder: Path, formats: Sequence[str]) -> str:
    """A page listing a paged diagram's pages, each shown and linked (the SVG pages' index)."""
    from html import escape

    fmt = "svg" if "svg" in formats else "png"
    items = []
    for page in drawing.pages:
        name, title = escape(f"{drawing.file(page.number)}.{fmt}"), escape(drawing.title(page.number))
        items.append(
            f'<li><a href="{name}">{title}</a><br><img src="{name}" alt="{title}" style="max-width:100%"></li>'
        )
    title = escape(drawing.graph.title)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{len(drawing.pages)} pages</p><ol>{''.join(items)}</ol></body></html>\n"
    )


def write_drawing(
    drawing: Drawing,
    pages: Iterable[Writer],
    out: Path,
    formats: Sequence[str],
    engines,
    result: RenderResult,
    options: Options,
) -> None:
    """Write one diagram's pages in each format; a format that fails still leaves the DOT to render elsewhere.

    SVG is drawn by render.svg from the very statements the DOT is written from (the picture Graphviz
    draws from that DOT, without its process); PNG and PDF are drawn by Graphviz.
    """
    from . import svg as svg_writer

    files = [out / drawing.file(page.number) for page in drawing.pages]
    svgs: list[bytes] | None = None
    dot_written = False
    made = list(pages)

    def write_dot() -> None:
        nonlocal dot_written
        if not dot_written:
            for stem, page in zip(files, made, strict=True):
                _save(stem.with_suffix(".dot"), page.source, result)
            dot_written = True

    for fmt in formats:
        if fmt == "dot":
            write_dot()
            continue
        try:
            if fmt == "svg":
                svgs = [svg_writer.draw(page) for page in made]
                for stem, image in zip(files, svgs, strict=True):
                    _save(stem.with_suffix(".svg"), image, result)
            elif fmt == "png":
                # PNG is drawn from Graphviz's SVG, with fonts for every script (see backend.rasterise).
                engine, workers = engine_for("svg", engines), _workers(len(files))
                drawn = draw_many((page.source for page in made), "svg", engine, workers=workers)
                svgs = svgs or drawn
                for stem, image in zip(files, drawn, strict=True):
                    _save(stem.with_suffix(".png"), rasterise(image, options.dpi), result)
            else:
                pictures = draw_many([p.source for p in made], fmt, engine_for(fmt, engines))
                _save(out / f"{drawing.stem}.{fmt}", pictures[0] if len(pictures) == 1 else join_pdf(pictures), result)
        except RenderError as exc:
            result.failures.append(f"{out / drawing.stem}.{fmt}: {exc}")
            write_dot()
    if len(drawing.pages) > 1 and any(f in ("svg", "png") for f in formats) and svgs is not None:
        _save(out / f"{drawing.stem}.html", _index(drawing, out, formats), result)
    if svgs is not None and options.page is not Page.NONE:
        for stem, svg in zip(files, svgs, strict=True):
            points = smallest_text(svg, options.page, SMALLEST)
            if points < MIN_TEXT_PT - 0.05:
                result.warnings.append(
                    f"{stem}: scaled to fit {options.page.value.upper()}, its smallest text is {points:.1f} pt "
                    f"(under {MIN_TEXT_PT:g} pt); try --wrap or a larger --page"
                )


def _workers(pages: int) -> int:
    """Graphviz processes for a diagram of this many pages: one per core, at most one per ten pages."""
    return max(1, min(os.cpu_count() or 1, pages // 10))


def render_paths(
    paths: Iterable[Path | str],
    out_dir: Path | str = "diagrams",
    formats: Sequence[str] = ("svg",),
    options: Options | None = None,
    overview: bool = False,
    overview_title: str | None = None,
    progress: Progress | None = None,
) -> RenderResult:
    """Render each sound map under `paths` to `out_dir/<stem>.<format>` (paged: `<stem>-<page>`), and the overview."""
    return render_debate(open_debate(paths), out_dir, formats, options, overview, overview_title, progress)


def render_debate(
    debate: Debate,
    out_dir: Path | str = "diagrams",
    formats: Sequence[str] = ("svg",),
    options: Options | None = None,
    overview: bool = False,
    overview_title: str | None = None,
    progress: Progress | None = None,
) -> RenderResult:
    """Render each sound map of the files the debate was opened on, and the overview if asked."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    formats = list(dict.fromkeys(formats))
    options = options or Options()
    checked = debate.findings
    if options.sides:
        declared = {side for f in debate.given if f.map is not None for side in f.map.sides}
        missing = sorted(options.sides - declared)
        if missing:
            raise UsageError(f"--side {missing[0]}: no map declares that side (sides: {', '.join(sorted(declared))})")
    result = RenderResult(files=list(checked.files), issues=list(checked.issues))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        # Refused before any drawing, as `site -o FILE` is: a usage error, not one failure per map.
        raise UsageError(f"{out}: is a file, not a folder; give a folder (it is made if missing)")
    refuse_file_name(out)  # `-o out.svg` would make a folder named out.svg
    engines = find_engines()
    sound = [(f.display, f.map) for f in debate.sound() if f.map is not None]
    stems: dict[str, str] = {}
    jobs = []
    for display, m in sound:
        stem = Path(display).stem
        if stem in stems or (overview and stem == OVERVIEW):
            clash = stems.get(stem, "the overview")
            result.failures.append(f"{display}: would overwrite the diagram of {clash}; rename one of them")
            continue
        stems[stem] = display
        jobs.append((display, stem, [m]))
    if overview and sound:
        jobs.append(("overview", OVERVIEW, [m for _, m in sound]))
    view = debate_view(debate, sound)
    if options.evaluate:
        if options.semantics.value in ("preferred", "stable", "complete"):
            raise UsageError(
                f"render --evaluate draws grounded labels or a gradual strength, not {options.semantics.value} "
                "extensions (see `argmap evaluate --semantics`)"
            )
        if options.semantics.gradual:
            view.strengths = _strengths(debate, options.semantics)
        else:
            view.labels = _labels(debate)
    drawings: list[Drawing] = []
    # Many small objects, none of them garbage; the pages of a diagram synced to disk a group at a time.
    with gc_paused(), synced_together():
        for _, stem, maps in jobs:
            title = (overview_title or "The debate: all maps") if stem == OVERVIEW else None
            drawings.append(lay_out(build(maps, options, title=title, view=view), stem))
        locate = _locator(drawings, view)
        for number, drawing in enumerate(drawings, start=1):
            if progress:
                progress(number, len(jobs), jobs[number - 1][0])
            write_drawing(drawing, drawing.each_page(locate), out, formats, engines, result, options)
    return result


def _locator(drawings: Sequence[Drawing], view: DebateView):
    """Where a stub for a node of another map leads: the page of that map's diagram that draws the node."""
    by_map = {d.graph.top.name.partition(":")[0]: d for d in drawings if not d.graph.overview}

    def locate(map_id: str, node_id: str) -> str:
        drawing = by_map.get(map_id)
        if drawing is None:
            return f"{view.stems.get(map_id, map_id)}.svg#{node_id}"
        return f"{drawing.file(drawing.where.get(node_id, 1))}.svg#{node_id}"

    return locate


def _evaluations(debate: Debate, semantics: str = "grounded"):
    """The evaluation of each debate (folder) the rendered maps belong to; refused when one has errors."""
    from ..semantics import evaluate

    issues = [i for f in debate.files for i in debate.findings_of(f) if i.is_error]
    if issues:
        raise ArgmapError("--evaluate needs a debate without errors; nothing was drawn", issues)
    for files in debate.folders.values():
        yield evaluate([f.map for f in files if f.map is not None], semantics)


def _labels(debate: Debate) -> dict[str, str]:
    """Grounded labels of every node of the debates the rendered maps belong to ('map:node' -> label)."""
    return {name: label.value for ev in _evaluations(debate) for name, label in ev.labels.items()}


def _strengths(debate: Debate, semantics) -> dict[str, float]:
    """Gradual strengths ('map:node' -> 0..1) of every node of the debates the rendered maps belong to."""
    return {name: value for ev in _evaluations(debate, semantics) for name, value in (ev.strengths or {}).items()}


def debate_view(debate: Debate | None, drawn: Sequence[tuple[str, ArgMap]] = ()) -> DebateView:
    """What the diagrams need of their debate: every map of its folders, and the file stem of each.

    A map drawn alone thus gets the colours, and the stubs for links to other maps, of its whole folder.
    """
    maps: dict[str, ArgMap] = {m.id: m for _, m in drawn}
    stems = {m.id: Path(display).stem for display, m in drawn}
    for file in debate.files if debate is not None else ():
        if file.map is not None and file.map.id not in maps:
            maps[file.map.id] = file.map
            stems[file.map.id] = file.path.stem
    return DebateView.of(maps.values(), stems)


def diagram(map_or_path: ArgMap | Path | str, options: Options | None = None) -> Diagram:
    """A map's diagram in its folder's colours, as one picture (a `graphviz.Digraph` a notebook shows inline).

    Its `.pipe()`, `.render()` and notebook pictures draw with a system `dot` where there is one and
    with the bundled graphviz-pure where there is not. `Options(page=Page.A3)` lays the map out for
    print: the picture is then its first page, and `.pages` holds them all.
    """
    if isinstance(map_or_path, ArgMap):
        m = map_or_path
        debate = open_debate([m.path]) if m.path is not None else None
    else:
        debate = open_debate([Path(map_or_path)])
        file = debate.given[0]
        if file.map is None:
            problem = file.loaded.issues[0].message if file.loaded.issues else "cannot be read"
            raise ArgmapError(f"{file.display}: {problem}")
        m = file.map
    options = options or Options(page=Page.NONE)
    display = str(m.path) if m.path is not None else m.id
    view = debate_view(debate, [(display, m)])
    drawing = lay_out(build([m], options, view=view), Path(display).stem)
    pages = [_as_diagram(source) for source in drawing.sources()]
    first = pages[0]
    first.pages = pages
    return first


def _as_diagram(source: str) -> Diagram:
    """A Diagram holding exactly this DOT text."""
    body = source.strip().splitlines()
    dot = Diagram("argmap")
    dot.body = [line + "\n" for line in body[1:-1]]
    return dot


def maps_view(debate: Debate | Iterable[ArgMap]) -> DebateView:
    """The DebateView of a Debate or of its maps, each diagram named by its map's file stem.

    Made once for many diagrams of one debate (the site draws one per map): making it looks at every map,
    and a view made per diagram made a debate's diagrams quadratic in its maps.
    """
    maps = list(debate.maps.values()) if isinstance(debate, Debate) else list(debate)
    return DebateView.of(maps, {each.id: each.path.stem for each in maps if each.path is not None})


def map_pages(
    debate: Debate | Iterable[ArgMap] | DebateView,
    map_id: str,
    options: Options | None = None,
    locate: Callable[[str, str], str] | None = None,
) -> list[bytes]:
    """The SVG pages of one map of a debate (a Debate, all its maps, or their `maps_view`), with stubs for its
    links to the others.

    What the site shows for a map: `Options(page=Page.NONE)` gives one picture to pan. A stub for a
    node of another map leads to `locate(map id, node id)` (default `<that map's file stem>.svg#node`).
    """
    view = debate if isinstance(debate, DebateView) else maps_view(debate)
    m = view.maps.get(map_id)
    if m is None:
        raise ArgmapError(f"no map {map_id!r} in the debate")
    with gc_paused():
        drawing = lay_out(build([m], options or Options(), view=view), view.stems.get(map_id, map_id))
        from .svg import draw

        return [draw(page) for page in drawing.each_page(locate)]
