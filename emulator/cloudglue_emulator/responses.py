"""JSON responses, including `{"error": ...}` answered directly from ASGI middleware, and
what such middleware watches of a request to answer it (`Watched`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from .errors import ApiError


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The `{"error": message}` response every error uses."""
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def json_response(payload: Any) -> JSONResponse:
    """A 200 JSON response."""
    return JSONResponse(payload)


async def send_error(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    *,
    read_rest: bool = True,
) -> None:
    """Answer `{"error": message}` from middleware at once, then (`read_rest`: the body is not
    read whole) read the rest of the body through `receive` before the response ends.

    The response is `error_response`'s headers and bytes, so an error answered here is spelled
    byte for byte as one a route raises. Its Content-Length makes it whole for the client at
    once: a client whose body stalls is not made to wait for the body deadline.

    Reading the rest keeps the connection the body deadline's (bounded `receive`): once a
    response ends, uvicorn reads past the rest of the body for as long as it trickles, and the
    keep-alive timeout is not armed again. If the deadline passes, the response is left
    unfinished, which closes the connection. `Connection: close` up front is not sent: closing
    while a client still sends its body resets the connection, and the client can lose the
    answer with it.
    """
    response = error_response(status, message, headers)
    start = {"type": "http.response.start", "status": status, "headers": response.raw_headers}
    await send(start)
    await send({"type": "http.response.body", "body": response.body, "more_body": read_rest})
    try:
        while read_rest and (await receive()).get("more_body", False):
            pass
    except ApiError:  # the body deadline passed: unfinished, the response closes the connection
        return
    if read_rest:
        await send({"type": "http.response.body", "body": b""})


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
