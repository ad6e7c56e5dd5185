"""The last line of defence: any error a route or middleware lets escape becomes a JSON answer.

Starlette's own handler for unexpected errors answers 500 and then re-raises, so uvicorn logs
"Exception in ASGI application" and closes the connection; a keep-alive client then sees its
next request reset. Here the error is logged once and answered, and the connection stays
usable: a full disk is a 507, a database locked by another process a 503 with `Retry-After`,
anything else a 500 `{"error": "Internal server error"}`. A client that goes away mid-request
is no error of ours: one INFO line, no traceback, and nothing is sent.
"""

from __future__ import annotations

import logging

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ApiError
from .failures import DISK_FULL_MESSAGE, is_disk_full, is_locked, locked_message
from .responses import Watched, send_error

log = logging.getLogger("cloudglue_emulator")

INTERNAL_ERROR_MESSAGE = "Internal server error"
LOCKED_RETRY_AFTER_SECONDS = 1


def error_for(exc: Exception, lock_wait: float) -> ApiError:
    """The answer to an unexpected error (logged here when it is a bug)."""
    if isinstance(exc, ApiError):
        return exc
    if is_disk_full(exc):
        log.error("request failed: %s", exc)
        return ApiError(507, DISK_FULL_MESSAGE)
    if is_locked(exc):
        log.warning("request failed: the database stayed locked for %g s", lock_wait)
        return ApiError(
            503, locked_message(lock_wait), {"Retry-After": str(LOCKED_RETRY_AFTER_SECONDS)}
        )
    log.error("unhandled error", exc_info=exc)
    return ApiError(500, INTERNAL_ERROR_MESSAGE)


class ErrorGuardMiddleware:
    """Answers `{"error": ...}` for anything raised below it, keeping the connection open."""

    def __init__(self, app: ASGIApp, lock_wait: float) -> None:
        self.app = app
        self.lock_wait = lock_wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = Watched(receive, send)
        try:
            await self.app(scope, watch.receive, watch.send)
        except ClientDisconnect:
            log.info("%s %s: the client disconnected mid-request", scope["method"], scope["path"])
        except Exception as exc:
            if watch.started:  # half a response went out: only closing the connection is honest
                log.error("error after the response started", exc_info=exc)
                raise
            error = error_for(exc, self.lock_wait)
            await send_error(
                scope,
                receive,
                send,
                error.status,
                error.message,
                error.headers,
                read_rest=not watch.body_read,  # once read, a read waits for the client to leave
            )
