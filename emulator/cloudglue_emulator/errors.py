"""Errors that routes raise and the app turns into `{"error": "..."}` responses."""

from __future__ import annotations

from collections.abc import Mapping

_SHOWN_DIGITS = 20
"""Integers longer than this are shown cut, with their length."""


def fmt(value: float) -> str:
    """A number as people write it in messages: 30 rather than 30.0, 0.1 rather than 0.1000001.

    An int is shown exactly (converting it to a float overflows past 1e308, and JSON allows
    such integers); one longer than `_SHOWN_DIGITS` digits is cut and says how long it is.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        digits = len(text.lstrip("-"))
        return text if digits <= _SHOWN_DIGITS else f"{text[:13]}... ({digits} digits)"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class ApiError(Exception):
    """An error answered with `status` and the body `{"error": message}`."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


class ValidationError(ApiError):
    """A request that breaks the contract: 400, with a message that starts with the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(400, f"{field}: {message}")
        self.field = field


class NotFound(ApiError):
    """No such resource: 404."""

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(404, f"{what} not found: {ident}")


class UnsupportedMedia(ApiError):
    """The upload is not a decodable video: 415."""

    def __init__(self, reason: str) -> None:
        super().__init__(415, f"Unsupported media type: {reason}")
