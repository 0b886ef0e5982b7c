"""Authoring: operations on a debate (`ops`), applied under the folder's lock all-or-nothing (`store`)."""

from __future__ import annotations

import os
from pathlib import Path

from ..debate import find_root
from ..io.files import DEFAULT_LOCK_TIMEOUT, fitting_name
from ..model import ArgMap
from .store import create


def new_map_file(
    path: Path | str,
    title: str,
    claim: str,
    sides: list[str],
    *,
    description: str | None = None,
    map_id: str | None = None,
    claim_id: str | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> ArgMap:
    """Start a map file: its claim and sides ('id' or 'id=Name', the first holds the claim)."""
    # The operations are imported by what uses them: an import or a check needs the store alone.
    from .ops import new_map, parse_side

    path = Path(path)
    fitting_name(path, "map file")  # before anything looks at the disk for it
    m = new_map(
        map_id or path.stem, title, claim, [parse_side(s) for s in sides], description, claim_id, schema_uri(path)
    )
    create(path, m, lock_timeout=lock_timeout)
    return m


def schema_uri(path: Path) -> str:
    """What a new map's `$schema` says: the project's committed schema as a path relative to the map, so
    editors validate as the author types; outside a project that has one, the schema's id (argmap knows it)."""
    from ..io.schema import SCHEMA_FILE, SCHEMA_ID

    schema = find_root(path.absolute()) / SCHEMA_FILE
    if schema.is_file():
        return Path(os.path.relpath(schema, path.absolute().parent)).as_posix()
    return SCHEMA_ID
