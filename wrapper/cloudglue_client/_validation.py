"""Client-side checks of arguments, raised before anything is sent."""

from __future__ import annotations

import math
import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING, TypeVar

from ._ids import accepted, unwrap

if TYPE_CHECKING:
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


def optional_number(
    value: object, name: str, *, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    """`number`, letting None through."""
    return None if value is None else number(value, name, minimum=minimum, maximum=maximum)


def optional_integer(
    value: object, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """`integer`, letting None through."""
    return None if value is None else integer(value, name, minimum=minimum, maximum=maximum)


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


def time_range(start: float | None, end: float | None, prefix: str = "") -> None:
    """start_time_seconds must be before end_time_seconds when both are given."""
    if start is not None and end is not None and start >= end:
        raise ValueError(
            f"{prefix}start_time_seconds ({start:g}) must be less than "
            f"{prefix}end_time_seconds ({end:g})"
        )


def _check_range(value: float, name: str, minimum: float | None, maximum: float | None) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(
            f"{name}: {value!r} is out of range; allowed {_describe(minimum, maximum)}"
        )


def _describe(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{minimum:g}..{maximum:g}"
    if minimum is not None:
        return f">= {minimum:g}"
    return f"<= {maximum:g}"
