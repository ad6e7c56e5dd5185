"""A whole-body deadline: a request body that has not fully arrived in time is a 408.

uvicorn bounds a connection's idle time between requests, not the time a request's body takes,
so a client that sends an upload's headers and then stops (or sends a byte now and then) would
hold its request, and the upload's temporary file, for as long as it keeps the connection open.
Here every read of a body waits at most until `Settings.body_timeout_seconds` after the first
read; then the read raises `BodyTimeout` inside the route (an upload removes its partial file
on the way out, as on any error) and the client gets a 408 with `Connection: close`: the rest
of its body is never read, so the connection cannot serve another request.
"""

from __future__ import annotations

import logging

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, fmt
from .responses import Watched, send_error

log = logging.getLogger("cloudglue_emulator")


class BodyTimeout(ApiError):
    """The request body did not arrive in time: 408, and the connection is closed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            408,
            f"Request Timeout: the request body did not arrive within {fmt(seconds)} s"
            " (--body-timeout-seconds); nothing was stored",
            {"Connection": "close"},
        )


class BodyDeadlineMiddleware:
    """Bounds the reads of each request's body by one deadline, set at the first read.

    A `BodyTimeout` that escapes the app before a response started is answered here, without
    reading more of the body.
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = Watched(receive, send)
        deadline: float | None = None

        async def bounded_receive() -> Message:
            nonlocal deadline
            if watch.body_read:  # later reads wait for a disconnect: not bounded
                return await watch.receive()
            if deadline is None:
                deadline = anyio.current_time() + self.seconds
            try:
                with anyio.fail_after(max(0.0, deadline - anyio.current_time())):
                    return await watch.receive()
            except TimeoutError:
                raise BodyTimeout(self.seconds) from None

        try:
            await self.app(scope, bounded_receive, watch.send)
        except BodyTimeout as exc:
            if watch.started:  # half a response went out: the server closes the connection
                log.info("%s %s: %s", scope["method"], scope["path"], exc.message)
                return
            await send_error(
                scope, receive, send, exc.status, exc.message, exc.headers, read_rest=False
            )
