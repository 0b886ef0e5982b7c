"""Build the map JSON Schema (Draft 2020-12) from the models, and validate raw data against it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ArgmapError, Code, Issue
from ..model import ArgMap
from .files import write_output
from .positions import escape_token

SCHEMA_ID = "urn:argmap:schema:map:3"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "schemas/argmap.schema.json"


def _tidy(schema: dict[str, Any]) -> None:
    """Shape pydantic's output for validators and editors, walking it without recursion.

    - drop `default: null` (optional means absent, never null);
    - id-keyed objects use `propertyNames` + `additionalProperties`, so a bad key is an error
      instead of an unchecked extra property (pydantic emits `patternProperties`).
    """
    stack: list[Any] = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if "default" in item and item["default"] is None:
            del item["default"]
        patterns = item.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in item:
            ((pattern, sub),) = patterns.items()
            del item["patternProperties"]
            item["propertyNames"] = {"pattern": pattern}
            item["additionalProperties"] = sub
        stack.extend(v for k, v in item.items() if k not in ("pattern", "propertyNames"))


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a map file, generated from the pydantic models (a fresh copy each call)."""
    return json.loads(schema_text())


def _generate() -> dict[str, Any]:
    body = ArgMap.model_json_schema(by_alias=True, mode="validation")
    _tidy(body)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "argmap map",
        "description": "An argument map: one demand or thesis of a debate as a claim tree of "
        "premises, rebuttals and counter-rebuttals, each attributed to a side and backed by a "
        "verbatim quote from a source document.",
    }
    body.pop("title", None)
    body.pop("description", None)
    schema.update(body)
    return schema


@cache
def schema_text() -> str:
    """The schema as committed: 2-space indented JSON with a trailing newline."""
    return json.dumps(_generate(), indent=2, ensure_ascii=False) + "\n"


def check_committed(path: Path) -> None:
    """Refuse when the committed schema file differs from what the models generate."""
    try:
        committed = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8"
        raise ArgmapError(f"{path}: cannot read the committed schema ({reason}); run `argmap schema --write`") from None
    if committed != schema_text():
        raise ArgmapError(f"{path}: out of date with the models; run `argmap schema --write` and commit it")


def write_committed(path: Path) -> None:
    write_output(path, schema_text(), overwrite=True)


@cache
def _validator():
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(_generate())


def validate(data: Any) -> list[Issue]:
    """Schema errors, each at the JSON pointer of the offending value, in document order."""
    issues = []
    for error in _validator().iter_errors(data):
        ptr = "".join(f"/{escape_token(str(p))}" for p in error.instance_path)
        node = _node_id(data, error.instance_path)
        message = f"node '{node}': {_message(error)}" if node else _message(error)
        issue = Issue(Code.SCHEMA, message, ptr, node=node)
        # Two rules can refuse the same value (an undercut on a premise under the claim); say it once.
        if issue not in issues:
            issues.append(issue)
    return issues


def _message(error) -> str:
    kind = error.kind
    if type(kind).__name__ == "Enum":
        # The validator shortens long option lists ("or 2 other candidates"); a user needs them all.
        options = ", ".join(json.dumps(o) for o in kind.options)
        return f"{json.dumps(error.instance, ensure_ascii=False)} is not one of {options}"
    if type(kind).__name__ == "FalseSchema" and error.instance_path:
        # Only the kind rules of the schema-2 flags use false schemas; say which key and why.
        key = error.instance_path[-1]
        if key == "undercut":
            return "'undercut' is only for a rebuttal or counter-rebuttal whose parent answers another node"
        return f"'{key}' is only for premises"
    message = error.message
    # Quote the offending value briefly: a long text would drown the line.
    if len(message) > 300:
        message = message[:297] + "..."
    return message


def _node_id(data: Any, path) -> str | None:
    """Id of the innermost node (an object under `claim`/`children`) that holds the error."""
    node_id = None
    current = data
    in_tree = False
    for index, part in enumerate(path):
        if not isinstance(current, dict | list):
            break
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if part == "claim" and index == 0:
            in_tree = True
        if in_tree and isinstance(current, dict) and (part == "claim" or isinstance(part, int)):
            candidate = current.get("id")
            node_id = candidate if isinstance(candidate, str) else node_id
    return node_id
