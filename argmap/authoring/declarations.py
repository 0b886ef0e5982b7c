"""Operations on what a map declares: its sides and its sources (add, edit, rename, remove)."""

from __future__ import annotations

from pathlib import Path

from ..errors import ArgmapError, NotFoundError
from ..model import Quote, Side, Source
from ..vocab import plural
from .draft import Draft
from .values import (
    _known_side,
    _known_source,
    _listed,
    check_color,
    check_date,
    check_id,
    check_text,
    check_url,
    side_name,
)


def add_side(
    draft: Draft, side_id: str, name: str | None = None, description: str | None = None, color: str | None = None
) -> None:
    """Declare a side; its display name defaults to one made from the id ('united-states': 'United States')."""
    m = draft.map
    check_id(side_id, "side")
    if side_id in m.sides:
        raise ArgmapError(f"side '{side_id}' is already declared (change it with `argmap side edit`)")
    m.sides[side_id] = Side.model_construct(
        name=check_text(name if name is not None else side_name(side_id), "--name", required=True),
        description=check_text(description, "--description") or None,
        color=check_color(color or None),
    )
    draft.touch()


def edit_side(draft: Draft, side_id: str, name: str | None, description: str | None, color: str | None) -> bool:
    side = draft.map.sides[_known_side(draft.map, side_id)]
    fields = {
        "name": check_text(name, "--name", required=True),
        "description": check_text(description, "--description"),
        "color": check_color(color) if color else color,  # "" removes the colour
    }
    changed = _set_fields(side, fields, removable={"description", "color"})
    if changed:
        draft.touch()
    return changed


def rename_side(draft: Draft, old: str, new: str) -> int | None:
    """Rename a side and every node that names it; how many nodes changed (None: already so named)."""
    m = draft.map
    _known_side(m, old)
    check_id(new, "new side id")
    if new == old:
        return None
    if new in m.sides:
        raise ArgmapError(f"side '{new}' is already declared")
    m.sides = _renamed(m.sides, old, new)
    count = 0
    for node, *_ in m.walk():
        if node.side == old:
            node.side = new
            count += 1
    draft.touch()
    return count


def remove_side(draft: Draft, side_id: str) -> None:
    m = draft.map
    _known_side(m, side_id)
    users = [node.id for node, *_ in m.walk() if node.side == side_id]
    if users:
        raise ArgmapError(
            f"side '{side_id}' is used by {plural(len(users), 'node')}: {_listed(users)}; change them first"
        )
    del m.sides[side_id]
    draft.touch()


def _renamed(table: dict, old: str, new: str) -> dict:
    """The table with one key renamed, in the same order (declaration order is what the diagrams show)."""
    return {(new if key == old else key): value for key, value in table.items()}


def _set_fields(target: object, fields: dict[str, str | None], removable: set[str]) -> bool:
    """Set the given fields; '' removes a removable one. Returns whether anything changed."""
    changed = False
    for key, value in fields.items():
        if value is None:
            continue
        value = (value or None) if key in removable else value
        if getattr(target, key) != value:
            setattr(target, key, value)
            changed = True
    return changed


def _source_path(draft: Draft, path: str) -> str:
    """A source path stored relative to the project root, so the map is portable."""
    root = draft.root.resolve()
    given = Path(path)
    full = (given if given.is_absolute() else root / given).resolve()
    if not full.exists():
        raise NotFoundError(
            f"source file {path} does not exist (source paths are relative to the project root, {root})"
        )
    if not full.is_relative_to(root):
        raise ArgmapError(f"source file {path} lies outside the project ({root}); copy it into seeds/")
    return full.relative_to(root).as_posix()


def add_source(
    draft: Draft,
    source_id: str,
    path: str,
    title: str,
    date: str,
    publisher: str | None = None,
    url: str | None = None,
    description: str | None = None,
) -> None:
    m = draft.map
    check_id(source_id, "source")
    if source_id in m.sources:
        raise ArgmapError(f"source '{source_id}' is already declared (change it with `argmap source edit`)")
    m.sources[source_id] = Source.model_construct(
        path=_source_path(draft, path),
        title=check_text(title, "--title", required=True),
        date=check_date(date),
        publisher=check_text(publisher, "--publisher") or None,
        url=check_url(url) or None,
        description=check_text(description, "--description") or None,
    )
    draft.touch()


def edit_source(draft: Draft, source_id: str, **fields: str | None) -> bool:
    m = draft.map
    source = m.sources[_known_source(m, source_id)]
    for key, value in fields.items():
        fields[key] = check_text(value, f"--{key}", required=key in ("path", "title", "date"))
    fields["url"] = check_url(fields.get("url"))
    path, date = fields.get("path"), fields.get("date")
    if path is not None:
        fields["path"] = _source_path(draft, path)
    if date is not None:
        fields["date"] = check_date(date)
    changed = _set_fields(source, fields, removable={"publisher", "url", "description"})
    if changed:
        draft.touch()
    return changed


def rename_source(draft: Draft, old: str, new: str) -> int | None:
    """Rename a source and every quote that cites it; how many quotes changed (None: already so named)."""
    m = draft.map
    _known_source(m, old)
    check_id(new, "new source id")
    if new == old:
        return None
    if new in m.sources:
        raise ArgmapError(f"source '{new}' is already declared")
    m.sources = _renamed(m.sources, old, new)
    count = 0
    for node, *_ in m.walk():
        if node.quote is not None and node.quote.source == old:
            node.quote = Quote.model_construct(source=new, text=node.quote.text)
            count += 1
    draft.touch()
    return count


def remove_source(draft: Draft, source_id: str) -> None:
    m = draft.map
    _known_source(m, source_id)
    users = [node.id for node, *_ in m.walk() if node.quote is not None and node.quote.source == source_id]
    if users:
        raise ArgmapError(
            f"source '{source_id}' is quoted by {plural(len(users), 'node')}: {_listed(users)}; change them first"
        )
    del m.sources[source_id]
    draft.touch()
