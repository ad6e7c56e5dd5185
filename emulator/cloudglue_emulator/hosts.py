"""DNS-rebinding protection: only `Host` values the server was started for are answered.

A web page on another origin can make a browser resolve its own name to 127.0.0.1 and then
read the emulator's answers (the default key is public). Browsers always send the page's
name as `Host`, so requests whose `Host` is not a loopback name, the address the server was
bound to, the `--public-url` host or an `--allowed-host` are refused with a 400.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import send_error
from .settings import Settings

ANY_HOST = "*"
LOOPBACK_NAMES = ("localhost", "*.localhost", "127.0.0.1", "[::1]")
"""How the always-accepted loopback names are listed in the refusal."""
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")


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
    if bound in WILDCARD_ADDRESSES:
        names.update(_own_names())
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
    """Answers 400 to requests whose `Host` the server was not started for."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed
        self.any = ANY_HOST in allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.any:
            for name, value in scope.get("headers", []):
                if name == b"host":
                    host = host_name(value.decode("latin-1"))
                    if not (is_loopback(host) or host in self.allowed):
                        await send_error(send, receive, 400, self._refusal(host))
                        return
                    break
        await self.app(scope, receive, send)

    def _refusal(self, host: str) -> str:
        accepted = ", ".join([*LOOPBACK_NAMES, *sorted(self.allowed)])
        return (
            f"Host {host[:100]!r} is not served here (DNS rebinding protection); accepted:"
            f" {accepted}. Start the emulator with --allowed-host NAME to add one."
        )
