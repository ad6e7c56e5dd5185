"""DNS-rebinding protection: only `Host` values the server was started for are answered.

A web page on another origin can make a browser resolve its own name to 127.0.0.1 and then
read the emulator's answers (the default key is public). Browsers always send the page's
name as `Host`, so requests whose `Host` is not a loopback name, the address the server was
bound to, the `--public-url` host or an `--allowed-host` are refused with a 400.

Before that, the header itself must be what HTTP allows (RFC 9110 section 7.2, RFC 9112
section 3.2): exactly one `Host` on an HTTP/1.1 request, whose value is a `uri-host` of RFC
3986 (a reg-name, an IPv4 address, or an IPv6 or IPvFuture literal in brackets) with an
optional `:port` of digits. Anything else (`[::1].attacker.example`, `[::1]@attacker.example`,
`a b`, an unbracketed IPv6 address) is a 400 naming the header, with `--allowed-host '*'` too.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ApiError
from .responses import send_error
from .settings import Settings

ANY_HOST = "*"
LOOPBACK_NAMES = ("localhost", "*.localhost", "127.0.0.1", "[::1]")
"""How the always-accepted loopback names are listed in the refusal."""
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")

_REG_NAME = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
"""RFC 3986 reg-name: unreserved, sub-delims and percent-encoded octets (IPv4 addresses too)."""
_IPV_FUTURE = re.compile(r"[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+")
_PORT = re.compile(r"[0-9]*")
_SHOWN = 100
"""How much of a refused value a message repeats."""


def parse_host(value: str) -> str | None:
    """The host of a `Host` header value, lower case, without port or trailing dot (`[::1]:80`
    -> `::1`); None when the value is not a valid `uri-host [":" port]` (RFC 9110, 3986)."""
    if value.startswith("["):
        end = value.find("]")
        literal, rest = (value[1:end], value[end + 1 :]) if end > 0 else ("", "")
        if end < 0 or not _is_ip_literal(literal):
            return None
        host = literal
    else:
        host, colon, port = value.partition(":")
        if not _REG_NAME.fullmatch(host):
            return None
        rest = colon + port
    if rest and not (rest[0] == ":" and _PORT.fullmatch(rest[1:])):
        return None
    return host.lower().rstrip(".")


def _is_ip_literal(text: str) -> bool:
    """An IPv6 address (no zone: RFC 3986 has none) or an IPvFuture literal."""
    if _IPV_FUTURE.fullmatch(text):
        return True
    if "%" in text:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def host_name(header: str) -> str:
    """The name in a `Host` header value, without port, lower case: `[::1]:80` -> `::1`."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    name, sep, port = value.rpartition(":")
    if sep and port.isdigit() and ":" not in name:
        value = name
    return value.rstrip(".")


def is_loopback(name: str) -> bool:
    """True for `localhost`, `*.localhost` and loopback addresses."""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _own_names() -> set[str]:
    """This machine's name and the addresses it resolves to (for wildcard binds)."""
    names = {socket.gethostname().lower()}
    with contextlib.suppress(OSError):
        names.update(socket.gethostbyname_ex(socket.gethostname())[2])
    return names


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """Names accepted besides loopback ones: the bind address (this machine's names for a
    wildcard bind), the public URL's host and `allowed_hosts` (`*` accepts any)."""
    names = {host_name(h) if h != ANY_HOST else h for h in settings.allowed_hosts}
    bound = host_name(settings.host)
    if bound in WILDCARD_ADDRESSES:  # loopback ones are accepted anyway (and listed once)
        names.update(name for name in _own_names() if not is_loopback(name))
    elif not is_loopback(bound):
        names.add(bound)
    if settings.public_url:
        names.add(host_name(urlsplit(settings.public_url).netloc))
    return frozenset(names)


def is_beyond_loopback(host: str) -> bool:
    """True when binding to `host` makes the server reachable from other machines."""
    name = host_name(host)
    return name in WILDCARD_ADDRESSES or not is_loopback(name)


class HostCheckMiddleware:
    """Answers 400 to requests with a missing, repeated or malformed `Host`, or one the server
    was not started for."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed
        self.any = ANY_HOST in allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = self.check(scope)
            if refused is not None:
                await send_error(scope, receive, send, refused.status, refused.message)
                return
        await self.app(scope, receive, send)

    def check(self, scope: Scope) -> ApiError | None:
        """Why the request's `Host` is refused, or None."""
        values = [v for k, v in scope.get("headers", []) if k == b"host"]
        if len(values) > 1:
            return ApiError(400, "Host: sent more than once; send one Host header (RFC 9112)")
        if not values:
            if scope.get("http_version", "1.1") == "1.1":
                return ApiError(400, "Host: required in an HTTP/1.1 request (RFC 9112)")
            return None
        value = values[0].decode("latin-1").strip(" \t")
        host = parse_host(value)
        if host is None:
            return ApiError(
                400,
                f"Host: {value[:_SHOWN]!r} is not a host (RFC 9110: a name, an IPv4 address or"
                " an [IPv6] address, then an optional :port)",
            )
        if self.any or is_loopback(host) or host in self.allowed:
            return None
        accepted = ", ".join([*LOOPBACK_NAMES, *sorted(self.allowed)])
        return ApiError(
            400,
            f"Host {host[:_SHOWN]!r} is not served here (DNS rebinding protection); accepted:"
            f" {accepted}. Start the emulator with --allowed-host NAME to add one.",
        )
