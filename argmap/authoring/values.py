"""Values from the user, checked before any operation uses them: ids, texts, dates, colours, addresses, and
the nodes, sides and sources a request names (with a did-you-mean when it names none)."""

from __future__ import annotations

import datetime
import re

from ..errors import NotFoundError, UsageError
from ..ids import did_you_mean, is_blank
from ..model import COLOR_PATTERN, DATE_PATTERN, ID_PATTERN, ArgMap, Visit

_ID = re.compile(ID_PATTERN)
_COLOR = re.compile(COLOR_PATTERN)
_DATE = re.compile(DATE_PATTERN)


def check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise UsageError(
            f"{what} '{value}' is not a valid id: use letters, digits, '-', '_' or '.', starting with a letter or digit"
        )
    return value


def check_text(value: str | None, what: str, required: bool = False) -> str | None:
    """Text must be writable as UTF-8: a lone surrogate (from a broken terminal or a \\ud800 escape) is not.

    A required text must show something; an optional one that shows nothing is '' (which removes it).
    """
    if value is None:
        return None
    if is_blank(value):
        if required:
            raise UsageError(f"{what} is blank: give a text that says something")
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(
            f"{what}: character {exc.start + 1} is not valid Unicode text (a lone surrogate, often from bytes "
            "that are not UTF-8); nothing was written"
        ) from None
    return value


def check_date(value: str) -> str:
    if not _DATE.match(value):
        raise UsageError(f"--date '{value}': give YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise UsageError(f"--date '{value}' is not a calendar date ({exc})") from None
    return value


def check_color(value: str | None) -> str | None:
    if value is not None and not _COLOR.match(value):
        raise UsageError(f"--color '{value}': give a colour as #RRGGBB, e.g. #0072B2")
    return value


def check_url(value: str | None) -> str | None:
    """A web address (http or https) or a relative link; other schemes (javascript:, data:) can run code."""
    value = check_text(value, "--url")
    if value and ":" in value.split("/")[0] and not value.lower().startswith(("http://", "https://")):
        raise UsageError(f"--url '{value}': give an http:// or https:// address")
    return value


def side_name(side_id: str) -> str:
    """'united-states' -> 'United States': a default display name."""
    return " ".join(part.capitalize() for part in re.split(r"[-_.]", side_id) if part)


def parse_side(spec: str) -> tuple[str, str]:
    """'russia' or 'russia=Russian Federation' -> (id, name)."""
    side_id, sep, name = spec.partition("=")
    side_id = check_id(side_id.strip(), "side")
    return side_id, (name.strip() if sep else side_name(side_id))


def find(m: ArgMap, node_id: str) -> Visit:
    visit = m.find(node_id)
    if visit is None:
        hint = did_you_mean(node_id, (v.node.id for v in m.walk()))
        raise NotFoundError(f"map '{m.id}' has no node '{node_id}'{hint}")
    return visit


def _known_source(m: ArgMap, source: str) -> str:
    if source not in m.sources:
        raise NotFoundError(f"map '{m.id}' declares no source '{source}'{did_you_mean(source, m.sources)}")
    return source


def _known_side(m: ArgMap, side: str) -> str:
    if side not in m.sides:
        raise NotFoundError(
            f"map '{m.id}' declares no side '{side}'{did_you_mean(side, m.sides)} (declare it with `argmap side add`)"
        )
    return side


def _listed(ids: list[str], most: int = 5) -> str:
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")
