"""Hostile folders and hostile pages: the output writer and the live server, attacked as issue 27 lists.

Each test is named for the attack. None asserts a duration: a server test waits on a readiness signal
(the port answers, a line is printed) and is bounded only by a generous cap, so a loaded machine is slow,
never wrong.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import select
import shutil
import socket
import sys
import threading
import time
from html import unescape
from pathlib import Path

import pytest

from argmap.io.files import SITE_MARKER, LinkRefusedError, OutputFolder, _write_by_descriptor
from argmap.site import LiveSite

from .conftest import ROOT, run_argmap

SEED_MAP = sorted((ROOT / "maps").glob("*.json"))[0]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and signals as POSIX has them")


@pytest.fixture
def debate(project: Path) -> Path:
    shutil.copy(SEED_MAP, project / "maps" / SEED_MAP.name)
    return project


@pytest.fixture
def victim(tmp_path_factory) -> Path:
    """A file outside the project that a hostile repository points its links at."""
    path = tmp_path_factory.mktemp("home") / "precious.txt"
    path.write_text("the user's own file\n", encoding="utf-8")
    return path


def _untouched(victim: Path) -> bool:
    return victim.read_text(encoding="utf-8") == "the user's own file\n"


# ---- writes that would land outside the debate ----------------------------------------------------


@posix_only
def test_site_does_not_write_through_a_link_shipped_as_its_index_page(debate: Path, victim: Path) -> None:
    (debate / "site").mkdir()
    (debate / "site" / SITE_MARKER).write_text("", encoding="utf-8")  # even a folder argmap made
    (debate / "site" / "index.html").symlink_to(victim)
    ran = run_argmap("site", "-o", "site", "--no-diagrams", cwd=debate)
    assert ran.returncode == 1
    assert ran.stderr.startswith("argmap: site/index.html: is a symbolic link") and len(ran.stderr.splitlines()) == 1
    assert _untouched(victim) and (debate / "site" / "index.html").is_symlink()
    assert not (debate / "site" / "assets").exists()  # refused before the first page was written


@posix_only
def test_site_does_not_write_through_a_linked_assets_folder(debate: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (debate / "site").mkdir()
    (debate / "site" / "assets").symlink_to(outside, target_is_directory=True)
    ran = run_argmap("site", "-o", "site", "--no-diagrams", "--force", cwd=debate)
    assert ran.returncode == 1 and "site/assets: is a symbolic link" in ran.stderr
    assert list(outside.iterdir()) == []


@posix_only
def test_render_does_not_write_through_a_link_shipped_as_a_diagram(debate: Path, victim: Path) -> None:
    (debate / "diagrams").mkdir()
    (debate / "diagrams" / f"{SEED_MAP.stem}.dot").symlink_to(victim)
    ran = run_argmap("render", "maps", "-o", "diagrams", "-f", "dot", cwd=debate)
    assert ran.returncode == 1 and f"diagrams/{SEED_MAP.stem}.dot: is a symbolic link" in ran.stderr
    assert _untouched(victim) and "internal error" not in ran.stderr


@posix_only
def test_export_force_does_not_write_through_a_link(debate: Path, victim: Path) -> None:
    (debate / "out.argdown").symlink_to(victim)
    ran = run_argmap("export", "maps", "--to", "argdown", "-o", "out.argdown", "--force", cwd=debate)
    assert ran.returncode == 1 and "out.argdown: is a symbolic link" in ran.stderr
    assert _untouched(victim)


@posix_only
@pytest.mark.parametrize("into", ["other/imported.json", "other"])
def test_import_force_does_not_write_through_a_link_shipped_as_a_map(debate: Path, victim: Path, into: str) -> None:
    ran = run_argmap("export", "argdown", f"maps/{SEED_MAP.name}", "-o", "one.argdown", cwd=debate)
    assert ran.returncode == 0, ran.stderr
    map_id = json.loads(SEED_MAP.read_text(encoding="utf-8"))["id"]
    (debate / "other").mkdir()
    link = debate / (into if into.endswith(".json") else f"{into}/{map_id}.json")
    link.symlink_to(victim)
    ran = run_argmap("import", "one.argdown", "--from", "argdown", "-o", into, "--force", cwd=debate)
    assert ran.returncode == 1 and f"{link.relative_to(debate)}: is a symbolic link" in ran.stderr
    assert _untouched(victim) and link.is_symlink()


@posix_only
def test_schema_write_does_not_write_through_a_link(project: Path, victim: Path) -> None:
    schema = project / "schemas" / "argmap.schema.json"
    schema.unlink()
    schema.symlink_to(victim)
    ran = run_argmap("schema", "--write", cwd=project)
    assert ran.returncode == 1 and "is a symbolic link" in ran.stderr
    assert _untouched(victim)


@posix_only
def test_a_link_swapped_in_after_the_check_is_replaced_not_written_through(tmp_path: Path, victim: Path) -> None:
    # The race: the check saw no link, then one appears before the write. The folder is walked by
    # descriptor and the file renamed into place, and rename(2) replaces a link rather than following it.
    out = tmp_path / "out"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "site.css").symlink_to(victim)
    _write_by_descriptor(out, ("assets", "site.css"), b"body {}")
    assert _untouched(victim)
    assert not (out / "assets" / "site.css").is_symlink()
    assert (out / "assets" / "site.css").read_bytes() == b"body {}"


@posix_only
def test_a_folder_swapped_for_a_link_after_the_check_is_not_entered(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sources").symlink_to(outside, target_is_directory=True)
    with pytest.raises(LinkRefusedError, match="sources: is a symbolic link"):
        _write_by_descriptor(out, ("sources", "a.html"), b"<p>")
    assert list(outside.iterdir()) == []


# ---- writes that would replace what the user owns -------------------------------------------------


def test_site_into_a_folder_the_user_has_is_refused_without_force(debate: Path) -> None:
    docs = debate / "docs"
    docs.mkdir()
    (docs / "index.html").write_text("<p>the user's home page</p>", encoding="utf-8")
    ran = run_argmap("site", "-o", "docs", "--no-diagrams", cwd=debate)
    assert ran.returncode == 1
    assert ran.stderr.strip() == (
        "argmap: docs: is a folder argmap did not make, and it is not empty; nothing was written "
        "(--force writes into it, or choose a new folder)"
    )
    assert (docs / "index.html").read_text(encoding="utf-8") == "<p>the user's home page</p>"
    assert sorted(p.name for p in docs.iterdir()) == ["index.html"]
    forced = run_argmap("site", "-o", "docs", "--no-diagrams", "--force", cwd=debate)
    assert forced.returncode == 0, forced.stderr
    assert (docs / SITE_MARKER).is_file()
    again = run_argmap("site", "-o", "docs", "--no-diagrams", cwd=debate)  # now marked as argmap's
    assert again.returncode == 0, again.stderr


def test_site_makes_and_marks_a_new_folder_and_writes_an_empty_one(debate: Path) -> None:
    (debate / "empty").mkdir()
    for out in ("new/site", "empty"):
        ran = run_argmap("site", "-o", out, "--no-diagrams", cwd=debate)
        assert ran.returncode == 0, ran.stderr
        assert (debate / out / SITE_MARKER).is_file() and (debate / out / "index.html").is_file()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (f"maps/{SEED_MAP.name}", f"maps/{SEED_MAP.name}: is the file being read; write the output elsewhere"),
        ("maps", "maps: is the folder being read; write the output elsewhere"),
        ("notes.txt", "notes.txt: is a file, not a folder; give a folder (it is made if missing)"),
    ],
)
def test_site_o_naming_a_map_an_input_folder_or_a_file_is_one_line(debate: Path, out: str, message: str) -> None:
    (debate / "notes.txt").write_text("mine", encoding="utf-8")
    ran = run_argmap("site", "maps", "-o", out, "--no-diagrams", "--force", cwd=debate)
    assert ran.returncode == 2
    assert ran.stderr.strip() == f"argmap: {message}"
    assert (debate / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (debate / "maps" / SEED_MAP.name).read_bytes() == SEED_MAP.read_bytes()


def test_export_over_a_map_it_reads_is_refused_even_with_force(debate: Path) -> None:
    target = f"maps/{SEED_MAP.name}"
    ran = run_argmap("export", "maps", "--to", "aif", "-o", target, "--force", cwd=debate)
    assert ran.returncode == 2 and "is the file being read" in ran.stderr
    assert (debate / target).read_bytes() == SEED_MAP.read_bytes()


def test_an_output_path_must_stay_below_its_folder(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path / "out")
    for bad in ("../escape.html", "/etc/passwd", "a/../../b"):
        with pytest.raises(ValueError, match="relative and plain"):
            folder.write(bad, "x")
    assert not (tmp_path / "escape.html").exists()


def test_a_written_file_keeps_the_mode_of_the_one_it_replaces(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path)
    path = folder.write("page.html", "one")
    os.chmod(path, 0o600)
    folder.write("page.html", "two")
    assert path.read_text(encoding="utf-8") == "two" and (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


# ---- the static site's own policy -----------------------------------------------------------------


def test_every_static_page_forbids_inline_and_foreign_scripts(debate: Path) -> None:
    ran = run_argmap("site", "-o", "site", "--no-diagrams", cwd=debate)
    assert ran.returncode == 0, ran.stderr
    pages = sorted((debate / "site").rglob("*.html"))
    assert len(pages) >= 3  # the index, a map page, a source page
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy and "script-src 'self';" in unescape(policy.group(1)), page
        # The only scripts: the site's own file, and the page data as a JSON block (never executed).
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert ' src="' in tag or 'type="application/json"' in tag, (page, tag)


# ---- the live server ------------------------------------------------------------------------------

CAP = 60.0  # seconds: a bound only a hung server reaches, never a measure of speed


@pytest.fixture
def live(debate: Path):
    errors: list[str] = []
    with LiveSite([debate / "maps"], port=0, diagrams=False, on_error=errors.append) as site:
        yield site, errors


def _ask(site, path: str = "/", *, host: str | None = "default", method: str = "GET", headers=()):
    """One request with the Host (and other headers) given; (status, headers, body)."""
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CAP)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", f"127.0.0.1:{port}" if host == "default" else host)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        # The event stream never ends: its first bytes are enough.
        body = response.read1(200) if path.startswith("/_events") else response.read()
        return response.status, response.headers, body
    finally:
        connection.close()


def _raw(site, request: bytes) -> bytes:
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=CAP) as conn:
        conn.sendall(request)
        return conn.recv(4096)


ROUTES = ("/", "/index.html", f"/{json.loads(SEED_MAP.read_text(encoding='utf-8'))['id']}.html",
          "/assets/site.js", "/no-such-page.html", "/_events")


@pytest.mark.parametrize("route", ROUTES)
def test_dns_rebinding_a_foreign_host_gets_421_on_every_route(live, route: str) -> None:
    site, _ = live
    for host in ("evil.example", "evil.example:" + site.url.rsplit(":", 1)[1].strip("/"), None):
        status, headers, body = _ask(site, route, host=host)
        assert status == 421, (route, host)
        assert b"argmap" not in body.lower() or b"localhost" in body  # no page of the debate, only the refusal
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_post_or_other_method_with_a_foreign_host_is_refused_too(live) -> None:
    site, _ = live
    assert _ask(site, "/index.html", host="evil.example", method="POST")[0] == 421
    assert _ask(site, "/index.html", method="POST")[0] == 501  # ours, but the site has nothing to post to


def test_the_loopback_names_on_the_served_port_are_answered_others_are_not(live) -> None:
    site, _ = live
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        assert _ask(site, "/index.html", host=host)[0] == 200, host
    for host in (f"localhost:{port + 1}", "localhost", f"127.0.0.2:{port}", f"localhost.evil.example:{port}"):
        assert _ask(site, "/index.html", host=host)[0] == 421, host


@pytest.mark.parametrize("route", ["/index.html", "/_events"])
def test_a_page_of_another_site_cannot_read_or_listen(live, route: str) -> None:
    site, _ = live
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    for origin in ("http://evil.example", f"http://evil.example:{port}", "null", f"https://localhost:{port}"):
        status, headers, _ = _ask(site, route, headers=[("Origin", origin)])
        assert status == 403, (route, origin)
        assert "Access-Control-Allow-Origin" not in headers
    assert _ask(site, route, headers=[("Origin", f"http://localhost:{port}")])[0] == 200


@pytest.mark.parametrize(
    "request_line",
    [b"GET /index.html\x00 HTTP/1.1", b"GET /index%00.html HTTP/1.1", b"GET /%00 HTTP/1.1",
     b"GET /%ED%A0%80.html HTTP/1.1", b"GET /a%0d%0aSet-Cookie:%20x HTTP/1.1", b"GET /%ff HTTP/1.1"],
)
def test_a_malformed_path_gets_400_and_no_traceback(live, capfd, request_line: bytes) -> None:
    site, errors = live
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    answer = _raw(site, request_line + f"\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.0 400 "), answer[:60]
    assert _ask(site, "/index.html")[0] == 200  # and the server goes on
    assert "Traceback" not in capfd.readouterr().err and errors == []


def test_a_second_host_header_is_400(live) -> None:
    site, _ = live
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    for hosts in ((f"127.0.0.1:{port}", "evil.example"), ("evil.example", f"127.0.0.1:{port}")):
        lines = "".join(f"Host: {h}\r\n" for h in hosts)
        answer = _raw(site, f"GET /index.html HTTP/1.1\r\n{lines}\r\n".encode())
        assert answer.startswith(b"HTTP/1.0 400 "), answer[:60]


def test_every_answer_carries_the_security_headers(live) -> None:
    site, _ = live
    for route, host in (("/index.html", "default"), ("/assets/site.js", "default"), ("/nothing", "default"),
                        ("/", "evil.example")):
        _, headers, _ = _ask(site, route, host=host)
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, route
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Python" not in headers.get("Server", "")
    assert _ask(site, "/assets/site.js")[1]["Content-Type"].startswith("text/javascript")


def test_a_folder_is_not_listed(live) -> None:
    site, _ = live
    assert _ask(site, "/assets/")[0] == 404


def test_a_burst_of_100_event_streams_is_taken_while_the_server_is_busy(live, monkeypatch) -> None:
    # The server is held from accepting while 100 clients connect at once: the kernel's listen queue
    # must take them all (with socketserver's backlog of 5 all but 6 were dropped and retried, ~16 s).
    site, _ = live
    from argmap.site import serve

    release = threading.Event()
    accept = serve._Server.get_request
    monkeypatch.setattr(serve._Server, "get_request", lambda self: (release.wait(CAP), accept(self))[1])
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    # One request to park the serving thread at the held accept.
    parked = socket.create_connection(("127.0.0.1", port), timeout=CAP)
    clients = []
    try:
        for _ in range(100):
            client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            client.setblocking(False)
            client.connect_ex(("127.0.0.1", port))
            clients.append(client)
        pending = list(clients)
        deadline = time.monotonic() + CAP
        while pending and time.monotonic() < deadline:
            _, writable, _ = select.select([], pending, [], 1.0)
            pending = [c for c in pending if c not in writable]
        assert not pending, f"{len(pending)} of 100 connections were not taken while the server was busy"
        assert all(c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 for c in clients)
        for client in clients:
            client.setblocking(True)
            client.settimeout(CAP)
            client.sendall(f"GET /_events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        release.set()
        for client in clients:
            assert client.recv(32).startswith(b"HTTP/1.0 200 ")
    finally:
        release.set()
        parked.close()
        for client in clients:
            client.close()


def test_host_option_warns_that_the_debate_is_visible_to_the_network(debate: Path, monkeypatch) -> None:
    seen = {}

    def wait(self):  # instead of blocking: ask by the machine's name and by a foreign one, then stop
        port = self.url.rsplit(":", 1)[1].strip("/")
        seen["own"] = _ask(self, "/index.html", host=f"{socket.gethostname()}:{port}")[0]
        seen["foreign"] = _ask(self, "/index.html", host=f"evil.example:{port}")[0]
        self.stop()

    monkeypatch.setattr(LiveSite, "wait", wait)
    ran = run_argmap("serve", "--host", "0.0.0.0", "--port", "0", "--no-diagrams", cwd=debate)
    assert ran.returncode == 0, ran.stderr
    assert "argmap: warning: serving on 0.0.0.0: anyone who can reach this machine" in ran.stderr
    assert seen == {"own": 200, "foreign": 421}
    quiet = run_argmap("serve", "--port", "0", "--no-diagrams", cwd=debate)
    assert "warning" not in quiet.stderr
