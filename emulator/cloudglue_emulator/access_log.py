"""Every response carries a request id (`x-request-id`), and every request gets one access-log
line at INFO: method, path, status (`-` when the client left before any answer was sent),
milliseconds, the request id and the user agent.

The id lets a failing test be matched to the server's line: the client shows it in its
errors (`error.request_id`, "(request id req_...)").
"""

from __future__ import annotations

import logging
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("cloudglue_emulator.access")
#: The response header that carries the request id (as the hosted service's SDKs read it).
REQUEST_ID_HEADER = b"x-request-id"


class AccessLogMiddleware:
    """Adds `x-request-id: req_<hex>` to every response, and logs
    `GET /v1/files 200 3.1 ms req_<hex> "python-httpx/0.28.1"` once the request is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"req_{secrets.token_hex(12)}"
        began = time.perf_counter()
        status = "-"  # until an answer starts: a client that left got none

        async def tracked_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = str(message["status"])
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        finally:
            if log.isEnabledFor(logging.INFO):
                agent = "-"
                for name, value in scope.get("headers", []):
                    if name == b"user-agent":
                        agent = value.decode("latin-1")
                        break
                elapsed_ms = (time.perf_counter() - began) * 1000
                method, path = scope["method"], scope["path"]
                line = '%s %s %s %.1f ms %s "%s"'
                log.info(line, method, path, status, elapsed_ms, request_id, agent)
