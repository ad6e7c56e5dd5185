"""One logical API call over httpx: auth, timeout, typed errors, retries and logging.

`Exchange` holds everything both flavours share, including the retry loop itself
(`Exchange.attempts`, a generator of steps); `SyncSender` and `AsyncSender` only perform the
steps (send, or sleep) with blocking or awaiting I/O. They are what the generated `*_detailed`
functions see as their `client` (they only ever call `client.get_httpx_client().request(...)`).

Async requests pass a per-client gate as wide as the connection pool before they reach httpx:
httpcore re-scans every queued request against every connection on each request start and
end, so 200 requests gathered at once on a 32-connection pool cost O(200 x 32) per event:
the largest share of the client's CPU when waiting on 200 jobs (4.4 s of CPU for 200 jobs
before, about 2 s after). Waiting at the gate is O(1); the pool timeout still bounds it.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import AsyncIterator, Generator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from . import _clock, _hints
from . import _constants as C
from ._hooks import OnRetry, RetryEvent
from ._identity import BASE_USER_AGENT
from ._logging import logger
from ._retry import RetryPolicy, parse_retry_after
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CloudglueError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
)

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

#: What the retry loop asks a sender to do: send these request kwargs, or sleep this long.
Step = dict[str, Any] | float
#: What a sender reports back: the response, the transport error, or None after a sleep.
Outcome = httpx.Response | httpx.HTTPError | None
_MESSAGE_LIMIT = 300


@dataclass
class RequestStats:
    """Counters of one client (shared by its copies); thread-safe."""

    requests: int = 0
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, *, retry: bool) -> None:
        """Record one attempt."""
        with self._lock:
            self.requests += 1
            if retry:
                self.retries += 1


@dataclass(frozen=True)
class Runtime:
    """Per-client settings every call needs. The key is kept out of repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    policy: RetryPolicy
    stats: RequestStats
    on_retry: OnRetry | None = None
    user_agent: str = BASE_USER_AGENT


class Exchange:
    """The shared core of one logical call: request preparation, outcome classification."""

    def __init__(self, runtime: Runtime, operation: str, *, idempotent: bool) -> None:
        self.runtime = runtime
        self.operation = operation
        self.idempotent = idempotent
        self.attempt = 0
        self.got_response = False
        self._offsets: dict[int, int] = {}

    def prepare(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """Absolute URL, bearer auth and timeout added to the generated request kwargs."""
        prepared = dict(kwargs)
        prepared["url"] = self.runtime.base_url + str(kwargs["url"])
        headers = dict(kwargs.get("headers") or {})
        headers["Authorization"] = f"Bearer {self.runtime.api_key}"
        headers["User-Agent"] = self.runtime.user_agent
        prepared["headers"] = headers
        prepared["timeout"] = self.runtime.timeout
        self._rewind(prepared.get("files"))
        self.runtime.stats.count(retry=self.attempt > 0)
        return prepared

    def on_response(self, response: httpx.Response, started: float) -> CloudglueError | None:
        """Log the response; return the typed error for a non-2xx, or None."""
        self._log(response.request.method, response.request.url, response.status_code, started)
        if response.is_success:
            # Only now can a failure be the body's fault (not, say, an on_retry hook's).
            self.got_response = True
            return None
        return self.status_error(response)

    def on_exception(self, exc: httpx.HTTPError, method: str, url: str) -> CloudglueError:
        """Typed error for a transport failure."""
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        logger.info("%s %s failed: %s (attempt %d)", method, url, type(exc).__name__, self.attempt)
        return kind(
            f"{type(exc).__name__}: {self._redact(str(exc)) or 'no detail'}", method=method, url=url
        )

    def retry_delay(self, error: CloudglueError, *, sent: bool) -> float | None:
        """Seconds to wait before trying again, or None to raise `error`."""
        delay = self.runtime.policy.delay_for(
            error, self.attempt, idempotent=self.idempotent, sent=sent
        )
        if delay is not None:
            self.attempt += 1
            logger.info(
                "%s: retry %d in %.2fs after %s",
                self.operation,
                self.attempt,
                delay,
                type(error).__name__,
            )
            if self.runtime.on_retry is not None:
                self.runtime.on_retry(RetryEvent(self.operation, self.attempt, delay, error))
        return delay

    def attempts(self, kwargs: Mapping[str, Any]) -> Generator[Step, Outcome, httpx.Response]:
        """The retry loop as steps, for both senders to drive.

        Yields the request kwargs to send (and receives the response or the transport error),
        or a delay in seconds to sleep (and receives None). Returns the final 2xx response, or
        raises the typed error when no retry is left or allowed.
        """
        while True:
            prepared = self.prepare(kwargs)
            started = _clock.monotonic()
            outcome = yield prepared
            if isinstance(outcome, httpx.Response):
                error = self.on_response(outcome, started)
                if error is None:
                    return outcome
                sent = True
            else:
                assert outcome is not None, "a sent request needs a response or an error"
                error = self.on_exception(outcome, prepared["method"].upper(), prepared["url"])
                sent = self.is_sent(outcome)
            delay = self.retry_delay(error, sent=sent)
            if delay is None:
                raise error
            yield delay

    def status_error(self, response: httpx.Response) -> APIStatusError:
        """The APIStatusError subclass for a non-2xx response."""
        status = response.status_code
        kind = _STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
        message = _server_message(response)
        if status == 404:
            message += _hints.not_found(response, self.runtime.base_url)
        return kind(
            self._redact(message),
            status_code=status,
            method=response.request.method,
            url=str(response.request.url),
            headers={k: v for k, v in response.headers.items() if k.lower() != "set-cookie"},
            retry_after=parse_retry_after(response.headers.get("retry-after")),
        )

    def is_sent(self, exc: httpx.HTTPError) -> bool:
        """False when the request surely never reached the server."""
        return not isinstance(exc, _NOT_SENT)

    def _rewind(self, files: Any) -> None:
        # A retried multipart upload must send the file from its start again.
        for _, part in files or ():
            stream = part[1] if isinstance(part, tuple) else None
            if stream is None or not hasattr(stream, "seek"):
                continue
            key = id(stream)
            if key not in self._offsets:
                self._offsets[key] = stream.tell()
            else:
                stream.seek(self._offsets[key])

    def _redact(self, text: str) -> str:
        key = self.runtime.api_key
        return text.replace(key, "[redacted]") if key else text

    def _log(self, method: str, url: httpx.URL, status: int, started: float) -> None:
        elapsed_ms = (_clock.monotonic() - started) * 1000
        logger.info(
            "%s %s -> %d in %.0f ms (attempt %d)",
            method,
            url.raw_path.decode(),
            status,
            elapsed_ms,
            self.attempt,
        )


def _server_message(response: httpx.Response) -> str:
    """The `error` of an Error body, else a short description of what came back."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])[:_MESSAGE_LIMIT]
    ctype = response.headers.get("content-type", "no content type")
    if not response.content:
        return f"empty body ({ctype})"
    if "json" in ctype and body is not None:
        return response.text[:_MESSAGE_LIMIT]
    return f"non-JSON body ({ctype}, {len(response.content)} bytes)"


class SyncSender:
    """What a generated sync function uses as its client, for one logical call."""

    raise_on_unexpected_status = False

    def __init__(self, http: httpx.Client, exchange: Exchange) -> None:
        self.http = http
        self.exchange = exchange

    def get_httpx_client(self) -> SyncSender:
        """The generated code asks for an httpx client; this object quacks like one."""
        return self

    def request(self, **kwargs: Any) -> httpx.Response:
        """Send with retries; return a 2xx response or raise a CloudglueError."""
        steps = self.exchange.attempts(kwargs)
        try:
            step = next(steps)
            while True:
                if isinstance(step, float):
                    _clock.sleep(step)
                    step = steps.send(None)
                    continue
                try:
                    outcome: Outcome = self.http.request(**step)
                except httpx.HTTPError as exc:
                    outcome = exc
                step = steps.send(outcome)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


if TYPE_CHECKING:
    import asyncio

# asyncio is imported where used, not at the top: a sync-only program never loads it (and an
# async one has loaded it already), which keeps `import cloudglue_client` lighter.
_gates: weakref.WeakKeyDictionary[
    httpx.AsyncClient, tuple[asyncio.AbstractEventLoop, asyncio.Semaphore]
] = weakref.WeakKeyDictionary()


def _pool_size(http: httpx.AsyncClient) -> int:
    """The client's max connections (our default if its transport does not say)."""
    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    size = getattr(pool, "_max_connections", None)
    return size if isinstance(size, int) and size > 0 else C.DEFAULT_LIMITS.max_connections or 32


def _gate(http: httpx.AsyncClient) -> asyncio.Semaphore:
    """The semaphore of `http` on the running loop (a client may outlive a loop)."""
    import asyncio

    loop = asyncio.get_running_loop()
    entry = _gates.get(http)
    if entry is None or entry[0] is not loop:
        entry = (loop, asyncio.Semaphore(_pool_size(http)))
        _gates[http] = entry
    return entry[1]


@asynccontextmanager
async def _admitted(http: httpx.AsyncClient, timeout: httpx.Timeout) -> AsyncIterator[None]:
    """Hold one of the pool-sized slots of `http`; httpx.PoolTimeout if none frees in time."""
    import asyncio

    gate = _gate(http)
    if gate.locked():
        try:
            async with asyncio.timeout(timeout.pool):
                await gate.acquire()
        except TimeoutError:
            raise httpx.PoolTimeout("no connection slot freed within the pool timeout") from None
    else:
        await gate.acquire()
    try:
        yield
    finally:
        gate.release()


class AsyncSender:
    """What a generated asyncio function uses as its client, for one logical call."""

    raise_on_unexpected_status = False

    def __init__(self, http: httpx.AsyncClient, exchange: Exchange) -> None:
        self.http = http
        self.exchange = exchange

    def get_async_httpx_client(self) -> AsyncSender:
        """The generated code asks for an httpx client; this object quacks like one."""
        return self

    async def request(self, **kwargs: Any) -> httpx.Response:
        """Send with retries; return a 2xx response or raise a CloudglueError."""
        steps = self.exchange.attempts(kwargs)
        try:
            step = next(steps)
            while True:
                if isinstance(step, float):
                    await _clock.async_sleep(step)
                    step = steps.send(None)
                    continue
                try:
                    async with _admitted(self.http, self.exchange.runtime.timeout):
                        outcome: Outcome = await self.http.request(**step)
                except httpx.HTTPError as exc:
                    outcome = exc
                step = steps.send(outcome)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
