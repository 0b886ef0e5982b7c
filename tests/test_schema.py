"""The committed JSON Schema: generated from the models, documented, and precise about places."""

from __future__ import annotations

import json

import jsonschema
import pytest

from argmap.io.schema import build_schema, schema_text

from .conftest import CASES, ROOT


def test_committed_schema_is_generated_from_the_models() -> None:
    assert (ROOT / "schemas" / "argmap.schema.json").read_text(encoding="utf-8") == schema_text()


def test_schema_is_draft_2020_12_with_an_id() -> None:
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_has_a_description() -> None:
    schema = build_schema()
    missing = []
    objects = [("", schema), *((f"$defs/{k}", v) for k, v in schema["$defs"].items())]
    for where, obj in objects:
        for name, prop in obj.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{where}/{name}")
    assert missing == []


def test_no_recursive_oneof_or_anyof() -> None:
    text = json.dumps(build_schema())
    assert "oneOf" not in text and "anyOf" not in text


@pytest.mark.parametrize(
    ("case", "path"),
    [
        ("schema-bad-kind", ["claim", "children", 0, "kind"]),
        ("schema-unknown-property", ["claim", "children", 0]),
        ("schema-missing-side", ["claim", "children", 0]),
    ],
)
def test_reference_validator_points_at_the_exact_node(case: str, path: list) -> None:
    """Other tools (jsonschema, editors) must see the same precise place, not an error at the root."""
    data = json.loads((CASES / "invalid" / f"{case}.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(build_schema()).iter_errors(data))
    assert [list(e.absolute_path) for e in errors] == [path]


def test_valid_cases_pass_the_reference_validator() -> None:
    validator = jsonschema.Draft202012Validator(build_schema())
    for path in sorted((CASES / "valid").glob("*.json")):
        assert list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))) == []


def test_models_and_schema_accept_the_same_documents() -> None:
    """The loader models first and asks the schema only on failure; both must agree on every case."""
    from pydantic import ValidationError

    from argmap.model import ArgMap

    validator = jsonschema.Draft202012Validator(build_schema())
    for path in sorted(CASES.glob("*/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, RecursionError):
            continue  # not JSON at all: neither the schema nor the models ever see it
        schema_ok = validator.is_valid(data)
        try:
            ArgMap.model_validate(data)
            model_ok = True
        except ValidationError:
            model_ok = False
        assert schema_ok == model_ok, path.name
