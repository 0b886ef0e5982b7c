"""Hostile folders and hostile pages: the output writer and the live server, attacked as issue 27 lists.

Each test is named for the attack. None asserts a duration: a server test waits on a readiness signal
(the port answers, a line is printed) and is bounded only by a generous cap, so a loaded machine is slow,
never wrong.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from argmap.io.files import SITE_MARKER, LinkRefusedError, OutputFolder, _write_by_descriptor

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
