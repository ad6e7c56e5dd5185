"""Request checks that raise `ValidationError(field, message)`: ids, query values, JSON types.

Bounds, enums, required fields, cross-field rules and the server defaults of omitted inputs
come from the contract: the generated `cloudglue_openapi.constraints` (openapi.yaml through
`make generate`), never a copy here.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

from starlette.requests import Request

from cloudglue_openapi import constraints
from cloudglue_openapi.constraints import Field

from .errors import ValidationError, fmt

_Scalar = TypeVar("_Scalar", str, int, float, bool)
_INT = re.compile(r"-?[0-9]{1,200}")
_NUMBER = re.compile(
    r"-?(?:[0-9]{1,200}(?:\.[0-9]{0,200})?|\.[0-9]{1,200})(?:[eE][+-]?[0-9]{1,5})?"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def server_default(operation: str, path: str, kind: type[_Scalar]) -> _Scalar:
    """The contract's `x-server-default` of one input (`field(...).server_default`), checked to
    be a `kind` (an int counts as a float and keeps its form, so echoes read `1`, not `1.0`).

    LookupError when openapi.yaml states none: the emulator has no defaults of its own.
    """
    value = constraints.field(operation, path).server_default
    if value is None:
        raise LookupError(f"openapi.yaml states no x-server-default for {operation} {path}")
    accepted: tuple[type, ...] = (int, float) if kind is float else (kind,)
    if not isinstance(value, accepted) or (isinstance(value, bool) and kind is not bool):
        raise TypeError(f"x-server-default of {operation} {path} is not of type {kind.__name__}")
    return cast(_Scalar, value)


def parse_uuid(value: str, field: str) -> str:
    """The canonical (lower-case, hyphenated) form of a uuid, or 400 naming `field`."""
    canonical = uuid_or_none(value)
    if canonical is None:
        raise ValidationError(field, f"must be a uuid, got {short(value)!r}")
    return canonical


def uuid_or_none(value: str) -> str | None:
    """The canonical form of a uuid, or None if `value` is not one."""
    if len(value) > 64:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def short(value: str, limit: int = 60) -> str:
    """`value` cut to `limit` characters for an error message."""
    return value if len(value) <= limit else value[:limit] + "..."


def query_int(query: Mapping[str, str], operation: str, name: str, default: int) -> int:
    """An integer query parameter within the contract's bounds for `operation`, or `default`."""
    raw = query.get(name)
    if raw is None:
        return default
    if not _INT.fullmatch(raw):
        raise ValidationError(name, f"must be an integer, got {short(raw)!r}")
    value = int(raw)
    spec = constraints.field(operation, f"query.{name}")
    if not spec.in_range(value):
        raise ValidationError(name, f"must be {range_text(spec)}, got {short(raw)}")
    return value


def query_number(query: Mapping[str, str], operation: str, name: str) -> float | None:
    """A decimal number query parameter (`2`, `0.5`, `1e3`) within the contract's bounds for
    `operation`, or None when it is not sent."""
    raw = query.get(name)
    if raw is None:
        return None
    value = decimal_number(raw)
    if value is None:
        raise ValidationError(name, f"must be a number, got {short(raw)!r}")
    spec = constraints.field(operation, f"query.{name}")
    if not spec.in_range(value):
        raise ValidationError(name, f"must be {range_text(spec)}, got {short(raw)}")
    return value


def decimal_number(text: str) -> float | None:
    """A finite number written in decimal (`2`, `-0.5`, `1e3`, `.5`), or None: not `nan`,
    `inf`, `1_000`, surrounding spaces or digits of other scripts, which `float` takes."""
    value = float(text) if _NUMBER.fullmatch(text) else math.nan
    return value if math.isfinite(value) else None


def query_bool(query: Mapping[str, str], name: str) -> bool | None:
    """A boolean query parameter, written as a form field is (`true`/`false`, any case, or
    `1`/`0`), or None when it is not sent."""
    raw = query.get(name)
    return None if raw is None else form_bool(raw, name)


def page_params(query: Mapping[str, str], operation: str) -> tuple[int, int]:
    """`limit` and `offset` of a list or page request, within the contract's bounds; the
    contract's server defaults when not sent."""
    limit_default = server_default(operation, "query.limit", int)
    limit = query_int(query, operation, "limit", limit_default)
    offset = query_int(query, operation, "offset", server_default(operation, "query.offset", int))
    return limit, offset


def query_enum(query: Mapping[str, str], operation: str, name: str) -> str | None:
    """A query parameter that must be one of the contract's enum values for `operation`, or
    None when it is not sent."""
    raw = query.get(name)
    if raw is None:
        return None
    return enum(raw, name, constraints.field(operation, f"query.{name}").enum or ())


def query_date(query: Mapping[str, str], field: str) -> dt.date | None:
    """A `YYYY-MM-DD` query parameter."""
    raw = query.get(field)
    if raw is None:
        return None
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, f"must be a date YYYY-MM-DD, got {short(raw)!r}") from None


def query_csv(query: Mapping[str, str], field: str) -> list[str] | None:
    """A comma-separated query parameter, split and stripped (empty items dropped)."""
    raw = query.get(field)
    if raw is None:
        return None
    return [item.strip() for item in raw.split(",") if item.strip()]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {short(text, 20)} is out of range")
    return value


MAX_JSON_DEPTH = 128
"""The deepest nesting of arrays and objects a JSON input may have (openapi.yaml states it).
An answer nests a stored value a few levels deeper (a file in a list of files), and reading or
writing JSON recurses per level, so a value accepted just short of what the interpreter follows
would make every later answer that shows it a 500; a fixed bound far below that does not
depend on the interpreter or on how deep the stack is when it is checked."""


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in a decoded JSON value (a scalar is 0), without
    recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in node)
    return deepest


def parse_json(text: bytes | str, field: str) -> Any:
    """Strict JSON, or 400 naming `field`: no NaN/Infinity, no number that overflows to
    infinity (1e999), no string with a lone surrogate escape (\\ud800), no nesting deeper than
    MAX_JSON_DEPTH. None of these can be sent back as JSON, so a stored one (e.g. in metadata)
    would make every later response that shows it a 500.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
        if json_depth(value) > MAX_JSON_DEPTH:
            raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
        json.dumps(value, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise ValidationError(field, "invalid JSON (a string holds a lone surrogate)") from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValidationError(field, f"invalid JSON ({short(str(exc), 120)})") from None
    return value


def type_name(value: Any) -> str:
    """The JSON type name of a decoded value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def obj(value: Any, field: str) -> dict[str, Any]:
    """`value` as a JSON object, or 400."""
    if not isinstance(value, dict):
        raise ValidationError(field, f"must be an object, got {type_name(value)}")
    return value


def number(value: Any, field: str) -> float:
    """A finite JSON number (booleans are not numbers), or 400; bounds are `conforming`'s."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"must be a number, got {type_name(value)}")
    try:
        number_value = float(value)
    except OverflowError:
        number_value = math.inf
    if not math.isfinite(number_value):
        raise ValidationError(field, "must be a finite number")
    return number_value


def _range_text(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"between {fmt(minimum)} and {fmt(maximum)}"
    if minimum is not None:
        return f">= {fmt(minimum)}"
    return f"<= {fmt(maximum or 0)}"


def range_text(spec: Field) -> str:
    """A contract field's bounds in words: `between 0.1 and 30`, `>= 0`, `> 0 and <= 5`."""
    if not (spec.exclusive_minimum or spec.exclusive_maximum):
        if spec.minimum is None and spec.maximum is None:
            return "any number"
        return _range_text(spec.minimum, spec.maximum)
    parts = []
    if spec.minimum is not None:
        parts.append(f"{'>' if spec.exclusive_minimum else '>='} {fmt(spec.minimum)}")
    if spec.maximum is not None:
        parts.append(f"{'<' if spec.exclusive_maximum else '<='} {fmt(spec.maximum)}")
    return " and ".join(parts)


def _where(path: str) -> str:
    """How messages name a body field: `body.uniform_config.x` -> `uniform_config.x`."""
    return path.removeprefix("body.")


def _required(spec: Field) -> str:
    return f"required; must be one of: {', '.join(spec.enum)}" if spec.enum else "required"


def conforming(value: Any, operation: str, path: str, where: str | None = None) -> Any:
    """A decoded JSON value checked against its contract field (type, enum, bounds).

    `where` names the value in messages (default: the path without `body.`); a manual
    segment is `manual_config.segments[2].end_time` while its contract path has `[]`.
    """
    spec = constraints.field(operation, path)
    name = where or _where(path)
    if value is None and spec.nullable:
        return None
    if spec.enum is not None:
        return enum(value, name, spec.enum)
    if spec.type == "boolean":
        return boolean(value, name)
    if spec.type == "object":
        return contract_object(value, operation, path, name)
    if spec.type == "array" and not isinstance(value, list):
        raise ValidationError(name, f"must be an array, got {type_name(value)}")
    if spec.type == "string" and spec.format != "binary" and not isinstance(value, str):
        raise ValidationError(name, f"must be a string, got {type_name(value)}")
    if spec.type not in ("number", "integer"):
        return value
    number_value = number(value, name)
    if spec.is_integer and not number_value.is_integer():
        raise ValidationError(name, f"must be an integer, got {fmt(value)}")
    if not spec.in_range(number_value):
        raise ValidationError(name, f"must be {range_text(spec)}, got {fmt(value)}")
    return number_value


def contract_object(value: Any, operation: str, path: str, where: str) -> dict[str, Any]:
    """`value` as a JSON object that holds every field the contract requires in it."""
    block = obj(value, where)
    prefix = "" if where == "body" else f"{where}."
    for spec in constraints.children(operation, path):
        if spec.required and spec.name not in block:
            raise ValidationError(prefix + spec.name, _required(spec))
    return block


def sent_fields(raw: Any, operation: str) -> dict[str, Any]:
    """The fields of a JSON body that were sent, each checked against its contract field
    (unknown fields are ignored, as in every other body)."""
    body = contract_object(raw, operation, "body", "body")
    return {
        spec.name: conforming(body[spec.name], operation, spec.path)
        for spec in constraints.children(operation, "body")
        if spec.name in body
    }


def check_rules(
    operation: str, parent: str, values: Mapping[str, float | None], where: str = ""
) -> None:
    """The contract's cross-field rules (`x-rules`) between the fields of one object.

    A rule is checked when both values are known (sent, or filled in by a server default).
    """
    prefix = f"{where}." if where else ""
    for rule in constraints.rules(operation, parent):
        left, right = rule.left.rsplit(".", 1)[-1], rule.right.rsplit(".", 1)[-1]
        low, high = values.get(left), values.get(right)
        if low is None or high is None or rule.holds(low, high):
            continue
        if rule.op == "<":
            raise ValidationError(
                prefix + right, f"must be greater than {left} ({fmt(low)}), got {fmt(high)}"
            )
        raise ValidationError(prefix + left, f"must be <= {right} ({fmt(high)}), got {fmt(low)}")


def boolean(value: Any, field: str) -> bool:
    """A JSON boolean, or 400."""
    if not isinstance(value, bool):
        raise ValidationError(field, f"must be a boolean, got {type_name(value)}")
    return value


def enum(value: Any, field: str, allowed: Sequence[str]) -> str:
    """A JSON string that is one of `allowed`, or 400 listing them."""
    if not isinstance(value, str) or value not in allowed:
        got = repr(short(value)) if isinstance(value, str) else type_name(value)
        raise ValidationError(field, f"must be one of: {', '.join(allowed)}; got {got}")
    return value


def form_bool(raw: str, field: str) -> bool:
    """A boolean sent as a multipart text part (`true`/`True`/`1` or `false`/`False`/`0`)."""
    text = raw.strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValidationError(field, f"must be true or false, got {short(raw)!r}")


MAX_JSON_BODY_BYTES = 1024 * 1024


async def json_body(request: Request, *, required: bool = True) -> Any:
    """The request's JSON body: Content-Type application/json, at most 1 MiB, strict JSON.

    Where the contract makes the body optional (`required=False`), an empty body (with or
    without a Content-Type) is `{}`.
    """
    if required:
        _check_json_type(request)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_JSON_BODY_BYTES:
            raise ValidationError("body", "larger than 1 MiB")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        if not required:
            return {}
        raise ValidationError("body", "required: send a JSON object")
    if not required:
        _check_json_type(request)
    return parse_json(raw, "body")


def _check_json_type(request: Request) -> None:
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/json" and not (
        ctype.startswith("application/") and ctype.endswith("+json")
    ):
        shown = short(ctype) if ctype else "none"
        raise ValidationError("body", f"Content-Type must be application/json, got {shown}")
