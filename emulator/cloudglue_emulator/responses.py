"""JSON responses, including `{"error": ...}` answered directly from ASGI middleware."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Receive, Send

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
