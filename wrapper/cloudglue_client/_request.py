"""The request core, which every request goes through.

An `Exchange` is one API call as a retry loop of `Send` and `Sleep` steps (`_retry`) that ends
in the 2xx answer or a typed error; the runners drive such loops (image downloads bring their
own) on a transport (`_wire`). Every attempt is bounded as a whole (`_attempt`), reads its body
within a size limit (`_bodies`), follows no redirect, ends with ClientClosedError once the
client is closed (`_lifecycle`), and turns whatever the transport raises into a CloudglueError.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Generator, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import httpx

from . import _clock, _forksafe, _hints
from ._attempt import Attempt
from ._bodies import ACCEPT_ENCODING, BodyReader
from ._hooks import OnRetry, RetryEvent
from ._lifecycle import Lifecycle
from ._logging import logger
from ._response import APIResponse
from ._retry import RetryPolicy, Send, Sleep, parse_retry_after
from ._wire import Origin, WireRequest
from .errors import (
    MESSAGE_LIMIT,
    REDIRECTS,
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    CloudglueError,
    status_error,
)


@functools.cache
def failure_kinds() -> tuple[tuple[type[Exception], ...], ...]:
    """What transports (httpx for a user's client, httpcore for ours) raise without a complete
    response: everything, the timeouts, and failures before the request was sent."""
    import httpcore

    everything = (
        httpx.HTTPError,
        httpcore.TimeoutException,
        httpcore.NetworkError,
        httpcore.ProtocolError,
        httpcore.ProxyError,
        httpcore.UnsupportedProtocol,
    )
    timeouts = (httpx.TimeoutException, httpcore.TimeoutException)
    not_sent = (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.PoolTimeout,
        httpcore.ConnectError,
        httpcore.ConnectTimeout,
        httpcore.PoolTimeout,
    )
    return everything, timeouts, not_sent


class CallbackFailed(Exception):
    """Carries a callback's exception (an upload's on_progress) past the transport, which
    would take it for a transport failure; the retry loop raises `error`."""

    def __init__(self, error: Exception) -> None:
        super().__init__(f"{type(error).__name__} in a callback")
        self.error = error


class NotResendable(CloudglueError):
    """A retry would resend a body that cannot seek back: the failure retried is raised."""


@dataclass
class RequestStats:
    """Counters of one client (shared by its copies); thread-safe."""

    requests: int = 0
    retries: int = 0
    _lock: _forksafe.Lock = field(default_factory=_forksafe.Lock, repr=False)

    def count(self, *, retry: bool) -> None:
        """Record one attempt."""
        with self._lock:
            self.requests += 1
            if retry:
                self.retries += 1


@dataclass(frozen=True)
class Runtime:
    """Per-client settings every request needs. The key is kept out of repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    policy: RetryPolicy
    stats: RequestStats
    on_retry: OnRetry | None
    user_agent: str
    lifecycle: Lifecycle = field(compare=False)
    max_response_bytes: int
    #: Added to every API request (default_headers and per-request options).
    headers: tuple[tuple[str, str], ...]
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    origin: Origin = field(init=False, compare=False)
    base_path: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        url = httpx.URL(self.base_url)
        object.__setattr__(self, "origin", Origin.of(url))
        object.__setattr__(self, "base_path", url.raw_path.decode("ascii").rstrip("/"))

    def redact(self, text: str) -> str:
        """`text` without the API key."""
        return text.replace(self.api_key, "[redacted]") if self.api_key else text


@dataclass(eq=False)
class Exchange:
    """One logical API call: its attempts, their outcomes, and when to retry."""

    runtime: Runtime
    operation: str
    _: KW_ONLY
    idempotent: bool
    #: No attempt or retry runs past this monotonic time (a wait's deadline), if set.
    deadline: float | None = None
    #: An API call (base URL hints, full URLs in messages), not an image (URLs shown without
    #: their query, which may carry a signature).
    api: bool = True
    #: The asked id, which a 2xx body must hold, or its attempt is aborted before its
    #: connection goes back to the pool (a mixed-up answer: `Call.parse` raises).
    identity: bytes | None = None
    attempt: int = field(default=0, init=False)
    #: The last attempt made (its sockets, to end a connection that proved wrong).
    attempt_state: Attempt | None = field(default=None, init=False)
    out_of_time: bool = field(default=False, init=False)

    def steps(self, kwargs: Mapping[str, Any]) -> Generator[Send | Sleep, Any, APIResponse]:
        """The retry loop for the generated request kwargs; returns the 2xx answer."""
        lifecycle = self.runtime.lifecycle
        retrying: CloudglueError | None = None  # the failure the attempt under way retries
        while True:
            lifecycle.check(in_flight=self.attempt > 0)
            send = self.prepare(kwargs)
            self.attempt_state = send.attempt
            started = _clock.monotonic()
            outcome = yield send
            if isinstance(outcome, APIResponse):
                ms = (_clock.monotonic() - started) * 1000
                request, status = send.request, outcome.status_code
                line = "%s %s -> %d in %.0f ms (attempt %d)"
                logger.info(line, request.method, request.target, status, ms, self.attempt)
                if 200 <= outcome.status_code < 300:
                    return outcome
            elif isinstance(outcome, CallbackFailed):
                raise outcome.error
            error, sent = self.failure(outcome, send)
            if sent is None:
                if isinstance(error, NotResendable) and retrying is not None:
                    raise retrying from error
                raise error from outcome
            lifecycle.check(in_flight=True)
            delay = self.retry_delay(error, sent=sent)
            if delay is None:
                if self.out_of_time and self.deadline is not None:
                    # No retry fits before the deadline: let it pass (the wait reports it).
                    yield Sleep(max(self.deadline - _clock.monotonic(), 0.0))
                raise error
            retrying = error
            yield Sleep(delay)

    def prepare(self, kwargs: Mapping[str, Any]) -> Send:
        """The next attempt: target, auth, identity, and its clock (an upload's starts once
        the body is sent, which a trace extension tells)."""
        rt = self.runtime
        params = kwargs.get("params")
        if rt.query:
            params = {**(params or {}), **rt.query}
        target = rt.base_path + str(kwargs["url"]) + _query(params)
        headers = [
            ("Authorization", f"Bearer {rt.api_key}"),
            ("User-Agent", rt.user_agent),
            ("Accept-Encoding", ACCEPT_ENCODING),
            *(kwargs.get("headers") or {}).items(),
            *rt.headers,
        ]
        body = {key: kwargs[key] for key in ("json", "files", "data", "content") if key in kwargs}
        if rt.body and isinstance(body.get("json"), dict):  # extra_body joins the JSON object,
            body["json"] = {**body["json"], **rt.body}
        elif rt.body and "files" in body:  # or an upload's form, beside its file
            kept = [part for part in body["files"] if part[0] not in rt.body]
            extra = [
                (name, (None, _form_text(value), "text/plain")) for name, value in rt.body.items()
            ]
            body["files"] = [*kept, *extra]
        uploading = "files" in body
        attempt = Attempt(rt.timeout, self.deadline, started=not uploading)
        extensions: dict[str, Any] = {"timeout": attempt.timeouts}
        if uploading:
            extensions["trace"] = attempt.trace
        rt.stats.count(retry=self.attempt > 0)
        method = str(kwargs["method"]).upper()
        request = WireRequest(method, rt.origin, target, headers, body, extensions)
        return Send(request, attempt, self.reader)

    def reader(self, status: int, raw_headers: list[tuple[bytes, bytes]]) -> BodyReader:
        """How an API response body is read: whole, within max_response_bytes."""
        reader = BodyReader(
            raw_headers, limit=self.runtime.max_response_bytes, operation=self.operation
        )
        if self.identity is not None and 200 <= status < 300 and self.attempt_state is not None:
            reader.expect = (self.identity, self.attempt_state.abort)
        return reader

    def failure(self, outcome: object, send: Send) -> tuple[CloudglueError, bool | None]:
        """The typed error of a failed attempt, and whether its request was sent: True, False
        (surely not), or None when the call must end now (client closed, our own error, a
        refused certificate, or what no transport should raise)."""
        method, url = send.request.method, send.request.url
        if not self.api:
            url = str(httpx.URL(url).copy_with(query=None, fragment=None))
        if isinstance(outcome, APIResponse):
            hint = ""
            if outcome.status_code == 404 and self.api:
                hint = _hints.not_found(outcome.content, self.runtime.base_url)
            elif outcome.status_code == 401 and self.api:
                hint = _hints.unauthorized()
            retry_after = parse_retry_after(outcome.headers.get("retry-after"))
            return status_error(
                outcome, url=url, retry_after=retry_after, hint=hint, redact=self.runtime.redact
            ), True
        assert isinstance(outcome, Exception), "an attempt ends with a response or an error"
        if self.runtime.lifecycle.closed:
            return ClientClosedError(in_flight=True), None
        name = type(outcome).__name__
        everything, timeouts, not_sent = failure_kinds()
        if not isinstance(outcome, everything):
            if isinstance(outcome, CloudglueError):
                return outcome, None
            logger.info("%s %s failed unexpectedly: %s", method, url, name)
            detail = self.runtime.redact(str(outcome))[:MESSAGE_LIMIT] or "no detail"
            return APIConnectionError(f"{name}: {detail}", method=method, url=url), None
        logger.info("%s %s failed: %s (attempt %d)", method, url, name, self.attempt)
        kind = APITimeoutError if isinstance(outcome, timeouts) else APIConnectionError
        detail = self.runtime.redact(str(outcome)) or "no detail"
        if kind is APITimeoutError and send.attempt.expired():
            detail = send.attempt.expired_message()
        elif self.api and isinstance(outcome, not_sent):
            detail += _hints.connect_failed(outcome, self.runtime.base_url)
        error = kind(f"{name}: {detail}", method=method, url=url)
        if _hints.certificate_refused(outcome):
            return error, None
        return error, not isinstance(outcome, not_sent)

    def retry_delay(self, error: CloudglueError, *, sent: bool) -> float | None:
        """Seconds to wait before trying again, or None to raise `error`."""
        delay = self.runtime.policy.delay_for(
            error, self.attempt, idempotent=self.idempotent, sent=sent
        )
        if delay is None:
            return None
        if self.deadline is not None and _clock.monotonic() + delay >= self.deadline:
            self.out_of_time = True
            return None
        self.attempt += 1
        name = type(error).__name__
        logger.info("%s: retry %d in %.2fs after %s", self.operation, self.attempt, delay, name)
        if self.runtime.on_retry is not None:
            self.runtime.on_retry(RetryEvent(self.operation, self.attempt, delay, error))
        return delay


def is_redirect(received: APIResponse) -> bool:
    """True for a redirect status with a Location header."""
    return received.status_code in REDIRECTS and "location" in received.headers


def _form_text(value: Any) -> bytes:
    """A form field's text: strings as they are, anything else as JSON."""
    return (value if isinstance(value, str) else json.dumps(value, allow_nan=False)).encode()


def _query(params: object) -> str:
    """`?a=1&b=2` for the query parameters, "" for none; plain integers under plain names
    are written as httpx would, without it."""
    if not isinstance(params, dict) or not params:
        return ""
    if all(type(value) is int and name.isidentifier() for name, value in params.items()):
        return "?" + "&".join(f"{name}={value}" for name, value in params.items())
    return "?" + str(httpx.QueryParams(params))
