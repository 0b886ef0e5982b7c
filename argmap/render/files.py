"""Render map files to diagram files: validate, build the graph, write DOT and images atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..debate import validate_paths
from ..errors import ArgmapError, Issue, UsageError
from ..io.files import write_atomic
from .backend import RenderError, engine_for, find_engines, run_dot
from .dot import to_dot
from .graph import Options, build, side_colours

FORMATS = ("svg", "png", "pdf", "dot")
OVERVIEW = "overview"


@dataclass
class RenderResult:
    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # validation findings; maps with errors are not drawn
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not any(i.is_error for i in self.issues)


Progress = Callable[[int, int, str], None]


def _save(target: Path, data: str | bytes) -> None:
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise ArgmapError(f"{target}: cannot be written ({exc.strerror})") from None


def _write_diagram(dot_text: str, stem: Path, formats: Sequence[str], engines, result: RenderResult) -> None:
    """Write one diagram in each format; a format that fails still leaves the DOT to render elsewhere."""
    dot_written = False
    for fmt in formats:
        target = stem.with_suffix(f".{fmt}")
        if fmt == "dot":
            _save(target, dot_text)
            result.written.append(target)
            dot_written = True
            continue
        try:
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
    colours = side_colours([m for _, m in sound])
    for number, (display, stem, maps) in enumerate(jobs, start=1):
        if progress:
            progress(number, len(jobs), display)
        title = (overview_title or "The debate: all maps") if stem == OVERVIEW else None
        dot_text = to_dot(build(maps, options, title=title, colours=colours))
        _write_diagram(dot_text, out / stem, formats, engines, result)
    return result
