"""Hypothesis strategies for response bodies, built from openapi.yaml's JSON Schemas.

Covers the subset our spec uses: $ref, enum, type lists with "null", objects with required
and optional properties, arrays, strings (uuid, date), numbers and integers with ranges.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.support.spec import operation, resolve


def response_schema(operation_id: str) -> dict[str, Any]:
    """The 200 application/json schema of an operation."""
    schema: dict[str, Any] = operation(operation_id).body["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    return schema


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values valid against `schema`."""
    schema = resolve(schema)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}, depth) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -1000), schema.get("maximum", 10**6))
    if kind == "number":
        return st.floats(
            schema.get("minimum", -1e6),
            schema.get("maximum", 1e9),
            allow_nan=False,
            allow_infinity=False,
        ) | st.integers(int(-(-schema.get("minimum", 0) // 1)), int(schema.get("maximum", 10**6)))
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "uuid":
            return st.uuids().map(str)
        if fmt == "date":
            return st.dates().map(lambda d: d.isoformat())
        return st.text(max_size=12)
    if kind == "array":
        return st.lists(from_schema(schema["items"], depth + 1), max_size=4 if depth < 2 else 1)
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {k: from_schema(v, depth + 1) for k, v in props.items() if k in required},
        optional={k: from_schema(v, depth + 1) for k, v in props.items() if k not in required},
    )
