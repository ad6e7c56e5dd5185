"""One access-log line per request at INFO: method, path, status, milliseconds, user agent."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("cloudglue_emulator.access")


class AccessLogMiddleware:
    """Logs `GET /v1/files 200 3.1 ms "python-httpx/0.28.1"` once the request is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500  # if the app fails before answering

        async def tracked_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        finally:
            agent = "-"
            for name, value in scope.get("headers", []):
                if name == b"user-agent":
                    agent = value.decode("latin-1")
                    break
            elapsed_ms = (time.perf_counter() - began) * 1000
            log.info(
                '%s %s %d %.1f ms "%s"', scope["method"], scope["path"], status, elapsed_ms, agent
            )
