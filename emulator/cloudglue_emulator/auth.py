"""Bearer-key check for /v1 and the admin endpoints."""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import send_error
from .settings import API_PREFIX

ADMIN_PREFIX = "/_emulator"
UNAUTHORIZED_MESSAGE = "Invalid or missing API key"
_PROTECTED = (API_PREFIX, ADMIN_PREFIX)


def key_matches(authorization: str | None, api_key: str) -> bool:
    """True if the header is `Bearer <api_key>` (scheme case-insensitive, constant-time)."""
    if not authorization:
        return False
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), api_key.encode())


def is_protected(path: str) -> bool:
    """True for paths under /v1 and /_emulator."""
    return any(path == p or path.startswith(p + "/") for p in _PROTECTED)


class BearerAuthMiddleware:
    """Answers 401 `{"error": ...}` to protected requests without the right bearer key."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.api_key = api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_protected(scope.get("path", "")):
            header = None
            for name, value in scope.get("headers", []):
                if name == b"authorization":
                    header = value.decode("latin-1")
                    break
            if not key_matches(header, self.api_key):
                await send_error(
                    send, receive, 401, UNAUTHORIZED_MESSAGE, {"WWW-Authenticate": "Bearer"}
                )
                return
        await self.app(scope, receive, send)
