"""Responses as the user sees them: `APIResponse` (also an error's `.response`), and
`RawResponse`, what `with_raw_response` methods return: the last response the method read
(`record`), its result behind `.parse()`.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, fields
from typing import Any, Generic, ParamSpec, TypeVar

import httpx

T = TypeVar("T")
P = ParamSpec("P")
#: Response headers that carry the server's id of a request (the first one present wins).
REQUEST_ID_HEADERS = ("x-request-id", "request-id")


def not_json(constant: str) -> Any:
    """A `parse_constant` hook: NaN and Infinity are not JSON numbers."""
    raise ValueError(f"{constant} is not a JSON number")


def parse_json(content: bytes) -> Any:
    """`content` parsed as JSON, or ValueError: also for NaN and Infinity, which JSON does not
    have, and for nesting deeper than the interpreter follows (a hostile body)."""
    try:
        return json.loads(content, parse_constant=not_json)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None


@dataclass(slots=True, eq=False, repr=False)
class APIResponse:
    """A response as the client read it: its status, headers and (decoded) body, and the
    method and URL of the request it answers."""

    status_code: int
    raw_headers: list[tuple[bytes, bytes]]
    content: bytes
    method: str
    url: str

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (case-insensitive)."""
        return httpx.Headers(self.raw_headers)

    @property
    def request_id(self) -> str | None:
        """The server's id of this request (its `x-request-id` header), if it sent one."""
        headers = self.headers
        return next((headers[name] for name in REQUEST_ID_HEADERS if name in headers), None)

    def json(self) -> Any:
        """The body parsed as JSON; ValueError when it is not JSON (see `parse_json`)."""
        return parse_json(self.content)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url}>"


class RawResponse(APIResponse, Generic[T]):
    """A method's HTTP response, with its parsed result behind `parse()`."""

    __slots__ = ("_value",)

    def __init__(self, response: APIResponse, value: T) -> None:
        super().__init__(*(getattr(response, field.name) for field in fields(APIResponse)))
        self._value = value

    def parse(self) -> T:
        """What the method itself returns (a model, a page, a result)."""
        return self._value


_RECORDED: ContextVar[list[APIResponse] | None] = ContextVar("cloudglue_raw", default=None)


def record(response: APIResponse) -> None:
    """Note a response a method read, when a `with_raw_response` wrapper is listening."""
    noted = _RECORDED.get()
    if noted is not None:
        noted.append(response)


def _last(noted: list[APIResponse], value: T) -> RawResponse[T]:
    if not noted:  # every method reads at least one response
        raise RuntimeError("the method returned without reading a response")
    return RawResponse(noted[-1], value)


@contextlib.contextmanager
def _listening() -> Iterator[list[APIResponse]]:
    noted: list[APIResponse] = []
    token = _RECORDED.set(noted)
    try:
        yield noted
    finally:
        _RECORDED.reset(token)


def raw(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """`method`, returning its response with the result behind `.parse()`."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        with _listening() as noted:
            value = method(*args, **kwargs)
        return _last(noted, value)

    return call


def raw_async(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """`raw` for an async method."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        with _listening() as noted:
            value = await method(*args, **kwargs)
        return _last(noted, value)

    return call
