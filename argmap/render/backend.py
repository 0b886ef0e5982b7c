"""Run Graphviz: find a `dot` (system Graphviz, else the graphviz-pure wheel) and turn DOT into images.

The only module in argmap that starts a process. PNG is drawn from Graphviz's SVG by resvg with the
fonts that pip installs (Arimo for Latin, Greek and Cyrillic; Noto for Arabic and CJK), so every script shows on a fresh
machine; graphviz-pure's own PNG embeds Latin fonts only.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArgmapError

# What each engine can write; the wheel's Rust port has no PDF (or other cairo) output.
SYSTEM_FORMATS = frozenset({"svg", "png", "pdf"})
PURE_FORMATS = frozenset({"svg", "png"})

# Font packages from PyPI (all under the SIL Open Font License) and the family each holds, first wins:
# resvg falls back from one to the next for a character the first lacks. Arimo (Latin, Greek, Cyrillic)
# has Helvetica's widths, which Graphviz sizes the boxes by, so text fits its box in the PNG.
FONT_PACKAGES = (
    ("fontpkg_arimo", "Arimo"),
    ("fontpkg_noto_sans_arabic", "Noto Sans Arabic"),
    ("cvttf_NotoSansCJK_Regular", "Noto Sans CJK TC"),
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")

INSTALL_HINT = (
    "install Graphviz so that `dot` is on your PATH "
    "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz)"
)


class RenderError(ArgmapError):
    """Graphviz could not be found, or could not turn the DOT into the requested format."""


@dataclass(frozen=True)
class Engine:
    path: Path
    name: str  # "system" or "graphviz-pure"
    formats: frozenset[str]


def _pure_binary() -> Path | None:
    """The graphviz-pure wheel's executable, installed beside this interpreter's scripts."""
    candidates = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for folder in candidates:
        for name in ("graphviz-pure", "graphviz-pure.exe"):
            if (folder / name).is_file():
                return folder / name
    found = shutil.which("graphviz-pure")
    return Path(found) if found else None


def find_engines() -> list[Engine]:
    """Usable engines, best first: a system `dot` on PATH, then the wheel's."""
    engines = []
    system = shutil.which("dot")
    if system:
        engines.append(Engine(Path(system), "system", SYSTEM_FORMATS))
    pure = _pure_binary()
    if pure:
        engines.append(Engine(pure, "graphviz-pure", PURE_FORMATS))
    return engines


def engine_for(fmt: str, engines: list[Engine] | None = None) -> Engine:
    """The first engine that writes `fmt`, or a RenderError saying how to get one."""
    engines = find_engines() if engines is None else engines
    for engine in engines:
        if fmt in engine.formats:
            return engine
    if engines:
        have = ", ".join(sorted({f for e in engines for f in e.formats}))
        raise RenderError(
            f"{fmt.upper()} needs Graphviz's own `dot` (found only graphviz-pure, which writes {have}); " + INSTALL_HINT
        )
    raise RenderError("no Graphviz `dot` found; " + INSTALL_HINT + ", or reinstall argmap to get graphviz-pure")


def run_dot(dot_text: str, fmt: str, engine: Engine, timeout: float = 600) -> bytes:
    """DOT text in, image bytes out."""
    try:
        proc = subprocess.run(
            [str(engine.path), f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            env=_fontconfig_env() if engine.name == "system" and fmt == "pdf" else None,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"Graphviz ({engine.name}) took longer than {timeout:.0f} s") from exc
    except OSError as exc:
        raise RenderError(f"cannot run {engine.path}: {exc.strerror}; " + INSTALL_HINT) from exc
    if proc.returncode != 0 or not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {proc.returncode}"
        raise RenderError(f"Graphviz ({engine.name}) failed to write {fmt}: {reason}")
    return proc.stdout


def draw(dot_text: str, fmt: str, engines: list[Engine] | None = None, dpi: float = 96) -> bytes:
    """One diagram in `fmt` (svg, png or pdf) with the best engine there is; PNG is drawn from the SVG."""
    if fmt == "png":
        return rasterise(run_dot(dot_text, "svg", engine_for("svg", engines)), dpi)
    return run_dot(dot_text, fmt, engine_for(fmt, engines))


def draw_many(sources: Iterable[str], fmt: str, engine: Engine, timeout: float = 600, workers: int = 1) -> list[bytes]:
    """Several diagrams (the pages of a map) through Graphviz: one output each, in order.

    SVG pages are fed to `workers` processes (page i to process i mod workers) while they are still
    being produced (`sources` may be a generator), so Graphviz draws the first pages while Python
    writes the next, and a machine's cores share the drawing.
    """
    if fmt != "svg":
        return [run_dot(source, fmt, engine, timeout) for source in sources]
    procs = [_Process(engine) for _ in range(max(1, workers))]
    count = 0
    try:
        for source in sources:
            procs[count % len(procs)].feed(source.encode("utf-8"))
            count += 1
    finally:
        outputs = [proc.finish(timeout) for proc in procs]
    pictures: list[bytes] = []
    for index in range(count):
        found = outputs[index % len(procs)]
        if index // len(procs) >= len(found):
            raise RenderError(f"Graphviz ({engine.name}) wrote fewer pictures than the {count} pages")
        pictures.append(found[index // len(procs)])
    return pictures


class _Process:
    """One Graphviz process drawing SVG from DOT fed to it piece by piece, its output read as it comes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        try:
            self.proc = subprocess.Popen(
                [str(engine.path), "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise RenderError(f"cannot run {engine.path}: {exc.strerror}; " + INSTALL_HINT) from exc
        stdin, stdout, stderr = self.proc.stdin, self.proc.stdout, self.proc.stderr
        assert stdin is not None and stdout is not None and stderr is not None  # all three are pipes
        self.stdin = stdin
        self.out: list[bytes] = []
        self.err: list[bytes] = []
        self.fed = 0
        self.readers = [
            threading.Thread(target=lambda: self.out.append(stdout.read()), daemon=True),
            threading.Thread(target=lambda: self.err.append(stderr.read()), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    def feed(self, data: bytes) -> None:
        try:
            self.stdin.write(data)
        except BrokenPipeError:
            pass  # the process ended: finish() says why
        self.fed += 1

    def finish(self, timeout: float) -> list[bytes]:
        try:
            self.stdin.close()
        except BrokenPipeError:
            pass
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.proc.kill()
            raise RenderError(f"Graphviz ({self.engine.name}) took longer than {timeout:.0f} s") from exc
        for reader in self.readers:
            reader.join()
        joined = b"".join(self.out)
        if self.fed and (code != 0 or not joined):
            detail = b"".join(self.err).decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {code}"
            raise RenderError(f"Graphviz ({self.engine.name}) failed to write svg: {reason}")
        return [b"<?xml" + part for part in joined.split(b"<?xml") if part.strip()]


def join_pdf(pages: list[bytes]) -> bytes:
    """One PDF of the given one-page PDFs, in order."""
    import io

    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError as exc:
        raise RenderError("a PDF of several pages needs the pypdf package; reinstall argmap") from exc
    writer = PdfWriter()
    for data in pages:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def font_files() -> list[Path]:
    """The font files of the installed font packages, in FONT_PACKAGES order (italics left out)."""
    files: list[Path] = []
    for module, _ in FONT_PACKAGES:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = Path(next(iter(spec.submodule_search_locations)))
        found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and "Italic" not in p.name)
        files.extend(found)
    return files


def rasterise(svg: bytes, dpi: float) -> bytes:
    """SVG (in points, as Graphviz writes it) -> PNG at `dpi`, with the packaged fonts."""
    try:
        import resvg_py
    except ImportError as exc:
        raise RenderError("PNG needs the resvg-py package; reinstall argmap (pip install argmap)") from exc
    fonts = font_files()
    if not fonts:
        raise RenderError("PNG needs the Noto font packages; reinstall argmap (pip install argmap)")
    try:
        return bytes(
            resvg_py.svg_to_bytes(
                svg_string=svg.decode("utf-8"),
                dpi=float(dpi),  # Graphviz sizes the SVG in points: the PNG is then exactly `dpi`
                font_files=[str(f) for f in fonts],
                skip_system_fonts=True,  # the same picture on every machine
                font_family=FONT_PACKAGES[0][1],
                sans_serif_family=FONT_PACKAGES[0][1],
                serif_family=FONT_PACKAGES[0][1],
                background="white",
            )
        )
    except ValueError as exc:
        raise RenderError(f"cannot draw the PNG: {exc}") from exc


def _fontconfig_env() -> dict[str, str] | None:
    """An environment whose fontconfig also sees the packaged fonts, for a system `dot` writing PDF."""
    fonts = font_files()
    if not fonts:
        return None
    folders = "".join(f"<dir>{f}</dir>" for f in sorted({str(p.parent) for p in fonts}))
    conf = Path(tempfile.gettempdir()) / f"argmap-fonts-{os.getuid() if hasattr(os, 'getuid') else 0}.conf"
    text = (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{folders}</fontconfig>'
    )
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        conf.write_text(text, encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}
