"""Authoring: operations on a debate (`ops`), applied under the folder's lock all-or-nothing (`store`)."""

from __future__ import annotations

import os
from pathlib import Path

from ..debate import find_root
from ..io.files import DEFAULT_LOCK_TIMEOUT
from ..model import ArgMap
from .ops import new_map, parse_side
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
    path = Path(path)
    # Point `$schema` at the project's committed schema, so editors validate as the author types.
    schema = find_root(path.absolute()) / "schemas" / "argmap.schema.json"
    schema_uri = os.path.relpath(schema, path.absolute().parent) if schema.is_file() else None
    m = new_map(map_id or path.stem, title, claim, [parse_side(s) for s in sides], description, claim_id, schema_uri)
    create(path, m, lock_timeout=lock_timeout)
    return m
