"""Body-less calls on connections this client created go straight to httpx's pool.

For every request, httpx's `Client.send` parses and merges the URL, merges headers and cookies,
runs its auth, redirect and event-hook machinery and wraps the response in models. On an httpx
client this client created none of that does anything (no cookies are kept, no hooks, no client
auth, redirects are never followed), yet it cost about 0.45 ms of CPU per request: a fifth of
reading a page of 100 frames, and more than parsing the page. A `Route` does that work once
per (httpx client, method, base URL, headers): it takes the pool httpx would choose for the base
URL (a proxy from the environment included) and the headers httpx would send, so each GET or
DELETE then only needs its path and query.

What a route returns is what the httpx path returns: httpcore errors become the httpx
exceptions httpx raises for them, a 2xx body comes back as a `Reply` (what the generated
parsers and the retry loop read), and any other status as a real httpx.Response, so error
handling is the same code either way. Uploads, POSTs and user-supplied httpx clients (which may
carry hooks, auth or a custom transport) keep going through httpx.
"""

from __future__ import annotations

import json
import re
import weakref
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpcore

#: Paths and queries sent as they are: what httpx would leave unchanged (no escaping needed).
_PLAIN = re.compile(r"[A-Za-z0-9\-._~/%=&?]*")
_METHODS = frozenset({"GET", "DELETE"})
_BODY_KEYS = frozenset({"content", "data", "files", "json", "params", "cookies", "auth"})


def _httpcore_errors() -> dict[type[Exception], type[httpx.HTTPError]]:
    """httpcore's exceptions and the httpx ones httpx raises for them (its own mapping; the
    first class in an exception's MRO found here wins). httpcore is imported here, not at the
    top: `import cloudglue_client` does not load it (httpx itself loads it on first use)."""
    import httpcore

    return {
        httpcore.ConnectTimeout: httpx.ConnectTimeout,
        httpcore.ReadTimeout: httpx.ReadTimeout,
        httpcore.WriteTimeout: httpx.WriteTimeout,
        httpcore.PoolTimeout: httpx.PoolTimeout,
        httpcore.TimeoutException: httpx.TimeoutException,
        httpcore.ConnectError: httpx.ConnectError,
        httpcore.ReadError: httpx.ReadError,
        httpcore.WriteError: httpx.WriteError,
        httpcore.NetworkError: httpx.NetworkError,
        httpcore.ProxyError: httpx.ProxyError,
        httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
        httpcore.LocalProtocolError: httpx.LocalProtocolError,
        httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
        httpcore.ProtocolError: httpx.ProtocolError,
    }


_errors: dict[type[Exception], type[httpx.HTTPError]] = {}


def translate(exc: Exception) -> Exception:
    """The httpx exception httpx would raise for an httpcore one; anything else unchanged."""
    if not _errors:
        _errors.update(_httpcore_errors())
    for cls in type(exc).__mro__:
        target = _errors.get(cls)
        if target is not None:
            return target(str(exc))
    return exc


class Reply:
    """A 2xx response read by a route: status, decoded body and headers."""

    __slots__ = ("content", "raw_headers", "status_code")

    def __init__(self, status_code: int, content: bytes, raw_headers: list[tuple[bytes, bytes]]):
        self.status_code = status_code
        self.content = content
        self.raw_headers = raw_headers

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return httpx.Headers(self.raw_headers)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.content)


class Route:
    """Where and how one kind of request goes: the pool, origin, path prefix and headers."""

    def __init__(
        self, pool: Any, method: str, base_url: str, url: httpx.URL, headers: httpx.Headers
    ) -> None:
        import httpcore

        self.pool = pool
        self.skip = len(base_url)
        self._url = httpcore.URL
        self._request = httpcore.Request
        self.method = method.encode("ascii")
        self.scheme = url.raw_scheme
        self.host = url.raw_host
        self.port = url.port
        self.prefix = url.raw_path.rstrip(b"/")
        self.headers = headers.raw

    def request(self, url: str, timeout: httpx.Timeout) -> httpcore.Request:
        """The httpcore request for `url` (the base URL, a path and a query)."""
        target = self.prefix + url[self.skip :].encode("ascii")
        core_url = self._url(scheme=self.scheme, host=self.host, port=self.port, target=target)
        return self._request(
            self.method, core_url, headers=self.headers, extensions={"timeout": timeout.as_dict()}
        )

    def outcome(
        self, status: int, raw_headers: list[tuple[bytes, bytes]], body: bytes, url: str
    ) -> Reply | httpx.Response:
        """A Reply for a 2xx; a real httpx.Response (body decoded) for anything else."""
        if 200 <= status < 300:
            return Reply(status, body, raw_headers)
        from ._bodies import decoded_response

        request = httpx.Request(self.method.decode(), url, headers=self.headers)
        return decoded_response(httpx.Response(status, headers=raw_headers, request=request), body)


#: Per httpx client, the route of each (method, base URL, headers), or None for "use httpx".
#: No lock: two threads may both build a route once; either result is the same.
_routes: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Route | None]]
_routes = weakref.WeakKeyDictionary()


def route(
    http: httpx.Client | httpx.AsyncClient, base_url: str, step: Mapping[str, Any]
) -> Route | None:
    """The route for `step` (prepared request kwargs) on `http`, or None to go through httpx.

    Only for a GET or DELETE without a body or extra parameters whose URL is the base URL plus
    a path and query that need no escaping; `http` must be a client this client created.
    """
    method = str(step["method"]).upper()
    url = step["url"]
    if method not in _METHODS or not _BODY_KEYS.isdisjoint(step) or not url.startswith(base_url):
        return None
    if url[len(base_url) : len(base_url) + 1] != "/" or not _PLAIN.fullmatch(url, len(base_url)):
        return None
    headers = step.get("headers") or {}
    key = (method, base_url, *headers.items())
    known = _routes.get(http)
    if known is not None and key in known:
        return known[key]
    found = _make(http, method, base_url, headers)
    _routes.setdefault(http, {})[key] = found
    return found


def _make(
    http: httpx.Client | httpx.AsyncClient, method: str, base_url: str, headers: Mapping[str, str]
) -> Route | None:
    """A route if `http` is a plain httpx client over httpx's own transport, else None."""
    try:
        url = httpx.URL(base_url)
        transport = http._transport_for_url(url)
    except (AttributeError, httpx.InvalidURL):
        return None
    plain = type(transport) in (httpx.HTTPTransport, httpx.AsyncHTTPTransport)
    pool = getattr(transport, "_pool", None)
    if not plain or pool is None or url.userinfo or url.query or url.fragment:
        return None
    if http.auth is not None or any(http.event_hooks.values()) or http.params or http.cookies:
        return None
    if str(http.base_url):
        return None
    sample = http.build_request(method, url, headers=dict(headers))
    return Route(pool, method, base_url, url, sample.headers)
