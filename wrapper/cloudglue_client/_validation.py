"""Client-side checks of arguments, raised before anything is sent."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._ids import accepted, unwrap

if TYPE_CHECKING:
    from cloudglue_openapi.constraints import Field
    from cloudglue_openapi.types import Unset

T = TypeVar("T")


def unset_if_none(value: T | None) -> T | Unset:
    """The generated models mark omitted fields with UNSET, not None."""
    from cloudglue_openapi.types import UNSET

    return UNSET if value is None else value


def as_uuid(value: object, name: str) -> uuid.UUID:
    """Return `value` (a str, UUID or a model carrying the id) as a UUID, or raise naming it."""
    value = unwrap(value, name)
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a valid UUID") from None
    raise TypeError(f"{name}: expected {accepted(name)}, got {type(value).__name__}")


def as_file_id(value: object, name: str = "file_id") -> str:
    """File ids are plain strings in the API; accept str, UUID or File, reject blank ones."""
    value = unwrap(value, name)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        if not value.strip() or "/" in value:
            raise ValueError(f"{name}: {value!r} is not a valid file id")
        return value
    raise TypeError(f"{name}: expected {accepted(name)}, got {type(value).__name__}")


def number(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """Check a real number against an inclusive range; bools are rejected."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{name}: must be finite, got {value!r}")
    _check_range(value, name, minimum, maximum)
    return value


def integer(
    value: object,
    name: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """Check an int against an inclusive range; bools and floats are rejected."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    _check_range(value, name, minimum, maximum)
    return value


def optional_bool(value: object, name: str) -> bool | None:
    """A bool or None."""
    if value is None or isinstance(value, bool):
        return value
    raise TypeError(f"{name}: expected a bool, got {type(value).__name__}")


def choice(value: object, name: str, allowed: Collection[str]) -> str:
    """A string that must be one of `allowed`."""
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name}: {value!r} is not one of {options}")
    return value


# -- checks read from the contract (cloudglue_openapi.constraints, generated from openapi.yaml) --


def _date(value: object, name: str) -> dt.date:
    """A calendar date: a datetime.date or `YYYY-MM-DD`."""
    if isinstance(value, dt.datetime):
        raise TypeError(f"{name}: expected a date (YYYY-MM-DD), got a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)")


def checked(operation: str, path: str, value: object, name: str | None = None) -> Any:
    """`value` checked against the contract's field; None means "not sent".

    Raises naming `name` (default: the field's own name) and what the contract allows: a
    missing required value, a wrong type (integer vs number, bool, str), a value outside the
    bounds (inclusive or exclusive) or not among the enum values.
    """
    from cloudglue_openapi.constraints import field

    spec = field(operation, path)
    label = name or spec.name
    if value is None:
        if spec.required:
            raise ValueError(f"{label}: required")
        return None
    if spec.separator is not None and spec.enum is not None:  # a list of choices, joined
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, Iterable):
            raise TypeError(f"{label}: expected a str or an iterable of str")
        chosen = [choice(item, label, spec.enum) for item in items]
        return spec.separator.join(chosen) if chosen else None
    if spec.enum is not None:
        return choice(value, label, spec.enum)
    if spec.format == "date":
        return _date(value, label)
    if spec.type == "boolean":
        return optional_bool(value, label)
    if spec.type == "integer":
        integer(value, label)
    elif spec.type == "number":
        number(value, label)
    else:
        return value
    if not spec.in_range(value):  # type: ignore[arg-type]
        raise ValueError(f"{label}: {value!r} is out of range; allowed {describe(spec)}")
    return value


def check_rules(operation: str, parent: str, values: Mapping[str, Any], prefix: str = "") -> None:
    """The contract's cross-field rules (`x-rules`) between fields of one object.

    `values` maps field names under `parent` to what will be sent (None: not sent); a rule
    is checked only when both of its fields are sent.
    """
    from cloudglue_openapi.constraints import rules

    for rule in rules(operation, parent):
        left, right = rule.left.rsplit(".", 1)[-1], rule.right.rsplit(".", 1)[-1]
        low, high = values.get(left), values.get(right)
        if low is not None and high is not None and not rule.holds(low, high):
            verb = "must be less than" if rule.op == "<" else "must not exceed"
            raise ValueError(f"{prefix}{left} ({low:g}) {verb} {prefix}{right} ({high:g})")


def page_size_bounds() -> tuple[int, int]:
    """Page sizes every paginated operation accepts as `limit` (`page_size` feeds them all)."""
    from cloudglue_openapi.constraints import OPERATIONS

    limits = [op.fields["query.limit"] for op in OPERATIONS.values() if "query.limit" in op.fields]
    low = max(int(f.minimum) + int(f.exclusive_minimum) for f in limits if f.minimum is not None)
    high = min(int(f.maximum) - int(f.exclusive_maximum) for f in limits if f.maximum is not None)
    return low, high


def describe(spec: Field) -> str:
    """The allowed range of a field as people write it: `0.1..30`, `>= 0`, `> 0`."""
    return _bounds(spec.minimum, spec.maximum, spec.exclusive_minimum, spec.exclusive_maximum)


def _check_range(value: float, name: str, minimum: float | None, maximum: float | None) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name}: {value!r} is out of range; allowed {_bounds(minimum, maximum)}")


def _bounds(
    low: float | None, high: float | None, exclusive_low: bool = False, exclusive_high: bool = False
) -> str:
    if low is not None and high is not None:
        if not (exclusive_low or exclusive_high):
            return f"{low:g}..{high:g}"
        left = "<" if exclusive_low else "<="
        right = "<" if exclusive_high else "<="
        return f"{low:g} {left} x {right} {high:g}"
    if low is not None:
        return f"> {low:g}" if exclusive_low else f">= {low:g}"
    if high is not None:
        return f"< {high:g}" if exclusive_high else f"<= {high:g}"
    return "any value"
