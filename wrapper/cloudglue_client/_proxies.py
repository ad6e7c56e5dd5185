"""Which proxy a URL goes through: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY read as
httpx's own client reads them (the most specific pattern wins).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Pattern:
    """Which URLs a proxy entry applies to."""

    scheme: str
    host: str
    port: int | None
    host_regex: re.Pattern[str] | None

    @classmethod
    def parse(cls, pattern: str) -> Pattern:
        """A pattern such as `all://`, `https://example.com:8443` or `all://*example.com`."""
        url = httpx.URL(pattern)
        host = "" if url.host == "*" else url.host
        regex = None
        if host.startswith("*."):  # subdomains only
            regex = re.compile(rf"^.+\.{re.escape(host[2:])}$")
        elif host.startswith("*"):  # the domain and its subdomains
            regex = re.compile(rf"^(.+\.)?{re.escape(host[1:])}$")
        elif host:
            regex = re.compile(rf"^{re.escape(host)}$")
        return cls("" if url.scheme == "all" else url.scheme, host, url.port, regex)

    def matches(self, url: httpx.URL) -> bool:
        if self.scheme and self.scheme != url.scheme:
            return False
        if self.host_regex is not None and not self.host_regex.match(url.host):
            return False
        return self.port is None or self.port == url.port

    def rank(self) -> tuple[int, int, int]:
        return (0 if self.port is not None else 1, -len(self.host), -len(self.scheme))


#: Patterns in the order they are tried, each with its proxy (None: connect directly).
ProxyTable = list[tuple[Pattern, httpx.Proxy | None]]


def from_environment() -> ProxyTable:
    import urllib.request

    found = urllib.request.getproxies()
    entries: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if address := found.get(scheme):
            entries[f"{scheme}://"] = address if "://" in address else f"http://{address}"
    for host in (part.strip() for part in found.get("no", "").split(",")):
        if host == "*":
            return []
        if host:
            entries[_direct_pattern(host)] = None
    table = [
        (Pattern.parse(key), None if address is None else httpx.Proxy(url=address))
        for key, address in entries.items()
    ]
    return sorted(table, key=lambda entry: entry[0].rank())


def choose(table: ProxyTable, url: httpx.URL) -> httpx.Proxy | None:
    """The proxy for `url`, or None to connect directly."""
    return next((proxy for pattern, proxy in table if pattern.matches(url)), None)


def _direct_pattern(host: str) -> str:
    if "://" in host:
        return host
    try:
        ip = ipaddress.ip_address(host.split("/")[0])
    except ValueError:
        return f"all://{host}" if host.lower() == "localhost" else f"all://*{host}"
    return f"all://[{host}]" if ip.version == 6 else f"all://{host}"
