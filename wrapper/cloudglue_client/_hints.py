"""Hints added to errors that usually mean a misconfigured client: what to check, and how.

Each returns the text to append to an error's message ("" when there is nothing to say).
"""

from __future__ import annotations

import errno
import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

from . import _constants as C
from .errors import api_error

#: An API root ends in a version segment: https://api.cloudglue.dev/v1.
_VERSION = re.compile(r"v\d+")
#: What a mistyped version segment looks like: `v1x`, `V1`, `v1.0`, `version1`, `v`.
_ALMOST_VERSION = re.compile(r"(?i)v(ersion)?[\d._-]*\w*")
_WHERE = (
    f"pass base_url=... or set {C.BASE_URL_ENV} (the command line: --base-url); "
    f"the default is {C.DEFAULT_BASE_URL}"
)


def suggested_root(base_url: str) -> str | None:
    """The API root `base_url` most likely means, or None when it looks right.

    The root ends in a version segment (`/v1`): a root without one gets `/v1` added, and a
    last segment that is a mistyped version (`/v1x`, `/V1`, `/v1.0`) is replaced by `v1`.
    """
    parts = urlsplit(base_url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and _VERSION.fullmatch(segments[-1]):
        return None
    if segments and _ALMOST_VERSION.fullmatch(segments[-1]):
        segments[-1] = "v1"
    else:
        segments.append("v1")
    return urlunsplit((parts.scheme, parts.netloc, "/" + "/".join(segments), "", ""))


def not_found(body: bytes, base_url: str) -> str:
    """A 404: a base URL without its version segment (every call 404s), or a 404 whose body is
    not the API's `{"error": ...}` (an HTML page, a proxy's text: the wrong host or path)."""
    root = suggested_root(base_url)
    if root is not None:
        return (
            f" (hint: base_url {base_url!r} does not end in a version segment; the Cloudglue API "
            f"answers under /v1: use {root}; {_WHERE})"
        )
    if api_error(body) is None:
        return (
            f" (hint: this 404 is not a Cloudglue error response; check that base_url "
            f"{base_url!r} is the API root: {_WHERE})"
        )
    return ""


def unauthorized() -> str:
    """A 401: where the key comes from."""
    return (
        f" (hint: check the API key: pass api_key=... or set {C.API_KEY_ENV}; the command line "
        "takes --api-key)"
    )


def connect_failed(exc: BaseException, base_url: str) -> str:
    """A connection that failed before anything was sent: nothing answers, or no such host;
    or, through a proxy from the environment, the proxy (named without its credentials); or
    a TLS certificate that failed verification."""
    if certificate_refused(exc):
        return (
            " (hint: the server's TLS certificate failed verification; a private CA's "
            "certificates go in SSL_CERT_FILE or SSL_CERT_DIR, or in your own http_client)"
        )
    if (proxy := _proxy_for(base_url)) is not None:
        return (
            f" (hint: requests to {base_url} go through the proxy {proxy} that the environment "
            "sets (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY; NO_PROXY exempts hosts): check that it "
            "answers)"
        )
    host = urlsplit(base_url).hostname or ""
    cause = next((e for e in _chain(exc) if isinstance(e, OSError) and e.errno is not None), None)
    if cause is not None and cause.errno in (errno.ECONNREFUSED, errno.ECONNRESET):
        text = f" (hint: nothing answers at {base_url}; {_WHERE}"
        if _is_loopback(host):
            text += "; for the local emulator, start it with `cloudglue-emulator serve`"
            text += " (it prints the base URL and key to use)"
        return text + ")"
    if _resolution_failed(exc):
        return f" (hint: the host {host!r} of base_url {base_url!r} is not known; {_WHERE})"
    return ""


def certificate_refused(exc: BaseException) -> bool:
    """True when the server's TLS certificate failed verification (it fails the same way on
    every attempt, so it is not retried)."""
    import ssl

    return any(
        isinstance(current, ssl.SSLCertVerificationError)
        or "CERTIFICATE_VERIFY_FAILED" in str(current)
        for current in _chain(exc)
    )


def _proxy_for(base_url: str) -> str | None:
    """The proxy the environment routes `base_url` through, as httpx routes it (None: none)."""
    import httpx

    from . import _proxies

    try:
        proxy = _proxies.choose(_proxies.from_environment(), httpx.URL(base_url))
    except (httpx.InvalidURL, ValueError):
        return None
    return None if proxy is None else str(proxy.url)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and the exceptions it was raised from or during, each once (httpx and httpcore
    wrap the OSError that says what happened)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        yield current
        seen.add(id(current))
        current = current.__cause__ or current.__context__


def _resolution_failed(exc: BaseException) -> bool:
    """True when the host name did not resolve (getaddrinfo's errors, or their text)."""
    import socket

    for current in _chain(exc):
        if isinstance(current, socket.gaierror):
            return True
        text = str(current).lower()
        if "name or service not known" in text or "name resolution" in text:
            return True
        if "nodename nor servname" in text or "no address associated" in text:
            return True
    return False


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
