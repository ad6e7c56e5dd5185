"""Contains some shared types for properties"""

from binascii import unhexlify
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar
from uuid import UUID, SafeUUID

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


def read_float(value: object, name: str) -> float:
    """A JSON number (int or float, not bool), or TypeError naming the field."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__}")
    return value


def read_int(value: object, name: str) -> int:
    """A JSON integer (not bool, not float), or TypeError naming the field."""
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


# UUID's slots, written directly (UUID.__setattr__ forbids it), as UUID.__init__ itself does.
# The models' parsers also use these: they inline read_uuid's fast path (uuid_property.py.jinja).
_new_object = object.__new__
_set_uuid_int = UUID.__dict__["int"].__set__
_set_uuid_is_safe = UUID.__dict__["is_safe"].__set__
_UNKNOWN_SAFETY = SafeUUID.unknown
_from_bytes = int.from_bytes


def read_uuid(value: object, name: str) -> UUID:
    """`UUID(value)` for a JSON string, or TypeError / ValueError naming the field.

    For a string, `UUID()` drops every "-", requires 32 characters left and reads them with
    `int(..., 16)`; that common path is done here without the rest of `UUID.__init__` (the
    largest cost of parsing a page of frames). 32 plain hex digits read the same through
    `unhexlify` (twice as fast as `int(..., 16)`, and strict: no sign, "0x", "_" or spaces).
    Everything else (braces, "urn:uuid:", what only `int()` accepts, malformed input) goes
    through `UUID()` itself, so the same strings are accepted, with the same result.
    """
    if type(value) is str:
        digits = value.replace("-", "")
        if len(digits) == 32:
            try:
                number = _from_bytes(unhexlify(digits), "big")
            except ValueError:  # binascii.Error is one; so is a non-ASCII string
                pass
            else:
                uuid = _new_object(UUID)
                _set_uuid_int(uuid, number)
                _set_uuid_is_safe(uuid, _UNKNOWN_SAFETY)
                return uuid
    elif not isinstance(value, str):
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
    "read_str",
    "read_uuid",
]
