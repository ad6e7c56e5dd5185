"""Who is calling: the User-Agent every request carries.

Ours, then the user's product tokens (`user_agent="my-service/1.4"`), so logs and proxies can
tell this client, its version and the application from any other.
"""

from __future__ import annotations

import sys

import httpx

from ._version import __version__

#: The part every request sends, whatever the user appends.
BASE_USER_AGENT = (
    f"cloudglue-client/{__version__} "
    f"python/{sys.version_info.major}.{sys.version_info.minor} "
    f"httpx/{httpx.__version__}"
)


def check_product(value: object, name: str = "user_agent") -> str | None:
    """The user's product token(s), validated: printable ASCII, at most 200 characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str like 'my-service/1.4', got {type(value).__name__}")
    token = value.strip()
    if not token or len(token) > 200 or not all(" " <= ch <= "~" for ch in token):
        raise ValueError(
            f"{name}: expected 1..200 printable ASCII characters like 'my-service/1.4', "
            f"got {value!r}"
        )
    return token


def user_agent(product: str | None) -> str:
    """The User-Agent header value: ours, then the user's product token(s) if any."""
    return f"{BASE_USER_AGENT} {product}" if product else BASE_USER_AGENT
