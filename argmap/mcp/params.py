"""A tool's parameters: their JSON Schema (choices from argmap's vocabulary) and the check of a call's arguments.

Each parameter is declared once; the schema the assistant sees and the check a call goes through
are both made from that declaration, so they cannot drift apart. A bad argument is refused with one
line naming the parameter and what it takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..errors import UsageError
from ..ids import did_you_mean

_JSON_TYPES = {"string": str, "boolean": bool, "integer": int, "number": (int, float), "array": list}


@dataclass(frozen=True)
class Param:
    """One argument of a tool: its name, JSON type, what it means, and its bounds."""

    name: str
    type: str
    description: str
    required: bool = False
    choices: tuple[str, ...] | None = None
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "description": self.description}
        if self.type == "array":
            out["items"] = {"type": "string"}
        if self.choices is not None:
            out["enum"] = list(self.choices)
        if self.default is not None:
            out["default"] = self.default
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out

    def check(self, tool: str, value: Any) -> Any:
        """The value, or a UsageError saying in one line what this parameter takes."""
        where = f"{tool}: '{self.name}'"
        expected = _JSON_TYPES[self.type]
        # JSON has no bool-as-number: true is not 1.
        if not isinstance(value, expected) or (self.type in ("integer", "number") and isinstance(value, bool)):
            raise UsageError(f"{where} takes {_a(self.type)}, not {_json_name(value)}")
        if self.type == "array" and not all(isinstance(item, str) for item in value):
            raise UsageError(f"{where} takes a list of strings")
        if self.choices is not None and value not in self.choices:
            hint = did_you_mean(str(value), self.choices)
            raise UsageError(f"{where} is one of {', '.join(self.choices)}, not {value!r}{hint}")
        if self.minimum is not None and value < self.minimum:
            raise UsageError(f"{where} is at least {self.minimum:g}, not {value!r}")
        if self.maximum is not None and value > self.maximum:
            raise UsageError(f"{where} is at most {self.maximum:g}, not {value!r}")
        return value


def choices(enum: type[Enum] | Iterable[Enum]) -> tuple[str, ...]:
    """The values of an enum of argmap's vocabulary (or some of its members), as a schema's `enum`."""
    return tuple(str(member.value) for member in enum)


def _a(json_type: str) -> str:
    return {"integer": "a whole number", "array": "a list of strings", "boolean": "true or false"}.get(
        json_type, f"a {json_type}"
    )


def _json_name(value: Any) -> str:
    if value is None:
        return "null"
    for name, kind in (("true or false", bool), ("a number", (int, float)), ("a string", str)):
        if isinstance(value, kind):
            return name
    return "a list" if isinstance(value, list) else "an object"


def input_schema(params: Iterable[Param]) -> dict[str, Any]:
    """The JSON Schema of a tool's arguments: every parameter described, unknown ones refused."""
    params = list(params)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.name: p.schema() for p in params},
        "additionalProperties": False,
    }
    required = [p.name for p in params if p.required]
    if required:
        schema["required"] = required
    return schema


def checked(tool: str, params: Iterable[Param], arguments: Mapping[str, Any] | None) -> dict[str, Any]:
    """The call's arguments checked against the parameters, with defaults filled in (None for an optional one)."""
    by_name = {p.name: p for p in params}
    arguments = dict(arguments or {})
    unknown = [name for name in arguments if name not in by_name]
    if unknown:
        hint = did_you_mean(unknown[0], by_name)
        raise UsageError(f"{tool}: no parameter '{unknown[0]}'{hint} (it takes {', '.join(by_name) or 'none'})")
    out: dict[str, Any] = {}
    for name, param in by_name.items():
        value = arguments.get(name)
        if value is None:
            if param.required:
                raise UsageError(f"{tool}: '{name}' is required: {param.description}")
            out[name] = param.default
        else:
            out[name] = param.check(tool, value)
    return out
