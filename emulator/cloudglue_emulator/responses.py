"""JSON responses, including `{"error": ...}` answered directly from ASGI middleware, and
what such middleware watches of a request to answer it (`Watched`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Send

DRAIN_LIMIT_BYTES = 8 * 1024 * 1024
"""Request bodies up to this size are read before an early error, so keep-alive survives."""


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The `{"error": message}` response every error uses."""
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def json_response(payload: Any) -> JSONResponse:
    """A 200 JSON response."""
    return JSONResponse(payload)


async def send_error(
    send: Send,
    receive: Receive,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Answer `{"error": message}` from middleware, after draining a small request body."""
    received = 0
    while received <= DRAIN_LIMIT_BYTES:
        event = await receive()
        if event["type"] != "http.request":
            break
        received += len(event.get("body", b""))
        if not event.get("more_body", False):
            break
    body = json.dumps({"error": message}).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    raw_headers += [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


async def no_more_body() -> Message:
    """A `receive` for `send_error` where nothing more of the body is to be read (it was read
    already, or it is late and the connection closes)."""
    return {"type": "http.request", "body": b"", "more_body": False}


class Watched:
    """A request's `receive` and `send` passed on, noting what an answer from middleware after
    an error depends on: whether the body was read whole, and whether a response started."""

    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive = receive
        self._send = send
        self.body_read = False
        self.started = False

    async def receive(self) -> Message:
        """The next request message, as the server gives it."""
        message = await self._receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.body_read = True
        return message

    async def send(self, message: Message) -> None:
        """Pass a response message on."""
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)
