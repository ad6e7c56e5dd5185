"""One logical API call over httpx: auth, timeout, typed errors, retries and logging.

`Exchange` holds everything both flavours share, including the retry loop itself
(`Exchange.attempts`, a generator of steps); `SyncSender` and `AsyncSender` only perform the
steps (send, or sleep) with blocking or awaiting I/O. They are what the generated `*_detailed`
functions see as their `client` (they only ever call `client.get_httpx_client().request(...)`).

Every attempt is bounded as a whole (`_deadlines.AttemptClock`), reads its body with a size
limit (`_bodies`), never follows a redirect, and ends with ClientClosedError, never retried,
once the client is closed (`_lifecycle`). Anything unexpected from the transport becomes an
APIConnectionError: a client call raises nothing but CloudglueError (or ValueError/TypeError
for bad arguments, and KeyboardInterrupt/cancellation).

Async requests pass a per-client gate as wide as the connection pool before they reach httpx:
httpcore re-scans every queued request against every connection on each request start and
end, so 200 requests gathered at once on a 32-connection pool cost O(200 x 32) per event:
the largest share of the client's CPU when waiting on 200 jobs (4.4 s of CPU for 200 jobs
before, about 2 s after). Waiting at the gate is O(1); the pool timeout still bounds it.
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections.abc import AsyncIterator, Generator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from . import _clock, _direct, _hints
from . import _constants as C
from ._bodies import ACCEPT_ENCODING, BodyReader, body_headers, decoded_response
from ._deadlines import CURRENT, AttemptClock, attempt_budget
from ._hooks import OnRetry, RetryEvent
from ._identity import BASE_USER_AGENT
from ._lifecycle import Lifecycle
from ._logging import logger
from ._retry import RetryPolicy, parse_retry_after
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
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
#: What a sender reports back: the response, the exception the attempt ended with (a transport
#: error, a CloudglueError such as an oversized body, or anything unexpected), or None after
#: a sleep.
Outcome = httpx.Response | _direct.Reply | Exception | None
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
    lifecycle: Lifecycle = field(default_factory=Lifecycle, compare=False)
    max_response_bytes: int = C.DEFAULT_MAX_RESPONSE_BYTES


class Exchange:
    """The shared core of one logical call: request preparation, outcome classification."""

    def __init__(
        self,
        runtime: Runtime,
        operation: str,
        *,
        idempotent: bool,
        deadline: float | None = None,
    ) -> None:
        self.runtime = runtime
        self.operation = operation
        self.idempotent = idempotent
        #: No attempt or retry runs past this monotonic time (a wait's deadline), if set.
        self.deadline = deadline
        self.attempt = 0
        self.got_response = False
        self.out_of_time = False
        # Each attempt's clock is made by prepare(); until then, none is running.
        self.clock = AttemptClock(attempt_budget(runtime.timeout), None, started=False)
        self._offsets: dict[int, int] = {}

    def prepare(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """Absolute URL, bearer auth and timeout added to the generated request kwargs.

        Also starts this attempt's clock: now, or for an upload once its body is sent.
        """
        prepared = dict(kwargs)
        prepared["url"] = self.runtime.base_url + str(kwargs["url"])
        query = _simple_query(kwargs.get("params"))
        if query is not None:  # one URL parse in httpx instead of a parse, a merge and another
            prepared["url"] += query
        if query is not None or not prepared.get("params", True):
            prepared.pop("params", None)  # written into the URL, or empty
        headers = dict(kwargs.get("headers") or {})
        headers["Authorization"] = f"Bearer {self.runtime.api_key}"
        headers["User-Agent"] = self.runtime.user_agent
        headers["Accept-Encoding"] = ACCEPT_ENCODING
        prepared["headers"] = headers
        self.clock = AttemptClock(
            self.clock.budget, self.deadline, started=not self.uploading(prepared)
        )
        prepared["timeout"] = self.clock.capped(self.runtime.timeout)
        self._rewind(prepared.get("files"))
        self.runtime.stats.count(retry=self.attempt > 0)
        return prepared

    @staticmethod
    def uploading(prepared: Mapping[str, Any]) -> bool:
        """True for a request with a file body (its clock starts once the body is sent)."""
        return bool(prepared.get("files"))

    def read_body(self, raw_headers: list[tuple[bytes, bytes]]) -> BodyReader:
        """A size-limited reader for the body of a response with these (raw) headers."""
        return BodyReader(
            *body_headers(raw_headers),
            limit=self.runtime.max_response_bytes,
            operation=self.operation,
        )

    def on_response(
        self, response: httpx.Response | _direct.Reply, method: str, url: str, started: float
    ) -> CloudglueError | None:
        """Log the response; return the typed error for a non-2xx, or None."""
        self._log(method, url, response.status_code, started)
        if isinstance(response, _direct.Reply) or response.is_success:
            # Only now can a failure be the body's fault (not, say, an on_retry hook's).
            self.got_response = True
            return None
        return self.status_error(response)

    def on_exception(self, exc: httpx.HTTPError, method: str, url: str) -> CloudglueError:
        """Typed error for a transport failure."""
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        logger.info("%s %s failed: %s (attempt %d)", method, url, type(exc).__name__, self.attempt)
        detail = self._redact(str(exc)) or "no detail"
        if kind is APITimeoutError and self.clock.expired():
            detail = self.clock.expired_message()
        return kind(f"{type(exc).__name__}: {detail}", method=method, url=url)

    def on_other(self, exc: Exception, method: str, url: str) -> CloudglueError:
        """The error for an attempt that ended in anything but an httpx error (never retried).

        ClientClosedError once the client is closed; our own errors (an oversized body) as
        they are; anything else (a transport's RuntimeError) as an APIConnectionError.
        """
        if self.runtime.lifecycle.closed:
            return ClientClosedError(in_flight=True)
        if isinstance(exc, CloudglueError):
            return exc
        # Not an httpx error: a transport or event-loop failure this client did not expect.
        logger.info("%s %s failed unexpectedly: %s", method, url, type(exc).__name__)
        detail = self._redact(str(exc))[:_MESSAGE_LIMIT] or "no detail"
        return APIConnectionError(f"{type(exc).__name__}: {detail}", method=method, url=url)

    def retry_delay(self, error: CloudglueError, *, sent: bool) -> float | None:
        """Seconds to wait before trying again, or None to raise `error`."""
        delay = self.runtime.policy.delay_for(
            error, self.attempt, idempotent=self.idempotent, sent=sent
        )
        if delay is not None and self._past_deadline(delay):
            self.out_of_time = True
            delay = None
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

    def attempts(
        self, kwargs: Mapping[str, Any]
    ) -> Generator[Step, Outcome, httpx.Response | _direct.Reply]:
        """The retry loop as steps, for both senders to drive.

        Yields the request kwargs to send (and receives the response or the transport error),
        or a delay in seconds to sleep (and receives None). Returns the final 2xx response, or
        raises the typed error when no retry is left or allowed.
        """
        while True:
            self.runtime.lifecycle.check(in_flight=self.attempt > 0)
            prepared = self.prepare(kwargs)
            started = _clock.monotonic()
            outcome = yield prepared
            method = prepared["method"].upper()
            if isinstance(outcome, (httpx.Response, _direct.Reply)):
                error = self.on_response(outcome, method, prepared["url"], started)
                if error is None:
                    return outcome
                sent = True
            elif isinstance(outcome, httpx.HTTPError) and not self.runtime.lifecycle.closed:
                error = self.on_exception(outcome, method, prepared["url"])
                sent = self.is_sent(outcome)
            else:
                assert outcome is not None, "a sent request needs a response or an error"
                raise self.on_other(outcome, method, prepared["url"]) from outcome
            self.runtime.lifecycle.check(in_flight=True)  # closed meanwhile: no retry
            delay = self.retry_delay(error, sent=sent)
            if delay is None:
                if self.out_of_time:
                    # No retry fits before the deadline: let the deadline pass (a wait then
                    # reports its own timeout), then raise.
                    yield max(self.deadline - _clock.monotonic(), 0.0)  # type: ignore[operator]
                raise error
            yield delay

    def status_error(self, response: httpx.Response) -> APIStatusError:
        """The APIStatusError subclass for a non-2xx response (redirects too: never followed)."""
        status = response.status_code
        kind = _STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
        if response.is_redirect:
            location = response.headers.get("location", "")[:_MESSAGE_LIMIT]
            message = f"redirect to {location!r} not followed (the API does not redirect)"
        else:
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

    def _past_deadline(self, delay: float) -> bool:
        return self.deadline is not None and _clock.monotonic() + delay >= self.deadline

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

    def _log(self, method: str, url: str, status: int, started: float) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        elapsed_ms = (_clock.monotonic() - started) * 1000
        logger.info(
            "%s %s -> %d in %.0f ms (attempt %d)",
            method,
            httpx.URL(url).raw_path.decode(),
            status,
            elapsed_ms,
            self.attempt,
        )


def _simple_query(params: object) -> str | None:
    """`?a=1&b=2` for params that are all plain integers under plain names, else None.

    Such a query is written the same by httpx (names and digits need no escaping); anything
    else is left to httpx's `params=`.
    """
    if not isinstance(params, dict) or not params:
        return None
    parts = []
    for name, value in params.items():
        if type(value) is not int or not (isinstance(name, str) and name.isascii()):
            return None
        if not name.isidentifier():
            return None
        parts.append(f"{name}={value}")
    return "?" + "&".join(parts)


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


def _build(
    http: httpx.Client | httpx.AsyncClient, step: Mapping[str, Any], trace: Any
) -> httpx.Request:
    """The request of one attempt; `trace` (if any) starts an upload's clock."""
    return http.build_request(**step, extensions={"trace": trace} if trace else None)


def _route(
    connections: SyncConnections | AsyncConnections,
    http: httpx.Client | httpx.AsyncClient,
    exchange: Exchange,
    step: Mapping[str, Any],
) -> _direct.Route | None:
    """The direct route for this attempt on a client we created, or None (see `_direct`)."""
    if connections.user is not None:
        return None
    return _direct.route(http, exchange.runtime.base_url, step)


class SyncSender:
    """What a generated sync function uses as its client, for one logical call."""

    raise_on_unexpected_status = False

    def __init__(self, connections: SyncConnections, exchange: Exchange) -> None:
        self.connections = connections
        self.exchange = exchange

    def get_httpx_client(self) -> SyncSender:
        """The generated code asks for an httpx client; this object quacks like one."""
        return self

    def request(self, **kwargs: Any) -> httpx.Response | _direct.Reply:
        """Send with retries; return a 2xx response or raise a CloudglueError."""
        steps = self.exchange.attempts(kwargs)
        lifecycle = self.exchange.runtime.lifecycle
        try:
            step = next(steps)
            while True:
                if isinstance(step, float):
                    lifecycle.sleep(step)
                    step = steps.send(None)
                    continue
                step = steps.send(self._attempt(step))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    def _attempt(self, step: dict[str, Any]) -> Outcome:
        """One attempt: send, read the body within the limit and the attempt's deadline."""
        clock = self.exchange.clock
        token = CURRENT.set(clock)  # the sockets of our own pool cap reads at it
        try:
            http = self.connections.client()
            route = _route(self.connections, http, self.exchange, step)
            if route is not None:
                return self._send_direct(route, step)
            request = _build(http, step, clock.trace if self.exchange.uploading(step) else None)
            response = http.send(request, stream=True, follow_redirects=False)
            try:
                reader = self.exchange.read_body(response.headers.raw)
                body = reader.already_read(response)
                if body is None:
                    for chunk in response.iter_raw():
                        reader.feed(chunk)
                        clock.check(request)
                    body = reader.finish()
                return decoded_response(response, body)
            finally:
                response.close()
        except Exception as exc:  # every outcome is classified by Exchange.attempts
            return exc
        finally:
            CURRENT.reset(token)

    def _send_direct(self, route: _direct.Route, step: Mapping[str, Any]) -> Outcome:
        """One attempt straight to the pool (see `_direct`); same outcomes as the httpx path."""
        clock = self.exchange.clock
        try:
            response = route.pool.handle_request(route.request(step["url"], step["timeout"]))
            try:
                reader = self.exchange.read_body(response.headers)
                for chunk in response.iter_stream():
                    reader.feed(chunk)
                    clock.check()
                body = reader.finish()
            finally:
                response.close()
        except Exception as exc:  # every outcome is classified by Exchange.attempts
            return _direct.translate(exc)
        return route.outcome(response.status, response.headers, body, step["url"])


if TYPE_CHECKING:
    import asyncio

    from ._connections import AsyncConnections, SyncConnections

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

    def __init__(self, connections: AsyncConnections, exchange: Exchange) -> None:
        self.connections = connections
        self.exchange = exchange

    def get_async_httpx_client(self) -> AsyncSender:
        """The generated code asks for an httpx client; this object quacks like one."""
        return self

    async def request(self, **kwargs: Any) -> httpx.Response | _direct.Reply:
        """Send with retries; return a 2xx response or raise a CloudglueError."""
        steps = self.exchange.attempts(kwargs)
        lifecycle = self.exchange.runtime.lifecycle
        try:
            step = next(steps)
            while True:
                if isinstance(step, float):
                    await lifecycle.async_sleep(step)
                    step = steps.send(None)
                    continue
                step = steps.send(await self._attempt(step))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    async def _attempt(self, step: dict[str, Any]) -> Outcome:
        """One attempt inside an asyncio.timeout at the attempt's deadline (close() fires it)."""
        import asyncio

        clock = self.exchange.clock
        try:
            http = await self.connections.client()
            loop = asyncio.get_running_loop()
            left = clock.remaining()
            async with asyncio.timeout_at(None if left is None else loop.time() + left) as scope:
                with self.exchange.runtime.lifecycle.watching(scope):
                    trace = None
                    if self.exchange.uploading(step):

                        async def trace(name: str, info: object) -> None:
                            if clock.deadline is None:  # the body is not sent yet
                                clock.trace(name, info)
                                if (left := clock.remaining()) is not None:
                                    scope.reschedule(loop.time() + left)

                    async with _admitted(http, self.exchange.runtime.timeout):
                        route = _route(self.connections, http, self.exchange, step)
                        if route is not None:
                            return await self._send_direct(route, step)
                        request = _build(http, step, trace)
                        response = await http.send(request, stream=True, follow_redirects=False)
                        try:
                            reader = self.exchange.read_body(response.headers.raw)
                            body = reader.already_read(response)
                            if body is None:
                                async for chunk in response.aiter_raw():
                                    reader.feed(chunk)
                                body = reader.finish()
                            return decoded_response(response, body)
                        finally:
                            await response.aclose()
        except TimeoutError:  # the attempt's whole deadline (or close) fired
            return httpx.ReadTimeout(clock.expired_message())
        except Exception as exc:  # every outcome is classified by Exchange.attempts
            return exc

    async def _send_direct(self, route: _direct.Route, step: Mapping[str, Any]) -> Outcome:
        """One attempt straight to the pool (see `_direct`); same outcomes as the httpx path."""
        try:
            request = route.request(step["url"], step["timeout"])
            response = await route.pool.handle_async_request(request)
            try:
                reader = self.exchange.read_body(response.headers)
                async for chunk in response.aiter_stream():
                    reader.feed(chunk)
                body = reader.finish()
            finally:
                await response.aclose()
        except Exception as exc:  # every outcome is classified by Exchange.attempts
            return _direct.translate(exc)
        return route.outcome(response.status, response.headers, body, step["url"])
