"""codegen/constraints.py: what it emits for request inputs, and what it refuses."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.paths import ROOT
from tests.support.spec import spec as parsed_spec


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "codegen_constraints", ROOT / "codegen/constraints.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def _emit(
    body: dict[str, Any],
    params: list[Any] | None = None,
    op_rules: list[str] | None = None,
    schemas: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Render a one-operation spec (with `Count` and `schemas` as components) and load the
    module it becomes."""
    doc = {
        "openapi": "3.1.0",
        "paths": {
            "/x": {
                "post": {
                    "operationId": "makeX",
                    "x-rules": op_rules or [],
                    "parameters": params or [],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body}},
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": {"Count": {"type": "integer", "minimum": 0}, **(schemas or {})}},
    }
    module = ModuleType("emitted")
    exec(compile(GEN.render(doc), "emitted", "exec"), module.__dict__)
    return module.__dict__


def test_bounds_types_enums_required_nullable_and_rules() -> None:
    ns = _emit(
        {
            "type": "object",
            "required": ["a"],
            "x-rules": ["a < b"],
            "properties": {
                "a": {"type": "number", "exclusiveMinimum": 0, "maximum": 5},
                "b": {"type": ["integer", "null"], "minimum": 1, "exclusiveMaximum": 9},
                "c": {"type": "string", "enum": ["x", "y"]},
                "d": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "format": "uuid"},
                },
            },
        },
        [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
    )
    field, rules = ns["field"], ns["rules"]
    a, b = field("makeX", "body.a"), field("makeX", "body.b")
    assert (a.type, a.required, a.minimum, a.exclusive_minimum, a.maximum) == (
        "number",
        True,
        0,
        True,
        5,
    )
    assert not a.in_range(0) and a.in_range(0.001) and a.in_range(5) and not a.in_range(5.1)
    assert (b.is_integer, b.nullable, b.required, b.exclusive_maximum) == (True, True, False, True)
    assert not b.in_range(9) and b.in_range(8)
    assert field("makeX", "body.c").enum == ("x", "y")
    assert field("makeX", "body.d").min_items == 1
    assert field("makeX", "body.d[]").format == "uuid"
    assert field("makeX", "query.limit").maximum == 100
    [rule] = rules("makeX", "body")
    assert (rule.left, rule.op, rule.right) == ("body.a", "<", "body.b")
    assert not rule.holds(3, 3) and rule.holds(2, 3)
    assert [f.name for f in ns["children"]("makeX", "body")] == ["a", "b", "c", "d"]
    assert ns["schema"]("Count").minimum == 0
    with pytest.raises(KeyError, match=r"makeX has no input 'body\.zz'"):
        field("makeX", "body.zz")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"allOf": [{"type": "object"}]}, "'allOf' is not supported"),
        ({"type": "object", "x-rules": ["a > b"], "properties": {}}, "x-rules entry"),
        ({"type": "string", "enum": [1, 2]}, "only string enums"),
        ({"type": ["string", "integer"]}, "several types"),
    ],
)
def test_what_cannot_be_expressed_stops_generation(body: dict[str, Any], message: str) -> None:
    with pytest.raises(GEN.SpecError, match=message):
        _emit(body)


def test_server_defaults_reach_the_fields() -> None:
    ns = _emit(
        {
            "type": "object",
            "properties": {
                "fps": {"type": "number", "minimum": 0.1, "x-server-default": 1},
                "on": {"type": "boolean", "x-server-default": False},
                "mode": {"$ref": "#/components/schemas/Mode", "x-server-default": "b"},
                "plain": {"type": "number"},
            },
        },
        [{"name": "offset", "in": "query", "schema": {"type": "integer", "x-server-default": 0}}],
        schemas={"Mode": {"type": "string", "enum": ["a", "b"]}},
    )
    field = ns["field"]
    assert field("makeX", "body.fps").server_default == 1
    assert field("makeX", "body.on").server_default is False
    assert field("makeX", "body.mode").server_default == "b"
    assert field("makeX", "query.offset").server_default == 0
    assert field("makeX", "body.plain").server_default is None
    assert ns["schema"]("Mode").server_default is None  # stated beside the $ref, not on Mode
    assert "server_default=0" in repr(field("makeX", "query.offset"))


@pytest.mark.parametrize(
    ("prop", "message"),
    [
        ({"type": "number", "minimum": 0.1, "x-server-default": 0}, "outside the field's bounds"),
        ({"type": "number", "exclusiveMaximum": 5, "x-server-default": 5}, "outside"),
        ({"type": "integer", "x-server-default": 1.5}, "not of type integer"),
        ({"type": "integer", "x-server-default": True}, "not of type integer"),
        ({"type": "number", "x-server-default": "1"}, "not of type number"),
        ({"type": "boolean", "x-server-default": 1}, "not of type boolean"),
        ({"type": "string", "enum": ["a", "b"], "x-server-default": "c"}, "not among"),
        ({"$ref": "#/components/schemas/Mode", "x-server-default": "c"}, "not among"),
        ({"type": ["number", "null"], "x-server-default": None}, "not a string"),
        ({"type": "array", "items": {"type": "string"}, "x-server-default": ["a"]}, "not a str"),
        ({"type": "object", "x-server-default": "a"}, "default of an object"),
        ({"type": "string", "x-comma-separated": "Mode", "x-server-default": "a,c"}, "among"),
    ],
)
def test_an_invalid_server_default_stops_generation(prop: dict[str, Any], message: str) -> None:
    body = {"type": "object", "properties": {"x": prop}}
    with pytest.raises(GEN.SpecError, match=message):
        _emit(body, schemas={"Mode": {"type": "string", "enum": ["a", "b"]}})


def test_a_comma_separated_default_is_checked_item_by_item() -> None:
    prop = {"type": "string", "x-comma-separated": "Mode", "x-server-default": "a,b"}
    ns = _emit(
        {"type": "object", "properties": {"x": prop}},
        schemas={"Mode": {"type": "string", "enum": ["a", "b"]}},
    )
    assert ns["field"]("makeX", "body.x").server_default == "a,b"


def _number_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": "number", "minimum": 0}}


def test_operation_rules_relate_parameters() -> None:
    params = [_number_param("lo"), _number_param("hi")]
    ns = _emit({"type": "object"}, params, ["query.lo <= query.hi"])
    [rule] = ns["rules"]("makeX", "query")
    assert (rule.left, rule.op, rule.right) == ("query.lo", "<=", "query.hi")
    assert rule.holds(2, 2) and not rule.holds(3, 2)
    assert ns["rules"]("makeX", "body") == ()


@pytest.mark.parametrize(
    "rule",
    ["query.lo <= query.nope", "lo <= hi", "query.lo <= body.size", "query.lo > query.hi"],
)
def test_operation_rules_must_name_inputs_of_one_place(rule: str) -> None:
    body = {"type": "object", "properties": {"size": {"type": "number"}}}
    with pytest.raises(GEN.SpecError, match="x-rules entry"):
        _emit(body, [_number_param("lo"), _number_param("hi")], [rule])


def test_committed_constraints_follow_openapi_yaml() -> None:
    from cloudglue_openapi.constraints import field, rules, schema

    spec = parsed_spec()
    schemas = spec["components"]["schemas"]
    fps = schemas["FrameExtractionUniformConfig"]["properties"]["frames_per_second"]
    got = field("createFileFrameExtraction", "body.uniform_config.frames_per_second")
    assert (got.minimum, got.maximum) == (fps["minimum"], fps["maximum"])
    assert got.server_default == fps["x-server-default"]
    page = spec["components"]["parameters"]["SegmentLimit"]["schema"]["x-server-default"]
    assert field("getSegmentation", "query.limit").server_default == page
    assert field("listFiles", "query.status").enum == tuple(schemas["FileStatus"]["enum"])
    assert schema("PageCount").minimum == schemas["PageCount"]["minimum"]
    segments = spec["paths"]["/files/{file_id}/segments"]["get"]
    stated = [f"{r.left} {r.op} {r.right}" for r in rules("listFileSegments", "query")]
    assert stated == segments["x-rules"]


def test_the_runtime_is_copied_without_its_placeholder_tables() -> None:
    source = GEN.render({"openapi": "3.1.0", "paths": {}})
    runtime = (ROOT / "codegen/constraints_runtime.py").read_text(encoding="utf-8")
    assert source.startswith(runtime.split(GEN.TABLES_MARKER)[0])
    assert source.count("OPERATIONS: dict[str, Operation] =") == 1
    assert source.count("SCHEMAS: dict[str, Field] =") == 1
    assert GEN.TABLES_MARKER not in source
