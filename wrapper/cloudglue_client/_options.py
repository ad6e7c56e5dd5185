"""Per-request options (openai-python's names) and the checks of the client's settings.

Every method takes `timeout`, `max_retries`, `extra_headers` and `extra_query` (and `extra_body`
if it sends a body) for every request it makes; images get only the timeout and retries.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

import httpx

from . import _constants as C
from . import _validation as v
from ._retry import RetryPolicy
from ._version import __version__

if TYPE_CHECKING:
    from ._request import Runtime

#: The User-Agent every request sends, whatever the user appends: this client, its version and
#: its Python and httpx, so logs and proxies can tell it from any other.
BASE_USER_AGENT = (
    f"cloudglue-client/{__version__} "
    f"python/{sys.version_info.major}.{sys.version_info.minor} "
    f"httpx/{httpx.__version__}"
)
#: Header names the client sets itself: replaced only through the client's own settings.
RESERVED_HEADERS = {
    "authorization": "api_key=",
    "user-agent": "user_agent=",
    "accept-encoding": "nothing (the client decodes exactly what it asks for)",
    "host": "base_url=",
    "content-length": "nothing (the body decides it)",
    "content-type": "nothing (the body decides it: JSON, or multipart with its boundary)",
    "transfer-encoding": "nothing (the body decides it)",
    "connection": "nothing (the client keeps its connections)",
}


class WaitRequestOptions(TypedDict, total=False):
    """Options of a `wait` (whose own `timeout` is the wait's deadline): every poll takes them."""

    #: Retries after a failed attempt, as the client's `max_retries`.
    max_retries: int
    #: More headers to send to the API (not to image hosts).
    extra_headers: Mapping[str, str]
    #: More query parameters to send to the API (they win over the method's own).
    extra_query: Mapping[str, str | int | float | bool]


class RequestOptions(WaitRequestOptions, total=False):
    """Options of one method call; each replaces the client's setting for that call only."""

    #: Seconds (or an httpx.Timeout) each attempt may take, as the client's `timeout`.
    timeout: float | httpx.Timeout


class BodyRequestOptions(RequestOptions, total=False):
    """Options of a method that sends a body: also `extra_body`."""

    #: More fields for the request body (JSON, or form fields of an upload).
    extra_body: Mapping[str, Any]


def timeout(value: object) -> httpx.Timeout:
    """An httpx.Timeout from seconds or an httpx.Timeout, every part in MIN_TIMEOUT..MAX_TIMEOUT;
    never "no timeout": a part that is None gets the largest other, all None the default."""
    if not isinstance(value, httpx.Timeout):
        return httpx.Timeout(_seconds(value, "timeout"))
    parts = value.as_dict()  # connect, read, write and pool
    given = {
        part: _seconds(seconds, f"timeout.{part}")
        for part, seconds in parts.items()
        if seconds is not None
    }
    if not given:
        return C.DEFAULT_TIMEOUT
    longest = max(given.values())
    return httpx.Timeout(**{part: given.get(part, longest) for part in parts})


def _seconds(value: object, name: str) -> float:
    allowed = f"{C.MIN_TIMEOUT:g}..{C.MAX_TIMEOUT:g} seconds"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name}: expected a number ({allowed}), got {type(value).__name__}")
    if not C.MIN_TIMEOUT <= value <= C.MAX_TIMEOUT:  # also false for NaN
        raise ValueError(f"{name}: {value!r} is out of range; allowed {allowed}")
    return value


def max_retries(value: object) -> int:
    """Retries after a failed attempt: 0..MAX_RETRIES_CEILING."""
    return v.integer(value, "max_retries", minimum=0, maximum=C.MAX_RETRIES_CEILING)


#: The characters of an HTTP token, which a header name is (RFC 9110, 5.6.2); h11 refuses others.
_TOKEN = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def headers(value: object, name: str) -> tuple[tuple[str, str], ...]:
    """Header pairs from a mapping of printable names and values, none reserved; values lose
    surrounding whitespace, which is not part of them in HTTP (h11 refuses it)."""
    pairs = _pairs(value, name, "a mapping of header names to values (str to str)")
    seen: dict[str, str] = {}
    for key, text in pairs:
        if (other := seen.setdefault(str(key).lower(), key)) is not key:
            raise ValueError(
                f"{name}: {other!r} and {key!r} are the same header (case is not kept)"
            )
        if not isinstance(text, str):
            raise TypeError(f"{name}[{key!r}]: expected a str, got {type(text).__name__}")
        if not key or not all(ch in _TOKEN for ch in key):
            raise ValueError(f"{name}: {key!r} is not a valid header name")
        if not all(" " <= ch <= "~" or ch == "\t" for ch in text):
            raise ValueError(f"{name}[{key!r}]: the value must be printable ASCII on one line")
        if key.lower() in RESERVED_HEADERS:
            raise ValueError(
                f"{name}: {key!r} is set by the client; use {RESERVED_HEADERS[key.lower()]}"
            )
    return tuple((key, str.__str__(text).strip(" \t")) for key, text in pairs)


def _pairs(value: object, name: str, expected: str = "a mapping") -> list[tuple[str, Any]]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")
    if not all(isinstance(key, str) for key in value):
        raise TypeError(f"{name}: every key must be a str")
    return list(value.items())


#: Every option name (a TypedDict's annotations include its bases').
_KNOWN = frozenset(BodyRequestOptions.__annotations__)


def applied(runtime: Runtime, options: Mapping[str, Any], *, body_allowed: bool) -> Runtime:
    """`runtime` with a call's options applied (checked first: bad ones raise, naming them)."""
    unknown = sorted(set(options) - _KNOWN)
    if unknown or ("extra_body" in options and not body_allowed):
        name = unknown[0] if unknown else "extra_body"
        allowed = sorted(_KNOWN if body_allowed else _KNOWN - {"extra_body"})
        why, hint = "this method sends no body", ""
        if name != "extra_body":
            import difflib  # only when a call went wrong

            why = "not a parameter of this method, nor a request option"
            if close := difflib.get_close_matches(name, allowed, n=1):
                hint = f"; did you mean {close[0]!r}?"
        raise TypeError(
            f"unexpected keyword argument {name!r} ({why}; the request options are "
            f"{', '.join(allowed)}){hint}"
        )
    changes: dict[str, Any] = {}
    if "timeout" in options:
        changes["timeout"] = timeout(options["timeout"])
    if "max_retries" in options:
        changes["policy"] = RetryPolicy(max_retries=max_retries(options["max_retries"]))
    if "extra_headers" in options:
        extra = headers(options["extra_headers"], "extra_headers")
        replaced = {name.lower() for name, _ in extra}  # in any case: the call's value wins
        kept = tuple(pair for pair in runtime.headers if pair[0].lower() not in replaced)
        changes["headers"] = kept + extra
    if "extra_query" in options:  # values a URL can carry
        pairs = _pairs(options["extra_query"], "extra_query")
        for key, item in pairs:
            if not isinstance(item, str | int | float | bool):
                raise TypeError(f"extra_query[{key!r}]: expected str, int, float or bool")
        params = {key: v.plain(item) for key, item in pairs}  # a subclass's str() may differ
        v.json_value(params, "extra_query")
        changes["query"] = {**runtime.query, **params}
    if "extra_body" in options:
        fields = dict(_pairs(options["extra_body"], "extra_body"))
        v.json_value(fields, "extra_body")
        changes["body"] = {**runtime.body, **fields}
    return dataclasses.replace(runtime, **changes)


def api_key(value: object, source: str) -> str:
    """The API key from `value` (of `source`: `api_key` or the environment variable), stripped:
    printable ASCII with no whitespace inside. Errors name `source`, never quote the key."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(
            f"api_key: missing; pass api_key=... or set the {C.API_KEY_ENV} environment variable"
        )
    if not isinstance(value, str):
        raise TypeError(f"{source}: expected the API key as a str, got {type(value).__name__}")
    key = value.strip()
    for place, char in enumerate(key, 1):
        if not "!" <= char <= "~":
            raise ValueError(
                f"{source}: the API key must be printable ASCII without whitespace inside; "
                f"character {place} is {_kind(char)} (the key is not shown)"
            )
    return key


def _kind(char: str) -> str:
    if char in "\r\n":
        return "a line break"
    if char.isspace():
        return "whitespace"
    if char < " " or char == "\x7f":
        return "a control character"
    return "not ASCII"


#: What a base URL may be.
_URL_RULE = (
    "an http(s) URL with a host, and no query, fragment or credentials "
    f"(such as {C.DEFAULT_BASE_URL})"
)


def base_url(value: object, source: str) -> str:
    """The API root from `value` (of `source`: `base_url` or the environment variable),
    stripped of whitespace and trailing slashes, scheme and host in lowercase. A query or
    fragment (mid-URL in every request) and credentials are refused; a URL with an '@' is not
    shown in errors (it may hold a password)."""
    if not isinstance(value, str):
        raise TypeError(f"{source}: expected {_URL_RULE}, got {type(value).__name__}")
    text = value.strip()
    shown = "the URL (not shown: it has an '@')" if "@" in text else repr(text)

    def refused(why: str) -> ValueError:
        return ValueError(f"{source}: expected {_URL_RULE}; {shown} {why}")

    if any(not char.isprintable() or char.isspace() for char in text):
        raise refused("has whitespace or a control character inside")
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise refused(
            "is not a valid URL" if "@" in text else f"is not a valid URL: {exc}"
        ) from None
    if url.scheme not in ("http", "https"):
        raise refused(f"has the scheme {url.scheme!r}" if url.scheme else "has no scheme")
    if url.userinfo:
        raise refused("has credentials (user:password@); the key goes in api_key")
    try:
        host = url.host
    except ValueError:  # idna's IDNAError: an `xn--` label that is not valid punycode
        raise refused("has a host name that is not valid (IDNA)") from None
    if not host:
        raise refused("has no host")
    if url.port is not None and not 1 <= url.port <= 65535:
        raise refused(f"has the port {url.port} (allowed 1..65535)")
    if "?" in text or url.query:
        raise refused("has a query")
    if "#" in text or url.fragment:
        raise refused("has a fragment")
    return str(url).rstrip("/")


def user_agent(value: object) -> str:
    """The User-Agent header: ours, then the user's product token(s) (`user_agent=`, checked:
    1..200 printable ASCII characters) if any."""
    if value is None:
        return BASE_USER_AGENT
    if not isinstance(value, str):
        raise TypeError(
            f"user_agent: expected a str like 'my-service/1.4', got {type(value).__name__}"
        )
    token = value.strip()
    if not token or len(token) > 200 or not all(" " <= ch <= "~" for ch in token):
        raise ValueError(
            "user_agent: expected 1..200 printable ASCII characters like 'my-service/1.4', "
            f"got {value!r}"
        )
    return f"{BASE_USER_AGENT} {token}"
