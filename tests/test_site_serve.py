"""The live server without a browser: files over HTTP on 127.0.0.1, build events, problems, recovery."""

from __future__ import annotations

import json
import shutil
import socket
import urllib.error
import urllib.request

import pytest

from argmap.errors import UsageError
from argmap.site import LiveSite

from .conftest import ROOT

SEED = sorted((ROOT / "maps").glob("*.json"))[3]
WAIT = 10.0


@pytest.fixture
def live(project):
    shutil.copy(SEED, project / "maps" / SEED.name)
    with LiveSite([project / "maps"], port=0, diagrams=False) as site:
        yield site, project / "maps" / SEED.name


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, "", ""


def next_state(site, after: int):
    state = site.wait_for_state(after=after, timeout=WAIT)
    assert state is not None and state.serial != after, "no build within the wait"
    return state


def test_serves_the_site_on_localhost(live):
    site, path = live
    assert site.url.startswith("http://127.0.0.1:")
    map_id = json.loads(path.read_text(encoding="utf-8"))["id"]
    status, kind, body = get(site.url + "index.html")
    assert status == 200 and kind.startswith("text/html")
    assert f'href="{map_id}.html"' in body and 'name="argmap-live"' in body
    status, _, body = get(site.url + f"{map_id}.html")
    assert status == 200 and 'data-node="' in body
    assert get(site.url + "assets/site.js")[0] == 200
    assert get(site.url + "no-such-page.html")[0] == 404


def test_the_event_stream_sends_the_current_build(live):
    site, _ = live
    with urllib.request.urlopen(site.url + "_events", timeout=WAIT) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        lines = []
        while len(lines) < 3:  # retry, event, data
            line = stream.readline().decode("utf-8").strip()
            if line:
                lines.append(line)
    assert lines[1] == "event: build"
    payload = json.loads(lines[2].removeprefix("data: "))
    assert payload == {"version": site.state.version, "ok": True, "problems": [], "summary": ""}


def test_a_saved_change_rebuilds_an_invalid_one_reports_a_fix_recovers(live):
    site, path = live
    original = path.read_text(encoding="utf-8")
    first = site.state
    doc = json.loads(original)
    doc["claim"]["text"] = "A changed claim."
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    state = next_state(site, first.serial)
    assert state.ok and state.version > first.version
    assert "A changed claim." in get(site.url + f"{doc['id']}.html")[2]

    path.write_text("{ not json", encoding="utf-8")
    broken = next_state(site, state.serial)
    assert not broken.ok and broken.version == state.version  # the last good build stays
    assert any(f"{path}:1:3: error[json-syntax]" in line for line in broken.problems)
    assert "1 problem" in broken.summary
    assert "A changed claim." in get(site.url + f"{doc['id']}.html")[2]

    path.write_text(original, encoding="utf-8")
    fixed = next_state(site, broken.serial)
    for _ in range(3):  # a write can be seen half-done; a later event has the whole file
        if fixed.ok:
            break
        fixed = next_state(site, fixed.serial)
    assert fixed.version > state.version
    assert doc["claim"]["text"] not in get(site.url + f"{doc['id']}.html")[2]


def test_a_busy_port_is_refused_with_one_line(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match=f"cannot serve on 127.0.0.1:{port}.*--port"):
            LiveSite([project / "maps"], port=port).start()


def test_a_site_that_cannot_be_built_is_a_problem_not_a_crash(project):
    # Two folders are two debates to `validate`, but one site cannot hold two pages of one map id.
    (project / "other").mkdir()
    shutil.copy(SEED, project / "maps" / SEED.name)
    shutil.copy(SEED, project / "other" / SEED.name)
    with LiveSite([project / "maps", project / "other"], port=0, diagrams=False) as site:
        state = site.state
        assert not state.ok
        assert any("error[site]: the site could not be built: two maps have the id" in p for p in state.problems)
        (project / "other" / SEED.name).unlink()
        state = next_state(site, state.serial)
        assert state.ok and get(site.url + "index.html")[0] == 200
