"""JSON responses, including `{"error": ...}` answered directly from ASGI middleware, and
what such middleware watches of a request to answer it (`Watched`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send


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
) -> None:
    """Answer `{"error": message}` from middleware at once, reading none of the request body.

    The response is `error_response`'s, sent as the ASGI app it is, so an error answered here
    is spelled byte for byte as one a route raises.

    Waiting for the body first would make a client whose body stalls wait for the body
    deadline, and then get its 408 instead of this answer. Unread, the body is no harm to
    keep-alive: once the response is complete, uvicorn (h11 and httptools alike) reads the rest
    of the body and discards it, then serves the connection's next request. `Connection: close`
    is not sent: closing while a client still sends its body resets the connection, and the
    client can lose the answer with it.
    """
    await error_response(status, message, headers)(scope, receive, send)


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
