"""`argmap site` and `argmap serve` from the command line."""

from __future__ import annotations

import shutil
import signal
import socket
import sys
import urllib.request

import pytest

from argmap.site import LiveSite

from .conftest import ROOT, ServeProcess, run_argmap

SEED_MAPS = sorted((ROOT / "maps").glob("*.json"))


@pytest.fixture
def debate(project):
    for path in SEED_MAPS:
        shutil.copy(path, project / "maps" / path.name)
    return project


def test_site_writes_the_index_and_a_page_per_map(debate):
    ran = run_argmap("site", "-o", "out", "--title", "Russia's demands", cwd=debate)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"wrote out/index.html and {len(SEED_MAPS)} map pages"
    out = debate / "out"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Russia&#39;s demands</h1>" in index  # escaped: the title is user text
    assert len(list(out.glob("*.html"))) == len(SEED_MAPS) + 1
    assert (out / "assets" / "site.js").is_file()


@pytest.mark.parametrize("name", ["index.html", "site.HTM", "debate.svg"])
def test_site_out_named_like_a_page_is_a_usage_error_and_nothing_is_made(debate, name):
    # `-o index.html` made a folder named index.html holding the site: -o names a folder, said at once.
    before = sorted(p.relative_to(debate) for p in debate.rglob("*"))
    ran = run_argmap("site", "-o", name, cwd=debate)
    assert ran.returncode == 2 and ran.stdout == ""
    stem = name.rsplit(".", 1)[0]
    assert ran.stderr.strip() == (
        f"argmap: {name}: -o names the folder to write into, not a file; give a folder, e.g. -o {stem} "
        "(nothing was written)"
    )
    assert sorted(p.relative_to(debate) for p in debate.rglob("*")) == before


def test_site_writes_into_an_existing_folder_named_like_a_page(debate):
    (debate / "index.html").mkdir()
    ran = run_argmap("site", "-o", "index.html", "--no-diagrams", cwd=debate)
    assert ran.returncode == 0, ran.stderr
    assert (debate / "index.html" / "index.html").is_file()


def test_site_leaves_out_a_map_with_errors_and_says_where(debate):
    (debate / "maps" / "9-broken.json").write_text('{"id": "broken",\n  "title": 1}\n', encoding="utf-8")
    ran = run_argmap("site", "maps", "-o", "out", "--no-diagrams", cwd=debate)
    assert ran.returncode == 1
    assert "maps/9-broken.json:" in ran.stderr and "error[" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not (debate / "out" / "broken.html").exists()
    page = (debate / "out" / f"{SEED_MAPS[0].stem.split('-', 1)[1]}.html").read_text(encoding="utf-8")
    assert "<svg" not in page


def test_site_on_a_missing_path_is_a_usage_error(debate):
    ran = run_argmap("site", "no-such-folder", "-o", "out", cwd=debate)
    assert ran.returncode == 2
    assert ran.stderr.strip() == "argmap: no such file or folder: no-such-folder"


def test_serve_prints_its_address_serves_and_stops(debate, monkeypatch):
    fetched = {}

    def wait(self):  # instead of blocking until Ctrl-C: fetch the index once, then stop
        with urllib.request.urlopen(self.url, timeout=10) as response:
            fetched["status"] = response.status
        self.stop()

    monkeypatch.setattr(LiveSite, "wait", wait)
    ran = run_argmap("serve", "--port", "0", "--no-diagrams", cwd=debate)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("serving http://127.0.0.1:") and lines[-1] == "stopped"
    assert fetched["status"] == 200
    assert f"built version 1: {len(SEED_MAPS)} maps" in ran.stderr


def test_serve_on_a_busy_port_is_one_line(debate):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = run_argmap("serve", "--port", str(port), "--no-diagrams", cwd=debate)
    assert ran.returncode == 2
    assert f"argmap: cannot serve on 127.0.0.1:{port}" in ran.stderr and "--port" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_serve_stops_cleanly_on_ctrl_c(debate):
    # Ready when it prints its address (its handlers for Ctrl-C are in place before that line). It
    # takes Ctrl-C even when started with SIGINT ignored, as a background job of a script is: the
    # cause of this test's time-outs when the suite ran in the background.
    server = ServeProcess(debate, sigint_ignored=True)
    try:
        with urllib.request.urlopen(server.url, timeout=ServeProcess.CAP) as response:
            assert response.status == 200
        server.proc.send_signal(signal.SIGINT)
        code, out, err = server.finish()
    finally:
        server.close()
    assert code == 0, err
    assert out.strip() == "stopped" and "Traceback" not in err
