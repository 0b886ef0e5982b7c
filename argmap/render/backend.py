"""Run Graphviz: find a `dot` (system Graphviz, else the graphviz-pure wheel) and turn DOT into images.

The only module in argmap that starts a process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArgmapError

# What each engine can write; the wheel's Rust port has no PDF (or other cairo) output.
SYSTEM_FORMATS = frozenset({"svg", "png", "pdf"})
PURE_FORMATS = frozenset({"svg", "png"})

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
