"""Render map files to diagram files: validate, build the graph, write DOT and images atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import graphviz

from ..debate import Debate, load_debate, validate_paths
from ..errors import ArgmapError, Issue, UsageError
from ..io.files import write_output
from ..model import ArgMap
from ..vocab import Page
from .backend import RenderError, engine_for, find_engines, rasterise, run_dot
from .dot import SMALLEST, to_digraph, to_dot
from .graph import DebateView, Options, build
from .page import MARGIN_PT, MIN_TEXT_PT, PAGE_SIZES, smallest_text

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


def _save(target: Path, data: str | bytes) -> None:
    write_output(target, data, overwrite=True)


def _write_diagram(
    dot_text: str,
    stem: Path,
    formats: Sequence[str],
    engines,
    result: RenderResult,
    options: Options | None = None,
    svg: bytes | None = None,
) -> None:
    """Write one diagram in each format; a format that fails still leaves the DOT to render elsewhere."""
    options = options or Options()
    dot_written = False
    for fmt in formats:
        target = stem.with_suffix(f".{fmt}")
        if fmt == "dot":
            if not dot_written:  # a failed format before it already left the DOT
                _save(target, dot_text)
                result.written.append(target)
                dot_written = True
            continue
        try:
            if fmt in ("svg", "png"):
                # PNG is drawn from the SVG, with fonts for every script (see backend.rasterise).
                svg = svg or run_dot(dot_text, "svg", engine_for("svg", engines))
                image = svg if fmt == "svg" else rasterise(svg, options.dpi)
            else:
                image = run_dot(dot_text, fmt, engine_for(fmt, engines))
        except RenderError as exc:
            result.failures.append(f"{target}: {exc}")
            if not dot_written:
                _save(stem.with_suffix(".dot"), dot_text)
                result.written.append(stem.with_suffix(".dot"))
                dot_written = True
            continue
        _save(target, image)
        result.written.append(target)
    if svg is not None and options.page is not Page.NONE:
        points = smallest_text(svg, options.page, SMALLEST)
        if points < MIN_TEXT_PT:
            result.warnings.append(
                f"{stem}: scaled to fit {options.page.value.upper()}, its smallest text is {points:.1f} pt "
                f"(under {MIN_TEXT_PT:g} pt); try --max-answers, --max-depth, --wrap or a larger --page"
            )


def render_paths(
    paths: Iterable[Path | str],
    out_dir: Path | str = "diagrams",
    formats: Sequence[str] = ("svg",),
    options: Options | None = None,
    overview: bool = False,
    overview_title: str | None = None,
    progress: Progress | None = None,
) -> RenderResult:
    """Render each sound map under `paths` to `out_dir/<file stem>.<format>`, and the overview if asked."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    formats = list(dict.fromkeys(formats))
    options = options or Options()
    checked = validate_paths(paths)
    if options.sides:
        declared = {side for _, m in checked.entries if m is not None for side in m.sides}
        missing = sorted(options.sides - declared)
        if missing:
            raise UsageError(f"--side {missing[0]}: no map declares that side (sides: {', '.join(sorted(declared))})")
    result = RenderResult(files=checked.files, issues=checked.issues)
    out = Path(out_dir)
    engines = find_engines()
    sound = checked.sound_maps()
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
    view = debate_view(checked.debates, sound)
    if options.evaluate:
        view.labels = _labels(checked)
    for number, (display, stem, maps) in enumerate(jobs, start=1):
        if progress:
            progress(number, len(jobs), display)
        title = (overview_title or "The debate: all maps") if stem == OVERVIEW else None
        dot_text, svg = _fit(maps, options, title, view, engines, formats)
        _write_diagram(dot_text, out / stem, formats, engines, result, options, svg)
    return result


def _labels(checked) -> dict[str, str]:
    """Grounded labels of every node of the debates the rendered maps belong to ('map:node' -> label)."""
    from ..semantics import evaluate

    labels: dict[str, str] = {}
    validated = set(checked.files)
    for debate in checked.debates:
        debate.complete()
        issues = [i for i in checked.issues if i.is_error]
        rest = [f for f in debate.files if f.display not in validated]
        issues += [i for i in debate.validate(rest) if i.is_error] if rest else []
        if issues:
            raise ArgmapError("--evaluate needs a debate without errors; nothing was drawn", issues)
        labels.update((name, label.value) for name, label in evaluate(debate).labels.items())
    return labels


def debate_view(debates: Iterable[Debate], drawn: Sequence[tuple[str, ArgMap]] = ()) -> DebateView:
    """What the diagrams need of their debates: every map of the folders (siblings read now), their stems.

    A map drawn alone thus gets the colours, and the stubs for links to other maps, of its whole folder.
    """
    maps: dict[str, ArgMap] = {m.id: m for _, m in drawn}
    stems = {m.id: Path(display).stem for display, m in drawn}
    for debate in debates:
        debate.complete()
        for file in debate.files:
            if file.map is not None and file.map.id not in maps:
                maps[file.map.id] = file.map
                stems[file.map.id] = file.path.stem
    return DebateView.of(maps.values(), stems)


ROWS = (4, 3, 2)  # answers side by side, tried in turn until the diagram reads at the page size
FIT_LIMIT = 400  # nodes; a larger map is laid out once, with the first
# Points a grid column takes per character of wrap (11 pt Helvetica's mean width, generous), and the
# box's padding with the gap and edges beside it: a first guess, which the drawn SVG then checks.
COLUMN_PER_CHAR, COLUMN_EXTRA = 5.6, 50.0


def grid_widths(page: Page, wrap: int) -> list[int]:
    """Grid columns that would fill the page's width upright, then turned, with text at the smallest size."""
    short, long = PAGE_SIZES[page]
    stretch = SMALLEST / MIN_TEXT_PT  # drawing points per page point when the text is printed at 7 pt
    column = wrap * COLUMN_PER_CHAR + COLUMN_EXTRA
    widths = [max(1, int((side - 2 * MARGIN_PT) * stretch // column)) for side in (short, long)]
    return list(dict.fromkeys(widths))


def _layouts(options: Options, grid: bool) -> list[Options]:
    """The layouts _fit tries in turn: rows of 4, 3 and 2 answers, then grids as wide as the page upright and turned.

    Rows keep each node's answers together under it, which reads best; a grid packs a map too large for
    that, at the cost of longer edges.
    """
    layouts = [replace(options, row=row) for row in ROWS]
    if grid and options.rankdir in ("TB", "BT"):
        layouts += [replace(options, row=ROWS[0], columns=c) for c in grid_widths(options.page, options.wrap)]
    return layouts


def _fit(
    maps: Sequence[ArgMap], options: Options, title: str | None, view: DebateView, engines, formats: Sequence[str]
) -> tuple[str, bytes | None]:
    """The DOT of a diagram, laid out (rows, else a grid: see _layouts) so that its smallest text reads on the page.

    Returns the SVG too when laying out told it, so it is not drawn twice.
    """
    graph = build(maps, replace(options, row=options.row or ROWS[0]), title=title, view=view)
    dot_text = to_dot(graph)
    fixed = options.row is not None or options.columns is not None
    if fixed or options.page is Page.NONE or graph.size > FIT_LIMIT:
        return dot_text, None
    if not any(f in ("svg", "png") for f in formats):
        return dot_text, None
    try:
        engine = engine_for("svg", engines)
    except RenderError:
        return dot_text, None  # _write_diagram reports it
    best: tuple[float, str, bytes] | None = None
    for number, layout in enumerate(_layouts(options, grid=not graph.overview)):
        if number:
            dot_text = to_dot(build(maps, layout, title=title, view=view))
        try:
            svg = run_dot(dot_text, "svg", engine)
        except RenderError:
            return dot_text, None
        points = smallest_text(svg, options.page, SMALLEST)
        if best is None or points > best[0] + 0.05:
            best = (points, dot_text, svg)
        if points >= MIN_TEXT_PT:
            break
    assert best is not None
    return best[1], best[2]


def diagram(map_or_path: ArgMap | Path | str, options: Options | None = None) -> graphviz.Digraph:
    """A map's diagram as a `graphviz.Digraph` (a notebook shows it inline), in its folder's colours.

    Rows of answers are not fitted to a page here (that needs Graphviz to run); pass `Options(row=...)`.
    """
    if isinstance(map_or_path, ArgMap):
        m = map_or_path
        debates = [load_debate(m.path)] if m.path is not None else []
    else:
        debate = load_debate(Path(map_or_path))
        file = debate.files[0]
        if file.map is None:
            problem = file.loaded.issues[0].message if file.loaded.issues else "cannot be read"
            raise ArgmapError(f"{file.display}: {problem}")
        m, debates = file.map, [debate]
    options = options or Options()
    display = str(m.path) if m.path is not None else m.id
    graph = build([m], replace(options, row=options.row or ROWS[0]), view=debate_view(debates, [(display, m)]))
    return to_digraph(graph)
