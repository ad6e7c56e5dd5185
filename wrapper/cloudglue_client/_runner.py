"""How a client runs what its resources describe: calls, pages, waits and retry loops.

Resources build `Call`s (arguments checked before any I/O) and hand them to a runner:
`SyncRunner` for `Cloudglue`, `AsyncRunner` for `AsyncCloudglue`. Each drives retry loops
(`_request`) on its transport, performing the attempts; they differ only in blocking or awaiting.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

import httpx

from ._attempt import CURRENT, Attempt
from ._options import applied
from ._pagination import Abandoned, AsyncPage, AsyncPager, PageData, SyncPage, never
from ._request import Exchange, Runtime
from ._response import APIResponse, record
from ._retry import Send, Sleep
from ._waiting import WaitState
from ._wire import AsyncTransport, SyncTransport
from .errors import APIResponseValidationError, redacted

if TYPE_CHECKING:
    import asyncio

    from cloudglue_openapi.types import Response


T = TypeVar("T")

#: (offset, limit) -> the call that fetches that page, and how to read the page out of it.
PageRequest = Callable[[int, int], tuple["Call[Any]", Callable[[Any], PageData[T]]]]


@dataclass(frozen=True)
class Call(Generic[T]):
    """One generated operation with its arguments and expected result type; its request and
    parse are the module's `_get_kwargs` and `_build_response` (codegen's endpoint template),
    so the I/O between is ours."""

    module: ModuleType
    expect: type[T]
    kwargs: dict[str, Any] = field(default_factory=dict)
    idempotent: bool = True
    #: (attribute, value): the id the answer must carry, being about what was asked.
    identity: tuple[str, str] | None = None

    @property
    def subject(self) -> str | None:
        """The id of what the call is about, if known."""
        return None if self.identity is None else self.identity[1]

    @property
    def name(self) -> str:
        """The operation's module name, e.g. `get_frame_extraction`."""
        return self.module.__name__.rsplit(".", 1)[-1]

    def exchange(self, runtime: Runtime, deadline: float | None) -> Exchange:
        """A fresh retry loop for this call."""
        asked = None if self.identity is None else self.identity[1].encode()
        return Exchange(
            runtime, self.name, idempotent=self.idempotent, deadline=deadline, identity=asked
        )

    def request(self) -> dict[str, Any]:
        """The generated request kwargs: method, URL, query and body."""
        return cast(dict[str, Any], self.module._get_kwargs(**self.kwargs))

    def parse(self, exchange: Exchange, received: APIResponse) -> T:
        """The parsed 2xx answer, checked to be the model expected and about what was asked;
        noted for `with_raw_response`. A parser that breaks means the body broke the contract."""
        try:
            response: Response[Any] = self.module._build_response(client=_PARSER, response=received)
        except Exception as exc:
            error = self._invalid(exchange, f"{type(exc).__name__}: {exc}", received)
            # The parser's error stays the cause unless its traceback would show the API key.
            shown = "".join(traceback.format_exception(exc))
            raise error from (exc if exchange.runtime.redact(shown) == shown else None)
        parsed = response.parsed
        if not isinstance(parsed, self.expect):
            status = int(response.status_code)
            got = f"got status {status} with {type(parsed).__name__}"
            raise self._invalid(exchange, f"expected {self.expect.__name__}, {got}", received)
        if self.identity is not None:
            # An answer about something else: answers got mixed up. The reader already dropped
            # the connection if the asked id was nowhere in the body (`Exchange.reader`).
            attribute, asked = self.identity
            about = getattr(parsed, attribute, None)
            if str(about) != asked:
                detail = f"the answer is about {attribute} {about}, not the {asked} asked for"
                if exchange.attempt_state is not None and exchange.attempt_state.aborted:
                    detail += " (the connection it came on is not used again)"
                raise self._invalid(exchange, detail, received)
        record(received)
        return parsed

    def _invalid(
        self, exchange: Exchange, detail: str, received: APIResponse
    ) -> APIResponseValidationError:
        """The error for an answer that broke the contract, without the API key."""
        redact = exchange.runtime.redact
        return APIResponseValidationError(
            redact(detail),
            operation=self.name,
            status_code=received.status_code,
            response=redacted(received, redact, received.url),
        )


#: What a generated `_build_response` reads of its `client`: only this flag.
_PARSER = SimpleNamespace(raise_on_unexpected_status=False)


X = TypeVar("X")  # the transport


@dataclass(eq=False)
class _Runner(Generic[X]):
    """What both runners hold: settings, transport and default prefetch."""

    runtime: Runtime
    transport: X
    prefetch: int

    def using(self, options: Mapping[str, Any], *, body: bool = False) -> Self:
        """This runner with one call's options applied (checked before anything is sent)."""
        return replace(self, runtime=applied(self.runtime, options, body_allowed=body))


class SyncRunner(_Runner[SyncTransport]):
    """Runs calls, pages, waits and retry loops of a `Cloudglue` client."""

    def run(self, call: Call[T], deadline: float | None = None) -> T:
        """Make the call (with retries); no attempt runs past `deadline`."""
        return self.receive(call, deadline)()

    def receive(
        self,
        call: Call[T],
        deadline: float | None = None,
        abandoned: Callable[[], bool] = never,
    ) -> Callable[[], T]:
        """Make the call's I/O (with retries); return how to parse the answer. A retry whose
        result is no longer wanted (`abandoned()`) raises `Abandoned` instead."""
        lifecycle = self.runtime.lifecycle

        def sleep(seconds: float) -> None:
            if abandoned():
                raise Abandoned
            lifecycle.sleep(seconds)
            if abandoned():
                raise Abandoned

        exchange = call.exchange(self.runtime, deadline)
        received = self.drive(exchange.steps(call.request()), sleep)
        return lambda: call.parse(exchange, received)

    def drive(
        self, steps: Generator[Send | Sleep, Any, Any], sleep: Callable[[float], None]
    ) -> Any:
        """Run a retry loop: perform each Sleep, and each Send, whose outcome (response or
        error) goes back to the loop."""
        outcome: Any = None
        while True:
            try:
                step = steps.send(outcome)
            except StopIteration as done:
                return done.value
            if isinstance(step, Sleep):
                sleep(step.seconds)
                outcome = None
                continue
            attempt, request = step.attempt, step.request
            token = CURRENT.set(attempt)  # our own sockets cap reads at it and bind to it
            try:
                with self.transport.open(request) as incoming:
                    try:
                        reader = step.read(incoming.status, incoming.headers)
                        for chunk in incoming.chunks:
                            reader.feed(chunk)
                            if attempt.expired():
                                raise httpx.ReadTimeout(attempt.expired_message())
                            if reader.full:
                                break
                        body = reader.finish()
                    finally:
                        attempt.release()  # before its connection may go back to the pool
                outcome = APIResponse(
                    incoming.status, incoming.headers, body, request.method, request.url
                )
            except Exception as exc:
                outcome = exc
            finally:
                CURRENT.reset(token)

    def paginate(
        self,
        request: PageRequest[T],
        page_size: int,
        prefetch: int | None,
        *,
        before: Callable[[], object] | None = None,
    ) -> SyncPage[T]:
        """The first page (after `before`, e.g. a wait), iterable over every item."""

        def fetch(
            offset: int, limit: int, abandoned: Callable[[], bool]
        ) -> Callable[[], PageData[T]]:
            call, extract = request(offset, limit)
            parse = self.receive(call, abandoned=abandoned)
            return lambda: extract(parse())

        if before is not None:
            before()
        ahead = prefetch or self.prefetch
        first = fetch(0, page_size, never)()
        lifecycle = self.runtime.lifecycle
        return SyncPage(
            first, fetch, page_size=page_size, prefetch=ahead, closed=lambda: lifecycle.closed
        )

    def wait(self, poll: Call[T], state: WaitState) -> T:
        """Poll `poll` until its job is terminal (see `_waiting`)."""
        state.subject = poll.subject
        while True:
            job = None
            with state.polling() as deadline:
                job = self.run(poll, deadline)
            if job is not None and state.finished(job):  # on_update's errors are not the poll's
                return job
            for pause in state.pauses():
                self.runtime.lifecycle.sleep(pause)


class AsyncRunner(_Runner[AsyncTransport]):
    """Runs calls, pages, waits and retry loops of an `AsyncCloudglue` client."""

    async def run(self, call: Call[T], deadline: float | None = None) -> T:
        """Make the call (with retries); no attempt runs past `deadline`."""
        exchange = call.exchange(self.runtime, deadline)
        return call.parse(exchange, await self.drive(exchange.steps(call.request())))

    async def drive(self, steps: Generator[Send | Sleep, Any, Any]) -> Any:
        """Run a retry loop without blocking the event loop; each attempt runs inside an
        asyncio.timeout at its deadline, which `close()` fires at once (`Lifecycle.watching`)."""
        import asyncio

        lifecycle, pool_timeout = self.runtime.lifecycle, self.runtime.timeout.pool
        outcome: Any = None
        while True:
            try:
                step = steps.send(outcome)
            except StopIteration as done:
                return done.value
            if isinstance(step, Sleep):
                await lifecycle.async_sleep(step.seconds)
                outcome = None
                continue
            attempt, request = step.attempt, step.request
            token = CURRENT.set(attempt)
            try:
                loop = asyncio.get_running_loop()
                left = attempt.remaining()
                deadline = None if left is None else loop.time() + left
                async with asyncio.timeout_at(deadline) as scope:
                    with lifecycle.watching(scope, loop):
                        if "trace" in request.extensions:
                            trace = functools.partial(_trace, attempt, scope, loop)
                            request = replace(
                                request, extensions={**request.extensions, "trace": trace}
                            )
                        async with self.transport.open(request, pool_timeout) as incoming:
                            try:
                                reader = step.read(incoming.status, incoming.headers)
                                async for chunk in incoming.chunks:
                                    reader.feed(chunk)
                                    if reader.full:
                                        break
                                body = reader.finish()
                            finally:
                                attempt.release()
                outcome = APIResponse(
                    incoming.status, incoming.headers, body, request.method, request.url
                )
            except TimeoutError:  # the attempt's whole deadline (or close) fired
                outcome = httpx.ReadTimeout(attempt.expired_message())
            except Exception as exc:
                outcome = exc
            finally:
                CURRENT.reset(token)

    def paginate(
        self,
        request: PageRequest[T],
        page_size: int,
        prefetch: int | None,
        *,
        before: Callable[[], Awaitable[object]] | None = None,
    ) -> AsyncPager[T]:
        """`await` it for the first page (after `before`), `async for` for every item."""

        async def fetch(offset: int, limit: int) -> PageData[T]:
            call, extract = request(offset, limit)
            return extract(await self.run(call))

        ahead = prefetch or self.prefetch

        async def first() -> AsyncPage[T]:
            if before is not None:
                await before()
            return AsyncPage(await fetch(0, page_size), fetch, page_size=page_size, prefetch=ahead)

        return AsyncPager(first)

    async def wait(self, poll: Call[T], state: WaitState) -> T:
        """Poll `poll` until its job is terminal, without blocking the event loop."""
        state.subject = poll.subject
        while True:
            job = None
            with state.polling() as deadline:
                job = await self.run(poll, deadline)
            if job is not None and state.finished(job):
                return job
            for pause in state.pauses():
                await self.runtime.lifecycle.async_sleep(pause)


async def _trace(
    attempt: Attempt,
    scope: asyncio.Timeout,
    loop: asyncio.AbstractEventLoop,
    name: str,
    info: object,
) -> None:
    """An upload's trace extension: the attempt's clock starts once the body is sent."""
    if attempt.deadline is None:
        attempt.trace(name, info)
        if (remaining := attempt.remaining()) is not None:
            scope.reschedule(loop.time() + remaining)
