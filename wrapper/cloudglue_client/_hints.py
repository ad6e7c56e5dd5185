"""Hints added to errors that usually mean a misconfigured client, not a missing resource."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from . import _constants as C

#: An API root ends in a version segment: https://api.cloudglue.dev/v1.
_VERSIONED = re.compile(r"/v\d+$")


def not_found(body: bytes, base_url: str) -> str:
    """What to add to a 404's message ("" when it looks like an ordinary missing resource).

    A base URL without its `/v1` makes every call a 404, so that is said whenever the root
    lacks a version segment; otherwise a 404 whose body is not the API's `{"error": ...}`
    (an HTML page, a proxy's text) points at the wrong host or path.
    """
    path = urlsplit(base_url).path.rstrip("/")
    if not _VERSIONED.search(path):
        return (
            f" (hint: base_url {base_url!r} has no version segment; the Cloudglue API answers "
            f"under /v1, e.g. {base_url.rstrip('/')}/v1; the default is {C.DEFAULT_BASE_URL})"
        )
    if not _is_api_error(body):
        return (
            f" (hint: this 404 is not a Cloudglue error response; check that base_url "
            f"{base_url!r} is the API root)"
        )
    return ""


def _is_api_error(content: bytes) -> bool:
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), str)
