"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar
from uuid import UUID

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


# Each reader tests the exact type json.loads gives first (`type(value) is ...`, one pointer
# comparison) and only then the general isinstance checks (the Mapping ABC check costs most):
# every model field of every page item goes through one of them.


def read_object(value: object, name: str) -> dict[str, Any]:
    """A copy of a JSON object (any Mapping), or TypeError naming the model."""
    if type(value) is dict:
        return value.copy()
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected an object, got {type(value).__name__}")
    return dict(value)


def read_float(value: object, name: str) -> float:
    """A finite JSON number (int or float, not bool), or TypeError / ValueError naming the
    field: json.loads reads a number too large for a float (1e999) as infinity."""
    if type(value) is float:
        if value - value == 0.0:  # False for inf and nan alone
            return value
        raise ValueError(f"{name}: expected a finite number, got {value}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__}")
    return value


def read_int(value: object, name: str) -> int:
    """A JSON integer (not bool, not float), or TypeError naming the field."""
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__}")
    return value


def read_bool(value: object, name: str) -> bool:
    """A JSON boolean, or TypeError naming the field."""
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected a boolean, got {type(value).__name__}")
    return value


def read_str(value: object, name: str) -> str:
    """A JSON string, or TypeError naming the field."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a string, got {type(value).__name__}")
    return value


def read_uuid(value: object, name: str) -> UUID:
    """`UUID(value)` for a JSON string, or TypeError / ValueError naming the field."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a UUID string, got {type(value).__name__}")
    try:
        return UUID(value)
    except ValueError:
        raise ValueError(f"{name}: expected a UUID string, got {value[:80]!r}") from None


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "read_bool",
    "read_float",
    "read_int",
    "read_object",
    "read_str",
    "read_uuid",
]
