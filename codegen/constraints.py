#!/usr/bin/env python3
"""Emit `cloudglue_openapi/constraints.py`: what openapi.yaml says about every request input.

Usage: python codegen/constraints.py SPEC OUT_FILE

`make generate` runs this after openapi-python-client (codegen/generate.sh). For every
operation it lists each parameter (`query.limit`, `path.file_id`) and each request body field
(`body.uniform_config.frames_per_second`, array items as `segments[]`) with its type
(integer or number, ...), required, nullable, numeric bounds (inclusive or exclusive), enum
values, format and item counts, plus the cross-field rules the spec states in
`x-rules` (e.g. `start_time_seconds < end_time_seconds`). Component schemas that are not
objects (enums, `PageCount`) are listed by name too. The wrapper, its CLI and the emulator
read their checks from there, so a spec edit plus `make generate` moves all three.

Deterministic: sorted keys, no timestamps; anything this cannot express faithfully
(allOf/oneOf/anyOf in a request, a non-string enum, an unparsable rule) stops generation.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
RULE = re.compile(r"^\s*([A-Za-z_][\w.\[\]]*)\s*(<=|<)\s*([A-Za-z_][\w.\[\]]*)\s*$")
UNSUPPORTED = ("allOf", "oneOf", "anyOf", "not", "if", "patternProperties")

RUNTIME = Path(__file__).with_name("constraints_runtime.py")
#: Where the runtime's placeholder tables begin: the generated tables replace what follows.
TABLES_MARKER = "# ---- generated tables ----\n"


class SpecError(Exception):
    """The spec says something this generator cannot express; generation stops."""


class Walker:
    """Resolves local `$ref`s and flattens request schemas into addressed fields."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def deref(self, node: Any) -> tuple[dict[str, Any], str | None]:
        name = None
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
                raise SpecError(f"cannot follow $ref {ref!r}")
            seen.add(ref)
            target: Any = self.doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            name = ref.rsplit("/", 1)[-1]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        if not isinstance(node, dict):
            raise SpecError(f"expected a schema object, got {node!r}")
        return node, name

    def describe(self, schema: dict[str, Any], path: str, required: bool) -> dict[str, Any]:
        for key in UNSUPPORTED:
            if key in schema:
                raise SpecError(f"{path}: '{key}' is not supported in request inputs")
        declared = schema.get("type")
        types = [declared] if isinstance(declared, str) or declared is None else list(declared)
        nullable = "null" in types or None in types or schema.get("nullable") is True
        real = [t for t in types if t not in ("null", None)]
        if len(real) > 1:
            raise SpecError(f"{path}: several types {real} are not supported")
        entry: dict[str, Any] = {"path": path}
        if real:
            entry["type"] = real[0]
        if required:
            entry["required"] = True
        if nullable:
            entry["nullable"] = True
        for key, out in (("minimum", "minimum"), ("maximum", "maximum")):
            if isinstance(schema.get(key), int | float) and not isinstance(schema[key], bool):
                entry[out] = schema[key]
        for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            value = schema.get(key)
            if isinstance(value, bool):  # OpenAPI 3.0 spelling
                if value:
                    entry[f"exclusive_{bound}"] = True
            elif isinstance(value, int | float):  # OpenAPI 3.1: the bound itself
                if bound in entry and entry[bound] != value:
                    raise SpecError(f"{path}: both {bound} and {key} given")
                entry[bound] = value
                entry[f"exclusive_{bound}"] = True
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            if not all(isinstance(v, str) for v in values):
                raise SpecError(f"{path}: only string enums are supported")
            entry["enum"] = tuple(values)
            if None in schema["enum"]:
                entry["nullable"] = True
        if isinstance(schema.get("format"), str):
            entry["format"] = schema["format"]
        for key, out in (("minItems", "min_items"), ("maxItems", "max_items")):
            if isinstance(schema.get(key), int):
                entry[out] = schema[key]
        return entry

    def walk(
        self,
        node: Any,
        path: str,
        required: bool,
        fields: dict[str, dict[str, Any]],
        rules: list[tuple[str, str, str]],
        stack: tuple[str, ...] = (),
    ) -> None:
        schema, name = self.deref(node)
        if name is not None and name in stack:
            raise SpecError(f"{path}: recursive schema {name} is not supported")
        stack = (*stack, name) if name else stack
        fields[path] = self.describe(schema, path, required)
        props = schema.get("properties") or {}
        needed = set(schema.get("required") or [])
        for raw in schema.get("x-rules") or []:
            match = RULE.match(str(raw))
            if not match or match[1] not in props or match[3] not in props:
                raise SpecError(f"{path}: x-rules entry {raw!r} is not 'field < field'")
            rules.append((f"{path}.{match[1]}", match[2], f"{path}.{match[3]}"))
        for prop in sorted(props):
            self.walk(props[prop], f"{path}.{prop}", prop in needed, fields, rules, stack)
        if "items" in schema:
            self.walk(schema["items"], f"{path}[]", True, fields, rules, stack)

    def operation(self, path: str, method: str, op: dict[str, Any], shared: list[Any]) -> Any:
        fields: dict[str, dict[str, Any]] = {}
        rules: list[tuple[str, str, str]] = []
        for raw in [*shared, *(op.get("parameters") or [])]:
            param, _ = self.deref(raw)
            where = f"{param['in']}.{param['name']}"
            self.walk(param.get("schema", {}), where, param.get("required") is True, fields, rules)
        body = op.get("requestBody")
        if body is not None:
            body, _ = self.deref(body)
            content = body.get("content") or {}
            if len(content) != 1:
                raise SpecError(f"{method} {path}: exactly one request media type is supported")
            media = next(iter(content.values()))
            self.walk(media.get("schema", {}), "body", body.get("required") is True, fields, rules)
        return method.upper(), path, fields, rules

    def operations(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for path, item in (self.doc.get("paths") or {}).items():
            shared = item.get("parameters") or []
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    op_id = op.get("operationId")
                    if not op_id:
                        raise SpecError(f"{method.upper()} {path}: operationId is required")
                    found[op_id] = self.operation(path, method, op, shared)
        return dict(sorted(found.items()))

    def named_schemas(self) -> dict[str, dict[str, Any]]:
        schemas = (self.doc.get("components") or {}).get("schemas") or {}
        named: dict[str, dict[str, Any]] = {}
        for name in sorted(schemas):
            schema, _ = self.deref(schemas[name])
            if schema.get("type") != "object" and "properties" not in schema:
                named[name] = self.describe(schema, name, False)
        return named


def runtime() -> str:
    """The runtime half of the generated module: codegen/constraints_runtime.py up to its tables."""
    text = RUNTIME.read_text(encoding="utf-8")
    if text.count(TABLES_MARKER) != 1:
        raise SpecError(f"{RUNTIME.name} must hold the line {TABLES_MARKER.strip()!r} once")
    return text.split(TABLES_MARKER)[0]


def field_source(entry: dict[str, Any]) -> str:
    args = ", ".join(f"{key}={value!r}" for key, value in entry.items())
    return f"Field({args})"


def render(doc: dict[str, Any]) -> str:
    walker = Walker(doc)
    lines = [runtime(), "OPERATIONS: dict[str, Operation] = {"]
    for op_id, (method, path, fields, rules) in walker.operations().items():
        lines.append(f"    {op_id!r}: Operation(")
        lines.append(f"        method={method!r},")
        lines.append(f"        path={path!r},")
        lines.append("        fields={")
        for key, entry in fields.items():
            lines.append(f"            {key!r}: {field_source(entry)},")
        lines.append("        },")
        if rules:
            lines.append("        rules=(")
            for left, op, right in rules:
                lines.append(f"            Rule({left!r}, {op!r}, {right!r}),")
            lines.append("        ),")
        lines.append("    ),")
    lines.append("}")
    lines.append("")
    lines.append("SCHEMAS: dict[str, Field] = {")
    for name, entry in walker.named_schemas().items():
        lines.append(f"    {name!r}: {field_source(entry)},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    spec, out = Path(argv[0]), Path(argv[1])
    try:
        source = render(yaml.safe_load(spec.read_text(encoding="utf-8")))
    except SpecError as exc:
        print(f"constraints: {spec}: {exc}", file=sys.stderr)
        return 1
    out.write_text(source, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
