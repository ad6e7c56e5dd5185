"""Bearer-key check for /v1 and the admin endpoints, and which store a key names.

The server's key (`--api-key`) reaches its own store. `KEY.NAME` (the server's key, a dot and a
space name of 1-64 letters, digits, `-` or `_`) is accepted too and names an isolated store of
its own, created on first use (`spaces`): tests give each test a fresh name, so no test sees
another's files or jobs. Whoever knows the server's key may use any name; the name is not a
secret, the key is.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import send_error
from .settings import API_PREFIX, SPACE_NAME, SPACE_NAME_RULE, SPACE_SEPARATOR

ADMIN_PREFIX = "/_emulator"
UNAUTHORIZED_MESSAGE = "Invalid or missing API key"
BAD_SPACE_MESSAGE = (
    f"Invalid API key: after the server's key and '{SPACE_SEPARATOR}', a store name must be"
    f" {SPACE_NAME_RULE}"
)
SPACE_SCOPE_KEY = "cloudglue_emulator.space"
"""Where the middleware records a request's space name (absent: the server's own store)."""
_PROTECTED = (API_PREFIX, ADMIN_PREFIX)


class BadSpaceName(ValueError):
    """The key starts with the server's key and a dot, but the rest is not a space name."""


def bearer_token(authorization: str | None) -> str | None:
    """The token of a `Bearer <token>` header (scheme case-insensitive), else None."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def key_space(authorization: str | None, api_key: str) -> tuple[bool, str | None]:
    """(accepted, space): `(True, None)` for the server's key, `(True, NAME)` for `KEY.NAME`,
    `(False, None)` for anything else. Comparisons of the key are constant-time.

    Raises BadSpaceName for `KEY.` followed by something that is not a space name.
    """
    token = bearer_token(authorization)
    if token is None:
        return False, None
    wanted = api_key.encode()
    given = token.encode()
    if hmac.compare_digest(given, wanted):
        return True, None
    prefix = wanted + SPACE_SEPARATOR.encode()
    if not hmac.compare_digest(given[: len(prefix)], prefix):
        return False, None
    name = token[len(api_key) + len(SPACE_SEPARATOR) :]
    if SPACE_NAME.fullmatch(name) is None:
        raise BadSpaceName(BAD_SPACE_MESSAGE)
    return True, name


def key_matches(authorization: str | None, api_key: str) -> bool:
    """True if the header is `Bearer <api_key>` or `Bearer <api_key>.<space name>`."""
    try:
        return key_space(authorization, api_key)[0]
    except BadSpaceName:
        return False


def is_protected(path: str) -> bool:
    """True for paths under /v1 and /_emulator."""
    return any(path == p or path.startswith(p + "/") for p in _PROTECTED)


class BearerAuthMiddleware:
    """Answers 401 `{"error": ...}` to protected requests without the right bearer key, and
    records the space a `KEY.NAME` key names under `SPACE_SCOPE_KEY` in the scope."""

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
            try:
                accepted, space = key_space(header, self.api_key)
                message = UNAUTHORIZED_MESSAGE
            except BadSpaceName as exc:
                accepted, space, message = False, None, str(exc)
            if not accepted:
                await send_error(scope, receive, send, 401, message, {"WWW-Authenticate": "Bearer"})
                return
            if space is not None:
                scope = {**scope, SPACE_SCOPE_KEY: space}
        await self.app(scope, receive, send)
