"""`argmap serve`: the site on 127.0.0.1, rebuilt when a map or source changes, pushed to open pages as events.

The server trusts no request: see guard.py for what it lets through, and docs/security.md.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import ArgmapError, Code, Issue, UsageError
from .build import Checked, build_site, check_paths
from .guard import SECURITY_HEADERS, Guard, allowed_names
from .pages import EVENTS_PATH

# How often an idle event stream sends a comment, so a dead connection is noticed and its thread ends.
KEEPALIVE_SECONDS = 10.0


@dataclass(frozen=True)
class BuildState:
    """What the open pages are told after each build: the site's version, or the problems that stop it."""

    serial: int  # counts every build, good or bad
    version: int  # the site build the pages should show; only a sound build raises it
    ok: bool
    problems: tuple[str, ...] = ()
    summary: str = ""
    maps: int = 0

    def event(self) -> bytes:
        payload = {"version": self.version, "ok": self.ok, "problems": list(self.problems), "summary": self.summary}
        return f"event: build\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def _problem_lines(issues: list[Issue], files: int) -> tuple[tuple[str, ...], str]:
    from ..report.lines import summary, text_line

    return tuple(text_line(i) for i in issues), summary(files, issues)


# Connections the kernel holds while the server thread accepts: a page's open plus many tabs' event
# streams arrive together; with socketserver's default of 5, each one past it waits a second or more.
LISTEN_BACKLOG = 1024


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    request_queue_size = LISTEN_BACKLOG
    live: LiveSite
    guard: Guard

    def finish_request(self, request, client_address) -> None:
        # Each request reads from the build current when it arrives; a rebuild swaps folders, never edits one.
        _Handler(request, client_address, self, directory=str(self.live.current_dir))

    def handle_error(self, request, client_address) -> None:
        # One line, never a traceback on the console: whatever a client sends, the server goes on.
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        self.live.log_error(f"request from {client_address[0]} failed: {type(exc).__name__}: {exc}")


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(SimpleHTTPRequestHandler):
    server_version = "argmap"
    sys_version = ""  # no Python version in the Server header
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    @property
    def site(self) -> _Server:
        """The server this request came to (only ever a _Server)."""
        assert isinstance(self.server, _Server)
        return self.server

    def parse_request(self) -> bool:
        """Parse, then refuse before any route runs: a Host or Origin not ours, a malformed path."""
        if not super().parse_request():
            return False
        headers = self.headers
        refusal = self.site.guard.check(
            self.path, headers.get("Host"), headers.get("Origin"), len(headers.get_all("Host") or ())
        )
        if refusal is not None:
            self.close_connection = True
            self.send_error(refusal.status, refusal.reason)
            return False
        return True

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            self._events()
        else:
            super().do_GET()

    def list_directory(self, path):
        self.send_error(404, "Not found")  # the site links to its pages; a folder listing shows nothing it needs
        return None

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        self.site.live.log_request(format % args)

    def _events(self) -> None:
        live = self.site.live
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not live.stopping:
                state = live.wait_for_state(after=seen, timeout=KEEPALIVE_SECONDS)
                if state is None:
                    break
                if state.serial != seen:
                    self.wfile.write(state.event())
                    seen = state.serial
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class LiveSite:
    """Serve the site of the maps under `paths` at http://127.0.0.1:port/ and rebuild it when they change.

    `start()` builds, binds and starts the server and the watcher in threads; `stop()` ends them.
    Port 0 takes any free port (see `url`).
    """

    def __init__(
        self,
        paths: Iterable[Path | str],
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        root: Path | str | None = None,
        title: str = "The debate",
        diagrams: bool = True,
        on_build: Callable[[BuildState], None] | None = None,
        on_request: Callable[[str], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.host = host
        self.port = port
        self.root = root
        self.title = title
        self.diagrams = diagrams
        self.on_build = on_build
        self.on_request = on_request
        self.on_error = on_error
        self.stopping = False
        self._workdir: Path | None = None  # made by start(), so a signal before it leaves nothing behind
        self._builds: list[Path] = []
        self._lock = threading.Lock()  # one build at a time
        self._changed = threading.Condition()
        self._state: BuildState | None = None
        self._serial = 0
        self._version = 0
        self._stop = threading.Event()
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self._source_files: set[Path] = set()
        self._watching = threading.Event()

    # ---- building ------------------------------------------------------------------------------

    @property
    def current_dir(self) -> Path:
        if self._builds:
            return self._builds[-1]
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="argmap-serve-"))
        return self._workdir

    @property
    def state(self) -> BuildState | None:
        return self._state

    def rebuild(self) -> BuildState:
        """Validate and, when every map is sound, build a new version of the site; tell the pages either way."""
        with self._lock:
            try:
                checked = check_paths(self.paths, self.root)
            except ArgmapError as exc:  # a path given to serve has gone
                checked = Checked(issues=[Issue(Code.USAGE, str(exc), file="serve")])
            if checked.maps:
                self._source_files = self._sources_of(checked.maps)
            self._serial += 1
            if checked.ok or not self._builds:
                # With no earlier build to fall back on, the sound maps are built so there is a site to open.
                try:
                    self._build(checked.maps)
                except (ArgmapError, OSError) as exc:
                    checked.issues.append(Issue(Code.SITE, f"the site could not be built: {exc}", file="serve"))
            if checked.ok:
                state = BuildState(self._serial, self._version, True, maps=len(checked.maps))
            else:
                problems, summary = _problem_lines(checked.issues, len(checked.files))
                state = BuildState(self._serial, self._version, False, problems, summary, len(checked.maps))
        with self._changed:
            self._state = state
            self._changed.notify_all()
        if self.on_build:
            self.on_build(state)
        return state

    def _build(self, maps: list) -> None:
        version = self._version + 1
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="argmap-serve-"))
        target = self._workdir / f"build-{version}"
        try:
            build_site(
                maps, target, root=self.root, title=self.title, diagrams=self.diagrams, live=True, version=version
            )
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._version = version
        self._builds.append(target)
        # The folder before last goes; the last stays for requests still reading it.
        while len(self._builds) > 2:
            shutil.rmtree(self._builds.pop(0), ignore_errors=True)

    def wait_for_state(self, after: int, timeout: float) -> BuildState | None:
        """The state once its serial differs from `after`, or the same state after `timeout`; None when stopping."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.stopping or (self._state is not None and self._state.serial != after), timeout
            )
            return None if self.stopping else self._state

    def _sources_of(self, maps: list) -> set[Path]:
        from ..debate import find_root

        files = set()
        for m in maps:
            root = Path(self.root) if self.root is not None else find_root(m.path)
            for source in m.sources.values():
                files.add((root / source.path).resolve())
        return files

    # ---- watching ------------------------------------------------------------------------------

    def _watched_folders(self) -> set[Path]:
        folders = set()
        for path in self.paths:
            if path.is_dir():
                folders.add(path.resolve())
                folders.update(p.parent.resolve() for p in path.rglob("*.json") if p.is_file())
            else:
                folders.add(path.resolve().parent)
        folders.update(f.parent for f in self._source_files)
        return {f for f in folders if f.is_dir()}

    def _relevant(self, _change, name: str) -> bool:
        path = Path(name)
        if path.suffix == ".json":
            return any(path == p.resolve() or (p.is_dir() and path.is_relative_to(p.resolve())) for p in self.paths)
        return path in self._source_files

    def _watch(self) -> None:
        from watchfiles import watch

        while not self._stop.is_set():
            folders = self._watched_folders()
            for changes in watch(
                *sorted(folders),
                watch_filter=self._relevant,
                stop_event=self._stop,
                step=50,
                rust_timeout=200,
                yield_on_timeout=True,  # an empty first yield says the watcher is in place
                recursive=False,
            ):
                self._watching.set()
                if not changes:
                    continue
                self.rebuild()
                if self._watched_folders() != folders:
                    break  # a new folder of maps or sources: watch the new set

    # ---- serving -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the server is not started")
        address, port = self._server.server_address[:2]
        host = address if isinstance(address, str) else address.decode()
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1"  # every interface: this machine's own address is one
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"

    def log_request(self, line: str) -> None:
        if self.on_request:
            self.on_request(line)

    def log_error(self, line: str) -> None:
        if self.on_error:
            self.on_error(line)

    def start(self) -> LiveSite:
        """Build, then serve and watch in background threads."""
        self.rebuild()
        try:
            server_class = _Server6 if ":" in self.host else _Server
            self._server = server_class((self.host.strip("[]"), self.port), _Handler)
        except OSError as exc:
            self._cleanup()
            raise UsageError(
                f"cannot serve on {self.host}:{self.port}: {exc.strerror or exc}; choose another port with --port"
            ) from exc
        self._server.live = self
        self._server.guard = Guard(allowed_names(self.host), self._server.server_address[1])
        serving = threading.Thread(target=self._server.serve_forever, name="argmap-serve", daemon=True)
        watching = threading.Thread(target=self._watch, name="argmap-watch", daemon=True)
        self._threads = [serving, watching]
        for thread in self._threads:
            thread.start()
        # A save made once start() returns is seen: wait (a little) for the watcher to be in place.
        self._watching.wait(timeout=5)
        return self

    def stop(self) -> None:
        """Stop serving and watching, and remove the built folders (a second call does nothing)."""
        if self.stopping:
            return
        self.stopping = True
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._cleanup()

    def _cleanup(self) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)

    def wait(self) -> None:
        """Block until stopped (by stop() from another thread, or Ctrl-C), then stop and clean up."""
        try:
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            with _signals(signal.SIG_IGN):  # a second signal must not cut the clean-up short
                self.stop()

    @contextmanager
    def stopping_on_signals(self) -> Iterator[LiveSite]:
        """Within: Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the server as Ctrl-C does, wherever it is (even starting).

        SIGINT is taken even when the process was started with it ignored (a shell's background job);
        SIGTERM is what `docker stop`, systemd and CI send. Only the main thread can take signals.
        """
        try:
            with _signals(signal.default_int_handler):
                yield self
        except KeyboardInterrupt:
            with _signals(signal.SIG_IGN):
                self.stop()

    def __enter__(self) -> LiveSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def _signals(handler) -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP go to `handler` within, as before after (main thread only; elsewhere no change)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # SIGHUP: the terminal that started the server closed; the server must still clean up after itself.
    names = [signal.SIGINT] + [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {number: signal.signal(number, handler) for number in names}
    try:
        yield
    finally:
        for number, previous in before.items():
            signal.signal(number, previous)
